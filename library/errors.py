"""The one exception family users see: each error names where and what to do."""

from __future__ import annotations


class LibraryError(Exception):
    """A user-facing error: the file (or parameter), the line, and a hint.

    The CLI turns these into a one-line message and a non-zero exit, with no
    traceback, because they are mistakes in the input, not bugs.
    """

    def __init__(
        self, message: str, *, path: object = None, line: int | None = None, hint: str = ""
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def __reduce__(self):
        # Keyword-only fields survive pickling (errors raised in build workers).
        return _rebuild, (type(self), self.message, self.path, self.line, self.hint)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


def _rebuild(cls, message, path, line, hint):
    return cls(message, path=path, line=line, hint=hint)


class SourceError(LibraryError):
    """A page that cannot be read or parsed."""


class GlossaryError(LibraryError):
    """A PO catalog that cannot be read."""
