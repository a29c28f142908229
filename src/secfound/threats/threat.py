"""Rules and the threats they raise: the contract between the matcher, the scoring, the
register and the diagram.

A **rule** (``threats/rules/*.yaml``) says which elements a threat applies to (a STRIDE
category per element and per flow), with its CAPEC, CWE and ATT&CK ids, how likely it
is, and the control objectives that mitigate it. The matcher raises one **threat** per
rule and matching element. Its id is ``<rule id>@<element id>``: it stays the same
across edits of the rest of the model, so decisions (accepted, false positive) and
history follow it.

Risk is likelihood x impact, each on a 1 to 5 scale (docs/threats.md):

* likelihood comes from the rule (how easy and common the attack is);
* impact comes from the data the element holds or carries: the highest classification
  among its assets (public 1, internal 2, confidential 4, restricted 5), raised to at least
  the rule's own floor (``impact_floor``: a rule about taking over an account is severe
  whatever data is involved).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from secfound.threats.model import Classification

__all__ = [
    "IMPACT_OF_CLASSIFICATION",
    "STRIDE",
    "ElementKind",
    "Rule",
    "Stride",
    "Threat",
    "risk_band",
    "threat_id",
]


class Stride(enum.StrEnum):
    SPOOFING = "spoofing"
    TAMPERING = "tampering"
    REPUDIATION = "repudiation"
    INFORMATION_DISCLOSURE = "information-disclosure"
    DENIAL_OF_SERVICE = "denial-of-service"
    ELEVATION_OF_PRIVILEGE = "elevation-of-privilege"


STRIDE = tuple(Stride)

ElementKind = Literal["component", "flow", "actor", "boundary"]

IMPACT_OF_CLASSIFICATION = {
    Classification.PUBLIC: 1,
    Classification.INTERNAL: 2,
    Classification.CONFIDENTIAL: 4,
    Classification.RESTRICTED: 5,
}


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One threat rule as its file states it; ``condition`` is the matcher's parsed tree."""

    id: str
    title: str
    description: str
    applies_to: ElementKind
    stride: Stride
    likelihood: int  # 1..5
    impact_floor: int = 1  # 1..5
    capec: tuple[str, ...] = ()  # "CAPEC-94"
    cwe: tuple[str, ...] = ()  # "CWE-319"
    attack: tuple[str, ...] = ()  # "T1190"
    mitigations: tuple[str, ...] = ()  # control objective ids
    condition: Any = None
    references: tuple[str, ...] = ()
    pack: str = ""  # "secfound-core@1"
    source: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Threat:
    """A rule raised on one element of the model."""

    id: str
    rule: Rule
    element_id: str
    element_kind: ElementKind
    element_name: str
    likelihood: int
    impact: int
    # The resources whose evidence bears on it: the element's own (a flow: both ends').
    resources: tuple[str, ...] = ()
    data: tuple[str, ...] = ()  # asset ids involved

    @property
    def inherent(self) -> int:
        return self.likelihood * self.impact

    @property
    def stride(self) -> Stride:
        return self.rule.stride

    @property
    def mitigations(self) -> tuple[str, ...]:
        return self.rule.mitigations


def threat_id(rule_id: str, element_id: str) -> str:
    """The stable id of the threat ``rule_id`` raises on ``element_id``."""
    return f"{rule_id}@{element_id}"


def risk_band(score: int) -> str:
    """critical (20-25), high (12-19), medium (6-11), low (1-5), none (0)."""
    if score >= 20:
        return "critical"
    if score >= 12:
        return "high"
    if score >= 6:
        return "medium"
    if score >= 1:
        return "low"
    return "none"
