# Parity fixture for IAM (paired with template.yaml).

variable "deployer_password" {
  type      = string
  sensitive = true
}

resource "aws_iam_policy" "admin_policy" {
  name = "admin-everything"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
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
  name                 = "app"
  assume_role_policy   = data.aws_iam_policy_document.app_trust.json
  managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  max_session_duration = 7200

  inline_policy {
    name = "read-data"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::example-data", "arn:aws:s3:::example-data/*"]
      }]
    })
  }
}

resource "aws_iam_role_policy" "s3_read_policy" {
  name = "s3-write"
  role = aws_iam_role.app_role.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }]
  })
}

resource "aws_iam_user" "deploy_user" {
  name = "deployer"
}

resource "aws_iam_user_policy_attachment" "deploy_power" {
  user       = aws_iam_user.deploy_user.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_user_login_profile" "deploy" {
  user                    = aws_iam_user.deploy_user.name
  password_reset_required = true
}

resource "aws_iam_user_group_membership" "deploy" {
  user   = aws_iam_user.deploy_user.name
  groups = ["developers"]
}

resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group_policy_attachment" "developers_read" {
  group      = aws_iam_group.developers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
