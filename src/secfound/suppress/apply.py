"""Applying suppressions and severity overrides to a run's findings.

``apply_suppressions`` is pure: findings, the matchers of each source in order of
precedence, and today's date in; findings with ``suppressed`` set out. ``suppress_run``
builds the matchers for one scan (reading comments, Metadata, ``.secfound.yaml`` and the
baseline) and says what went wrong with them: malformed directives are input errors, a
configuration entry that matches no check is a ``ConfigError``, unused directives and stale
baseline entries are notices (shown with ``-v``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from secfound.checks import Severity, Status
from secfound.checks.registry import CheckSpec, Registry
from secfound.config import Config, ConfiguredSuppression, MuteRule, SeverityOverride
from secfound.errors import ConfigError
from secfound.findings import Finding, InputError, Suppression
from secfound.model.location import CloudLocation, FileLocation
from secfound.suppress.inline import (
    CHECKOV,
    Directive,
    SourceComments,
    metadata_directives,
)

if TYPE_CHECKING:  # loaded only when a scan is given a baseline
    from secfound.suppress.baseline import Baseline


@dataclass(frozen=True)
class Candidate:
    """A suppression that would apply to a finding; ``origin`` identifies what said so."""

    suppression: Suppression
    until: date | None
    origin: Hashable


class Matcher(Protocol):
    # A baseline yields to an expired dated suppression: the date was a decision.
    yields_to_expired: bool

    def candidates(self, finding: Finding) -> Iterable[Candidate]: ...


@dataclass(frozen=True)
class Applied:
    findings: tuple[Finding, ...]
    used: frozenset[Hashable]


def apply_suppressions(
    findings: Sequence[Finding], matchers: Sequence[Matcher], today: date
) -> Applied:
    """Mark findings that a suppression covers; expired ones fail again, saying so."""
    out: list[Finding] = []
    used: set[Hashable] = set()
    for finding in findings:
        if finding.status is Status.PASSED or finding.suppressed is not None:
            out.append(finding)
            continue
        chosen: Candidate | None = None
        expired: list[date] = []
        for matcher in matchers:
            if expired and matcher.yields_to_expired:
                break
            for candidate in matcher.candidates(finding):
                used.add(candidate.origin)
                if candidate.until is not None and candidate.until < today:
                    expired.append(candidate.until)
                elif chosen is None:
                    chosen = candidate
            if chosen is not None:
                break
        if chosen is not None:
            out.append(replace(finding, suppressed=chosen.suppression))
        elif expired:
            note = f" (suppression expired on {max(expired).isoformat()})"
            out.append(replace(finding, message=finding.message + note))
        else:
            out.append(finding)
    return Applied(findings=tuple(out), used=frozenset(used))


def override_severity(
    findings: Sequence[Finding], overrides: Sequence[SeverityOverride], registry: Registry
) -> tuple[Finding, ...]:
    """Give findings the severity ``.secfound.yaml`` sets for their check.

    An exact id or alias wins over a glob; among globs, the longest (most specific) wins.
    """
    if not overrides:
        return tuple(findings)
    chosen: dict[str, Severity] = {}
    for spec in registry:
        best: tuple[int, int] | None = None
        for override in overrides:
            if not _check_matches(override.check, spec):
                continue
            rank = (1 if override.check in (spec.id, *spec.aliases) else 0, len(override.check))
            if best is None or rank > best:
                best = rank
                chosen[spec.id] = Severity.parse(override.severity)
    return tuple(
        replace(f, severity=chosen[f.check_id]) if f.check_id in chosen else f for f in findings
    )


def _check_matches(pattern: str, spec: CheckSpec) -> bool:
    names = (spec.id, *spec.aliases, *spec.checkov)
    return any(fnmatch.fnmatchcase(name, pattern) for name in names)


def _glob(value: str, pattern: str) -> bool:
    # Terraform addresses hold brackets (logs[0]), which fnmatch reads as a character class.
    return value == pattern or fnmatch.fnmatchcase(value, pattern)


def check_patterns_exist(
    entries: Iterable[ConfiguredSuppression | SeverityOverride | MuteRule],
    registry: Registry,
    source: Path | None,
) -> None:
    """A configuration entry naming no check is a typo that would silently do nothing."""
    for entry in entries:
        if not any(_check_matches(entry.check, spec) for spec in registry.specs.values()):
            where = entry.source if isinstance(entry, MuteRule) and entry.source else source
            raise ConfigError(
                f"{entry.check!r} matches no check (see 'secfound checks list')",
                path=where,
                line=entry.line,
            )


class InlineMatcher:
    """Comments in the source files and CloudFormation ``Metadata`` of the resource."""

    yields_to_expired = False

    def __init__(
        self,
        comments: SourceComments,
        annotations: Mapping[tuple[str, str], Mapping[str, Any]],
        registry: Registry,
    ) -> None:
        self.comments = comments
        self.registry = registry
        self.errors: list[InputError] = []
        self._annotations = annotations
        self._metadata: dict[tuple[str, str], list[Directive]] = {}
        self._resolved: dict[Directive, frozenset[str]] = {}

    def candidates(self, finding: Finding) -> Iterable[Candidate]:
        location = finding.location
        if not isinstance(location, FileLocation):
            return
        for directive in (
            *self.comments.for_location(location),
            *self.metadata_of(location, finding.resource.address),
        ):
            if finding.check_id in self.resolve(directive):
                until = directive.until.isoformat() if directive.until else None
                suppression = Suppression(
                    by="inline", reason=directive.reason, owner=directive.owner, until=until
                )
                yield Candidate(suppression, directive.until, directive)

    def metadata_of(self, location: FileLocation, address: str) -> list[Directive]:
        key = (location.path, address)
        found = self._metadata.get(key)
        if found is None:
            annotations = self._annotations.get(key)
            found, errors = metadata_directives(annotations, location) if annotations else ([], [])
            self.errors.extend(errors)
            self._metadata[key] = found
        return found

    def resolve(self, directive: Directive) -> frozenset[str]:
        """The canonical ids a directive covers; a problem is recorded as an input error."""
        ids = self._resolved.get(directive)
        if ids is not None:
            return ids
        if directive.kind == CHECKOV:
            ids = frozenset(
                s.id for s in self.registry.specs.values() if directive.check in s.checkov
            )
            if ids and not directive.reason:
                self._error(directive, f"{directive.label}: a reason is required")
                ids = frozenset()
        else:
            canonical = self.registry.canonical_id(directive.check)
            if canonical is None:
                self._error(directive, f"{directive.label}: no check has this id or alias")
            ids = frozenset({canonical} if canonical else ())
        self._resolved[directive] = ids
        return ids

    def directives(self) -> list[Directive]:
        return [*self.comments.directives(), *(d for ds in self._metadata.values() for d in ds)]

    def _error(self, directive: Directive, message: str) -> None:
        self.errors.append(
            InputError(
                path=directive.path,
                line=directive.line,
                message=f"{message}; nothing is suppressed",
            )
        )


class ConfigMatcher:
    """``suppressions`` in ``.secfound.yaml``."""

    yields_to_expired = False

    def __init__(self, rules: Sequence[ConfiguredSuppression], registry: Registry) -> None:
        self.rules = rules
        self.registry = registry

    def candidates(self, finding: Finding) -> Iterable[Candidate]:
        spec = self.registry.specs.get(finding.check_id)
        path = getattr(finding.location, "path", None)
        for rule in self.rules:
            if spec is None or not _check_matches(rule.check, spec):
                continue
            if not any(_glob(finding.resource.address, g) for g in rule.resources):
                continue
            if path is None or not any(_glob(path, g) for g in rule.paths):
                continue
            until = rule.until.isoformat() if rule.until else None
            suppression = Suppression(
                by="config", reason=rule.reason, owner=rule.owner, until=until
            )
            yield Candidate(suppression, rule.until, rule)


class MutelistMatcher:
    """``mutelist`` entries: live findings by check, account, region, resource and tags.

    Only findings about an account and region (live) are muted; a template's finding has
    neither, and is suppressed with ``suppressions`` instead. Tags come from the resources
    the live collectors read (``Resource.tags``), by resource address.
    """

    yields_to_expired = False

    def __init__(
        self,
        rules: Sequence[MuteRule],
        registry: Registry,
        tags: Mapping[str, Mapping[str, str]],
    ) -> None:
        self.rules = rules
        self.registry = registry
        self.tags = tags

    def candidates(self, finding: Finding) -> Iterable[Candidate]:
        location = finding.location
        if not isinstance(location, CloudLocation):
            return
        spec = self.registry.specs.get(finding.check_id)
        arn = location.arn or finding.resource.address
        tags = self.tags.get(finding.resource.address, {})
        for rule in self.rules:
            if spec is None or not _check_matches(rule.check, spec):
                continue
            if not any(_glob(location.account, g) for g in rule.accounts):
                continue
            if not any(_glob(location.region, g) for g in rule.regions):
                continue
            if not any(_glob(arn, g) for g in rule.resources):
                continue
            if not all(key in tags and _glob(str(tags[key]), value) for key, value in rule.tags):
                continue
            until = rule.until.isoformat() if rule.until else None
            suppression = Suppression(
                by="mutelist", reason=rule.reason, owner=rule.owner, until=until
            )
            yield Candidate(suppression, rule.until, rule)


class BaselineMatcher:
    """Findings already present when the baseline was created."""

    yields_to_expired = True

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        self._suppression = Suppression(by="baseline", reason=baseline.reason)

    def candidates(self, finding: Finding) -> Iterable[Candidate]:
        if finding.fingerprint in self.baseline.fingerprints:
            yield Candidate(self._suppression, None, ("baseline", finding.fingerprint))


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    errors: tuple[InputError, ...]
    notices: tuple[str, ...]


def suppress_run(
    findings: Sequence[Finding],
    *,
    annotations: Mapping[tuple[str, str], Mapping[str, Any]],
    roots: Sequence[Path],
    tags: Mapping[str, Mapping[str, str]] | None = None,
    registry: Registry,
    config: Config,
    baseline: Baseline | None,
    today: date,
) -> Outcome:
    """Severity overrides, then every suppression source, for one scan's findings.

    ``annotations`` are the sources' annotations of resources by (path, address), ``tags``
    the live resources' tags by address (for the mutelist).
    ``registry`` holds every known check (not only the selected ones), so a directive
    naming a check this run skipped is not mistaken for a typo.
    """
    check_patterns_exist(
        (*config.suppressions, *config.severity, *config.mutelist), registry, config.source
    )
    findings = override_severity(findings, config.severity, registry)
    comments = SourceComments(roots)
    inline = InlineMatcher(comments, annotations, registry)
    matchers: list[Matcher] = [inline]
    if config.suppressions:
        matchers.append(ConfigMatcher(config.suppressions, registry))
    if config.mutelist:
        matchers.append(MutelistMatcher(config.mutelist, registry, tags or {}))
    if baseline is not None:
        matchers.append(BaselineMatcher(baseline))
    applied = apply_suppressions(findings, matchers, today)
    # Read every file a finding points to, so a malformed directive is reported even
    # where the checks pass, and resolve every directive to catch unknown ids.
    for finding in findings:
        if isinstance(finding.location, FileLocation):
            comments.for_location(finding.location)
            inline.metadata_of(finding.location, finding.resource.address)
    notices: list[str] = []
    for directive in inline.directives():
        if inline.resolve(directive) and directive not in applied.used:
            notices.append(
                f"{directive.where}: {directive.label} suppresses nothing here "
                "(the check passes, does not apply, or the comment is not beside the resource)"
            )
    if baseline is not None:
        matched = {o[1] for o in applied.used if isinstance(o, tuple) and o[0] == "baseline"}
        stale = len(baseline.fingerprints - matched)
        if stale:
            notices.append(
                f"{baseline.path}: {stale} baseline entr{'y' if stale == 1 else 'ies'} no longer "
                "match a finding (fixed or removed); recreate it with 'secfound baseline create'"
            )
    errors = sorted({*comments.errors, *inline.errors}, key=lambda e: (e.path, e.line or 0))
    return Outcome(findings=applied.findings, errors=tuple(errors), notices=tuple(notices))
