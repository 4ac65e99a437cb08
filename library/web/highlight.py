"""Marked text (``library.query.marks.Marked``) as HTML: every piece escaped before
``<mark>`` goes around a match, so highlighting can never break the page's escaping."""

from __future__ import annotations

import html

from markupsafe import Markup

from ..model import Term
from ..query.marks import Marked


def to_html(marked: Marked) -> str:
    """The text escaped, each match in ``<mark>``, each rendering of the query in this
    language in ``<mark class="equivalent">``, "…" where it was cut.

    >>> to_html(Marked("a<b 海关", [(4, 6)], cut_before=True))
    '…a&lt;b <mark>海关</mark>'
    >>> to_html(Marked("GACC 海关总署", [(0, 4)], equivalents=[(5, 9)]))
    '<mark>GACC</mark> <mark class="equivalent">海关总署</mark>'
    """
    text, out, at = marked.text, [], 0
    marks = sorted(
        [(a, b, "<mark>") for a, b in marked.spans]
        + [(a, b, '<mark class="equivalent">') for a, b in marked.equivalents]
    )
    for a, b, tag in marks:
        if a < at:  # overlapping marks: the first one wins
            continue
        out.append(html.escape(text[at:a]))
        out.append(f"{tag}{html.escape(text[a:b])}</mark>")
        at = b
    out.append(html.escape(text[at:]))
    return ("…" if marked.cut_before else "") + "".join(out) + ("…" if marked.cut_after else "")


def to_markup(marked: Marked) -> Markup:
    """:func:`to_html` for templates (already escaped)."""
    return Markup(to_html(marked))


def glossary_html(text: str, marks: list[tuple[int, int, Term]], lang: str) -> Markup:
    """``text`` escaped, each glossary term found in it (``marks``: start, end, term) in a
    ``<span class="term">`` whose title gives the term in the other language.

    >>> glossary_html("The GACC <met>", [(4, 8, Term("t", "GACC", "海关总署", "approved"))], "en")
    Markup('The <span class="term" title="GACC = 海关总署">GACC</span> &lt;met&gt;')
    """
    out, at = [], 0
    for a, b, term in marks:
        out.append(html.escape(text[at:a]))
        title = f"{term.en} = {term.zh}"
        out.append(
            f'<span class="term" title="{html.escape(title)}">{html.escape(text[a:b])}</span>'
        )
        at = b
    out.append(html.escape(text[at:]))
    return Markup("".join(out))
