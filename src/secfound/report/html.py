"""The HTML report: one self-contained page a reader opens from disk, offline.

Everything the page needs is in the file: the stylesheet and the script are read from
``templates/`` and inlined, the posture chart is inline SVG, and nothing is fetched (no
CDN, no web font, no image but ``data:``). The page is rendered by Jinja2 with autoescaping
on and ``StrictUndefined``: resource names, tags, messages and check ids come from files a
pull request's author controls, so every one of them is escaped text, never markup.

A Content-Security-Policy ``<meta>`` tag comes first in ``<head>``: ``default-src 'none'``,
and the inline script and stylesheet allowed by their SHA-256 hashes only. Were an escaping
bug ever to let a tag through, the browser would still refuse to run an injected script or
event handler, or to load anything from anywhere. The script reads what it filters from the
DOM (``data-*`` attributes, ``textContent``) and never turns strings into markup, so the
page embeds no JSON at all.

What is listed and what only counted (passed findings) is decided in ``html_view``; see its
docstring for the numbers behind the choice. The "Security services" matrix of a live run
comes from ``services_view``, from the run's resources and findings alone, so a stored run
draws the same matrix as the assessment that made it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from secfound.report.html_view import GROUP_CAP, PASSED_LIMIT, VIEW_GROUPS, build_view
from secfound.report.model import RunReport
from secfound.report.posture import PosturePoint, with_current
from secfound.report.posture_chart import build_chart

if TYPE_CHECKING:
    import jinja2

    from secfound.checks.registry import Registry
    from secfound.controls.status import AttestationRecord
    from secfound.store.effectiveness import Effectiveness
    from secfound.threats.register import Register

TEMPLATE = "report.html.j2"


def render_html(
    report: RunReport,
    *,
    history: Sequence[PosturePoint] = (),
    registry: Registry | None = None,
    passed_limit: int = PASSED_LIMIT,
    trend: Effectiveness | None = None,
    threats: Register | None = None,
    attestations: Mapping[str, AttestationRecord] | None = None,
) -> str:
    """The report page of ``report``.

    ``attestations``: the store's latest attestation per objective (None: no store at
    hand, and the objectives section says manual controls were not read).

    ``history``: posture points of earlier runs of the same scope (from the store); the
    chart always draws ``report`` itself, alone when there is no history. ``registry``
    gives each check's rationale and remediation (default: the built-in checks).
    ``trend``: the effectiveness of the scope's runs up to this one (from the store), for
    the control objectives' pass-rate strips. ``threats``: a threat register (the latest
    snapshot of the same store) for the "Threat register" section; none, no section.
    """
    from markupsafe import Markup

    from secfound.checks.registry import builtin_registry
    from secfound.report.services_view import STATE_LEGEND, report_matrix

    known = registry if registry is not None else builtin_registry()
    script = _asset("report.js")
    style = _asset("report.css")
    points = with_current(tuple(history), report)
    summary = report.summary()
    template = _environment().get_template(TEMPLATE)
    return template.render(
        report=report,
        summary=summary,
        view=build_view(report, known, passed_limit=passed_limit),
        chart=build_chart(points, report.run_id),
        points=points,
        csp=content_security_policy(script=script, style=style),
        script=Markup(script),
        style=Markup(style),
        started=_when(report.started),
        finished=_when(report.finished),
        seconds=f"{(report.finished - report.started).total_seconds():.2f}",
        open_failures=sum(summary.failed_by_severity.values()),
        group_cap=GROUP_CAP,
        view_groups=VIEW_GROUPS,
        services=report_matrix(report),
        service_legend=STATE_LEGEND,
        controls=_controls(report, known, trend, attestations),
        threats=_threats(threats),
    )


def _threats(register: Register | None) -> Any:
    """The "Threat register" section (``report.threats_view``), or None."""
    if register is None:
        return None
    from secfound.report.threats_view import build_threats_view

    return build_threats_view(register)


def render_register_html(register: Register) -> str:
    """A self-contained page holding the threat register alone (no script at all)."""
    from markupsafe import Markup

    from secfound._version import __version__

    style = _asset("report.css")
    policy = "; ".join(
        (
            "default-src 'none'",
            f"style-src '{_sha256(style)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    return (
        _environment()
        .get_template("register.html.j2")
        .render(
            csp=policy,
            style=Markup(style),
            threats=_threats(register),
            tool_version=__version__,
        )
    )


def _controls(
    report: RunReport,
    registry: Registry,
    trend: Effectiveness | None,
    attestations: Mapping[str, AttestationRecord] | None,
) -> Any:
    """The "Control objectives" section (``report.controls_view``)."""
    from secfound.controls.assessment import status_inputs
    from secfound.controls.catalog import load_catalog
    from secfound.report.controls_view import build_controls_view

    catalog = load_catalog(registry=registry)
    objectives, _ = status_inputs(catalog, registry, None)
    groups: Sequence[Any] = ()
    if trend is not None:
        from secfound.controls.effectiveness import objective_effectiveness

        groups = objective_effectiveness(trend, catalog.serving)
    return build_controls_view(
        report,
        objectives,
        {o.id: (o.title, o.type) for o in catalog.objectives.values()},
        trend=groups,
        trend_runs=[run.id for run in trend.runs] if trend is not None else (),
        today=datetime.now(UTC).date(),
        attestations=attestations,
    )


def content_security_policy(*, script: str, style: str) -> str:
    """Nothing may load; only the page's own inline script and stylesheet may apply."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(style)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _asset(name: str) -> str:
    """A file of ``templates/`` to inline. ``</`` in it would end its element early (and
    the hash would no longer match what the browser sees), so it is refused."""
    text = resources.files("secfound.report").joinpath("templates", name).read_text("utf-8")
    if "</" in text:
        raise ValueError(f"templates/{name} contains '</' and cannot be inlined")
    return text


def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("secfound.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
