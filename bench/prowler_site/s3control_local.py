"""S3 Control on a local endpoint, for the Prowler run of the live benchmark.

botocore's endpoint rules for S3 Control put the account id in front of the endpoint's
host (``123456789012.127.0.0.1:5000``), a name no resolver knows; ``inject_host_prefix``
does not reach rule-based endpoints. secfound strips that prefix itself when it is given a
custom endpoint (``secfound.collect.live.session.without_account_host``). Prowler cannot
be told to, so bench/prowler_runner.py loads this module in Prowler's processes through
botocore's client plugin setting (``BOTOCORE_EXPERIMENTAL__PLUGINS``, read by
``botocore.session``): every S3 Control client then gets the same fix-up, and Prowler's
S3 Control calls reach moto_server like its other calls. Nothing else changes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

ACCOUNT_ID_DIGITS = 12


def without_account_host(request: Any, **_kwargs: Any) -> None:
    """Drop a leading ``<account id>.`` from the host of an S3 Control request."""
    parts = urlsplit(request.url)
    head, _, rest = parts.netloc.partition(".")
    if rest and len(head) == ACCOUNT_ID_DIGITS and head.isdigit():
        request.url = urlunsplit(parts._replace(netloc=rest))


def initialize_client_plugin(client: Any) -> None:
    """botocore's plugin entry point, called for every client created."""
    if client.meta.service_model.service_name == "s3control":
        client.meta.events.register("before-sign.s3-control", without_account_host)
