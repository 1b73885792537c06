#!/usr/bin/env python3
"""The HTML report of a real corpus, read in headless Chromium (issue 20).

    check_html_report.py SLANT CORPUS OUTLETS_CSV WORKDIR [--top N] [--max-kb KB]

Writes `slant report CORPUS --html`, lets Chromium load it and dump the DOM, and checks what a
reader needs: a table of contents whose links all land; the over-time section (the corpus must
have dates) and the own-voice section, each with charts; chart text of at least 12 px; and in
"Hits in context" a row for every outlet with hits of each category, as OUTLETS_CSV (the outlets
table of `slant analyze` on the same corpus) counts them, up to the 20 with the most hits. With
--top N only the N largest outlets are drawn (hits in context still draw on all). Prints the page's size and fails above
--max-kb.
"""

import argparse
import csv
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Outlets shown per category in "Hits in context" (SHOWN_OUTLETS in src/report/html/mod.rs).
SHOWN_OUTLETS = 20


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no chromium: install Debian's chromium package")


def dom_of(page: Path, work: Path) -> str:
    run = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-component-update",
            f"--user-data-dir={work / 'profile'}",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if run.returncode != 0 or "<body" not in run.stdout:
        sys.exit(f"chromium could not load {page}: {run.stderr[-2000:]}")
    return run.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("slant")
    ap.add_argument("corpus")
    ap.add_argument("outlets_csv")
    ap.add_argument("work", type=Path)
    ap.add_argument("--top", type=int)
    ap.add_argument("--max-kb", type=int, default=2048)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    page = a.work / "report.html"
    cmd = [a.slant, "report", a.corpus, "--html", str(page)]
    if a.top:
        cmd += ["--top", str(a.top)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    size_kb = page.stat().st_size / 1024
    dom = dom_of(page, a.work)
    problems = []

    # the table of contents: every link lands on an anchor
    nav = re.search(r'<nav id="contents">(.*?)</nav>', dom, re.S)
    links = re.findall(r'href="#([^"]+)"', nav.group(1)) if nav else []
    if len(links) < 5:
        problems.append(f"table of contents has {len(links)} links")
    for target in links:
        if f'id="{target}"' not in dom:
            problems.append(f"contents link #{target} has no anchor")
    for section in ("time", "keyness", "voices", "quoted", "manifest"):
        if section not in links:
            problems.append(f"no section #{section} in the contents")

    # over time: charts per lexicon
    start = dom.find('id="time"')
    end = dom.find('id="keyness"', start)
    time = dom[start:end] if start >= 0 else ""
    time_charts = time.count("<svg")
    if time_charts < 4:
        problems.append(f"over time has {time_charts} charts")
    if "95 % interval" not in time:
        problems.append("the time charts' legend has no interval band")

    # own voice against reported and quoted speech: charts and tables
    voice = re.findall(r'<details class="voice"[^>]*>(.*?)</details>', dom, re.S)
    voice_charts = sum(v.count("<svg") for v in voice)
    if not voice or voice_charts < 3:
        problems.append(f"own-voice section: {len(voice)} categories, {voice_charts} charts")

    # readable text: no chart text under 12 px
    sizes = [float(s) for s in re.findall(r'<text[^>]*font-size="([\d.]+)"', dom)]
    small = [s for s in sizes if s < 12]
    if not sizes or small:
        problems.append(f"{len(small)} of {len(sizes)} chart texts under 12 px")

    # evidence: every outlet with hits of a category has its row
    evidence = {}
    for cat, body in re.findall(
        r'<details class="evidence" data-category="([^"]*)">(.*?)</details>', dom, re.S
    ):
        rows = {html.unescape(o) for o in re.findall(r'<tr class="v-\w+" data-outlet="([^"]*)"', body)}
        evidence.setdefault(html.unescape(cat), set()).update(rows)
    counts = {}
    with open(a.outlets_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if int(row["count"]) > 0:
                counts.setdefault(row["category"], []).append((-int(row["count"]), row["outlet"]))
    # the outlets with the most hits first, up to the page's SHOWN_OUTLETS (src/report/html)
    with_hits = {c: {o for _, o in sorted(v)[:SHOWN_OUTLETS]} for c, v in counts.items()}
    missing = 0
    for cat, outlets in sorted(with_hits.items()):
        lost = outlets - evidence.get(cat, set())
        if lost:
            missing += len(lost)
            problems.append(f"{cat}: no evidence row for {', '.join(sorted(lost)[:5])}")
    pairs = sum(len(o) for o in with_hits.values())
    print(
        f"{page.name}: {size_kb:,.0f} KB; {len(links)} contents links; {time_charts} charts over "
        f"time; {len(voice)} own-voice categories with {voice_charts} charts; "
        f"{len(sizes)} chart texts, smallest {min(sizes) if sizes else 0:.0f} px; evidence rows "
        f"for {pairs - missing} of {pairs} (category, outlet) pairs with hits (up to {SHOWN_OUTLETS} per category)"
    )
    if size_kb > a.max_kb:
        problems.append(f"the page is {size_kb:,.0f} KB, over {a.max_kb:,} KB")
    for p in problems[:40]:
        print("problem:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
