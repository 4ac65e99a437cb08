"""Pairing: explicit by id and stem, automatic by score, refused below threshold."""

from __future__ import annotations

import pytest
from helpers import ROOT, write

from library.pages.pairing import THRESHOLD, pair
from library.pages.read import read_pages
from library.terms import glossary

TERMS = glossary.load_terms(glossary.find_catalogs(ROOT / "locales"))

EN = """Shenzhen Customs Seizes 12,600 Counterfeit Earphones

Create Time:2022-06-21

On June 14, Shenzhen Customs seized 12,600 counterfeit earphones valued at 1.8 million yuan. The trademarks had customs recordation with GACC.

The right holders, both QBPC members, confirmed the goods within 24 hours.
"""
ZH = """深圳海关查获侵权耳机12600件

发布时间：2022-06-21

6月14日，深圳海关查获侵权耳机12600件，价值约180万元。涉案商标均已在海关总署办理备案。

两家权利人均为品保委（QBPC）会员，在24小时内确认了上述货物。
"""
OTHER_ZH = """宁波海关举办培训

发布时间：2022-06-22

5月3日，宁波海关为35名关员举办了化妆品识别培训，来自7家企业的专家授课。
"""


def _items(folder):
    return pair(list(read_pages([folder])), TERMS)


def test_explicit_pair_by_stem(tmp_path):
    write(tmp_path / "news" / "seizure.en.txt", EN)
    write(tmp_path / "news" / "seizure.zh.txt", ZH)
    [item] = _items(tmp_path)
    assert (item.id, item.method, item.status, item.score) == ("seizure", "stem", "both", None)


def test_same_stem_in_other_folders_is_not_a_pair_by_name(tmp_path):
    write(tmp_path / "a" / "seizure.en.txt", EN)
    write(tmp_path / "b" / "seizure.zh.txt", OTHER_ZH)
    items = _items(tmp_path)
    assert sorted(i.status for i in items) == ["en_only", "zh_only"]
    assert len({i.id for i in items}) == 2  # ids stay unique


def test_explicit_pair_by_front_matter_id(tmp_path):
    write(tmp_path / "x.md", "---\nid: s1\nlang: en\ntitle: A\ndate: 2022-06-21\n---\n\nText.\n")
    write(tmp_path / "y.md", "---\nid: s1\nlang: zh\ntitle: 甲\ndate: 2022-01-01\n---\n\n正文。\n")
    [item] = _items(tmp_path)
    assert (item.id, item.method, item.status) == ("s1", "id", "both")


def test_original_language_from_front_matter_else_earlier_date(tmp_path):
    def item(en_extra: str, zh_extra: str, en_date="2022-06-21", zh_date="2022-06-21"):
        folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
        write(folder / "x.md", f"---\nid: s\nlang: en\ndate: {en_date}\n{en_extra}---\n\nText.\n")
        write(folder / "y.md", f"---\nid: s\nlang: zh\ndate: {zh_date}\n{zh_extra}---\n\n正文。\n")
        [it] = _items(folder)
        return it.original

    assert item("", "original: true\n") == "zh"
    assert item("original: true\n", "original: false\n") == "en"
    assert item("original: false\n", "") == "zh"
    assert item("", "") is None  # same day, nothing said
    assert item("", "", zh_date="2022-06-20") == "zh"  # published first
    assert item("original: true\n", "", zh_date="2022-06-20") == "en"  # the page says so
    assert item("original: true\n", "original: true\n", en_date="2022-06-19") == "en"


def test_automatic_pair_when_names_give_no_hint(tmp_path):
    write(tmp_path / "p1.txt", EN)
    write(tmp_path / "q7.txt", ZH)
    write(tmp_path / "q8.txt", OTHER_ZH)
    items = _items(tmp_path)
    auto = [i for i in items if i.method == "auto"]
    assert len(auto) == 1
    assert (auto[0].en.rel, auto[0].zh.rel) == ("p1.txt", "q7.txt")
    assert auto[0].score >= THRESHOLD
    assert auto[0].evidence["numbers"] > 0.5 and auto[0].evidence["date"] == 1.0
    assert [i.status for i in items if i.method == "single"] == ["zh_only"]


