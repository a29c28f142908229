"""Questions about instances and launch templates shared by the checks in this folder.

IMDS settings and EBS mappings are judged alike for an instance and a launch template, so
the two pairs of checks give the same answer to the same settings.
"""

from __future__ import annotations

from collections.abc import Sequence

from secfound.checks import Verdict, failed, passed
from secfound.model.aws.ec2 import BlockDevice, MetadataOptions
from secfound.model.values import Unresolved, definitely_matching


def imds_verdict(options: MetadataOptions | Unresolved) -> Verdict:
    """Passed when tokens are required or the endpoint is off; unresolved raises.

    Tokens are asked first: a required token answers the question whatever the endpoint
    setting says, so an unresolved endpoint does not make it unknown.
    """
    if options.tokens_required():
        return passed("IMDSv2 is required (http_tokens: required)")
    if options.endpoint_disabled():
        return passed("the instance metadata service is disabled")
    return failed(
        f"IMDSv1 is allowed: http_tokens is {options.http_tokens} (EC2's default when not "
        "set, unless the AMI or the account default requires tokens)"
    )


def unencrypted(volumes: Sequence[tuple[str, BlockDevice | Unresolved]]) -> list[str]:
    """Descriptions of the volumes certainly not encrypted by their own setting.

    A volume without ``encrypted`` counts: it is encrypted only if its snapshot is or the
    account encrypts new volumes by default, which the source does not show. Raises when no
    volume certainly fails and one cannot be judged.
    """
    found = definitely_matching(volumes, lambda item: not item[1].encrypted)
    return [f"{label} {_state(device)}" for label, device in found]


def _state(device: BlockDevice | Unresolved) -> str:
    if isinstance(device, BlockDevice) and device.encrypted is None:
        return "does not set encryption"
    return "is not encrypted"


def label(device: BlockDevice, default: str) -> str:
    """``volume /dev/sdf`` for messages, the name shown as its expression if unresolved."""
    return f"volume {device.device_name}" if device.device_name is not None else default
