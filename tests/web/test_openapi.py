"""One API for researchers (issue 29): the plugin's endpoints described by OpenAPI 3.1
(valid, served at /-/openapi.json, its ranges the routes' own), a page /-/api in both
languages whose curl examples work, the same paging and errors everywhere, and
schemathesis fuzzing a served archive with no 5xx, every answer matching its schema and
every 400 naming its parameter."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, free_port, wait_until_serving
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from library.web.openapi import ENDPOINTS, curl

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh-CN"}


async def _spec(ds) -> dict:
    r = await ds.client.get("/-/openapi.json")
    assert r.status_code == 200
    return r.json()


async def test_the_description_is_valid_openapi_31_of_every_endpoint(ds):
    spec = await _spec(ds)
    validate(spec)  # raises on an invalid description
    assert spec["openapi"] == "3.1.0"
    for e in ENDPOINTS:
        assert f"{e.path}" in spec["paths"]
        for fmt in e.formats:
            assert f"{e.path}.{fmt}" in spec["paths"]


def _example(endpoint) -> dict:
    return dict(endpoint.example)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.path)
async def test_each_example_answers_what_its_schema_says(ds, endpoint):
    spec = await _spec(ds)
    operation = spec["paths"][f"{endpoint.path}.json"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    r = await ds.client.get(f"{endpoint.path}.json", params=_example(endpoint))
    assert r.status_code == 200, r.text
    body = r.json()
    Draft202012Validator(schema).validate(body)
    assert body["total"] >= 1, endpoint.path  # each example finds something in the sample


def _bad_values(param) -> list[str]:
    if param.choices:
        return ["bogus"]
    if param.kind == "integer":
        return [str(param.low - 1), str(param.high + 1), "1_0", " 5", "x"]
    if param.max_length:
        return ["x" * (param.max_length + 1)]
    return []


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.path)
async def test_every_described_range_is_the_routes_own(ds, endpoint):
    """Out of the described range or choices: a 400 naming the parameter, in Datasette's
    error shape; at its edges: answered."""
    example = _example(endpoint)
    for param in endpoint.params:
        for value in _bad_values(param):
            r = await ds.client.get(f"{endpoint.path}.json", params={**example, param.name: value})
            body = r.json()
            assert r.status_code == 400, (endpoint.path, param.name, value, body)
            assert set(body) == {"ok", "error", "status", "title"} and body["status"] == 400
            assert re.search(rf"\b{param.name}\b", body["error"]), body
        if param.kind == "integer":
            for edge in (param.low, param.high):
                r = await ds.client.get(
                    f"{endpoint.path}.json", params={**example, param.name: str(edge)}
                )
                assert r.status_code == 200, (endpoint.path, param.name, edge, r.text[:200])
        for alias in param.aliases:
            value = example.get(param.name, "2")
            old = await ds.client.get(f"{endpoint.path}.json", params={**example, alias: value})
            assert old.status_code == 200, (alias, old.text[:200])
    twice = await ds.client.get(f"{endpoint.path}.json?q=a&q=b")
    assert twice.status_code == 400 and "q is given more than once" in twice.json()["error"]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.path)
async def test_paging_follows_next_to_the_last_page_and_counts_the_total(ds, endpoint):
    example = {**_example(endpoint), "size": "1"}
    first = (await ds.client.get(f"{endpoint.path}.json", params=example)).json()
    seen, url = 0, f"{endpoint.path}.json"
    page = first
    while True:
        assert page["size"] == 1 and len(page[_listed(endpoint)]) <= 1
        seen += len(page[_listed(endpoint)])
        if page["next"] is None:
            break
        assert page["next"].startswith("http://localhost" + url + "?")
        page = (await ds.client.get(page["next"].removeprefix("http://localhost"))).json()
    assert seen == first["total"] and not first["total_capped"]


def _listed(endpoint) -> str:
    return {"search": "items", "concordance": "lines", "tm": "matches", "terms": "renderings"}[
        endpoint.path.rsplit("/", 1)[1]
    ]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.path)
async def test_a_download_holds_every_result_unless_a_page_is_asked_for(ds, endpoint):
    import csv
    import io

    example = {k: v for k, v in endpoint.example if k != "size"}
    total = (await ds.client.get(f"{endpoint.path}.json", params=example)).json()["total"]
    whole = await ds.client.get(f"{endpoint.path}.csv", params=example)
    assert whole.status_code == 200 and whole.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(whole.text)))) == total
    assert "link" not in whole.headers
    tsv = await ds.client.get(f"{endpoint.path}.tsv", params=example)
    assert len(tsv.text.splitlines()) == total + 1  # a header line
    page = await ds.client.get(f"{endpoint.path}.csv", params={**example, "size": "1"})
    assert len(list(csv.DictReader(io.StringIO(page.text)))) == min(1, total)
    if total > 1:
        assert re.fullmatch(
            r'<http://localhost/-/[a-z]+\.csv\?.*offset=1>; rel="next"', page.headers["link"]
        )


@pytest.mark.parametrize("headers, words", [(EN, "Parameter"), (ZH, "参数")])
async def test_the_api_page_lists_each_endpoint_in_the_readers_language(ds, headers, words):
    r = await ds.client.get("/-/api", headers=headers)
    assert r.status_code == 200
    for e in ENDPOINTS:
        assert f'<section id="{e.path[3:]}">' in r.text
        for p in e.params:
            assert f"<code>{p.name}</code>" in r.text
    assert words in r.text and "/-/openapi.json" in r.text


async def test_each_curl_example_of_the_page_runs_as_shown(ds):
    """The page's commands, read back (as a reader copies them) and sent."""
    import html

    page = (await ds.client.get("/-/api", headers=EN)).text
    commands = [html.unescape(c) for c in re.findall(r"<code>(curl [^<]+)</code>", page)]
    assert len(commands) == len(ENDPOINTS)
    for command in commands:
        words = shlex.split(command)
        url = words[2].removeprefix("http://localhost")
        params = [w.split("=", 1) for w in words[3:] if not w.startswith("-")]
        r = await ds.client.get(url, params=dict(params))
        assert r.status_code == 200 and r.json()["total"] >= 1, command


