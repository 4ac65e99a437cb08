"""Pairing a busy day: each page scored against the pages sharing its rarest evidence,
not against every page of its days (``library.pages.blocking``), pairing as scoring
every page would."""

from __future__ import annotations

import pytest
from helpers import ROOT
from make_corpus import generate

from library.pages import blocking
from library.pages.blocking import Candidates
from library.pages.evidence import GlossaryMatcher, page_features
from library.pages.pairing import pair
from library.pages.read import read_pages
from library.terms import glossary
from library.text.lexicon import default_lexicon

TERMS = glossary.load_terms(glossary.find_catalogs(ROOT / "locales"))


@pytest.fixture(scope="module")
def lexicon():
    return default_lexicon().add_terms(TERMS)


@pytest.fixture(scope="module")
def busy_day(tmp_path_factory):
    """300 briefs on one date under random names: some 280 Chinese pages, each an
    English page's candidate by date."""
    folder = tmp_path_factory.mktemp("busy")
    gold = generate(300, folder, seed=3, no_hint=True, briefs=1.0, one_sided=0.1, days=1)
    return list(read_pages([folder])), gold


def _pairs(items) -> set[tuple[str, str]]:
    return {(i.en.rel, i.zh.rel) for i in items if i.en and i.zh}


def test_a_busy_day_pairs_as_scoring_every_page_would(busy_day, lexicon, monkeypatch):
    versions, gold = busy_day
    blocked = _pairs(pair(versions, TERMS, lexicon))
    monkeypatch.setattr(blocking, "EXACT_UP_TO", 10**9)
    every = _pairs(pair(versions, TERMS, lexicon))
    assert blocked == every
    true = {(e, z) for e, z in gold if e and z}
    assert len(blocked & true) >= 0.99 * len(true)
    assert len(blocked - true) <= 0.01 * len(blocked)


def test_a_page_of_a_busy_day_is_scored_against_a_few_holding_its_translation(busy_day, lexicon):
    versions, gold = busy_day
    matcher = GlossaryMatcher(TERMS)
    by_rel = {v.rel: v for v in versions}
    zh = [page_features(v, matcher, lexicon) for v in versions if v.lang == "zh"]
    assert len(zh) > blocking.EXACT_UP_TO  # else every page would be a candidate
    found = Candidates(zh)
    held = 0
    pairs = [(e, z) for e, z in gold if e and z]
    for e_rel, z_rel in pairs:
        chosen = found.of(page_features(by_rel[e_rel], matcher, lexicon))
        assert len(chosen) <= blocking.TOP
        held += z_rel in {z.version.rel for z in chosen}
    assert held >= 0.99 * len(pairs)


def test_a_quiet_week_scores_every_page_of_the_dates(tmp_path, lexicon):
    """Few pages around a date: all of them (and every undated one) are candidates, so
    the pairing is exactly the unblocked one."""
    generate(60, tmp_path, seed=4, no_hint=True, days=30, one_sided=0.1)
    versions = list(read_pages([tmp_path]))
    matcher = GlossaryMatcher(TERMS)
    zh = [page_features(v, matcher, None) for v in versions if v.lang == "zh"]
    found = Candidates(zh)
    for v in versions:
        if v.lang != "en":
            continue
        e = page_features(v, matcher, None)
        want = {
            z.version.rel
            for z in zh
            if z.day is None or e.day is None or abs(z.day - e.day) <= blocking.MAX_DAYS
        }
        assert {z.version.rel for z in found.of(e)} == want
