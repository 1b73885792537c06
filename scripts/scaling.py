#!/usr/bin/env python3
"""Checks that slant's work grows linearly with hostile inputs (issue: nothing quadratic where
input size is unbounded).

Each case builds an input of size n and of size 2n (a text of thousands of stray quotation
marks, a lexicon of tens of thousands of terms, an article of thousands of paragraphs, a
corpus of identical stories...), runs the release binary on both under valgrind's callgrind,
and compares the instructions executed, less those of a run on a tiny input of the same kind
(start-up, lexicon compilation, writing the tables). Instructions are counted, not timed:
the counts are the same from run to run, whatever else the machine is doing. Doubling the
input must not more than ~double the work: a ratio above 3 fails (linear work gives 2,
n log n a little more, quadratic work 4).

    python3 scripts/scaling.py [BINARY]          # default: target/release/slant

Needs valgrind (Debian's package); CI installs it.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

LIMIT = 3.0


def letters(i):
    """A word of letters for the number i (names with digits are not names)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(97 + r) + s
    return s


def article(text, doc_id="a", outlet="Outlet"):
    return json.dumps({"id": doc_id, "outlet": outlet, "text": text}) + "\n"


def spaced_quotes(n):
    return {"c.jsonl": article('" a ' * n)}


def open_marks_then_apostrophes(n):
    return {"c.jsonl": article("“a " * n + "the rebels’ town " * n)}


def quotes_in_one_sentence(n):
    return {"c.jsonl": article("Kirby told reporters " + "“it is over,” he said and " * n)}


def many_people(n):
    parts = [f"{letters(i).title()} {letters(i + n).title()} said “it is over” and" for i in range(n)]
    return {"c.jsonl": article(" ".join(parts) + " left.")}


def many_paragraphs(n):
    paragraphs = [f"The rebels held town {letters(i)} on Monday, officials said." for i in range(n)]
    return {"c.jsonl": article("\n\n".join(paragraphs))}


def one_paragraph_article(n):
    sentences = [f"The terrorists fled town {letters(i)}." for i in range(n)]
    return {"c.jsonl": article(" ".join(sentences))}


def one_article_a_day(n):
    """n articles of 7 outlets, two a day from 1 January 1900, each with a metadata label: with
    --by outlet,label --period day every two articles make a group-day of their own (and its
    bootstrap)."""
    import datetime
    first = datetime.date(1900, 1, 1)
    out = []
    for i in range(n):
        k = i // 2
        day = (first + datetime.timedelta(days=k)).isoformat()
        text = f"Story {i}: the rebels and the terrorists clashed near town {i} on {day}."
        out.append(json.dumps({"id": f"d{i}", "outlet": f"o{k % 7}", "date": day,
                               "label": f"l{k % 3}", "text": text}) + "\n")
    return {"c.jsonl": "".join(out)}


def identical_stories(n):
    text = "Russia accused the United States of siding with terrorists in Syria on Monday, " * 20
    return {"c.jsonl": "".join(article(text, f"d{i}", f"o{i % 7}") for i in range(n))}


def shared_lines(n):
    footer = "Follow us on social media for more news from the region."
    return {
        "c.jsonl": "".join(
            article(f"Story {letters(i)} about the {letters(i + 1)} offensive.\n\n{footer}", f"d{i}")
            for i in range(n)
        )
    }


def furniture_lines(n):
    return {"c.jsonl": article("The rebels held the town.\n" + "\n".join(["Advertisement"] * n))}


def vetoed_phrase(n):
    return {"c.jsonl": article("The Moscow Times. " * n)}


def wildcard_terms(n):
    terms = ", ".join(f'"{letters(i)}x*"' for i in range(n))
    return {
        "c.jsonl": article("The rebels held the town."),
        "w.toml": f"[categories.a]\nterms = [{terms}]\n",
    }


def word_list(n):
    return {"words.txt": "".join(f"{letters(i)}\n" for i in range(n))}


def shadowed_terms(n):
    rows = [f"short\t{letters(i)}\n" for i in range(n)] + [f"long\t{letters(i)} {letters(i)}\n" for i in range(n)]
    return {"terms.tsv": "".join(rows)}


