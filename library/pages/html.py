"""HTML pages: title, date, breadcrumb and the body paragraphs, boilerplate dropped."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborNode

from .dates import date_line, parse_date
from .language import detect_lang
from .links import absolute, lang_of_tag, switch_lang
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
        lang = switch_lang(node_text(node))
        href = absolute(node.attributes.get("href"), base)
        if lang and href:
            out.setdefault(lang, href)
    return out


def node_text(node: LexborNode) -> str:
    """A node's text with its runs of white space folded to one space."""
    return re.sub(r"[ \t\r\n\u3000]+", " ", node.text(separator="", deep=True)).strip()


def parse_html(text: str, path: Path) -> dict:
    """An HTML page: title, date, breadcrumb and the body paragraphs, boilerplate dropped.

    The body is the ``<article>``/``<main>`` element, else the element whose
    class or id says content and that holds the most paragraph text.
    """
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(text)
    out: dict = {"title": None, "date": None, "category": None, "breadcrumb": None}
    h1 = tree.css_first("h1")
    out["title"] = _meta(tree, 'meta[property="og:title"]') or (h1 and node_text(h1)) or None
    if not out["title"] and (t := tree.css_first("title")) is not None:
        out["title"] = node_text(t) or None
    out["url"] = _meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]')
    out["alternates"] = _alternates(tree, out["url"])
    published = _meta(
        tree,
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[name="publishdate"]',
        "time[datetime]",
    )
    out["date"] = parse_date(published) if published else None
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
    declared = html_lang.attributes.get("lang") if html_lang is not None else None

    for node in tree.css("script, style, noscript, nav, header, footer, aside, form, iframe"):
        node.decompose()
    body = tree.css_first("article") or tree.css_first("main")
    if body is None:
        best, best_len = None, 0
        for node in tree.css("div, section, td"):
            label = " ".join([node.attributes.get("class") or "", node.attributes.get("id") or ""])
            if not _CONTENT.search(label) or _BOILERPLATE.search(label):
                continue
            size = sum(len(node_text(p)) for p in node.css("p"))
            if size > best_len:
                best, best_len = node, size
        body = best or tree.body or tree.root
    if body is None:  # an empty document
        out["lang"], out["lang_from"] = detect_lang(path, "", declared)
        return {**out, "paragraphs": []}
    if out["date"] is None:
        for node in body.css("p, div, span, time"):
            if (d := date_line(node_text(node))) is not None:
                out["date"] = d
                break
        else:
            for node in tree.css("[class*=date], [class*=time], [class*=info]"):
                if (d := date_line(node_text(node))) is not None:
                    out["date"] = d
                    break
    paragraphs: list[str] = []
    for node in body.css("p, li, blockquote, h2, h3"):
        label = " ".join([node.attributes.get("class") or "", node.attributes.get("id") or ""])
        if _BOILERPLATE.search(label):
            continue
        para = node_text(node)
        if (
            para
            and para != out["title"]
            and date_line(para) is None
            and (para not in paragraphs[-1:])
        ):
            paragraphs.append(para)
    if not paragraphs:
        paragraphs = [
            ln.strip()
            for ln in body.text(separator="\n").splitlines()
            if ln.strip() and ln.strip() != out["title"]
        ]
    out["paragraphs"] = paragraphs
    out["lang"], out["lang_from"] = detect_lang(path, " ".join(paragraphs[:5]), declared)
    if out["lang_from"] == "front matter":
        out["lang_from"] = "html lang"
    return out
