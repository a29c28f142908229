"""Suppressions written beside the resource: comments and CloudFormation ``Metadata``.

The sources need no support for comments: a resource's location carries its path, first
line and last line, so the comment lines directly above that first line and the lines of
the block itself are read back from the file (each file once per run) and searched for::

    # secfound:ignore aws.s3.bucket_versioning_enabled until=2026-06-30 owner=web logs only
    // secfound:ignore aws.s3.bucket_versioning_enabled logs only
    #checkov:skip=CKV_AWS_21:logs only

The check named by a ``secfound:ignore`` must be an id or an alias (never a glob: the line
beside a resource should say exactly what it hides; globs belong in ``.secfound.yaml``).
Parsing is strict: no reason, a date that is not YYYY-MM-DD or an unknown ``key=`` gives
an ``InputError`` at file:line and the directive suppresses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from secfound.findings import InputError
from secfound.model.location import FileLocation

SECFOUND = "secfound"
CHECKOV = "checkov"

_MARKERS = ("secfound:ignore", "checkov:skip")
_SECFOUND_RE = re.compile(r"(?:#|//)\s*secfound:ignore\b(?P<rest>.*)$")
_CHECKOV_RE = re.compile(r"(?:#|//)\s*checkov:skip\s*=\s*(?P<id>[A-Za-z0-9_]*)(?::(?P<reason>.*))?")
_OPTION_RE = re.compile(r"^(?P<key>[A-Za-z_]+)=(?P<value>.*)$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OPTIONS = ("until", "owner")


@dataclass(frozen=True)
class Directive:
    """One suppression as written: ``check`` is a check id or alias, or a Checkov id."""

    kind: str  # secfound | checkov
    check: str
    reason: str
    path: str
    line: int | None
    owner: str | None = None
    until: date | None = None

    @property
    def where(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    @property
    def label(self) -> str:
        return (
            f"secfound:ignore {self.check}"
            if self.kind == SECFOUND
            else f"checkov:skip={self.check}"
        )


def parse_until(value: object) -> date:
    """A strict YYYY-MM-DD date (a YAML date is taken as is); ``ValueError`` otherwise."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise ValueError(f"until={text!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"until={text!r} is not a valid date") from None


def parse_comment(text: str, path: str, line: int) -> Directive | InputError | None:
    """The directive in one source line, an ``InputError`` when it is malformed, else None."""
    match = _SECFOUND_RE.search(text)
    if match is not None:
        return _secfound_directive(match.group("rest"), path, line)
    match = _CHECKOV_RE.search(text)
    if match is not None:
        if not match.group("id"):
            return _error(path, line, "checkov:skip names no check id")
        # A missing reason is judged later: only a Checkov id some check cites matters.
        reason = (match.group("reason") or "").strip()
        return Directive(kind=CHECKOV, check=match.group("id"), reason=reason, path=path, line=line)
    return None


def _secfound_directive(rest: str, path: str, line: int) -> Directive | InputError:
    tokens = rest.split()
    if not tokens:
        return _error(path, line, "secfound:ignore names no check id")
    check, options = tokens[0], {}
    position = 1
    while position < len(tokens) and (option := _OPTION_RE.match(tokens[position])):
        key = option.group("key")
        if key not in _OPTIONS:
            return _error(
                path, line, f"secfound:ignore: unknown option {key}= (expected until=, owner=)"
            )
        options[key] = option.group("value")
        position += 1
    reason = " ".join(tokens[position:])
    if not reason:
        return _error(path, line, f"secfound:ignore {check}: a reason is required")
    until = None
    if "until" in options:
        try:
            until = parse_until(options["until"])
        except ValueError as exc:
            return _error(path, line, f"secfound:ignore {check}: {exc}")
    return Directive(
        kind=SECFOUND,
        check=check,
        reason=reason,
        path=path,
        line=line,
        owner=options.get("owner") or None,
        until=until,
    )


def _error(path: str, line: int | None, message: str) -> InputError:
    return InputError(path=path, line=line, message=f"{message}; nothing is suppressed")


@dataclass
class _FileDirectives:
    by_line: dict[int, list[Directive]] = field(default_factory=dict)
    comment_lines: frozenset[int] = frozenset()


