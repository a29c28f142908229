"""Making AWS refuse a call in a live test, as it does without permission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError


def fail_calls(
    monkeypatch: pytest.MonkeyPatch,
    *operations: str,
    code: str = "AccessDenied",
    message: str = "denied",
    when: Callable[[dict[str, Any]], bool] | None = None,
) -> None:
    """Every botocore call of ``operations`` (``GetBucketLogging``) whose parameters pass
    ``when`` raises a ClientError with ``code`` and ``message``; other calls go through."""
    from botocore.client import BaseClient

    real = BaseClient._make_api_call

    def call(self: Any, operation: str, params: Any) -> Any:
        if operation in operations and (when is None or when(params)):
            raise ClientError({"Error": {"Code": code, "Message": message}}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
