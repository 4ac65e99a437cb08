"""HTML pages: title, date, breadcrumb and the body paragraphs, boilerplate dropped."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborNode

from ..errors import SourceError
from ..text.chinese import han_ratio
from .body import main_text
from .dates import date_line, impossible_date_line, parse_date
from .language import ZH_THRESHOLD, detect_lang
from .links import absolute, lang_of_tag, switch_lang, web_url
from .text import CRUMB_SEP, HOME, parse_breadcrumb

_BOILERPLATE = re.compile(
    r"nav|menu|footer|breadcrumb|crumb|sidebar|share|comment|copyright|"
    r"header|banner|location|position|pager|related",
    re.I,
)
_CONTENT = re.compile(r"article|content|detail|text|main|body|news", re.I)


def _meta(tree, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None:
            value = (
                node.attributes.get("content")
                or node.attributes.get("datetime")
                or node.attributes.get("href")
            )
            if value and value.strip():
                return value.strip()
    return None


def _alternates(tree, base: str | None) -> dict[str, str]:
    """The URLs a page gives for its languages, by language: ``<link rel="alternate"
    hreflang=…>`` first, then a language switch (a link saying 中文 / English, or with
    ``hreflang``), made absolute against the page's canonical URL."""
    out: dict[str, str] = {}
    for node in tree.css("link[hreflang], a[hreflang]"):
        rel = (node.attributes.get("rel") or "alternate").lower()
        lang = lang_of_tag(node.attributes.get("hreflang"))
        href = absolute(node.attributes.get("href"), base)
        if lang and href and "alternate" in rel:
            out.setdefault(lang, href)
    for node in tree.css("a[href]"):
        lang = switch_lang(node_text(node))  # few links are: only those are made absolute
        if lang and lang not in out and (href := absolute(node.attributes.get("href"), base)):
            out[lang] = href
    return out


_TITLE_SEP = re.compile(r"\s*(?:_|\s\|\s|\s[-–—－]\s|——|｜)\s*")


def without_site_name(title: str) -> str:
    """A ``<title>`` without the site's name: its longest part between the separators
    sites put there.

    >>> without_site_name("天津海关开展龙腾行动_海关总署"), without_site_name("Customs | GACC")
    ('天津海关开展龙腾行动', 'Customs')
    """
    parts = [p for p in _TITLE_SEP.split(title) if p.strip()]
    return max(parts, key=len) if parts else title


def node_text(node: LexborNode) -> str:
    """A node's text with its runs of white space folded to one space."""
    return re.sub(r"[ \t\r\n\u3000]+", " ", node.text(separator="", deep=True)).strip()


def _largest_block(tree) -> LexborNode | None:
    """The ``<article>``/``<main>`` element, else the element whose class or id says
    content and that holds the most paragraph text, else ``<body>``: where the date line
    is looked for, and the body when trafilatura finds none (``body.main_text``)."""
    body = tree.css_first("article") or tree.css_first("main")
    if body is not None:
        return body
    best, best_len = None, 0
    for node in tree.css("div, section, td"):
        label = " ".join([node.attributes.get("class") or "", node.attributes.get("id") or ""])
        if not _CONTENT.search(label) or _BOILERPLATE.search(label):
            continue
        size = sum(len(node_text(p)) for p in node.css("p"))
        if size > best_len:
            best, best_len = node, size
    return best or tree.body or tree.root


def _date_in(block: LexborNode, tree) -> str | None:
    """The date of the first date line in the body block, else in an element whose class
    says date, time or info (``发布时间：2022-03-30``, ``2022年3月30日 15:21``)."""
    for node in block.css("p, div, span, time"):
        if (d := date_line(node_text(node))) is not None:
            return d
    for node in tree.css("[class*=date], [class*=time], [class*=info]"):
        if (d := date_line(node_text(node))) is not None:
            return d
    return None


