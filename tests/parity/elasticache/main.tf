# Parity fixture for ElastiCache replication groups (paired with template.yaml).

variable "cache_token" {
  type      = string
  sensitive = true
}

variable "tls" {
  type = bool
}

resource "aws_elasticache_replication_group" "session_cache" {
  replication_group_id       = "sessions"
  description                = "sessions"
  engine                     = "redis"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  kms_key_id                 = "alias/cache"
  transit_encryption_enabled = true
  auth_token                 = var.cache_token
  automatic_failover_enabled = true
}

resource "aws_elasticache_replication_group" "valkey_cache" {
  replication_group_id       = "features"
  description                = "feature flags"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  user_group_ids             = ["app-users"]
}

resource "aws_elasticache_replication_group" "legacy_cache" {
  replication_group_id       = "legacy"
  description                = "legacy"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = var.tls
}
