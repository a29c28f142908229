# Parity fixture for Lambda functions, permissions and URLs (paired with template.yaml).

variable "table_name" {
  type = string
}

resource "aws_lambda_function" "api_function" {
  function_name                  = "api"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::111122223333:role/api"
  s3_bucket                      = "example-artifacts"
  s3_key                         = "api.zip"
  reserved_concurrent_executions = 10

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0aaa", "subnet-0bbb"]
    security_group_ids = ["sg-0123"]
  }

  environment {
    variables = {
      STAGE = "prod"
      TABLE = var.table_name
    }
  }

  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:api-dlq"
  }
}

resource "aws_lambda_permission" "api_function_from_topic" {
  function_name = aws_lambda_function.api_function.arn
  action        = "lambda:InvokeFunction"
  principal     = "sns.amazonaws.com"
  source_arn    = "arn:aws:sns:eu-west-1:111122223333:orders"
}

resource "aws_lambda_function_url" "api_function_url" {
  function_name      = aws_lambda_function.api_function.function_name
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_function" "legacy_function" {
  function_name                  = "legacy"
  runtime                        = "python3.8"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::111122223333:role/legacy"
  s3_bucket                      = "example-artifacts"
  s3_key                         = "legacy.zip"
  reserved_concurrent_executions = -1
}

resource "aws_lambda_permission" "legacy_function_public_url" {
  function_name          = aws_lambda_function.legacy_function.function_name
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_function_url" "legacy_function_url" {
  function_name      = aws_lambda_function.legacy_function.arn
  authorization_type = "NONE"
}

resource "aws_lambda_function" "image_function" {
  function_name = "image"
  package_type  = "Image"
  role          = "arn:aws:iam::111122223333:role/image"
  image_uri     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/image:1.0.0"
}

resource "aws_lambda_permission" "image_function_from_bucket" {
  function_name  = "image"
  action         = "lambda:InvokeFunction"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::example-uploads"
  source_account = "111122223333"
}
