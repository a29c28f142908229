# Parity fixture for ECR repositories (paired with template.yaml).

variable "scan_legacy" {
  type = bool
}

resource "aws_ecr_repository" "app_repository" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "alias/images"
  }
}

resource "aws_ecr_repository_policy" "app_repository_policy" {
  repository = aws_ecr_repository.app_repository.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PullInOrg"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-exampleorgid" } }
    }]
  })
}

resource "aws_ecr_repository" "legacy_repository" {
  name = "legacy"

  image_scanning_configuration {
    scan_on_push = var.scan_legacy
  }
}

resource "aws_ecr_repository" "public_repository" {
  name                 = "public"
  image_tag_mutability = "MUTABLE"

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_repository_policy" "public_repository_policy" {
  repository = "public"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicPull"
      Effect    = "Allow"
      Principal = "*"
      Action    = "ecr:BatchGetImage"
    }]
  })
}
