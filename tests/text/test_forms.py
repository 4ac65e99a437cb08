"""The glossary automaton (``termmatch.Forms``) finds what the one-form matchers find.

``en_spans``/``zh_spans`` are the rule (case, plurals, hyphens; normalised substrings);
the automaton must find every span they find, and only spans they accept, whatever the
forms and text: checked on random texts from a small vocabulary chosen to collide
(shoe/shoes/sho, box/boxes, authority/authorities, hyphens and punctuation)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from library.text.termmatch import Forms, en_regex, en_spans, zh_spans

WORDS = [
    "shoe", "shoes", "sho", "box", "boxes", "Box", "authority", "Authorities", "tie",
    "ties", "ty", "Director", "directors", "P.", "R.", "China", "People's", "e", "commerce",
    "(GACC)", "GACC", "s", "es", "is", "y", "address", "addresses", "Customs", "customses",
]  # fmt: skip
SEPARATORS = [" ", "  ", "-", " - ", "\u2013", ", ", ". ", "(", ")", "\n", "/"]

words = st.sampled_from(WORDS)
form = st.lists(words, min_size=1, max_size=3).map(" ".join)


@st.composite
def text(draw) -> str:
    parts = draw(st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), max_size=25))
    return "".join(w + s for w, s in parts)


@settings(max_examples=400, deadline=None)
@given(st.lists(form, min_size=1, max_size=8), text())
def test_english_forms_match_as_en_spans_does(forms: list[str], body: str) -> None:
    found = Forms(en=forms).en(body)
    got = set(found)
    for f in forms:
        for a, b in en_spans(f, body):
            assert (a, b, f) in got, (f, body, (a, b))
    for a, b, f in found:
        m = en_regex(f).match(body, a)
        assert m is not None and m.end() == b, (f, body, (a, b))
    assert found == sorted(found, key=lambda s: (s[0], -s[1], s[2]))


HAN = "海关总署综合业务司副长"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(HAN, min_size=1, max_size=4), min_size=1, max_size=8),
    st.text(HAN + "，。a", max_size=60),
)
def test_chinese_forms_match_as_zh_spans_does(forms: list[str], body: str) -> None:
    got = Forms(zh=forms).zh(body)
    want = sorted(
        {(a, b, f) for f in forms for a, b in zh_spans(f, body)},
        key=lambda s: (s[0], -s[1], s[2]),
    )
    assert got == want


def test_no_forms_find_nothing() -> None:
    assert Forms().en("Director") == [] and Forms().zh("司长") == []
    assert Forms(en=["Director"]).en("") == []


def test_a_text_of_many_forms_is_read_once() -> None:
    """Ten thousand forms: each found where it stands, none elsewhere."""
    forms = [f"Bureau {k}" for k in range(10_000)]
    body = "; ".join(f"the bureaus {k}" for k in range(0, 10_000, 7))
    found = Forms(en=forms).en(body)
    assert [f for _, _, f in found] == [f"Bureau {k}" for k in range(0, 10_000, 7)]
    assert all(re.fullmatch(r"bureaus \d+", body[a:b]) for a, b, _ in found)
