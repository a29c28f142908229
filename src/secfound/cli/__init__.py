"""The command line (click). Commands import what they need when they run, so start-up stays
small: ``secfound scan`` on a template loads neither boto3, the store nor pydantic."""
