"""The one exception tree of secfound.

Every error secfound raises on purpose is a ``SecfoundError``; each class carries the
exit code the command line uses for it, so ``cli`` never guesses::

    SecfoundError                      exit 2 unless said otherwise
    ├── ConfigError                    bad flags, .secfound.yaml, catalog or case files
    ├── SourceError                    an input could not be read as asked
    │   ├── TemplateError              unparsable CloudFormation or Terraform, with file:line
    │   └── CredentialsError           no usable AWS credentials
    ├── CheckDefinitionError           a check module breaks the check convention
    ├── WorkerError                    a scan's worker process failed or died
    ├── IntegrationError               a service secfound writes to (the WA Tool) refused a call
    ├── DiagramError                   Graphviz failed or timed out rendering a diagram
    └── StoreError                     database unavailable, migration needed
        └── RunNotFoundError           no stored run, or several, match a run id (prefix)

``UnresolvedValueError`` is not in the tree on purpose: it is raised *inside* a check when
the check touches a value that could not be resolved, and the engine turns it into an
``unknown`` finding. It must never reach a user as an error.
"""

from __future__ import annotations

from pathlib import Path


class SecfoundError(Exception):
    """Base of every error secfound raises on purpose."""

    exit_code = 2


class ConfigError(SecfoundError):
    """A flag, configuration file or catalog file is wrong; says where when it can."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")
        self.message = message


class SourceError(SecfoundError):
    """An input (file, directory, account) could not be read as asked."""


class TemplateError(SourceError):
    """A CloudFormation template or Terraform file could not be read or parsed."""

    def __init__(
        self,
        message: str,
        *,
        path: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = path if line is None else f"{path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


class CredentialsError(SourceError):
    """No usable AWS credentials were found."""


class CheckDefinitionError(SecfoundError):
    """A check module does not follow the check convention (DESIGN.md, "A check")."""


class WorkerError(SecfoundError):
    """A process a scan was split over failed; carries the exit code of the error it met."""

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class IntegrationError(SecfoundError):
    """A service secfound answers to (the AWS Well-Architected Tool) refused or failed a
    call: access denied, workload not found, throttled beyond the retries."""


class DiagramError(SecfoundError):
    """Graphviz could not render the diagram (it failed, or took longer than allowed)."""


class StoreError(SecfoundError):
    """The findings database is unavailable or needs a migration."""


class RunNotFoundError(StoreError):
    """A run id or prefix matches no stored run, or more than one."""


class UnresolvedValueError(Exception):
    """A check used a value that could not be resolved (truth value, comparison, iteration).

    Carries the expression text so the ``unknown`` finding can say what was not known.
    """

    def __init__(self, expression: str, operation: str) -> None:
        self.expression = expression
        self.operation = operation
        super().__init__(f"depends on {expression}, which could not be resolved")