def test_the_guide_documents_each_endpoint_and_parameter_as_described():
    """docs/api.md is checked against the description: every endpoint's curl example and
    every parameter appear in it."""
    text = (ROOT / "docs" / "api.md").read_text("utf-8")
    for e in ENDPOINTS:
        assert curl("http://127.0.0.1:8001", e) in text, e.path
        for p in e.params:
            assert f"`{p.name}`" in text, (e.path, p.name)


async def test_errors_keep_datasettes_shape_and_a_missing_page_says_so(ds):
    r = await ds.client.get("/-/nosuch.json")
    assert r.status_code == 404 and set(r.json()) == {"ok", "error", "status", "title"}
    assert "/-/api" in r.json()["error"] and "Database" not in r.json()["error"]
    page = await ds.client.get("/-/nosuch", headers=ZH)
    assert (
        page.status_code == 404 and "/-/api" in page.text and '<html lang="zh-Hans">' in page.text
    )
    for path, name in (
        ("/library/search.json?q=GACC&sort=bogus", "sort"),
        ("/library/missing_translations.json?lang=xx", "lang"),
        ("/-/search.json?q=%E6%B5%B7%E5%85%B3&category=nosuch", "category"),
    ):
        r = await ds.client.get(path)
        assert r.status_code == 400 and name in r.json()["error"], (path, r.text)
    ok = await ds.client.get("/library/search.json?q=GACC&sort=newest&_shape=array")
    assert ok.status_code == 200 and ok.json()


@pytest.mark.slow
def test_schemathesis_finds_nothing_on_a_served_archive(sample_db, tmp_path):
    """CI's fuzzing run: every operation of the description, a bounded number of examples
    each (a fixed seed: the same run every time), all of schemathesis' checks but
    ``positive_data_acceptance`` (a valid category name the archive has not is a 400)
    and ours (``st_hooks``: a 400 names its parameter)."""
    archive = tmp_path / "library.db"
    shutil.copy(sample_db, archive)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [str(bin_dir / "bilib"), "serve", str(archive), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(base)
        env = {**os.environ, "SCHEMATHESIS_HOOKS": "st_hooks", "PYTHONPATH": str(ROOT / "tests")}
        done = subprocess.run(
            [
                str(bin_dir / "st"),
                "run",
                f"{base}/-/openapi.json",
                "--max-examples",
                "25",
                "--phases",
                "examples,coverage,fuzzing",
                "--checks",
                "all",
                "--exclude-checks",
                "positive_data_acceptance",
                "--seed",
                "29",
                "--no-color",
            ],
            env=env,
            cwd=tmp_path,  # its cache folder (.schemathesis) there, not in the checkout
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = done.stdout[-3000:]
    assert done.returncode == 0, summary
    tested = re.search(r"Tested: (\d+)", summary)
    generated = re.search(r"(\d+) generated, (\d+) passed", summary)
    assert tested and int(tested.group(1)) == sum(1 + len(e.formats) for e in ENDPOINTS)
    assert generated and generated.group(1) == generated.group(2) and int(generated.group(1)) > 500
    print(f"schemathesis: {tested.group(1)} operations, {generated.group(1)} cases, 0 failures")


async def test_a_clients_mistake_prints_no_traceback_a_server_error_does(ds, capsys):
    """Datasette's last handler prints each exception's traceback with its locals when
    ``rich`` is installed (the test extras bring it): 0.2-0.4 s of the event loop a 404.
    Kept for server errors only (``library.web.errors.quiet_client_errors``)."""
    import rich
    from datasette.utils.asgi import NotFound

    from library.web.errors import _ServerErrorsOnly

    for path in ("/library/nosuch.json", "/-/nosuch", "/-/search.json?size=0&q=x"):
        assert (await ds.client.get(path)).status_code in (400, 404)
    assert "Traceback" not in capsys.readouterr().out
    quiet = _ServerErrorsOnly(rich)
    try:
        raise NotFound("nothing here")
    except NotFound:
        quiet.get_console().print_exception()
    assert "nothing here" not in capsys.readouterr().out
    try:
        raise RuntimeError("a real failure")
    except RuntimeError:
        quiet.get_console().print_exception()
    assert "a real failure" in capsys.readouterr().out
