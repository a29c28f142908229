# Parity fixture for EKS clusters (paired with template.yaml).

variable "secrets_key" {
  type = string
}

resource "aws_eks_cluster" "private_cluster" {
  name     = "private"
  version  = "1.31"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    endpoint_public_access  = false
    endpoint_private_access = true
  }

  encryption_config {
    provider {
      key_arn = var.secrets_key
    }
    resources = ["secrets"]
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator"]
}

resource "aws_eks_cluster" "office_cluster" {
  name     = "office"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24"]
  }

  enabled_cluster_log_types = ["audit"]
}

resource "aws_eks_cluster" "default_cluster" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  }
}
