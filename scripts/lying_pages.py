#!/usr/bin/env python3
"""Pages that lie about themselves, and what the build says and files for each.

    python scripts/lying_pages.py

Each case is one page (the project's own writing) beside an honest one; the build runs
with ``--skip-bad`` and the table shows, for each page, whether it was filed (in which
language and with which date) or refused, and the build's warning or error for it.
``tests/pages/test_true_language.py`` asserts the same cases.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ZH_BODY = "海关总署综合业务司副司长孙晓路与品保委会员企业代表召开视频会议，就知识产权保护交换意见。"
EN_BODY = (
    "Sun Xiaolu, Deputy Director of the Department of General Operation of the General "
    "Administration of Customs, met representatives of QBPC member companies online."
)
DE_BODY = (
    "Die Zollbehörden trafen sich am Montag mit Vertretern der Markeninhaber, um über "
    "den Schutz geistigen Eigentums an den Grenzen zu sprechen."
)
JA_BODY = "税関総署の担当者は月曜日に商標権者の代表とオンラインで会談し、知的財産の保護について意見を交換した。"

CASES: dict[str, tuple[str, bytes]] = {
    "chinese-named-en": (
        "news-1.en.txt",
        f"海关召开视频会议\n\n2022-03-30\n\n{ZH_BODY}\n".encode(),
    ),
    "english-named-zh": (
        "news-2.zh.txt",
        f"Customs meets QBPC\n\n2022-03-30\n\n{EN_BODY}\n".encode(),
    ),
    "html-lang-en-chinese": (
        "news-3.html",
        (
            '<html lang="en"><head><title>海关召开视频会议</title>'
            '<meta name="date" content="2022-03-30"></head>'
            f"<body><article><h1>海关召开视频会议</h1><p>{ZH_BODY}</p></article></body></html>"
        ).encode(),
    ),
    "override-front-matter": (
        "news-4.md",
        f"---\ntitle: 海关召开视频会议\ndate: 2022-03-30\nlang: en\nlang_override: true\n---\n\n{ZH_BODY}\n".encode(),
    ),
    "german": ("news-5.en.txt", f"Zoll trifft Markeninhaber\n\n2022-03-30\n\n{DE_BODY}\n".encode()),
    "japanese": ("news-6.zh.txt", f"税関が会議\n\n2022-03-30\n\n{JA_BODY}\n".encode()),
    "png-named-txt": ("pic.en.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    "binary-that-decodes": (
        "dump.en.txt",
        b"Customs log\n\n" + b"".join(bytes([i % 32, 65 + i % 26]) for i in range(400)),
    ),
    "mojibake": (
        "news-7.zh.txt",
        f"海关召开视频会议\n\n2022-03-30\n\n{ZH_BODY}\n".encode()
        .decode("cp1252", "replace")
        .encode(),
    ),
    "feb-30": (
        "news-8.en.txt",
        f"Customs meets QBPC\nCreate Time:2022-02-30\n\n{EN_BODY}\n".encode(),
    ),
    "year-0": ("news-9.en.txt", f"Customs meets QBPC\nDate: 0000-00-00\n\n{EN_BODY}\n".encode()),
    "year-9999": ("news-10.en.txt", f"Customs meets QBPC\n9999-12-31\n\n{EN_BODY}\n".encode()),
    "undated": ("news-11.en.txt", f"Customs meets QBPC\n\n{EN_BODY}\n".encode()),
}
"""case → (file name, its bytes)."""

HONEST = ("honest.en.txt", f"Customs meets QBPC\n\n2022-03-30\n\n{EN_BODY}\n".encode())


def run(folder: Path) -> list[dict]:
    """Build the cases in ``folder``; one row a case: what was filed, or the refusal,
    and the build's words for it."""
    import sqlite3

    from library.build import build

    src = folder / "pages"
    src.mkdir(parents=True)
    for name, data in [*CASES.values(), HONEST]:
        (src / name).write_bytes(data)
    report = build([src], folder / "a.db", jobs=1, skip_bad=True)
    db = sqlite3.connect(folder / "a.db")
    db.row_factory = sqlite3.Row
    filed = {
        r["source"]: r
        for r in db.execute("SELECT source, lang, lang_from, date FROM versions").fetchall()
    }
    db.close()
    rows = []
    for case, (name, _) in CASES.items():
        said = [w for w in report.warnings if name in w] + [
            str(e) for e in report.skipped if name in str(e)
        ]
        row = filed.get(name)
        rows.append(
            {
                "case": case,
                "file": name,
                "filed": f"{row['lang']} ({row['lang_from']}), {row['date'] or 'undated'}"
                if row
                else "refused",
                "said": " / ".join(said) or "-",
            }
        )
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(Path(tmp))
    print("| case | file | filed as | what the build says |\n|---|---|---|---|")
    for r in rows:
        said = r["said"].replace(str(Path(tmp)), "…").replace("|", "\\|")
        print(f"| {r['case']} | `{r['file']}` | {r['filed']} | {said} |")


if __name__ == "__main__":
    main()
