"""Writing a file so that readers see the old one or the whole new one, never half, and
no temporary file is left behind by a write that was killed; where the project's own
files are; and the cache of what is derived from installed packages."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (one we may not signal counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_temporaries(target: Path) -> list[Path]:
    """Temporary files beside ``target`` that a killed write left (its own scratch files,
    ``….tmp.uses``, too): named for ``target`` and for a process that no longer runs (a
    live writer's file is never touched)."""
    target = Path(target)
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[^.]+\.tmp(?:\.\w+)?")
    found = []
    for path in target.parent.glob(f".{target.name}.*.tmp*"):
        owner = pattern.fullmatch(path.name)
        if owner and int(owner.group(1)) != os.getpid() and not _alive(int(owner.group(1))):
            found.append(path)
    return sorted(found)


def _mode(target: Path) -> int:
    """``target``'s permission bits, or those of a new file under the current umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it when the block completes
    (and removed if it fails). The name carries this process's id, so the next write
    of ``target`` removes what a killed one left (:func:`stale_temporaries`). The file
    gets the mode ``target`` had, else the one the umask gives a new file (``mkstemp``
    makes it 0600, which would keep a TMX or worksheet from the rest of a team)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in stale_temporaries(target):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
    )
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


SHARED = "share/bilingual-library"
"""Where an installed wheel puts the project's top-level files (``locales/``,
``metadata.yml``), under the environment's prefix (pyproject.toml's data-files)."""


def project_file(name: str) -> Path:
    """A top-level file or folder of the project: the checkout's (beside the package,
    an editable install), else the installed wheel's copy under :data:`SHARED`."""
    here = Path(__file__).resolve().parent.parent / name
    if here.exists():
        return here
    return Path(sys.prefix) / SHARED / name


def translations_folder(database: Path) -> Path:
    """Where translations imported from worksheets are written as pages by default: a
    folder beside the archive (``library.translations/`` for ``library.db``) that every
    later build of that archive reads, so no import is lost to a rebuild."""
    database = Path(database)
    return database.with_name(f"{database.stem}.translations")


CACHE_ENV = "BILIB_CACHE"
"""The environment variable naming the cache folder (empty: keep no cache)."""


def cache_folder() -> Path | None:
    """Where data derived from installed packages is kept between runs: ``$BILIB_CACHE``,
    else ``$XDG_CACHE_HOME/bilib``, else ``~/.cache/bilib``; None when it is turned off."""
    named = os.environ.get(CACHE_ENV)
    if named is not None:
        return Path(named) if named else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bilib"


def derived_file(name: str, source: Path, make: Callable[[Path], object]) -> Path | None:
    """A file ``make`` writes from ``source``, made once and kept in :func:`cache_folder`
    under ``name`` and the source's size and modification time (a new package version
    makes a new one, and the old is removed). None when no cache can be kept: the caller
    reads ``source`` itself. What a process loads on every run (the language model, the
    dictionary) costs a tenth as much read back as made again: an update pays it once."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        st = os.stat(source)
        path = folder / f"{name}-{st.st_size}-{st.st_mtime_ns}"
        if path.is_file():
            return path
        folder.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp:
            make(tmp)
        for old in folder.glob(f"{name}-*"):
            if old != path and not old.name.startswith("."):
                with contextlib.suppress(OSError):
                    old.unlink()
        return path
    except OSError:
        return None


def load_derived(
    name: str, source: Path, make: Callable[[Path], object], load: Callable[[Path], object]
) -> object | None:
    """What ``load`` reads from the file :func:`derived_file` keeps for ``source``; None
    when no cache is kept, or when ``load`` fails or finds nothing (the file is then
    removed, so the next run makes it again: a cache never stays broken)."""
    path = derived_file(name, source, make)
    if path is None:
        return None
    try:
        found = load(path)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        found = None
    if found is None:
        with contextlib.suppress(OSError):
            path.unlink()
    return found
