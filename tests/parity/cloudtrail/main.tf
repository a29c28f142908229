# Parity fixture for CloudTrail (paired with template.yaml).

resource "aws_cloudtrail" "main_trail" {
  name                          = "main"
  s3_bucket_name                = "example-trail-logs"
  enable_logging                = true
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = "alias/trail"
  cloud_watch_logs_group_arn    = "arn:aws:logs:us-east-1:111122223333:log-group:trail:*"
  cloud_watch_logs_role_arn     = "arn:aws:iam::111122223333:role/trail-to-logs"
}

resource "aws_cloudtrail" "regional_trail" {
  name           = "regional"
  s3_bucket_name = "example-trail-logs"
  enable_logging = false
}
