# Parity fixture for Redshift clusters (paired with template.yaml).

variable "public" {
  type = bool
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  cluster_type           = "multi-node"
  number_of_nodes        = 2
  database_name          = "analytics"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
  kms_key_id             = "alias/warehouse"
  publicly_accessible    = false
}

resource "aws_redshift_logging" "warehouse_logging" {
  cluster_identifier   = aws_redshift_cluster.warehouse.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}

resource "aws_redshift_cluster" "legacy" {
  cluster_identifier     = "legacy"
  node_type              = "dc2.large"
  cluster_type           = "single-node"
  database_name          = "legacy"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = false
  publicly_accessible    = true

  logging {
    enable      = true
    bucket_name = "audit-logs"
  }
}

resource "aws_redshift_cluster" "adhoc" {
  cluster_identifier     = "adhoc"
  node_type              = "ra3.xlplus"
  cluster_type           = "single-node"
  database_name          = "adhoc"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = var.public
}
