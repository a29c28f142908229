"""Normalized AWS resources, one module per service."""
