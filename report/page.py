"""The report as one self-contained HTML page: Vega-Lite charts (made with Altair) and a table of counts under each.

The page needs nothing from the network: Vega, Vega-Lite and vega-embed are inlined from the bundle that the
``vl-convert-python`` package ships (the same bundle Altair inlines with ``inline=True``), chart data is inlined
in each spec, and the styles are in the page. Every string from the archive is escaped (HTML text, JSON inside a
script element), and example links are only made for http(s) or relative URLs.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import altair as alt

from report.aggregate import ALL_DIMENSION

LABEL_COLOURS = {  # the web page's colours (service/static/style.css)
    "sovereignty": "#d55e00",
    "security_concerns": "#0072b2",
    "cold_war_rhetoric": "#009e73",
    "whataboutism": "#cc79a7",
}
FALLBACK_COLOURS = ["#e69f00", "#56b4e9", "#f0e442", "#999999", "#882255", "#44aa99", "#332288", "#117733"]
DATE_FORMATS = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y", "quarter": "%b %Y", "year": "%Y"}


def label_colours(labels: list[str]) -> list[str]:
    extra = iter(FALLBACK_COLOURS * (len(labels) // len(FALLBACK_COLOURS) + 1))
    return [LABEL_COLOURS.get(name) or next(extra) for name in labels]


def _label_scale(labels: list[str]) -> alt.Scale:
    return alt.Scale(domain=labels, range=label_colours(labels))


# -- charts --------------------------------------------------------------------------------------------------
def over_time_chart(rows: list[dict], labels: list[str], dimension: str, unit: str, order: list[str]) -> dict:
    """Each label's share of sentences per group and period: one line per group, points sized by sentences."""
    values = [
        {
            "group": row["group"],
            "period": row["period"],
            "label": name,
            "share": row["share"][name],
            "labeled": row["labeled"][name],
            "sentences": row["sentences"],
            "articles": row["articles"],
        }
        for row in rows
        for name in labels
    ]
    x = alt.X(
        "period:T", title=f"{unit} (start)", scale=alt.Scale(type="utc"), axis=alt.Axis(format=DATE_FORMATS[unit])
    )
    y = alt.Y("share:Q", title="share of sentences", axis=alt.Axis(format="%"))
    colour = alt.Color("group:N", sort=order, title=_dimension_title(dimension), scale=alt.Scale(scheme="tableau20"))
    tooltip = [
        alt.Tooltip("group:N", title=_dimension_title(dimension)),
        alt.Tooltip("period:N", title=f"{unit} from"),
        alt.Tooltip("label:N", title="frame"),
        alt.Tooltip("share:Q", format=".1%"),
        alt.Tooltip("labeled:Q", title="sentences with the frame"),
        alt.Tooltip("sentences:Q", title="sentences"),
        alt.Tooltip("articles:Q"),
    ]
    line = alt.Chart().mark_line(strokeWidth=1.5).encode(x=x, y=y, color=colour)
    points = (
        alt.Chart()
        .mark_circle(opacity=0.85)
        .encode(
            x=x,
            y=y,
            color=colour,
            size=alt.Size("sentences:Q", title="sentences", scale=alt.Scale(range=[15, 260])),
            tooltip=tooltip,
        )
    )
    chart = (
        alt.layer(line, points, data=alt.Data(values=values))
        .properties(width=330, height=170)
        .facet(facet=alt.Facet("label:N", sort=labels, title=None), columns=2)
    )
    return _spec(chart)


