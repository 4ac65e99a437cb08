#!/usr/bin/env python3
"""Mutation testing of the rules that score and decide (issue 28, item 5): do the tests
notice when a rule changes? cosmic-ray makes small changes ("mutants") to a module, an
operator, a comparison, a constant, a ``break``, and runs the tests that cover it
against each; a mutant the tests still pass "survived": that rule is not pinned.

    pip install cosmic-ray          # not a test dependency: slow, not run in CI
    python scripts/mutation.py                       # every group, 25 sites per module
    python scripts/mutation.py --only align --per-module 60 --jobs 2
    python scripts/mutation.py --show-survivors

cosmic-ray writes each mutant into the files it tests, so the work happens in a copy of
this checkout (``--work``, default a temporary folder), never in it. A module has
hundreds to thousands of mutants (every binary operator into every other), so each is
sampled: ``--per-module`` places in the code (a line and column where some mutant
applies), drawn with ``--seed``, one mutant each, also drawn. Incompetent mutants (the
module no longer imports) are left out of the score, as cosmic-ray's own report does.
Places inside type annotations are not drawn: the modules postpone their annotations
(``from __future__ import annotations``), so a mutated one (``str | None`` into
``str ** None``) is never evaluated and no test could tell.
Prints a table per module (mutants, killed, survived, the share killed) and, with
``--show-survivors``, each survivor's place and change.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "align": (
        [
            "library/align/paragraphs.py",
            "library/align/gale_church.py",
            "library/align/banded.py",
            "library/align/features.py",
            "library/align/sentences.py",
        ],
        ["tests/align"],
    ),
    "pairing": (
        ["library/pages/pairing.py"],
        ["tests/pages/test_pairing.py", "tests/pages/test_blocking.py", "tests/pages/test_ids.py"],
    ),
    "query": (
        [
            "library/query/search_all.py",
            "library/query/marks.py",
            "library/query/concordance.py",
            "library/query/equivalents.py",
            "library/query/renderings.py",
        ],
        [
            "tests/query",
            "tests/web/test_search_page.py",
            "tests/web/test_search_understanding.py",
            "tests/web/test_concordance.py",
            "tests/terms/test_termbase.py",
            "tests/terms/test_terms.py",
        ],
    ),
    "check": (["library/terms/check.py"], ["tests/terms"]),
    "worksheet_import": (
        ["library/translation/worksheet_import.py"],
        ["tests/translation/test_worksheets.py", "tests/translation/test_worksheet_safety.py"],
    ),
}


def copy_checkout(work: Path) -> Path:
    """The checkout's tracked files (and its working changes) copied to ``work``."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    copy = work / "checkout"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def annotations(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (start, end) (line, column) of every annotation in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        kinds: list[ast.expr | None] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            every = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
            kinds += [x.annotation for x in every if x is not None]
            kinds.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            kinds.append(node.annotation)
        found += [
            ((k.lineno, k.col_offset), (k.end_lineno or k.lineno, k.end_col_offset or 0))
            for k in kinds
            if k is not None
        ]
    return found


def sample(session: Path, per_module: int, seed: int, source: str = "") -> int:
    """Keep ``per_module`` mutation sites of the session (one mutant each), drop the rest
    (and every site inside an annotation of ``source``, the module's text)."""
    rng = random.Random(seed)
    spans = annotations(source) if source else []
    with sqlite3.connect(session) as db:
        rows = db.execute(
            "SELECT job_id, start_pos_row, start_pos_col, operator_name, occurrence "
            "FROM mutation_specs"
        ).fetchall()
        # Job ids are random: a site's mutants are told apart by what they change, so the
        # same seed draws the same mutants from the same source.
        sites: dict[tuple[int, int], list[tuple[str, int, str]]] = {}
        for job, row, col, operator, occurrence in rows:
            if not any(a <= (row, col) < b for a, b in spans):
                sites.setdefault((row, col), []).append((operator, occurrence, job))
        chosen = rng.sample(sorted(sites), min(per_module, len(sites)))
        keep = {rng.choice(sorted(sites[site]))[2] for site in chosen}
        drop = [(job,) for job, *_ in rows if job not in keep]
        db.executemany("DELETE FROM mutation_specs WHERE job_id = ?", drop)
        db.executemany("DELETE FROM work_items WHERE job_id = ?", drop)
    return len(keep)


