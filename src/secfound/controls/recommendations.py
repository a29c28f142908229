"""What each newer version of a recommendation source adds, changes or retires, and where
the workload stands on it (SEC01-BP05, "keep up to date with security recommendations").

Recommendation sources are versioned: CIS AWS Foundations 3.0.0 is superseded by 5.0.0,
the Well-Architected framework renumbers and merges its practices between releases. A
newer version is only useful if a team sees the difference, so the diff is computed from
the data the framework files already hold, never from a list kept by hand:

* Between a framework and the one it ``supersedes``, each newer requirement names in
  ``previous`` the older ids it continues. A requirement with no ``previous`` is
  **added**; one whose previous id, title, assessment or profile differs is **changed**
  (one newer requirement continuing two older ones is a *merge*, one older continued by
  two newer ones a *split*, both always changes); an older id that no newer requirement
  continues is **retired**; the rest is unchanged.
* The Well-Architected file keeps a ``releases`` table instead (the number and title each
  WA Tool choice id had per release). Consecutive releases are compared the same way,
  keyed on the choice id: a new choice id is added, a vanished one retired, a new number
  or title a change. The table records no continuations, so a merge is inferred: a
  practice that leaves in the release where a continuing practice's new title takes up a
  distinctive word of its title (2024-06-27: "... threats **and recommendations**") is
  counted as merged into it, and the detail says which word showed it.

The workload's **standing** on each added or changed recommendation joins two things: its
state from stored evidence (``controls.status``; "not judged" without a store), and
whether it is **adopted**: listed in the configuration's ``adopted:`` (a whole framework
id, or ``framework-id:requirement-id``), or shown to hold by the evidence (passing, or a
manual requirement whose attestation is valid). Unknown is never a pass: an unknown or
not applicable state adopts nothing. What is not adopted, and what is adopted but failing
or unknown, needs attention.

Everything here is pure and frozen; ``as_dict`` gives the JSON form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from secfound.controls.catalog import Catalog
    from secfound.controls.frameworks import Framework, Release, Requirement
    from secfound.controls.status import RequirementStatus

__all__ = [
    "NOT_JUDGED",
    "Adoption",
    "Change",
    "ChangeKind",
    "Standing",
    "VersionChanges",
    "catalog_changes",
    "judge",
    "parse_adopted",
    "release_changes",
    "standing",
    "version_changes",
]

NOT_JUDGED = "not judged"

ChangeKind = Literal["added", "changed", "retired", "unchanged"]

# States that say the evidence could not confirm the requirement holds.
_UNMET = frozenset({"failing", "unknown"})
# Words too common in practice titles to show that one practice took in another.
_COMMON = frozenset({"with", "your", "from", "that", "into", "using", "security"})


@dataclass(frozen=True, kw_only=True)
class Adoption:
    """The configuration's ``adopted:`` list: whole frameworks and single requirements."""

    frameworks: frozenset[str] = frozenset()
    requirements: frozenset[tuple[str, str]] = frozenset()

    def covers(self, framework_id: str, requirement_id: str) -> bool:
        return (
            framework_id in self.frameworks or (framework_id, requirement_id) in self.requirements
        )

    def unknown(self, catalog: Catalog) -> tuple[str, ...]:
        """The entries that name no framework or requirement of ``catalog`` (a typo adopts
        nothing, so it is worth a warning)."""
        wrong = [f for f in sorted(self.frameworks) if f not in catalog.frameworks]
        for framework_id, requirement_id in sorted(self.requirements):
            found = catalog.frameworks.get(framework_id)
            if found is None or all(r.id != requirement_id for r in found.requirements):
                wrong.append(f"{framework_id}:{requirement_id}")
        return tuple(wrong)

    def as_list(self) -> list[str]:
        return sorted(self.frameworks) + [f"{f}:{r}" for f, r in sorted(self.requirements)]