def groups_chart(rows: list[dict], labels: list[str], dimension: str) -> dict:
    """Each label's share per group with its bootstrap interval, groups side by side (one panel per label)."""
    values = [
        {
            "group": row["group"],
            "label": name,
            "share": row["share"][name],
            "low": row["interval"][name][0],
            "high": row["interval"][name][1],
            "labeled": row["labeled"][name],
            "sentences": row["sentences"],
            "articles": row["articles"],
        }
        for row in rows
        for name in labels
    ]
    order = [row["group"] for row in rows]
    y = alt.Y("group:N", sort=order, title=None)
    colour = alt.Color("label:N", scale=_label_scale(labels), legend=None)
    tooltip = [
        alt.Tooltip("group:N", title=_dimension_title(dimension)),
        alt.Tooltip("label:N", title="frame"),
        alt.Tooltip("share:Q", format=".1%"),
        alt.Tooltip("low:Q", format=".1%", title="interval from"),
        alt.Tooltip("high:Q", format=".1%", title="interval to"),
        alt.Tooltip("labeled:Q", title="sentences with the frame"),
        alt.Tooltip("sentences:Q"),
        alt.Tooltip("articles:Q"),
    ]
    interval = (
        alt.Chart()
        .mark_rule(strokeWidth=2)
        .encode(y=y, x=alt.X("low:Q", title="share of sentences", axis=alt.Axis(format="%")), x2="high:Q", color=colour)
    )
    point = alt.Chart().mark_point(filled=True, size=55).encode(y=y, x="share:Q", color=colour, tooltip=tooltip)
    chart = (
        alt.layer(interval, point, data=alt.Data(values=values))
        .properties(width=190, height=alt.Step(20))
        .facet(column=alt.Column("label:N", sort=labels, title=None))
    )
    return _spec(chart)


