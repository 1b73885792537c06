#!/usr/bin/env python3
"""A WARC built from a directory of HTML pages must read as the directory does (issue 22).

    check_warc.py SLANT PAGES_DIR GROUND_TRUTH.json WORK_DIR

Writes WORK_DIR/pages.warc.gz the way Common Crawl writes WARC files (WARC/1.0, one gzip
member per record, a warcinfo record, then a request and a response record per page with the
page's URL from GROUND_TRUTH as WARC-Target-URI), then runs `slant extract` and
`slant analyze` on the directory and on the WARC and compares them page by page: the same
article text, title and outlet, and the same per-document counts in the documents table
(everything but the ids, source, url and the outlet and date checked above), and
byte-identical outlets, contrasts, keyness, distances and series tables. Exits non-zero on
any difference. No warcio needed: the format is written here from the WARC 1.0 specification.
"""

import csv
import gzip
import json
import subprocess
import sys
import uuid
from pathlib import Path


def record(kind, headers, block):
    rid = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + headers.get('WARC-Target-URI', '') + str(len(block)))}>"
    lines = [b"WARC/1.0", f"WARC-Type: {kind}".encode(), f"WARC-Record-ID: {rid}".encode()]
    lines += [f"{k}: {v}".encode() for k, v in headers.items()]
    lines.append(f"Content-Length: {len(block)}".encode())
    return gzip.compress(b"\r\n".join(lines) + b"\r\n\r\n" + block + b"\r\n\r\n", mtime=0)


def build(pages, truth, out):
    members = [record("warcinfo", {"WARC-Date": "2026-12-04T00:00:00Z", "Content-Type": "application/warc-fields"},
                      b"software: slant scripts/check_warc.py\r\nformat: WARC File Format 1.0\r\n")]
    for path in sorted(pages.glob("*.html.gz")):
        page_id = path.name[: -len(".html.gz")]
        url = truth[page_id]["url"]
        html = gzip.decompress(path.read_bytes())
        date = {"WARC-Date": "2019-01-01T00:00:00Z", "WARC-Target-URI": url}
        members.append(record("request", {**date, "Content-Type": "application/http; msgtype=request"},
                              f"GET / HTTP/1.1\r\nHost: example\r\n\r\n".encode()))
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(html)}\r\n\r\n".encode()
        members.append(record("response", {**date, "Content-Type": "application/http; msgtype=response"}, head + html))
    out.write_bytes(b"".join(members))
    return len(members)


def run(*args):
    subprocess.run([str(a) for a in args], check=True, stdout=subprocess.DEVNULL)


def main():
    slant, pages, truth_path, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    work.mkdir(parents=True, exist_ok=True)
    truth = json.loads(truth_path.read_text())
    warc = work / "pages.warc.gz"
    n = build(pages, truth, warc)
    by_url = {v["url"]: k for k, v in truth.items()}
    problems = []

    run(slant, "extract", pages, "-o", work / "dir.jsonl")
    run(slant, "extract", warc, "-o", work / "warc.jsonl")
    read = lambda p: [json.loads(l) for l in open(p, encoding="utf-8")]
    from_dir = {d["id"]: d for d in read(work / "dir.jsonl")}
    from_warc = {by_url[d["url"]]: d for d in read(work / "warc.jsonl")}
    if set(from_dir) != set(from_warc):
        problems.append(f"pages read: {len(from_dir)} from the directory, {len(from_warc)} from the WARC")
    outlets = 0
    for page_id in sorted(set(from_dir) & set(from_warc)):
        a, b = from_dir[page_id], from_warc[page_id]
        if a.get("date") and a.get("date") != b.get("date"):
            problems.append(f"{page_id}: date {a.get('date')!r} against {b.get('date')!r}")
        for key in ("text", "title"):
            if a.get(key) != b.get(key):
                problems.append(f"{page_id}: {key} differs")
        # the directory's last resort is the folder's name, the WARC's the URL's host
        if a["outlet"] != "html":
            outlets += 1
            if a["outlet"] != b["outlet"]:
                problems.append(f"{page_id}: outlet {a['outlet']!r} against {b['outlet']!r}")

    run(slant, "analyze", pages, "--format", "csv", "-o", work / "dir")
    run(slant, "analyze", warc, "--format", "csv", "-o", work / "warc")
    table = lambda d: list(csv.DictReader(open(d / "documents.csv", encoding="utf-8")))
    dir_rows = {r["doc_id"]: r for r in table(work / "dir")}
    warc_rows = {by_url[r["url"]]: r for r in table(work / "warc")}
    skip = {"doc_id", "source", "url", "outlet", "date", "datetime", "cluster", "duplicate_of"}
    compared = 0
    for page_id, a in dir_rows.items():
        b = warc_rows.get(page_id)
        if b is None:
            problems.append(f"{page_id}: no row in the WARC's documents table")
            continue
        compared += 1
        for key in a.keys() - skip:
            if a[key] != b.get(key):
                problems.append(f"{page_id}: documents.{key} {a[key]!r} against {b.get(key)!r}")
    # the tables over outlets name no document: byte for byte the same
    for name in ("outlets", "contrasts", "keyness", "distances", "series"):
        if (work / "dir" / f"{name}.csv").read_bytes() != (work / "warc" / f"{name}.csv").read_bytes():
            problems.append(f"{name}.csv differs")
    manifest = json.loads((work / "warc" / "manifest.json").read_text())
    passed = manifest["corpus"].get("passed_over", {})
    print(f"WARC of {n} records ({warc.stat().st_size:,} bytes): {len(from_warc)} pages read, "
          f"{compared} documents rows compared, {outlets} outlets from the pages compared; "
          f"passed over: {passed}")
    if passed.get("request records") != len(from_dir) or passed.get("warcinfo records") != 1:
        problems.append(f"passed over {passed}, expected {len(from_dir)} requests and 1 warcinfo")
    for p in problems[:20]:
        print("  " + p)
    if problems:
        print(f"FAIL: {len(problems)} differences")
        sys.exit(1)
    print("OK: the WARC reads as the directory does")


if __name__ == "__main__":
    main()
