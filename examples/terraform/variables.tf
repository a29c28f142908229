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

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1c2d3e4f5a60719"]
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the shop's domain, issued outside this configuration."
}
