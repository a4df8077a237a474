"""The corpus report: one self-contained HTML file with the summary and a view per report.

Everything the page needs is inside it: CSS, the charts' Vega-Lite specs and the Vega,
Vega-Lite and vega-embed JavaScript (bundled by vl-convert, Altair's own offline source),
so nothing is fetched from the network when it opens.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from rulegov_nlp.report.summary import chart_specs, misspellings, report_rows
from rulegov_nlp.report.view import LABEL_COLORS, report_view, templates
from rulegov_nlp.vocabulary import ENTITY_LABELS

REPORT_EXTRA_HINT = "the report needs the 'report' extra: pip install 'rulegov-nlp[report]'"
CLOSING_SCRIPT = re.compile(r"</(script)", re.IGNORECASE)


class ReportExtraMissing(RuntimeError):
    """Altair or vl-convert is not installed."""


def require_report_extra() -> None:
    """Fail early, with the install command, when the chart libraries are missing."""
    try:
        import altair  # noqa: F401
        import vl_convert  # noqa: F401
    except ImportError as exc:
        raise ReportExtraMissing(f"{REPORT_EXTRA_HINT} ({exc})") from None


def write_report(records: list[dict[str, Any]], path: str | Path, *, title: str = "rulegov report") -> Path:
    """Write the page for ``records`` to ``path`` (folders are created) and return the path."""
    path = Path(path)
    html = build_page(records, title=title)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def build_page(records: list[dict[str, Any]], *, title: str = "rulegov report") -> str:
    """The page as one HTML string: summary first, then every report in input order."""
    require_report_extra()
    specs = chart_specs(records)
    return (
        templates()
        .get_template("page.html")
        .render(
            title=title,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            rows=report_rows(records),
            misspellings=misspellings(records),
            charts=specs,
            chart_json=script_safe(json.dumps({k: v for k, v in specs.items() if v}, ensure_ascii=False)),
            views=[report_view(record, index) for index, record in enumerate(records)],
            labels=ENTITY_LABELS,
            colors=LABEL_COLORS,
            vega_bundle=vega_bundle(),
        )
    )


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script, for the Vega-Lite version Altair writes."""
    import altair as alt
    import vl_convert

    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return script_safe(vl_convert.javascript_bundle(vl_version=f"v{major}_{minor}"))


def script_safe(source: str) -> str:
    """Text that cannot close its ``<script>`` element early (``<\\/script`` means the same in JS)."""
    return CLOSING_SCRIPT.sub(r"<\\/\1", source)