def test_unrelated_pages_are_never_forced_into_a_pair(tmp_path):
    write(tmp_path / "p1.txt", EN)
    write(tmp_path / "q8.txt", OTHER_ZH)
    items = _items(tmp_path)
    assert sorted(i.status for i in items) == ["en_only", "zh_only"]
    assert all(i.method == "single" for i in items)


def test_dates_far_apart_rule_a_pair_out(tmp_path):
    write(tmp_path / "p1.txt", EN)
    write(tmp_path / "q7.txt", ZH.replace("2022-06-21", "2022-09-21"))
    assert all(i.method == "single" for i in _items(tmp_path))


def test_generated_no_hint_folder_pairs_accurately(tmp_path):
    from eval_pairing import evaluate
    from make_corpus import generate

    gold = generate(200, tmp_path, seed=21, no_hint=True, days=30, topical=False)
    result = evaluate(tmp_path, gold)
    assert result["recall"] >= 0.98
    assert result["precision"] >= 0.95


def test_content_pairs_pages_that_share_one_date(tmp_path):
    """80 items on a single day, 10% one-sided, real-looking translations: dates, numbers
    and lengths cannot tell them apart; what the pages say (CC-CEDICT glosses of the
    Chinese words found in the English) can. Without it, pairing is close to guessing."""
    from eval_pairing import evaluate
    from make_corpus import generate

    from library.text.lexicon import default_lexicon

    gold = generate(80, tmp_path, seed=4, no_hint=True, days=1, topical=True, one_sided=0.1)
    with_content = evaluate(tmp_path, gold)
    assert with_content["precision"] >= 0.98 and with_content["recall"] >= 0.98
    assert with_content["one_sided_left_alone"] == with_content["one_sided"]
    versions = list(read_pages([tmp_path]))
    blind = pair(versions, TERMS)  # no lexicon: the old evidence alone
    truth = {(e, z) for e, z in gold if e and z}
    right = sum(1 for i in blind if i.en and i.zh and (i.en.rel, i.zh.rel) in truth)
    assert right < 0.5 * len(truth)
    lexicon = default_lexicon().add_terms(TERMS)
    made = [i for i in pair(versions, TERMS, lexicon) if i.method == "auto"]
    assert made and all("lexical" in i.evidence for i in made)


def test_one_sided_pages_beside_named_pairs_stay_alone(tmp_path):
    """Every true pair here is named (NAME.en.txt / NAME.zh.txt), so whatever the score
    pairs joins strangers: none may be made. The named pairs calibrate how alike a pair
    looks, which the one-sided pages of the same topics do not reach."""
    from make_corpus import generate

    from library.text.lexicon import default_lexicon

    generate(300, tmp_path, seed=8, days=30, topical=True, one_sided=0.3)
    lexicon = default_lexicon().add_terms(TERMS)
    items = pair(list(read_pages([tmp_path])), TERMS, lexicon)
    assert sum(1 for i in items if i.method == "stem") > 150
    assert [(i.en.rel, i.zh.rel) for i in items if i.method == "auto"] == []


def test_an_undated_page_needs_strong_content(tmp_path):
    """An undated Chinese page is paired with its English on what they say, and an
    undated page whose translation is missing stays alone."""
    from library.text.lexicon import default_lexicon

    lexicon = default_lexicon().add_terms(TERMS)
    write(tmp_path / "p1.txt", EN)
    write(tmp_path / "q1.txt", ZH.replace("发布时间：2022-06-21\n\n", ""))
    write(tmp_path / "q2.txt", OTHER_ZH.replace("发布时间：2022-06-22\n\n", ""))
    items = pair(list(read_pages([tmp_path])), TERMS, lexicon)
    pairs = {(i.en.rel, i.zh.rel) for i in items if i.en and i.zh}
    assert pairs == {("p1.txt", "q1.txt")}


