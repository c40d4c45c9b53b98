"""``pmlint report --format html``: the action-item dashboard as one self-contained HTML file.

The page works offline and loads nothing: its CSS and its small script are inline and allowed by a
Content-Security-Policy that names their hashes, the charts are inline SVG, and the only URLs are the
ledger's links to trackers (plain links, ``rel="noopener noreferrer"``). Everything from the report is
HTML-escaped, with control characters and bidi overrides made visible first. The page is complete
without JavaScript; the script only adds sorting (column header buttons; numbers and dates sort as
such) and filtering (a text box and a status select) to the ledger. A fragment such as
``#sort=due&order=desc&status=overdue&q=database`` opens the ledger sorted and filtered, so a link can
share a view (the browser test uses it too). The output depends only on the report: the same report
gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
import html
import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from pmlint.output.escape import for_annotation

Report = Mapping[str, Any]

_STYLE = """
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de;
  --panel: #f6f8fa; --done: #1a7f37; --open: #8c959f; --bad: #cf222e; --good: #1a7f37; --accent: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --panel: #161b22;
    --done: #3fb950; --open: #8b949e; --bad: #ff7b72; --good: #3fb950; --accent: #58a6ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
p { margin: 6px 0; }
a { color: var(--accent); }
.lead, .note, caption, .muted, .none { color: var(--muted); }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 8px 0 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; margin: 0; }
.figure { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px;
  overflow-wrap: anywhere; }
.figure dt { font-weight: 600; }
.figure dd { margin: 0; }
.figure .value { font-size: 2rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.figure .note { font-size: 0.85rem; }
.verdict { font-weight: 600; }
.verdict.bad, .overdue-text { color: var(--bad); }
.verdict.good { color: var(--good); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding: 4px 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
td.num, time, .status { white-space: nowrap; }
td.action { min-width: 12em; width: 30%; }
td.owner { min-width: 5em; }
td.ident { min-width: 6.5em; }
td.doc { min-width: 11em; }
td.links { min-width: 9em; }
thead th { background: var(--panel); position: sticky; top: 0; }
th.num, td.num { text-align: right; }
th[data-type]:not(.num) { white-space: nowrap; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0;
  cursor: pointer; text-align: inherit; }
/* The arrows are decoration (aria-sort says the order): an empty alternative text keeps them out of the
   buttons' names where the browser supports it. */
th button::after { content: " \\2195"; content: " \\2195" / ""; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \\2191"; content: " \\2191" / ""; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \\2193"; content: " \\2193" / ""; color: var(--fg); }
th button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--accent); }
.status { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px;
  white-space: nowrap; font-size: 0.85rem; }
.status-done { border-color: var(--done); }
.status-open, .status-in-progress { border-color: var(--open); }
tr.is-overdue td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
.generated { color: var(--muted); font-style: italic; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: end; margin: 8px 0; }
.controls label { display: flex; flex-direction: column; font-weight: 600; font-size: 0.9rem; }
.controls input, .controls select { font: inherit; padding: 4px 6px; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 4px; min-width: 14em; }
.chart { max-width: 100%; height: auto; }
/* On a narrow screen a wide table scrolls by itself rather than the whole page (its heading row is then
   not sticky, which needs the page to be the scroller). */
