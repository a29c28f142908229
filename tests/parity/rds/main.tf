# Parity fixture for RDS instances and Aurora clusters (paired with template.yaml).

variable "backup_days" {
  type = number
}

resource "aws_db_instance" "orders_db" {
  identifier                          = "orders"
  instance_class                      = "db.m6g.large"
  engine                              = "postgres"
  allocated_storage                   = 100
  storage_encrypted                   = true
  kms_key_id                          = "alias/rds"
  publicly_accessible                 = false
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = false
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  multi_az                            = true
}

resource "aws_db_instance" "scratch_db" {
  instance_class          = "db.t4g.micro"
  engine                  = "mysql"
  allocated_storage       = 20
  backup_retention_period = var.backup_days
}

resource "aws_rds_cluster" "orders_cluster" {
  cluster_identifier                  = "orders-cluster"
  engine                              = "aurora-postgresql"
  storage_encrypted                   = true
  kms_key_id                          = "alias/rds"
  backup_retention_period             = 7
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
}

resource "aws_rds_cluster_instance" "orders_writer" {
  identifier         = "orders-writer"
  cluster_identifier = aws_rds_cluster.orders_cluster.id
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}
