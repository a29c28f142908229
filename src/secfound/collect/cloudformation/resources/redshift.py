"""``AWS::Redshift::Cluster`` to ``Cluster``, its ``LoggingProperties`` included."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_str,
)
from secfound.model.aws.redshift import Cluster
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def cluster_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Cluster:
    """A ``Cluster``; ``LoggingProperties`` turns audit logging on (to S3 unless told)."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "ClusterIdentifier", to_str)
    set_if_present(fields, "encrypted", properties, "Encrypted", to_bool)
    set_if_present(fields, "kms_key_id", properties, "KmsKeyId", to_str)
    set_if_present(fields, "publicly_accessible", properties, "PubliclyAccessible", to_bool)
    logging = properties.get("LoggingProperties", MISSING)
    if isinstance(logging, Unresolved):
        fields["logging_enabled"] = logging
    elif logging is not MISSING:
        fields["logging_enabled"] = True
        destination = dig(logging, "LogDestinationType")
        fields["logging_destination"] = (
            "s3" if destination is MISSING else to_str(destination, "LogDestinationType")
        )
    return Cluster(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::Redshift::Cluster": cluster_from_cfn}
