"""Finding hard-coded secrets in a resource's source properties, with few false alarms.

Two kinds of evidence, and the rules that keep ordinary values out:

1. **Formats that are secrets wherever they appear**, whatever the property is called:
   AWS access key ids (``AKIA``/``ASIA`` and 16 more characters), private key blocks
   (``-----BEGIN … PRIVATE KEY-----`` with a body), GitHub, Slack, Stripe live and Google
   API tokens, Slack incoming webhook URLs, an AWS secret access key written as an
   assignment (``AWS_SECRET_ACCESS_KEY=…`` in user data), and the password of a URL
   (``postgres://app:pw@host``).
2. **Any literal under a name that says it is a secret**: the property (or environment
   variable, tag, or ``{Name, Value}`` pair) is called password, passphrase, secret, token,
   api key, private key, access key or credentials, and its last word does not say it only
   describes one (``PasswordLength``, ``SecretArn``, ``TokenValidity``, ``KmsKeyId``).

What is never a secret:

- an ``Unresolved`` value (a parameter, variable or resource attribute): the secret lives
  elsewhere, which is the point. Only the known text of a template around it is read;
- CloudFormation dynamic references (``{{resolve:ssm-secure:…}}``,
  ``{{resolve:secretsmanager:…}}``) and text containing ``${…}``, ``{{…}}``, ``$(…)`` or a
  bare ``$NAME``: a tool fills them in at deploy or run time;
- ARNs, Parameter Store names (``/app/prod/db-password``), ``alias/…`` names, UUIDs, KMS
  multi-Region key ids, resource ids (``ami-…``, ``sg-…``), URLs without a password, and
  base64 of a JSON document (a JWT, three dotted segments, is a token and is flagged);
- empty text, text shorter than 4 characters, and words that read as a setting (``true``,
  ``none``, ``disabled``, ``hours``);
- AWS's documentation example keys (an id or secret containing ``EXAMPLE``): AWS publishes
  them and they authenticate nothing.

A literal placeholder **is** a hard-coded secret: ``changeme``, ``password``,
``********`` or ``<db-password>`` under a password property is exactly what AWS receives
when the code is deployed as written, and everyone who can read the code knows it.

JSON text (a ``SecretString``, ECS container definitions) is parsed and searched by its
own keys, so ``{"username": "app"}`` passes and ``{"password": "x"}`` does not. Every
reported value is masked (``mask``): no more than its first 4 characters and its length.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from secfound.model.values import Unresolved

__all__ = ["SecretHit", "find_secrets", "mask"]


@dataclass(frozen=True)
class SecretHit:
    """One secret found: what it looks like, where it is, and its masked text."""

    kind: str
    path: str
    masked: str

    def describe(self) -> str:
        return f"{self.kind} at {self.path} ({self.masked})"


def mask(secret: str) -> str:
    """``AKIA…(20 chars)``: at most the first 4 characters (a quarter of a short secret)."""
    keep = min(4, len(secret) // 4)
    return f"{secret[:keep]}…({len(secret)} chars)"


# ---------------------------------------------------------------------------------------
# Formats that are secrets wherever they appear

_NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALNUM_AFTER = r"(?![A-Za-z0-9])"

# (kind, pattern, group holding the secret)
_FORMATS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (
        "AWS access key id",
        re.compile(_NOT_ALNUM_BEFORE + r"((?:AKIA|ASIA)[A-Z0-9]{16})" + _NOT_ALNUM_AFTER),
        1,
    ),
    (
        "AWS secret access key",
        re.compile(
            r"(?i:aws_?secret_?(?:access_?)?key)[\"']?\s*[:=]\s*[\"']?"
            r"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
        ),
        1,
    ),
    (
        "private key",
        re.compile(
            r"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?"
            r"(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\Z))"
        ),
        1,
    ),
    (
        "GitHub token",
        re.compile(r"(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_\w{22,244})"),
        1,
    ),
    ("Slack token", re.compile(r"(?<![A-Za-z0-9])(xox[abposr]-[A-Za-z0-9-]{10,})"), 1),
    (
        "Slack webhook URL",
        re.compile(r"(https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})"),
        1,
    ),
    ("Stripe secret key", re.compile(r"(?<![A-Za-z0-9])((?:sk|rk)_live_[0-9A-Za-z]{20,})"), 1),
    ("Google API key", re.compile(_NOT_ALNUM_BEFORE + r"(AIza[0-9A-Za-z_\-]{35})"), 1),
    (
        "password in URL",
        re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@[^\s@]"),
        1,
    ),
)

# What a deployment tool or the shell fills in: never a literal secret.
_TEMPLATE_MARKS = ("${", "{{", "$(", "%{")
_SHELL_VARIABLE = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%")


_KEY_BODY = re.compile(r"[A-Za-z0-9+/]{40}")


def _is_aws_documentation_example(secret: str) -> bool:
    # AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and their kin.
    return "EXAMPLE" in secret


@cache
def _any_format() -> re.Pattern[str]:
    """Every format in one pattern: it finds nothing where each of them finds nothing."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern, _ in _FORMATS))


