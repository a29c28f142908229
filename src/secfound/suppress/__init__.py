"""Suppressions and baselines: why a failing finding does not count, and who said so.

Three sources, applied after the engine and before any report, in this order:

1. **inline**: ``# secfound:ignore <check-id> [until=YYYY-MM-DD] [owner=NAME] <reason>``
   (or ``//``) on the comment lines right above a resource or inside its block; in
   CloudFormation also ``Metadata: {secfound: {ignore: [{check, reason, until, owner}]}}``.
   ``#checkov:skip=<CKV id>:<reason>`` (and Checkov's ``Metadata.checkov.skip``) suppress
   the checks that cite that Checkov id, so a repository migrates without edits.
2. **config**: ``suppressions`` in ``.secfound.yaml``, by check id or glob, resource
   address glob and path glob.
3. **baseline**: ``--baseline FILE`` holds the fingerprints of findings already known;
   only new findings fail.

A suppression needs a reason. One past its ``until`` date no longer applies: the finding
fails again and its message says the suppression expired (a baseline does not hide it
either: a dated decision outranks a blanket one). A malformed directive is an input error
at file:line, never a silent suppression. Suppressed findings stay in every report.
"""
