"""A deployable folder: one archive, served immutable by stateless replicas.

A Datasette archive scales out as files do: built once, the database never changes while
it is served (``-i``: opened read-only, never locked), so N machines each holding a copy
answer alike behind any load balancer, with nothing shared between them. ``bilib
publish`` writes the folder such a machine needs: the archive, the project's wheel
(plugin, templates, catalogs, metadata, dictionary), a ``serve.sh`` that runs the
archive's public serving line, a ``Dockerfile`` that installs the wheel and runs it,
and a README saying how to run N replicas. The folder is what ``datasette publish
fly --generate-dir`` makes for a plain Datasette, written by hand because the
serving line is ours (``bilib serve --public``: the settings and limits of
``library.web.serve``) and the wheel is a local file, not a package on an index.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import LibraryError
from ..files import replacing

PORT = 8001
"""The port a replica listens on unless ``PORT`` says otherwise (Fly, Cloud Run and most
platforms set it)."""
HEALTH = "/-/versions.json"
"""A cheap page a load balancer can ask each replica for."""

DOCKERFILE = """\
# One replica of the archive: the wheel installed from this folder, the archive served
# immutable. Build once, run as many as you like behind a load balancer.
FROM python:3.11-slim
WORKDIR /app
COPY {wheel} /tmp/{wheel}
RUN pip install --no-cache-dir /tmp/{wheel} && rm /tmp/{wheel}
COPY {database} serve.sh /app/
ENV PORT={port} WORKERS=1
EXPOSE {port}
HEALTHCHECK CMD python -c "import os, urllib.request as r; \\
  r.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '{health}', timeout=5)"
CMD ["sh", "/app/serve.sh"]
"""

SERVE = """\
#!/bin/sh
# Serve the archive immutable (read-only, never locked, CORS on) on $PORT, with
# $WORKERS server processes (one per core).
cd "$(dirname "$0")"
exec bilib serve {database} --public --host 0.0.0.0 \\
  --port "${{PORT:-{port}}}" --workers "${{WORKERS:-1}}"
"""

README = """\
# {database}, ready to serve

- `{database}`: the archive (built {built}); served immutable, it is never written.
- `{wheel}`: bilingual-library, with its Datasette plugin, templates, catalogs and
  the archive's metadata (its other packages come from the registry).
- `serve.sh`: `bilib serve {database} --public` on `$PORT` (default {port}) with
  `$WORKERS` processes.
- `Dockerfile`: installs the wheel and runs `serve.sh`.

## One machine

    pip install {wheel} && sh serve.sh

## N machines

Every replica is stateless: it needs this folder (or the image built from it) and
nothing else, no shared disk or database. Build the image once and run it N times
behind any load balancer (nginx, HAProxy, a cloud load balancer), which may check each
replica at `{health}`:

    docker build -t archive .
    docker run -d -p 8001:{port} -e WORKERS=2 archive     # on each machine

On Fly.io: `fly launch --no-deploy` in this folder, then `fly deploy` and `fly scale
count N`; on Cloud Run: `gcloud run deploy --source .`. To publish a new build, make
the folder again and roll the replicas over to the new image: a replica never sees its
file change.

Each replica needs about one core per worker and, measured for this project (its
docs/guide.md, "Publishing"), memory for one server process plus its share of the
archive file in the page cache.
"""


def _wheel(into: Path) -> Path:
    """The project's wheel, built from the checkout this package runs from."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file():
        raise LibraryError(
            "this installation has no checkout to build a wheel from",
            hint="give the project's wheel with --wheel",
        )
    with tempfile.TemporaryDirectory() as tmp:
        for isolation in (["--no-build-isolation"], []):
            done = subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *isolation,
                 "-w", tmp, str(root)],
                capture_output=True,
                text=True,
            )  # fmt: skip
            if done.returncode == 0:
                break
        else:
            raise LibraryError(
                f"cannot build the project's wheel: {done.stderr.strip()[-300:]}",
                path=root,
                hint="build it with 'pip wheel --no-deps -w dist .' and give it with --wheel",
            )
        (built,) = Path(tmp).glob("*.whl")
        target = into / built.name
        shutil.copyfile(built, target)
    return target


def generate(database: Path, folder: Path, wheel: Path | None = None) -> list[Path]:
    """Write the deployable folder for ``database`` (see the module docstring) and return
    its files. ``folder`` must be new or empty: a deploy folder is made, not edited."""
    from ..archive.read import open_archive

    database, folder = Path(database), Path(folder)
    with open_archive(database):  # an archive, or a clear error
        pass
    if folder.exists() and any(folder.iterdir()):
        raise LibraryError(
            "the folder is not empty", path=folder, hint="give a new folder to publish into"
        )
    folder.mkdir(parents=True, exist_ok=True)
    if wheel is None:
        wheel = _wheel(folder)
    else:
        if not wheel.is_file() or wheel.suffix != ".whl":
            raise LibraryError("not a wheel file", path=wheel, hint="give the .whl file")
        wheel = Path(shutil.copyfile(wheel, folder / wheel.name))
    with replacing(folder / database.name) as tmp:
        shutil.copyfile(database, tmp)
    built = os.path.getmtime(database)
    names = {
        "database": shlex.quote(database.name),
        "wheel": wheel.name,
        "port": PORT,
        "health": HEALTH,
        "built": dt.datetime.fromtimestamp(built, dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    for name, template in (("Dockerfile", DOCKERFILE), ("serve.sh", SERVE), ("README.md", README)):
        (folder / name).write_text(template.format(**names), "utf-8")
    (folder / "serve.sh").chmod(0o755)
    return sorted(folder.iterdir())
