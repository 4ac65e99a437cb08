"""Labels a reader understands for the archive's column names and coded values (``status``
``both`` → "Status: in both languages"), in the interface language. Only the archive's
own tables get them; a neighbour database served beside it keeps its names."""

from __future__ import annotations

from collections.abc import Callable

from . import i18n
from .i18n import N_

COLUMNS = {
    "rowid": N_("publication order"),
    "id": N_("ID"),
    "item_id": N_("Item"),
    "date": N_("Date"),
    "year": N_("Year"),
    "title": N_("Title"),
    "title_en": N_("English title"),
    "title_zh": N_("Chinese title"),
    "category": N_("Category"),
    "category_en": N_("English category"),
    "category_zh": N_("Chinese category"),
    "items": N_("Items"),
    "status": N_("Status"),
    "missing": N_("Missing language"),
    "pair_method": N_("Paired by"),
    "pair_score": N_("Pairing score"),
    "method": N_("Method"),
    "evidence": N_("Evidence"),
    "paragraphs": N_("Paragraphs"),
    "review": N_("To check"),
    "script_zh": N_("Chinese script"),
    "original": N_("Original language"),
    "lang": N_("Language"),
    "breadcrumb": N_("Breadcrumb"),
    "url": N_("URL"),
    "source": N_("Source"),
    "format": N_("Format"),
    "encoding": N_("Encoding"),
    "script": N_("Script"),
    "lang_from": N_("Language from"),
    "chars": N_("Characters"),
    "text": N_("Text"),
    "content_hash": N_("Content hash"),
    "translator": N_("Translator"),
    "translated": N_("Translated"),
    "position": N_("Position"),
    "paragraph": N_("Paragraph"),
    "bead": N_("Alignment"),
    "zh_index": N_("Chinese paragraphs"),
    "en_index": N_("English paragraphs"),
    "score": N_("Score"),
    "zh": N_("Chinese"),
    "en": N_("English"),
    "context": N_("Context"),
    "note": N_("Note"),
    "references": N_("References"),
    "domain": N_("Catalog"),
    "line": N_("Line"),
    "term_id": N_("Term"),
    "segment": N_("Sentence pair"),
    "kind": N_("Kind"),
    "term_en": N_("Term (English)"),
    "expected": N_("Expected"),
    "found": N_("Found"),
    "sentence_pairs": N_("Sentence pairs"),
    "in_english": N_("In English"),
    "in_chinese": N_("In Chinese"),
    "in_both": N_("In both"),
    "bilingual": N_("In both languages"),
    "english_only": N_("English only"),
    "chinese_only": N_("Chinese only"),
    "key": N_("Key"),
    "value": N_("Value"),
}
"""Column names of the archive's tables and views, and what a reader calls them."""
LANGUAGES = {"zh": N_("Chinese"), "en": N_("English")}
SCRIPTS = {"Hans": N_("Simplified"), "Hant": N_("Traditional")}
VALUES = {
    "status": {
        "both": N_("in both languages"),
        "en_only": N_("English only"),
        "zh_only": N_("Chinese only"),
        "approved": N_("approved"),
        "fuzzy": N_("not yet approved"),
        "obsolete": N_("deprecated"),
    },
    "missing": LANGUAGES,
    "original": LANGUAGES,
    "lang": LANGUAGES,
    "pair_method": {
        "id": N_("front matter id"),
        "stem": N_("file names"),
        "link": N_("links between the pages"),
        "url": N_("URL pattern"),
        "auto": N_("score"),
        "single": N_("one language"),
        "worksheet": N_("worksheet"),
    },
    "script_zh": SCRIPTS,
    "script": SCRIPTS,
    # The glossary's sense of an acronym; its other senses name bodies, in English.
    "context": {"acronym": N_("acronym")},
    "bead": {"title": N_("titles")},
    "kind": {
        "missing_zh": N_("Chinese rendering missing"),
        "missing_en": N_("English form missing"),
        "variant": N_("another rendering"),
        "deprecated": N_("deprecated form"),
    },
}
"""Coded values of some columns, and what a reader calls them."""
VALUES["method"] = VALUES["pair_method"]  # pair_evidence's column, the same methods

PARAMETERS = {
    "q": N_("Words to search"),
    "term": N_("Term (English or Chinese)"),
    "lang": N_("Language lacking"),
    "sort": N_("Order"),
}
"""The canned queries' parameters, and what a reader calls them."""
CHOICES = {
    "sort": [
        ("relevance", N_("relevance")),
        ("newest", N_("newest first")),
        ("oldest", N_("oldest first")),
    ],
    "lang": [("", N_("either")), *LANGUAGES.items()],
}
"""Parameters that take one of a few values: a choice list instead of a text box."""


def column_label(name: str) -> str:
    """What a reader calls an archive column, in the interface language."""
    return i18n.gettext(COLUMNS[name]) if name in COLUMNS else name


def value_label(column: str, value: object) -> str | None:
    """What a reader calls a coded value of an archive column (None: not a coded value)."""
    label = VALUES.get(column, {}).get(str(value))
    return i18n.gettext(label) if label else None


def parameter_label(name: str) -> str:
    """What a reader calls a canned query's parameter, in the interface language."""
    return i18n.gettext(PARAMETERS[name]) if name in PARAMETERS else name


def parameter_choices(name: str) -> list[tuple[str, str]] | None:
    """The values a parameter takes, with their labels (None: any text)."""
    if name not in CHOICES:
        return None
    return [(value, i18n.gettext(label)) for value, label in CHOICES[name]]


READERS_COLUMNS = {"items": ("date", "title_zh", "title_en", "category", "status")}
"""The columns a reader sees of a table by default (the others one click away, with
Datasette's ``?_col=``): what a story is, not how the build made it."""


def readers_columns(table: str, columns: list[str], args: object) -> list[str] | None:
    """The columns a table page shows when the reader chose none (no ``_col`` or
    ``_nocol``), in the table's order; None: all of them."""
    wanted = READERS_COLUMNS.get(table)
    chosen: Callable[[str], list[str]] = getattr(args, "getlist", lambda name: [])
    if not wanted or chosen("_col") or chosen("_nocol"):
        return None
    return [c for c in columns if c in wanted]
