"""Search quality on the judged query set: top-1, top-3 and mean reciprocal rank, for each kind of
query and overall, for pacli's ranked search, for the first version's every-word substring match,
and (with --compare) for pacli's search at another git revision, on the same queries and records.

    python benchmarks/search_quality.py [--verbose] [--compare REV] [--output FILE]

docs/search-quality.md is written by `--verbose --compare main --output docs/search-quality.md`.

--compare REV exports REV's `src/` with `git archive` into a temporary folder and runs its search
in a child process, so that both versions are scored in one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pacli.errors import UsageError
from pacli.model.records import Record
from pacli.search.baseline import substring_search
from pacli.search.ranking import search
from pacli.storage.record_source import MemorySource
from pacli.storage.store_file import bundled_store_path, load_store

REPO = Path(__file__).resolve().parents[1]
JUDGED_QUERIES = REPO / "tests" / "judged_queries.json"
KINDS = (
    "name", "other words", "singular/plural", "accents", "misspelling", "qualifier",
    "spanish", "question", "acronym", "date",
)  # fmt: skip

Searcher = Callable[[str], list[str]]

# Run in a child process with another revision's `src` first on sys.path: the ids each judged
# query finds there, as JSON.
OTHER_REVISION_SCRIPT = """
import json, sys
from pathlib import Path
from pacli.errors import UsageError
from pacli.search.ranking import search
from pacli.storage.record_source import MemorySource
from pacli.storage.store_file import load_store

corpus = MemorySource.of(load_store(Path(sys.argv[1]), strict=True).records)
found = []
for query in json.loads(sys.stdin.read()):
    try:
        found.append([hit.record.id for hit in search(corpus, query).hits])
    except UsageError:
        found.append([])
print(json.dumps(found))
"""


@dataclass(frozen=True)
class Judged:
    kind: str
    query: str
    want: str


@dataclass(frozen=True)
class Scores:
    top1: float
    top3: float
    mrr: float
    ranks: list[int | None]  # 1-based rank of the wanted id per query, None when not found


def judged_queries() -> list[Judged]:
    return [Judged(**item) for item in json.loads(JUDGED_QUERIES.read_text(encoding="utf-8"))]


def ranked_searcher(records: Sequence[Record]) -> Searcher:
    corpus = MemorySource.of(records)
    return lambda query: [hit.record.id for hit in search(corpus, query).hits]


def substring_searcher(records: Sequence[Record]) -> Searcher:
    """The previous version: every word as a substring; qualifiers mean nothing to it."""

    def run(query: str) -> list[str]:
        found = substring_search(records, query)
        found.sort(key=lambda record: (record.period.start, record.period.end), reverse=True)
        return [record.id for record in found]

    return run


def revision_results(revision: str, store: Path, queries: Sequence[Judged]) -> list[list[str]]:
    """The ids pacli at git `revision` finds for each query, over the records of `store`."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", revision, "src"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        result = subprocess.run(
            [sys.executable, "-c", OTHER_REVISION_SCRIPT, str(store)],
            input=json.dumps([judged.query for judged in queries]),
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(Path(folder) / "src"), "PATH": "/usr/bin:/bin"},
        )
    found: list[list[str]] = json.loads(result.stdout)
    return found


def score(searcher: Searcher, queries: Sequence[Judged]) -> Scores:
    found = []
    for judged in queries:
        try:
            found.append(searcher(judged.query))
        except UsageError:
            found.append([])
    return scored(found, queries)


def scored(found: Sequence[Sequence[str]], queries: Sequence[Judged]) -> Scores:
    """Scores of the ids found for each query (in the order of `queries`)."""
    ranks = [
        list(ids).index(judged.want) + 1 if judged.want in ids else None
        for ids, judged in zip(found, queries, strict=True)
    ]
    return from_ranks(ranks)


