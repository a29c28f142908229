"""Account-wide settings: contacts, and the regional defaults for EBS and S3."""
