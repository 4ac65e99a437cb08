"""The archive's one writer: rows in a stable order, whatever order they come in."""

from __future__ import annotations

import random

import sqlite_utils

from library.archive import write
from library.archive.schema import create_schema
from library.model import Finding


def _findings() -> list[Finding]:
    return [
        Finding(kind, f"t{t}", f"Term {t}", "x", found, f"item-{i}", pos, "中", "en")
        for i in range(3)
        for pos in (None, 0, 2)
        for kind in ("missing_zh", "variant")
        for t in range(2)
        for found in (None, "y")
    ]


def test_findings_are_stored_in_one_order_whatever_order_they_come_in(tmp_path):
    dumps = []
    for seed in (1, 2, 3):
        findings = _findings()
        random.Random(seed).shuffle(findings)
        db = sqlite_utils.Database(tmp_path / f"{seed}.db")
        create_schema(db)
        write.write_term_findings(db, findings)
        dumps.append(list(db.execute("SELECT * FROM term_findings ORDER BY rowid")))
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0]) == len(_findings())