class SourceComments:
    """The directives in the files findings point to; each file is read once per run.

    ``roots`` are the repository roots the scan used: a location's path is relative to
    one of them.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        self._roots = tuple(roots)
        self._files: dict[str, _FileDirectives] = {}
        self.errors: list[InputError] = []

    def for_location(self, location: FileLocation) -> list[Directive]:
        """Directives on the comment lines right above the resource and inside its block."""
        if location.line is None:
            return []
        found = self._file(location.path)
        if not found.by_line:
            return []
        first = location.line
        last = location.end_line or first
        above = first - 1
        while above in found.comment_lines:
            above -= 1
        return [
            directive
            for number, directives in sorted(found.by_line.items())
            if above < number <= last
            for directive in directives
        ]

    def directives(self) -> Iterable[Directive]:
        """Every well-formed directive in the files read so far."""
        for found in self._files.values():
            for directives in found.by_line.values():
                yield from directives

    def _file(self, path: str) -> _FileDirectives:
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = self._read(path)
        return found

    def _read(self, path: str) -> _FileDirectives:
        text = None
        for root in self._roots:
            try:
                text = (root / path).read_text(encoding="utf-8", errors="replace")
                break
            except OSError:
                continue
        if text is None or not any(marker in text for marker in _MARKERS):
            return _FileDirectives()
        found = _FileDirectives()
        comments: set[int] = set()
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.lstrip()
            if stripped.startswith(("#", "//")):
                comments.add(number)
            if not any(marker in line for marker in _MARKERS):
                continue
            parsed = parse_comment(line, path, number)
            if isinstance(parsed, InputError):
                self.errors.append(parsed)
            elif parsed is not None:
                found.by_line.setdefault(number, []).append(parsed)
        found.comment_lines = frozenset(comments)
        return found


def metadata_directives(
    annotations: Mapping[str, Any], location: FileLocation
) -> tuple[list[Directive], list[InputError]]:
    """Directives from a CloudFormation resource's ``Metadata.secfound`` and ``.checkov``.

    ``Metadata: {secfound: {ignore: [{check, reason, until?, owner?}]}}``; Checkov's own
    ``Metadata: {checkov: {skip: [{id, comment}]}}`` is honoured like ``#checkov:skip``.
    """
    directives: list[Directive] = []
    errors: list[InputError] = []
    path, fallback = location.path, location.line
    own = annotations.get(SECFOUND)
    if own is not None:
        if not isinstance(own, Mapping) or set(own) - {"ignore"}:
            errors.append(
                _error(path, _line(own, None, fallback), "Metadata.secfound takes one key, ignore")
            )
        else:
            for entry, line in _entries(own.get("ignore"), own, "ignore", path, fallback, errors):
                directives.extend(_metadata_entry(entry, line, path, errors))
    checkov = annotations.get(CHECKOV)
    if isinstance(checkov, Mapping):
        for entry, line in _entries(checkov.get("skip"), checkov, "skip", path, fallback, errors):
            check = entry.get("id")
            if isinstance(check, str) and check:
                reason = entry.get("comment")
                directives.append(
                    Directive(
                        kind=CHECKOV,
                        check=check,
                        reason=reason.strip() if isinstance(reason, str) else "",
                        path=path,
                        line=line,
                    )
                )
    return directives, errors


def _entries(
    value: Any, parent: Any, key: str, path: str, fallback: int | None, errors: list[InputError]
) -> Iterable[tuple[Mapping[str, Any], int | None]]:
    if value is None:
        return
    line = _line(parent, key, fallback)
    if not isinstance(value, list):
        errors.append(_error(path, line, f"Metadata {key} must be a list of entries"))
        return
    for index, entry in enumerate(value):
        entry_line = _line(value, index, line)
        if not isinstance(entry, Mapping):
            errors.append(_error(path, entry_line, f"Metadata {key} entry must be a mapping"))
            continue
        yield entry, entry_line


def _metadata_entry(
    entry: Mapping[str, Any], line: int | None, path: str, errors: list[InputError]
) -> list[Directive]:
    unknown = sorted(set(entry) - {"check", "reason", "until", "owner"})
    check, reason, owner = entry.get("check"), entry.get("reason"), entry.get("owner")
    problem = None
    if unknown:
        problem = f"unknown key(s) {', '.join(unknown)} (expected check, reason, until, owner)"
    elif not isinstance(check, str) or not check.strip():
        problem = "an ignore entry needs a check id"
    elif not isinstance(reason, str) or not reason.strip():
        problem = f"ignore {check}: a reason is required"
    elif owner is not None and not isinstance(owner, str):
        problem = f"ignore {check}: owner must be text"
    until = None
    if problem is None and entry.get("until") is not None:
        try:
            until = parse_until(entry["until"])
        except ValueError as exc:
            problem = f"ignore {check}: {exc}"
    if problem is not None:
        errors.append(_error(path, line, f"Metadata.secfound: {problem}"))
        return []
    assert isinstance(check, str) and isinstance(reason, str)
    return [
        Directive(
            kind=SECFOUND,
            check=check.strip(),
            reason=reason.strip(),
            path=path,
            line=line,
            owner=owner,
            until=until,
        )
    ]


def _line(container: Any, key: Any, fallback: int | None) -> int | None:
    """The line a template entry sits on (the sources' containers remember it), if known."""
    mark_of = getattr(container, "mark_of", None)
    mark = (
        mark_of(key) if key is not None and callable(mark_of) else getattr(container, "mark", None)
    )
    line = getattr(mark, "line", None)
    return line if isinstance(line, int) and line > 0 else fallback