def cooccurrence_chart(matrix: list[list[int]], labels: list[str]) -> dict:
    """Sentences carrying both labels (the diagonal: the label at all)."""
    values = [
        {
            "a": a,
            "b": b,
            "sentences": matrix[i][j],
            "of_a": round(matrix[i][j] / matrix[i][i], 4) if matrix[i][i] else 0.0,
        }
        for i, a in enumerate(labels)
        for j, b in enumerate(labels)
    ]
    base = alt.Chart().encode(
        x=alt.X("b:N", sort=labels, title=None, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("a:N", sort=labels, title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("sentences:Q", scale=alt.Scale(scheme="blues"), title="sentences"),
        tooltip=[
            alt.Tooltip("a:N", title="frame"),
            alt.Tooltip("b:N", title="with"),
            alt.Tooltip("sentences:Q"),
            alt.Tooltip("of_a:Q", format=".1%", title="of the first frame's sentences"),
        ],
    )
    text = base.mark_text(fontSize=12).encode(
        text="sentences:Q",
        color=alt.condition(alt.datum.of_a > 0.5, alt.value("white"), alt.value("#1a1a1a")),
    )
    return _spec(alt.layer(cells, text, data=alt.Data(values=values)).properties(width=300, height=300))


def speakers_chart(speakers: dict[str, list[dict]], labels: list[str]) -> dict:
    """The speakers who voice each frame most (sentences attributed to them that carry it)."""
    values = [{"label": name, **row} for name in labels for row in speakers[name]]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("sentences:Q", title="sentences with the frame"),
            y=alt.Y("speaker:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("label:N", scale=_label_scale(labels), legend=None),
            tooltip=[
                alt.Tooltip("label:N", title="frame"),
                alt.Tooltip("speaker:N"),
                alt.Tooltip("sentences:Q", title="sentences with the frame"),
                alt.Tooltip("attributed:Q", title="sentences attributed"),
                alt.Tooltip("share:Q", format=".1%", title="share of their sentences"),
            ],
        )
        .properties(width=230, height=alt.Step(16))
        .facet(facet=alt.Facet("label:N", sort=labels, title=None), columns=2)
        .resolve_scale(y="independent")
    )
    return _spec(chart)


def _spec(chart: Any) -> dict:
    return chart.configure_view(stroke="#ddd").configure_axis(labelFontSize=11, titleFontSize=11).to_dict()


def _dimension_title(dimension: str) -> str:
    return "archive" if dimension == ALL_DIMENSION else dimension


# -- page ----------------------------------------------------------------------------------------------------
@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite (the version Altair writes) and vega-embed as one script, from vl-convert's wheel."""
    import vl_convert

    version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
    # The stub marks ``snippet`` required; without it the bundle sets window.vegaEmbed (Altair calls it so too).
    bundle = vl_convert.javascript_bundle(vl_version=version)  # type: ignore[call-arg]
    return bundle.replace("</script", "<\\/script")


STYLE = """
:root { --ink: #1a1a1a; --paper: #fdfdfb; --muted: #5a5a5a; --rule: #ddd; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--paper); margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 1180px; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; } h2 { font-size: 1.2rem; margin: 2.2rem 0 0.3rem;
  border-top: 1px solid var(--rule); padding-top: 1rem; } h3 { font-size: 1rem; margin: 1.2rem 0 0.3rem; }
.lede, .note, caption { color: var(--muted); } .note { font-size: 0.9rem; margin: 0.2rem 0 0.6rem; }
nav a { margin-right: 1rem; } .chart { margin: 0.6rem 0; min-height: 60px; overflow-x: auto; }
.counts { overflow-x: auto; margin: 0.3rem 0 1rem; } .counts.long { max-height: 20rem; overflow-y: auto; }
td.num, th.num, td.period { white-space: nowrap; }
table { border-collapse: collapse; font-size: 0.85rem; }
caption { text-align: left; font-size: 0.85rem; padding: 0.2rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f3f3ef; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.3em;
  vertical-align: -0.05em; }
details { margin: 0.4rem 0; } summary { cursor: pointer; font-weight: 600; }
td.sentence { max-width: 44rem; } .speaker { color: var(--muted); font-size: 0.8rem; }
"""

SCRIPT = """
const specs = JSON.parse(document.getElementById("chart-specs").textContent);
for (const [id, spec] of Object.entries(specs)) {
  const element = document.getElementById(id);
  vegaEmbed(element, spec, { renderer: "svg", actions: false })
    .then(() => { element.dataset.rendered = "true"; })
    .catch((error) => { element.dataset.rendered = "error"; console.error(error); });
}
"""


def render_html(aggregates: dict, title: str | None = None) -> str:
    """The whole page for ``finalize``'s aggregates."""
    labels: list[str] = aggregates["labels"]
    unit = aggregates["by"]["time"]
    charts: dict[str, dict] = {}
    sections: list[str] = []
    nav: list[tuple[str, str]] = []
    for number, (dimension, rows) in enumerate(aggregates["groups"].items()):
        name = _dimension_title(dimension)
        order = [row["group"] for row in rows]
        if unit:
            anchor = f"time-{number}"
            nav.append((anchor, f"over time by {name}"))
            sections.append(_over_time_section(anchor, aggregates, dimension, order, charts))
        anchor = f"groups-{number}"
        nav.append((anchor, f"{name} compared"))
        charts[f"chart-{anchor}"] = groups_chart(rows, labels, dimension)
        sections.append(
            _section(
                anchor,
                f"Frames by {name}, side by side",
                f"Share of sentences carrying each frame, with {aggregates['settings']['confidence']:.0%} intervals "
                f"from {aggregates['settings']['bootstrap']:,} bootstrap resamples of articles.",
                f"chart-{anchor}",
                _groups_table(rows, labels, name),
            )
        )
    nav.append(("cooccurrence", "co-occurrence"))
    cooccurrence = aggregates["cooccurrence"]["counts"]
    charts["chart-cooccurrence"] = cooccurrence_chart(cooccurrence, labels)
    sections.append(
        _section(
            "cooccurrence",
            "Frames that occur together",
            "Sentences carrying both frames; the diagonal counts each frame's sentences.",
            "chart-cooccurrence",
            _matrix_table(cooccurrence, labels, aggregates["totals"]["none"]),
        )
    )
    nav.append(("speakers", "speakers"))
    speakers = aggregates["speakers"]
    if any(speakers.values()):
        charts["chart-speakers"] = speakers_chart(speakers, labels)
        sections.append(
            _section(
                "speakers",
                "Who voices each frame",
                "Speakers the attributor gives most sentences carrying the frame (the author's own voice is left out).",
                "chart-speakers",
                _speakers_table(speakers, labels),
            )
        )
    else:
        sections.append(
            _section("speakers", "Who voices each frame", "No sentence is attributed to a speaker.", None, "")
        )
    for number, (dimension, groups) in enumerate(aggregates["examples"].items()):
        anchor = f"examples-{number}"
        nav.append((anchor, f"examples by {_dimension_title(dimension)}"))
        sections.append(_examples_section(anchor, dimension, groups, labels))
    heading = title or f"Framing report: {Path(aggregates['source']).name}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_text(heading)}</title>",
            f"<style>{STYLE}</style>",
            f"<script>{vega_bundle()}</script>",
            "</head><body>",
            f"<h1>{_text(heading)}</h1>",
            _summary(aggregates),
            "<nav>" + "".join(f'<a href="#{anchor}">{_text(text)}</a>' for anchor, text in nav) + "</nav>",
            *sections,
            '<script type="application/json" id="chart-specs">' + _json_in_script(charts) + "</script>",
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
    )


