"""Bytes → text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5, else a guess."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import SourceError

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


def _refuse_stray_bytes(data: bytes, first_bad: int, path: Path | str) -> None:
    """A page that is UTF-8 but for a few bytes is refused at the first bad byte's
    offset (``first_bad``, from the strict decoding that failed): any other decoding of
    it would garble all of its non-ASCII text."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if not c.isascii() and c != "\ufffd")
    if good and bad <= max(8, good // 100):
        raise SourceError(
            f"not valid UTF-8 at byte {first_bad:,} ({data[first_bad : first_bad + 4]!r}; "
            f"{bad} bad byte sequence(s) in all), though the rest of the page is UTF-8",
            path=path,
            hint="remove or fix those bytes, or save the page as UTF-8 again",
        )


def _western(data: bytes) -> tuple[str, str] | None:
    """Latin text in a Western single-byte encoding ("Café naïve" in Latin-1 or
    Windows-1252): mostly ASCII, and every other byte a letter or punctuation there.
    Guessers often take such short runs for Central European encodings ("naďve")."""
    high = sum(1 for b in data if b >= 0x80)
    if not high or high > len(data) * 0.2:
        return None
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(c.isprintable() or c.isspace() for c in text if not c.isascii()):
            return text, encoding
    return None


def decode(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Bytes → (text, encoding name) for UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

    >>> decode("海關".encode("big5"))
    ('海關', 'big5')
    >>> decode("海关总署".encode("gbk"))
    ('海关总署', 'gb18030')
    >>> decode("Café naïve".encode("latin-1"))
    ('Café naïve', 'cp1252')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    scored = []
    # Level-1 blocks: GB2312 B0A1–D7F9 and Big5 A440–C67E hold the common characters.
    for enc, lo, hi in (("gb18030", 0xB0A1, 0xD7F9), ("big5", 0xA440, 0xC67E)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append(
            (_common_share(text, "gb2312" if enc == "gb18030" else enc, lo, hi), enc, text)
        )
    scored.sort(key=lambda s: -s[0])
    if scored and scored[0][0] >= 0.6:
        return scored[0][2], scored[0][1]
    _refuse_stray_bytes(data, first_bad, path)
    western = _western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError(
            "cannot tell the text encoding",
            path=path,
            hint="save the page as UTF-8, GB18030 or Big5",
        )
    return str(best), best.encoding
