"""Datasette's errors that are the asker's: a 400, not a 500.

Datasette 0.65 raises ``DatasetteError("Cannot sort table by nosuch")`` with status 500
for ``?_sort=`` (or ``_sort_desc``) on a column the table does not have; a bad parameter
is the request's fault, and the API promises a 400 for it. This hook only corrects the
status: Datasette's own ``handle_exception`` (the last one) still renders the answer, in
JSON or as the archive's error page.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.views.base import DatasetteError

ASKERS_ERRORS = ("Cannot sort table by ",)
"""How Datasette's messages for a bad parameter begin."""


@hookimpl
def handle_exception(datasette: object, request: object, exception: Exception) -> None:
    if isinstance(exception, DatasetteError) and str(exception.message).startswith(ASKERS_ERRORS):
        exception.status = 400
    return None