def _htmldate(text: str) -> str | None:
    """htmldate's publication date when the page's metadata and date lines give none
    (it reads URLs, JSON-LD, microdata and many CMSs' markup)."""
    from htmldate import find_date as htmldate_find

    try:
        found = htmldate_find(text, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
    return parse_date(found) if found else None


def _lxml_tree(text: str):
    from trafilatura import load_html

    try:
        return load_html(text)
    except (ValueError, TypeError):
        return None


def _block_paragraphs(block: LexborNode | None, title: str | None) -> list[str]:
    if block is None:
        return []
    paragraphs: list[str] = []
    for node in block.css("p, li, blockquote, h2, h3"):
        label = " ".join([node.attributes.get("class") or "", node.attributes.get("id") or ""])
        if _BOILERPLATE.search(label):
            continue
        para = node_text(node)
        if para and para != title and para not in paragraphs[-1:]:
            paragraphs.append(para)
    if not paragraphs:
        paragraphs = [
            ln.strip()
            for ln in block.text(separator="\n").splitlines()
            if ln.strip() and ln.strip() != title
        ]
    return paragraphs


def parse_html(text: str, path: Path) -> dict:
    """An HTML page: title, date, breadcrumb and the body paragraphs, boilerplate dropped
    (:func:`html_fields`), in the language its text is written in; a
    :class:`SourceError` for a published date that is no possible day."""
    out = html_fields(text)
    if written := out.pop("impossible_date"):
        raise SourceError(
            f"the page's published date says {written!r}, which is no possible day",
            path=path,
            hint="correct the date in its <meta> or <time> element, or remove it",
        )
    sample = f"{out['title'] or ''} " + " ".join(out["paragraphs"][:5])
    out["lang"], out["lang_from"], claim = detect_lang(path, sample, out.pop("declared"))
    out["lang_claim"] = claim and claim.replace("(front matter)", "(html lang)")
    if out["lang_from"] == "front matter":
        out["lang_from"] = "html lang"
    return out


def html_fields(text: str) -> dict:
    """What an HTML page says, before any check: title, date, breadcrumb, category,
    canonical URL, language links, the declared language and the body paragraphs.

    The body is trafilatura's main text (``library.pages.body``); the rest is read here,
    with the date rules of Chinese news pages, then htmldate. ``scripts/eval_extraction.py``
    scores these paragraphs.
    """
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(text)
    out: dict = {"title": None, "date": None, "category": None, "breadcrumb": None}
    h1 = tree.css_first("h1")
    out["title"] = _meta(tree, 'meta[property="og:title"]') or (h1 and node_text(h1)) or None
    if not out["title"] and (t := tree.css_first("title")) is not None:
        out["title"] = without_site_name(node_text(t)) or None
    out["url"] = web_url(_meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]'))
    out["alternates"] = _alternates(tree, out["url"])
    published = _meta(
        tree,
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[name="publishdate"]',
        "time[datetime]",
    )
    out["date"] = parse_date(published) if published else None
    out["impossible_date"] = (
        impossible_date_line(published) if published and out["date"] is None else None
    )
    for node in tree.css("[class], [id]"):
        label = " ".join([node.attributes.get("class") or "", node.attributes.get("id") or ""])
        if re.search(r"breadcrumb|crumb|location|position", label, re.I):
            trail = parse_breadcrumb(node_text(node)) or [
                p for p in (HOME.sub("", s).strip() for s in CRUMB_SEP.split(node_text(node))) if p
            ]
            if trail:
                out["breadcrumb"] = " > ".join(trail)
                out["category"] = trail[-1]
                break
    section = _meta(tree, 'meta[property="article:section"]')
    if section:
        out["category"] = section
    html_lang = tree.css_first("html")
    out["declared"] = html_lang.attributes.get("lang") if html_lang is not None else None

    for node in tree.css("script, style, noscript, nav, header, footer, aside, form, iframe"):
        node.decompose()
    block = _largest_block(tree)
    if out["date"] is None and block is not None:
        out["date"] = _date_in(block, tree)
    if out["date"] is None:
        out["date"] = _htmldate(text)
    lxml_tree = _lxml_tree(text)
    if lxml_tree is None:
        paragraphs = _block_paragraphs(block, out["title"])
    else:
        chinese = han_ratio(out["title"] or "") >= ZH_THRESHOLD or (
            not out["title"] and str(out["declared"] or "").lower().startswith("zh")
        )
        paragraphs = main_text(
            lxml_tree, out["title"], lambda: _block_paragraphs(block, out["title"]), chinese
        )
    paragraphs = [
        p
        for i, p in enumerate(paragraphs)
        if date_line(p) is None and p not in paragraphs[i - 1 : i]
    ]
    out["paragraphs"] = paragraphs
    return out
