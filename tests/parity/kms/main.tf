# Parity fixture for KMS keys (paired with template.yaml).

resource "aws_kms_key" "app_key" {
  description             = "application data"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdmin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AnyoneInOrg"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-exampleorgid" } }
      },
    ]
  })
}

resource "aws_kms_key" "signing_key" {
  description              = "release signing"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
  multi_region             = true
}