def yaml_list(n):
    return {"dict.yml": "A:\n" + "".join(f"  - {letters(i)}\n" for i in range(n))}


def liwc_many_categories(n):
    header = "%\n" + "".join(f"{i + 1}\tc{letters(i)}\n" for i in range(n)) + "%\n"
    entries = "".join(f"{letters(i)}\t{i + 1}\n" for i in range(n))
    return {"d.dic": header + entries}


ANALYZE = ["analyze", "{d}/c.jsonl", "-o", "{d}/out", "-l", "{root}/lexicons/syria.toml", "--bootstrap", "10", "-j", "1"]

CASES = [
    # (name, generator, n, command)
    ("voice: spaced straight quotes", spaced_quotes, 20000, ANALYZE),
    ("voice: open marks, then apostrophes", open_marks_then_apostrophes, 10000, ANALYZE),
    ("voice: quotations in one sentence", quotes_in_one_sentence, 4000, ANALYZE),
    ("voice: thousands of people quoted", many_people, 3000, ANALYZE),
    ("clean: an article of many paragraphs", many_paragraphs, 4000, ANALYZE),
    ("clean: an article with no paragraph breaks", one_paragraph_article, 8000, ANALYZE),
    ("syndication: identical stories", identical_stories, 1500, ANALYZE),
    ("clean: a line shared by every story", shared_lines, 3000, ANALYZE),
    ("clean: thousands of furniture lines", furniture_lines, 10000, ANALYZE),
    ("slices: a group-day per article", one_article_a_day, 3000,
     ANALYZE + ["--by", "outlet,label", "--period", "day"]),
    ("matcher: a vetoed phrase, repeated", vetoed_phrase, 5000,
     ["analyze", "{d}/c.jsonl", "-o", "{d}/out", "--bootstrap", "10", "-j", "1"]),
    ("matcher: thousands of wildcard terms", wildcard_terms, 10000,
     ["analyze", "{d}/c.jsonl", "-o", "{d}/out", "-l", "{d}/w.toml", "--bootstrap", "10", "-j", "1"]),
    ("lexicon: a long word list", word_list, 20000, ["lexicon", "check", "{d}/words.txt"]),
    ("lexicon: shadowed terms", shadowed_terms, 10000, ["lexicon", "check", "{d}/terms.tsv"]),
    ("lexicon: a long YAML list", yaml_list, 20000, ["lexicon", "check", "{d}/dict.yml"]),
    ("lexicon: many LIWC categories", liwc_many_categories, 3000, ["lexicon", "check", "{d}/d.dic"]),
]


def instructions(binary, command, files, root):
    d = tempfile.mkdtemp(prefix="slant-scaling-")
    try:
        for name, text in files.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        args = [a.replace("{d}", d).replace("{root}", root) for a in command]
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary] + args,
            capture_output=True,
            text=True,
        )
        m = re.search(r"Collected : (\d+)", run.stderr)
        if not m:
            sys.exit(f"no instruction count from valgrind for {args}:\n{run.stderr[-2000:]}")
        if run.returncode not in (0, 1):
            sys.exit(f"slant exited {run.returncode} on {args}:\n{run.stderr[-2000:]}")
        return int(m.group(1))
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target", "release", "slant")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed (apt-get install valgrind)")
    failed = []
    print(f"{'case':45} {'n':>6} {'instructions n':>15} {'2n':>15} {'ratio':>6}")
    for name, generate, n, command in CASES:
        base = instructions(binary, command, generate(1), root)
        one = instructions(binary, command, generate(n), root) - base
        two = instructions(binary, command, generate(2 * n), root) - base
        ratio = two / max(one, 1)
        flag = "" if ratio <= LIMIT else "  <- grows faster than linearly"
        print(f"{name:45} {n:>6} {one:>15,} {two:>15,} {ratio:>6.2f}{flag}", flush=True)
        if ratio > LIMIT:
            failed.append(name)
    if failed:
        sys.exit(f"work more than {LIMIT}x when the input doubles: {', '.join(failed)}")
    print("scaling: every case linear")


if __name__ == "__main__":
    main()
