"""Reports: one ``RunReport`` per run, rendered as a table, JSON and (later) more formats."""

from secfound.report.model import FORMATS, RunReport, Summary

__all__ = ["FORMATS", "RunReport", "Summary"]