def _format_hits(text: str) -> Iterator[tuple[str, str]]:
    """(kind, secret) for each secret format found in ``text``."""
    if _any_format().search(text) is None:
        return  # one pass over the text instead of one per format, for the usual value
    for kind, pattern, group in _FORMATS:
        for match in pattern.finditer(text):
            secret = match.group(group)
            if kind.startswith("AWS") and _is_aws_documentation_example(secret):
                continue
            if kind == "private key" and not _KEY_BODY.search(secret.split("-----", 2)[-1]):
                continue  # a mention of the header, not a key
            if kind == "password in URL" and (
                any(m in secret for m in _TEMPLATE_MARKS)
                or _SHELL_VARIABLE.fullmatch(secret)
                or secret.startswith("$")
            ):
                continue
            yield kind, secret.strip()


# ---------------------------------------------------------------------------------------
# Names that say "secret"

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

# Words that, anywhere in a lower-cased word, make a name secret.
_SECRET_STEMS = ("password", "passwd", "passphrase", "secret", "credential", "apikey")
# Whole words that make a name secret (``pwd`` only as a word: ``PWD`` is a directory).
_SECRET_WORDS = frozenset({"pwd", "pass", "token", "tokens"})
# Two words in a row that make a name secret.
_SECRET_PAIRS = frozenset(
    {("api", "key"), ("private", "key"), ("access", "key"), ("secret", "key"), ("auth", "key")}
)
# A last word that says the property describes a secret rather than holding it.
_DESCRIBING_LAST_WORDS = frozenset(
    [
        "arn",
        "arns",
        "id",
        "ids",
        "name",
        "names",
        "length",
        "len",
        "ttl",
        "type",
        "types",
        "version",
        "versions",
        "enabled",
        "enable",
        "policy",
        "policies",
        "rotation",
        "rotations",
        "parameter",
        "parameters",
        "param",
        "params",
        "path",
        "paths",
        "file",
        "files",
        "location",
        "url",
        "urls",
        "uri",
        "endpoint",
        "endpoints",
        "validity",
        "unit",
        "units",
        "duration",
        "seconds",
        "minutes",
        "hours",
        "days",
        "period",
        "periods",
        "expiration",
        "expiry",
        "expires",
        "count",
        "header",
        "headers",
        "field",
        "fields",
        "template",
        "templates",
        "mode",
        "source",
        "sources",
        "config",
        "configuration",
        "format",
        "provider",
        "prefix",
        "suffix",
        "reference",
        "references",
        "ref",
        "refs",
        "store",
        "manager",
        "required",
        "age",
        "prevention",
        "strategy",
        "method",
        "methods",
        "algorithm",
        "status",
        "state",
        "scheme",
        "kind",
        "option",
        "options",
        "setting",
        "settings",
        "rule",
        "rules",
        "requirement",
        "requirements",
        "size",
        "characters",
        "chars",
        "lifetime",
        "schedule",
        "attributes",
        "attribute",
        "role",
        "roles",
        "usage",
        "target",
        "targets",
        "bucket",
        "audience",
        "issuer",
        "scope",
        "scopes",
        "user",
        "username",
        "owner",
        "email",
        "host",
        "hostname",
        "port",
        "region",
        "account",
        "group",
        "label",
        "description",
    ]
)
# Words that, anywhere in a name, say it is not a secret (an idempotency token, a generator).
_NEUTRAL_WORDS = frozenset(
    {"request", "idempotency", "generate", "exclude", "include", "require", "min", "max"}
)


def name_words(name: str) -> list[str]:
    """``MasterUserPassword`` -> master, user, password; ``DB_API_KEY`` -> db, api, key."""
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        words.extend(w.lower() for w in _WORD.findall(part))
    return words


@lru_cache(maxsize=4096)
def secret_kind_of_name(name: str) -> str | None:
    """What a property called ``name`` holds when it holds a secret; None when it does not.

    Cached: the same few hundred property names come back for every resource of a scan.
    """
    words = name_words(name)
    if not words or words[-1] in _DESCRIBING_LAST_WORDS or _NEUTRAL_WORDS & set(words):
        return None
    joined = "".join(words)
    if any(stem in w for w in words for stem in ("password", "passwd", "passphrase", "pwd")):
        return "password"
    if "pwd" in words or "pass" in words:
        return "password"
    pairs = set(itertools.pairwise(words))
    if ("private", "key") in pairs:
        return "private key"
    if "secret" in joined and ("access", "key") in pairs:
        return "secret access key"
    if _SECRET_WORDS & set(words) or any(w.endswith("token") for w in words):
        return "token"
    if "apikey" in joined and (("api", "key") in pairs or "apikey" in words):
        return "API key"
    if any(stem in w for w in words for stem in _SECRET_STEMS) or _SECRET_PAIRS & pairs:
        if "credential" in joined:
            return "credentials"
        if ("access", "key") in pairs or ("auth", "key") in pairs:
            return "access key"
        return "secret"
    return None


# ---------------------------------------------------------------------------------------
# Values that are not secrets even under such a name