def _html(lang: str, title: str, body: str, url: str | None, head: str = "", nav: str = "") -> str:
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (
        f'<html lang="{lang}"><head><title>{title}</title>{canonical}{head}</head>'
        f"<body><nav>{nav}</nav><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )


# Two unrelated stories on one day: a score could not tell which English goes with which
# Chinese (no numbers, no shared names); the pages' links and URLs can.
STORIES = {
    "a": ("Customs officers meet industry experts", "海关关员与行业专家会面"),
    "b": ("Customs officers visit a port", "海关关员参观港口"),
}


def test_pages_that_link_each_other_are_paired_on_the_links(tmp_path):
    """hreflang alternates both ways, and a language switch ("English"/"中文") with a
    relative href read against the canonical URL: paired on the links whatever the
    content, with the evidence stored."""
    site = "https://example.org"
    for k, (en, zh) in STORIES.items():
        other = "b" if k == "a" else "a"  # file names that mislead
        en_url, zh_url = f"{site}/news/{k}-story.html", f"{site}/zhongwen/{k}-gushi.html"
        alt = (
            f'<link rel="alternate" hreflang="zh-CN" href="{zh_url}">'
            f'<link rel="alternate" hreflang="en" href="{en_url}">'
        )
        write(
            tmp_path / f"{k}.html", _html("en", en, en + ".", en_url, head=alt if k == "a" else "")
        )
        nav = f'<a href="../news/{k}-story.html">English</a>' if k == "b" else ""
        write(
            tmp_path / f"{other}-zh.html",
            _html("zh", zh, zh + "。", zh_url, head=alt if k == "a" else "", nav=nav),
        )
    items = {i.en.title: i for i in _items(tmp_path) if i.en and i.zh}
    assert {t: i.zh.title for t, i in items.items()} == {en: zh for en, zh in STORIES.values()}
    assert {i.method for i in items.values()} == {"link"}
    assert items[STORIES["a"][0]].evidence["link"] == "both"
    assert items[STORIES["b"][0]].evidence["link"] == "zh"  # only the Chinese links back
    # The build keeps the evidence.
    import json
    import sqlite3

    from library import build as build_mod

    db = tmp_path / "x.db"
    build_mod.build([tmp_path], db, ROOT / "locales")
    rows = dict(sqlite3.connect(db).execute("SELECT method, evidence FROM pair_evidence"))
    assert json.loads(rows["link"])["url_zh"].startswith(site + "/zhongwen/")


def test_urls_that_differ_by_a_language_mark_pair_the_pages(tmp_path):
    site = "http://www.example.org"
    marks = {
        "a": ("/en/news/2022/1001.html", "/cn/news/2022/1001.html"),
        "b": ("/news/1002_e.html", "/news/1002_c.html"),
    }
    for k, (en, zh) in STORIES.items():
        en_path, zh_path = marks[k]
        write(tmp_path / f"p{k}1.html", _html("en", en, en + ".", site + en_path))
        write(tmp_path / f"p{k}2.html", _html("zh", zh, zh + "。", site + zh_path))
    items = {i.en.title: i for i in _items(tmp_path) if i.en and i.zh}
    assert {t: i.zh.title for t, i in items.items()} == {en: zh for en, zh in STORIES.values()}
    assert {i.method for i in items.values()} == {"url"}
    assert items[STORIES["a"][0]].evidence["url_pattern"] == "example.org/*/news/2022/1001.html"


def test_the_same_story_number_pairs_pages_of_one_site(tmp_path):
    """/news/88421.html and /zh/article/88421: the site's number for the story, one page
    of each language, dates a day apart. A number two pages of one language share, or
    pages far apart in time, pair nothing."""
    site = "https://example.org"
    (en_a, zh_a), (en_b, zh_b) = STORIES.values()

    def page(name, lang, title, url, day):
        head = f'<meta name="date" content="2022-03-0{day}">'
        write(tmp_path / name, _html(lang, title, title + ".", url, head=head))

    page("1.html", "en", en_a, f"{site}/news/88421.html", 1)
    page("2.html", "zh", zh_a, f"{site}/zh/article/88421", 2)
    page("3.html", "en", en_b, f"{site}/news/99001.html", 1)
    page("4.html", "en", en_b + " again", f"{site}/en/99001", 1)
    page("5.html", "zh", zh_b, f"{site}/zh/99001", 1)
    page("6.html", "en", "Far apart", f"{site}/news/77777.html", 1)
    page("7.html", "zh", "相隔很远", f"{site}/zh/77777", 8)
    items = _items(tmp_path)
    by_number = [i for i in items if i.method == "url" and "url_number" in i.evidence]
    assert [(i.en.rel, i.zh.rel, i.evidence["url_number"]) for i in by_number] == [
        ("1.html", "2.html", "example.org 88421")
    ]
    # /en/99001 and /zh/99001 differ by a language mark: that pair comes first, and the
    # other English page with 99001 stays alone; 77777 is a week apart.
    pattern = {(i.en.rel, i.zh.rel) for i in items if i.method == "url"} - {("1.html", "2.html")}
    assert pattern == {("4.html", "5.html")}
    assert all(not (i.en and i.zh) for i in items if "6.html" in {v.rel for v in i.versions})


def test_a_one_way_link_contradicted_by_the_target_is_not_a_pair(tmp_path):
    """The English page names a Chinese page whose own link names another English page:
    no link pair (the score decides, and it finds nothing here)."""
    site = "https://example.org"
    write(
        tmp_path / "e.html",
        _html(
            "en",
            "Customs officers meet experts",
            "Customs officers met experts.",
            f"{site}/e1",
            head=f'<link rel="alternate" hreflang="zh" href="{site}/z1">',
        ),
    )
    write(
        tmp_path / "z.html",
        _html(
            "zh",
            "海关关员参观港口",
            "海关关员参观了港口。",
            f"{site}/z1",
            head=f'<link rel="alternate" hreflang="en" href="{site}/e2">',
        ),
    )
    assert all(i.method != "link" for i in _items(tmp_path))


def _page(lang: str, text: str, url: str, date: str, head: str = "") -> str:
    """A saved HTML page of a plain-text story (title, date line, paragraphs)."""
    title, _, body = text.partition("\n\n")
    paragraphs = [p for p in body.split("\n\n")[1:] if p.strip()]
    return (
        f'<html lang="{lang}"><head><title>{title}</title><link rel="canonical" href="{url}">'
        f'<meta name="date" content="{date}">{head}</head><body><article><h1>{title}</h1>'
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )


STRANGER = """Lisbon Hosts a Wine Festival

Create Time:2004-05-02

On May 1, 2004, more than 90 winemakers from 11 regions poured 340 wines for visitors in Lisbon.
"""


def _link_to(url: str) -> str:
    return f'<link rel="alternate" hreflang="zh-CN" href="{url}">'


ZH_URL = "https://customs.example/zh/2022/12600.html"


def _claiming(folder, *english: tuple[str, str, str, str]) -> None:
    """The Chinese story at :data:`ZH_URL`, and English pages (file name, text, URL,
    date) that each name it as their translation (a one-way link)."""
    write(folder / "zh.html", _page("zh", ZH, ZH_URL, "2022-06-21"))
    for name, text, url, date in english:
        write(folder / name, _page("en", text, url, date, head=_link_to(ZH_URL)))


def _paired(folder):
    from library.text.lexicon import default_lexicon

    items = pair(list(read_pages([folder])), TERMS, default_lexicon().add_terms(TERMS))
    return {(i.en.rel, i.zh.rel): i for i in items if i.en and i.zh}, items


def test_a_one_way_link_from_a_stranger_is_not_a_pair(tmp_path):
    """Another site's page, 18 years earlier, about something else, names the Chinese
    page as its translation: no pair; the true English page pairs with it on content."""
    zh_url = "https://customs.example/zh/2022/12600.html"
    write(tmp_path / "zh.html", _page("zh", ZH, zh_url, "2022-06-21"))
    write(
        tmp_path / "en.html",
        _page("en", EN, "https://customs.example/en/news-a.html", "2022-06-21"),
    )
    write(
        tmp_path / "stranger.html",
        _page("en", STRANGER, "https://wine.example/lisbon", "2004-05-02", head=_link_to(zh_url)),
    )
    pairs, items = _paired(tmp_path)
    assert set(pairs) == {("en.html", "zh.html")}
    assert pairs["en.html", "zh.html"].method == "auto"
    assert any(i.en and i.en.rel == "stranger.html" and not i.zh for i in items)


def test_a_one_way_link_whose_numbers_or_content_disagree_is_not_a_pair(tmp_path):
    """Same site, same day, but the English page is another story (its numbers share
    none of the Chinese page's): the link is contradicted."""
    other = STRANGER.replace("2004-05-02", "2022-06-21").replace("2004", "2022")
    _claiming(tmp_path, ("other.html", other, "https://customs.example/en/wine", "2022-06-21"))
    pairs, _ = _paired(tmp_path)
    assert pairs == {}


def test_a_one_way_link_pairs_when_nothing_contradicts_it(tmp_path):
    _claiming(tmp_path, ("en.html", EN, "https://customs.example/en/a", "2022-06-22"))
    pairs, _ = _paired(tmp_path)
    item = pairs["en.html", "zh.html"]
    assert item.method == "link" and item.evidence["link"] == "en"
    assert "lexical" in item.evidence and "numbers" in item.evidence


def test_two_pages_claiming_one_translation_are_decided_by_content(tmp_path):
    """The path that sorts first used to win; now the page that says the same wins and
    the rival's claim is kept in the pair's evidence."""
    rival = EN.replace(
        "Shenzhen Customs Seizes 12,600 Counterfeit Earphones", "Customs news"
    ).replace(
        "On June 14, Shenzhen Customs seized 12,600 counterfeit earphones valued at 1.8 million yuan.",
        "Customs officers visited a port on June 14 and met 12,600 visitors.",
    )
    _claiming(
        tmp_path,
        ("a-rival.html", rival, "https://customs.example/en/a", "2022-06-21"),
        ("b-true.html", EN, "https://customs.example/en/b", "2022-06-21"),
    )
    pairs, items = _paired(tmp_path)
    assert set(pairs) == {("b-true.html", "zh.html")}
    assert pairs["b-true.html", "zh.html"].evidence["rival_link"] == "a-rival.html ↔ zh.html"
    (loser,) = [i for i in items if i.en and i.en.rel == "a-rival.html"]
    assert loser.evidence["link_lost"] == "a-rival.html ↔ zh.html"  # both claims kept


def test_a_one_way_link_across_declared_mirrors_pairs(tmp_path):
    """english.customs.example and customs.example.cn are two sites, unless declared one
    (bilib build --mirror)."""
    from library.text.lexicon import default_lexicon

    zh_url = "https://customs.example.cn/zh/2022/12600.html"
    write(tmp_path / "zh.html", _page("zh", ZH, zh_url, "2022-06-21"))
    write(
        tmp_path / "en.html",
        _page("en", EN, "https://english.customs.example/a", "2022-06-21", head=_link_to(zh_url)),
    )
    versions = list(read_pages([tmp_path]))
    lexicon = default_lexicon().add_terms(TERMS)
    apart = {i.method for i in pair(versions, TERMS, lexicon) if i.en and i.zh}
    assert "link" not in apart
    mirrors = [("english.customs.example", "customs.example.cn")]
    (item,) = [i for i in pair(versions, TERMS, lexicon, mirrors) if i.en and i.zh]
    assert item.method == "link" and item.evidence["link"] == "en"


def test_numbers_that_all_disagree_veto_a_scored_pair(tmp_path):
    """Same-day one-line pages, none a translation of another ("Title 16" and "标题87"
    share no number): no pair, however alike the rest; the one true pair pairs."""
    for k in range(30):
        write(
            tmp_path / f"e{k}.txt",
            f"Title {k + 1}\n\n2022-06-21\n\nCustoms officers held meeting {k + 1}.\n",
        )
        write(
            tmp_path / f"z{k}.txt",
            f"标题{k + 51}\n\n2022-06-21\n\n海关关员召开第{k + 51}次会议。\n",
        )
    write(tmp_path / "e-true.txt", "Title 99\n\n2022-06-21\n\nCustoms officers held meeting 99.\n")
    write(tmp_path / "z-true.txt", "标题99\n\n2022-06-21\n\n海关关员召开第99次会议。\n")
    pairs, _ = _paired(tmp_path)
    assert set(pairs) == {("e-true.txt", "z-true.txt")}


def test_the_score_refuses_pages_whose_numbers_all_disagree(tmp_path):
    from library.pages.pairing import GlossaryMatcher, page_features, pair_score
    from library.pages.read import read_page

    matcher = GlossaryMatcher(TERMS)
    en = page_features(
        read_page(write(tmp_path / "e.txt", "Title 16\n\n2022-06-21\n\nCustoms news.\n")),
        matcher,
        None,
    )
    zh87 = page_features(
        read_page(write(tmp_path / "z.txt", "标题87\n\n2022-06-21\n\n海关新闻。\n")), matcher, None
    )
    zh16 = page_features(
        read_page(write(tmp_path / "y.txt", "标题16\n\n2022-06-21\n\n海关新闻。\n")), matcher, None
    )
    assert pair_score(en, zh87, 3.0) is None
    assert pair_score(en, zh16, 3.0) is not None


def test_briefs_of_a_busy_day_pair_on_their_margin_over_their_neighbours(tmp_path):
    """eval_pairing's briefs set: a third of the items a title and a sentence or two
    whose names and dates the day's other briefs share. A brief says the same as its
    translation far more than as any neighbour (the margin), though less than a long
    item does; strangers and one-sided pages stay apart."""
    from eval_pairing import SETS
    from make_corpus import generate

    params = dict(SETS["briefs"])
    gold = generate(params.pop("n"), tmp_path, seed=11, no_hint=True, **params)
    pairs, items = _paired(tmp_path)
    true = {(e, z) for e, z in gold if e and z}
    assert set(pairs) == true  # the earlier rule left 3 of these 202 apart
    assert any(i.evidence.get("margin", 0) >= 2 for i in pairs.values())


def _features(lang: str, rel: str, day: int | None, names=(), numbers=()):
    from pathlib import Path

    from library.model import Version
    from library.pages.evidence import Features

    version = Version(Path(rel), rel, lang, "t", None, ["p"], "txt", "utf-8")
    return Features(version, day, set(numbers), set(), set(), 100, names=frozenset(names))


@pytest.mark.parametrize(
    ("lexical", "en_day", "numbers", "margin", "names_agree", "allowed"),
    [
        (0.76, 1, 0, 0.0, True, True),  # dated pages: at least 3/4 of a typical pair
        (0.74, 1, 0, 0.0, True, False),
        (0.81, None, 0, 0.0, True, True),  # an undated page: at least 4/5
        (0.79, None, 0, 0.0, True, False),
        (0.61, 1, 0.9, 0.0, True, True),  # most of several numbers shared: 3/5 will do
        (0.61, 1, 0.7, 0.0, True, False),
        (0.51, 1, 0, 2.0, True, True),  # far ahead of the pages' neighbours: half will do
        (0.51, 1, 0, 2.0, False, False),  # … but only when their names agree
        (0.51, 1, 0, 1.9, True, False),
        (0.49, 1, 0, 3.0, True, False),
    ],
)
def test_content_evidence_allows_a_pair_within_these_bounds(
    lexical, en_day, numbers, margin, names_agree, allowed
):
    """How similar two pages must be to pair, against a typical pair of the day's pages
    (here 1.0): the bounds and the exceptions of ``_says_the_same``, pinned one by one."""
    from library.pages.pairing import _says_the_same

    shared = ["12", "2350", "90%"]
    e = _features("en", "a.en.txt", en_day, names={"xiaolu"}, numbers=shared)
    z = _features("zh", "a.zh.txt", 1, names={"xiaolu"} if names_agree else set(), numbers=shared)
    evidence = {"lexical": lexical, "numbers": numbers}
    best = {"a.en.txt": lexical, "a.zh.txt": lexical}
    assert _says_the_same(e, z, evidence, best, 1.0, margin) is allowed


def test_a_pair_must_be_each_pages_best_match_or_near_it():
    """No page is paired with one less similar to it than its best match by more than
    0.05 (another page says the same better)."""
    from library.pages.pairing import _says_the_same

    e, z = _features("en", "a.en.txt", 1), _features("zh", "a.zh.txt", 1)
    near = {"a.en.txt": 0.94, "a.zh.txt": 0.9}
    far = {"a.en.txt": 0.96, "a.zh.txt": 0.9}
    assert _says_the_same(e, z, {"lexical": 0.9}, near, 1.0)
    assert not _says_the_same(e, z, {"lexical": 0.9}, far, 1.0)
    assert not _says_the_same(_features("en", "a.en.txt", None), z, {}, near, 1.0)
    assert _says_the_same(e, z, {}, near, 1.0)  # no content evidence: both dated will do


def test_file_names_pair_exactly_one_page_per_language():
    """Three pages of one name (a second Chinese one: a Traditional copy) are no stem
    pair: which Chinese page is the translation is for the scorer to say."""
    from pathlib import Path

    from library.model import Version
    from library.pages.pairing import explicit_pairs

    def page(name: str, lang: str) -> Version:
        return Version(Path(name), name, lang, "t", None, ["p"], "md", "utf-8",
                       lang_from="file name")  # fmt: skip

    two = [page("news/a.en.md", "en"), page("news/a.zh.md", "zh")]
    items, rest = explicit_pairs(two)
    assert [(i.method, i.en.rel, i.zh.rel) for i in items] == [
        ("stem", "news/a.en.md", "news/a.zh.md")
    ]
    assert rest == []
    three = [*two, page("news/a.zh-hant.md", "zh")]
    items, rest = explicit_pairs(three)
    assert items == [] and sorted(v.rel for v in rest) == sorted(v.rel for v in three)


@pytest.mark.parametrize(
    ("en_names", "zh_names", "agree"),
    [
        ((), ("sun",), True),  # an English page without names: nothing to disagree on
        (("sun", "xiaolu"), ("sun", "xiaolu"), True),
        (("sun", "xiaolu"), ("sun",), True),  # half of them is enough
        (("sun", "xiaolu", "lin"), ("sun",), False),  # a third is not
        (("sun",), ("lin",), False),
    ],
)
def test_names_agree_when_the_chinese_page_spells_half_the_english_pages(en_names, zh_names, agree):
    from library.pages.pairing import _names_agree

    e = _features("en", "a.en.txt", 1, names=en_names)
    z = _features("zh", "a.zh.txt", 1, names=zh_names)
    assert _names_agree(e, z) is agree


def test_a_pairs_margin_is_its_similarity_over_its_neighbours_not_counting_itself():
    from library.pages.pairing import MARGIN_K, _margin

    around = {"e": [0.9, 0.3, 0.1], "z": [0.9, 0.5]}
    # e's neighbours (0.3, 0.1 → 0.2) and z's (0.5): mean 0.35; the pair's own 0.9 left out.
    assert _margin(0.9, "e", "z", around) == pytest.approx(0.9 / 0.35)
    crowd = {"e": [0.9] + [0.4] * (MARGIN_K + 5), "z": [0.9]}
    assert _margin(0.9, "e", "z", crowd) == pytest.approx(0.9 / 0.2)  # the nearest K only
    assert _margin(0.9, "e", "z", {}) == pytest.approx(0.9 / 0.02)  # no neighbours: a floor


def test_a_contradicted_link_claim_does_not_stop_the_next_from_being_weighed(tmp_path):
    """Two English pages name one Chinese page: the first (in name order) is another
    story, contradicted by its numbers; the second, the true translation, still pairs
    on its link."""
    other = STRANGER.replace("2004-05-02", "2022-06-21").replace("2004", "2022")
    _claiming(
        tmp_path,
        ("a_other.html", other, "https://customs.example/en/wine", "2022-06-21"),
        ("en.html", EN, "https://customs.example/en/a", "2022-06-22"),
    )
    pairs, _ = _paired(tmp_path)
    assert set(pairs) == {("en.html", "zh.html")}
    assert pairs["en.html", "zh.html"].method == "link"
