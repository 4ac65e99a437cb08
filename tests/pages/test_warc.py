"""Crawls and mirrors (issue 25, item 2): the build reads WARC files the tests write with
warcio, and a wget --mirror folder records each page's URL."""

from __future__ import annotations

import gzip
import io
import sqlite3
from pathlib import Path

import pytest
from helpers import write
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from library.build import build, sample_dir
from library.errors import BadPages
from library.pages.read import read_pages

SITE = "https://sample.example/"
TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown",
}


def record(writer, url, body, *, ctype="text/html; charset=utf-8", status="200 OK",
           date="2023-01-02T03:04:05Z", headers=(), kind="response"):  # fmt: skip
    http = StatusAndHeaders(status, [("Content-Type", ctype), *headers], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            url,
            kind,
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
    )


def warc_of_folder(folder: Path, out: Path, gzipped: bool = True) -> None:
    """Every page of ``folder`` as one response record, its URL the page's path (the
    archive's own metadata.yml is no page)."""
    with open(out, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for page in sorted(p for p in folder.rglob("*.*") if p.suffix in TYPES):
            rel = page.relative_to(folder).as_posix()
            record(writer, SITE + rel, page.read_bytes(), ctype=TYPES[page.suffix])


def rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT id, status, title_en, title_zh, date, "
            "(SELECT count(*) FROM segments s WHERE s.item_id = items.id) FROM items ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_the_sample_written_into_a_warc_builds_the_same_items_as_the_folder(tmp_path, gzipped):
    crawl = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    warc_of_folder(sample_dir(), crawl, gzipped)
    folder = build(None, tmp_path / "folder.db", jobs=1)
    warc = build([crawl], tmp_path / "warc.db", jobs=1)
    assert (warc.items, warc.both, warc.en_only, warc.zh_only) == (
        folder.items,
        folder.both,
        folder.en_only,
        folder.zh_only,
    )
    assert rows(tmp_path / "warc.db") == rows(tmp_path / "folder.db")
    # Each version's URL: the page's own canonical URL, else where it was captured.
    own = {r[0]: r[1] for r in _urls(tmp_path / "folder.db")}
    for source, url in _urls(tmp_path / "warc.db"):
        captured = source.split("#", 1)[1]
        assert url == (own[captured.removeprefix(SITE)] or captured)
    assert any(u is None for u in own.values()) and any(own.values())


def _urls(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT source, url FROM versions").fetchall()
    finally:
        conn.close()


def chunked(body: bytes, size: int = 7) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


ZH_PAGE = (
    '<html><head><meta charset="gb2312"><title>朱镕基会见品保委代表</title></head><body>'
    "<article><h1>朱镕基会见品保委代表</h1><p>海关总署综合业务司副司长会见品保委会员企业代表，"
    "双方就知识产权保护交换意见。镕字不在GB2312中。</p></article></body></html>"
)
EN_PAGE = (
    '<html lang="en"><head><title>Customs meets QBPC</title></head><body><article>'
    "<h1>Customs meets QBPC</h1><p>The Deputy Director of the Department of General Operation "
    "met representatives of QBPC member companies to exchange views on IP protection.</p>"
    "</article></body></html>"
)


def test_encodings_chunks_revisits_and_the_latest_capture(tmp_path):
    crawl = tmp_path / "site.warc.gz"
    with open(crawl, "wb") as f:
        w = WARCWriter(f, gzip=True)
        # A GB2312 page whose header says GBK and which holds a GBK-only character (镕).
        record(w, "https://news.example/zh/1.html", ZH_PAGE.encode("gbk"),
               ctype="text/html; charset=GBK")  # fmt: skip
        # Chunked transfer encoding and gzip content encoding.
        record(
            w,
            "https://news.example/en/1.html",
            chunked(gzip.compress(EN_PAGE.encode())),
            headers=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
        )
        # An older capture of the same URL, later in the file: the newer one wins.
        record(w, "https://news.example/en/1.html", EN_PAGE.replace("QBPC", "OLD").encode(),
               date="2021-01-01T00:00:00Z")  # fmt: skip
        record(w, "https://news.example/en/1.html", b"", kind="revisit")
        record(w, "https://news.example/missing.html", b"gone", status="404 Not Found")
        record(w, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", ctype="image/png")
        record(w, "https://news.example/en/1.html", b"GET", kind="request")
    versions = {v.lang: v for v in read_pages([crawl])}
    zh, en = versions["zh"], versions["en"]
    assert zh.title == "朱镕基会见品保委代表" and zh.encoding == "gb18030"
    assert "镕字不在GB2312中" in zh.text
    assert en.title == "Customs meets QBPC" and "OLD" not in en.text
    assert en.url == "https://news.example/en/1.html" and en.date == "2023-01-02"  # captured
    assert en.rel == "site.warc.gz#https://news.example/en/1.html"
    report = build([crawl], tmp_path / "a.db", jobs=1)
    assert report.both == 1  # paired by their URLs
    (note,) = [w for w in report.warnings if w.startswith("site.warc.gz")]
    assert note == (
        "site.warc.gz: 2 pages read; skipped 1 not HTML or text, 1 older capture, "
        "1 revisit, 1 status 404"
    )
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT count(*) FROM segments").fetchone()[0] >= 2  # read again
    conn.close()


def test_a_page_of_a_crawl_keeps_its_own_date_and_canonical_url(tmp_path):
    crawl = tmp_path / "c.warc"
    page = EN_PAGE.replace(
        "<title>",
        '<link rel="canonical" href="https://news.example/en/canonical.html">'
        '<meta name="date" content="2022-03-30"><title>',
    )
    with open(crawl, "wb") as f:
        record(WARCWriter(f, gzip=False), "https://news.example/en/1.html?utm=x", page.encode())
    (v,) = read_pages([crawl])
    assert (v.date, v.url) == ("2022-03-30", "https://news.example/en/canonical.html")


def test_a_damaged_warc_is_a_bad_file_named_and_skipped(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    warc_of_folder(sample_dir(), src / "crawl.warc.gz")
    data = (src / "crawl.warc.gz").read_bytes()
    (src / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    (src / "junk.warc").write_bytes(b"this is not a web archive\n" * 10)
    with pytest.raises(BadPages) as caught:
        build([src / "cut.warc.gz", src / "junk.warc"], tmp_path / "a.db", jobs=1)
    assert "cut.warc.gz" in str(caught.value) and "junk.warc" in str(caught.value)
    report = build([src], tmp_path / "b.db", jobs=1, skip_bad=True)
    assert report.items >= 7 and {Path(e.path).name for e in report.skipped} >= {"junk.warc"}


def test_a_mirrored_site_records_each_pages_url_from_its_path(tmp_path):
    mirror = tmp_path / "mirror"
    write(mirror / "news.example" / "en" / "2022" / "xiamen" / "index.html", EN_PAGE)
    write(mirror / "news.example" / "zh" / "2022" / "xiamen" / "index.html",
          ZH_PAGE.replace('<meta charset="gb2312">', ""))  # fmt: skip
    versions = {v.lang: v for v in read_pages([mirror])}
    assert versions["en"].url == "https://news.example/en/2022/xiamen/"
    assert versions["zh"].url == "https://news.example/zh/2022/xiamen/"
    # The host folder given itself works too.
    (en,) = [v for v in read_pages([mirror / "news.example"]) if v.lang == "en"]
    assert en.url == "https://news.example/en/2022/xiamen/"
    report = build([mirror], tmp_path / "a.db", jobs=1)
    assert report.both == 1
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT id FROM items").fetchall() == [("xiamen",)]
    conn.close()


def test_a_bad_page_in_a_crawl_is_named_by_its_file_and_url(tmp_path):
    crawl = tmp_path / "de.warc.gz"
    german = "Die Zollbehörden trafen sich am Montag mit Vertretern der Markeninhaber. " * 3
    with open(crawl, "wb") as f:
        record(WARCWriter(f, gzip=True), "https://news.example/de/1.html",
               f"<html><body><article><p>{german}</p></article></body></html>".encode())  # fmt: skip
    with pytest.raises(
        BadPages, match=r"de\.warc\.gz#https://news\.example/de/1\.html: the page is in German"
    ):
        build([crawl], tmp_path / "a.db", jobs=1)