_SETTING_WORDS = frozenset(
    [
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "none",
        "null",
        "nil",
        "undefined",
        "enabled",
        "disabled",
        "required",
        "optional",
        "auto",
        "automatic",
        "manual",
        "generated",
        "random",
        "rotate",
        "hours",
        "minutes",
        "seconds",
        "days",
    ]
)
_NOT_SECRET_SHAPES = (
    re.compile(r"arn:[a-z0-9-]+:.*"),
    re.compile(r"(?:resolve|ssm|ssm-secure|secretsmanager|vault|kms):.+"),
    re.compile(r"(/[A-Za-z0-9_.\-]+)+/?"),  # a Parameter Store name or a file path
    re.compile(r"alias/[A-Za-z0-9/_\-]+"),
    re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    re.compile(r"mrk-[0-9a-f]{32}"),
    re.compile(r"[a-z]{1,12}(?:-[a-z]{2,12})?-[0-9a-f]{8}(?:[0-9a-f]{9})?"),  # ami-…, sg-…
    re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s@]*"),  # a URL without credentials
)


def _is_base64_json(text: str) -> bool:
    if not text.startswith(("eyJ", "W3s", "WyJ")) or "." in text:
        return False
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=False)
        json.loads(decoded)
    except (binascii.Error, ValueError):
        return False
    return True


def is_not_secret_value(text: str) -> bool:
    """True when a literal under a secret-sounding name is still not a secret (see above)."""
    value = text.strip()
    if len(value) < 4 or value.lower() in _SETTING_WORDS:
        return True
    if any(m in value for m in _TEMPLATE_MARKS) or _SHELL_VARIABLE.fullmatch(value):
        return True
    if _is_aws_documentation_example(value):
        return True
    return any(shape.fullmatch(value) for shape in _NOT_SECRET_SHAPES) or _is_base64_json(value)


_AWS_SECRET_KEY_SHAPE = re.compile(r"(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9/+]{40}")


# ---------------------------------------------------------------------------------------
# Walking the properties

_PAIR_NAMES = ("Name", "name", "Key", "key")
_PAIR_VALUES = ("Value", "value")
_MAX_DEPTH = 40


def _pair_name(mapping: Mapping[Any, Any]) -> tuple[str, str] | None:
    """(name, value key) of a ``{Name: DB_PASSWORD, Value: …}`` or ``{Key:, Value:}`` pair."""
    for name_key in _PAIR_NAMES:
        name = mapping.get(name_key)
        if isinstance(name, str):
            for value_key in _PAIR_VALUES:
                if value_key in mapping:
                    return name, value_key
    return None


def _json_document(text: str) -> Any:
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        parsed = json.loads(stripped)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict | list) else None


class _Search:
    def __init__(self) -> None:
        self.hits: dict[tuple[str, str], SecretHit] = {}

    def add(self, kind: str, path: str, secret: str) -> None:
        hit = SecretHit(kind, path or "(properties)", mask(secret))
        self.hits.setdefault((hit.path, hit.masked), hit)

    def walk(self, value: Any, path: str, name: str | None, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            return
        # Strings first: most values are, and the Mapping test below is an ABC check,
        # slow on everything that is not a mapping.
        if isinstance(value, str):
            self.text(value, path, name, depth)
            return
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, Unresolved):
            # Only the known text around the unknown parts can hold a literal secret.
            if value.template is not None:
                self.text(value.template, path, name, depth)
            return
        if isinstance(value, list | tuple):
            for index, item in enumerate(value):
                self.walk(item, f"{path}[{index}]", name, depth + 1)
            return
        if isinstance(value, int | float):
            # YAML reads Password: 12345678 as a number; only a secret name makes it one.
            if name is not None and secret_kind_of_name(name) == "password":
                self.literal(str(value), path, name)
            return
        if isinstance(value, dict | Mapping):
            pair = _pair_name(value)
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                child_name = str(key)
                if pair is not None and key == pair[1]:
                    child, child_name = f"{path}({pair[0]})" if path else pair[0], pair[0]
                self.walk(item, child, child_name, depth + 1)

    def text(self, text: str, path: str, name: str | None, depth: int) -> None:
        document = _json_document(text)
        if document is not None:
            self.walk(document, path, name, depth + 1)
            return
        found = False
        for kind, secret in _format_hits(text):
            self.add(kind, path, secret)
            found = True
        if not found and name is not None:
            self.literal(text, path, name)

    def literal(self, text: str, path: str, name: str) -> None:
        kind = secret_kind_of_name(name)
        if kind is None or is_not_secret_value(text):
            return
        value = text.strip()
        if kind in (
            "secret",
            "secret access key",
            "access key",
        ) and _AWS_SECRET_KEY_SHAPE.fullmatch(value):
            kind = "AWS secret access key"
        self.add(f"hard-coded {kind}", path, value)


def find_secrets(properties: Mapping[str, Any]) -> list[SecretHit]:
    """Every hard-coded secret in a resource's properties, masked, in property order."""
    search = _Search()
    search.walk(properties, "", None)
    return list(search.hits.values())
