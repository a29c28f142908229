"""A seeded corpus shaped like real infrastructure repositories, for `make bench-scan`.

Timing secfound on its own fixtures would flatter it: real repositories hold hundreds of
flat resource files (5 to 20 resources each, split S3 configuration, IAM documents built
with ``jsonencode`` and ``aws_iam_policy_document``, security groups with rules) and a
share of root modules that only call local modules, which is where an evaluator spends
its time. The same seed always writes the same bytes, so figures from two machines or two
commits compare.

Layout (under the output folder):

    cloudformation/<team>/<stack>.yaml      flat templates with parameters and conditions
    terraform/stacks/<stack>/*.tf           flat root modules: variables, locals, resources
    module-heavy/modules/<name>/*.tf        local modules, each calling one submodule
    module-heavy/modules/<name>/<sub>/*.tf  the submodules (one level of nesting)
    module-heavy/services/<service>/*.tf    root modules whose files are module calls

    python bench/corpus.py [--out /tmp/secfound-bench-corpus] [--seed 7] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_OUT = Path("/tmp/secfound-bench-corpus")
MODULE_HEAVY = "module-heavy"

CIDRS = ["0.0.0.0/0", "10.0.0.0/8", "10.20.0.0/16", "172.16.0.0/12", "192.168.10.0/24"]
PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 3389]
TEAMS = ["payments", "identity", "search", "billing", "platform", "data", "edge", "mobile"]
RUNTIMES = ["python3.12", "nodejs20.x", "java17", "python3.9", "nodejs16.x"]


@dataclass
class Counts:
    files: dict[str, int] = field(default_factory=dict)
    resources: dict[str, int] = field(default_factory=dict)
    module_calls: int = 0

    def add(self, part: str, files: int = 1, resources: int = 0) -> None:
        self.files[part] = self.files.get(part, 0) + files
        self.resources[part] = self.resources.get(part, 0) + resources


# -- Terraform --------------------------------------------------------------------------


def _tf_bucket(rng: random.Random, name: str) -> tuple[str, int]:
    versioned = rng.random() < 0.7
    kms = rng.random() < 0.5
    parts = [
        f'''resource "aws_s3_bucket" "{name}" {{
  bucket = "${{local.prefix}}-{name.replace("_", "-")}"
  tags   = local.tags
}}
''',
        f'''resource "aws_s3_bucket_versioning" "{name}" {{
  bucket = aws_s3_bucket.{name}.id
  versioning_configuration {{
    status = "{"Enabled" if versioned else "Suspended"}"
  }}
}}
''',
        f'''resource "aws_s3_bucket_server_side_encryption_configuration" "{name}" {{
  bucket = aws_s3_bucket.{name}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "{"aws:kms" if kms else "AES256"}"{
            chr(10) + "      kms_master_key_id = var.kms_key_arn" if kms else ""
        }
    }}
    bucket_key_enabled = {str(kms).lower()}
  }}
}}
''',
        f'''resource "aws_s3_bucket_public_access_block" "{name}" {{
  bucket                  = aws_s3_bucket.{name}.id
  block_public_acls       = true
  block_public_policy     = {str(rng.random() < 0.8).lower()}
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
''',
    ]
    count = 4
    if rng.random() < 0.5:
        parts.append(
            f'''data "aws_iam_policy_document" "{name}_tls" {{
  statement {{
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.{name}.arn,
      "${{aws_s3_bucket.{name}.arn}}/*",
    ]
    principals {{
      type        = "*"
      identifiers = ["*"]
    }}
    condition {{
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }}
  }}
}}

resource "aws_s3_bucket_policy" "{name}" {{
  bucket = aws_s3_bucket.{name}.id
  policy = data.aws_iam_policy_document.{name}_tls.json
}}
'''
        )
        count += 2
    if rng.random() < 0.4:
        parts.append(
            f'''resource "aws_s3_bucket_logging" "{name}" {{
  bucket        = aws_s3_bucket.{name}.id
  target_bucket = var.log_bucket
  target_prefix = "s3/{name}/"
}}
'''
        )
        count += 1
    return "\n".join(parts), count


def _tf_role(rng: random.Random, name: str) -> tuple[str, int]:
    service = rng.choice(["lambda", "ecs-tasks", "ec2", "states"])
    action = rng.choice(['"s3:GetObject", "s3:PutObject"', '"sqs:*"', '"*"', '"dynamodb:Query"'])
    text = f'''resource "aws_iam_role" "{name}" {{
  name = "${{local.prefix}}-{name}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = {{ Service = "{service}.amazonaws.com" }}
    }}]
  }})
  max_session_duration = {rng.choice([3600, 7200, 43200])}
  tags                 = local.tags
}}

data "aws_iam_policy_document" "{name}" {{
  statement {{
    effect    = "Allow"
    actions   = [{action}]
    resources = ["*"]
  }}
  statement {{
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*:*:log-group:/aws/{name}/*"]
  }}
}}

resource "aws_iam_role_policy" "{name}" {{
  name   = "{name}-inline"
  role   = aws_iam_role.{name}.id
  policy = data.aws_iam_policy_document.{name}.json
}}

resource "aws_iam_role_policy_attachment" "{name}" {{
  role       = aws_iam_role.{name}.name
  policy_arn = "arn:aws:iam::aws:policy/{
        rng.choice(["ReadOnlyAccess", "AdministratorAccess", "AWSLambdaExecute"])
    }"
}}
'''
    return text, 4


def _tf_security_group(rng: random.Random, name: str) -> tuple[str, int]:
    port = rng.choice(PORTS)
    cidr = rng.choice(CIDRS)
    text = f'''resource "aws_security_group" "{name}" {{
  name        = "${{local.prefix}}-{name}"
  description = "{name} traffic"
  vpc_id      = var.vpc_id

  ingress {{
    description = "service port"
    from_port   = {port}
    to_port     = {port}
    protocol    = "tcp"
    cidr_blocks = ["{cidr}"]
  }}

  dynamic "ingress" {{
    for_each = var.extra_ports
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [var.vpc_cidr]
    }}
  }}

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}

resource "aws_security_group_rule" "{name}_admin" {{
  type              = "ingress"
  security_group_id = aws_security_group.{name}.id
  from_port         = {rng.choice([22, 3389, 443])}
  to_port           = {rng.choice([22, 3389, 443])}
  protocol          = "tcp"
  cidr_blocks       = ["{rng.choice(CIDRS)}"]
}}
'''
    count = 2
    if rng.random() < 0.5:
        text += f'''
resource "aws_vpc_security_group_ingress_rule" "{name}_https" {{
  security_group_id = aws_security_group.{name}.id
  cidr_ipv4         = "{rng.choice(CIDRS)}"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}}
'''
        count += 1
    return text, count


def _tf_kms(rng: random.Random, name: str) -> tuple[str, int]:
    text = f'''resource "aws_kms_key" "{name}" {{
  description             = "{name} key"
  deletion_window_in_days = {rng.choice([7, 14, 30])}
  enable_key_rotation     = {str(rng.random() < 0.7).lower()}
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Sid       = "Root"
        Effect    = "Allow"
        Principal = {{ AWS = "arn:aws:iam::${{var.account_id}}:root" }}
        Action    = "kms:*"
        Resource  = "*"
      }},
      {{
        Sid       = "Use"
        Effect    = "Allow"
        Principal = {{ AWS = {rng.choice(['"*"', "var.consumer_arns"])} }}
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      }},
    ]
  }})
}}
'''
    return text, 1


def _tf_rds(rng: random.Random, name: str) -> tuple[str, int]:
    engine = rng.choice(["postgres", "mysql"])
    text = f'''resource "aws_db_instance" "{name}" {{
  identifier                 = "${{local.prefix}}-{name.replace("_", "-")}"
  engine                     = "{engine}"
  instance_class             = var.environment == "prod" ? "db.r6g.large" : "db.t4g.small"
  allocated_storage          = {rng.choice([20, 100, 500])}
  storage_encrypted          = {str(rng.random() < 0.8).lower()}
  publicly_accessible        = {str(rng.random() < 0.15).lower()}
  multi_az                   = var.environment == "prod"
  backup_retention_period    = {rng.choice([0, 1, 7, 35])}
  deletion_protection        = {str(rng.random() < 0.6).lower()}
  auto_minor_version_upgrade = true
  username                   = "admin"
  manage_master_user_password = true
  vpc_security_group_ids     = [var.vpc_id]
  tags                       = merge(local.tags, {{ Name = "{name}" }})
}}
'''
    return text, 1


def _tf_lambda(rng: random.Random, name: str) -> tuple[str, int]:
    text = f'''resource "aws_lambda_function" "{name}" {{
  function_name = "${{local.prefix}}-{name}"
  role          = var.role_arn
  handler       = "app.handler"
  runtime       = "{rng.choice(RUNTIMES)}"
  filename      = "${{path.module}}/build/{name}.zip"
  timeout       = {rng.choice([3, 30, 300])}
  tracing_config {{
    mode = "{rng.choice(["Active", "PassThrough"])}"
  }}
  environment {{
    variables = {{
      STAGE = var.environment
      TABLE = "${{local.prefix}}-{name}"
    }}
  }}
}}
'''
    count = 1
    if rng.random() < 0.3:
        text += f'''
resource "aws_lambda_permission" "{name}" {{
  statement_id  = "AllowInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.{name}.function_name
  principal     = "{rng.choice(["*", "s3.amazonaws.com", "events.amazonaws.com"])}"
}}
'''
        count += 1
    return text, count


def _tf_sqs(rng: random.Random, name: str) -> tuple[str, int]:
    kms = rng.random() < 0.5
    key_line = "  kms_master_key_id = var.kms_key_arn\n" if kms else ""
    text = f'''resource "aws_sqs_queue" "{name}" {{
  name                      = "${{local.prefix}}-{name}"
  message_retention_seconds = {rng.choice([86400, 345600, 1209600])}
{key_line}}}

resource "aws_sqs_queue_policy" "{name}" {{
  queue_url = aws_sqs_queue.{name}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {rng.choice(['"*"', '{ Service = "sns.amazonaws.com" }'])}
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.{name}.arn
    }}]
  }})
}}
'''
    return text, 2


def _tf_misc(rng: random.Random, name: str) -> tuple[str, int]:
    kind = rng.choice(["sns", "dynamodb", "ecr", "secret", "ebs", "trail"])
    if kind == "sns":
        return (
            f'''resource "aws_sns_topic" "{name}" {{
  name              = "${{local.prefix}}-{name}"
  kms_master_key_id = {rng.choice(['"alias/aws/sns"', "null", "var.kms_key_arn"])}
}}
''',
            1,
        )
    if kind == "dynamodb":
        return (
            f'''resource "aws_dynamodb_table" "{name}" {{
  name         = "${{local.prefix}}-{name}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {{
    name = "pk"
    type = "S"
  }}
  point_in_time_recovery {{
    enabled = {str(rng.random() < 0.6).lower()}
  }}
  server_side_encryption {{
    enabled = {str(rng.random() < 0.5).lower()}
  }}
}}
''',
            1,
        )
    if kind == "ecr":
        return (
            f'''resource "aws_ecr_repository" "{name}" {{
  name                 = "{name}"
  image_tag_mutability = "{rng.choice(["MUTABLE", "IMMUTABLE"])}"
  image_scanning_configuration {{
    scan_on_push = {str(rng.random() < 0.7).lower()}
  }}
}}
''',
            1,
        )
    if kind == "secret":
        return (
            f'''resource "aws_secretsmanager_secret" "{name}" {{
  name       = "${{local.prefix}}/{name}"
  kms_key_id = var.kms_key_arn
}}
''',
            1,
        )
    if kind == "ebs":
        return (
            f'''resource "aws_ebs_volume" "{name}" {{
  availability_zone = "${{var.region}}a"
  size              = {rng.choice([8, 50, 200])}
  encrypted         = {str(rng.random() < 0.7).lower()}
}}
''',
            1,
        )
    return (
        f'''resource "aws_cloudtrail" "{name}" {{
  name                          = "${{local.prefix}}-{name}"
  s3_bucket_name                = var.log_bucket
  is_multi_region_trail         = {str(rng.random() < 0.7).lower()}
  enable_log_file_validation    = {str(rng.random() < 0.7).lower()}
  include_global_service_events = true
}}
''',
        1,
    )


def _tf_for_each_buckets(rng: random.Random, name: str) -> tuple[str, int]:
    keys = rng.sample(["raw", "curated", "archive", "exports", "reports", "tmp"], rng.randint(2, 4))
    entries = "\n".join(
        f"    {k} = {{ versioned = {str(rng.random() < 0.5).lower()} }}" for k in keys
    )
    text = f'''locals {{
  {name}_buckets = {{
{entries}
  }}
}}

resource "aws_s3_bucket" "{name}" {{
  for_each = local.{name}_buckets
  bucket   = "${{local.prefix}}-{name.replace("_", "-")}-${{each.key}}"
}}

resource "aws_s3_bucket_versioning" "{name}" {{
  for_each = local.{name}_buckets
  bucket   = aws_s3_bucket.{name}[each.key].id
  versioning_configuration {{
    status = each.value.versioned ? "Enabled" : "Suspended"
  }}
}}

resource "aws_sqs_queue" "{name}_dlq" {{
  count = var.enable_dlq ? 1 : 0
  name  = "${{local.prefix}}-{name}-dlq"
}}
'''
    return text, 3


TF_KINDS: list[tuple[Callable[[random.Random, str], tuple[str, int]], str, int]] = [
    (_tf_bucket, "bucket", 5),
    (_tf_role, "role", 4),
    (_tf_security_group, "sg", 4),
    (_tf_kms, "key", 2),
    (_tf_rds, "db", 2),
    (_tf_lambda, "fn", 3),
    (_tf_sqs, "queue", 3),
    (_tf_misc, "res", 4),
    (_tf_for_each_buckets, "set", 1),
]

TF_VARIABLES = """variable "environment" {
  type    = string
  default = "dev"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "account_id" {
  type    = string
  default = "123456789012"
}

variable "vpc_id" {
  type    = string
  default = "vpc-0123456789abcdef0"
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

variable "extra_ports" {
  type    = list(number)
  default = [8443]
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "log_bucket" {
  type    = string
  default = "central-logs"
}

variable "role_arn" {
  type    = string
  default = "arn:aws:iam::123456789012:role/app"
}

variable "consumer_arns" {
  type    = list(string)
  default = ["arn:aws:iam::123456789012:role/app"]
}

variable "enable_dlq" {
  type    = bool
  default = true
}
"""


TF_PROVIDERS = """terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = var.region
}

"""


def _tf_locals(name: str) -> str:
    return f'''locals {{
  prefix = "${{var.environment}}-{name}"
  tags = {{
    Environment = var.environment
    Service     = "{name}"
    ManagedBy   = "terraform"
  }}
}}
'''


def _tf_resource_file(
    rng: random.Random, stem: str, low: int = 5, high: int = 20
) -> tuple[str, int]:
    """One flat file holding 5 to 20 resources of mixed kinds."""
    target = rng.randint(low, high)
    blocks: list[str] = []
    written = 0
    index = 0
    kinds = [k for k, _, w in TF_KINDS for _ in range(w)]
    labels = {k: label for k, label, _ in TF_KINDS}
    while written < target:
        kind = rng.choice(kinds)
        text, count = kind(rng, f"{stem}_{labels[kind]}{index}")
        blocks.append(text)
        written += count
        index += 1
    return "\n".join(blocks), written


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def write_terraform_stacks(rng: random.Random, out: Path, stacks: int, counts: Counts) -> None:
    for s in range(stacks):
        team = TEAMS[s % len(TEAMS)]
        name = f"{team}-{s:03d}"
        folder = out / "terraform" / "stacks" / name
        _write(folder / "variables.tf", TF_VARIABLES)
        _write(
            folder / "main.tf",
            TF_PROVIDERS + _tf_locals(name),
        )
        counts.add("terraform flat", 2)
        for f in range(rng.randint(2, 4)):
            stem = ["storage", "iam", "network", "compute", "data"][f]
            text, count = _tf_resource_file(rng, stem)
            _write(folder / f"{stem}.tf", text)
            counts.add("terraform flat", 1, count)


# -- Terraform modules ------------------------------------------------------------------

MODULE_VARIABLES = """variable "name" {
  type = string
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "vpc_id" {
  type    = string
  default = "vpc-0123456789abcdef0"
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

variable "extra_ports" {
  type    = list(number)
  default = []
}

variable "log_bucket" {
  type    = string
  default = "central-logs"
}

variable "role_arn" {
  type    = string
  default = "arn:aws:iam::123456789012:role/app"
}

variable "account_id" {
  type    = string
  default = "123456789012"
}

variable "consumer_arns" {
  type    = list(string)
  default = []
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "enable_dlq" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""

MODULE_LOCALS = """locals {
  prefix = "${var.environment}-${var.name}"
  tags   = merge(var.tags, { Module = basename(path.module) })
}
"""


def write_modules(
    rng: random.Random, out: Path, modules: int, counts: Counts
) -> list[tuple[str, list[str]]]:
    """Local modules, each with a submodule; returns (name, output names) per module."""
    written: list[tuple[str, list[str]]] = []
    base = out / MODULE_HEAVY / "modules"
    for m in range(modules):
        name = f"{rng.choice(['app', 'store', 'edge', 'worker', 'api'])}-{m:02d}"
        folder = base / name
        sub = folder / "baseline"
        # The submodule: a handful of resources behind the module's own.
        _write(sub / "variables.tf", MODULE_VARIABLES)
        _write(sub / "locals.tf", MODULE_LOCALS)
        text, count = _tf_resource_file(rng, "base", 3, 8)
        _write(sub / "main.tf", text)
        _write(sub / "outputs.tf", 'output "prefix" {\n  value = local.prefix\n}\n')
        counts.add("module-heavy modules", 4, count)
        text, count = _tf_resource_file(rng, "mod", 5, 12)
        text += """
module "baseline" {
  source      = "./baseline"
  name        = "${var.name}-base"
  environment = var.environment
  kms_key_arn = var.kms_key_arn
  log_bucket  = var.log_bucket
  tags        = local.tags
}
"""
        _write(folder / "variables.tf", MODULE_VARIABLES)
        _write(folder / "locals.tf", MODULE_LOCALS)
        _write(folder / "main.tf", text)
        _write(
            folder / "outputs.tf",
            'output "prefix" {\n  value = local.prefix\n}\n\n'
            'output "baseline_prefix" {\n  value = module.baseline.prefix\n}\n',
        )
        counts.add("module-heavy modules", 4, count)
        written.append((name, ["prefix", "baseline_prefix"]))
    return written


def write_services(
    rng: random.Random,
    out: Path,
    services: int,
    modules: list[tuple[str, list[str]]],
    counts: Counts,
) -> None:
    """Root modules made of module calls: 2 to 5 calls of one module per call file."""
    base = out / MODULE_HEAVY / "services"
    for s in range(services):
        name = f"svc-{s:03d}"
        folder = base / name
        _write(
            folder / "variables.tf",
            TF_VARIABLES + '\nprovider "aws" {\n  region = var.region\n}\n',
        )
        counts.add("module-heavy services", 1)
        for f, (module, _outputs) in enumerate(rng.sample(modules, 2)):
            calls: list[str] = []
            for c in range(rng.randint(2, 5)):
                if rng.random() < 0.2:
                    calls.append(
                        f'''module "{module.replace("-", "_")}_{c}" {{
  source   = "../../modules/{module}"
  for_each = toset(["blue", "green"])
  name     = "{name}-{c}-${{each.key}}"
  environment = var.environment
  tags        = {{ Service = "{name}", Slot = each.key }}
}}
'''
                    )
                    counts.module_calls += 1
                    continue
                calls.append(
                    f'''module "{module.replace("-", "_")}_{c}" {{
  source        = "../../modules/{module}"
  name          = "{name}-{c}"
  environment   = var.environment
  kms_key_arn   = var.kms_key_arn
  vpc_id        = var.vpc_id
  extra_ports   = var.extra_ports
  consumer_arns = var.consumer_arns
  enable_dlq    = var.enable_dlq
  tags          = {{ Service = "{name}" }}
}}
'''
                )
                counts.module_calls += 1
            first = module.replace("-", "_") + "_0"
            calls.append(
                f'output "{first}_prefix" {{\n'
                f"  value = try(module.{first}.baseline_prefix, null)\n}}\n"
            )
            _write(folder / f"calls_{f}.tf", "\n".join(calls))
            counts.add("module-heavy services", 1)
            counts.add("module-call files", 1)


# -- CloudFormation ---------------------------------------------------------------------

CFN_HEADER = """AWSTemplateFormatVersion: "2010-09-09"
Description: {description}
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, staging, prod]
    Default: dev
  KmsKeyArn:
    Type: String
    Default: ""
  VpcId:
    Type: AWS::EC2::VPC::Id
    Default: vpc-0123456789abcdef0
  AllowedCidr:
    Type: String
    Default: {cidr}
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
  HasKmsKey: !Not [!Equals [!Ref KmsKeyArn, ""]]
Resources:
"""


def _cfn_bucket(rng: random.Random, name: str) -> tuple[str, int]:
    text = f"""  {name}:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${{Environment}}-{name.lower()}-${{AWS::AccountId}}"
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, {rng.choice(["Suspended", "Enabled"])}]
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: !If [HasKmsKey, "aws:kms", AES256]
              KMSMasterKeyID: !If [HasKmsKey, !Ref KmsKeyArn, !Ref "AWS::NoValue"]
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: {str(rng.random() < 0.8).lower()}
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      Tags:
        - Key: Environment
          Value: !Ref Environment
"""
    count = 1
    if rng.random() < 0.5:
        text += f"""  {name}Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref {name}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource:
              - !GetAtt {name}.Arn
              - !Sub "${{{name}.Arn}}/*"
            Condition:
              Bool:
                aws:SecureTransport: "false"
"""
        count += 1
    return text, count


def _cfn_role(rng: random.Random, name: str) -> tuple[str, int]:
    action = rng.choice(['"*"', "s3:GetObject", "sqs:*", "dynamodb:Query"])
    text = f"""  {name}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${{Environment}}-{name}"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: {rng.choice(["lambda", "ecs-tasks", "ec2"])}.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub "arn:${{AWS::Partition}}:iam::aws:policy/{
        rng.choice(["ReadOnlyAccess", "AdministratorAccess", "AWSLambdaExecute"])
    }"
      Policies:
        - PolicyName: inline
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: {action}
                Resource: "*"
"""
    return text, 1


def _cfn_sg(rng: random.Random, name: str) -> tuple[str, int]:
    port = rng.choice(PORTS)
    text = f"""  {name}:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: {name} traffic
      VpcId: !Ref VpcId
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: {port}
          ToPort: {port}
          CidrIp: !Ref AllowedCidr
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: {rng.choice(CIDRS)}
  {name}Admin:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt {name}.GroupId
      IpProtocol: tcp
      FromPort: {rng.choice([22, 3389])}
      ToPort: {rng.choice([22, 3389])}
      CidrIp: {rng.choice(CIDRS)}
"""
    return text, 2


def _cfn_kms(rng: random.Random, name: str) -> tuple[str, int]:
    text = f"""  {name}:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: {str(rng.random() < 0.7).lower()}
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::${{AWS::AccountId}}:root"
            Action: "kms:*"
            Resource: "*"
"""
    return text, 1


def _cfn_db(rng: random.Random, name: str) -> tuple[str, int]:
    text = f"""  {name}:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: {rng.choice(["postgres", "mysql"])}
      DBInstanceClass: !If [IsProd, db.r6g.large, db.t4g.small]
      AllocatedStorage: "{rng.choice([20, 100])}"
      StorageEncrypted: {str(rng.random() < 0.8).lower()}
      PubliclyAccessible: {str(rng.random() < 0.15).lower()}
      MultiAZ: !If [IsProd, true, false]
      BackupRetentionPeriod: {rng.choice([0, 1, 7])}
      MasterUsername: admin
      ManageMasterUserPassword: true
"""
    return text, 1


def _cfn_fn(rng: random.Random, name: str) -> tuple[str, int]:
    text = f"""  {name}:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "${{Environment}}-{name}"
      Runtime: {rng.choice(RUNTIMES)}
      Handler: app.handler
      Role: !Sub "arn:aws:iam::${{AWS::AccountId}}:role/app"
      Code:
        S3Bucket: artifacts
        S3Key: {name}.zip
      TracingConfig:
        Mode: {rng.choice(["Active", "PassThrough"])}
      Environment:
        Variables:
          STAGE: !Ref Environment
"""
    return text, 1


def _cfn_queue(rng: random.Random, name: str) -> tuple[str, int]:
    key = "\n      KmsMasterKeyId: !Ref KmsKeyArn" if rng.random() < 0.5 else ""
    text = f"""  {name}:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${{Environment}}-{name}"{key}
  {name}Topic:
    Type: AWS::SNS::Topic
    Condition: {rng.choice(["IsProd", "HasKmsKey"])}
    Properties:
      TopicName: !Sub "${{Environment}}-{name}-topic"
"""
    return text, 2


def _cfn_table(rng: random.Random, name: str) -> tuple[str, int]:
    text = f"""  {name}:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: {str(rng.random() < 0.6).lower()}
      SSESpecification:
        SSEEnabled: {str(rng.random() < 0.5).lower()}
"""
    return text, 1


CFN_KINDS: list[tuple[Callable[[random.Random, str], tuple[str, int]], str, int]] = [
    (_cfn_bucket, "Bucket", 5),
    (_cfn_role, "Role", 4),
    (_cfn_sg, "SecurityGroup", 3),
    (_cfn_kms, "Key", 2),
    (_cfn_db, "Database", 2),
    (_cfn_fn, "Function", 3),
    (_cfn_queue, "Queue", 3),
    (_cfn_table, "Table", 2),
]


def write_cloudformation(rng: random.Random, out: Path, templates: int, counts: Counts) -> None:
    kinds = [k for k, _, w in CFN_KINDS for _ in range(w)]
    labels = {k: label for k, label, _ in CFN_KINDS}
    for t in range(templates):
        team = TEAMS[t % len(TEAMS)]
        target = rng.randint(5, 20)
        parts = [CFN_HEADER.format(description=f"{team} stack {t}", cidr=rng.choice(CIDRS))]
        written = 0
        index = 0
        while written < target:
            kind = rng.choice(kinds)
            text, count = kind(rng, f"{labels[kind]}{index}")
            parts.append(text)
            written += count
            index += 1
        parts.append("Outputs:\n  Stack:\n    Value: !Ref AWS::StackName\n")
        _write(out / "cloudformation" / team / f"stack-{t:04d}.yaml", "".join(parts))
        counts.add("cloudformation", 1, written)


def generate(out: Path, *, seed: int = 7, scale: float = 1.0) -> Counts:
    """Write the corpus to ``out`` (replacing it) and return what was written."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    counts = Counts()
    write_cloudformation(rng, out, round(650 * scale), counts)
    write_terraform_stacks(rng, out, round(140 * scale), counts)
    modules = write_modules(rng, out, max(2, round(16 * scale)), counts)
    write_services(rng, out, round(180 * scale), modules, counts)
    (out / "corpus.json").write_text(json.dumps(_summary(counts, seed, scale), indent=2) + "\n")
    return counts


def _summary(counts: Counts, seed: int, scale: float) -> dict[str, object]:
    parts = ["cloudformation", "terraform flat", "module-heavy modules", "module-heavy services"]
    terraform = sum(counts.files.get(p, 0) for p in parts[1:])
    return {
        "seed": seed,
        "scale": scale,
        "files": {p: counts.files.get(p, 0) for p in parts},
        "total_files": sum(counts.files.get(p, 0) for p in parts),
        "terraform_files": terraform,
        "module_call_files": counts.files.get("module-call files", 0),
        "module_calls": counts.module_calls,
        "declared_resources": {p: counts.resources.get(p, 0) for p in parts},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    counts = generate(args.out, seed=args.seed, scale=args.scale)
    print(json.dumps(_summary(counts, args.seed, args.scale), indent=2))


if __name__ == "__main__":
    main()
