"""secfound: the AWS Well-Architected SEC01 foundations, put into practice and kept proven.

The public library API. Names load on first use (PEP 562), so ``import secfound`` costs
nothing and the command line starts fast::

    from secfound import ScanInputs, collect, builtin_registry, evaluate
    collected = collect(ScanInputs(paths=(Path("infra"),)))
    result = evaluate(builtin_registry(), collected.results)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from secfound._version import __version__

if TYPE_CHECKING:
    from secfound.checks import (
        Severity,
        Status,
        Verdict,
        check,
        failed,
        not_applicable,
        passed,
        unknown,
    )
    from secfound.checks.registry import CheckSpec, Registry, builtin_registry, discover_directory
    from secfound.collect import SourceResult
    from secfound.engine import EngineResult, evaluate
    from secfound.errors import (
        CheckDefinitionError,
        ConfigError,
        CredentialsError,
        SecfoundError,
        SourceError,
        StoreError,
        TemplateError,
        UnresolvedValueError,
    )
    from secfound.findings import Finding, InputError, ResourceRef, Suppression
    from secfound.model import CloudLocation, FileLocation, Resource, Unresolved, is_unresolved
    from secfound.model.policy import PolicyDocument
    from secfound.scan import Collected, ScanInputs, collect

_EXPORTS = {
    "Severity": "secfound.checks",
    "Status": "secfound.checks",
    "Verdict": "secfound.checks",
    "check": "secfound.checks",
    "failed": "secfound.checks",
    "not_applicable": "secfound.checks",
    "passed": "secfound.checks",
    "unknown": "secfound.checks",
    "CheckSpec": "secfound.checks.registry",
    "Registry": "secfound.checks.registry",
    "builtin_registry": "secfound.checks.registry",
    "discover_directory": "secfound.checks.registry",
    "SourceResult": "secfound.collect",
    "EngineResult": "secfound.engine",
    "evaluate": "secfound.engine",
    "CheckDefinitionError": "secfound.errors",
    "ConfigError": "secfound.errors",
    "CredentialsError": "secfound.errors",
    "SecfoundError": "secfound.errors",
    "SourceError": "secfound.errors",
    "StoreError": "secfound.errors",
    "TemplateError": "secfound.errors",
    "UnresolvedValueError": "secfound.errors",
    "Finding": "secfound.findings",
    "InputError": "secfound.findings",
    "ResourceRef": "secfound.findings",
    "Suppression": "secfound.findings",
    "CloudLocation": "secfound.model",
    "FileLocation": "secfound.model",
    "Resource": "secfound.model",
    "Unresolved": "secfound.model",
    "is_unresolved": "secfound.model",
    "PolicyDocument": "secfound.model.policy",
    "Collected": "secfound.scan",
    "ScanInputs": "secfound.scan",
    "collect": "secfound.scan",
}

__all__ = [
    "CheckDefinitionError",
    "CheckSpec",
    "CloudLocation",
    "Collected",
    "ConfigError",
    "CredentialsError",
    "EngineResult",
    "FileLocation",
    "Finding",
    "InputError",
    "PolicyDocument",
    "Registry",
    "Resource",
    "ResourceRef",
    "ScanInputs",
    "SecfoundError",
    "Severity",
    "SourceError",
    "SourceResult",
    "Status",
    "StoreError",
    "Suppression",
    "TemplateError",
    "Unresolved",
    "UnresolvedValueError",
    "Verdict",
    "__version__",
    "builtin_registry",
    "check",
    "collect",
    "discover_directory",
    "evaluate",
    "failed",
    "is_unresolved",
    "not_applicable",
    "passed",
    "unknown",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'secfound' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
