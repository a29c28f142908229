# Parity fixture for Secrets Manager secrets and rotation (paired with template.yaml).

variable "token_key" {
  type = string
}

resource "aws_secretsmanager_secret" "db_secret" {
  name       = "db"
  kms_key_id = "alias/secrets"
}

resource "aws_secretsmanager_secret_rotation" "db_secret_rotation" {
  secret_id           = aws_secretsmanager_secret.db_secret.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-db"

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "api_secret" {
  name = "api"
}

resource "aws_secretsmanager_secret_rotation" "api_secret_rotation" {
  secret_id           = "api"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-api"

  rotation_rules {
    schedule_expression = "rate(120 days)"
  }
}

resource "aws_secretsmanager_secret" "token_secret" {
  name       = "token"
  kms_key_id = var.token_key
}
