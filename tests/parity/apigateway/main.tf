# Parity fixture for REST API stages (paired with template.yaml).

variable "trace_staging" {
  type = bool
}

resource "aws_api_gateway_stage" "prod_stage" {
  stage_name            = "prod"
  rest_api_id           = "abc123defg"
  deployment_id         = "dep123"
  xray_tracing_enabled  = true
  cache_cluster_enabled = true
  client_certificate_id = "cert12"

  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:111122223333:log-group:api-access"
    format          = "$context.requestId"
  }
}

resource "aws_api_gateway_method_settings" "prod_all_methods" {
  rest_api_id = "abc123defg"
  stage_name  = aws_api_gateway_stage.prod_stage.stage_name
  method_path = "*/*"

  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}

resource "aws_wafv2_web_acl" "web_acl" {
  name  = "api"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "api"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "web_acl_association" {
  resource_arn = aws_api_gateway_stage.prod_stage.arn
  web_acl_arn  = aws_wafv2_web_acl.web_acl.arn
}

resource "aws_api_gateway_stage" "staging_stage" {
  stage_name           = "staging"
  rest_api_id          = "abc123defg"
  deployment_id        = "dep123"
  xray_tracing_enabled = var.trace_staging
}
