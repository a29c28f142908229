"""Sessions and clients for live collection: credentials, retries, endpoints, roles.

Credentials come from the standard AWS chain (environment, shared config and credentials
files, SSO, container and instance roles), or a named ``--profile``. Every client retries
in botocore's adaptive mode, which backs off and rate-limits itself when AWS throttles, so
an organization-wide run slows down rather than losing results. ``--endpoint-url`` (or
``AWS_ENDPOINT_URL``, which botocore reads itself) sends every call to one endpoint:
moto_server in tests, a private endpoint elsewhere.

boto3 clients are thread-safe, sessions are not: ``AccountAccess`` makes each client once,
under a lock, and the collectors' threads share them.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from secfound._version import __version__
from secfound.errors import CredentialsError

MAX_ATTEMPTS = 10
# Signed with us-east-1 when a global service needs one region to talk to, per partition.
HOME_REGIONS = {"aws": "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1"}


@dataclass(frozen=True)
class AccessSettings:
    """How to reach AWS: a profile, an endpoint, and the timeouts of every client."""

    profile: str | None = None
    endpoint_url: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0


def _retries() -> dict[str, Any]:
    """Adaptive retries, ten attempts; AWS_RETRY_MODE and AWS_MAX_ATTEMPTS, which every AWS
    SDK reads, still win when set."""
    mode = os.environ.get("AWS_RETRY_MODE") or "adaptive"
    try:
        attempts = int(os.environ.get("AWS_MAX_ATTEMPTS") or MAX_ATTEMPTS)
    except ValueError:
        attempts = MAX_ATTEMPTS
    return {"mode": mode, "max_attempts": max(1, attempts)}


def _custom_endpoint(settings: AccessSettings) -> bool:
    return bool(settings.endpoint_url or os.environ.get("AWS_ENDPOINT_URL"))


class CallLog:
    """Every API operation the run called, counted (``secfound.collect.live`` calls only
    what collectors declare; a test holds it to that, and the live benchmark reports it)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def record(self, event_name: str, **_kwargs: Any) -> None:
        # event_name: "before-call.<service>.<Operation>"
        _, service, operation = event_name.split(".", 2)
        with self._lock:
            self.calls[f"{service}:{operation}"] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())


class AccountAccess:
    """Clients for one account: the session it was opened with, one client per service
    and region, made on first use."""

    def __init__(
        self,
        session: Any,
        settings: AccessSettings,
        account_id: str,
        log: CallLog | None = None,
    ) -> None:
        self.session = session
        self.settings = settings
        self.account_id = account_id
        self.log = log if log is not None else CallLog()
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:
            made = self._clients.get(key)
            if made is None:
                made = self._clients[key] = self._make(service, region)
            return made

    def _make(self, service: str, region: str) -> Any:
        from botocore.config import Config

        options: dict[str, Any] = {
            "retries": _retries(),
            "user_agent_extra": f"secfound/{__version__}",
            "connect_timeout": self.settings.connect_timeout,
            "read_timeout": self.settings.read_timeout,
        }
        client = self.session.client(
            service,
            region_name=region,
            endpoint_url=self.settings.endpoint_url,
            config=Config(**options),
        )
        client.meta.events.register("before-call", self.log.record)
        if service == "s3control" and _custom_endpoint(self.settings):
            # S3 Control's endpoint rules put the account id in front of the host name
            # (123456789012.s3-control...); a local or private endpoint has no such name,
            # and inject_host_prefix=False does not reach rule-based endpoints.
            client.meta.events.register("before-sign.s3-control", without_account_host)
        return client

    def assume(self, role_arn: str, account_id: str, region: str) -> AccountAccess:
        """Access to another account through ``role_arn`` (organization member accounts)."""
        import boto3

        answer = self.client("sts", region).assume_role(
            RoleArn=role_arn, RoleSessionName=f"secfound-{__version__}"
        )
        credentials = answer["Credentials"]
        session = boto3.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            region_name=region,
            botocore_session=_sharing_models(self.session),
        )
        return AccountAccess(session, self.settings, account_id, self.log)


def _sharing_models(parent: Any) -> Any:
    """A new botocore session that reads service models through ``parent``'s loader.

    Each session parses the JSON model of every service it makes a client for; an
    organization assessment opens one session per member account, and re-parsing the
    same models for each cost seconds of CPU per account. The loader only caches what
    it read from disk, never credentials, so sharing it is safe.
    """
    import botocore.session

    core = botocore.session.Session()
    core.register_component("data_loader", parent._session.get_component("data_loader"))
    return core


def without_account_host(request: Any, **_kwargs: Any) -> None:
    """Drop a leading ``<account id>.`` from the host of an S3 Control request."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(request.url)
    head, _, rest = parts.netloc.partition(".")
    if rest and len(head) == 12 and head.isdigit():
        request.url = urlunsplit(parts._replace(netloc=rest))


def open_account(
    settings: AccessSettings, region: str, log: CallLog | None = None
) -> AccountAccess:
    """The account the credentials belong to; ``CredentialsError`` when there are none.
    ``log`` counts every call made through it and the accounts it enters."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError, ProfileNotFound

    try:
        session = boto3.Session(profile_name=settings.profile, region_name=region)
    except ProfileNotFound as exc:
        raise CredentialsError(f"{exc}; 'aws configure list-profiles' lists them") from None
    if session.get_credentials() is None:
        raise CredentialsError(
            "no AWS credentials found: set AWS_PROFILE or --profile, run 'aws sso login', "
            "or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    access = AccountAccess(session, settings, account_id="", log=log)
    try:
        identity = access.client("sts", region).get_caller_identity()
    except (BotoCoreError, ClientError) as exc:
        raise CredentialsError(f"the AWS credentials do not work: {exc}") from None
    access.account_id = str(identity["Account"])
    return access
