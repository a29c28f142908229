"""A custom WA Tool lens for SEC 1 whose choices are the wa-sec01 requirements.

The lens (format ``schemaVersion`` 2021-11-01) has one pillar, ``security``, and one
question, ``securely_operate``, with one choice per practice of a framework release
(default: the latest release of wa-sec01's ``releases`` table), its id the WA Tool choice
id, so ``secfound wa answer --lens-alias <lens ARN> --question-id securely_operate``
answers it from the same evidence as the AWS lens.

Its risk rules, first true rule wins:

1. every choice selected → ``NO_RISK``;
2. every high-risk practice selected (the others are not) → ``MEDIUM_RISK``;
3. ``default`` → ``HIGH_RISK``: some high-risk practice is missing.

The high-risk practices are those whose "level of risk exposed if not established" is
High on AWS's framework pages (separate accounts, secure the account, control
objectives, threats); the others (pipelines, threat model, recommendations, new services,
management scope, standard controls) weigh less. A framework without any high-risk
practice gets ``MEDIUM_RISK`` as its default.

``lens_problems`` holds a document to the format's rules (ids within the lengths the
API model gives, a ``default`` rule last, conditions naming only the question's choices),
and ``evaluate_risk`` applies the rules to a selection, as the Tool does. Conditions are
parsed by a small recursive-descent parser, never evaluated as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from secfound.errors import ConfigError

if TYPE_CHECKING:
    from secfound.controls.frameworks import Framework

__all__ = [
    "HIGH_RISK_CHOICES",
    "LENS_QUESTION_ID",
    "SCHEMA_VERSION",
    "build_lens",
    "evaluate_risk",
    "lens_problems",
    "parse_condition",
]

SCHEMA_VERSION = "2021-11-01"
PILLAR_ID = "security"
LENS_QUESTION_ID = "securely_operate"
RISKS = ("HIGH_RISK", "MEDIUM_RISK", "NO_RISK")

HIGH_RISK_CHOICES = frozenset(
    {
        "sec_securely_operate_multi_accounts",
        "sec_securely_operate_aws_account",
        "sec_securely_operate_control_objectives",
        "sec_securely_operate_updated_threats",
    }
)

# Lengths: ids as the service model bounds them (PillarId 64, QuestionId 128, ChoiceId 64);
# lens name 128 and descriptions 2048 as the lens format guide gives; titles and texts
# kept to the stricter of the guide and the model.
NAME_MAX = 128
DESCRIPTION_MAX = 2048
PILLAR_ID_MAX = 64
QUESTION_ID_MAX = 128
CHOICE_ID_MAX = 64
TITLE_MAX = 128
TEXT_MAX = 1024
_ID = re.compile(r"^[A-Za-z0-9_]+$")


def build_lens(
    framework: Framework,
    *,
    release: str | None = None,
    docs_url: str | None = None,
) -> dict[str, Any]:
    """The lens document for ``framework`` (its ``release``, default the latest)."""
    choices = [
        _choice(choice_id, title, framework, label, docs_url)
        for choice_id, title, label in _practices(framework, release)
    ]
    ids = [choice["id"] for choice in choices]
    chosen = release or (max(r.date for r in framework.releases) if framework.releases else None)
    edition = f" (framework release {chosen})" if chosen else ""
    document = {
        "schemaVersion": SCHEMA_VERSION,
        "name": _fit("secfound SEC 1 evidence", NAME_MAX),
        "description": _fit(
            "SEC 1 of the AWS Well-Architected security pillar"
            f"{edition}, answered by secfound from stored evidence: a practice is selected "
            "when the checks and attested manual controls of its objectives pass. "
            "Risk: high while a high-risk practice is missing, medium while another is, "
            "none when every practice is selected.",
            DESCRIPTION_MAX,
        ),
        "pillars": [
            {
                "id": PILLAR_ID,
                "name": "Security",
                "questions": [
                    {
                        "id": LENS_QUESTION_ID,
                        "title": "SEC 1. How do you securely operate your workload?",
                        "description": _fit(
                            "Each choice is a practice of SEC 1, keyed by its WA Tool "
                            "choice id; 'secfound wa answer' selects it from evidence.",
                            DESCRIPTION_MAX,
                        ),
                        "choices": choices,
                        "riskRules": risk_rules(ids),
                    }
                ],
            }
        ],
    }
    problems = lens_problems(document)
    if problems:  # a bug, not a user error: say what is wrong rather than write it
        raise ConfigError("the lens would not import: " + "; ".join(problems))
    return document


def _practices(framework: Framework, release: str | None) -> list[tuple[str, str, str]]:
    """(choice id, title, label) of the release's practices, by number; or every requirement."""
    if not framework.releases:
        if release is not None:
            raise ConfigError(f"framework {framework.id} has no releases table")
        return [(r.id, r.title, "") for r in framework.requirements]
    by_date = {r.date: r for r in framework.releases}
    wanted = release or max(by_date)
    found = by_date.get(wanted)
    if found is None:
        raise ConfigError(
            f"framework {framework.id} has no release {wanted}; known: {', '.join(sorted(by_date))}"
        )
    practices = sorted(found.practices, key=lambda p: p.number)
    return [
        (p.choice_id, f"{p.number} {p.title}", f"{p.number}, release {wanted}") for p in practices
    ]


