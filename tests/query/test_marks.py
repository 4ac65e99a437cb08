"""Where a query matches a stored text, and the snippet cut around it: the rules of
``library.query.marks`` pinned by what a reader sees."""

from __future__ import annotations

from library.query.marks import mark
from library.text.query_compiler import parse


def _words(n: int, word: str) -> str:
    return " ".join(f"{word}{k}" for k in range(n))


def test_a_snippet_is_cut_a_third_before_the_match_at_a_word_and_marks_it_there():
    before, after = _words(40, "alpha"), _words(40, "omega")
    text = f"{before} Customs {after}"
    snippet = mark(text, parse("customs").highlights, width=60)
    (a, b), *_ = snippet.spans
    assert snippet.text[a:b] == "Customs"
    assert snippet.cut_before and snippet.cut_after
    assert snippet.text.split(" ")[0] in before.split(" ")  # a whole word first
    assert 14 <= a <= 20  # about a third of 60 before the match
    assert len(snippet.text) <= 60


def test_a_match_longer_than_the_snippet_starts_it_and_is_kept_whole():
    phrase = "Department of General Operation of the General Administration of Customs"
    text = f"{_words(30, 'alpha')} {phrase} {_words(30, 'omega')}"
    q = parse(f'"{phrase}"')
    snippet = mark(text, q.highlights, width=40, phrase=q.phrase)
    assert snippet.spans == [(0, len(phrase))]
    assert snippet.text.startswith(phrase) and snippet.cut_before and snippet.cut_after


def test_the_other_languages_renderings_are_marked_where_the_query_is_not():
    q = parse("海关总署")
    renderings = parse("GACC").highlights
    snippet = mark("GACC met; 海关总署 agreed", q.highlights, equivalents=renderings)
    assert snippet.spans == [(10, 14)] and snippet.equivalents == [(0, 4)]
    overlapping = mark("海关总署", q.highlights, equivalents=parse("海关").highlights)
    assert overlapping.spans == [(0, 4)] and overlapping.equivalents == []


def test_a_short_text_is_not_cut():
    snippet = mark("Shanghai Customs met QBPC.", parse("customs").highlights, width=60)
    assert (snippet.text, snippet.spans) == ("Shanghai Customs met QBPC.", [(9, 16)])
    assert not snippet.cut_before and not snippet.cut_after


def test_a_match_near_the_end_gives_the_last_width_of_the_text():
    text = f"{_words(40, 'alpha')} Customs met."
    snippet = mark(text, parse("customs").highlights, width=60)
    assert snippet.text == text[-60:] and snippet.cut_before and not snippet.cut_after
    ((a, b),) = snippet.spans
    assert snippet.text[a:b] == "Customs"


def test_renderings_beside_the_match_are_marked_where_they_stand_in_the_snippet():
    text = f"{_words(40, 'alpha')} Customs, that is 海关, {_words(40, 'omega')}"
    snippet = mark(
        text, parse("customs").highlights, width=60, equivalents=parse("海关").highlights
    )
    ((a, b),) = snippet.spans
    ((c, d),) = snippet.equivalents
    assert (snippet.text[a:b], snippet.text[c:d]) == ("Customs", "海关")


def test_the_phrase_is_marked_whole_where_it_stands_and_the_words_where_it_does_not():
    q = parse("general operation")
    together = mark("the General Operation desk", q.highlights, phrase=q.phrase)
    assert together.spans == [(4, 21)]
    apart = mark("the general desk of operation", q.highlights, phrase=q.phrase)
    assert [apart.text[a:b] for a, b in apart.spans] == ["general", "operation"]


def test_marks_are_placed_in_the_text_as_written_when_normalising_lengthens_it():
    snippet = mark("㈠海關總署㈡", parse("海关总署").highlights)
    assert snippet.spans == [(1, 5)]


def test_a_text_longer_than_what_is_scanned_says_it_was_cut_after():
    from library.query.marks import SCAN_CHARS

    text = "Customs " + "x" * SCAN_CHARS
    snippet = mark(text, parse("customs").highlights, width=60)
    assert snippet.spans == [(0, 7)] and snippet.cut_after and not snippet.cut_before


def test_overlapping_and_touching_matches_are_marked_as_one_span():
    from library.query.marks import spans

    text = "海关总署与海关"
    assert spans(text, parse("海关 关总").highlights) == [(0, 3), (5, 7)]  # overlapping
    assert spans(text, parse("海关 总署").highlights) == [(0, 4), (5, 7)]  # touching


def test_a_snippet_starting_the_text_keeps_its_first_word():
    text = "Customs officials met " + _words(40, "omega")
    snippet = mark(text, parse("officials").highlights, width=60)
    assert snippet.text.startswith("Customs officials") and not snippet.cut_before


def test_what_lies_beyond_the_scanned_start_of_a_huge_text_is_not_searched():
    from library.query.marks import SCAN_CHARS

    text = "y" * (SCAN_CHARS + 10) + " Customs"
    snippet = mark(text, parse("customs").highlights, width=60)
    assert snippet.spans == [] and snippet.text.startswith("y") and snippet.cut_after


def test_marks_after_two_lengthened_characters_land_on_the_term():
    snippet = mark("㈠㈡海關總署", parse("海关总署").highlights)
    assert snippet.spans == [(2, 6)]
