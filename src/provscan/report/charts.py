"""Inline SVG charts for the HTML summary: no script, no font or file outside the page."""

from __future__ import annotations

from html import escape

BAR = "#3b6ea5"
MAX_BARS = 20


def _label(s: str, width: int = 28) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"


def bar_chart(name: str, title: str, items: list[tuple[str, float, str]]) -> str:
    """Horizontal bars: (label, value, text printed after the bar). Empty: a short note."""
    items = items[:MAX_BARS]
    if not items or max(v for _, v, _ in items) <= 0:
        return f'<p class="nochart" data-chart="{escape(name)}">{escape(title)}: no data.</p>'
    top = max(v for _, v, _ in items)
    row, left, span = 22, 210, 380
    h = row * len(items) + 30
    parts = [f'<text x="0" y="14" class="ct">{escape(title)}</text>']
    for i, (label, value, note) in enumerate(items):
        y = 24 + row * i
        w = max(span * value / top, 1.0)
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(_label(label))}'
            f'<title>{escape(label)}</title></text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="16" fill="{BAR}">'
            f'<title>{escape(label)}: {escape(note)}</title></rect>'
            f'<text x="{left + w + 5:.1f}" y="{y + 13}" class="cv">{escape(note)}</text>')
    return (f'<svg class="chart" data-chart="{escape(name)}" role="img" '
            f'aria-label="{escape(title)}" width="700" height="{h}" viewBox="0 0 700 {h}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def column_chart(name: str, title: str, items: list[tuple[str, float, str]]) -> str:
    """Vertical columns over time: (period label, value, tooltip), in order."""
    if not items or max(v for _, v, _ in items) <= 0:
        return f'<p class="nochart" data-chart="{escape(name)}">{escape(title)}: no data.</p>'
    top = max(v for _, v, _ in items)
    width, height, base, left = 700, 220, 180, 40
    step = (width - left - 10) / len(items)
    bar = max(step * 0.8, 1.0)
    parts = [f'<text x="0" y="14" class="ct">{escape(title)}</text>',
             f'<text x="{left - 4}" y="34" text-anchor="end" class="cv">{top:,.0f}</text>',
             f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#888"/>']
    every = max(1, len(items) // 8)
    for i, (label, value, note) in enumerate(items):
        x = left + i * step
        h = max((base - 30) * value / top, 1.0 if value else 0.0)
        parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                     f'fill="{BAR}"><title>{escape(label)}: {escape(note)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x:.1f}" y="{base + 16}" class="cv">{escape(label)}</text>')
    return (f'<svg class="chart" data-chart="{escape(name)}" role="img" '
            f'aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
            f'{"".join(parts)}</svg>')
