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


GOOD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalog(tmp_path, body: str):
    folder = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / "glossary.po"
    path.write_text(GOOD + body, "utf-8")
    return tmp_path / "locales", path


def _msgfmt_refuses(path) -> bool | None:
    import shutil
    import subprocess

    if not shutil.which("msgfmt"):
        return None
    found = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True)
    return found.returncode != 0


def test_a_duplicate_entry_refuses_the_glossary_naming_both_lines(tmp_path):
    """Issue 15: a later entry silently replaced the approved one."""
    locales, path = _catalog(
        tmp_path,
        'msgid "Department of General Operation"\nmsgstr "综合业务司"\n\n'
        'msgid "Department of General Operation"\nmsgstr "综合业务部"\n',
    )
    with pytest.raises(GlossaryError) as found:
        glossary.terms_under(locales)
    message = str(found.value)
    assert "glossary.po:8: duplicate entry 'Department of General Operation'" in message
    assert "first defined at line 5" in message
    assert _msgfmt_refuses(path) in (True, None)
    # The same English in another sense (msgctxt) is no duplicate, nor is an obsolete form.
    locales, _ = _catalog(
        tmp_path / "b",
        'msgctxt "a"\nmsgid "Director"\nmsgstr "司长"\n\nmsgctxt "b"\nmsgid "Director"\n'
        'msgstr "总监"\n\n#~ msgid "Director"\n#~ msgstr "处长"\n',
    )
    assert len(glossary.terms_under(locales)) == 3


def test_an_entry_without_msgstr_refuses_the_glossary(tmp_path):
    locales, path = _catalog(tmp_path, 'msgid "GACC"\nmsgstr "海关总署"\n\nmsgid "QBPC"\n')
    with pytest.raises(GlossaryError) as found:
        glossary.terms_under(locales)
    assert str(found.value).endswith(
        'glossary.po:8: entry has no msgstr (add msgstr "" (empty while the rendering is '
        "unknown) after its msgid)"
    )
    assert _msgfmt_refuses(path) in (True, None)


def test_skipped_entries_are_reported_with_their_lines(tmp_path):
    locales, _ = _catalog(
        tmp_path,
        'msgid "GACC"\nmsgstr "海关总署"\n\nmsgid "QBPC"\nmsgstr ""\n\n'
        'msgid "one seizure"\nmsgid_plural "%d seizures"\nmsgstr[0] "%d 起查获"\n',
    )
    warnings: list[str] = []
    terms = glossary.terms_under(locales, warnings)
    assert [t.en for t in terms] == ["GACC"]
    assert len(warnings) == 2
    assert ":8: 'QBPC' skipped: no rendering" in warnings[0]
    assert ":11: 'one seizure' skipped: a plural entry" in warnings[1]


def test_polib_saving_the_catalog_again_keeps_every_comment(tmp_path):
    """polib (Weblate, translate-toolkit) wraps a comment line over 78 columns when it
    saves: the shipped catalog's comments fit, and ``dump`` wraps a long one as polib
    would, so that saving again moves no word (issue 30, item 7f)."""

    def comments(po):
        return [(e.msgctxt, e.msgid, e.comment, e.tcomment) for e in po]

    shipped = polib.pofile(str(CATALOG))
    shipped.save(str(tmp_path / "saved.po"))
    assert comments(polib.pofile(str(tmp_path / "saved.po"))) == comments(shipped)
    long = glossary.load(io.BytesIO(CATALOG.read_bytes()), "glossary.po")
    note = "A note a translator wrote on one line, " * 4 + "longer than any line of a catalog."
    long[0].comment = note
    out = io.BytesIO()
    glossary.dump(long, out)
    (tmp_path / "ours.po").write_bytes(out.getvalue())
    ours = polib.pofile(str(tmp_path / "ours.po"))
    ours.save(str(tmp_path / "again.po"))
    assert (tmp_path / "again.po").read_bytes().count(b"#. ") == out.getvalue().count(b"#. ")
    assert comments(polib.pofile(str(tmp_path / "again.po"))) == comments(ours)
    term = glossary.load_terms([tmp_path / "ours.po"])[0]
    assert term.note == note.strip()  # read back as one paragraph
