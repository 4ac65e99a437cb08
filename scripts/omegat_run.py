"""The exports in OmegaT (issue 30, item 7): what a translator gets from them, measured
by OmegaT itself in console mode.

    python scripts/omegat_run.py [--db archive.db] [--omegat /usr/share/omegat/OmegaT.jar]

Needs Java and OmegaT (Debian: ``apt-get install -y omegat``, 3.6); prints "skipped"
without them. Builds the sample (or takes ``--db``), exports the memory and the glossary
with ``bilib`` for each project, makes OmegaT projects (English source: the archive's
English sentences; Chinese source: its Chinese ones, each in its published script) and
runs ``--mode=console-translate`` with the memory in ``tm/auto`` (OmegaT fills the
segments it matches) and ``omegat/glossary_hits.groovy`` (OmegaT's own glossary readers,
tokenizer and matching rule, on the loaded project). For each project it prints the
warnings on load, the segments filled, the filled segments in the wrong script and the
glossary hits. An option the installed ``bilib`` does not know is dropped (and said), so
the same script measures an older checkout: ``PYTHONPATH=/old/checkout python ...``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: an older checkout given there is measured

from lxml import etree  # noqa: E402

from library.text.chinese import converter, has_han  # noqa: E402

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
<source_dir>__DEFAULT__</source_dir><source_dir_excludes/><target_dir>__DEFAULT__</target_dir>
<tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir>
<glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>
<source_lang>{src}</source_lang><target_lang>{tgt}</target_lang>
<source_tok>{src_tok}</source_tok><target_tok>{tgt_tok}</target_tok>
<sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags></project></omegat>
"""
TOKENIZERS = {
    "EN": "org.omegat.tokenizer.LuceneEnglishTokenizer",
    "ZH": "org.omegat.tokenizer.LuceneSmartChineseTokenizer",
}
# name, source, target, TMX options, glossary (format, options)
PROJECTS = [
    (
        "en→zh-CN, OmegaT glossary",
        "EN",
        "ZH-CN",
        ["--target-script", "simplified"],
        ("omegat", ["--direction", "en-zh"]),
    ),
    (
        "en→zh-TW, OmegaT glossary",
        "EN",
        "ZH-TW",
        ["--target-script", "traditional"],
        ("omegat", ["--direction", "en-zh", "--script", "traditional"]),
    ),
    (
        "zh→en, OmegaT glossary",
        "ZH-CN",
        "EN",
        ["--srclang", "zh"],
        ("omegat", ["--direction", "zh-en"]),
    ),
    (
        "en→zh-CN, TBX",
        "EN",
        "ZH-CN",
        ["--target-script", "simplified"],
        ("tbx", ["--script", "simplified"]),
    ),
    ("zh→en, TBX", "ZH-CN", "EN", ["--srclang", "zh"], ("tbx", [])),
]


