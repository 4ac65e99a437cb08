"""Reading pages from disk: plain text as saved from a site, HTML, Markdown with front matter.

Each file becomes one :class:`Version` (one language of one news item). The
stored text stays as published apart from Unicode NFC; search normalisation
happens later, in the shadow (``library.chinese``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .chinese import han_count, han_ratio, is_traditional
from .errors import SourceError

PAGE_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                 ".md": "markdown", ".markdown": "markdown"}
ZH_THRESHOLD = 0.2
"""Han share of letters above which a page is Chinese (acronyms pull it below 1)."""

_LANG_MARK = re.compile(r"\.(en|zh|zh[-_](?:cn|hans|tw|hk|hant))$", re.IGNORECASE)


@dataclass
class Version:
    """One language of one news item, as read from one file."""

    path: Path
    rel: str
    """Path relative to the folder given to the build, with '/' separators."""
    lang: str
    """'en' or 'zh'."""
    title: str | None
    date: str | None
    """ISO date (YYYY-MM-DD) or None when the page has none."""
    paragraphs: list[str]
    format: str
    encoding: str
    category: str | None = None
    url: str | None = None
    doc_id: str | None = None
    """The front matter ``id``: versions sharing one are the same item."""
    script: str | None = None
    """For Chinese: 'Hant' when written in Traditional characters, else 'Hans'."""
    lang_from: str = "detected"
    """Where ``lang`` came from: 'front matter', 'file name' or 'detected'."""
    breadcrumb: str | None = None
    original: bool | None = None
    """Front matter ``original: true`` (the other language is the translation) or false."""
    nonspace: int = 0
    """Characters of the text that are not white space (what pairing's length ratio uses)."""
    han: int = 0
    """Han characters of the text."""

    @property
    def stem(self) -> str:
        """File name without extension and language mark: what explicit pairs share."""
        return stem_of(self.path)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def without_text(self) -> Version:
        """This version without its paragraphs, to hold many in little memory; the build
        reads the text again (:meth:`with_text`) when it aligns the item."""
        return replace(self, paragraphs=[])

    def with_text(self) -> Version:
        """This version with its paragraphs read again from its file; a
        :class:`SourceError` if the file changed since it was first read."""
        again = read_page(self.path)
        if (again.nonspace, again.han, again.title) != (self.nonspace, self.han, self.title):
            raise SourceError("the page changed while the build was reading it",
                              path=self.path, hint="run the build again")
        return replace(self, paragraphs=again.paragraphs)


def stem_of(path: Path) -> str:
    """``news/2022-03-30-gacc.en.txt`` → ``2022-03-30-gacc``.

    >>> stem_of(Path("a/2022-03-30-gacc.zh-CN.txt"))
    '2022-03-30-gacc'
    """
    return _LANG_MARK.sub("", Path(path).stem)


def lang_from_name(path: Path) -> str | None:
    """'en'/'zh' when the file name carries a ``.en.``/``.zh.`` mark."""
    m = _LANG_MARK.search(Path(path).stem)
    return None if not m else ("zh" if m.group(1).lower().startswith("zh") else "en")


def normalize_lang(value: object) -> str | None:
    """Front matter ``lang`` values (``zh-CN``, ``zh_Hant``, ``English``…) → 'en'/'zh'."""
    v = str(value or "").strip().lower()
    if v.startswith(("zh", "cn", "chinese", "中")):
        return "zh"
    if v.startswith(("en", "english")):
        return "en"
    return None


# --- dates ------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH_RE = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = [
    (re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?"), "ymd"),
    (re.compile(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I), "mdy"),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})", re.I), "dmy"),
]
_DATE_LABEL = re.compile(
    r"(create\s*time|created|published|publish(ed)?\s*(date|time|on)?|release\s*date|date|time|"
    r"posted(\s*on)?|updated|发布时间|發佈時間|發布時間|发布日期|發佈日期|日期|时间|時間|来源|來源|"
    r"source|views?|点击|浏览|次数)\s*[:：]?",
    re.I,
)


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first valid date in ``text`` as ISO, with its match, or None."""
    norm = unicodedata.normalize("NFKC", text)
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(norm):
            g = m.groups()
            if order == "ymd":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
            elif order == "mdy":
                y, mo, d = int(g[2]), _MONTHS[g[0][:3].lower()], int(g[1])
            else:
                y, mo, d = int(g[2]), _MONTHS[g[1][:3].lower()], int(g[0])
            try:
                return dt.date(y, mo, d).isoformat(), m
            except ValueError:
                continue
    return None


def parse_date(text: str) -> str | None:
    """ISO date from the date styles news sites use, or None.

    >>> parse_date("Create Time:2022-03-30")
    '2022-03-30'
    >>> parse_date("发布时间：２０２２年３月９日")
    '2022-03-09'
    >>> parse_date("Date: March 9th, 2022"), parse_date("9 Mar. 2022"), parse_date("2022/13/01")
    ('2022-03-09', '2022-03-09', None)
    """
    found = find_date(text)
    return found[0] if found else None


def date_line(line: str) -> str | None:
    """The date when ``line`` is a page's date line (a date plus at most a few labels)."""
    if len(line) > 120:
        return None
    found = find_date(line)
    if not found:
        return None
    rest = unicodedata.normalize("NFKC", line).replace(found[1].group(0), " ")
    rest = _DATE_LABEL.sub(" ", rest)
    rest = re.sub(r"[\W_\d]+", " ", rest).strip()
    return found[0] if len(rest) <= 30 else None