@media (max-width: 900px) { .table-scroll { overflow-x: auto; } }
.chart text { fill: var(--fg); font-size: 12px; }
.chart .axis { stroke: var(--muted); }
.chart .grid { stroke: var(--line); }
.bar-done, .swatch-done { fill: var(--done); }
.bar-open, .swatch-open { fill: url(#hatch-open); stroke: var(--open); }
.hatch-line { stroke: var(--open); stroke-width: 2; }
.cell-bar { display: block; margin: 2px 0 0 auto; }
#owners-table, #findings-table { max-width: 760px; }
.cell-bar rect { fill: var(--accent); }
.cell-bar .bar-overdue { fill: var(--bad); }
details { margin: 8px 0; }
li, p { overflow-wrap: anywhere; }
summary { cursor: pointer; }
ul.plain { padding-left: 20px; }
footer { margin-top: 40px; padding-bottom: 24px; font-size: 0.85rem; color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
#script-errors { color: var(--bad); }
@media print {
  :root { color-scheme: light; --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --panel: #fff; }
  nav, .controls, #ledger-count { display: none !important; }
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  thead th { position: static; }
  tr, .figure, svg { break-inside: avoid; }
  th button::after { content: none; }
  a { color: inherit; }
}
"""

_SCRIPT = """
(function () {
  "use strict";
  var errors = document.getElementById("script-errors");
  function note(message) {
    var item = document.createElement("li");
    item.textContent = String(message);
    errors.appendChild(item);
    errors.hidden = false;
    errors.setAttribute("data-count", String(errors.children.length));
  }
  window.addEventListener("error", function (event) { note(event.message); });
  var consoleError = console.error;
  console.error = function () {
    note(Array.prototype.join.call(arguments, " "));
    consoleError.apply(console, arguments);
  };

  var table = document.getElementById("ledger");
  if (!table || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  /* Each row's cells, read once into plain arrays. */
  var cells = rows.map(function (row) {
    var list = [];
    for (var cell = row.firstElementChild; cell; cell = cell.nextElementSibling) { list.push(cell); }
    return list;
  });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var controls = document.getElementById("ledger-controls");
  var search = document.getElementById("ledger-search");
  var status = document.getElementById("ledger-status");
  var count = document.getElementById("ledger-count");
  var none = document.getElementById("ledger-none");
  var collator = new Intl.Collator("en", {numeric: true, sensitivity: "base"});
  var sorted = {index: -1, descending: false};

  function value(position, index) {
    var cell = cells[position][index];
    var given = cell.getAttribute("data-sort");
    return given === null ? cell.textContent.trim() : given;
  }
  function compare(a, b, type) {
    if (type === "number") { return Number(a) - Number(b); }
    if (type === "date") { return a < b ? -1 : (a > b ? 1 : 0); }
    return collator.compare(a, b);
  }
  function sortBy(index, descending) {
    var type = headers[index].getAttribute("data-type");
    var keyed = rows.map(function (row, position) {
      return {row: row, value: value(position, index), position: position};
    });
    keyed.sort(function (a, b) {
      var emptyA = a.value === "", emptyB = b.value === "";
      if (emptyA !== emptyB) { return emptyA ? 1 : -1; }  /* unknown values last either way */
      var order = emptyA ? 0 : compare(a.value, b.value, type);
      return (descending ? -order : order) || a.position - b.position;
    });
    /* Emptied at once, then refilled: moving thousands of rows one by one is slow in Chromium. */
    body.textContent = "";
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (entry) { fragment.appendChild(entry.row); });
    body.appendChild(fragment);
    headers.forEach(function (header, position) {
      if (position === index) {
        header.setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else {
        header.removeAttribute("aria-sort");
      }
    });
    sorted = {index: index, descending: descending};
    table.setAttribute("data-sorted-by", headers[index].getAttribute("data-key") +
                       (descending ? " descending" : " ascending"));
  }
  function matchesStatus(row, wanted) {
    var state = row.getAttribute("data-status");
    if (wanted === "") { return true; }
    if (wanted === "overdue") { return row.getAttribute("data-overdue") === "true"; }
    if (wanted === "not done") { return state === "open" || state === "in progress"; }
    return state === wanted;
  }
  function filter() {
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, position) {
      var visible = matchesStatus(row, status.value) && words.every(function (word) {
        return texts[position].indexOf(word) >= 0;
      });
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " action items.";
    none.hidden = shown > 0;
    table.setAttribute("data-visible", String(shown));
  }
  headers.forEach(function (header, index) {
    if (header.getAttribute("data-type") === null) { return; }
    var button = document.createElement("button");
    button.type = "button";
    while (header.firstChild) { button.appendChild(header.firstChild); }
    header.appendChild(button);
    button.addEventListener("click", function () {
      sortBy(index, sorted.index === index && !sorted.descending);
    });
  });
  search.addEventListener("input", filter);
  status.addEventListener("change", filter);

  /* The fragment opens a view: #sort=KEY&order=desc&status=STATUS&q=WORDS. */
  function applyFragment() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    /* As a person would: the boxes are set and their own events filter the rows. */
    if (params.has("q")) {
      search.value = params.get("q");
      search.dispatchEvent(new Event("input"));
    }
    if (params.has("status")) {
      var wanted = params.get("status");
      var known = Array.prototype.some.call(status.options, function (option) { return option.value === wanted; });
      status.value = known ? wanted : "";
      status.dispatchEvent(new Event("change"));
    }
    var key = params.get("sort");
    var index = headers.findIndex(function (header) {
      return header.getAttribute("data-key") === key && header.getAttribute("data-type") !== null;
    });
    if (index >= 0) {
      var button = headers[index].querySelector("button");
      sorted = {index: -1, descending: false};
      button.click();
      if (params.get("order") === "desc") { button.click(); }
    }
  }
  window.addEventListener("hashchange", applyFragment);
  controls.hidden = false;
  filter();
  applyFragment();
  table.setAttribute("data-ready", "true");
})();
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# Nothing from the network, no plugins, no forms, no <base>; only this page's own style and script.
_CSP = (f"default-src 'none'; style-src '{_sha256(_STYLE)}'; script-src '{_sha256(_SCRIPT)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'")

_STATUSES = ("open", "in progress", "done", "not doing")

# The ledger's columns: key (for the fragment and the tests), heading, sort type (None: not sortable),
# and whether the column holds numbers (right-aligned).
_COLUMNS = (
    ("id", "ID", "text", False),
    ("action", "Action", "text", False),
    ("owner", "Owner", "text", False),
    ("due", "Due", "date", False),
    ("status", "Status", "number", False),
    ("overdue", "Days overdue", "number", True),
    ("incident", "Incident", "date", False),
    ("age", "Age (days)", "number", True),
    ("document", "Document", "text", False),
    ("links", "Links", None, False),
)


def render(report: Report) -> str:
    """The dashboard for ``report`` (the dict ``pmlint report --format json`` prints) as one HTML page."""
    metrics = report.get("metrics") or {}
    as_of = _text(report.get("as_of"))
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"referrer\" content=\"no-referrer\">\n",
        "<link rel=\"icon\" href=\"data:,\">\n",
        f"<title>Post-mortem action items{' as of ' + _e(as_of) if as_of else ''}</title>\n",
        f"<style>{_STYLE}</style>\n</head>\n<body>\n",
        _header(report),
        "<main>\n",
        _figures(report, metrics),
        _completion_chart(metrics.get("completion_over_time") or []),
        _owners(metrics.get("by_owner") or []),
        _overdue(report),
        _findings(metrics.get("findings_by_rule") or []),
        _repeats(metrics.get("repeat_incidents") or {}),
        _ledger(report.get("action_items") or [], _date(report.get("as_of"))),
        _documents(report.get("documents") or []),
        _errors(report.get("errors") or []),
        "</main>\n",
        _footer(report),
        "<ul id=\"script-errors\" hidden data-count=\"0\" aria-label=\"Script errors\"></ul>\n",
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


# -- the parts of the page ---------------------------------------------------------------------------


def _header(report: Report) -> str:
    as_of = _text(report.get("as_of"))
    sections = [("figures", "Key figures"), ("completion", "Completion over time"), ("owners", "By owner"),
                ("overdue", "Overdue"), ("findings", "Findings per rule"), ("repeats", "Repeat incidents"),
                ("ledger", "Action items"), ("documents", "Post-mortems")]
    if report.get("errors"):
        sections.append(("errors", "Unreadable files"))
    links = "".join(f"<li><a href=\"#{key}-heading\">{label}</a></li>" for key, label in sections)
    date_text = f"As of <time datetime=\"{_e(as_of)}\">{_e(as_of)}</time>. " if as_of else ""
    return ("<header>\n<h1>Post-mortem action items and effectiveness</h1>\n"
            f"<p class=\"lead\">{date_text}Every action item of the repository's post-mortems, and the "
            "guide's measures of how well they are followed up.</p>\n"
            f"<nav aria-label=\"Sections\"><ul>{links}</ul></nav>\n</header>\n")


def _figures(report: Report, metrics: Mapping[str, Any]) -> str:
    completion = metrics.get("completion") or {}
    publication = metrics.get("publication") or {}
    repeats = metrics.get("repeat_incidents") or {}
    limit = report.get("publication_limit_hours")
    window = report.get("completion_window_days")
    documents = _int(metrics.get("documents"))
    items = _int(metrics.get("action_items"))
    done, total = _int(completion.get("done")), _int(completion.get("total"))
    overdue = _int(metrics.get("overdue"))

    document_note = "post-mortems read"
    errors = report.get("errors") or []
    if errors:
        document_note += f"; {_count(len(errors), 'file')} could not be read"
    completion_notes = [f"{done} of {total} done"]
    if completion.get("rate_by_due") is not None:
        completion_notes.append(f"{_percent(completion.get('rate_by_due'))} of the "
                                f"{_int(completion.get('due_passed'))} past their due date were done by it")
    if completion.get("rate_within_window") is not None and window is not None:
        completion_notes.append(f"{_percent(completion.get('rate_within_window'))} done within "
                                f"{_e(window)} days of the incident")
    overdue_verdict = (_verdict(False, "nothing past its due date") if overdue == 0
                       else _verdict(True, "past the due date and not done"))
    figures = [
        ("documents", "Post-mortems", str(documents), document_note),
        ("action-items", "Action items", str(items), _status_counts(report.get("action_items") or [])),
        ("completion-rate", "Completion rate", _percent(completion.get("rate")), "; ".join(completion_notes)),
        ("overdue", "Overdue", str(overdue), overdue_verdict),
        ("publication-median", "Median time to publication", _hours(publication.get("median_hours")),
         _against_limit(publication.get("median_hours"), limit, publication, longest=False)),
        ("publication-p90", "90th percentile time to publication", _hours(publication.get("p90_hours")),
         _against_limit(publication.get("p90_hours"), limit, publication, longest=True)),
        ("repeat-rate", "Repeat-incident rate", _percent(repeats.get("rate")),
         f"{_int(repeats.get('documents_with_repeat'))} of {_count(documents, 'post-mortem')} share a service, "
         "component or root cause with another"),
    ]
    body = "".join(
        f"<div class=\"figure\" id=\"figure-{key}\"><dt>{label}</dt><dd class=\"value\" id=\"figure-{key}-value\">{value}</dd>"
        f"<dd class=\"note\">{note}</dd></div>\n"
        for key, label, value, note in figures)
    return (_heading("figures", "Key figures")
            + f"<dl class=\"figures\">\n{body}</dl>\n</section>\n")


def _status_counts(items: Sequence[Mapping[str, Any]]) -> str:
    counts = {status: 0 for status in _STATUSES}
    for item in items:
        status = _text(item.get("status"))
        counts[status] = counts.get(status, 0) + 1
    shown = [f"{number} {_e(status)}" for status, number in counts.items() if number]
    return ", ".join(shown) if shown else "none found"


def _against_limit(hours: Any, limit: Any, publication: Mapping[str, Any], longest: bool) -> str:
    known = _int(publication.get("known"))
    if _number(hours) is None or _number(limit) is None:
        return "unknown: no post-mortem gives both its resolution and its publication time"
    over = float(hours) > float(limit)
    verdict = _verdict(over, f"over the {_hours(limit)} limit" if over else f"within the {_hours(limit)} limit")
    if not longest:
        return f"{verdict}; {_int(publication.get('over_limit'))} of {_count(known, 'post-mortem')} took longer"
    note = verdict
    if publication.get("longest_hours") is not None:
        note += f"; the longest took {_hours(publication.get('longest_hours'))}"
        if publication.get("longest_path"):
            note += f" (<span class=\"path\">{_path(publication.get('longest_path'))}</span>)"
    return note


def _completion_chart(months: Sequence[Mapping[str, Any]]) -> str:
    head = _heading("completion", "Completion over time")
    intro = ("<p>Action items by the month of their incident: the solid part of each bar is done, the "
             "hatched part is not (yet). The share done is written above each bar.</p>\n")
    if not months:
        return head + intro + "<p class=\"none\">No action item has a known incident date.</p>\n</section>\n"
    width, height = 760, 280
    left, right, top, bottom = 56, 16, 28, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max(_int(month.get("items")) for month in months) or 1
    step = _nice_step(highest)
    top_value = step * math.ceil(highest / step)
    slot = plot_w / len(months)
    bar_w = max(2.0, min(48.0, slot * 0.7))
    label_every = max(1, math.ceil(len(months) / max(1, int(plot_w // 56))))

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / top_value

    out = [f"<svg class=\"chart\" id=\"completion-chart\" role=\"img\" aria-labelledby=\"completion-title "
           f"completion-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" "
           "xmlns=\"http://www.w3.org/2000/svg\">",
           "<title id=\"completion-title\">Action items done per incident month</title>",
           f"<desc id=\"completion-desc\">{_e(_chart_summary(months))}</desc>",
           "<defs><pattern id=\"hatch-open\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><line class=\"hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/>"
           "</pattern></defs>"]
    tick = 0
    while tick <= top_value:
        ty = _num(y(tick))
        out.append(f"<line class=\"grid\" x1=\"{left}\" x2=\"{width - right}\" y1=\"{ty}\" y2=\"{ty}\"/>"
                   f"<text x=\"{left - 6}\" y=\"{_num(y(tick) + 4)}\" text-anchor=\"end\">{tick}</text>")
        tick += step
    out.append(f"<line class=\"axis\" x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{top + plot_h}\"/>"
               f"<line class=\"axis\" x1=\"{left}\" x2=\"{width - right}\" y1=\"{top + plot_h}\" "
               f"y2=\"{top + plot_h}\"/>")
    for position, month in enumerate(months):
        items, done = _int(month.get("items")), _int(month.get("done"))
        label = _text(month.get("month"))
        x = left + slot * position + (slot - bar_w) / 2
        tip = f"{label}: {done} of {items} done ({_percent(month.get('rate'))})"
        out.append(f"<g><title>{_e(tip)}</title>")
        if done:
            out.append(f"<rect class=\"bar-done\" x=\"{_num(x)}\" y=\"{_num(y(done))}\" width=\"{_num(bar_w)}\" "
                       f"height=\"{_num(y(0) - y(done))}\"/>")
        if items > done:
            out.append(f"<rect class=\"bar-open\" x=\"{_num(x)}\" y=\"{_num(y(items))}\" width=\"{_num(bar_w)}\" "
                       f"height=\"{_num(y(done) - y(items))}\"/>")
        out.append("</g>")
        centre = _num(x + bar_w / 2)
        if bar_w >= 26 and month.get("rate") is not None:
            out.append(f"<text x=\"{centre}\" y=\"{_num(y(items) - 5)}\" text-anchor=\"middle\">"
                       f"{_percent(month.get('rate'))}</text>")
        if position % label_every == 0:
            out.append(f"<text x=\"{centre}\" y=\"{top + plot_h + 16}\" text-anchor=\"middle\">{_e(label)}</text>")
    out.append(f"<text x=\"{left + plot_w / 2:g}\" y=\"{height - 22}\" text-anchor=\"middle\">"
               "Month of the incident</text>")
    out.append(f"<text transform=\"translate(14 {top + plot_h / 2:g}) rotate(-90)\" text-anchor=\"middle\">"
               "Action items</text>")
    legend_y = height - 8
    out.append(f"<rect class=\"swatch-done\" x=\"{left}\" y=\"{legend_y - 10}\" width=\"12\" height=\"12\"/>"
               f"<text x=\"{left + 18}\" y=\"{legend_y}\">Done</text>"
               f"<rect class=\"swatch-open\" x=\"{left + 80}\" y=\"{legend_y - 10}\" width=\"12\" height=\"12\"/>"
               f"<text x=\"{left + 98}\" y=\"{legend_y}\">Not done</text>")
    out.append("</svg>\n")
    rows = "".join(
        f"<tr><th scope=\"row\">{_e(month.get('month'))}</th><td class=\"num\">{_int(month.get('items'))}</td>"
        f"<td class=\"num\">{_int(month.get('done'))}</td><td class=\"num\">{_percent(month.get('rate'))}</td></tr>"
        for month in months)
    table = ("<details id=\"completion-data\"><summary>The chart's numbers</summary>\n"
             "<table id=\"completion-table\"><caption>Action items done per incident month</caption>\n"
             "<thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Action items</th>"
             "<th scope=\"col\" class=\"num\">Done</th><th scope=\"col\" class=\"num\">Share done</th></tr></thead>\n"
             f"<tbody>{rows}</tbody></table>\n</details>\n")
    return head + intro + "".join(out) + table + "</section>\n"


def _chart_summary(months: Sequence[Mapping[str, Any]]) -> str:
    first, last = months[0], months[-1]
    items = sum(_int(month.get("items")) for month in months)
    done = sum(_int(month.get("done")) for month in months)
    return (f"{len(months)} months from {_text(first.get('month'))} to {_text(last.get('month'))}: "
            f"{done} of {items} action items done. The table below the chart lists every month.")


def _owners(owners: Sequence[Mapping[str, Any]]) -> str:
    head = _heading("owners", "Open and overdue by owner")
    if not owners:
        return head + "<p class=\"none\">No action item names an owner.</p>\n</section>\n"
    largest = max(max(_int(owner.get(key)) for key in ("open", "overdue", "done")) for owner in owners) or 1
    rows = []
    for owner in owners:
        cells = "".join(f"<td class=\"num\">{_int(owner.get(key))}{_cell_bar(_int(owner.get(key)), largest, key)}</td>"
                        for key in ("open", "overdue", "done"))
        rows.append(f"<tr><th scope=\"row\">{_e(owner.get('owner'))}</th>{cells}</tr>\n")
    return (head + "<table id=\"owners-table\"><caption>Action items per owner, most overdue first.</caption>\n"
            "<thead><tr><th scope=\"col\">Owner</th><th scope=\"col\" class=\"num\">Open</th>"
            "<th scope=\"col\" class=\"num\">Overdue</th><th scope=\"col\" class=\"num\">Done</th></tr></thead>\n"
            f"<tbody>\n{''.join(rows)}</tbody></table>\n</section>\n")


def _cell_bar(value: int, largest: int, kind: str) -> str:
    """A small bar under a number, scaled to the table's largest number (the number says it all)."""
    width = round(120 * value / largest)
    if not width:
        return ""
    css = " class=\"bar-overdue\"" if kind == "overdue" else ""
    return (f"<svg class=\"cell-bar\" aria-hidden=\"true\" width=\"120\" height=\"6\" viewBox=\"0 0 120 6\">"
            f"<rect{css} x=\"{120 - width}\" y=\"0\" width=\"{width}\" height=\"6\"/></svg>")


def _overdue(report: Report) -> str:
    head = _heading("overdue", "Overdue action items")
    as_of = _date(report.get("as_of"))
    items = [item for item in report.get("action_items") or [] if item.get("overdue")]
    if not items:
        return head + "<p class=\"none\">No action item is past its due date.</p>\n</section>\n"
    # Longest overdue first; the report's order (path, line) among equals.
    items.sort(key=lambda item: _text(item.get("due")))
    rows = []
    for item in items:
        days = _days_between(item.get("due"), as_of)
        rows.append(f"<tr><td class=\"ident\">{_item_id(item)}</td><td class=\"action\">{_e(item.get('text'))}</td>"
                    f"<td>{_owner(item)}</td><td class=\"date\">{_due(item)}</td><td class=\"num\">{'' if days is None else days}</td>"
                    f"<td class=\"doc\">{_location(item)}</td></tr>\n")
    return (head + f"<div class=\"table-scroll\"><table id=\"overdue-table\"><caption>{_count(len(items), 'action item')} past the due date "
            "and not done, longest overdue first.</caption>\n"
            "<thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Action</th><th scope=\"col\">Owner</th>"
            "<th scope=\"col\">Due</th><th scope=\"col\" class=\"num\">Days overdue</th>"
            "<th scope=\"col\">Document</th></tr></thead>\n"
            f"<tbody>\n{''.join(rows)}</tbody></table></div>\n</section>\n")


def _findings(rules: Sequence[Mapping[str, Any]]) -> str:
    head = _heading("findings", "Findings per rule")
    intro = "<p>What <code>pmlint check</code> reports across the post-mortems: a trend of their quality.</p>\n"
    if not rules:
        return head + intro + "<p class=\"none\">No findings.</p>\n</section>\n"
    largest = max(_int(rule.get("count")) for rule in rules) or 1
    rows = "".join(
        f"<tr><th scope=\"row\">{_e(rule.get('code'))}</th><td>{_e(rule.get('name'))}</td>"
        f"<td class=\"num\">{_int(rule.get('count'))}{_cell_bar(_int(rule.get('count')), largest, 'count')}</td></tr>\n"
        for rule in rules)
    return (head + intro + "<table id=\"findings-table\"><caption>Findings per rule, most first.</caption>\n"
            "<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Name</th>"
            "<th scope=\"col\" class=\"num\">Findings</th></tr></thead>\n"
            f"<tbody>\n{rows}</tbody></table>\n</section>\n")


def _repeats(repeats: Mapping[str, Any]) -> str:
    head = _heading("repeats", "Repeat incidents")
    groups = repeats.get("groups") or []
    if not groups:
        return head + "<p class=\"none\">No two post-mortems share a service, component or root cause.</p>\n</section>\n"
    items = "".join(
        f"<li>{_e(group.get('reason'))}: "
        + ", ".join(f"<span class=\"path\">{_path(path)}</span>" for path in group.get("paths") or [])
        + "</li>\n"
        for group in groups)
    return (head + "<p>Post-mortems that share a service, a component or a root-cause category, or have a "
            f"near-identical root cause:</p>\n<ul class=\"plain\" id=\"repeat-groups\">\n{items}</ul>\n</section>\n")


def _ledger(items: Sequence[Mapping[str, Any]], as_of: date | None) -> str:
    head = _heading("ledger", "Action items")
    intro = ("<p>Every action item, in the order of the documents. Overdue items are marked in the "
             "<em>Days overdue</em> column and by a bar at the start of the row.</p>\n")
    options = "".join(f"<option value=\"{value}\">{label}</option>" for value, label in (
        ("", "All"), ("not done", "Not done (open or in progress)"), ("overdue", "Overdue"),
        *((status, status.capitalize()) for status in _STATUSES)))
    # Shown by the script, which makes them work: without it they would do nothing.
    controls = ("<div class=\"controls\" id=\"ledger-controls\" hidden>\n"
                "<label for=\"ledger-search\">Filter by text<input type=\"search\" id=\"ledger-search\" "
                "autocomplete=\"off\" placeholder=\"owner, words, file\"></label>\n"
                f"<label for=\"ledger-status\">Status<select id=\"ledger-status\">{options}</select></label>\n"
                "<p id=\"ledger-count\" role=\"status\" aria-live=\"polite\"></p>\n</div>\n")
    headings = "".join(_column_heading(key, label, kind, numeric) for key, label, kind, numeric in _COLUMNS)
    rows = "".join(_ledger_row(item, as_of) for item in items)
    caption = (f"{_count(len(items), 'action item')}. With JavaScript, a column heading sorts by that column "
               "and the boxes above filter the rows.")
    table = (f"<div class=\"table-scroll\"><table id=\"ledger\" data-items=\"{len(items)}\"><caption>{caption}</caption>\n"
             f"<thead><tr>{headings}</tr></thead>\n<tbody>\n{rows}</tbody></table></div>\n"
             f"<p id=\"ledger-none\" class=\"none\"{'' if not items else ' hidden'}>"
             f"{'No action items.' if not items else 'No action item matches the filter.'}</p>\n")
    return head + intro + controls + table + "</section>\n"


def _column_heading(key: str, label: str, kind: str | None, numeric: bool) -> str:
    sort = "" if kind is None else f" data-type=\"{kind}\""
    align = " class=\"num\"" if numeric else ""
    return f"<th scope=\"col\" data-key=\"{key}\"{sort}{align}>{label}</th>"


def _ledger_row(item: Mapping[str, Any], as_of: date | None) -> str:
    status = _text(item.get("status"))
    overdue = bool(item.get("overdue"))
    days = _days_between(item.get("due"), as_of)
    order = _STATUSES.index(status) if status in _STATUSES else len(_STATUSES)
    age = "" if _number(item.get("age_days")) is None else _int(item.get("age_days"))
    links = "<br>".join(_link(url) for url in item.get("links") or [])
    row_class = " class=\"is-overdue\"" if overdue else ""
    days_text = (f"<span class=\"overdue-text\">{days}</span>" if overdue and days is not None
                 else ("overdue" if overdue else ""))
    return (f"<tr{row_class} data-status=\"{_e(status)}\" data-overdue=\"{'true' if overdue else 'false'}\">"
            f"<td class=\"ident\">{_item_id(item)}</td><td class=\"action\">{_e(item.get('text'))}</td>"
            f"<td class=\"owner\" data-sort=\"{_e(_owner_text(item))}\">{_owner(item)}</td>"
            f"<td class=\"date\" data-sort=\"{_e(item.get('due'))}\">{_due(item)}</td>"
            f"<td class=\"state\" data-sort=\"{order}\"><span class=\"status status-{_e(status.replace(' ', '-'))}\">"
            f"{_e(status)}</span></td>"
            f"<td class=\"num\" data-sort=\"{'' if days is None or not overdue else days}\">{days_text}</td>"
            f"<td class=\"date\" data-sort=\"{_e(item.get('incident_date'))}\">{_date_cell(item.get('incident_date'))}</td>"
            f"<td class=\"num\" data-sort=\"{age}\">{age}</td>"
            f"<td class=\"doc\">{_location(item)}</td><td class=\"links\">{links}</td></tr>\n")


def _documents(documents: Sequence[Mapping[str, Any]]) -> str:
    head = _heading("documents", "Post-mortems")
    if not documents:
        return head + "<p class=\"none\">No post-mortems found.</p>\n</section>\n"
    rows = "".join(
        f"<tr><th scope=\"row\"><span class=\"path\">{_path(document.get('path'))}</span></th>"
        f"<td>{_e(document.get('title'))}</td><td>{_e(document.get('incident_date'))}</td>"
        f"<td class=\"num\">{_hours(document.get('publication_hours'), empty='')}</td>"
        f"<td class=\"num\">{_int(document.get('action_items'))}</td>"
        f"<td class=\"num\">{_int(document.get('findings'))}</td></tr>\n"
        for document in documents)
    return (head + f"<div class=\"table-scroll\"><table id=\"documents-table\"><caption>{_count(len(documents), 'post-mortem')}, by path."
            "</caption>\n<thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Title</th>"
            "<th scope=\"col\">Incident</th><th scope=\"col\" class=\"num\">Time to publication</th>"
            "<th scope=\"col\" class=\"num\">Action items</th><th scope=\"col\" class=\"num\">Findings</th>"
            f"</tr></thead>\n<tbody>\n{rows}</tbody></table></div>\n</section>\n")


def _errors(errors: Sequence[Mapping[str, Any]]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li><span class=\"path\">{_path(error.get('path'))}</span>: {_e(error.get('message'))}</li>\n"
                    for error in errors)
    return (_heading("errors", "Files that could not be read")
            + f"<p>These files were skipped:</p>\n<ul class=\"plain\" id=\"error-list\">\n{items}</ul>\n</section>\n")


def _footer(report: Report) -> str:
    window = report.get("completion_window_days")
    limit = report.get("publication_limit_hours")
    settings = []
    if window is not None:
        settings.append(f"completion window {_e(window)} days")
    if limit is not None:
        settings.append(f"publication limit {_e(limit)} hours")
    detail = f" ({', '.join(settings)})" if settings else ""
    return (f"<footer><p>Made by <code>pmlint report</code>{detail}, report schema {_e(report.get('schema'))}. "
            "This page loads nothing from the network.</p></footer>\n")


# -- cells and values --------------------------------------------------------------------------------


def _heading(key: str, title: str) -> str:
    return f"<section id=\"section-{key}\" aria-labelledby=\"{key}-heading\">\n<h2 id=\"{key}-heading\">{title}</h2>\n"


def _item_id(item: Mapping[str, Any]) -> str:
    if item.get("generated_id"):
        return (f"<span class=\"generated\" title=\"Made by pmlint: the document gives this item no ID\">"
                f"{_e(item.get('id'))}</span>")
    return _e(item.get("id"))


def _owner_text(item: Mapping[str, Any]) -> str:
    owners = [_text(owner) for owner in item.get("owners") or [] if owner]
    if len(owners) > 1:
        return ", ".join(owners)
    return _text(item.get("owner")) or (owners[0] if owners else "")


def _owner(item: Mapping[str, Any]) -> str:
    text = _owner_text(item)
    return _e(text) if text else "<span class=\"none\">none</span>"


def _due(item: Mapping[str, Any]) -> str:
    due, written = item.get("due"), item.get("due_text")
    if due:
        return f"<time datetime=\"{_e(due)}\">{_e(due)}</time>"
    return _e(written) if written else "<span class=\"none\">none</span>"


def _date_cell(value: Any) -> str:
    return f"<time datetime=\"{_e(value)}\">{_e(value)}</time>" if _date(value) else _e(value)


def _location(item: Mapping[str, Any]) -> str:
    line = item.get("line")
    suffix = f":{_int(line)}" if line is not None else ""
    return f"<span class=\"path\">{_path(item.get('path'))}{suffix}</span>"


def _link(url: Any) -> str:
    """A tracker link as a plain link when it is an http(s) URL, else as text (no javascript: or data:)."""
    text = _text(url)
    try:
        parts = urlsplit(text)
        usable = parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    except ValueError:
        usable = False
    if not usable or any(char.isspace() or ord(char) < 0x20 for char in text):
        return f"<span class=\"link-text\">{_e(text)}</span>"
    shown = text.split("://", 1)[1]
    return f"<a href=\"{_e(text)}\" rel=\"noopener noreferrer\">{_path(shown)}</a>"


def _path(value: Any) -> str:
    """A path or URL, escaped, that may break after each slash (a long one wraps there, not mid-name)."""
    return _e(value).replace("/", "/<wbr>")


def _verdict(bad: bool, text: str) -> str:
    mark = "\u2717" if bad else "\u2713"  # a cross or a tick, so that colour is not the only sign
    return f"<span class=\"verdict {'bad' if bad else 'good'}\">{mark} {text}</span>"


def _e(value: Any) -> str:
    """Report text for HTML text or a quoted attribute: controls and bidi overrides shown, markup escaped."""
    return html.escape(for_annotation(_text(value)), quote=True)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    number = _number(value)
    return 0 if number is None else int(number)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _number(value: Any) -> float | None:
    """A number of the report, or None when it is unknown (null, or not a finite number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _percent(rate: Any) -> str:
    value = _number(rate)
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _hours(hours: Any, empty: str = "n/a") -> str:
    value = _number(hours)
    if value is None:
        return empty
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return f"{text}\u00a0h"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_step(highest: int) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50, ...) giving at most five steps up to ``highest``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if highest / (factor * magnitude) <= 5:
                return factor * magnitude
        magnitude *= 10


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _days_between(start: Any, end: date | None) -> int | None:
    first = _date(start)
    if first is None or end is None:
        return None
    return (end - first).days
