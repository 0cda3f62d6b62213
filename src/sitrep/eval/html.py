"""An `Evaluation` as one self-contained HTML page (no scripts, no external files).

In:  an `Evaluation`.
Out: HTML text: a summary, then per labelling task its averages, per-label precision, recall
     and F1 as bars (SVG) and the confusion matrix as a heat map (SVG); detection scores;
     the other measures; the worst errors with their text; the skipped rows.
"""

from __future__ import annotations

from html import escape

from sitrep.eval.metrics import NONE, Averages
from sitrep.eval.records import Classification, Evaluation, Measure
from sitrep.eval.render import format_measure, shorten

MISSES_SHOWN = 30
SKIPPED_SHOWN = 200
CELL = 30
BAR_WIDTH = 320
COLOURS = {"precision": "#7aa6d6", "recall": "#e0a458", "f1": "#2f6b3f"}

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2329;margin:0;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:34px 0 10px;border-bottom:1px solid #d5dae0;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.sub{color:#5b6670;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}
.card{background:#fff;border:1px solid #dde2e7;border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:24px}.card span{color:#5b6670;font-size:12px}
table{border-collapse:collapse;background:#fff;margin:6px 0 10px}
th,td{border:1px solid #dde2e7;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pics{display:flex;flex-wrap:wrap;gap:20px;align-items:flex-start}
.pic{background:#fff;border:1px solid #dde2e7;border-radius:8px;padding:10px;overflow-x:auto;max-width:100%}
.errors td{font-size:13px}.errors td.text{max-width:420px;color:#39424a}
.problems{margin:0;padding-left:16px;color:#9b2d20}
.meter{display:inline-block;height:9px;background:#2f6b3f;border-radius:2px;vertical-align:middle;margin-left:6px}
.muted{color:#5b6670}.pic .muted{max-width:340px;font-size:12px;margin:4px 0 0}
"""


def e(value: object) -> str:
    return escape(str(value), quote=True)


def averages_html(averages: Averages) -> str:
    rows = "".join(
        f"<tr><th>{name}</th>"
        + "".join(
            f'<td class="n">{getattr(getattr(averages, name), k):.3f}</td>'
            for k in ("precision", "recall", "f1")
        )
        + "</tr>"
        for name in ("micro", "macro", "weighted")
    )
    return f"<table><tr><th>average</th><th>precision</th><th>recall</th><th>F1</th></tr>{rows}</table>"


def bars_svg(classification: Classification) -> str:
    """Per gold label: F1 as a thick bar, precision and recall as thin ones, support at the end."""
    scores = [s for s in classification.scores if s.support or s.fp]
    label_width = 8 + 7 * max((len(s.label) for s in scores), default=4)
    row = 34
    width, height = label_width + BAR_WIDTH + 90, 28 + row * len(scores)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{e(classification.name)}: precision, recall and F1 per label" font-size="12" '
        f'font-family="system-ui,sans-serif">'
    ]
    legend_x = label_width
    for name, label in (("f1", "F1"), ("precision", "precision"), ("recall", "recall")):
        parts.append(f'<rect x="{legend_x}" y="4" width="10" height="10" fill="{COLOURS[name]}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="13">{label}</text>')
        legend_x += 30 + 7 * len(label)
    for tick in (0.0, 0.5, 1.0):
        x = label_width + tick * BAR_WIDTH
        parts.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height}" stroke="#d5dae0"/>')
    for n, score in enumerate(scores):
        y = 24 + n * row
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{e(score.label)}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{score.rates.f1 * BAR_WIDTH:.1f}" height="14" '
            f'fill="{COLOURS["f1"]}"><title>F1 {score.rates.f1:.3f}</title></rect>'
        )
        for offset, name in ((18, "precision"), (23, "recall")):
            value = getattr(score.rates, name)
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{value * BAR_WIDTH:.1f}" height="4" '
                f'fill="{COLOURS[name]}"><title>{name} {value:.3f}</title></rect>'
            )
        parts.append(
            f'<text x="{label_width + BAR_WIDTH + 6}" y="{y + 15}">{score.rates.f1:.2f}'
            f'<tspan fill="#5b6670"> n={score.support}</tspan></text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(classification: Classification) -> str:
    """The confusion matrix: rows gold, columns predicted; a cell's shade is its share of the
    row (green on the diagonal, red off it) and it shows its count. A ``none`` row with no
    gold items is left out."""
    labels, counts = classification.matrix.labels, classification.matrix.counts
    rows = [i for i, label in enumerate(labels) if label != NONE or sum(counts[i]) > 0]
    longest = max(len(label) for label in labels)
    left = 10 + 7 * max(len(labels[i]) for i in rows)
    top = 20 + int(5.4 * longest)
    width = left + CELL * len(labels) + int(4.6 * longest) + 10
    height = top + CELL * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{e(classification.name)}: confusion matrix" font-size="12" font-family="system-ui,sans-serif">'
    ]
    for j, label in enumerate(labels):
        x = left + CELL * j + CELL / 2
        parts.append(f'<text transform="translate({x + 4:.1f},{top - 6}) rotate(-50)">{e(label)}</text>')
    for row, i in enumerate(rows):
        label = labels[i]
        y = top + CELL * row
        total = sum(counts[i])
        parts.append(f'<text x="{left - 6}" y="{y + CELL / 2 + 4:.1f}" text-anchor="end">{e(label)}</text>')
        for j, count in enumerate(counts[i]):
            share = count / total if total else 0.0
            fill = shade(share, diagonal=i == j) if count else "#f7f8fa"
            x = left + CELL * j
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="#ffffff">'
                f"<title>gold {e(label)}, predicted {e(labels[j])}: {count}</title></rect>"
            )
            if count:
                colour = "#ffffff" if share > 0.55 else "#1d2329"
                parts.append(
                    f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 4:.1f}" text-anchor="middle" fill="{colour}">{count}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def shade(share: float, *, diagonal: bool) -> str:
    """A colour from pale to full green (right) or red (wrong) as ``share`` goes from 0 to 1."""
    low = (235, 243, 237) if diagonal else (250, 235, 232)
    high = (38, 105, 58) if diagonal else (178, 44, 30)
    level = 0.15 + 0.85 * share
    red, green, blue = (round(a + (b - a) * level) for a, b in zip(low, high, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def measure_cell(measure: Measure) -> str:
    value = e(format_measure(measure))
    if measure.unit == "rate" and measure.value is not None:
        return f'{value}<span class="meter" style="width:{measure.value * 80:.0f}px"></span>'
    return value


def cards(evaluation: Evaluation) -> str:
    items = [(str(evaluation.samples), "samples scored"), (str(len(evaluation.skipped)), "skipped")]
    for c in evaluation.classifications[:1]:
        items += [
            (f"{c.averages.micro.f1:.3f}", f"{c.name}: micro F1"),
            (f"{c.averages.macro.f1:.3f}", "macro F1"),
            (f"{c.accuracy:.3f}", "accuracy"),
        ]
    for d in evaluation.detections[:1]:
        micro = d.detection.averages.micro
        items += [
            (f"{micro.precision:.3f}", f"{d.name}: precision"),
            (f"{micro.recall:.3f}", "recall"),
            (f"{micro.f1:.3f}", "F1"),
        ]
    return (
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{e(v)}</b><span>{e(k)}</span></div>' for v, k in items)
        + "</div>"
    )


def render_html(evaluation: Evaluation) -> str:
    """The whole report as one HTML document."""
    body = [
        f"<h1>sitrep evaluation: {e(evaluation.source)}</h1>",
        f'<p class="sub">gold format <b>{e(evaluation.format.value)}</b> · {evaluation.samples} samples scored · '
        f"{len(evaluation.skipped)} skipped · {evaluation.seconds:.1f} s</p>",
        cards(evaluation),
    ]
    for c in evaluation.classifications:
        body += [
            f"<h2>{e(c.name)}</h2>",
            f'<p class="muted">accuracy {c.accuracy:.3f} over {c.matrix.total} samples. '
            "“none” means sitrep coded no event; it is not scored as a class, so it lowers recall, not precision.</p>",
            averages_html(c.averages),
            '<div class="pics">',
            f'<div class="pic"><h3>Precision, recall and F1 per label</h3>{bars_svg(c)}</div>',
            f'<div class="pic"><h3>Confusion matrix</h3>{heatmap_svg(c)}'
            '<p class="muted">rows: gold label · columns: sitrep\'s label · shade: share of the row, '
            "green when right, red when wrong</p></div>",
            "</div>",
        ]
    for d in evaluation.detections:
        t = d.detection.totals
        body += [
            f"<h2>{e(d.name).capitalize()} found in text</h2>",
            f'<p class="muted">{t.correct} of {t.predicted} predicted are right; {t.found} of {t.gold} gold found. '
            f"Micro pools all counts; macro averages over {d.detection.units} {e(d.unit)}s; weighted weights each "
            f"{e(d.unit)} by its gold count.</p>",
            averages_html(d.detection.averages),
        ]
    if evaluation.measures:
        rows = "".join(
            f'<tr><td>{e(m.name)}</td><td class="n">{measure_cell(m)}</td><td class="n">{m.count}</td>'
            f"<td class=muted>{e(m.about)}</td></tr>"
            for m in evaluation.measures
        )
        body.append(
            f"<h2>Measures</h2><table><tr><th>measure</th><th>value</th><th>n</th><th>what it counts</th></tr>{rows}</table>"
        )
    if evaluation.misses:
        rows = "".join(
            f"<tr><td>{e(m.sample)}</td><td>{e(m.gold)}</td><td>{e(m.predicted)}</td>"
            f'<td><ul class="problems">{"".join(f"<li>{e(p)}</li>" for p in m.problems)}</ul></td>'
            f'<td class="text">{e(shorten(m.text, 600))}</td></tr>'
            for m in evaluation.misses[:MISSES_SHOWN]
        )
        body.append(
            f"<h2>Worst errors ({min(MISSES_SHOWN, len(evaluation.misses))} of {len(evaluation.misses)})</h2>"
            f'<table class="errors"><tr><th>sample</th><th>gold</th><th>sitrep</th><th>what is wrong</th><th>text</th></tr>{rows}</table>'
        )
    if evaluation.skipped:
        items = "".join(f"<li>{e(s.where)}: {e(s.reason)}</li>" for s in evaluation.skipped[:SKIPPED_SHOWN])
        more = len(evaluation.skipped) - SKIPPED_SHOWN
        body.append(
            f"<h2>Skipped ({len(evaluation.skipped)})</h2><ul>{items}</ul>"
            + (f"<p>… and {more} more</p>" if more > 0 else "")
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>sitrep evaluation: {e(evaluation.source)}</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
