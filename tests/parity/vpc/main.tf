# Parity fixture for VPCs, flow logs, subnets and network ACLs (paired with template.yaml).

variable "vpc_cidr" {
  type = string
}

variable "public_on_launch" {
  type = bool
}

resource "aws_vpc" "logged_vpc" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  instance_tenancy     = "default"
}

resource "aws_flow_log" "reject_log" {
  vpc_id               = aws_vpc.logged_vpc.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs-bucket"
}

resource "aws_vpc" "unlogged_vpc" {
  cidr_block         = var.vpc_cidr
  enable_dns_support = false
}

resource "aws_flow_log" "accept_log" {
  vpc_id         = aws_vpc.unlogged_vpc.id
  traffic_type   = "ACCEPT"
  log_group_name = "vpc-accepted"
}

resource "aws_subnet" "public_subnet" {
  vpc_id                  = aws_vpc.logged_vpc.id
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = true
}

resource "aws_subnet" "private_subnet" {
  vpc_id            = aws_vpc.logged_vpc.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_subnet" "chosen_subnet" {
  vpc_id                  = aws_vpc.logged_vpc.id
  cidr_block              = "10.0.3.0/24"
  map_public_ip_on_launch = var.public_on_launch
}

resource "aws_network_acl" "public_acl" {
  vpc_id = aws_vpc.logged_vpc.id

  ingress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  egress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}

resource "aws_network_acl_rule" "public_acl_deny_ssh" {
  network_acl_id = aws_network_acl.public_acl.id
  rule_number    = 90
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl" "private_acl" {
  vpc_id = aws_vpc.logged_vpc.id

  ingress {
    rule_no         = 100
    protocol        = "tcp"
    action          = "allow"
    ipv6_cidr_block = "::/0"
    from_port       = 443
    to_port         = 443
  }

  ingress {
    rule_no    = 110
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "10.0.0.0/8"
    from_port  = 22
    to_port    = 22
  }
}
