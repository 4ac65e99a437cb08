"""What several tests share: paths, a Datasette with the project's plugin, file writing,
and the oracles the search is compared with (plain substring and word scans, hostile
query strings)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import sqlite_utils
from _oracles import hostile_query  # noqa: F401  (shared with the benchmark)

from library.text.chinese import normalize

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def make_datasette(db_path: Path, **options):
    """A real Datasette serving ``db_path`` with the project's plugin, which gives an
    archive the project's metadata.yml (``options``: Datasette's other arguments,
    ``settings=`` or ``metadata=`` say)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    import library.web

    library.web.register(pm)
    return Datasette([str(db_path)], **options)


def too_big(query: str) -> bool:
    """Whether a query may be refused as absurd: over 500 characters, or over 24
    whitespace-separated words (the distinct terms are never more)."""
    return len(query) > 500 or len(query.split()) > 24


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def corpus_texts(db_path) -> dict[str, str]:
    """Item id → normalised titles and texts of its versions (the oracle's haystack)."""
    texts: dict[str, str] = {}
    for v in sqlite_utils.Database(db_path)["versions"].rows:
        texts[v["item_id"]] = (
            texts.get(v["item_id"], "") + "\n" + normalize((v["title"] or "") + "\n" + v["text"])
        )
    return texts


def oracle_substring(texts, query) -> set[str]:
    """Items whose normalised text contains ``query`` (what Chinese search must find)."""
    q = normalize(query)
    return {i for i, t in texts.items() if q in t}


def oracle_word(texts, word) -> set[str]:
    """Items whose text holds ``word`` as a whole word (what English search must find)."""
    pattern = re.compile(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", re.I)
    return {i for i, t in texts.items() if pattern.search(t)}


async def search_json(ds, **params) -> dict:
    """``/-/search.json`` with ``params``, which must answer 200."""
    r = await ds.client.get("/-/search.json", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def free_port() -> int:
    """A TCP port nothing listens on now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(base: str, tries: int = 150) -> None:
    """Wait until the server at ``base`` answers (its startup warms up for a second or
    two); any error after that is the test's to see."""
    import time
    import urllib.request

    for _ in range(tries):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
