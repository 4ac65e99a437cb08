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


SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"RIFF": "a RIFF file (WebP image, WAV sound or AVI video)",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Office document",
    b"\x1f\x8b": "gzip-compressed data",
    b"BZh": "bzip2-compressed data",
    b"\xfd7zXZ\x00": "xz-compressed data",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"\x7fELF": "a program (ELF)",
    b"MZ\x90\x00": "a Windows program",
    b"SQLite format 3\x00": "an SQLite database",
    b"WARC/": "a web archive (WARC): name it .warc or .warc.gz",
    b"ID3": "an MP3 sound",
    b"OggS": "an Ogg file",
    b"\x00\x00\x00\x18ftyp": "an MP4 video",
    b"\x00\x00\x00\x20ftyp": "an MP4 video",
    b"wOFF": "a web font",
    b"wOF2": "a web font",
}
"""The first bytes of the files most often found among saved pages, and what they are."""
CONTROL_SHARE = 0.01
"""Control or replacement characters above this share of a text (and at least three)
make it no text: binary data that happened to decode."""
MOJIBAKE_SHARE = 0.1
"""Mojibake marks (``Ã©``, ``å…``) at or above this share of a text's non-ASCII
characters make it mojibake; a page quoting a few garbled strings stays text (real
mojibake of Chinese is about a third marks, of accented Latin a half)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MOJIBAKE = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u02dc\u2013-\u203a\u20ac\u2122]")


def _as_read_bytes(text: str) -> bytes:
    """The bytes a Windows-1252 reading turned into ``text`` (undefined bytes, which
    browsers read as C1 controls or which were replaced, as best it can)."""
    out = bytearray()
    for c in text:
        if ord(c) < 256:
            out.append(ord(c))
        elif c != "\ufffd":
            out += c.encode("cp1252", errors="ignore")
    return bytes(out)


def _refuse_non_text(text: str, path: Path | str) -> None:
    """A decoded page that is no text: mojibake (UTF-8 read as Windows-1252 and saved
    again: 国家 as "å›½å®¶"), or control characters (binary data that decoded)."""
    sample = text[:100_000]
    marks = _MOJIBAKE.findall(sample) if _MOJIBAKE.search(sample) else []
    if len(marks) >= 3 and len(marks) >= MOJIBAKE_SHARE * sum(1 for c in sample if c >= "\x80"):
        run = sample[:20_000]
        fixed = _as_read_bytes(run).decode("utf-8", errors="replace")
        if len(fixed) < len(run) and len(_MOJIBAKE.findall(fixed)) < len(marks) // 4:
            example = run[run.index(marks[0]) :][:12]
            raise SourceError(
                "the text is mojibake: UTF-8 that was read as Windows-1252 and saved again "
                f"({example!r} for {_as_read_bytes(example).decode('utf-8', 'replace')!r})",
                path=path,
                hint="save the page from the site again, or repair it first (ftfy does)",
            )
    bad = len(_CONTROL.findall(sample)) if _CONTROL.search(sample) else 0
    if bad >= 3 and bad > CONTROL_SHARE * len(sample):
        raise SourceError(
            f"not text: {bad:,} control or undecodable characters in its first {len(sample):,}",
            path=path,
            hint="this is binary data, not a saved page: move it out of the folder",
        )


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}
"""What a declared charset is read as: its superset, since sites declare the smaller set
and use the larger one (a GB2312 page holding GBK characters; "ISO-8859-1" holding
curly quotes, which browsers read as Windows-1252 too)."""
_SINGLE_BYTE = {"cp1252", "iso8859-15", "cp1250", "koi8-r"}


def decode_declared(data: bytes, charset: str | None, path: Path | str = "") -> tuple[str, str]:
    """Bytes fetched over HTTP → (text, encoding): by the HTTP header's charset, then the
    page's own ``<meta charset>``, then as :func:`decode` reads a file."""
    declared = [charset] if charset else []
    if (m := _META_CHARSET.search(data[:4096])) is not None:
        declared.append(m.group(1).decode("ascii", "replace"))
    for name in declared:
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            continue
        encoding = _SUPERSETS.get(encoding, encoding)
        if encoding in _SINGLE_BYTE and not data.isascii():
            try:  # a server that says Latin-1 for its UTF-8 pages
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        _refuse_non_text(text, path)
        return text, encoding
    return decode(data, path)


def decode(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Bytes → (text, encoding name), or a :class:`SourceError` for what is no text."""
    for signature, what in SIGNATURES.items():
        if data.startswith(signature):
            raise SourceError(
                f"not a page: the file is {what}",
                path=path,
                hint="move it out of the folder: only text, HTML and Markdown pages and WARC "
                "crawls are read",
            )
    text, encoding = _decode(data, path)
    _refuse_non_text(text, path)
    return text, encoding


def _decode(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Bytes → (text, encoding name) for UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

    >>> _decode("海關".encode("big5"))
    ('海關', 'big5')
    >>> _decode("海关总署".encode("gbk"))
    ('海关总署', 'gb18030')
    >>> _decode("Café naïve".encode("latin-1"))
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
