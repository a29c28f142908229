"""Constants of the live tests (imported by name: conftest modules are not importable
reliably when several folders have one)."""

REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
ACCOUNT = "123456789012"  # moto's default account
