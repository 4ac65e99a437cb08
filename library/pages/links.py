"""Where a page says its other language is: the links between versions, and URL patterns.

Saved HTML pages usually name their translation: ``<link rel="alternate"
hreflang="zh-CN" href=…>``, or a language switch (``中文`` / ``English``) whose
``href`` is the other page. Pages without such links often still have URLs that
differ only by a language mark (``/en/news/123.html`` ↔ ``/cn/news/123.html``,
``123_en.html`` ↔ ``123_cn.html``, ``en.example.org`` ↔ ``cn.example.org``,
``?lang=en``), or share the site's number for the story (``/news/8842.html`` ↔
``/zh/article/8842``): bitextor's URL aligner pairs on the same. Pairing
(``library.pages.pairing``) uses these before any score.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..model import LANGS

LANG_MARKS = {
    "en": {"en", "eng", "english", "en-us", "en-gb", "enus", "e"},
    "zh": {
        "zh",
        "cn",
        "chn",
        "zh-cn",
        "zh_cn",
        "zhcn",
        "zh-hans",
        "zh-hant",
        "zh-tw",
        "zh_tw",
        "zh-hk",
        "tw",
        "hk",
        "chinese",
        "gb",
        "big5",
        "zhs",
        "zht",
        "sc",
        "tc",
        "c",
    },
}
"""Path segments, file-name suffixes, host labels and ``lang=`` values that mark a
language in a URL (single letters only as suffixes: ``news_123_e.html``)."""
_SHORT = {"e", "c"}
_SUFFIX = re.compile(r"^(?P<stem>.+?)[_\-.](?P<mark>[a-z\-_]{1,7})(?P<ext>\.[a-z0-9]{2,5})?$")
_LANG_PARAMS = {"lang", "language", "locale", "l", "hl"}

SWITCH_TEXT = {
    "zh": {
        "中文",
        "简体中文",
        "简体",
        "繁體中文",
        "繁体中文",
        "繁體",
        "中文版",
        "中文网",
        "chinese",
        "简",
        "繁",
    },
    "en": {"english", "en", "eng", "英文", "英文版", "english version", "英語", "英语"},
}
"""What a language switch's link says, by the language it leads to."""


def lang_of_tag(tag: str | None) -> str | None:
    """'zh' or 'en' for an ``hreflang``/``lang`` value (``zh-CN``, ``zh-Hant``, ``en-US``)."""
    head = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    return head if head in LANGS else None


def switch_lang(text: str) -> str | None:
    """The language a language-switch link leads to, from what it says; else None."""
    said = " ".join(text.split()).strip().lower()
    for lang, words in SWITCH_TEXT.items():
        if said in words:
            return lang
    return None


