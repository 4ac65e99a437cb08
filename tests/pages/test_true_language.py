"""Every page in its true language, or refused with a reason: pages that lie about their
language, files that are not text, impossible dates, undated pages (issue 25, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write
from lying_pages import CASES, EN_BODY, ZH_BODY, run

from library.build import build, page_warnings
from library.errors import BadPages, SourceError
from library.pages.decode import decode
from library.pages.language import detect_lang, text_language
from library.pages.read import read_page


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return {r["case"]: r for r in run(tmp_path_factory.mktemp("lying"))}


@pytest.mark.parametrize(
    "case, filed, said",
    [
        (
            "chinese-named-en",
            "zh (detected), 2022-03-30",
            "says it is en (file name) but its text is Chinese",
        ),
        (
            "english-named-zh",
            "en (detected), 2022-03-30",
            "says it is zh (file name) but its text is English",
        ),
        ("html-lang-en-chinese", "zh (detected), 2022-03-30", "says it is en (html lang)"),
        ("override-front-matter", "en (front matter), 2022-03-30", "-"),
        ("german", "refused", "in German (de), neither Chinese nor English"),
        ("japanese", "refused", "in Japanese (ja)"),
        ("png-named-txt", "refused", "the file is a PNG image"),
        ("binary-that-decodes", "refused", "not text: "),
        ("mojibake", "refused", "mojibake"),
        (
            "feb-30",
            "refused",
            "news-8.en.txt:2: the date line says '2022-02-30', which is no possible day",
        ),
        ("year-0", "refused", "'0000-00-00', which is no possible day"),
        ("year-9999", "refused", "9999-12-31, is after today"),
        ("undated", "en (file name), undated", "1 page without a date: news-11.en.txt"),
    ],
)
def test_each_lying_page_is_filed_in_its_true_language_or_refused_with_why(
    table, case, filed, said
):
    row = table[case]
    assert row["filed"] == filed
    assert said in row["said"], row["said"]


def test_every_case_is_asserted(table):
    assert set(table) == set(CASES)


def test_without_skip_bad_a_lying_page_stops_the_build_naming_it(tmp_path):
    write(tmp_path / "src" / "de.en.txt", CASES["german"][1].decode())
    write(tmp_path / "src" / "ok.en.txt", f"Customs\n\n2022-03-30\n\n{EN_BODY}\n")
    with pytest.raises(BadPages, match=r"de\.en\.txt: the page is in German"):
        build([tmp_path / "src"], tmp_path / "a.db", jobs=1)
    assert not (tmp_path / "a.db").exists()


def test_the_language_is_told_from_the_text_not_from_a_few_letters():
    assert text_language(ZH_BODY) == "zh"
    assert text_language(EN_BODY) == "en"
    # Chinese news quotes acronyms and names: still Chinese.
    assert text_language("品保委（QBPC）与海关总署（GACC）在Xiamen召开IPR会议") == "zh"
    # A title of names and acronyms says nothing: the claim stands.
    assert text_language("QBPC GACC IPR") is None
    assert detect_lang(Path("x.zh.txt"), "QBPC GACC IPR") == (
        "zh",
        "file name",
        None,
    )
    # English full of names is not taken for another language.
    names = "Sun Xiaolu met Zhang Wei, Li Na and Wang Fang of QBPC in Xiamen, Fujian, on Monday."
    assert text_language(names * 2) == "en"


def test_a_traditional_page_is_chinese(tmp_path):
    v = read_page(
        write(
            tmp_path / "t.en.txt",
            "海關召開視訊會議\n\n2022-03-30\n\n海關總署綜合業務司副司長與會員企業代表召開視訊會議。\n",
        )
    )
    assert (v.lang, v.script, v.lang_claim) == ("zh", "Hant", "en (file name)")


def test_honest_western_text_is_not_mojibake_and_a_utf8_bom_is_fine():
    for text in ["Café naïve crème brûlée, Größe Straße", "Â© is how some sites write ©"]:
        assert decode(text.encode("utf-8"))[0] == text
    assert decode("\ufeff海关".encode())[0] == "海关"


def test_the_undated_pages_are_counted_and_the_first_few_named(tmp_path):
    versions = [
        read_page(write(tmp_path / f"n{i:02d}.en.txt", f"Customs {i}\n\n{EN_BODY}\n"), tmp_path)
        for i in range(8)
    ]
    (warning,) = page_warnings(versions)
    assert warning.startswith("8 pages without a date: n00.en.txt, n01.en.txt")
    assert "and 3 more" in warning


def test_a_future_or_impossible_date_in_html_metadata_is_refused(tmp_path):
    page = '<html><head><meta name="date" content="{}"></head><body><article><p>{}</p></article></body></html>'
    with pytest.raises(SourceError, match="no possible day"):
        read_page(write(tmp_path / "a.html", page.format("2022-02-30", EN_BODY)))
    with pytest.raises(SourceError, match="after today"):
        read_page(write(tmp_path / "b.html", page.format("2999-01-01", EN_BODY)))
    assert (
        read_page(write(tmp_path / "c.html", page.format("2022-02-28", EN_BODY))).date
        == "2022-02-28"
    )