def _choice(
    choice_id: str, title: str, framework: Framework, label: str, docs_url: str | None
) -> dict[str, Any]:
    objectives: tuple[str, ...] = ()
    for requirement in framework.requirements:
        if requirement.id == choice_id:
            objectives = requirement.objectives + requirement.checks
    served = ", ".join(objectives) if objectives else "nothing yet (not covered)"
    plan: dict[str, str] = {
        "displayText": _fit(
            f"secfound judges this practice by: {served}. 'secfound controls status "
            "--framework wa-sec01' lists what fails; fix it, attest the manual controls, "
            "then run 'secfound wa answer' again.",
            TEXT_MAX,
        )
    }
    if docs_url:
        plan["url"] = docs_url
    helpful = f"AWS Well-Architected Framework, SEC 1{f' {label}' if label else ''}"
    return {
        "id": choice_id,
        "title": _fit(title, TITLE_MAX),
        "helpfulResource": {"displayText": _fit(helpful, TEXT_MAX), "url": framework.source},
        "improvementPlan": plan,
    }


def risk_rules(choice_ids: Sequence[str]) -> list[dict[str, str]]:
    """The ordered rules of the module docstring for these choices."""
    high = [c for c in choice_ids if c in HIGH_RISK_CHOICES]
    rules = [{"condition": " && ".join(choice_ids), "risk": "NO_RISK"}]
    if high and len(high) < len(choice_ids):
        rules.append({"condition": " && ".join(high), "risk": "MEDIUM_RISK"})
    rules.append({"condition": "default", "risk": "HIGH_RISK" if high else "MEDIUM_RISK"})
    return rules


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- conditions: ID, !, &&, ||, parentheses --------------------------------------------

_TOKEN = re.compile(r"\s*(?:(&&)|(\|\|)|(!)|(\()|(\))|([A-Za-z0-9_]+))")

Node = tuple[Any, ...]  # ("id", name) | ("not", node) | ("and"|"or", left, right)


def parse_condition(text: str) -> Node:
    """The tree of a risk-rule condition; ``ValueError`` says where it is malformed."""
    tokens = _tokenize(text)
    node, position = _or(tokens, 0)
    if position != len(tokens):
        raise ValueError(f"unexpected {tokens[position]!r} in {text!r}")
    return node


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:
            raise ValueError(f"cannot read {stripped[position:]!r} in {text!r}")
        tokens.append(next(group for group in match.groups() if group is not None))
        position = match.end()
    if not tokens:
        raise ValueError("empty condition")
    return tokens


def _or(tokens: list[str], position: int) -> tuple[Node, int]:
    node, position = _and(tokens, position)
    while position < len(tokens) and tokens[position] == "||":
        right, position = _and(tokens, position + 1)
        node = ("or", node, right)
    return node, position


def _and(tokens: list[str], position: int) -> tuple[Node, int]:
    node, position = _not(tokens, position)
    while position < len(tokens) and tokens[position] == "&&":
        right, position = _not(tokens, position + 1)
        node = ("and", node, right)
    return node, position


