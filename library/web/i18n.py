"""The interface in the reader's language: Babel catalogs of the ``bilib`` domain, the
language each request is answered in, and locale formats of dates and numbers.

Catalogs are the PO files under ``locales/<locale>/LC_MESSAGES/bilib.po`` (made with
``pybabel extract``/``update`` from ``babel.cfg``), read and compiled in memory with
Babel when first needed and again whenever the file changes: no ``.mo`` file, no
manual compile step. The Traditional interface (``zh_TW``, for zh-TW, zh-HK and
zh-Hant readers) is the Simplified catalog converted with OpenCC ``s2twp`` at load
time, so it follows every change of the Simplified one, then put in Taiwan's wording
(``locales/zh_TW/wording.tsv``, :func:`to_taiwan`). Content is converted for zh_TW
readers by ``script.py``, on the pages only.

The language of a request: ``?_lang=`` (which also sets the ``bilib_lang`` cookie),
else that cookie, else the best of ``Accept-Language``, else Simplified Chinese.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import io
from collections.abc import Iterable
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from ..caches import Kept
from ..files import project_file
from ..text.chinese import converter, to_simplified

LOCALES = ("zh_CN", "zh_TW", "en")
"""Interface languages, the default first."""
DEFAULT = "zh_CN"
COOKIE = "bilib_lang"
PARAMETER = "_lang"
DOMAIN = "bilib"
HTML_LANG = {"zh_CN": "zh-Hans", "zh_TW": "zh-Hant", "en": "en"}
"""BCP 47 tag of each interface language, for ``<html lang>``."""
LABELS = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("bilib_locale", default=DEFAULT)


@functools.lru_cache(maxsize=1)
def locales_dir() -> Path:
    """The project's ``locales/`` folder (beside the package)."""
    return project_file("locales")


def catalog_path(locale: str) -> Path:
    return locales_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def normalize_locale(value: str | None) -> str | None:
    """An interface language for a tag a reader or browser gives (``zh``, ``zh-CN``,
    ``zh_Hant``, ``zh-HK``, ``en-US``…), or None.

    >>> [normalize_locale(t) for t in ("zh-CN", "zh_TW", "zh-HK", "zh-Hant-SG", "en-GB", "fr")]
    ['zh_CN', 'zh_TW', 'zh_TW', 'zh_TW', 'en', None]
    """
    parts = (value or "").strip().replace("_", "-").lower().split("-")
    if parts[0] == "zh":
        return "zh_TW" if {"hant", "tw", "hk", "mo"} & set(parts[1:]) else "zh_CN"
    if parts[0] == "en":
        return "en"
    return None


def from_accept_language(header: str | None) -> str | None:
    """The interface language a browser prefers most, by its quality values.

    >>> from_accept_language("fr-FR, zh-TW;q=0.8, en;q=0.9")
    'en'
    """
    choices = []
    for k, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        locale = normalize_locale(tag)
        if locale and quality > 0:
            choices.append((-quality, k, locale))
    return min(choices)[2] if choices else None


def cookie(headers: Iterable[tuple[bytes, bytes]], name: str) -> str | None:
    """The value of the request's cookie ``name``, if it sent one."""
    for key, value in headers:
        if key.lower() == b"cookie":
            morsel = SimpleCookie(value.decode("latin-1")).get(name)
            return morsel.value if morsel else None
    return None


def negotiate(query_string: str, headers: Iterable[tuple[bytes, bytes]]) -> tuple[str, bool]:
    """(interface language, whether the request chose it with ``?_lang=``)."""
    asked = normalize_locale((parse_qs(query_string).get(PARAMETER) or [""])[0])
    if asked:
        return asked, True
    accept = next(
        (
            from_accept_language(v.decode("latin-1"))
            for k, v in headers
            if k.lower() == b"accept-language"
        ),
        None,
    )
    return normalize_locale(cookie(headers, COOKIE)) or accept or DEFAULT, False


def N_(message: str) -> str:
    """Mark ``message`` for extraction (``pybabel extract`` knows ``N_``); it is translated
    where it is shown, in the language of that request."""
    return message


def current() -> str:
    """The interface language of the request being answered."""
    return _current.get()


def use(locale: str) -> contextvars.Token:
    """Answer in ``locale`` from now on in this context (reset with the token)."""
    return _current.set(locale if locale in LOCALES else DEFAULT)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


