"""Proposals back into the catalogs: English names of bodies and posts, and acronyms
with their expansions, that the glossary lacks, with the Chinese rendering the
aligned text gives them, written into a PO catalog as fuzzy entries.

Candidates are runs of capitalised words in the English sentences, joined by
lower-case connectors (of, for, on, with, and, the), cut at commas and at
" of the " (Deputy Director | Department of General Operation | General
Administration of Customs), without a sentence's first word when it is a
function word, and "Expansion (ACR)" pairs. Each gets its Chinese rendering
from :func:`library.terms.spotting.spot`.

The catalog file is edited as text: new entries go in before the obsolete
ones (or at the end), so the header and every existing entry stay byte for
byte. Entries whose English form the catalog already has, in any context or
state, are never proposed again.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..archive import read as archive
from ..files import replacing
from ..text.anchors import MONTH_NAMES
from ..text.lexicon import Lexicon, default_lexicon
from . import glossary
from .candidates import NAME_CHAIN, trim_name
from .index import index_of
from .spotting import ArchiveSource, Rendering, spot

MIN_SCORE = 0.25
"""A proposal's top rendering must score at least this."""
_ACRONYM = re.compile(rf"({NAME_CHAIN.pattern})\s*\(([A-Z][A-Z0-9&]{{1,7}})\)")


@dataclass
class Proposal:
    en: str
    zh: str
    context: str | None
    rendering: Rendering
    sentences: int
    """English sentence pairs the form occurs in."""
    items: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    also: list[Rendering] = field(default_factory=list)

    def entry(self) -> polib.POEntry:
        ex = self.rendering.examples[0] if self.rendering.examples else None
        note = (
            f"Proposed by bilib terms suggest: {self.rendering.segments} of "
            f"{self.sentences} sentence pair(s) with the English form; score "
            f"{self.rendering.score:.2f}."
        )
        if ex:
            note += f" E.g. {ex.item_id}: {_clip(ex.en)} / {_clip(ex.zh)}"
        for other in self.also:
            note += f" Also rendered {other.text} ({other.segments})."
        return polib.POEntry(
            msgid=self.en,
            msgstr=self.zh,
            msgctxt=self.context,
            comment=note,
            flags=["fuzzy"],
            occurrences=[(s, "") for s in self.sources],
        )


