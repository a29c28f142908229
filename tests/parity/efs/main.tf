# Parity fixture for EFS file systems (paired with template.yaml).

variable "encrypt_scratch" {
  type = bool
}

resource "aws_efs_file_system" "shared_fs" {
  encrypted  = true
  kms_key_id = "alias/efs"
}

resource "aws_efs_file_system_policy" "shared_fs_policy" {
  file_system_id = aws_efs_file_system.shared_fs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyPlainNfs"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "AppMount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/app" }
        Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      },
    ]
  })
}

resource "aws_efs_file_system" "scratch_fs" {
  encrypted = var.encrypt_scratch
}

resource "aws_efs_file_system" "open_fs" {}

resource "aws_efs_file_system_policy" "open_fs_policy" {
  file_system_id = aws_efs_file_system.open_fs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "elasticfilesystem:ClientMount"
      },
    ]
  })
}
