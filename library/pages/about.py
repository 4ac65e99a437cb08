"""What an archive says of itself: its title, description, licence and source, and
their URLs, given by whoever builds it (``bilib build --title …``, or a ``metadata.yml``
beside the pages) and stored in ``archive_info``; the web shows them on every page.

In ``metadata.yml`` each text may be one string or one per language::

    title: {en: QBPC news in two languages, zh: 品保委双语新闻}
    license: CC BY 4.0
    license_url: https://creativecommons.org/licenses/by/4.0/

stored as ``title`` (the English or only one) and ``title_zh``. An archive built
without them shows none: the sample's licence is the sample's own ``metadata.yml``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import SourceError
from ..model import ABOUT_TEXTS, ABOUT_URLS
from .read import base_of

TEXTS = ABOUT_TEXTS
URLS = ABOUT_URLS
FILE = "metadata.yml"
MAX_BYTES = 100_000
"""A ``metadata.yml`` larger than this is not one (checked before it is read)."""
MAX_CHARS = 5_000
"""A title, description, licence or source longer than this is a mistake (a page pasted
into the wrong file), not a description."""


def about_file(roots: list[Path]) -> Path | None:
    """The first ``metadata.yml`` in a folder given to the build (or beside a file
    given), if any."""
    for root in roots:
        folder = base_of(root)
        if (folder / FILE).is_file():
            return folder / FILE
    return None


def _line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def read_about(path: Path) -> dict[str, str]:
    """``archive_info`` rows from a ``metadata.yml`` (see the module docstring); a
    :class:`SourceError` naming the file and line for anything else."""
    if path.stat().st_size > MAX_BYTES:
        raise SourceError(
            f"{path.stat().st_size:,} bytes: not an archive's metadata (at most {MAX_BYTES:,})",
            path=path,
            hint="keep the title, description, licence and source in it",
        )
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except UnicodeDecodeError:
        raise SourceError("not UTF-8", path=path, hint="save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise SourceError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=_line(exc),
            hint="see 'Your own archive' in docs/guide.md for its keys",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(
            "expected keys and values", path=path, hint=f"keys: {', '.join(TEXTS + URLS)}"
        )
    out: dict[str, str] = {}
    for key, value in data.items():
        if key in TEXTS + URLS and isinstance(value, str):
            out[key] = checked(key, value, path)
        elif key in TEXTS and isinstance(value, dict) and value and set(value) <= {"en", "zh"}:
            if not all(isinstance(text, str) for text in value.values()):
                raise SourceError(f"{key}: each language's value must be text", path=path)
            out[key] = checked(key, value.get("en") or value["zh"], path)
            if "en" in value and "zh" in value:
                out[f"{key}_zh"] = checked(key, value["zh"], path)
        elif key in TEXTS:
            raise SourceError(
                f"{key} is neither text nor {{en: …, zh: …}}", path=path, hint=f"{key}: text"
            )
        else:
            raise SourceError(
                f"unknown key {key!r}",
                path=path,
                hint=f"the keys are {', '.join(TEXTS + URLS)} (Datasette's own metadata "
                "goes to bilib serve -m)",
            )
    return out


def checked(key: str, value: str, where: object = None) -> str:
    """``value`` stripped, or a :class:`SourceError`: a URL must be http(s), a text at
    most :data:`MAX_CHARS` characters."""
    value = value.strip()
    if key in URLS and not value.startswith(("https://", "http://")):
        raise SourceError(f"{key} is not an http(s) URL: {value!r}", path=where)
    if len(value) > MAX_CHARS:
        raise SourceError(
            f"{key} is {len(value):,} characters long", path=where, hint=f"at most {MAX_CHARS:,}"
        )
    return value
