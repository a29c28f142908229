# Parity fixture for EC2 instances and launch templates (paired with template.yaml).

variable "encrypt_data" {
  type = bool
}

resource "aws_launch_template" "app_template" {
  name     = "app"
  image_id = "ami-0123456789abcdef0"

  metadata_options {
    http_tokens                 = "required"
    http_endpoint               = "enabled"
    http_put_response_hop_limit = 2
  }

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = "false"
    subnet_id                   = "subnet-0123456789abcdef0"
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted   = "true"
      volume_size = 20
      volume_type = "gp3"
    }
  }

  block_device_mappings {
    device_name = "/dev/sdf"
    ebs {
      encrypted   = var.encrypt_data
      kms_key_id  = "alias/ebs"
      volume_size = 100
    }
  }
}

resource "aws_launch_template" "public_template" {
  name     = "public"
  image_id = "ami-0123456789abcdef0"

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = true
  }

  block_device_mappings {
    device_name  = "/dev/sdb"
    virtual_name = "ephemeral0"
  }
}

resource "aws_instance" "web_instance" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  iam_instance_profile        = "web-profile"
  associate_public_ip_address = true
  subnet_id                   = "subnet-0123456789abcdef0"

  metadata_options {
    http_tokens = "optional"
  }

  root_block_device {
    encrypted   = true
    kms_key_id  = "alias/ebs"
    volume_size = 30
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = false
    volume_size = 50
    volume_type = "gp3"
  }
}

resource "aws_instance" "legacy_instance" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-0fedcba9876543210"
}

resource "aws_instance" "templated_instance" {
  launch_template {
    id      = aws_launch_template.app_template.id
    version = "1"
  }

  root_block_device {
    encrypted = var.encrypt_data
  }
}
