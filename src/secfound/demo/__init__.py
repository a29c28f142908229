"""The bundled sample estate ``secfound demo`` scans: one small application, written both as
CloudFormation and as Terraform, with deliberate mistakes beside correct resources.

``examples/`` at the repository root holds the same files for people to read; a test keeps
the two identical.
"""

from __future__ import annotations

from pathlib import Path


def estate_path() -> Path:
    """The folder of the sample estate inside the installed package."""
    return Path(__file__).with_name("estate")