def bilib(*args: str) -> tuple[bool, str]:
    """Run the CLI; (False, message) when it refuses an option (exit 2)."""
    done = subprocess.run(  # not from the checkout's folder: PYTHONPATH's library
        [sys.executable, "-m", "library.cli", *args],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    if done.returncode == 2:
        return False, done.stdout + done.stderr
    if done.returncode:
        raise SystemExit(f"bilib {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return True, done.stdout


def export(kind: list[str], options: list[str], notes: list[str]) -> None:
    """``bilib`` with ``options``, or without those it does not know."""
    ok, said = bilib(*kind, *options)
    while not ok and options:
        m = re.search(r"No such option:? '?(--[\w-]+)", said)
        if not m:
            raise SystemExit(said)
        i = options.index(m.group(1))
        notes.append(f"{m.group(1)} {options[i + 1]} unknown to this bilib: left out")
        options = options[:i] + options[i + 2 :]
        ok, said = bilib(*kind, *options)


def sides(tmx_file: Path) -> tuple[list[str], list[str]]:
    """The English and Chinese sentences of a memory (Chinese as published)."""
    en, zh = [], []
    for tu in etree.parse(str(tmx_file)).iter("tu"):
        for tuv in tu.iter("tuv"):
            (en if tuv.get(XML_LANG) == "en" else zh).append(tuv.findtext("seg"))
    return en, zh


def script_of(text: str) -> str | None:
    """'ZH-TW' when ``text`` holds more characters only Traditional writing has than
    characters only Simplified has, 'ZH-CN' the other way, None when neither (per
    character: phrase tables would count a word choice as a script; a majority, since
    Taiwan writes some characters OpenCC's s2t changes, 台 in 平台)."""
    hant = sum(1 for c in text if has_han(c) and converter("t2s").convert(c) != c)
    hans = sum(1 for c in text if has_han(c) and converter("s2t").convert(c) != c)
    if hant == hans:
        return None
    return "ZH-TW" if hant > hans else "ZH-CN"


def run(omegat: Path, project: Path, work: Path) -> tuple[list[str], str]:
    log = subprocess.run(
        [
            "java",
            "-Djava.awt.headless=true",
            "-jar",
            str(omegat),
            str(project),
            "--mode=console-translate",
            f"--config-dir={work / 'config'}",
            f"--script={HERE / 'omegat' / 'glossary_hits.groovy'}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    ).stdout
    warnings = [line.split("Warning: ", 1)[1] for line in log.splitlines() if "Warning: " in line]
    hits = re.search(r"GLOSSARY .*", log)
    return warnings, hits.group(0) if hits else "GLOSSARY (script did not run)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an archive (default: the sample, built)")
    parser.add_argument("--omegat", type=Path, default=Path("/usr/share/omegat/OmegaT.jar"))
    args = parser.parse_args()
    if not shutil.which("java") or not args.omegat.exists():
        print("skipped: needs java and OmegaT (apt-get install -y omegat)")
        return
    work = Path(tempfile.mkdtemp(prefix="omegat-run-"))
    db = args.db
    if db is None:
        db = work / "library.db"
        bilib("build", "-o", str(db))
    published = work / "published.tmx"
    bilib("export", "tmx", "-d", str(db), "-o", str(published))
    en, zh = sides(published)
    documents = {"EN": "\n\n".join(en) + "\n", "ZH-CN": "\n\n".join(zh) + "\n"}
    print(f"{len(en)} sentence pairs; OmegaT {args.omegat}")
    for name, src, tgt, tmx_options, (fmt, gl_options) in PROJECTS:
        notes: list[str] = []
        project = work / re.sub(r"\W+", "-", name)
        for sub in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
            (project / sub).mkdir(parents=True)
        (project / "omegat.project").write_text(
            PROJECT.format(
                src=src, tgt=tgt, src_tok=TOKENIZERS[src[:2]], tgt_tok=TOKENIZERS[tgt[:2]]
            ),
            "utf-8",
        )
        source = project / "source" / "news.txt"
        source.write_text(documents[src], "utf-8")
        export(
            ["export", "tmx", "-d", str(db), "-o", str(project / "tm/auto/library.tmx")],
            list(tmx_options),
            notes,
        )
        glossary = project / "glossary" / ("glossary.tbx" if fmt == "tbx" else "glossary.txt")
        export(["terms", "export", fmt, "-o", str(glossary)], list(gl_options), notes)
        warnings, hits = run(args.omegat, project, work)
        sources = documents[src].strip().split("\n\n")
        targets = (project / "target" / "news.txt").read_text("utf-8").strip().split("\n\n")
        filled = [t for s, t in zip(sources, targets, strict=True) if t != s]
        wrong = [t for t in filled if tgt.startswith("ZH") and script_of(t) not in (None, tgt)]
        print(f"\n{name}")
        for note in notes:
            print(f"  note: {note}")
        print(f"  warnings on load: {len(warnings)}" + "".join(f"\n    {w}" for w in warnings))
        print(
            f"  segments filled: {len(filled)} of {len(sources)}; in the wrong script: {len(wrong)}"
        )
        print(f"  {hits}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