# --- breadcrumbs ------------------------------------------------------------

_BREADCRUMB = re.compile(
    r"^\s*(you\s+are\s+here|current\s+(location|position)|location|"
    r"您现在的位置|您的位置|当前位置|您現在的位置|當前位置|现在位置|所在位置)\s*[:：]?\s*",
    re.I,
)
_CRUMB_SEP = re.compile(r"\s*(?:>|»|›|＞|→|/|\||::|〉|>>)\s*")
_HOME = re.compile(r"^(home(\s*page)?|首页|首頁|主页|主頁)\s*", re.I)


def parse_breadcrumb(line: str) -> list[str] | None:
    """The trail of a breadcrumb line, or None if ``line`` is not one.

    Sites that lose their separators when saved as text run the parts
    together ("Home Media RoomQBPC News"): a lower-to-upper case change
    is taken as the lost separator.

    >>> parse_breadcrumb("You are here: Home Media RoomQBPC News")
    ['Media Room', 'QBPC News']
    >>> parse_breadcrumb("您现在的位置：首页 > 媒体中心 > 品保委新闻")
    ['媒体中心', '品保委新闻']
    """
    m = _BREADCRUMB.match(line)
    if not m:
        return None
    rest = line[m.end():].strip()
    parts = [p for p in _CRUMB_SEP.split(rest) if p.strip()]
    if len(parts) <= 1:
        parts = re.split(r"(?<=[a-z])(?=[A-Z])", rest)
    parts = [_HOME.sub("", p).strip() for p in parts]
    return [p for p in parts if p]


# --- reading files ----------------------------------------------------------

_PUNCT = re.compile("[\u2000-\u206f\u3000-\u303f\uff00-\uffef\u00a0-\u00ff]")


def _common_share(text: str, encoding: str, lo: int, hi: int) -> float:
    """Share of non-punctuation characters in the encoding's common-character block.

    The right decoding of Chinese text is mostly common characters; the wrong
    one of GBK and Big5 scatters into rare ones.
    """
    hans = [c for c in text if not c.isascii() and not _PUNCT.match(c)]
    if not hans:
        return 0.0
    common = 0
    for c in hans:
        try:
            b = c.encode(encoding)
        except UnicodeEncodeError:
            continue
        if len(b) == 2 and lo <= int.from_bytes(b, "big") <= hi:
            common += 1
    return common / len(hans)