def _not(tokens: list[str], position: int) -> tuple[Node, int]:
    if position >= len(tokens):
        raise ValueError("condition ends too early")
    token = tokens[position]
    if token == "!":
        inner, position = _not(tokens, position + 1)
        return ("not", inner), position
    if token == "(":
        inner, position = _or(tokens, position + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise ValueError("missing ')'")
        return inner, position + 1
    if token in ("&&", "||", ")"):
        raise ValueError(f"unexpected {token!r}")
    return ("id", token), position + 1


def names_in(node: Node) -> set[str]:
    if node[0] == "id":
        return {node[1]}
    return set().union(*(names_in(child) for child in node[1:]))


def holds(node: Node, selected: Iterable[str] | set[str]) -> bool:
    chosen = selected if isinstance(selected, set) else set(selected)
    kind = node[0]
    if kind == "id":
        return node[1] in chosen
    if kind == "not":
        return not holds(node[1], chosen)
    if kind == "and":
        return holds(node[1], chosen) and holds(node[2], chosen)
    return holds(node[1], chosen) or holds(node[2], chosen)


def evaluate_risk(question: Mapping[str, Any], selected: Iterable[str]) -> str:
    """The risk the Tool gives ``question`` for this selection: the first rule that holds."""
    chosen = set(selected)
    for rule in question["riskRules"]:
        if rule["condition"] == "default" or holds(parse_condition(rule["condition"]), chosen):
            return str(rule["risk"])
    raise ValueError("no rule holds and there is no default")


# -- the format's rules ------------------------------------------------------------------


def lens_problems(document: Mapping[str, Any]) -> list[str]:
    """Every way ``document`` breaks the lens format; empty when it imports."""
    problems: list[str] = []
    if document.get("schemaVersion") != SCHEMA_VERSION:
        problems.append(f"schemaVersion must be {SCHEMA_VERSION}")
    _text(problems, "name", document.get("name"), NAME_MAX)
    _text(problems, "description", document.get("description"), DESCRIPTION_MAX, required=False)
    pillars = document.get("pillars")
    if not isinstance(pillars, list) or not pillars:
        return [*problems, "pillars must be a non-empty list"]
    seen: set[str] = set()
    for pillar in pillars:
        pid = pillar.get("id")
        _id(problems, "pillar id", pid, PILLAR_ID_MAX, seen)
        _text(problems, f"pillar {pid} name", pillar.get("name"), NAME_MAX)
        questions = pillar.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.append(f"pillar {pid} needs questions")
            continue
        for question in questions:
            _question(problems, question, seen)
    return problems


def _question(problems: list[str], question: Mapping[str, Any], seen: set[str]) -> None:
    qid = question.get("id")
    _id(problems, "question id", qid, QUESTION_ID_MAX, seen)
    _text(problems, f"question {qid} title", question.get("title"), TITLE_MAX)
    _text(
        problems,
        f"question {qid} description",
        question.get("description"),
        DESCRIPTION_MAX,
        required=False,
    )
    choices = question.get("choices")
    if not isinstance(choices, list) or not choices:
        problems.append(f"question {qid} needs choices")
        return
    choice_ids: set[str] = set()
    for choice in choices:
        cid = choice.get("id")
        _id(problems, f"question {qid} choice id", cid, CHOICE_ID_MAX, seen)
        if isinstance(cid, str):
            choice_ids.add(cid)
        _text(problems, f"choice {cid} title", choice.get("title"), TITLE_MAX)
        helpful = choice.get("helpfulResource")
        if helpful is not None:
            _content(problems, f"choice {cid} helpfulResource", helpful)
        plan = choice.get("improvementPlan")
        if not isinstance(plan, Mapping):
            problems.append(f"choice {cid} needs an improvementPlan")
        else:
            _content(problems, f"choice {cid} improvementPlan", plan)
    _rules(problems, qid, question.get("riskRules"), choice_ids)


def _rules(problems: list[str], qid: Any, rules: Any, choice_ids: set[str]) -> None:
    if not isinstance(rules, list) or not rules:
        problems.append(f"question {qid} needs riskRules")
        return
    defaults = [i for i, rule in enumerate(rules) if rule.get("condition") == "default"]
    if len(defaults) != 1:
        problems.append(f"question {qid} needs exactly one default rule, has {len(defaults)}")
    elif defaults[0] != len(rules) - 1:
        problems.append(f"question {qid}: the default rule must come last")
    for rule in rules:
        if rule.get("risk") not in RISKS:
            problems.append(f"question {qid}: risk {rule.get('risk')!r} is not one of {RISKS}")
        condition = rule.get("condition")
        if condition == "default":
            continue
        if not isinstance(condition, str):
            problems.append(f"question {qid}: a condition must be a string")
            continue
        try:
            names = names_in(parse_condition(condition))
        except ValueError as exc:
            problems.append(f"question {qid}: {exc}")
            continue
        unknown = sorted(names - choice_ids)
        if unknown:
            problems.append(f"question {qid}: a condition names no choice {', '.join(unknown)}")


def _id(problems: list[str], what: str, value: Any, limit: int, seen: set[str]) -> None:
    if not isinstance(value, str) or not value:
        problems.append(f"{what} is missing")
        return
    if len(value) > limit:
        problems.append(f"{what} {value} is longer than {limit} characters")
    if not _ID.match(value):
        problems.append(f"{what} {value} may hold only letters, digits and underscores")
    if value in seen:
        problems.append(f"{what} {value} is used twice")
    seen.add(value)


def _text(problems: list[str], what: str, value: Any, limit: int, *, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{what} is missing")
    elif len(value) > limit:
        problems.append(f"{what} is longer than {limit} characters")


def _content(problems: list[str], what: str, content: Mapping[str, Any]) -> None:
    _text(problems, f"{what} displayText", content.get("displayText"), TEXT_MAX)
    url = content.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith("https://")):
        problems.append(f"{what} url must be an https:// address")
    elif isinstance(url, str) and len(url) > TEXT_MAX:
        problems.append(f"{what} url is longer than {TEXT_MAX} characters")
