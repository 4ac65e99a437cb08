"""Marked text (``library.query.marks.Marked``) as HTML: every piece escaped before
``<mark>`` goes around a match, so highlighting can never break the page's escaping."""

from __future__ import annotations

import html
from urllib.parse import urlencode

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


def glossary_html(
    text: str, marks: list[tuple[int, int, Term]], lang: str, lookup: str = "/-/terms"
) -> Markup:
    """``text`` escaped, each glossary term found in it (``marks``: start, end, term) a
    link to its renderings on the term page (``lookup``), its title the term in the
    other language: a tap on a phone opens what a hover shows on a desktop.

    >>> term = Term("t", "GACC", "海关总署", "approved")
    >>> str(glossary_html("The GACC <met>", [(4, 8, term)], "en"))
    'The <a class="term" href="/-/terms?q=GACC" title="GACC = 海关总署">GACC</a> &lt;met&gt;'
    """
    out, at = [], 0
    for a, b, term in marks:
        out.append(html.escape(text[at:a]))
        title = html.escape(f"{term.en} = {term.zh}")
        href = html.escape(f"{lookup}?{urlencode({'q': term.en if lang == 'en' else term.zh})}")
        out.append(f'<a class="term" href="{href}" title="{title}">{html.escape(text[a:b])}</a>')
        at = b
    out.append(html.escape(text[at:]))
    return Markup("".join(out))
