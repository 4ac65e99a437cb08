"""A glossary's concepts: the catalog entries that name one thing.

A gettext catalog holds one entry per English form; a termbase (TBX) holds one entry per
concept with all its names, and a consistency check must accept any approved name of
the body a sentence speaks of (海关总署 for "General Administration of Customs of P. R.
China"). Entries are one concept when

- they have the same Chinese form under the same sense: the same ``msgctxt``, where
  ``acronym`` is a kind of name, not a sense (GACC and General Administration of
  Customs are both 海关总署); or
- a note links them: a ``#.`` line ``same-as: <English form of another entry>`` (the
  full name of a body and its short form have two Chinese forms).

Links are followed through (union-find), so one ``same-as`` joins two groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import STATUS_ORDER, Term

ACRONYM = "acronym"
"""The ``msgctxt`` that marks an entry's English form as an acronym."""
SAME_AS = re.compile(r"\bsame-as:\s*")
_ACRONYM_FORM = re.compile(r"[A-Z][A-Z&]{1,7}")


@dataclass(frozen=True)
class Name:
    """One name of a concept in one language, with the best status of the entries
    holding it (a correct Chinese form is never deprecated because an English form of
    its entry is)."""

    text: str
    status: str
    acronym: bool = False


@dataclass
class Concept:
    """The entries naming one thing, in catalog order."""

    entries: list[Term]

    @property
    def id(self) -> str:
        """The first approved entry's id (else the first's): stable across builds."""
        best = min(self.entries, key=lambda t: STATUS_ORDER[t.status])
        return best.id

    @property
    def sense(self) -> str | None:
        """The sense shared by the entries (their ``msgctxt`` other than acronym)."""
        senses = {t.context for t in self.entries if t.context and t.context != ACRONYM}
        return senses.pop() if len(senses) == 1 else None

    def names(self, lang: str) -> list[Name]:
        """Distinct names in ``lang`` ('en' or 'zh'), best status first, then catalog order."""
        best: dict[str, Term] = {}
        for t in self.entries:
            text = t.en if lang == "en" else t.zh
            if text and (
                text not in best or STATUS_ORDER[t.status] < STATUS_ORDER[best[text].status]
            ):
                best[text] = t
        names = [Name(text, t.status, lang == "en" and is_acronym(t)) for text, t in best.items()]
        return sorted(names, key=lambda n: STATUS_ORDER[n.status])

    def definition(self) -> str | None:
        """The entries' notes without their ``same-as`` links, once each."""
        notes = []
        for t in self.entries:
            note = definition_of(t)
            if note and note not in notes:
                notes.append(note)
        return " ".join(notes) or None


def is_acronym(term: Term) -> bool:
    """An acronym: ``msgctxt "acronym"``, or a short all-capitals English form (IPR)."""
    return term.context == ACRONYM or bool(_ACRONYM_FORM.fullmatch(term.en))


def links(term: Term, forms: Iterable[str]) -> list[str]:
    """The English forms among ``forms`` that ``term``'s note names after ``same-as:``
    (the longest that fits: a note is read back as one paragraph, so a link ends where
    a known form ends, not at a line's end)."""
    note = term.note or ""
    found = []
    for m in SAME_AS.finditer(note):
        rest = note[m.end() :]
        fits = [f for f in forms if rest.startswith(f)]
        if fits:
            found.append(max(fits, key=len))
    return found


def definition_of(term: Term) -> str | None:
    """``term``'s note without ``same-as:`` links (structure, not definition)."""
    note = term.note or ""
    if not SAME_AS.search(note):
        return note or None
    kept = SAME_AS.split(note)[0].strip()
    return kept or None


def concepts(terms: Sequence[Term]) -> list[Concept]:
    """The terms grouped into concepts (see the module's note), in catalog order."""
    parent = list(range(len(terms)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(i)] = root(j)

    first: dict[tuple[str | None, str], int] = {}
    by_form: dict[str, list[int]] = {}
    for i, t in enumerate(terms):
        by_form.setdefault(t.en, []).append(i)
        if t.zh:
            sense = t.context if t.context != ACRONYM else None
            j = first.setdefault((sense, t.zh), i)
            if j != i:
                join(i, j)
    forms = list(by_form)
    for i, t in enumerate(terms):
        for form in links(t, forms):
            for j in by_form[form]:
                join(i, j)
    groups: dict[int, list[Term]] = {}
    for i, t in enumerate(terms):
        groups.setdefault(root(i), []).append(t)
    return [Concept(entries) for entries in groups.values()]


def concept_of(terms: Sequence[Term]) -> dict[str, Concept]:
    """Each term's concept, by term id."""
    return {t.id: c for c in concepts(terms) for t in c.entries}
