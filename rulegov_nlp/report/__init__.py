"""Looking at reports: one record as highlighted HTML (``render``, for notebooks) and a corpus
as one self-contained HTML page with charts (``write_report``, ``rulegov report``)."""

from __future__ import annotations

from rulegov_nlp.report.page import ReportExtraMissing, build_page, require_report_extra, write_report
from rulegov_nlp.report.view import DISPLACY_OPTIONS, LABEL_COLORS, RenderedReport, render

__all__ = [
    "DISPLACY_OPTIONS",
    "LABEL_COLORS",
    "RenderedReport",
    "ReportExtraMissing",
    "build_page",
    "render",
    "require_report_extra",
    "write_report",
]
