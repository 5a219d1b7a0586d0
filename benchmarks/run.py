"""Time whole pacli processes against two references measured in the same run: a one-command
Typer app that only prints (the floor) and jq doing the same filter over the same file.

    pip install .                # a wheel install: an editable one recompiles pacli every run
    apt-get install hyperfine jq
    python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 10] [--output docs/benchmarks.md]

Stores are generated from a seed into benchmarks/out/ (not committed). Each store's cache is built
once before it is timed, and that build is timed on its own. Medians come from hyperfine; peak
memory from /usr/bin/time -v (of a build: the sum over its processes, sampled).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from benchmarks.processes import descendants  # noqa: E402
from benchmarks.synthetic import write_synthetic_store  # noqa: E402

OUT = HERE / "out"
BIN = Path(sys.executable).parent
PACLI = str(BIN / "pacli")
FLOOR = f"{sys.executable} {HERE / 'floor_app.py'}"

# What each pacli command does, and jq doing the same over the same file.
JQ_SEARCH = (
    'jq \'[.records[] | select((.title + " " + .summary + " " + (.details | join(" ")))'
    ' | test("korea"; "i") and test("fisheries"; "i"))]\''
)
JQ_LIST = (
    'jq \'[.records[] | select((.countries | index("Peru")) and'
    ' ((.end_date // .date) >= "2020"))] | sort_by(.date) | reverse\''
)
JQ_TIMELINE = "jq '[.records[]] | sort_by(.date)'"
JQ_SEARCH_TOP = (
    'jq \'[.records[] | select((.title + " " + .summary) | test("trade"; "i"))] | .[:10]\''
)
JQ_SHOW = "jq '.records[] | select(.id == \"{id}\")'"
JQ_STATS = "jq '[.records[].type] | group_by(.) | map({(.[0]): length}) | add'"
JQ_COUNTRIES = "jq '[.records[].countries[]] | group_by(.) | map({name: .[0], records: length})'"
LARGE_CASES = [
    ("search (two words)", "search korea fisheries --json", JQ_SEARCH),
    ("search --limit 10 (many hits)", "search trade --json --limit 10", JQ_SEARCH_TOP),
    ("list --country --from", "list --country Peru --from 2020 --json", JQ_LIST),
    ("timeline --json", "timeline --json", JQ_TIMELINE),
    ("show ID", "show {id} --json", JQ_SHOW),
    ("stats", "stats --json", JQ_STATS),
    ("countries", "countries --json", JQ_COUNTRIES),
]
ADD = "add -t event --title 'Benchmark {n}' --date 2023-05-02 -c PE --summary 'Timed.'"
# Each with its target: at most this many times the Typer floor.
BUNDLED_CASES = [
    ("search Singapore --json", 0.60),
    ("timeline", 0.80),
    ("timeline --format table", 1.25),
    ("timeline --chart", 1.25),
]
PYTHON = f"{sys.executable} -c pass"
# Tables a terminal gets (`script` gives pacli one): past 1,000 rows, a line a record.
TERMINAL_CASES = ["search trade", "list --country Peru --from 2020", "timeline"]


def hyperfine(commands: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Median seconds of each command, measured in one hyperfine run."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(
            [
                "hyperfine",
                "--shell=none"
                if all('"' not in c and "'" not in c for c in commands)
                else "--shell=bash",
                "--warmup",
                "2",
                "--runs",
                str(runs),
                "--export-json",
                export.name,
                "--style",
                "none",
                *commands,
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        results = json.loads(Path(export.name).read_text())["results"]
    return [result["median"] for result in results]


def peak_memory_mib(command: str, env: dict[str, str]) -> float:
    """Maximum resident set size of one run, from GNU time."""
    result = subprocess.run(
        ["/usr/bin/time", "-v", "bash", "-c", f"{command} > /dev/null"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    line = next(line for line in result.stderr.splitlines() if "Maximum resident" in line)
    return int(line.split(":")[1]) / 1024


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    versions = [
        subprocess.run([tool, "--version"], capture_output=True, text=True).stdout.strip()
        for tool in ("jq", "hyperfine")
    ]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions[0]}; {versions[1]}"
    )


def timed(command: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds of one run of `command`, and the peak of the summed resident sets of it and every
    process it starts (a cache build reads the store in a second process), sampled every 50 ms."""
    started = time.perf_counter()
    process = subprocess.Popen(["bash", "-c", f"exec {command} > /dev/null"], env=env)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_resident_kib(process.pid))
        time.sleep(0.05)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - started, peak / 1024