def parse_adopted(entries: Iterable[str]) -> Adoption:
    """``cis-aws-5.0`` adopts every requirement; ``cis-aws-5.0:2.2.4`` one. Framework ids
    hold no colon, so the first one separates the requirement id."""
    frameworks: set[str] = set()
    requirements: set[tuple[str, str]] = set()
    for entry in entries:
        text = str(entry).strip()
        if not text:
            continue
        framework_id, colon, requirement_id = text.partition(":")
        if colon and requirement_id.strip():
            requirements.add((framework_id.strip(), requirement_id.strip()))
        else:
            frameworks.add(framework_id.strip())
    return Adoption(frameworks=frozenset(frameworks), requirements=frozenset(requirements))


@dataclass(frozen=True, kw_only=True)
class Standing:
    """Where the workload stands on one recommendation."""

    state: str  # a ControlState value, or NOT_JUDGED
    adopted: bool
    adopted_by: Literal["config", "evidence"] | None = None
    attested: bool | None = None  # a manual requirement: whether a valid attestation covers it
    reason: str = ""

    @property
    def needs_attention(self) -> bool:
        """Not yet adopted, or adopted but not met: failing, or unknown to the evidence."""
        return not self.adopted or self.state in _UNMET

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "adopted": self.adopted,
            "adopted_by": self.adopted_by,
            "attested": self.attested,
            "needs_attention": self.needs_attention,
            "reason": self.reason,
        }


@dataclass(frozen=True, kw_only=True)
class Change:
    """One recommendation of a version diff. ``id`` is the newer id (the older one for a
    retired recommendation); ``previous`` the older ids it continues."""

    kind: ChangeKind
    id: str
    title: str
    previous: tuple[str, ...] = ()
    details: tuple[str, ...] = ()  # what changed, one phrase each
    number: str | None = None  # the practice number of a WA release (BP05)
    merge: bool = False
    split: bool = False
    standing: Standing | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "previous": list(self.previous),
            "details": list(self.details),
            "merge": self.merge,
            "split": self.split,
            "standing": self.standing.as_dict() if self.standing is not None else None,
        }


@dataclass(frozen=True, kw_only=True)
class VersionChanges:
    """The diff between two versions of one source; ``framework`` is the framework whose
    requirements the newer side's ids are (what the evidence judges)."""

    framework: str
    older: str
    newer: str
    title: str
    added: tuple[Change, ...] = ()
    changed: tuple[Change, ...] = ()
    retired: tuple[Change, ...] = ()
    unchanged: tuple[Change, ...] = ()
    judged: bool = field(default=False)  # standings were attached (judge)

    @property
    def listed(self) -> tuple[Change, ...]:
        """What a newer version brings: added, changed and retired, in that order."""
        return self.added + self.changed + self.retired

    @property
    def attention(self) -> tuple[Change, ...]:
        """Added or changed recommendations not yet met or not adopted."""
        return tuple(
            c
            for c in self.added + self.changed
            if c.standing is not None and c.standing.needs_attention
        )

    def counts(self) -> dict[str, int]:
        found = {
            "added": len(self.added),
            "changed": len(self.changed),
            "retired": len(self.retired),
            "unchanged": len(self.unchanged),
        }
        if self.judged:
            found["needs_attention"] = len(self.attention)
        return found

    def as_dict(self, *, include_unchanged: bool = False) -> dict[str, Any]:
        items = self.listed + (self.unchanged if include_unchanged else ())
        return {
            "framework": self.framework,
            "older": self.older,
            "newer": self.newer,
            "title": self.title,
            "counts": self.counts(),
            "changes": [item.as_dict() for item in items],
        }


