"""Marked text (``library.query.search.Marked``) as HTML: every piece escaped before
``<mark>`` goes around a match, so highlighting can never break the page's escaping."""

from __future__ import annotations

import html

from markupsafe import Markup

from ..query.search import Marked


def to_html(marked: Marked) -> str:
    """The text escaped, each match in ``<mark>``, "…" where it was cut.

    >>> to_html(Marked("a<b 海关", [(4, 6)], cut_before=True))
    '…a&lt;b <mark>海关</mark>'
    """
    text, out, at = marked.text, [], 0
    for a, b in marked.spans:
        out.append(html.escape(text[at:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        at = b
    out.append(html.escape(text[at:]))
    return ("…" if marked.cut_before else "") + "".join(out) + ("…" if marked.cut_after else "")


def to_markup(marked: Marked) -> Markup:
    """:func:`to_html` for templates (already escaped)."""
    return Markup(to_html(marked))