def _clip(text: str | None, size: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def candidates(sentences: Sequence[str]) -> Counter[str]:
    """English forms worth a glossary entry, with the number of sentences holding each."""
    found: Counter[str] = Counter()
    for text in sentences:
        here: set[str] = set()
        for m in _ACRONYM.finditer(text):
            last = re.split(r"\s+of\s+the\s+", m.group(1))[-1]  # Deputy Director of the | GACC's
            expansion = " ".join(trim_name(last.split()))
            if len(expansion.split()) >= 2:
                here.add(expansion)
            here.add(m.group(2))
        for m in NAME_CHAIN.finditer(text):
            for part in re.split(r"\s+of\s+the\s+|\s+and\s+the\s+", m.group(0)):
                words = trim_name(part.split())
                capitals = [w for w in words if w[0].isupper()]
                if len(capitals) >= 2 and not all(
                    w.lower() in MONTH_NAMES or w.isdigit() for w in capitals
                ):
                    here.add(" ".join(words))
        found.update(here)
    # "GACC and QBPC": two names already on the list, not a third.
    for form in [f for f in found if " and " in f]:
        if all(part in found for part in form.split(" and ")):
            del found[form]
    return found


_JOINERS = {"on", "with", "and", "in"}
"""Words that join names into a phrase ("Guangzhou Customs on IPR"), not into a name
("of" does: "Department of General Operation of Gongbei Customs")."""


def composite(form: str, known: set[str]) -> bool:
    """Whether ``form`` is known names strung together rather than a name of its own:
    joined by :data:`_JOINERS` ("Guangzhou Customs on IPR"), or a known name followed by
    a known acronym ("Ningbo Customs IPR"). ``known``: lower-cased glossary forms.

    >>> known = {"guangzhou customs", "ningbo customs", "ipr", "qbpc", "customs committee"}
    >>> [composite(f, known) for f in ("Guangzhou Customs on IPR", "Ningbo Customs IPR",
    ...  "QBPC Customs Committee")]
    [True, True, False]
    """
    words = form.split()
    # ways[i]: one split of words[:i] into known names and joiners, as the kinds of its
    # pieces ("name", "joiner", "acronym"); None while there is none.
    ways: list[list[str] | None] = [None] * (len(words) + 1)
    ways[0] = []
    for i in range(len(words)):
        before = ways[i]
        if before is None:
            continue
        if words[i].lower() in _JOINERS and before:
            ways[i + 1] = ways[i + 1] or before + ["joiner"]
        for j in range(i + 1, len(words) + 1):
            piece = " ".join(words[i:j])
            if piece.lower() in known:
                kind = "acronym" if re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", piece) else "name"
                ways[j] = ways[j] or before + [kind]
    kinds = ways[-1]
    if not kinds or kinds[-1] == "joiner" or sum(k != "joiner" for k in kinds) < 2:
        return False
    return "joiner" in kinds or (kinds[-1] == "acronym" and kinds[-2] == "name")


def suggest(
    conn: sqlite3.Connection,
    catalog_path: Path,
    *,
    min_score: float = MIN_SCORE,
    limit: int | None = None,
    lexicon: Lexicon | None = None,
) -> list[Proposal]:
    """Proposals for the English forms the catalog lacks, best supported first."""
    catalog = glossary.load(catalog_path)
    known = {e.msgid.lower() for e in catalog if e.msgid}
    terms = archive.glossary_terms(conn)
    known |= {t.en.lower() for t in terms}
    english = archive.english_sentences(conn)
    counts = candidates(english)
    source = ArchiveSource(conn)
    lexicon = lexicon or default_lexicon()
    index = index_of(terms)
    out: list[Proposal] = []
    for form, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if form.lower() in known or composite(form, known):
            continue
        result = spot(form, source, lexicon, index, limit=3)
        if not result.renderings or result.renderings[0].score < min_score:
            continue
        best = result.renderings[0]
        if best.fit == 0 and best.segments < 2:
            continue  # one sentence and no dictionary or pinyin evidence: too thin
        if all(ex.zh and form.lower() in ex.zh.lower() for ex in best.examples):
            continue  # the Chinese keeps the English form (Michael Ding): nothing to render
        context = "acronym" if re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", form) else None
        also = [
            r
            for r in result.renderings[1:]
            if r.segments >= 2
            and r.score >= 0.8 * best.score
            and r.text not in best.text
            and best.text not in r.text
        ]
        items = sorted({ex.item_id for ex in best.examples})
        out.append(
            Proposal(
                en=form,
                zh=best.text,
                context=context,
                rendering=best,
                sentences=n,
                items=items,
                sources=archive.english_sources(conn, items),
                also=also,
            )
        )
        if limit and len(out) >= limit:
            break
    return out


def write(catalog_path: Path, proposals: Sequence[Proposal]) -> int:
    """Insert proposals into the catalog file as fuzzy entries; returns how many.

    The file is edited as text (new entries before the first obsolete one, else
    at the end), so everything already there keeps its bytes. It is re-read with
    polib afterwards; a failure leaves the file as it was.
    """
    if not proposals:
        return 0
    path = Path(catalog_path)
    original = path.read_bytes()
    text = original.decode("utf-8")
    block = "".join(str(p.entry()) + "\n" for p in proposals)
    m = re.search(r"^#~", text, flags=re.M)
    if m:
        start = text.rfind("\n\n", 0, m.start())
        at = start + 2 if start >= 0 else m.start()
        new = text[:at] + block + text[at:]
    else:
        new = text if text.endswith("\n") else text + "\n"
        new = new + ("" if new.endswith("\n\n") else "\n") + block.rstrip("\n") + "\n"
    with replacing(path) as tmp:
        tmp.write_bytes(new.encode("utf-8"))
        glossary.load(tmp, name=str(path))  # a catalog polib cannot read is not written
    return len(proposals)
