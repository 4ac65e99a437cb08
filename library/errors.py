"""The one exception family users see: each error names where and what to do."""

from __future__ import annotations

from collections.abc import Sequence


def counted(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and the noun in the number it takes: "1 item", "2 items", "1 entry".

    >>> counted(1, "worksheet"), counted(2, "error"), counted(0, "entry", "entries")
    ('1 worksheet', '2 errors', '0 entries')
    """
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


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


class BadPages(LibraryError):
    """Every page a build could not read, reported at once (a build stops on none of
    them alone, so a folder of thousands of pages is fixed in one round)."""

    def __init__(self, errors: Sequence[LibraryError], shown: int = 20) -> None:
        self.errors = list(errors)
        lines = [f"  {e}" for e in errors[:shown]]
        if len(errors) > shown:
            lines.append(f"  … and {len(errors) - shown} more")
        noun = "page cannot" if len(errors) == 1 else "pages cannot"
        super().__init__(
            f"{len(errors)} {noun} be read:\n" + "\n".join(lines),
            hint="Fix them, or build the rest with --skip-bad (the archive then lists what "
            "it skipped in its skipped_pages table).",
        )

    def __reduce__(self):
        return type(self), (self.errors,)

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}"


class GlossaryError(LibraryError):
    """A PO catalog that cannot be read."""
