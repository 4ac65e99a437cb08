"""Glossary catalogs: the shipped one is valid, loads into terms, and errors name the line."""

from __future__ import annotations

import io
import shutil
import subprocess

import polib
import pytest
import sqlite_utils
from helpers import ROOT, in_ci

from library.errors import GlossaryError
from library.terms import glossary

CATALOG = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"


def test_shipped_catalog_passes_msgfmt_check(tmp_path):
    if shutil.which("msgfmt") is None:
        if in_ci():
            pytest.fail("msgfmt is missing in CI: .ci/run must install gettext")
        pytest.skip("msgfmt (gettext) is not installed")
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "g.mo"), str(CATALOG)], check=True)


def test_shipped_catalog_loads_in_babel_too():
    from babel.messages.pofile import read_po

    with CATALOG.open("rb") as f:
        catalog = read_po(f, abort_invalid=True)
    assert (catalog.locale.language, catalog.locale.territory) == ("zh", "CN")


def test_round_trip_is_byte_identical():
    data = CATALOG.read_bytes()
    out = io.BytesIO()
    glossary.dump(glossary.load(io.BytesIO(data), "glossary.po"), out)
    assert out.getvalue() == data


def test_terms_carry_status_context_and_stable_ids():
    terms = glossary.load_terms([CATALOG])
    by_key = {(t.context, t.en): t for t in terms}
    assert by_key[(None, "Department of General Operation")].zh == "综合业务司"
    assert by_key[("GACC department", "Director")].zh == "司长"
    assert by_key[("company", "Director")].zh == "总监"
    assert by_key[("QBPC", "Customs Committee")].status == "fuzzy"
    assert by_key[(None, "State Intellectual Property Office")].status == "obsolete"
    assert len({t.id for t in terms}) == len(terms)
    assert glossary.load_terms([CATALOG]) == terms


def test_every_catalog_entry_is_in_the_terms_table(sample_db):
    entries = [e for e in polib.pofile(str(CATALOG)) if e.msgid and e.msgstr]
    assert any(e.obsolete for e in entries)
    rows = list(sqlite_utils.Database(sample_db)["terms"].rows)
    assert len(rows) == len(entries)
    assert {(r["context"], r["en"], r["zh"]) for r in rows} == {
        (e.msgctxt, e.msgid, e.msgstr) for e in entries
    }


@pytest.mark.parametrize(
    "text,line",
    [
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr ""\n', 4),  # unterminated string
        ('msgid "a"\nmsgstr "b"\nthis is not PO\n', 3),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\nmsgstr "d"\n', None),
    ],
)
def test_po_errors_name_file_and_line(text, line):
    if line is None:
        # Two msgstr for one entry: polib's own parser reports it.
        with pytest.raises(GlossaryError) as err:
            glossary.loads(text, "broken.po")
        assert "broken.po" in str(err.value)
        return
    with pytest.raises(GlossaryError) as err:
        glossary.loads(text, "broken.po")
    assert err.value.line == line
    assert f"broken.po:{line}" in str(err.value)


def test_non_utf8_catalog_is_refused_with_line():
    data = 'msgid "a"\nmsgstr "海关"\n'.encode("gbk")
    with pytest.raises(GlossaryError, match="not UTF-8") as err:
        glossary.load(io.BytesIO(data), "gbk.po")
    assert err.value.line == 2
