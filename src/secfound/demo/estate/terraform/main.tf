# orders: a small web application (the secfound sample estate, Terraform edition).

locals {
  name    = "orders-${var.environment}"
  is_prod = var.environment == "prod"
  tags = {
    application = "orders"
    environment = var.environment
  }
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "data_key" {
  description             = "orders data"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.data_key.json
}

data "aws_iam_policy_document" "data_key" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_s3_bucket" "log_bucket" {
  bucket = "${local.name}-access-logs"
  tags   = local.tags
}

resource "aws_s3_bucket_ownership_controls" "log_bucket" {
  bucket = aws_s3_bucket.log_bucket.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

module "orders_bucket" {
  source         = "./modules/secure_bucket"
  name           = "${local.name}-data"
  kms_key_arn    = aws_kms_key.data_key.arn
  versioning     = local.is_prod
  log_bucket     = aws_s3_bucket.log_bucket.id
  log_prefix     = "orders/"
  tags           = local.tags
}

resource "aws_s3_bucket" "assets_bucket" {
  bucket = "${local.name}-assets"
  tags   = local.tags
}

resource "aws_s3_bucket_ownership_controls" "assets" {
  bucket = aws_s3_bucket.assets_bucket.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets_bucket.id
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets_bucket.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_security_group" "web_security_group" {
  description = "orders web tier"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTPS from anywhere"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "SSH for debugging"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "HTTPS out"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "admin_security_group" {
  description = "orders administration"
  vpc_id      = var.vpc_id

  egress {
    description = "HTTPS out"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "admin_ssh" {
  security_group_id = aws_security_group.admin_security_group.id
  description       = "SSH from the office"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.office_cidr
}

data "aws_iam_policy_document" "app_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app_role" {
  name               = "${local.name}-app"
  assume_role_policy = data.aws_iam_policy_document.app_trust.json
}

resource "aws_iam_role_policy" "orders_data" {
  name = "orders-data"
  role = aws_iam_role.app_role.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = [module.orders_bucket.arn, "${module.orders_bucket.arn}/*"]
    }]
  })
}

resource "aws_iam_role_policy" "orders_queue" {
  name = "orders-queue"
  role = aws_iam_role.app_role.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.orders_queue.arn
      },
      {
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = aws_kms_key.data_key.arn
      },
    ]
  })
}

resource "aws_iam_policy" "deploy_policy" {
  name = "${local.name}-deploy"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_cloudtrail" "audit_trail" {
  name                       = "orders-audit"
  s3_bucket_name             = aws_s3_bucket.log_bucket.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.data_key.arn
}

resource "aws_ebs_volume" "data_volume" {
  availability_zone = "${data.aws_region.current.name}a"
  size              = 50
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.data_key.arn
}

resource "aws_ebs_volume" "scratch_volume" {
  availability_zone = "${data.aws_region.current.name}a"
  size              = 20
  type              = "gp3"
  encrypted         = false
}

data "aws_region" "current" {}

resource "aws_security_group" "load_balancer_security_group" {
  description = "orders load balancer"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTPS from customers"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTP from customers"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description     = "HTTP to the web servers"
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.web_security_group.id]
  }
}

resource "aws_vpc_security_group_ingress_rule" "web_from_load_balancer" {
  security_group_id            = aws_security_group.web_security_group.id
  description                  = "HTTP from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.load_balancer_security_group.id
}

resource "aws_security_group" "database_security_group" {
  description = "orders database"
  vpc_id      = var.vpc_id

  ingress {
    description     = "PostgreSQL from the web servers"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.web_security_group.id]
  }

  egress {
    description = "HTTPS out"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "load_balancer" {
  name                       = "${local.name}-web"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.subnet_ids
  security_groups            = [aws_security_group.load_balancer_security_group.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = true
}

resource "aws_lb_target_group" "web_target_group" {
  name        = "${local.name}-web"
  protocol    = "HTTP"
  port        = 80
  vpc_id      = var.vpc_id
  target_type = "instance"

  health_check {
    path = "/health"
  }
}

resource "aws_lb_listener" "https_listener" {
  load_balancer_arn = aws_lb.load_balancer.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web_target_group.arn
  }
}

resource "aws_lb_listener" "http_listener" {
  load_balancer_arn = aws_lb.load_balancer.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web_target_group.arn
  }
}

