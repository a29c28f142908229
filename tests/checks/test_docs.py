"""docs/checks.md is generated from the registry and must not go stale."""

from __future__ import annotations

from secfound.checks.docs import DOCS_FILE, current_markdown


def test_checks_page_is_current() -> None:
    assert DOCS_FILE.exists(), "docs/checks.md is missing: run make docs"
    assert DOCS_FILE.read_text(encoding="utf-8") == current_markdown(), (
        "docs/checks.md is stale: run make docs"
    )


def test_page_lists_every_check_by_service() -> None:
    page = current_markdown()
    assert "## s3" in page and "## general" in page
    assert "`aws.config.recorder_enabled`" in page
    assert "FSBP Config.1" in page and "CIS 3.3" in page