def version_changes(older: Framework, newer: Framework) -> VersionChanges:
    """What ``newer`` (which supersedes ``older``) adds, changes and retires."""
    old_by_id = {r.id: r for r in older.requirements}
    # older id -> the newer requirements that continue it (two or more: a split)
    successors: dict[str, list[str]] = {}
    for requirement in newer.requirements:
        for old_id in dict.fromkeys(requirement.previous):
            successors.setdefault(old_id, []).append(requirement.id)
    added: list[Change] = []
    changed: list[Change] = []
    unchanged: list[Change] = []
    for requirement in newer.requirements:
        continues = tuple(dict.fromkeys(requirement.previous))
        if not continues:
            added.append(Change(kind="added", id=requirement.id, title=requirement.title))
            continue
        details: list[str] = []
        merge = len(continues) > 1
        if merge:
            details.append(f"merges {', '.join(continues)}")
        split_of = [old_id for old_id in continues if len(successors[old_id]) > 1]
        for old_id in split_of:
            details.append(f"{old_id} split into {', '.join(successors[old_id])}")
        if not merge and continues[0] in old_by_id:
            details.extend(_differences(old_by_id[continues[0]], requirement))
        change = Change(
            kind="changed" if details else "unchanged",
            id=requirement.id,
            title=requirement.title,
            previous=continues,
            details=tuple(details),
            merge=merge,
            split=bool(split_of),
        )
        (changed if details else unchanged).append(change)
    retired = [
        Change(kind="retired", id=r.id, title=r.title)
        for r in older.requirements
        if r.id not in successors
    ]
    return VersionChanges(
        framework=newer.id,
        older=older.id,
        newer=newer.id,
        title=_pair_title(older, newer),
        added=tuple(added),
        changed=tuple(changed),
        retired=tuple(retired),
        unchanged=tuple(unchanged),
    )


def _pair_title(older: Framework, newer: Framework) -> str:
    if older.title == newer.title:
        return f"{newer.title} {older.version} → {newer.version}"
    return f"{older.title} {older.version} → {newer.title} {newer.version}"


def _differences(old: Requirement, new: Requirement) -> list[str]:
    details: list[str] = []
    if old.id != new.id:
        details.append(f"renumbered from {old.id}")
    if old.title != new.title:
        details.append(f"title was {old.title!r}")
    if old.assessment != new.assessment:
        details.append(
            f"assessment {old.assessment or 'unstated'} → {new.assessment or 'unstated'}"
        )
    if old.profile != new.profile:
        details.append(f"profile {old.profile or 'unstated'} → {new.profile or 'unstated'}")
    return details


def release_changes(framework: Framework) -> tuple[VersionChanges, ...]:
    """The diff between each pair of consecutive releases of ``framework.releases``."""
    ordered = sorted(framework.releases, key=lambda r: r.date)
    return tuple(
        _release_pair(framework, older, newer) for older, newer in itertools.pairwise(ordered)
    )


