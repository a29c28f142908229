# Parity fixture for AWS Config (paired with template.yaml). CloudFormation starts a
# recorder itself; Terraform needs a status resource for each.

resource "aws_config_configuration_recorder" "all_recorder" {
  name     = "all"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }

  recording_mode {
    recording_frequency = "CONTINUOUS"
  }
}

resource "aws_config_configuration_recorder_status" "all" {
  name       = aws_config_configuration_recorder.all_recorder.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.channel]
}

resource "aws_config_configuration_recorder" "partial_recorder" {
  name     = "partial"
  role_arn = "arn:aws:iam::111122223333:role/config-recorder"

  recording_group {
    all_supported                 = false
    include_global_resource_types = false
    resource_types                = ["AWS::S3::Bucket", "AWS::EC2::SecurityGroup"]
  }

  recording_mode {
    recording_frequency = "DAILY"
  }
}

resource "aws_config_configuration_recorder_status" "partial" {
  name       = "partial"
  is_enabled = true
}

resource "aws_config_configuration_recorder" "excluding_recorder" {
  name     = "excluding"
  role_arn = "arn:aws:iam::111122223333:role/config-recorder"

  recording_group {
    all_supported = false

    exclusion_by_resource_types {
      resource_types = ["AWS::EC2::NetworkInterface"]
    }

    recording_strategy {
      use_only = "EXCLUSION_BY_RESOURCE_TYPES"
    }
  }
}

resource "aws_config_configuration_recorder_status" "excluding" {
  name       = aws_config_configuration_recorder.excluding_recorder.name
  is_enabled = true
}

resource "aws_config_delivery_channel" "channel" {
  s3_bucket_name = "example-config-logs"
}
