"""Reading input files safely: size limit, binary and encoding checks, relative paths.

Every source reads through ``read_source_text`` so a bad file becomes a ``TemplateError``
naming the file (and line, where one applies) instead of a crash or a silent skip.
"""

from __future__ import annotations

import os
from pathlib import Path

from secfound.errors import TemplateError

# Larger inputs are refused: real templates and .tf files are far smaller, and a parser fed
# hundreds of megabytes would stall a pipeline. CloudFormation's own limit is 1 MB for a
# template in S3; 5 MiB leaves room for generated Terraform JSON.
MAX_SOURCE_BYTES = 5 * 1024 * 1024


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators; the absolute path if outside it.

    The path is taken as walked (symlinks not followed) so a link is reported under its own
    name; only when that is outside ``root`` is the real path tried.
    """
    for resolve in (os.path.abspath, _real_or_absolute):
        relative = os.path.relpath(resolve(path), resolve(root))
        if not relative.startswith(".."):
            return Path(relative).as_posix()
    return Path(os.path.abspath(path)).as_posix()


def _real_or_absolute(path: Path | str) -> str:
    """The real path; for a symlink loop (which cannot be resolved) the absolute path."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def read_source_bytes(path: Path, display: str, *, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The file's bytes; a ``TemplateError`` when it is unreadable or larger than ``limit``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TemplateError(f"cannot read: {exc.strerror or exc}", path=display) from exc
    if size > limit:
        raise TemplateError(
            f"file is {size:,} bytes, over the {limit:,}-byte limit for a source file",
            path=display,
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise TemplateError(f"cannot read: {exc.strerror or exc}", path=display) from exc
    if len(data) > limit:
        raise TemplateError(f"file grew past the {limit:,}-byte limit while read", path=display)
    return data


def decode_source(data: bytes, display: str) -> str:
    """UTF-8 text (a BOM is allowed); binary or other encodings are a ``TemplateError``."""
    if b"\x00" in data[:8192]:
        raise TemplateError("binary content (NUL bytes), not a text source file", path=display)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TemplateError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=display,
            line=line,
        ) from exc


def read_source_text(path: Path, display: str, *, limit: int = MAX_SOURCE_BYTES) -> str:
    return decode_source(read_source_bytes(path, display, limit=limit), display)