def _release_pair(framework: Framework, older: Release, newer: Release) -> VersionChanges:
    new_ids = {p.choice_id for p in newer.practices}
    gone = [p for p in older.practices if p.choice_id not in new_ids]
    # choice id of a continuing practice -> the leaving practices it took in, with the word
    taken: dict[str, list[tuple[str, str]]] = {}
    merged: set[str] = set()
    for leaving in gone:
        words = _words(leaving.title)
        hosts = []
        for practice in newer.practices:
            before = older.practice(practice.choice_id)
            if before is None or before.title == practice.title:
                continue
            gained = (_words(practice.title) - _words(before.title)) & words
            if gained:
                hosts.append((practice.choice_id, sorted(gained)[0]))
        if len(hosts) == 1:
            host, word = hosts[0]
            taken.setdefault(host, []).append((leaving.choice_id, word))
            merged.add(leaving.choice_id)
    added: list[Change] = []
    changed: list[Change] = []
    unchanged: list[Change] = []
    for practice in newer.practices:
        before = older.practice(practice.choice_id)
        if before is None:
            added.append(
                Change(
                    kind="added",
                    id=practice.choice_id,
                    title=practice.title,
                    number=practice.number,
                )
            )
            continue
        details: list[str] = []
        if before.number != practice.number:
            details.append(f"renumbered from {before.number}")
        if before.title != practice.title:
            details.append(f"title was {before.title!r}")
        absorbed = taken.get(practice.choice_id, [])
        for choice_id, word in absorbed:
            number = _number(older, choice_id)
            details.append(f"takes in {choice_id} ({number}): its new title adds {word!r}")
        kind: ChangeKind = "changed" if details else "unchanged"
        item = Change(
            kind=kind,
            id=practice.choice_id,
            title=practice.title,
            number=practice.number,
            previous=(practice.choice_id, *(choice_id for choice_id, _ in absorbed)),
            details=tuple(details),
            merge=bool(absorbed),
        )
        (changed if details else unchanged).append(item)
    retired = tuple(
        Change(kind="retired", id=p.choice_id, title=p.title, number=p.number)
        for p in gone
        if p.choice_id not in merged
    )
    return VersionChanges(
        framework=framework.id,
        older=f"{framework.id}@{older.date}",
        newer=f"{framework.id}@{newer.date}",
        title=f"{framework.title}: release {older.date} → {newer.date}",
        added=tuple(added),
        changed=tuple(changed),
        retired=retired,
        unchanged=tuple(unchanged),
    )


def _number(release: Release, choice_id: str) -> str:
    practice = release.practice(choice_id)
    return practice.number if practice is not None else "?"


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", title.lower()) if len(w) > 3} - _COMMON


def catalog_changes(catalog: Catalog, newer: str | None = None) -> tuple[VersionChanges, ...]:
    """Every superseding pair of the catalog and every framework's release diffs, in the
    catalog's order; with ``newer``, only that framework's (a ``ConfigError`` when it
    supersedes nothing and has no releases)."""
    from secfound.errors import ConfigError

    if newer is not None:
        catalog.framework(newer)
    found: list[VersionChanges] = []
    for framework in catalog.frameworks.values():
        if newer is not None and framework.id != newer:
            continue
        if framework.supersedes is not None:
            found.append(version_changes(catalog.framework(framework.supersedes), framework))
        found.extend(release_changes(framework))
    if newer is not None and not found:
        versioned = sorted(
            f.id for f in catalog.frameworks.values() if f.supersedes or len(f.releases) > 1
        )
        raise ConfigError(
            f"framework {newer!r} supersedes no framework and has no releases to compare; "
            f"versioned: {', '.join(versioned) or 'none'}"
        )
    return tuple(found)


def standing(
    framework_id: str,
    requirement_id: str,
    status: RequirementStatus | None,
    adoption: Adoption,
) -> Standing:
    """The state of one requirement (None: not judged) and whether it is adopted."""
    if status is None:
        state, reason, attested = NOT_JUDGED, "", None
    else:
        state, reason, attested = str(status.state), status.reason, status.attested
    held = state == "passing" or (state == "manual" and attested is True)
    by: Literal["config", "evidence"] | None = None
    if adoption.covers(framework_id, requirement_id):
        by = "config"
    elif held:
        by = "evidence"
    return Standing(
        state=state, adopted=by is not None, adopted_by=by, attested=attested, reason=reason
    )


def judge(
    changes: VersionChanges,
    statuses: Mapping[str, RequirementStatus] | None,
    adoption: Adoption,
) -> VersionChanges:
    """``changes`` with a standing on each added and changed recommendation. ``statuses``
    are the requirement states of ``changes.framework`` by id; None: no stored evidence."""

    def judged(items: Sequence[Change]) -> tuple[Change, ...]:
        return tuple(
            replace(
                item,
                standing=standing(
                    changes.framework,
                    item.id,
                    statuses.get(item.id) if statuses is not None else None,
                    adoption,
                ),
            )
            for item in items
        )

    return replace(
        changes, added=judged(changes.added), changed=judged(changes.changed), judged=True
    )
