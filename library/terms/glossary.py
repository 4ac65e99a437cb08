"""Glossaries of official titles, kept as gettext catalogs.

One entry per English form: ``msgid`` the English official title, ``msgstr``
the Chinese, ``msgctxt`` to tell senses or organisations apart, ``#.`` the
definition or source, ``#:`` references, ``fuzzy`` for an unapproved
candidate, obsolete (``#~``) for deprecated forms. Catalogs are read with
polib; a syntax error names the file and line.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import polib

from ..errors import GlossaryError
from ..model import Term

_STRING = r'"(?:[^"\\]|\\.)*"'
_VALID_LINE = re.compile(
    r"^\s*(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?" + _STRING + r"\s*$"
)


_KEYWORD = re.compile(r"^\s*(?:#~\s*)?(msgctxt|msgid_plural|msgid|msgstr)\b")


def _check_syntax(text: str, path: str) -> None:
    """Catch what polib accepts silently: unterminated strings, stray text, and an entry
    without ``msgstr`` (``msgfmt --check`` refuses it; polib would drop it unsaid)."""
    pending: int | None = None  # the line of a msgid still waiting for its msgstr
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") and not stripped.startswith("#~"):
            continue
        if stripped.startswith("#~") and stripped[2:].strip() == "":
            continue
        if not _VALID_LINE.match(line):
            raise GlossaryError(
                f"PO syntax error: {stripped[:60]!r}",
                path=path,
                line=n,
                hint='each line must be a keyword and a "quoted string", '
                "a continuation string or a # comment",
            )
        keyword = _KEYWORD.match(line)
        if keyword is None:
            continue
        if keyword.group(1) in ("msgid", "msgctxt") and pending is not None:
            break
        if keyword.group(1) == "msgid":
            pending = n
        elif keyword.group(1) == "msgstr":
            pending = None
    if pending is not None:
        raise GlossaryError(
            "entry has no msgstr",
            path=path,
            line=pending,
            hint='add msgstr "" (empty while the rendering is unknown) after its msgid',
        )


def load(fileobj: BinaryIO | str | Path, name: str | None = None) -> polib.POFile:
    """Read a PO catalog from a binary file object or a path.

    Raises :class:`GlossaryError` with the file and line for a malformed
    catalog or one that is not UTF-8.
    """
    if isinstance(fileobj, str | Path):
        name = name or str(fileobj)
        try:
            data = Path(fileobj).read_bytes()
        except OSError as exc:
            raise GlossaryError(f"cannot read catalog: {exc.strerror}", path=fileobj) from None
    else:
        data = fileobj.read()
        name = name or str(getattr(fileobj, "name", "<catalog>"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(
            "catalog is not UTF-8",
            path=name,
            line=line,
            hint="save it as UTF-8 and set charset=UTF-8 in the header",
        ) from None
    _check_syntax(text, name)
    try:
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise GlossaryError(
            f"PO syntax error: {exc}", path=name, line=int(m.group(1)) if m else None
        ) from None


COMMENT_WIDTH = 78
"""polib (and so Weblate, translate-toolkit's tools) saves a catalog wrapping every comment
line longer than this at a space: a translator's note kept on one long line would come
back with a word moved to a line of its own."""


def _wrapped(comment: str, prefix: str) -> str:
    """``comment`` with each line too long for :data:`COMMENT_WIDTH` wrapped as polib
    wraps it on saving (the same cut, so saving again changes nothing)."""
    lines = []
    for line in comment.split("\n"):
        if len(line) + len(prefix) > COMMENT_WIDTH:
            cut = textwrap.wrap(line, COMMENT_WIDTH - len(prefix), break_long_words=False)
            lines.extend(cut or [line])
        else:
            lines.append(line)
    return "\n".join(lines)


def dump(catalog: polib.POFile, fileobj: BinaryIO) -> None:
    """Write ``catalog`` to a binary file object as UTF-8, its comments wrapped as polib's
    own save would wrap them (:data:`COMMENT_WIDTH`), its messages as they are."""
    for entry in catalog:
        entry.comment = _wrapped(entry.comment, "#. ")
        entry.tcomment = _wrapped(entry.tcomment, "# ")
    fileobj.write(str(catalog).encode("utf-8"))


def term_id(domain: str, context: str | None, en: str) -> str:
    """Stable id: the same entry gets the same id in every build."""
    key = "\x04".join([domain, context or "", en])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def terms_of(
    catalog: polib.POFile, domain: str, source: str, warnings: list[str] | None = None
) -> list[Term]:
    """The catalog's entries as terms. Two live entries with the same ``msgctxt`` and
    ``msgid`` refuse the catalog, naming both lines (as ``msgfmt --check`` does: the
    later one would silently replace the earlier). The header, plural entries and
    empty translations are skipped, each with a line in ``warnings``."""
    terms = []
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalog:  # obsolete entries included
        if not entry.msgid:
            continue
        if not entry.obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key in seen:
                raise GlossaryError(
                    f"duplicate entry {entry.msgid!r}"
                    + (f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt else "")
                    + f", first defined at line {seen[key]}",
                    path=source,
                    line=entry.linenum,
                    hint="keep one entry; give a second sense its own msgctxt",
                )
            seen[key] = entry.linenum
        if entry.msgid_plural or not entry.msgstr:
            if warnings is not None:
                why = "a plural entry" if entry.msgid_plural else "no rendering (empty msgstr)"
                warnings.append(f"{source}:{entry.linenum}: {entry.msgid!r} skipped: {why}")
            continue
        if entry.obsolete:
            status = "obsolete"
        elif entry.fuzzy:
            status = "fuzzy"
        else:
            status = "approved"
        refs = " ".join(f"{f}:{ln}" if ln else f for f, ln in entry.occurrences) or None
        terms.append(
            Term(
                id=term_id(domain, entry.msgctxt, entry.msgid),
                en=entry.msgid,
                zh=entry.msgstr,
                context=entry.msgctxt,
                status=status,
                note=" ".join(entry.comment.split()) or None,  # one paragraph, unwrapped
                references=refs,
                domain=domain,
                source=source,
                line=entry.linenum or None,
            )
        )
    return terms


def find_catalogs(locales: Path) -> list[Path]:
    """Glossary catalogs under a ``locales/`` folder: ``*/LC_MESSAGES/glossary*.po``."""
    locales = Path(locales)
    if locales.is_file():
        return [locales]
    if not locales.is_dir():
        raise GlossaryError(
            "no such locales folder",
            path=locales,
            hint="pass --locales pointing at the folder holding zh_CN/LC_MESSAGES",
        )
    return sorted(locales.glob("*/LC_MESSAGES/glossary*.po"))


def load_terms(
    paths: Iterable[Path], base: Path | None = None, warnings: list[str] | None = None
) -> list[Term]:
    """All terms of the given catalogs, in file order (what was skipped, in ``warnings``).

    ``source`` is each path relative to ``base`` (e.g. the folder holding
    ``locales/``), so the archive does not depend on where it was built.
    """
    terms: list[Term] = []
    for path in paths:
        path = Path(path)
        source = path.resolve().relative_to(base.resolve()) if base else path
        terms.extend(terms_of(load(path), path.stem, source.as_posix(), warnings))
    return terms


def terms_under(locales: Path, warnings: list[str] | None = None) -> list[Term]:
    """The terms of every glossary catalog under a ``locales`` folder (or one catalog
    file), with sources relative to the folder holding ``locales``."""
    locales = Path(locales)
    base = (locales if locales.is_dir() else locales.parent).resolve().parent
    return load_terms(find_catalogs(locales), base=base, warnings=warnings)


def loads(text: str, name: str = "<catalog>") -> polib.POFile:
    """:func:`load` for a string (tests and tools)."""
    return load(io.BytesIO(text.encode("utf-8")), name)