resource "aws_iam_instance_profile" "web_instance_profile" {
  name = "${local.name}-web"
  role = aws_iam_role.app_role.name
}

data "aws_ssm_parameter" "web_image_id" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

resource "aws_launch_template" "web_launch_template" {
  name          = "${local.name}-web"
  image_id      = data.aws_ssm_parameter.web_image_id.value
  instance_type = "t3.small"

  iam_instance_profile {
    arn = aws_iam_instance_profile.web_instance_profile.arn
  }

  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false
    security_groups             = [aws_security_group.web_security_group.id]
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted   = true
      kms_key_id  = aws_kms_key.data_key.arn
      volume_size = 20
      volume_type = "gp3"
    }
  }
}

resource "aws_autoscaling_group" "web_servers" {
  name                = "${local.name}-web"
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = var.subnet_ids
  target_group_arns   = [aws_lb_target_group.web_target_group.arn]

  launch_template {
    id      = aws_launch_template.web_launch_template.id
    version = aws_launch_template.web_launch_template.latest_version
  }
}

resource "aws_db_subnet_group" "database_subnet_group" {
  name        = "${local.name}-db"
  description = "orders database subnets"
  subnet_ids  = var.subnet_ids
}

resource "aws_db_instance" "orders_database" {
  identifier                          = "${local.name}-db"
  engine                              = "postgres"
  instance_class                      = "db.t4g.medium"
  allocated_storage                   = 50
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.data_key.arn
  publicly_accessible                 = false
  db_subnet_group_name                = aws_db_subnet_group.database_subnet_group.name
  vpc_security_group_ids              = [aws_security_group.database_security_group.id]
  multi_az                            = true
  backup_retention_period             = 7
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  username                            = "orders"
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.data_key.arn
}

resource "aws_sqs_queue" "orders_queue" {
  name                       = "${local.name}-orders"
  kms_master_key_id          = aws_kms_key.data_key.arn
  visibility_timeout_seconds = 60
}

resource "aws_secretsmanager_secret" "payment_api_key" {
  name        = "${local.name}/payment-api-key"
  description = "The payment provider's API key; its value is set outside this configuration."
  kms_key_id  = aws_kms_key.data_key.arn
}

data "aws_iam_policy_document" "processor_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "processor_role" {
  name               = "${local.name}-processor"
  assume_role_policy = data.aws_iam_policy_document.processor_trust.json
}

resource "aws_iam_role_policy" "orders_processing" {
  name = "orders-processing"
  role = aws_iam_role.processor_role.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource = aws_sqs_queue.orders_queue.arn
      },
      {
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = aws_secretsmanager_secret.payment_api_key.arn
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = aws_kms_key.data_key.arn
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${local.name}-order-processor:*"
      },
    ]
  })
}

data "archive_file" "order_processor" {
  type        = "zip"
  output_path = "${path.module}/order_processor.zip"

  source {
    filename = "index.py"
    content  = <<-EOT
      import json
      import os
      import urllib.request

      import boto3

      def handler(event, context):
          secrets = boto3.client("secretsmanager")
          secret_arn = os.environ["PAYMENT_API_KEY_SECRET_ARN"]
          api_key = secrets.get_secret_value(SecretId=secret_arn)["SecretString"]
          for record in event["Records"]:
              order = json.loads(record["body"])
              charge = urllib.request.Request(
                  os.environ["PAYMENT_API_URL"],
                  data=json.dumps({"order": order["id"]}).encode(),
                  headers={"Authorization": "Bearer " + api_key},
              )
              urllib.request.urlopen(charge, timeout=10)
    EOT
  }
}

resource "aws_lambda_function" "order_processor" {
  function_name    = "${local.name}-order-processor"
  description      = "Charges each queued order through the payment provider's API."
  runtime          = "python3.12"
  handler          = "index.handler"
  role             = aws_iam_role.processor_role.arn
  timeout          = 30
  filename         = data.archive_file.order_processor.output_path
  source_code_hash = data.archive_file.order_processor.output_base64sha256

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      PAYMENT_API_URL            = "https://api.payments.example.com/v1/charges"
      PAYMENT_API_KEY_SECRET_ARN = aws_secretsmanager_secret.payment_api_key.arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "orders_queue_trigger" {
  event_source_arn = aws_sqs_queue.orders_queue.arn
  function_name    = aws_lambda_function.order_processor.arn
  batch_size       = 10
}