def run_module(
    cosmic_ray: str, copy: Path, work: Path, module: str, tests: list[str], args
) -> dict:
    name = module.replace("/", "_").removesuffix(".py")
    config = work / f"{name}.toml"
    session = work / f"{name}.sqlite"
    command = " ".join(
        [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "'not slow'",
            module,
            *tests,
        ]
    )
    config.write_text(
        "[cosmic-ray]\n"
        f'module-path = "{module}"\n'
        f"timeout = {args.timeout}\n"
        "excluded-modules = []\n"
        f'test-command = "{command}"\n\n'
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
    )
    session.unlink(missing_ok=True)
    subprocess.run([cosmic_ray, "init", str(config), str(session)], cwd=copy, check=True)
    sample(session, args.per_module, args.seed, (copy / module).read_text("utf-8"))
    subprocess.run(
        [cosmic_ray, "exec", str(config), str(session)],
        cwd=copy,
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    dump = subprocess.run(
        [cosmic_ray, "dump", str(session)], cwd=copy, capture_output=True, text=True, check=True
    ).stdout
    counts = {"killed": 0, "survived": 0, "incompetent": 0}
    survivors = []
    for line in filter(None, dump.splitlines()):
        spec, result = json.loads(line)
        outcome = (result or {}).get("test_outcome") or "not run"
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == "survived":
            m = spec["mutations"][0]
            survivors.append(
                f"{module}:{m['start_pos'][0]} {m['definition_name']}: {m['operator_name']}"
                f" ({m['occurrence']})"
            )
    return {"module": module, **counts, "survivors": survivors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(GROUPS), action="append")
    parser.add_argument("--per-module", type=int, default=25)
    parser.add_argument("--seed", type=int, default=28)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--jobs", type=int, default=2, help="modules tested at once")
    parser.add_argument("--work", type=Path, help="folder for the copy and the sessions")
    parser.add_argument("--show-survivors", action="store_true")
    parser.add_argument("--cosmic-ray", default=shutil.which("cosmic-ray") or "cosmic-ray")
    args = parser.parse_args()
    if not shutil.which(args.cosmic_ray):
        sys.exit("cosmic-ray is not installed: pip install cosmic-ray (or give --cosmic-ray)")
    work = args.work or Path(tempfile.mkdtemp(prefix="bilib-mutation-"))
    work.mkdir(parents=True, exist_ok=True)
    jobs = [
        (module, tests)
        for group in args.only or GROUPS
        for module, tests in [(m, GROUPS[group][1]) for m in GROUPS[group][0]]
    ]
    # One copy per parallel job: cosmic-ray writes each mutant into the copy's files.
    copies = [copy_checkout(work / f"copy{i}") for i in range(max(1, args.jobs))]
    free = list(copies)

    def one(job: tuple[str, list[str]]) -> dict:
        copy = free.pop()
        try:
            return run_module(args.cosmic_ray, copy, copy.parent, job[0], job[1], args)
        finally:
            free.append(copy)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(one, jobs))
    print(f"\nmutants sampled: {args.per_module} sites a module, seed {args.seed}")
    print(f"{'module':45} {'mutants':>8} {'killed':>7} {'survived':>9} {'killed %':>9}")
    total = [0, 0]
    for r in results:
        scored = r["killed"] + r["survived"]
        total[0] += r["killed"]
        total[1] += scored
        share = 100 * r["killed"] / scored if scored else 0.0
        print(f"{r['module']:45} {scored:>8} {r['killed']:>7} {r['survived']:>9} {share:>8.1f}%")
    share = 100 * total[0] / total[1] if total[1] else 0.0
    print(f"{'all':45} {total[1]:>8} {total[0]:>7} {total[1] - total[0]:>9} {share:>8.1f}%")
    if args.show_survivors:
        print("\nsurvivors:")
        for r in results:
            for s in r["survivors"]:
                print(" ", s)
    print(f"\nsessions and copies in {work}")


if __name__ == "__main__":
    main()
