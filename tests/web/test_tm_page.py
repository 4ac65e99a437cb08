"""The translation-memory page (issue 14): best matches with their similarity, the
differences marked word by word, the translation, the item and its date; one memory
per served archive."""

from __future__ import annotations

import pytest

from library.translation import tm

PAIRS = [
    # (query, memory sentence, what only the query has, what only the memory has)
    ("Ningbo Customs seized 86 toys.", "Ningbo Customs seized 12 toys.", ["86"], ["12"]),
    (
        "QBPC met Shanghai Customs.",
        "QBPC met Ningbo Customs in May.",
        ["Shanghai"],
        ["Ningbo", " in May"],
    ),
    ("宁波海关查获玩具。", "宁波海关查获侵权手表。", ["玩具"], ["侵权手表"]),
    ("深圳海關查獲耳機", "深圳海关查获耳机", [], []),  # scripts differ, words do not
]


@pytest.mark.parametrize("query, memory, only_query, only_memory", PAIRS)
def test_differences_are_marked_word_by_word(query, memory, only_query, only_memory):
    diff = tm.differences(query, memory)
    assert [t for op, t in diff if op == "query"] == only_query
    assert [t for op, t in diff if op == "match"] == only_memory
    # The memory's sentence is given back whole, in order, as stored.
    assert "".join(t for op, t in diff if op != "query") == memory


async def test_the_page_shows_matches_with_differences(ds):
    q = "On May 12, the QBPC Customs Committee held a two-day training for 90 officers."
    page = (await ds.client.get("/-/tm", params={"q": q, "threshold": "40", "_lang": "en"})).text
    table = page[page.index('id="tm-matches"') :]
    assert "<del>" in table and "<ins>" in table
    assert "2022-05-18-ningbo-customs-training" in table and "May 18, 2022" in table
    assert "品保委" in table  # the translation
    data = (await ds.client.get("/-/tm.json", params={"q": q, "threshold": "40"})).json()
    best = data["matches"][0]
    assert best["item_id"] == "2022-05-18-ningbo-customs-training" and 40 <= best["score"] < 100
    assert ["query", "two"] in best["differences"] and ["match", "one"] in best["differences"]
    empty = (await ds.client.get("/-/tm", params={"_lang": "en"})).text
    assert 'id="tm-form"' in empty and 'id="tm-matches"' not in empty


@pytest.mark.parametrize(
    "params, name",
    [
        ({"q": "x", "threshold": "101"}, "threshold"),
        ({"q": "x", "threshold": "-1"}, "threshold"),
        ({"q": "x", "limit": "0"}, "limit"),
        ({"q": "x", "lang": "fr"}, "lang"),
    ],
)
async def test_bad_parameters_answer_400_naming_them(ds, params, name):
    for path in ("/-/tm", "/-/tm.json"):
        r = await ds.client.get(path, params=params)
        assert r.status_code == 400 and name in r.text, (path, r.text[:200])


def test_one_memory_per_archive_file(sample_db, tmp_path):
    import os
    import shutil

    from library.archive import read

    path = tmp_path / "library.db"
    shutil.copy(sample_db, path)
    with read.open_archive(path) as one, read.open_archive(path) as two:
        first = tm.shared(one)
        assert tm.shared(two) is first
        first.lookup("Ningbo Customs seized toys.", "en")
        assert first._answers  # kept for the next request
    os.utime(path, ns=(1, 1))  # the file changed: a new memory
    with read.open_archive(path) as three:
        assert tm.shared(three) is not first


async def test_a_run_on_page_is_answered_cut_with_its_differences(tmp_path):
    """A page without sentence ends is one "sentence" of tens of thousands of characters:
    an answer shows at most ``SHOWN_CHARS`` of it (saying so) and marks the differences of
    that, in the request's time budget, not seconds on the event loop (issue 27)."""
    from helpers import ROOT, make_datasette, write

    from library import build as build_mod

    words = " ".join(f"customs officers of district {k} counted cases" for k in range(1500))
    zh = "，".join(f"第{k}区海关关员统计了案件" for k in range(1500))
    write(tmp_path / "pages" / "2023-05-04-run-on.en.txt", f"A run-on report\n\n{words}\n")
    write(tmp_path / "pages" / "2023-05-04-run-on.zh.txt", f"冗长报告\n\n{zh}\n")
    db = tmp_path / "library.db"
    build_mod.build([tmp_path / "pages"], db, ROOT / "locales")
    ds = make_datasette(db)
    query = words[20_000:21_900]
    answer = (
        await ds.client.get("/-/tm.json", params={"q": query, "threshold": "0", "limit": "3"})
    ).json()
    (match,) = [m for m in answer["matches"] if len(m["source"]) > 1000]
    assert match["cut"] is True and len(match["source"]) == tm.SHOWN_CHARS + 1
    assert match["source"].endswith("…") and len(match["target"]) <= tm.SHOWN_CHARS + 1
    assert "".join(t for op, t in match["differences"] if op != "query") == match["source"]
    page = (await ds.client.get("/-/tm", params={"q": query, "threshold": "0"})).text
    assert len(page) < 200_000  # the page, too, shows the cut sentence
