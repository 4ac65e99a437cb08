"""A news page's main text: trafilatura, with what it does not know of Chinese news sites.

Main-text extraction is the field's solved problem: trafilatura scores F1 0.96 on the
article-extraction benchmark of real English pages where a hand-made "biggest content
element" rule scored 0.82 (``scripts/eval_extraction.py``). Around it, three things it
does not do for the pages this library reads:

- **layout tables**: older government CMSs (easysite, TRS) put the whole page in
  ``<table>`` cells; trafilatura keeps those as a table, so the body comes out as one
  row mixed with the navigation and the footer. A table that is laid out, not data (one
  column, or a cell holding a long text, a ``<br>``-separated text or a block), becomes
  ``<div>``s first.
- **``<br>``-separated paragraphs**, common on small sites: each run between breaks
  becomes a paragraph of its own.
- **the lines Chinese news pages add to every story** (责任编辑, 免责声明, 本文系…独家稿件,
  点击上方蓝字关注, comment counts): trafilatura reads them as text; ``BOILERPLATE_LINE``
  drops a paragraph that is only such a line.

When trafilatura finds nothing (a brief of one sentence under its minimum, or a body in
markup it prunes), its recall setting is tried, and then the page's largest block of
paragraph text, so a page with words never comes out empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from configparser import ConfigParser
from copy import deepcopy

import lxml.html
from lxml import etree

BOILERPLATE_LINE = re.compile(
    r"^[\s(（【\[]*("
    r"责任?编辑|責任?編輯|责编|責編|编辑|編輯|审核|審核|校对|校對|图片编辑|圖片編輯|"
    r"免责声明|免責聲明|版权声明|版權聲明|声明[:：]|聲明[:：]|"
    r"本文(系|为|來源|来源|转载|轉載|由)|本站|来源[:：]|來源[:：]|信息来源|資料來源|"
    r"原标题|原標題|(文|图|圖|记者|記者|作者)[:：/]|"
    r"点击上方|點擊上方|关注我们|關注我們|微信扫一扫|長按|长按|扫码|掃碼|阅读原文|閱讀原文|"
    r"分享到|分享至|打印本页|关闭窗口|【打印】|【关闭】|【我要纠错】|【纠错】|"
    r"上一篇|下一篇|相关新闻|相關新聞|相关阅读|相关推荐|热点推荐|热门推荐|"
    r"网友评论|網友評論|发表评论|發表評論|全部评论|跟贴|跟帖|已有\d+人参与|\S{0,8}网友[:：]|"
    r"(阅读|閱讀|在看|点赞|點贊|收藏|转发|轉發|评论|評論)\s*\d+$|"
    r"版权所有|版權所有|copyright\b|©|"
    r"editor[:：]|editing by|reporting by|\(?editing by"
    r")",
    re.I,
)
"""A paragraph that starts so and is short (``BOILERPLATE_CHARS``) is the site's line,
not the story's: an editor's or reviewer's name, a disclaimer, a source line, a
follow-us line, a list heading, a comment count, a copyright line."""
BOILERPLATE_CHARS = 120

_TRAFILATURA_CONFIG: ConfigParser | None = None


def _config() -> ConfigParser:
    """trafilatura's settings without its extraction timeout: it is a ``SIGALRM``, which
    works only in a main thread (the build reads in worker processes, a server in
    threads), and a page's size is already bounded by the reader."""
    global _TRAFILATURA_CONFIG
    if _TRAFILATURA_CONFIG is None:
        from trafilatura.settings import use_config

        config = use_config()
        config.set("DEFAULT", "extraction_timeout", "0")
        config.set("DEFAULT", "max_file_size", str(1 << 40))
        _TRAFILATURA_CONFIG = config
    return _TRAFILATURA_CONFIG


_BLOCK = {"p", "div", "table", "ul", "ol", "section", "article", "h1", "h2", "h3", "blockquote"}


def _unlayout_tables(tree: lxml.html.HtmlElement) -> None:
    """Turn layout tables into ``<div>``s (innermost first), leaving data tables alone: a
    table is laid out when it has a single column, or a cell holds a long text, a
    ``<br>``-separated text or a block."""
    for table in reversed(list(tree.iter("table"))):
        own = [
            el
            for el in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
            if next(el.iterancestors("table"), None) is table
        ]
        cells = [el for el in own if el.tag in ("td", "th")]
        widest = max(
            (sum(1 for c in row if c.tag in ("td", "th")) for row in own if row.tag == "tr"),
            default=0,
        )
        layout = widest <= 1 or any(
            len(c.text_content()) > 200
            or c.find(".//br") is not None
            or any(child.tag in _BLOCK for child in c)
            for c in cells
        )
        if not layout:  # a data table: trafilatura keeps it as one
            continue
        for el in [table, *own]:
            el.tag = "div"
            for attr in ("width", "height", "align", "valign", "colspan", "rowspan"):
                el.attrib.pop(attr, None)


def _split_breaks(tree: lxml.html.HtmlElement) -> None:
    """A ``<div>``, ``<p>`` or ``<td>`` whose text runs are separated by ``<br>`` becomes
    one ``<p>`` a run (the paragraphs of small sites' CMSs)."""
    for el in list(tree.iter("div", "p", "section", "td")):
        brs = [c for c in el if c.tag == "br"]
        if not brs or any(c.tag in _BLOCK for c in el):
            continue
        runs: list[list] = [[el.text or ""]]
        for child in list(el):
            if child.tag == "br":
                runs.append([child.tail or ""])
            else:
                runs[-1].append(child)
        if sum(1 for r in runs if _run_text(r).strip()) < 2:
            continue
        tail = el.tail
        attrib = dict(el.attrib)
        el.clear()
        el.attrib.update(attrib)
        el.tail = tail
        el.tag = "div" if el.tag == "p" else el.tag
        for run in runs:
            if not _run_text(run).strip():
                continue
            p = etree.SubElement(el, "p")
            p.text = run[0]
            for part in run[1:]:
                p.append(part)


def _run_text(run: list) -> str:
    return "".join(
        part if isinstance(part, str) else part.text_content() + (part.tail or "") for part in run
    )


def _trafilatura(tree: lxml.html.HtmlElement, **options) -> list[str]:
    import trafilatura

    text = trafilatura.extract(
        deepcopy(tree),
        include_comments=False,
        include_tables=True,
        config=_config(),
        **options,
    )
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def _is_site_line(para: str, title: str | None) -> bool:
    return para == title or (len(para) <= BOILERPLATE_CHARS and bool(BOILERPLATE_LINE.match(para)))


def main_text(
    tree: lxml.html.HtmlElement,
    title: str | None,
    fallback: Callable[[], list[str]],
    chinese: bool = False,
) -> list[str]:
    """The page's paragraphs of main text, its title and the sites' lines left out.

    ``tree`` is the parsed page (changed: layout tables and ``<br>`` runs rewritten);
    ``fallback`` gives paragraphs from the largest content block when trafilatura
    finds none. For a ``chinese`` page trafilatura's own fallbacks (readability and
    jusText, which weigh commas and English stop words) are skipped: they cost two
    thirds of its time there and found nothing more on the saved Chinese pages.
    """
    _unlayout_tables(tree)
    _split_breaks(tree)
    paragraphs = _trafilatura(tree, favor_precision=True, fast=chinese)
    if sum(map(len, paragraphs)) < 50:
        paragraphs = _trafilatura(tree, favor_recall=True) or paragraphs
    if not paragraphs:
        paragraphs = fallback()
    return [p for p in paragraphs if not _is_site_line(p, title)]
