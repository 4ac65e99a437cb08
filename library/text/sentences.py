"""Sentence splitting for Chinese and English news text.

Chinese ends a sentence at 。！？； and ellipses (full- or half-width), with
closing quotes and brackets kept with the sentence they close. English ends
at . ! ? followed by space and a capital, digit or opening quote, except
after abbreviations (``Mr.``, ``No.``, ``U.S.``, ``P. R. China``, initials).
"""

from __future__ import annotations

import re

from .chinese import HAN

_ZH_END = re.compile(
    r"(?:[。！？!?；;]+|…+|\.{3,})"  # terminators, runs of them, ellipses
    r"[”’」』）)》〉\"'】]*"  # closing quotes and brackets stay with the sentence
)
_EN_BREAK = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9" + HAN + "])")
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "no",
    "nos",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "dept",
    "gov",
    "govt",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "fig",
    "vol",
    "art",
    "para",
    "approx",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "p.r",
    "a.m",
    "p.m",
    "gen",
    "col",
    "lt",
    "rep",
    "sen",
    "rev",
    "hon",
}


def split_zh(text: str) -> list[str]:
    """Chinese sentences, punctuation and closing quotes kept.

    >>> split_zh("他说：“我们会继续合作。”双方表示同意！会议结束……下一步呢？")
    ['他说：“我们会继续合作。”', '双方表示同意！', '会议结束……', '下一步呢？']
    >>> split_zh("第一条；第二条")
    ['第一条；', '第二条']
    """
    return _cut(text, ((m.end(), m.end()) for m in _ZH_END.finditer(text)))


def _is_abbreviation(before: str) -> bool:
    """True when the text before a period ends with an abbreviation or an initial."""
    word = re.split(r"[\s(\[\"“]", before)[-1].rstrip(".").lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "P. R. China", "J. Smith"
    return word in ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def split_en(text: str) -> list[str]:
    """English sentences; abbreviations, initials and decimals do not end one.

    >>> for s in split_en("Mr. Sun met GACC of P. R. China on March 9. Output rose 3.5% in "
    ...                   "the U.S. market. “Good,” she said. No. 5 was next!"):
    ...     print(s)
    Mr. Sun met GACC of P. R. China on March 9.
    Output rose 3.5% in the U.S. market.
    “Good,” she said.
    No. 5 was next!
    """

    def breaks():
        last = 0
        for m in _EN_BREAK.finditer(text):
            if (
                m.group(1).startswith(".")
                and len(m.group(1).rstrip("\"'”’)]")) == 1
                and _is_abbreviation(text[last : m.start(1)])
            ):
                continue
            last = m.end()
            yield m.end(1), m.end()

    return _cut(text, breaks())


def _cut(text: str, breaks) -> list[str]:
    """Cut ``text`` at (end of sentence, start of next) positions; drop empty pieces."""
    out, start = [], 0
    for end, next_start in breaks:
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = next_start
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def split(text: str, lang: str) -> list[str]:
    """Sentences of ``text`` in ``lang`` ('zh' or 'en')."""
    return split_zh(text) if lang == "zh" else split_en(text)


def paragraph_sentences(text: str, lang: str) -> list[list[str]]:
    """A stored text (paragraphs separated by blank lines, as ``versions.text`` holds
    them) as paragraphs of sentences; blank paragraphs are left out.

    >>> paragraph_sentences("First one. Second one.\\n\\nThird.", "en")
    [['First one.', 'Second one.'], ['Third.']]
    """
    return [split(p.strip(), lang) for p in text.split("\n\n") if p.strip()]


def _latin_word_char(c: str) -> bool:
    return c.isascii() and c.isalnum()


def join_lines(lines: list[str], lang: str) -> str:
    """Lines of one paragraph → one string: Chinese joins without spaces.

    >>> join_lines(["海关总署", "召开会议", "with QBPC"], "zh"), join_lines(["a", "b "], "en")
    ('海关总署召开会议with QBPC', 'a b')
    """
    parts = [ln.strip() for ln in lines if ln.strip()]
    if lang == "zh":
        out = ""
        for p in parts:
            # Keep a space only between two Latin words broken across lines.
            if out and _latin_word_char(out[-1]) and _latin_word_char(p[0]):
                out += " "
            out += p
        return out
    return " ".join(parts)


def file_sentences(text: str, lang: str, presplit: bool = False) -> list[str]:
    """The sentences of a whole text file: one per line when ``presplit``, else its
    paragraphs (lines joined) split by language."""
    if presplit:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [
        s for block in text.split("\n\n") for s in split(join_lines(block.splitlines(), lang), lang)
    ]