def _read(locale: str) -> Catalog:
    source = "zh_CN" if locale == "zh_TW" else locale
    with catalog_path(source).open("rb") as f:
        catalog = read_po(f, locale=source, domain=DOMAIN)
    if locale == "zh_TW":
        convert = to_taiwan
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.string, tuple | list):
                message.string = tuple(convert(s) for s in message.string)
            elif message.string:
                message.string = convert(message.string)
        catalog.locale = "zh_TW"
    return catalog


@functools.lru_cache(maxsize=16)
def _compiled(locale: str, mtime_ns: int) -> Translations:
    data = io.BytesIO()
    write_mo(data, _read(locale), use_fuzzy=False)
    data.seek(0)
    return Translations(fp=data, domain=DOMAIN)


RECHECK_SECONDS = 2.0
"""How often a catalog's file is looked at for changes (not on every string)."""
_checked: Kept[str, int] = Kept(8, seconds=RECHECK_SECONDS)
"""Each catalog file's mtime, as seen within the last :data:`RECHECK_SECONDS`."""


def translations(locale: str | None = None) -> Translations:
    """The compiled catalog of ``locale`` (default: the current request's), compiled
    again when its PO file changes (looked at every :data:`RECHECK_SECONDS` at most:
    a page asks for hundreds of strings)."""
    locale = locale or current()

    def mtime() -> int:
        """The catalog's mtime (for zh_TW, the later of the Simplified catalog's and the
        wording's: an edit of either is compiled again)."""
        stamp = catalog_path("zh_CN" if locale == "zh_TW" else locale).stat().st_mtime_ns
        if locale == "zh_TW":
            stamp = max(stamp, (locales_dir() / WORDING).stat().st_mtime_ns)
        return stamp

    return _compiled(locale, _checked.made(locale, mtime))


def gettext(message: str) -> str:
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return str(translations().pgettext(context, message))


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return str(translations().npgettext(context, singular, plural, n))


def date(value: str | dt.date | None) -> str:
    """An ISO date as the interface language writes it: ``2022年3月30日``,
    ``March 30, 2022``; "" for none, the text itself when it is not a date."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, format="long", locale=current())


WORDING = "zh_TW/wording.tsv"
"""The reviewed Taiwan wording (under ``locales/``): what s2twp leaves in mainland usage."""


@functools.lru_cache(maxsize=2)
def _wording(mtime_ns: int) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(whole messages, phrases in order) of :data:`WORDING`."""
    messages: dict[str, str] = {}
    phrases = []
    path = locales_dir() / WORDING
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, found, said, *_ = [*line.split("\t"), "", ""]
        if kind not in ("message", "phrase") or not found or not said:
            raise ValueError(
                f"{path}:{number}: a line is 'message' or 'phrase', the s2twp text and the "
                f"Taiwan one, separated by tabs; not {line!r}"
            )
        if kind == "message":
            messages[found] = said
        else:
            phrases.append((found, said))
    return messages, tuple(phrases)


def wording() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    return _wording((locales_dir() / WORDING).stat().st_mtime_ns)


def to_taiwan(text: str) -> str:
    """Simplified interface text in Taiwan's characters and wording: OpenCC ``s2twp``
    (characters and common phrases), then the reviewed :data:`WORDING`, where s2twp
    stops short (rows and columns, licences, counts)."""
    converted = converter("s2twp").convert(text)
    messages, phrases = wording()
    if converted in messages:
        return messages[converted]
    for found, said in phrases:
        converted = converted.replace(found, said)
    return converted


def in_interface_script(text: str) -> str:
    """A Chinese name the archive holds (a category, an archive's own title) in the
    interface's script: Traditional for a zh_TW reader (s2twp: characters and common
    phrases; the reviewed wording is the interface's, not content's), Simplified for a
    zh_CN one."""
    locale = current()
    if locale == "zh_TW":
        return converter("s2twp").convert(text)
    return to_simplified(text) if locale == "zh_CN" else text


def label(en: str | None, zh: str | None) -> str:
    """A name the archive holds in both languages (a category), in the interface
    language: the Chinese one (in Traditional characters for zh_TW) or the English
    one, else whichever there is."""
    locale = current()
    if locale == "en":
        return en or zh or ""
    if not zh:
        return en or ""
    return in_interface_script(zh)


def number(value: int | float) -> str:
    """A count as the interface language writes it (``12,600``)."""
    return str(format_decimal(value, locale=current()))
