# Parity fixture for SNS topics and topic policies (paired with template.yaml).

variable "topic_key" {
  type = string
}

resource "aws_sns_topic" "alerts_topic" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_policy" "alerts_topic_policy" {
  arn = aws_sns_topic.alerts_topic.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnyoneMaySubscribe"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sns:Subscribe"
      Resource  = "*"
    }]
  })
}

resource "aws_sns_topic" "raw_topic" {
  name              = "raw.fifo"
  fifo_topic        = true
  kms_master_key_id = var.topic_key
}

resource "aws_sns_topic" "plain_topic" {
  name = "plain"
}
