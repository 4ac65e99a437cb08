"""Kill tests (issue 15): ``bilib build`` (in full, and an update adding today's
pages), ``bilib worksheet import`` and ``bilib terms suggest`` stopped by SIGKILL or
SIGTERM at 10 moments each, spread over how long a whole run takes; after each kill the
old state must be intact (the archive or catalog byte for byte, or else completely the
new one) and, after the next complete run, no temporary file may be left beside it.

    python scripts/kill_test.py              # 600 generated items for the build
    python scripts/kill_test.py --items 2000 --moments 10

Prints one line per command: kills, how many stopped it midway, how many found it
already finished, old state intact, temporary files left. Exits 1 on any damage.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
BILIB = str(Path(sys.executable).parent / "bilib")
TRANSLATION = {  # the sample's English-only item, translated by the team (as in the tests)
    "title": "征集：2022年度知识产权海关保护优秀案例",
    "p0/s0": "品保委海关委员会邀请会员企业推荐2022年度海关与权利人合作突出的知识产权海关保护案例。",
    "p1/s0": "推荐材料应说明案情、涉及的海关、货物及其价值，以及权利人如何协助海关。",
    "p1/s1": "请于10月15日前发送至委员会秘书处。",
    "p2/s0": "入选案例将在委员会与海关总署的年终会议上介绍。",
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def _archive_ok(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("SELECT count(*) FROM items").fetchone()
        conn.close()
        return ok
    except sqlite3.DatabaseError:
        return False


def _catalog_ok(path: Path) -> bool:
    import polib

    try:
        polib.pofile(str(path))
    except (OSError, ValueError):
        return False
    if shutil.which("msgfmt"):
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True
        )
        return done.returncode == 0
    return True


def _run(
    name: str,
    command: list[str],
    target: Path,
    reset: Callable[[], None],
    valid: Callable[[Path], bool],
    moments: int,
) -> bool:
    """Kill ``command`` at ``moments`` moments; True when nothing was damaged."""
    reset()
    old = _sha(target)
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    whole = time.perf_counter() - started
    new = _sha(target)
    midway = finished = damaged = 0
    for k in range(moments):
        reset()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(whole * (k + 0.5) / moments)
        signum = signal.SIGKILL if k % 2 == 0 else signal.SIGTERM
        child.send_signal(signum)
        _, err = child.communicate(timeout=120)
        state = _sha(target)
        if child.returncode == 0 and state == new:
            finished += 1
        elif state == old:
            midway += 1
        elif valid(target):
            finished += 1  # stopped after the new state was in place
        else:
            damaged += 1
        if b"Traceback" in err and signum == signal.SIGTERM:
            print(f"  {name}: a traceback after SIGTERM: {err.decode()[-300:]}")
            damaged += 1
    subprocess.run(command, capture_output=True, check=True)  # the next complete run
    left = _leftovers(target.parent)
    print(
        f"{name}: {moments} kills (SIGKILL and SIGTERM alternately over {whole:.1f} s): "
        f"{midway} stopped midway with the old state intact, {finished} found it finished, "
        f"{damaged} damaged; temporary files left after the next run: {len(left)} {left}"
    )
    return damaged == 0 and not left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--moments", type=int, default=10)
    args = parser.parse_args()
    from make_corpus import generate

    ok = True
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        generate(args.items, tmp / "pages", seed=8, days=600)
        db = tmp / "out" / "library.db"
        db.parent.mkdir()
        old_archive = tmp / "old.db"
        subprocess.run([BILIB, "build", "-o", str(old_archive), "-q"], check=True)

        def reset_build() -> None:
            shutil.copy(old_archive, db)

        ok &= _run(
            "build",
            [BILIB, "build", str(tmp / "pages"), "-o", str(db), "-q"],
            db,
            reset_build,
            _archive_ok,
            args.moments,
        )
        # A worksheet import into a copy of the sample archive.
        sheet = tmp / "sheet.po"
        subprocess.run(
            [
                BILIB,
                "worksheet",
                "export",
                "2022-09-05-case-nominations",
                "--to",
                "zh",
                "-d",
                str(old_archive),
                "-o",
                str(sheet),
            ],
            check=True,
            capture_output=True,
        )
        import polib

        po = polib.pofile(str(sheet))
        for entry in po:
            entry.msgstr = TRANSLATION[entry.msgctxt.split("/", 1)[1]]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(sheet))
        ok &= _run(
            "worksheet import",
            [BILIB, "worksheet", "import", str(sheet), "-d", str(db), "--accept-warnings"],
            db,
            reset_build,
            _archive_ok,
            args.moments,
        )
        # An update that appends today's pages to an archive of the rest, corrects five
        # of its newest pages and takes one down (issue 26).
        import datetime as dt

        grown = tmp / "grown"
        generate(args.items, grown / "archive", seed=9, days=600)
        update_db = tmp / "up" / "library.db"
        update_db.parent.mkdir()
        before_update = tmp / "before-update.db"
        subprocess.run([BILIB, "build", str(grown), "-o", str(before_update), "-q"], check=True)
        generate(
            max(20, args.items // 20), grown / "today", seed=10, start=dt.date(2020, 1, 1), days=1
        )
        newest = sorted((grown / "archive").rglob("*.txt"), key=lambda p: p.name)[::-1]
        for path in newest[:5]:
            path.write_text(path.read_text("utf-8") + "\nCorrected.\n", "utf-8")
        newest[5].unlink()

        def reset_update() -> None:
            shutil.copy(before_update, update_db)

        ok &= _run(
            "update",
            [BILIB, "build", str(grown), "-o", str(update_db), "-q"],
            update_db,
            reset_update,
            _archive_ok,
            args.moments,
        )
        catalog = tmp / "cat" / "glossary.po"
        catalog.parent.mkdir()
        source = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"

        def reset_catalog() -> None:
            shutil.copy(source, catalog)

        ok &= _run(
            "terms suggest",
            [BILIB, "terms", "suggest", "-d", str(old_archive), "--catalog", str(catalog)],
            catalog,
            reset_catalog,
            _catalog_ok,
            args.moments,
        )
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