def _over_time_section(anchor: str, aggregates: dict, dimension: str, order: list[str], charts: dict) -> str:
    labels, unit = aggregates["labels"], aggregates["by"]["time"]
    name = _dimension_title(dimension)
    rows = aggregates["over_time"].get(dimension, [])
    heading = f"Frames over time by {name}"
    if not rows:
        note = f"No article has a usable {aggregates['by']['date_field']!r}, so there is nothing to draw over time."
        return _section(anchor, heading, note, None, "")
    charts[f"chart-{anchor}"] = over_time_chart(rows, labels, dimension, unit, order)
    undated = aggregates["totals"]["articles"] - aggregates["totals"].get("dated_articles", 0)
    note = f"Share of sentences carrying each frame per {unit}; point size is the number of sentences."
    if undated:
        note += f" {undated:,} articles without a usable {aggregates['by']['date_field']!r} are left out here."
    table = _periods_table(rows, order, name, unit)
    return _section(anchor, heading, note, f"chart-{anchor}", table, long=len({row["period"] for row in rows}) > 12)


def _section(anchor: str, heading: str, note: str, chart_id: str | None, table: str, long: bool = False) -> str:
    chart = f'<div class="chart" id="{chart_id}" data-chart></div>' if chart_id else ""
    return (
        f'<section id="{anchor}"><h2>{_text(heading)}</h2><p class="note">{_text(note)}</p>{chart}'
        f'<div class="counts{" long" if long else ""}">{table}</div></section>'
    )


def _summary(aggregates: dict) -> str:
    totals, labels = aggregates["totals"], aggregates["labels"]
    by = aggregates["by"]
    parts = [f"{totals['articles']:,} articles, {totals['sentences']:,} sentences"]
    if by["groups"]:
        parts.append("compared by " + ", ".join(by["groups"]))
    if by["time"] and totals.get("periods"):
        parts.append(f"per {by['time']}, {totals['periods'][0]} to {totals['periods'][-1]}")
    swatches = " ".join(
        f'<span><span class="swatch" style="background:{colour}"></span>{_text(name)} '
        f"{totals['share'][name]:.1%} ({totals['labeled'][name]:,})</span>"
        for name, colour in zip(labels, label_colours(labels), strict=True)
    )
    none = totals["none"] / totals["sentences"] if totals["sentences"] else 0.0
    return (
        f'<p class="lede">{_text("; ".join(parts))}. Sentences carrying each frame: {swatches}; '
        f"no frame {none:.1%} ({totals['none']:,}).</p>"
    )


def _periods_table(rows: list[dict], order: list[str], name: str, unit: str) -> str:
    periods = sorted({row["period"] for row in rows})
    cells = {(row["group"], row["period"]): row for row in rows}
    head = f"<tr><th>{_text(unit)} from</th>{''.join(f'<th class=num>{_text(g)}</th>' for g in order)}</tr>"
    body = "".join(
        f'<tr><td class="period">{period}</td>'
        + "".join(
            f'<td class="num">{cells[(g, period)]["sentences"]:,} ({cells[(g, period)]["articles"]:,})</td>'
            if (g, period) in cells
            else '<td class="num">-</td>'
            for g in order
        )
        + "</tr>"
        for period in periods
    )
    return f"<table><caption>Sentences (articles) per {_text(unit)} and {_text(name)}</caption>{head}{body}</table>"


