# Parity fixture for OpenSearch and Elasticsearch domains (paired with template.yaml).

variable "encrypt_open" {
  type = bool
}

resource "aws_opensearch_domain" "search_domain" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"

  encrypt_at_rest {
    enabled    = true
    kms_key_id = "alias/search"
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }

  vpc_options {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain_policy" "search_domain_policy" {
  domain_name = aws_opensearch_domain.search_domain.domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/search" }
        Action    = "es:ESHttp*"
        Resource  = "arn:aws:es:us-east-1:111122223333:domain/search/*"
      },
    ]
  })
}

resource "aws_elasticsearch_domain" "legacy_domain" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  domain_endpoint_options {
    enforce_https = true
  }

  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "es:*"
        Resource  = "arn:aws:es:us-east-1:111122223333:domain/legacy/*"
      },
    ]
  })
}

resource "aws_opensearch_domain" "open_domain" {
  domain_name = "open"

  encrypt_at_rest {
    enabled = var.encrypt_open
  }
}
