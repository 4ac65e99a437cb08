"""Small server-side SVG charts (no script, no external file): a rendering's sentence
pairs per year, drawn on one scale for every rendering of a term so the bars compare."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR = 8
"""Width of one year's bar, in pixels."""
HEIGHT = 28


def years_svg(
    years: list[tuple[int | None, int]], first: int, last: int, highest: int, label: str
) -> Markup:
    """Bars for the years ``first``..``last`` (a year without pairs has none), each as
    high as its count against ``highest``; ``label`` names the chart for screen readers
    and each bar says its year and count on hover.

    >>> svg = years_svg([(2020, 2), (2022, 4)], 2020, 2022, 4, "海关")
    >>> svg.count("<rect"), '<rect x="0" y="14"' in svg, "<title>2022: 4</title>" in svg
    (2, True, True)
    """
    counts = {y: n for y, n in years if y is not None}
    width = BAR * (last - first + 1)
    bars = []
    for k, year in enumerate(range(first, last + 1)):
        n = counts.get(year, 0)
        if not n:
            continue
        h = max(1, round(HEIGHT * n / max(1, highest)))
        bars.append(
            f'<rect x="{k * BAR}" y="{HEIGHT - h}" width="{BAR - 2}" height="{h}">'
            f"<title>{year}: {n}</title></rect>"
        )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bilib-years" role="img" '
        f'aria-label="{escape(label)}" width="{width}" height="{HEIGHT}" '
        f'viewBox="0 0 {width} {HEIGHT}"><title>{escape(label)}</title>{"".join(bars)}</svg>'
    )