def _groups_table(rows: list[dict], labels: list[str], name: str) -> str:
    head = (
        f"<tr><th>{_text(name)}</th><th class=num>articles</th><th class=num>sentences</th>"
        + "".join(f"<th class=num>{_text(label)}</th>" for label in labels)
        + "</tr>"
    )
    body = "".join(
        f"<tr><td>{_text(row['group'])}</td><td class=num>{row['articles']:,}</td>"
        f"<td class=num>{row['sentences']:,}</td>"
        + "".join(
            f"<td class=num>{row['share'][label]:.1%} [{100 * row['interval'][label][0]:.1f}–"
            f"{100 * row['interval'][label][1]:.1f}] · {row['labeled'][label]:,}</td>"
            for label in labels
        )
        + "</tr>"
        for row in rows
    )
    caption = "Share of sentences with the frame [interval, %] · sentences with the frame"
    return f"<table><caption>{caption}</caption>{head}{body}</table>"


def _matrix_table(matrix: list[list[int]], labels: list[str], none: int) -> str:
    head = "<tr><th></th>" + "".join(f"<th class=num>{_text(label)}</th>" for label in labels) + "</tr>"
    body = "".join(
        f"<tr><th>{_text(label)}</th>" + "".join(f"<td class=num>{value:,}</td>" for value in row) + "</tr>"
        for label, row in zip(labels, matrix, strict=True)
    )
    caption = f"Sentences carrying both frames ({none:,} sentences carry none)"
    return f"<table><caption>{caption}</caption>{head}{body}</table>"


def _speakers_table(speakers: dict[str, list[dict]], labels: list[str]) -> str:
    head = (
        "<tr><th>frame</th><th>speaker</th><th class=num>with the frame</th><th class=num>attributed</th>"
        "<th class=num>share</th></tr>"
    )
    body = "".join(
        f"<tr><td>{_text(label)}</td><td>{_text(row['speaker'])}</td><td class=num>{row['sentences']:,}</td>"
        f"<td class=num>{row['attributed']:,}</td><td class=num>{row['share']:.1%}</td></tr>"
        for label in labels
        for row in speakers[label]
    )
    return f"<table><caption>Sentences per speaker</caption>{head}{body}</table>"


def _examples_section(anchor: str, dimension: str, groups: dict[str, dict[str, list[dict]]], labels: list[str]) -> str:
    name = _dimension_title(dimension)
    blocks = []
    for label, colour in zip(labels, label_colours(labels), strict=True):
        rows = [(group, example) for group, by_label in groups.items() for example in by_label[label]]
        body = "".join(
            f"<tr><td>{_text(group)}</td><td class=num>{example['score']:.3f}</td>"
            f'<td class="sentence">{_text(example["text"])}'
            + (f' <span class="speaker">({_text(example["speaker"])})</span>' if example["speaker"] else "")
            + f"</td><td>{_article_link(example)}</td></tr>"
            for group, example in rows
        )
        table = (
            f"<table><tr><th>{_text(name)}</th><th class=num>score</th><th>sentence (speaker)</th><th>article</th></tr>"
            f"{body}</table>"
            if rows
            else '<p class="note">No sentence carries this frame.</p>'
        )
        blocks.append(
            f'<details><summary><span class="swatch" style="background:{colour}"></span>{_text(label)}'
            f" ({len(rows)})</summary>{table}</details>"
        )
    return (
        f'<section id="{anchor}"><h2>Highest-scoring sentences per frame and {_text(name)}</h2>'
        f'<p class="note">Sentences carrying the frame with the highest score, up to a few per group '
        "(open a frame to list them).</p>"
        f"{''.join(blocks)}</section>"
    )


def _article_link(example: dict) -> str:
    label = f"{_text(example['id'])} #{example['index']}"
    link = example.get("link")
    if link and urlsplit(link).scheme in ("http", "https", ""):
        return f'<a href="{html.escape(link, quote=True)}">{label}</a>'
    return label


def _text(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _json_in_script(value: Any) -> str:
    """JSON that cannot end its script element or open a comment: every ``<`` becomes ``\\u003c``."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
