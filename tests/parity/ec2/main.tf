# Parity fixture for security groups and EBS volumes (paired with template.yaml).

variable "encrypt_scratch" {
  type = bool
}

resource "aws_security_group" "web_sg" {
  name        = "web"
  description = "web tier"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
    description = "https"
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
    description = "ssh from the office"
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
    description = "all out"
  }
}

resource "aws_security_group" "db_sg" {
  name        = "db"
  description = "database"
  vpc_id      = "vpc-0123456789abcdef0"

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group_rule" "db_ingress" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db_sg.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = "sg-0123456789abcdef0"
  description              = "from the app tier"
}

resource "aws_ebs_volume" "data_volume" {
  availability_zone = "us-east-1a"
  size              = 100
  type              = "gp3"
  encrypted         = true
  kms_key_id        = "alias/ebs"
}

resource "aws_ebs_volume" "scratch_volume" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = var.encrypt_scratch
}

resource "aws_ebs_volume" "plain_volume" {
  availability_zone = "us-east-1a"
  size              = 8
}
