"""Datasette's own strings that it makes in Python rather than in its templates (the
filter operators, the sentence describing a filtered and sorted table, facet types),
made again here in the interface language."""

from __future__ import annotations

from typing import Any

from . import i18n, labels
from .i18n import N_

LOOKUPS = {
    "contains": N_("contains"),
    "endswith": N_("ends with"),
    "startswith": N_("starts with"),
    "like": N_("like"),
    "notlike": N_("not like"),
    "glob": N_("glob"),
    "in": N_("in"),
    "notin": N_("not in"),
    "arraycontains": N_("array contains"),
    "arraynotcontains": N_("array does not contain"),
    "date": N_("date"),
    "isnull": N_("is null"),
    "notnull": N_("is not null"),
    "isblank": N_("is blank"),
    "notblank": N_("is not blank"),
}
"""Datasette's filter operators that are words (the others are =, !=, >, ≥, <, ≤)."""
FACET_TYPES = {"date": N_("date"), "array": N_("array")}


def lookup_label(key: str, display: str) -> str:
    """A filter operator as the interface language says it (symbols as they are)."""
    return i18n.gettext(LOOKUPS[key]) if key in LOOKUPS else display


def facet_type(kind: str) -> str:
    return i18n.gettext(FACET_TYPES[kind]) if kind in FACET_TYPES else kind


def describe_table(
    filters: Any,
    search: str | None,
    sort: str | None,
    sort_desc: str | None,
    archive: bool = False,
) -> str:
    """What Datasette's ``human_description_en`` says of a table page (its search, filters
    and sort order), in the interface language; with ``archive``, columns and coded values
    by their labels."""

    def name(column: str) -> str:
        return labels.column_label(column) if archive else column

    def shown(column: str, value: str) -> str:
        return (labels.value_label(column, value) if archive else None) or value

    symbols = {key: display for key, display, _ in filters.lookups()}
    conditions = []
    if search:
        conditions.append(i18n.gettext('search matches "%(q)s"') % {"q": search})
    for column, lookup, value in filters.selections():
        if lookup not in symbols:
            continue
        op = lookup_label(lookup, symbols[lookup])
        if lookup in ("isnull", "notnull", "isblank", "notblank"):
            conditions.append(
                i18n.gettext("%(column)s %(op)s") % {"column": name(column), "op": op}
            )
        else:
            conditions.append(
                i18n.gettext('%(column)s %(op)s "%(value)s"')
                % {"column": name(column), "op": op, "value": shown(column, value)}
            )
    parts = []
    if conditions:
        joined = conditions[0]
        for more in conditions[1:]:
            joined = i18n.gettext("%(first)s and %(second)s") % {"first": joined, "second": more}
        parts.append(i18n.gettext("where %(conditions)s") % {"conditions": joined})
    if sort_desc:
        parts.append(i18n.gettext("sorted by %(column)s, descending") % {"column": name(sort_desc)})
    elif sort:
        parts.append(i18n.gettext("sorted by %(column)s") % {"column": name(sort)})
    return (
        i18n.gettext("%(first)s, %(second)s") % {"first": parts[0], "second": parts[1]}
        if len(parts) == 2
        else (parts[0] if parts else "")
    )
