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
