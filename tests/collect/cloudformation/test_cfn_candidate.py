"""Telling a template keeps the document it read, so a template is parsed once."""

from __future__ import annotations

from pathlib import Path

from secfound.collect.cloudformation import inspect_candidate, load_template

TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/app
"""


def test_a_whole_template_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(TEMPLATE)
    candidate = inspect_candidate(path, TEMPLATE)
    assert candidate.is_template
    assert candidate.document is not None
    given = load_template(path, root=tmp_path, document=candidate.document)
    read = load_template(path, root=tmp_path)
    assert given == read
    assert [r.address for r in given.resources] == ["Queue"]


def test_a_first_document_of_several_is_not_kept(tmp_path: Path) -> None:
    text = TEMPLATE + "---\nother: document\n"
    path = tmp_path / "t.yaml"
    path.write_text(text)
    candidate = inspect_candidate(path, text)
    assert candidate.is_template  # judged on its first document, as before
    assert candidate.document is None  # so load_template reads it all and says why it fails


def test_other_yaml_is_not_a_template(tmp_path: Path) -> None:
    text = "steps:\n  - run: make\n"
    assert not inspect_candidate(tmp_path / "ci.yaml", text).is_template
