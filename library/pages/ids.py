"""Item ids that never change meaning: an item's URL (``/library/items/<id>``) is cited,
bookmarked and linked, so it must name the same story after every later build.

A new item is named by what identifies its story: the front matter ``id``, else its
page's name (``library.pages.language.version_stem``: the file's stem without language
marks, the folder of an ``index.html``, a crawled page's URL path), qualified by the
folders above it where that bare name is ambiguous (``a/dup.en.txt`` and
``b/dup.en.txt`` are ``a-dup`` and ``b-dup``) or already taken. A saved file's name,
not its canonical URL, names it: whoever saved the page chose the file name, and news
URLs end in numbers (``content_123.htm``) more often than in words.

Over a previous archive (:class:`library.model.KnownIds`) an item keeps the id of the
item its versions were in, matched by their keys (``library.model.version_keys``:
front matter id, source file, URL, content hash), so renaming or moving a page file,
or adding pages that sort before it, changes no id. A previous id that no item takes
is retired: merged into the item that now holds one of its pages (a 301), or gone (a
410). A retired id is never given to another story; a page that comes back takes its
id back.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection

from ..model import Item, KnownIds, Retired, version_keys
from .language import name_parts, version_stem


def slug(name: str) -> str:
    """A name as an id: word characters, dots and hyphens; anything else one hyphen.

    >>> slug("海关 总署/2022"), slug("///")
    ('海关-总署-2022', 'item')
    """
    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "item"


def _names(item: Item) -> list[str]:
    """The names an unmatched item may take, shortest first: its pairing name, then that
    name qualified by one folder (or URL part) above it, two, …"""
    base = item.id
    version = next((v for v in item.versions if version_stem(v) == base), None)
    if item.method == "id" or version is None:
        return [slug(base)]
    parts = name_parts(version)
    names = [slug(base)]
    for part in reversed(parts[:-1]):
        names.append(slug(f"{part}-{names[-1]}"))
    return names


def _claims(items: list[Item], known: KnownIds) -> dict[int, str]:
    """Which previous id each item keeps (by index): the one most of its versions'
    keys lead to, strongest key first; each previous id goes to one item."""
    owner = {**{k: r.id for r in known.retired.values() for k in r.keys}, **known.keys}
    offers: list[tuple[int, int, str, str, int]] = []
    for n, item in enumerate(items):
        votes: dict[str, list[int]] = defaultdict(list)
        for v in item.versions:
            for strength, key in enumerate(version_keys(v)):
                if key in owner:
                    votes[owner[key]].append(strength)
                    break
        for old, strengths in votes.items():
            first = min(v.rel for v in item.versions)
            offers.append((-len(strengths), min(strengths), old, first, n))
    offers.sort()
    kept: dict[int, str] = {}
    given: set[str] = set()
    for _, _, old, _, n in offers:
        if n not in kept and old not in given:
            kept[n] = old
            given.add(old)
    return kept


def _new_names(items: list[Item], pending: list[int], taken: set[str]) -> dict[int, str]:
    """Names for the items not matched to a previous id: the shortest of
    :func:`_names` that no other new item shares and nobody has; when every folder is
    used up, the name with the lowest free number (``dup-2``)."""
    names = {n: _names(items[n]) for n in pending}
    given: dict[int, str] = {}
    level = 0
    while pending:
        groups: dict[str, list[int]] = defaultdict(list)
        for n in pending:
            groups[names[n][min(level, len(names[n]) - 1)]].append(n)
        pending = []
        for name, group in sorted(groups.items()):
            if len(group) == 1 and name not in taken:
                given[group[0]] = name
                taken.add(name)
            elif all(level >= len(names[n]) - 1 for n in group):
                for n in sorted(group, key=lambda n: min(v.rel for v in items[n].versions)):
                    number = 1 if name not in taken else 2
                    while number > 1 and f"{name}-{number}" in taken:
                        number += 1
                    given[n] = name if number == 1 else f"{name}-{number}"
                    taken.add(given[n])
            else:
                pending.extend(group)
        level += 1
    return given


def assign_ids(items: list[Item], known: KnownIds | None = None) -> list[Item]:
    """``items`` with their permanent ids (each its own; those of ``known``, a previous
    archive's, kept by the items holding their pages), sorted by date (undated first),
    then id."""
    known = known or KnownIds()
    kept = _claims(items, known)
    for n, old in kept.items():
        items[n].id = old
    taken = known.taken | set(kept.values())
    pending = [n for n in range(len(items)) if n not in kept]
    for n, name in _new_names(items, pending, taken).items():
        items[n].id = name
    items.sort(key=lambda i: (i.date is not None, i.date or "", i.id))
    return items


def retired_ids(
    items: list[Item], known: KnownIds, today: str, untouched: Collection[str] = ()
) -> list[Retired]:
    """The ids of ``known`` (a previous archive's) that no item of ``items`` has: those
    retired before and not taken back, and its live ids no item kept, each merged into
    the item that holds one of its pages now, or gone; ``today`` is when. ``untouched``:
    the ids of the items an update keeps as they were (live, holding their own pages)."""
    live = {item.id for item in items} | set(untouched)
    holder = {key: item.id for item in items for v in item.versions for key in version_keys(v)}
    retired = [r for r in known.retired.values() if r.id not in live]
    leaving = {old for old in known.titles if old not in live}
    keys_of: dict[str, list[str]] = defaultdict(list)
    for key, old in known.keys.items() if leaving else ():  # most updates retire none
        if old in leaving:
            keys_of[old].append(key)
    for old, (title_en, title_zh) in known.titles.items():
        if old not in leaving:
            continue
        into = next((holder[k] for k in keys_of[old] if k in holder), None)
        retired.append(Retired(old, title_en, title_zh, into, today, tuple(keys_of[old])))
    return retired