def web_url(url: str | None) -> str | None:
    """``url`` when it is a web address that parses (http or https, a host), else None.

    Pages hold whatever their templates left in them (``http://[ccpa-preferences]``, a
    host of spaces): a link that is not a URL is no evidence, never an error.

    >>> web_url("https://example.org/a"), web_url("http://[ccpa-preferences]"), web_url("x")
    ('https://example.org/a', None, None)
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(c.isspace() for c in parts.netloc):
        return None
    return url


_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}(?::\d{1,5})?", re.I
)


def is_host(name: str) -> bool:
    """Whether a folder's name is a host name, as ``wget --mirror`` names its folders.

    >>> is_host("www.customs.gov.cn"), is_host("en"), is_host("2022.03")
    (True, False, False)
    """
    return bool(_HOST.fullmatch(name))


def mirror_url(rel: str) -> str | None:
    """The URL a page of a mirrored site was fetched from, from its path in the mirror
    (``host/path/index.html`` → ``https://host/path/``); None when the path does not
    start with a host name. wget keeps no scheme: https is assumed.

    >>> mirror_url("english.customs.gov.cn/news/2022/index.html")
    'https://english.customs.gov.cn/news/2022/'
    >>> mirror_url("news/a.en.txt") is None
    True
    """
    host, _, rest = rel.partition("/")
    if not rest or not is_host(host):
        return None
    return web_url(f"https://{host}/" + re.sub(r"(^|/)(index|default)\.s?html?$", r"\1", rest))


def absolute(href: str | None, base: str | None) -> str | None:
    """``href`` made absolute against the page's own URL (when the page has one); None
    when either is not a web address."""
    if not href or href.strip().startswith(("#", "javascript:", "mailto:")):
        return None
    try:
        return web_url(urljoin(base, href.strip()) if base else href)
    except ValueError:
        return None


def normal_url(url: str) -> str:
    """A URL as compared: scheme and ``www.`` dropped, host lower-cased, no fragment, no
    trailing slash or ``index.html``.

    >>> normal_url("HTTPS://www.Example.org/cn/news/12.html#top")
    'example.org/cn/news/12.html'
    """
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = re.sub(r"/(index|default)\.s?html?$", "/", parts.path).rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def url_key(url: str) -> tuple[str, str] | None:
    """(the URL with its language marks taken out, the language they mark), or None when
    the URL marks no language (two such pages cannot be told apart by their URLs).

    >>> url_key("https://example.org/en/news/2022/123.html")
    ('example.org/*/news/2022/123.html', 'en')
    >>> url_key("http://www.example.org/cn/news/2022/123.html")
    ('example.org/*/news/2022/123.html', 'zh')
    >>> url_key("https://example.org/news/123_e.html")
    ('example.org/news/123*.html', 'en')
    >>> url_key("https://example.org/news/123.html") is None
    True
    """
    parts = urlsplit(url.strip())
    site, host_lang = _site(parts.netloc)
    marks = {host_lang} if host_lang else set()
    segments = parts.path.split("/")
    for k, segment in enumerate(segments):
        low = segment.lower()
        if (lang := _mark(low)) and low not in _SHORT:
            marks.add(lang)
            segments[k] = "*"
        elif (m := _SUFFIX.match(low)) and (lang := _mark(m["mark"])):
            marks.add(lang)
            segments[k] = m["stem"] + "*" + (m["ext"] or "")
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _LANG_PARAMS and (lang := _mark(value.lower())):
            marks.add(lang)
            continue
        query.append((key, value))
    if len(marks) != 1:
        return None
    path = re.sub(r"/(index|default)\.s?html?$", "/", "/".join(segments)).rstrip("/")
    rest = urlunsplit(("", "", path, urlencode(query), ""))
    return ("*." if host_lang else "") + site + rest, marks.pop()


_NUMBER = re.compile(r"\d{4,}")


def url_number(url: str) -> tuple[str, str] | None:
    """(the site, the story's number) of a URL whose last path segment holds a number of
    four digits or more that is not a year; None otherwise.

    >>> url_number("https://en.example.org/news/2022/8842.html")
    ('example.org', '8842')
    >>> url_number("http://www.example.org/zh/article/8842?from=home")
    ('example.org', '8842')
    >>> url_number("https://example.org/news/2022/") is None
    True
    """
    parts = urlsplit(url.strip())
    site, _ = _site(parts.netloc)
    last = next((seg for seg in reversed(parts.path.split("/")) if seg), "")
    numbers = [n for n in _NUMBER.findall(last) if not (len(n) == 4 and n[:2] in ("19", "20"))]
    if not numbers:
        return None
    return site, max(numbers, key=len)


def site_of(url: str) -> str:
    """A URL's site: its host without ``www.`` or a language label (``en.example.org`` and
    ``www.example.org/zh/`` are one site).

    >>> site_of("https://en.example.org/a"), site_of("http://www.example.org/zh/b")
    ('example.org', 'example.org')
    """
    return _site(urlsplit(url.strip()).netloc.split("@")[-1].split(":")[0])[0]


def _site(netloc: str) -> tuple[str, str | None]:
    """(the host without ``www.`` or a language label, the language that label marks):
    ``en.example.org`` → (``example.org``, ``en``)."""
    labels = netloc.lower().removeprefix("www.").split(".")
    if len(labels) > 2 and (lang := _mark(labels[0])):
        return ".".join(labels[1:]), lang
    return ".".join(labels), None


def lang_folder(name: str) -> str | None:
    """The language a folder's name marks (``en``, ``zh-cn``, ``chinese``), else None."""
    low = name.lower()
    return None if low in _SHORT else _mark(low)


def _mark(token: str) -> str | None:
    for lang, marks in LANG_MARKS.items():
        if token in marks:
            return lang
    return None
