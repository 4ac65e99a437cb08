"""A termbase of thousands of entries: the glossary's automaton finds exactly the uses,
marks and search matches that matching each entry alone finds (the rule it replaces),
on an archive whose text is made of the glossary's words."""

from __future__ import annotations

import pytest
from make_corpus import generate, make_glossary

from library import build
from library.archive import read
from library.query import search_all
from library.terms.check import find_uses, glossary_in_text
from library.text.chinese import normalize
from library.text.query_compiler import parse
from library.text.termmatch import en_spans, outermost, zh_spans


@pytest.fixture(scope="module")
def termbase_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("termbase")
    generate(80, folder / "pages", seed=8, days=60)
    locales = make_glossary(3000, folder / "locales")
    db = folder / "library.db"
    build.build([folder / "pages"], db, locales)
    return db


def _reference_uses(conn, terms) -> set[tuple]:
    """Each entry matched alone in each sentence pair, nested occurrences dropped."""
    out: dict[tuple, list[bool]] = {}
    rows = conn.execute("SELECT id, zh, en FROM segments").fetchall()
    for rowid, zh, en in rows:
        norm = normalize(zh or "")
        for side, text, spans_of, form_of in (
            (0, en, en_spans, lambda t: t.en),
            (1, norm, zh_spans, lambda t: t.zh),
        ):
            found = [(span, t) for t in terms if form_of(t) for span in spans_of(form_of(t), text)]
            keep = outermost([span for span, _ in found])
            for (_, t), ok in zip(found, keep, strict=True):
                if ok:
                    out.setdefault((t.id, rowid), [False, False])[side] = True
    return {(term, rowid, en, zh) for (term, rowid), (en, zh) in out.items()}


def test_uses_are_those_each_entry_alone_finds(termbase_db):
    conn = read.connect(termbase_db)
    terms = read.glossary_terms(conn)
    assert len(terms) >= 2900
    uses, _, _ = find_uses(conn, terms)
    got = {(u.term_id, u.segment, u.en, u.zh) for u in uses}
    want = _reference_uses(conn, terms)
    assert len(want) > 3 * len(conn.execute("SELECT 1 FROM segments").fetchall())
    assert got == want
    stored = conn.execute("SELECT count(*) FROM term_uses").fetchone()[0]
    assert stored == len(got)


def _reference_marks(text: str, lang: str, approved: list[dict]) -> list[tuple[int, int]]:
    """The marks as found entry by entry: the outermost occurrences, overlapping ones
    resolved to the first and longest."""
    if lang == "zh":
        spans = [s for t in approved for s in zh_spans(t.zh, normalize(text))]
    else:
        spans = [s for t in approved for s in en_spans(t.en, text)]
    kept = sorted(
        (s for s, ok in zip(spans, outermost(spans), strict=True) if ok),
        key=lambda s: (s[0], -s[1]),
    )
    out: list[tuple[int, int]] = []
    for a, b in kept:
        if not out or a >= out[-1][1]:
            out.append((a, b))
    return out


def test_marks_are_those_each_entry_alone_finds(termbase_db):
    conn = read.connect(termbase_db)
    terms = read.glossary_terms(conn)
    approved = [t for t in terms if t.status == "approved"]
    marked = 0
    for zh, en in conn.execute("SELECT zh, en FROM segments LIMIT 80"):
        for text, lang in ((zh, "zh"), (en, "en")):
            if not text or len(normalize(text)) != len(text):
                continue
            got = [(a, b) for a, b, _ in glossary_in_text(text, lang, terms)]
            assert got == _reference_marks(text, lang, approved), (lang, text)
            marked += len(got)
    assert marked > 100


@pytest.mark.parametrize("q", ["customs", "director", "海关", "deputy director", "署", "zzz"])
def test_search_lists_the_entries_holding_every_word(termbase_db, q):
    conn = read.connect(termbase_db)
    terms = read.glossary_terms(conn)
    words = q.split()
    want = [t for t in terms if all(w in normalize(f"{t.en} {t.zh}").lower() for w in words)]
    assert search_all._terms(conn, parse(q)) == want[: search_all.TERMS_SHOWN]


def test_an_update_finds_the_items_using_thousands_of_changed_forms_in_one_read(
    termbase_db, monkeypatch
):
    """A glossary replaced whole: the items using its forms are found by reading every
    pair once (the same items as the forms' search, minus those the search only
    pre-filters), not by a query a form."""
    from library.archive import update as stored

    conn = read.connect(termbase_db)
    terms = read.glossary_terms(conn)[:400]
    forms = sorted({("en", t.en) for t in terms} | {("zh", t.zh) for t in terms})
    assert len(forms) > stored.SCAN_FROM
    scanned = stored.items_using(conn, forms)
    using = {
        item
        for item, zh, en in conn.execute("SELECT item_id, zh, en FROM segments")
        if any(
            en_spans(f, en) if side == "en" else zh_spans(f, normalize(zh or ""))
            for side, f in forms
        )
    }
    assert scanned == using and len(using) > 10
    monkeypatch.setattr(stored, "SCAN_FROM", 10**6)
    assert scanned <= stored.items_using(conn, forms)
