#!/usr/bin/env python3
"""Loads every dictionary in ../shared/lexicons with `slant lexicon check` and compares its
entry and category counts with those the folder's NOTE.txt states.

    scripts/check_shared_lexicons.py SLANT_BINARY [LEXICONS_DIR]

A NOTE.txt lists files as an indented file name followed by an `entries:` line: `entries: N`,
`entries: (N, CATEGORIES)`, or `entries: None` (not a dictionary: skipped). Exits 1 on any
mismatch or failure to load. The dictionaries are research-licensed: they are tested here,
never shipped.

Three dictionaries also have their (term, category) pairs after case folding checked, as
quanteda counts them: these hold quanteda globs (`fair-*`, `Гвине*-Бисау`, `heckl**`) that
must load with no entry left out.
"""
import pathlib
import re
import subprocess
import sys


def expectations(note: pathlib.Path):
    current = None
    for line in note.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^  (\S[^ ].*?)\s*$", line)
        if m and not line.startswith("    "):
            current = m.group(1)
            continue
        m = re.match(r"^\s+entries:\s*(.+)$", line)
        if m and current:
            value = m.group(1).strip()
            if value == "None":
                continue
            pair = re.match(r"\((\d+),\s*(\d+)\)", value)
            if pair:
                yield current, int(pair.group(1)), int(pair.group(2))
            else:
                yield current, int(value), None


# (term, category) pairs after case folding: the `N terms` of `lexicon check`.
PAIRS = {
    "mfd1.0/moral_foundations_dictionary.dic": 359,
    "newsmap_geographical/newsmap_russian.yml": 642,
    "lexicoder_lsd2015/LSD2015.lc3": 4567,
}


def main() -> int:
    slant = sys.argv[1]
    root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/lexicons")
    failures, checked = 0, 0
    for note in sorted(root.glob("*/NOTE.txt")):
        for name, entries, categories in expectations(note):
            path = note.parent / name
            run = subprocess.run([slant, "lexicon", "check", str(path)], capture_output=True, text=True)
            ok = re.search(r": ok: lexicon `[^`]*`, (\d+) categories, (\d+) entries", run.stdout)
            if run.returncode != 0 or not ok:
                print(f"FAIL {path}: did not load\n{run.stdout}{run.stderr}")
                failures += 1
                continue
            got_categories, got_entries = int(ok.group(1)), int(ok.group(2))
            wrong = got_entries != entries or (categories is not None and got_categories != categories)
            pairs = PAIRS.get(f"{note.parent.name}/{name}")
            if pairs is not None:
                terms = re.search(r", (\d+) terms", run.stdout)
                left_out = [l for l in run.stdout.splitlines() + run.stderr.splitlines() if "left out" in l]
                if not terms or int(terms.group(1)) != pairs or left_out:
                    print(f"FAIL {path}: expected {pairs} (term, category) pairs and no entry left out")
                    print("\n".join(left_out))
                    wrong = True
            status = "FAIL" if wrong else "ok  "
            failures += wrong
            checked += 1
            expected = f"{entries} entries" + (f", {categories} categories" if categories is not None else "")
            print(f"{status} {path}: {got_entries} entries, {got_categories} categories (NOTE.txt: {expected})")
    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
