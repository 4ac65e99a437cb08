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


ERRORS = {
    "Record not found": N_("The archive has no item or row with this id."),
    "Table not found": N_("The archive has no table of this name."),
    "Database not found": N_("No database of this name is served here."),
    "404": N_("There is no page at this address."),
    "No data": N_("There is no data at this address."),
    "You do not have permission to view this database": N_("You may not see this database."),
    "You do not have permission to view this table": N_("You may not see this table."),
    "You do not have permission to view this query": N_("You may not see this query."),
    "Cannot use _sort and _sort_desc at the same time": N_(
        "Use either _sort or _sort_desc, not both."
    ),
}
"""Datasette's error messages, word for word, and what the archive says instead."""
SORT_ERROR = "Cannot sort table by "
ERROR_TITLES = {
    "Invalid SQL": N_("Invalid SQL"),
    400: N_("Bad request"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
}
"""An error page's heading, by Datasette's title or else by the status."""


def error_message(message: object) -> str:
    """Datasette's error message in the interface language (another one as it is: a
    plugin's own messages are translated where they are made)."""
    text = str(message)
    if text in ERRORS:
        return i18n.gettext(ERRORS[text])
    if text.startswith(SORT_ERROR):
        column = text[len(SORT_ERROR) :]
        return i18n.gettext("The table has no column %(column)s to sort by.") % {"column": column}
    return text


def error_title(title: str | None, status: int) -> str:
    """An error page's heading: Datasette's title or the status as a reader says it, with
    the status's number (what a script or a support request quotes)."""
    if title or status in ERROR_TITLES:
        key = title if title else status
        said = i18n.gettext(ERROR_TITLES[key]) if key in ERROR_TITLES else str(title)
        return i18n.gettext("%(title)s (%(status)s)") % {"title": said, "status": status}
    return i18n.gettext("Error %(status)s") % {"status": status}