def decode(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Bytes → (text, encoding name) for UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

    >>> decode("海關".encode("big5"))
    ('海關', 'big5')
    >>> decode("海关总署".encode("gbk"))
    ('海关总署', 'gb18030')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    scored = []
    # Level-1 blocks: GB2312 B0A1–D7F9 and Big5 A440–C67E hold the common characters.
    for enc, lo, hi in (("gb18030", 0xB0A1, 0xD7F9), ("big5", 0xA440, 0xC67E)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((_common_share(text, "gb2312" if enc == "gb18030" else enc, lo, hi),
                       enc, text))
    scored.sort(key=lambda s: -s[0])
    if scored and scored[0][0] >= 0.6:
        return scored[0][2], scored[0][1]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError("cannot tell the text encoding", path=path,
                          hint="save the page as UTF-8, GB18030 or Big5")
    return str(best), best.encoding


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _latin_word_char(c: str) -> bool:
    return c.isascii() and c.isalnum()


def join_lines(lines: list[str], lang: str) -> str:
    """Lines of one paragraph → one string: Chinese joins without spaces."""
    parts = [ln.strip() for ln in lines if ln.strip()]
    if lang == "zh":
        out = ""
        for p in parts:
            # Keep a space only between two Latin words broken across lines.
            if out and _latin_word_char(out[-1]) and _latin_word_char(p[0]):
                out += " "
            out += p
        return out
    return " ".join(parts)


def _detect_lang(path: Path, sample: str, declared: object = None) -> tuple[str, str]:
    lang = normalize_lang(declared)
    if lang:
        return lang, "front matter"
    lang = lang_from_name(path)
    if lang:
        return lang, "file name"
    return ("zh" if han_ratio(sample) >= ZH_THRESHOLD else "en"), "detected"


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def parse_text(text: str, path: Path) -> dict:
    """Plain text as saved from a site: [breadcrumb] title [date] paragraphs.

    Header lines may be separated by blank lines or not; paragraphs are
    separated by blank lines (lines inside one are joined).
    """
    lines = text.splitlines()
    lang, lang_from = _detect_lang(path, text)
    idx = 0
    out: dict = {"lang": lang, "lang_from": lang_from, "title": None, "date": None,
                 "category": None, "breadcrumb": None}

    def next_nonblank(i: int) -> int:
        while i < len(lines) and not lines[i].strip():
            i += 1
        return i

    idx = next_nonblank(idx)
    if idx < len(lines) and (trail := parse_breadcrumb(lines[idx])) is not None:
        out["breadcrumb"] = " > ".join(trail) or None
        out["category"] = trail[-1] if trail else None
        idx = next_nonblank(idx + 1)
    if idx < len(lines):
        line = lines[idx].strip()
        if (d := date_line(line)) is not None:
            out["date"] = d
            idx += 1
        elif len(line) <= 200 and not (idx + 1 < len(lines) and lines[idx + 1].strip()
                                       and date_line(lines[idx + 1].strip()) is None):
            out["title"] = line
            idx = next_nonblank(idx + 1)
            if idx < len(lines) and (d := date_line(lines[idx].strip())) is not None:
                out["date"] = d
                idx += 1
    out["paragraphs"] = [join_lines(b, lang) for b in _blocks(lines[idx:])]
    return out


_BOILERPLATE = re.compile(r"nav|menu|footer|breadcrumb|crumb|sidebar|share|comment|copyright|"
                          r"header|banner|location|position|pager|related", re.I)
_CONTENT = re.compile(r"article|content|detail|text|main|body|news", re.I)


def _meta(tree, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime") \
                or node.attributes.get("href")
            if value and value.strip():
                return value.strip()
    return None


def _text(node) -> str:
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
    out["title"] = _meta(tree, 'meta[property="og:title"]') or (h1 and _text(h1)) or None
    if not out["title"] and (t := tree.css_first("title")) is not None:
        out["title"] = _text(t) or None
    out["url"] = _meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]')
    published = _meta(tree, 'meta[property="article:published_time"]', 'meta[name="date"]',
                      'meta[name="publishdate"]', "time[datetime]")
    out["date"] = parse_date(published) if published else None
    for node in tree.css("[class], [id]"):
        label = " ".join([node.attributes.get("class") or "", node.attributes.get("id") or ""])
        if re.search(r"breadcrumb|crumb|location|position", label, re.I):
            trail = parse_breadcrumb(_text(node)) or [
                p for p in (_HOME.sub("", s).strip() for s in _CRUMB_SEP.split(_text(node))) if p]
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
            size = sum(len(_text(p)) for p in node.css("p"))
            if size > best_len:
                best, best_len = node, size
        body = best or tree.body or tree.root
    if out["date"] is None:
        for node in body.css("p, div, span, time"):
            if (d := date_line(_text(node))) is not None:
                out["date"] = d
                break
        else:
            for node in tree.css("[class*=date], [class*=time], [class*=info]"):
                if (d := date_line(_text(node))) is not None:
                    out["date"] = d
                    break
    paragraphs = []
    for node in body.css("p, li, blockquote, h2, h3"):
        label = " ".join([node.attributes.get("class") or "", node.attributes.get("id") or ""])
        if _BOILERPLATE.search(label):
            continue
        t = _text(node)
        if t and t != out["title"] and date_line(t) is None and t not in paragraphs[-1:]:
            paragraphs.append(t)
    if not paragraphs:
        paragraphs = [ln.strip() for ln in body.text(separator="\n").splitlines()
                      if ln.strip() and ln.strip() != out["title"]]
    out["paragraphs"] = paragraphs
    out["lang"], out["lang_from"] = _detect_lang(path, " ".join(paragraphs[:5]), declared)
    if out["lang_from"] == "front matter":
        out["lang_from"] = "html lang"
    return out


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def parse_markdown(text: str, path: Path) -> dict:
    """Markdown with YAML front matter (title, date, lang, category, url, id, original)."""
    from markdown_it import MarkdownIt
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    meta: dict = {}
    body = text
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SourceError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                              path=path, line=(mark.line + 2) if mark else None,
                              hint="fix the YAML between the --- lines") from None
        if not isinstance(meta, dict):
            raise SourceError("front matter must be a mapping of keys to values", path=path,
                              line=2, hint="write 'title: ...' lines between the --- lines")
        body = text[m.end():]
    tree = HTMLParser(MarkdownIt("commonmark").render(body))
    title = meta.get("title")
    paragraphs = []
    for node in tree.css("h1, h2, h3, p, li, blockquote > p"):
        t = _text(node)
        if node.tag == "h1" and not title:
            title = t
            continue
        if t and t not in paragraphs[-1:]:
            paragraphs.append(t)
    date = meta.get("date")
    if isinstance(date, dt.datetime):
        date = date.date().isoformat()
    elif isinstance(date, dt.date):
        date = date.isoformat()
    elif date is not None:
        date = parse_date(str(date))
    lang, lang_from = _detect_lang(path, " ".join(paragraphs[:5]), meta.get("lang"))
    doc_id = meta.get("id")
    original = meta.get("original")
    if original is not None and not isinstance(original, bool):
        raise SourceError(f"front matter 'original' must be true or false, not {original!r}",
                          path=path, hint="write 'original: true' on the page that was "
                          "written first and 'original: false' (or nothing) on its translation")
    return {"title": str(title) if title is not None else None, "date": date,
            "category": meta.get("category"), "url": meta.get("url"),
            "doc_id": str(doc_id) if doc_id is not None else None, "original": original,
            "paragraphs": paragraphs, "lang": lang, "lang_from": lang_from, "breadcrumb": None}


_SPACE = re.compile(r"\s")
_PARSERS = {"text": parse_text, "html": parse_html, "markdown": parse_markdown}


def read_page(path: Path, root: Path | None = None) -> Version:
    """Read one page file into a :class:`Version`; :class:`SourceError` names the file."""
    path = Path(path)
    fmt = PAGE_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise SourceError(f"not a page (expected one of {', '.join(sorted(PAGE_SUFFIXES))})",
                          path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from None
    text, encoding = decode(data, path)
    text = _nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    fields = _PARSERS[fmt](text, path)
    # A paragraph never holds a blank line: versions.text joins them with one.
    paragraphs = [re.sub(r"\n\s*\n", "\n", _nfc(p)) for p in fields.pop("paragraphs")
                  if p.strip()]
    if not paragraphs and not fields.get("title"):
        raise SourceError("the page has no title and no text", path=path,
                          hint="check that this is a news page, or move it out of the folder")
    lang = fields.pop("lang")
    rel = path.name if root is None else path.relative_to(root).as_posix()
    sample = (fields.get("title") or "") + "".join(paragraphs)
    return Version(
        path=path, rel=rel, lang=lang, title=fields.pop("title"), date=fields.pop("date"),
        paragraphs=paragraphs, format=fmt, encoding=encoding,
        category=(str(fields["category"]) if fields.get("category") else None),
        url=fields.get("url"), doc_id=fields.get("doc_id"), breadcrumb=fields.get("breadcrumb"),
        script=("Hant" if is_traditional(sample) else "Hans") if lang == "zh" else None,
        lang_from=fields.get("lang_from", "detected"), original=fields.get("original"),
        nonspace=sum(len(p) - len(_SPACE.findall(p)) for p in paragraphs),
        han=sum(han_count(p) for p in paragraphs),
    )


def find_pages(root: Path) -> list[Path]:
    """Page files under ``root`` (or ``root`` itself), sorted; hidden and ``_``-prefixed skipped."""
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise SourceError("no such file or folder", path=root)
    pages = []
    for p in root.rglob("*"):
        rel = p.relative_to(root).parts
        if any(part.startswith((".", "_")) for part in rel):
            continue
        if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES:
            pages.append(p)
    return sorted(pages, key=lambda p: p.relative_to(root).as_posix())


def pages_under(roots: list[Path]) -> Iterator[tuple[Path, Path]]:
    """(page, the folder its ``rel`` path is relative to) for every page under each root,
    in a stable order."""
    for root in roots:
        root = Path(root)
        base = root if root.is_dir() else root.parent
        for page in find_pages(root):
            yield page, base


def read_pages(roots: list[Path]) -> Iterator[Version]:
    """Every page under each root, in a stable order."""
    for page, base in pages_under(roots):
        yield read_page(page, base)
