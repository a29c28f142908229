# Parity fixture for SQS queues and queue policies (paired with template.yaml).

variable "encrypt_plain" {
  type = bool
}

resource "aws_sqs_queue" "orders_queue" {
  name              = "orders"
  kms_master_key_id = "alias/orders"
}

resource "aws_sqs_queue_policy" "orders_queue_policy" {
  queue_url = aws_sqs_queue.orders_queue.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "FromOrdersTopic"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:orders"
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:111122223333:orders" } }
    }]
  })
}

resource "aws_sqs_queue" "events_queue" {
  name       = "events.fifo"
  fifo_queue = true
}

resource "aws_sqs_queue_policy" "events_queue_policy" {
  queue_url = aws_sqs_queue.events_queue.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Anyone"
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "*"
    }]
  })
}

resource "aws_sqs_queue" "plain_queue" {
  name                    = "plain"
  sqs_managed_sse_enabled = var.encrypt_plain
}
