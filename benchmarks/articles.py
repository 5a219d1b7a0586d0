"""Time `pacli ingest` on a 3,000-word article and `pacli verify` on the bundled store, beside the
one-command Typer app that only prints (the floor), with hyperfine.

    pip install .                # a wheel install
    apt-get install hyperfine
    python benchmarks/articles.py [--runs 20] [--output docs/benchmarks-articles.md]

The long article is made from the articles of tests/articles/ and the bundled store's own, under
one dateline, until it holds 3,000 words (benchmarks/out/long-article.txt, not committed).
Targets: ingest under 1 s; verify within the bundled store's budget, 1.10 times the floor (that of
`search --json`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from benchmarks.run import FLOOR, OUT, PACLI, hyperfine, machine  # noqa: E402
from pacli.storage.sources_table import kept_articles  # noqa: E402
from pacli.storage.store_file import bundled_store_path, read_store_file  # noqa: E402

WORDS = 3000
INGEST_TARGET_SECONDS = 1.0
VERIFY_TARGET_RATIO = 1.10


def long_article(words: int = WORDS) -> str:
    """A headline, a dateline, and paragraphs of the test and bundled articles (headlines and
    datelines left out) until the text holds `words` words."""
    corpus = sorted((HERE.parent / "tests" / "articles").glob("*.txt"))
    bodies = [path.read_text(encoding="utf-8") for path in corpus]
    kept = kept_articles(read_store_file(bundled_store_path()))
    bodies += [article.text for article in kept.values()]
    paragraphs = [
        line.strip()
        for body in bodies
        for line in body.splitlines()[1:]
        if len(line.split()) > 8 and not line.lstrip()[:1].isdigit()
    ]
    lines = [
        "Pacific Alliance ministers review a year of integration in Lima",
        "",
        "Lima, November 20, 2023.- The ministers of the Pacific Alliance met today in Lima to "
        "review a year of work of the Alliance and its partners.",
    ]
    count = sum(len(line.split()) for line in lines)
    index = 0
    while count < words:
        paragraph = paragraphs[index % len(paragraphs)]
        lines += ["", paragraph]
        count += len(paragraph.split())
        index += 1
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--output", type=Path)
    options = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    article = OUT / "long-article.txt"
    article.write_text(long_article(), encoding="utf-8")
    words = len(article.read_text(encoding="utf-8").split())
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PACLI_DATA_DIR": home, "PACLI_CACHE_DIR": home}
        env.pop("PACLI_DB", None)
        ingest, verify, floor = hyperfine(
            [f"{PACLI} ingest {article} --json", f"{PACLI} verify", FLOOR], options.runs, env
        )
    rows = [
        "| command | pacli | Typer floor | ratio | target |",
        "|---|---|---|---|---|",
        f"| `pacli ingest` ({words:,} words, `--json`) | {ingest * 1000:.0f} ms | "
        f"{floor * 1000:.0f} ms | {ingest / floor:.2f} | < {INGEST_TARGET_SECONDS:.0f} s "
        f"{'✓' if ingest < INGEST_TARGET_SECONDS else '✗'} |",
        f"| `pacli verify` (bundled store) | {verify * 1000:.0f} ms | {floor * 1000:.0f} ms | "
        f"{verify / floor:.2f} | ≤ {VERIFY_TARGET_RATIO:.2f} "
        f"{'✓' if verify / floor <= VERIFY_TARGET_RATIO else '✗'} |",
    ]
    report = "\n".join([f"Machine: {machine()}. Medians of {options.runs} runs.", "", *rows])
    print(report)
    if options.output:
        options.output.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
