"""``Unresolved``: a value that a source could not work out, and that refuses to be guessed.

A template may build a value from a parameter with no default, a resource attribute
known only after deployment, or a function secfound does not evaluate. Such a value is an
``Unresolved`` carrying the source text of the expression. Taking its truth value,
comparing it, ordering it, iterating it, indexing it or asking it for an attribute raises
``UnresolvedValueError``; the engine turns that into an ``unknown`` finding naming the
expression. A check therefore cannot pass by accident on something nobody knows
(``if bucket.versioning_enabled:`` is unknown, not false). Where an unresolved value still
answers the question, a check says so explicitly, typically with ``is None`` /
``is not None``, ``is_unresolved()`` or ``matches_literal()``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TypeGuard, TypeVar

from secfound.errors import UnresolvedValueError

T = TypeVar("T")


class Unresolved:
    """A value that could not be resolved; ``expression`` is its source text.

    Two hints let a source say what it does know, so a question with a definite answer
    still gets one (see ``matches_literal``):

    - ``template``: the value's text with the known parts filled in and each unknown part
      written ``${...}``, as in ``arn:aws:s3:::${var.bucket}/*`` (it is certainly not ``*``).
    - ``identifier``: the value is the id, name or ARN of a resource the source declares
      (``!Ref Bucket``, ``aws_kms_key.k.arn``): one specific value, never a wildcard.
    """

    __slots__ = ("expression", "identifier", "may_be_absent", "template")

    expression: str
    template: str | None
    identifier: bool
    may_be_absent: bool

    def __init__(
        self,
        expression: str,
        *,
        template: str | None = None,
        identifier: bool = False,
        may_be_absent: bool = False,
    ) -> None:
        object.__setattr__(self, "expression", expression)
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "identifier", identifier)
        object.__setattr__(self, "may_be_absent", may_be_absent)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Unresolved is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by a scan's worker processes; the default would set slots one by one.
        return (
            _unresolved,
            (self.expression, self.template, self.identifier, self.may_be_absent),
        )

    def _refuse(self, operation: str) -> NoReturn:
        raise UnresolvedValueError(self.expression, operation)

    def __getattr__(self, name: str) -> NoReturn:
        # Only reached for names the class does not define: a check asking a property of
        # an unresolved object (``bucket.public_access_block.all_enabled()``).
        if name.startswith("__"):
            raise AttributeError(name)
        self._refuse(f"attribute {name}")

    def __bool__(self) -> bool:  # noqa: PLE0304
        self._refuse("truth value")

    def __eq__(self, other: object) -> bool:
        self._refuse("comparison")

    def __ne__(self, other: object) -> bool:
        self._refuse("comparison")

    def __lt__(self, other: object) -> bool:
        self._refuse("comparison")

    def __le__(self, other: object) -> bool:
        self._refuse("comparison")

    def __gt__(self, other: object) -> bool:
        self._refuse("comparison")

    def __ge__(self, other: object) -> bool:
        self._refuse("comparison")

    def __iter__(self) -> NoReturn:
        self._refuse("iteration")

    def __len__(self) -> int:  # noqa: PLE0303
        self._refuse("length")

    def __contains__(self, item: object) -> bool:
        self._refuse("membership test")

    def __getitem__(self, key: object) -> NoReturn:
        self._refuse("indexing")

    def __int__(self) -> int:
        self._refuse("conversion to int")

    def __float__(self) -> float:
        self._refuse("conversion to float")

    def __index__(self) -> int:  # noqa: PLE0305
        self._refuse("conversion to int")

    def __hash__(self) -> int:
        return hash(("Unresolved", self.expression))

    def __repr__(self) -> str:
        return f"Unresolved({self.expression!r})"

    def __str__(self) -> str:
        return f"<unresolved: {self.expression}>"

    def same_as(self, other: object) -> bool:
        """Structural equality for tests and parity checks (``==`` refuses on purpose)."""
        return isinstance(other, Unresolved) and other.expression == self.expression

    def could_equal(self, literal: str) -> bool | None:
        """True/False when the hints decide whether this value could be ``literal``; else None."""
        if self.template is not None:
            pattern = _template_pattern(self.template)
            if pattern.fullmatch(literal) is None:
                return False
            if "${" not in self.template:
                return True
            return None
        if self.identifier and literal in WILDCARD_LITERALS:
            return False
        return None


# Literals a resource identifier can never be: wildcards and "anywhere" networks.
WILDCARD_LITERALS = frozenset({"*", "*:*", "0.0.0.0/0", "::/0"})


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\$\{[^}]*\}", template)
    return re.compile(".*".join(re.escape(p) for p in parts), re.DOTALL)


def matches_literal(value: Any, literal: str) -> bool:
    """``value == literal``, answered from an ``Unresolved``'s hints where they decide.

    Raises ``UnresolvedValueError`` when they do not: nobody knows.
    """
    if isinstance(value, Unresolved):
        answer = value.could_equal(literal)
        if answer is None:
            value._refuse("comparison")
        return answer
    return bool(value == literal)


def is_unresolved(value: Any) -> TypeGuard[Unresolved]:
    """True when ``value`` is an ``Unresolved``; never raises."""
    return isinstance(value, Unresolved)


def is_set(value: Any) -> bool:
    """True when the source sets ``value`` (it is not None), whatever the value is.

    An ``Unresolved`` from an expression (a template's ``!Ref Key``) is set: the value is
    unknown, but something is there. One that may stand for nothing at all (a live read
    that was denied: ``may_be_absent``) raises ``UnresolvedValueError``, so a check asking
    "is a key configured?" says unknown rather than passing on what nobody saw.
    """
    if value is None:
        return False
    if isinstance(value, Unresolved) and value.may_be_absent:
        value._refuse("presence test")
    return True


def definitely_matching(items: Iterable[T], predicate: Callable[[T], bool]) -> list[T]:
    """The items for which ``predicate`` is certainly true.

    One item that certainly matches decides a question such as "is any rule open to the
    internet?" whatever the others say, so an unknown item must not hide a known failure.
    But no certain match among items that could not be judged is not a "no": when nothing
    matches and ``predicate`` raised ``UnresolvedValueError`` for some item, the first such
    error is raised again (the engine reports ``unknown``).
    """
    found: list[T] = []
    undecided: UnresolvedValueError | None = None
    for item in items:
        try:
            if predicate(item):
                found.append(item)
        except UnresolvedValueError as exc:
            undecided = undecided or exc
    if not found and undecided is not None:
        raise undecided
    return found


def known(value: T | Unresolved, operation: str = "use") -> T:
    """``value`` itself, or ``UnresolvedValueError`` when it could not be resolved.

    For code that must have the real value to go on (a policy document it is about to
    read), so the refusal happens at the point of use with the expression's text.
    """
    if isinstance(value, Unresolved):
        value._refuse(operation)
    return value


def _unresolved(
    expression: str, template: str | None, identifier: bool, may_be_absent: bool
) -> Unresolved:
    return Unresolved(
        expression, template=template, identifier=identifier, may_be_absent=may_be_absent
    )