def from_ranks(ranks: Sequence[int | None]) -> Scores:
    count = len(ranks) or 1
    return Scores(
        top1=sum(rank == 1 for rank in ranks) / count,
        top3=sum(rank is not None and rank <= 3 for rank in ranks) / count,
        mrr=sum(1 / rank for rank in ranks if rank) / count,
        ranks=list(ranks),
    )


def by_kind(scores: Scores, queries: Sequence[Judged]) -> dict[str, Scores]:
    """`scores` for each kind of query, in KINDS order, then any other kinds."""
    kinds = [kind for kind in KINDS if any(q.kind == kind for q in queries)]
    kinds += sorted({q.kind for q in queries} - set(kinds))
    return {
        kind: from_ranks([r for r, q in zip(scores.ranks, queries, strict=True) if q.kind == kind])
        for kind in kinds
    }


def report(
    columns: dict[str, Scores], queries: Sequence[Judged], records: int, *, verbose: bool
) -> str:
    """The figures as a Markdown document: top-1, top-3 and MRR overall and for each kind of
    query, one column per search; the queries pacli does not rank first; with `verbose`, the
    rank of every query in every search."""
    names = list(columns)
    metrics = ("top-1", "top-3", "MRR")
    split = {name: by_kind(scores, queries) for name, scores in columns.items()}
    lines = [
        "# Search quality",
        "",
        f"{len(queries)} judged queries (`tests/judged_queries.json`), each with the record a "
        f"person means, over the {records} bundled records; written by "
        "`python benchmarks/search_quality.py --verbose --compare main --output "
        "docs/search-quality.md`. Columns: " + "; ".join(names) + ".",
        "",
        "| kind | queries | " + " | ".join(f"{m}<br>{n}" for m in metrics for n in names) + " |",
        "|---|---:|" + "---:|" * (len(metrics) * len(names)),
    ]
    rows = [("**all**", len(queries), {name: columns[name] for name in names})]
    rows += [
        (kind, sum(q.kind == kind for q in queries), {name: split[name][kind] for name in names})
        for kind in split[names[0]]
    ]
    for kind, count, scores in rows:
        cells = [f"{_metric(scores[name], metric)}" for metric in metrics for name in names]
        lines.append(f"| {kind} | {count} | " + " | ".join(cells) + " |")
    missed = [
        f"- {judged.kind}: `{judged.query}` (rank {rank or 'none'}; wanted `{judged.want}`)"
        for judged, rank in zip(queries, columns[names[0]].ranks, strict=True)
        if rank != 1
    ]
    lines += ["", f"Not ranked first by {names[0]}:", "", *(missed or ["- none"])]
    if verbose:
        lines += ["", "## Every query", "", "| kind | query | " + " | ".join(names) + " |"]
        lines.append("|---|---|" + "---:|" * len(names))
        for index, judged in enumerate(queries):
            ranks = " | ".join(str(columns[name].ranks[index] or "-") for name in names)
            lines.append(f"| {judged.kind} | `{judged.query}` | {ranks} |")
    return "\n".join(lines) + "\n"


def _metric(scores: Scores, metric: str) -> str:
    if metric == "MRR":
        return f"{scores.mrr:.3f}"
    return f"{scores.top1 if metric == 'top-1' else scores.top3:.2f}"


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="the rank of every query")
    parser.add_argument("--compare", metavar="REV", help="also score pacli at this git revision")
    parser.add_argument("--output", metavar="FILE", help="write the Markdown here too")
    options = parser.parse_args(argv)
    store = bundled_store_path()
    records = load_store(store, strict=True).records
    queries = judged_queries()
    columns = {"pacli": score(ranked_searcher(records), queries)}
    if options.compare:
        found = revision_results(options.compare, store, queries)
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", options.compare],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        columns[f"pacli at {options.compare} ({commit})"] = scored(found, queries)
    columns["first version (substring)"] = score(substring_searcher(records), queries)
    text = report(columns, queries, len(records), verbose=options.verbose)
    print(text, end="")
    if options.output:
        Path(options.output).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