def _tree_resident_kib(root: int) -> int:
    total = 0
    for pid in descendants(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmRSS:")), 0)  # fmt: skip
    return total


def first_id(env: dict[str, str]) -> str:
    result = subprocess.run(
        [PACLI, "list", "--limit", "1", "--json"], env=env, capture_output=True, check=True
    )
    found: str = json.loads(result.stdout)[0]["id"]
    return found


def measure_writes(store: Path, size: int, scratch: Path, env: dict[str, str]) -> str:
    """Five adds to a copy of `store` (its cache built first), each followed by a search: what
    a person who keeps the store pays on every edit."""
    copy = scratch / f"copy-{size}.json"
    shutil.copy(store, copy)
    env = {**env, "PACLI_DB": str(copy)}
    timed(f"{PACLI} list --limit 1", env)  # the copy's cache
    adds, searches, memories = [], [], []
    for number in range(5):
        seconds, memory = timed(f"{PACLI} {ADD.format(n=number)}", env)
        adds.append(seconds)
        memories.append(memory)
        searches.append(timed(f"{PACLI} search trade --json --limit 10", env)[0])
    copy.unlink()
    median = statistics.median
    return (
        f"| {size:,} | {median(adds):.2f} s | {max(memories):.0f} MiB | "
        f"{median(searches) * 1000:.0f} ms |"
    )


def measure_terminal_tables(size: int, env: dict[str, str]) -> list[str]:
    """Each of TERMINAL_CASES as a table in a terminal 100 columns wide (none without `script`)."""
    if shutil.which("script") is None:
        return []
    commands = [f"script -qc '{PACLI} {case}' /dev/null" for case in TERMINAL_CASES]
    medians = hyperfine(commands, 3, {**env, "COLUMNS": "100"})
    return [
        f"| {size:,} | `{case}` | {median:.2f} s |"
        for case, median in zip(TERMINAL_CASES, medians, strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--output", type=Path, help="write the Markdown report here too")
    args = parser.parse_args()
    for tool in ("hyperfine", "jq"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed: apt-get install {tool}")
    scratch = Path(tempfile.mkdtemp(prefix="pacli-bench-"))
    base_env = {
        **os.environ,
        "PACLI_DATA_DIR": str(scratch / "data"),
        "PACLI_CACHE_DIR": str(scratch / "cache"),
    }
    base_env.pop("PACLI_DB", None)
    lines = [f"Machine: {machine()}.", f"Date: {time.strftime('%Y-%m-%d')}.", ""]

    lines += [
        "### Bundled store (32 records)",
        "",
        "| command | pacli | Typer floor | ratio | target | `python -c pass` |",
        "|---|---|---|---|---|---|",
    ]
    for command, target in BUNDLED_CASES:
        pacli, floor, python = hyperfine(
            [f"{PACLI} {command}", FLOOR, PYTHON], args.runs * 3, base_env
        )
        ratio = pacli / floor
        lines.append(
            f"| `pacli {command}` | {pacli * 1000:.1f} ms | {floor * 1000:.1f} ms | "
            f"{ratio:.2f} | ≤ {target:.2f} {'✓' if ratio <= target else '✗'} | "
            f"{python * 1000:.1f} ms |"
        )

    lines += [
        "",
        "### Synthetic stores",
        "",
        "| records | command | pacli | jq | pacli / jq | Typer floor | pacli memory | jq memory |",
        "|---|---|---|---|---|---|---|---|",
    ]
    builds, writes, tables = [], [], []
    for size in (int(value) for value in args.sizes.split(",")):
        store = OUT / f"store-{size}.json"
        if not store.exists():
            write_synthetic_store(size, store)
        env = {**base_env, "PACLI_DB": str(store)}
        build, build_memory = timed(f"{PACLI} list --limit 1 --json", env)
        builds.append(
            f"| {size:,} | {store.stat().st_size / 2**20:.1f} MiB | {build:.2f} s | "
            f"{build_memory:.0f} MiB |"
        )
        record_id = first_id(env)
        for label, command, jq in LARGE_CASES:
            command, jq = command.replace("{id}", record_id), jq.replace("{id}", record_id)
            runs = args.runs if size < 1_000_000 else 3
            pacli, jq_time, floor = hyperfine(
                [f"{PACLI} {command}", f"{jq} {store}", FLOOR], runs, env
            )
            memory = peak_memory_mib(f"{PACLI} {command}", env)
            jq_memory = peak_memory_mib(f"{jq} {store}", env)
            lines.append(
                f"| {size:,} | `{label}` | {pacli * 1000:.0f} ms | {jq_time * 1000:.0f} ms | "
                f"{pacli / jq_time:.2f} | {floor * 1000:.0f} ms | {memory:.0f} MiB | "
                f"{jq_memory:.0f} MiB |"
            )
        writes.append(measure_writes(store, size, scratch, base_env))
        tables += measure_terminal_tables(size, env)
    lines += [
        "",
        "### Building the cache (first command on a store)",
        "",
        "| records | store size | build time | peak memory |",
        "|---|---|---|---|",
        *builds,
        "",
        "### Writes (a copy of the store, its cache current)",
        "",
        "| records | `add`, median | `add` peak memory | the next `search --limit 10`, median |",
        "|---|---|---|---|",
        *writes,
        "",
        "### Long tables in a terminal (`script`, 100 columns)",
        "",
        "| records | command | median |",
        "|---|---|---|",
        *tables,
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
