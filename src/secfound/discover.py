"""Walking the paths given to ``scan``: which files are CloudFormation, which directories
hold Terraform, and which files were passed over (shown with ``-v``).

Symlinks are followed once: a symlink loop, a dangling link or an unreadable directory is
an ``InputError`` for that path, and the walk goes on.
"""

from __future__ import annotations

import errno
import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from secfound.collect.files import relative_path
from secfound.findings import InputError

TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")
# Folders that never hold the configuration under review: tool caches, dependencies, VCS.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".terraform",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "cdk.out",
    }
)


@dataclass
class Discovery:
    """What a walk found under one repository root."""

    root: Path
    template_candidates: list[Path] = field(default_factory=list)
    terraform_dirs: list[Path] = field(default_factory=list)
    passed_over: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    # Terraform files given one by one (pre-commit passes the changed files), resolved, and
    # the folders they alone stand for: a folder also walked whole is not in ``partial``.
    terraform_files: set[Path] = field(default_factory=set)
    partial_dirs: set[Path] = field(default_factory=set)
    # The folders evaluated as root modules (scan.root_modules_of fills it once, before a
    # scan is split over processes, so no process reads the module calls again).
    root_modules: list[Path] | None = None


def repository_root(path: Path) -> Path:
    """The git top level above ``path``, else the scanned directory itself."""
    start = path if path.is_dir() else path.parent
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def is_terraform_file(name: str) -> bool:
    return name.endswith((".tf", ".tf.json"))


def discover(paths: Sequence[Path], root: Path, *, exclude: Sequence[str] = ()) -> Discovery:
    """Classify every file under ``paths``; ``exclude`` holds globs on root-relative paths."""
    found = Discovery(root=root)
    tf_dirs: dict[Path, None] = {}
    walked: set[Path] = set()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            found.errors.append(InputError(path=str(path), message="no such file or directory"))
            continue
        if path.is_file():
            _classify(path, found, tf_dirs, exclude)
            if is_terraform_file(path.name) and path.parent.resolve() in tf_dirs:
                found.terraform_files.add(path.resolve())
                found.partial_dirs.add(path.parent.resolve())
            continue
        for file in _walk(path, found, exclude):
            _classify(file, found, tf_dirs, exclude)
            if is_terraform_file(file.name):
                walked.add(file.parent.resolve())
    found.terraform_dirs = list(tf_dirs)
    found.partial_dirs -= walked
    return found


def _excluded(relative: str, exclude: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) for pattern in exclude)


def _classify(
    path: Path, found: Discovery, tf_dirs: dict[Path, None], exclude: Sequence[str]
) -> None:
    relative = relative_path(path, found.root)
    if _excluded(relative, exclude):
        found.passed_over.append(f"{relative} (excluded by configuration)")
        return
    if path.is_symlink() and not path.exists():
        found.errors.append(InputError(path=relative, message="dangling symlink"))
        return
    name = path.name
    if is_terraform_file(name):
        tf_dirs.setdefault(path.parent.resolve(), None)
    elif name.endswith(TEMPLATE_SUFFIXES):
        found.template_candidates.append(path)
    else:
        found.passed_over.append(f"{relative} (not a CloudFormation or Terraform file)")


def _walk(top: Path, found: Discovery, exclude: Sequence[str]) -> Iterable[Path]:
    """Files under ``top``, following symlinks but never the same real directory twice."""
    seen: set[str] = set()
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            real = os.path.realpath(directory)
        except OSError as exc:  # pragma: no cover - realpath rarely fails
            found.errors.append(InputError(path=str(directory), message=str(exc)))
            continue
        if real in seen:
            if directory.is_symlink():
                found.errors.append(
                    InputError(
                        path=relative_path(directory, found.root),
                        message="symlink loop: points back to a directory already scanned",
                    )
                )
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            found.errors.append(
                InputError(
                    path=relative_path(directory, found.root),
                    message=f"cannot list directory: {exc.strerror or exc}",
                )
            )
            continue
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError as exc:
                message = "symlink loop" if exc.errno == errno.ELOOP else str(exc.strerror)
                found.errors.append(
                    InputError(path=relative_path(path, found.root), message=message)
                )
                continue
            if is_dir:
                if entry.name in SKIPPED_DIRS or (entry.name.startswith(".") and path != top):
                    continue
                if _excluded(relative_path(path, found.root), exclude):
                    found.passed_over.append(f"{relative_path(path, found.root)}/ (excluded)")
                    continue
                subdirs.append(path)
            elif entry.is_symlink() and not path.exists():
                if _is_self_loop(path):
                    found.errors.append(
                        InputError(path=relative_path(path, found.root), message="symlink loop")
                    )
                else:
                    yield path
            else:
                yield path
        stack.extend(reversed(subdirs))


def _is_self_loop(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False
