variable "environment" {
  type        = string
  description = "Deployment environment (dev or prod)."
  default     = "dev"
}

variable "office_cidr" {
  type    = string
  default = "203.0.113.0/24"
}

variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d4e5f60718"
}
