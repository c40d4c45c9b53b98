"""pmlint's performance benchmark: cold start, throughput, memory and scaling, against targets.

    python -m benchmarks.run [--files 2000] [--runs 10] [--jobs auto] [--output benchmarks/results.json]
                             [--workdir DIR] [--seed 7] [--throughput-runs 3] [--shape-runs 1] [--fail-on-target]
                             [--peers [--peer-files 500] [--peer-size 11000]]

Generates a corpus of realistic post-mortems (``benchmarks/corpus.py``) into a temporary directory
(or ``--workdir``), then runs pmlint on it, every invocation a separate process started as
``[sys.executable, "-m", "pmlint", "check", "-q", ...]`` (the interpreter running this script, never a
``pmlint`` console script found on PATH, so the measured pmlint is the one this Python imports).
Wall times are measured around each process, from start to exit; pmlint's standard output goes to
/dev/null. pmlint exits 1 when it finds problems, so 0 and 1 are success; any other exit stops the
benchmark with pmlint's error output. Prints one table and writes every figure, with machine
information, to ``--output`` (JSON). See benchmarks/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import corpus, peers, shapes

# --no-cache: every figure but the cache's measures linting, not reading the result cache (issue 19).
PMLINT = [sys.executable, "-m", "pmlint", "check", "-q", "--no-cache"]
# `pmlint report` (issue 17) over REPORT_FILES generated post-mortems, as of a fixed day.
REPORT = [sys.executable, "-m", "pmlint", "report", "--format", "json", "--as-of", "2026-12-06"]
REPORT_FILES = 1000
BIG_SIZES = {"1mb": 1_000_000, "4mb": 4_000_000}
BIG_RUNS = 3

# Targets (issue 7). Each: the measure's key, a comparison and the limit.
# Issue 19 lowered the cold start targets (they were 0.25 s and 1.5).
TARGET_CLEAN_START_S = 0.15
TARGET_SPACY_RATIO = 1.15
TARGET_FILES_PER_S = 150.0
TARGET_PEAK_RSS_MB = 300.0
TARGET_SCALING_RATIO = 4.5
# Issue 15: any document of about 4 MB (benchmarks/shapes.py) linted within these.
TARGET_SHAPE_S = 10.0
TARGET_SHAPE_RSS_MB = 300.0
# Issue 17: `pmlint report` over 1,000 post-mortems, default --jobs, on 2 cores.
TARGET_REPORT_S = 10.0
# Issue 19: an unchanged rerun (every file's findings in the result cache) against the first run.
TARGET_CACHE_SPEEDUP = 5.0
# Issue 19: `pmlint --version` and `pmlint --help`, which import click and none of the lint stack.
STARTUP = {"version": [sys.executable, "-m", "pmlint", "--version"],
           "help": [sys.executable, "-m", "pmlint", "--help"],
           "python": [sys.executable, "-c", "pass"]}
TARGET_STARTUP_S = 0.05

# Runs a command (its arguments) and reports, as JSON on stdout, its exit code, its wall time and the
# largest resident set size of it and of every process it waited for (pmlint's workers included):
# getrusage(RUSAGE_CHILDREN).ru_maxrss is kilobytes on Linux, bytes on macOS.
_RSS_WRAPPER = r"""
import json, subprocess, sys, time
try:
    import resource
except ImportError:
    resource = None
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if resource else None
sys.stderr.buffer.write(done.stderr)
print(json.dumps({"returncode": done.returncode, "seconds": seconds, "maxrss": maxrss}))
"""


class BenchmarkError(RuntimeError):
    """A measured command did not succeed."""


@dataclass
class Run:
    seconds: float
    returncode: int
    peak_rss_mb: float | None = None
    cpu_s: float | None = None  # user + system CPU seconds of the process (repeat without rss)


def _check(command: Sequence[str], returncode: int, stderr: bytes, allowed: tuple[int, ...]) -> None:
    if returncode not in allowed:
        message = stderr.decode("utf-8", "replace").strip() or "(no error output)"
        raise BenchmarkError(f"command failed with exit code {returncode}: {' '.join(map(str, command))}\n"
                             f"--- its standard error ---\n{message}")


def timed(command: Sequence[str], allowed: tuple[int, ...] = (0, 1), cwd: Path | None = None,
          env: dict[str, str] | None = None) -> Run:
    """Run ``command`` once; its wall time from start to exit."""
    start = time.perf_counter()
    done = subprocess.run(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    seconds = time.perf_counter() - start
    _check(command, done.returncode, done.stderr, allowed)
    return Run(seconds, done.returncode)


def timed_with_rss(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``command`` under the wrapper: its wall time and its peak RSS, workers included."""
    wrapper = [sys.executable, "-c", _RSS_WRAPPER, *command]
    done = subprocess.run(wrapper, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    _check(wrapper, done.returncode, done.stderr, (0,))
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    _check(command, report["returncode"], done.stderr, (0, 1))
    maxrss = report["maxrss"]
    if maxrss is None:
        peak = None
    else:
        peak = maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024
    return Run(report["seconds"], report["returncode"], peak)


def repeat(command: Sequence[str], runs: int, cwd: Path | None = None, rss: bool = False) -> list[Run]:
    """One untimed warm-up run (disk cache, bytecode), then ``runs`` timed runs."""
    timed(command, cwd=cwd)
    if rss:
        return [timed_with_rss(command, cwd) for _ in range(runs)]
    found = []
    for _ in range(runs):
        before = _children_cpu()
        run = timed(command, cwd=cwd)
        after = _children_cpu()
        run.cpu_s = after - before if after > 0 else None
        found.append(run)
    return found


def summary(runs: list[Run]) -> dict[str, Any]:
    seconds = [run.seconds for run in runs]
    result: dict[str, Any] = {
        "median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
        "runs_s": [round(value, 4) for value in seconds],
        "exit_codes": sorted({run.returncode for run in runs}),
    }
    peaks = [run.peak_rss_mb for run in runs if run.peak_rss_mb is not None]
    if peaks:
        result["peak_rss_mb"] = max(peaks)
    cpu = [run.cpu_s for run in runs if run.cpu_s is not None]
    if cpu and len(cpu) == len(runs):
        result["cpu_median_s"] = statistics.median(cpu)
    return result


def imports_spacy(path: Path, cwd: Path) -> bool:
    """Whether linting ``path`` imports spaCy (``python -X importtime`` lists every module imported)."""
    command = [sys.executable, "-X", "importtime", "-m", "pmlint", "check", "-q", "--no-cache", str(path)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _check(command, done.returncode, done.stderr, (0, 1))
    return any("spacy" in line for line in done.stderr.decode("utf-8", "replace").splitlines()
               if line.startswith("import time:"))


def machine_info() -> dict[str, Any]:
    def version(package: str) -> str | None:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return None

    available: int | None
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:
        available = os.cpu_count()
    try:
        load = [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):
        load = None
    # pmlint's own version as the measured interpreter imports it (an editable install may differ from metadata).
    pmlint_version = subprocess.run([sys.executable, "-c", "import pmlint; print(pmlint.__version__)"],
                                    capture_output=True, text=True).stdout.strip() or version("pmlint")
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "available_cpus": available,
        "load_average": load,
        "pmlint_version": pmlint_version,
        "spacy_version": version("spacy"),  # from package metadata: this process never imports spaCy
    }


def prepare(workdir: Path, files: int, seed: int) -> dict[str, Any]:
    """Write the corpus and the single documents into ``workdir``; what was written."""
    workdir.mkdir(parents=True, exist_ok=True)
    # A config of its own, so that a .pmlint.yaml in a directory above the workdir cannot change the results.
    (workdir / ".pmlint.yaml").write_text("extends: default\n", encoding="utf-8")
    corpus_dir = workdir / "corpus"
    if corpus_dir.exists():
        for old in corpus_dir.glob("*.md"):  # from an earlier run with --workdir
            old.unlink()
    start = time.perf_counter()
    paths = corpus.generate(corpus_dir, files, seed)
    documents = {"typical": corpus.typical_document(seed), "clean": corpus.clean_document(seed)}
    for name, size in BIG_SIZES.items():
        documents[f"big-{name}"] = corpus.big_document(size, seed)
    for name, text in documents.items():
        (workdir / f"{name}.md").write_bytes(text.encode("utf-8"))
    sizes = sorted(path.stat().st_size for path in paths)
    return {
        "directory": str(corpus_dir),
        "files": len(paths),
        "bytes": sum(sizes),
        "min_bytes": sizes[0] if sizes else 0,
        "median_bytes": statistics.median(sizes) if sizes else 0,
        "max_bytes": sizes[-1] if sizes else 0,
        "generation_s": round(time.perf_counter() - start, 3),
        "documents": {name: (workdir / f"{name}.md").stat().st_size for name in documents},
    }


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(workdir: Path, files: int, runs: int, jobs: str, seed: int, throughput_runs: int,
            shape_runs: int = 1, peer_files: int = 0, peer_size: int = peers.PEER_SIZE) -> dict[str, Any]:
    progress(f"generating {files} post-mortems and the single documents in {workdir} ...")
    written = prepare(workdir, files, seed)
    # Every figure after its warm-up run reads cached bytecode, as an installed pmlint does.
    peers.cached_bytecode(workdir)
    corpus_dir = Path(str(written["directory"]))
    typical, clean = workdir / "typical.md", workdir / "clean.md"
    measures: dict[str, dict[str, Any]] = {}

    measures["startup"] = measure_startup(workdir, runs)
    progress(f"cold start, typical document ({runs} runs) ...")
    measures["cold_start_typical"] = summary(repeat([*PMLINT, str(typical)], runs, workdir))
    measures["cold_start_typical"]["imports_spacy"] = imports_spacy(typical, workdir)

    progress(f"cold start, clean document ({runs} runs) ...")
    measures["cold_start_clean"] = summary(repeat([*PMLINT, str(clean)], runs, workdir))
    measures["cold_start_clean"]["imports_spacy"] = imports_spacy(clean, workdir)

    progress(f"python -c 'import spacy' ({runs} runs) ...")
    measures["import_spacy"] = summary(repeat([sys.executable, "-c", "import spacy"], runs, workdir))
    measures["typical_over_spacy"] = {
        "ratio": measures["cold_start_typical"]["median_s"] / measures["import_spacy"]["median_s"]}

    total_bytes = int(written["bytes"])
    for label, value in (("throughput_jobs_" + jobs, jobs), ("throughput_jobs_1", "1")):
        if label in measures:
            continue  # --jobs 1: measured once
        progress(f"throughput over {files} files with --jobs {value} ({throughput_runs} runs) ...")
        result = summary(repeat([*PMLINT, "--jobs", value, str(corpus_dir)], throughput_runs, workdir, rss=True))
        result["jobs"] = value
        result["files_per_s"] = files / result["median_s"]
        result["mb_per_s"] = total_bytes / 1e6 / result["median_s"]
        if result["exit_codes"] == [0]:
            progress("  warning: pmlint reported no problems in the corpus; was anything linted?")
        measures[label] = result

    measures["cache"] = measure_cache(workdir, corpus_dir, jobs, throughput_runs)

    report_dir = workdir / "report"
    for old in report_dir.glob("*.md") if report_dir.exists() else ():
        old.unlink()
    corpus.generate(report_dir, REPORT_FILES, seed)
    progress(f"pmlint report over {REPORT_FILES} files with the default --jobs ({throughput_runs} runs) ...")
    measures["report"] = summary(repeat([*REPORT, str(report_dir)], throughput_runs, workdir, rss=True))
    measures["report"]["files"] = REPORT_FILES

    for name, size in BIG_SIZES.items():
        path = workdir / f"big-{name}.md"
        progress(f"one {path.stat().st_size / 1e6:.1f} MB document ({BIG_RUNS} runs) ...")
        measures[f"big_{name}"] = summary(repeat([*PMLINT, str(path)], BIG_RUNS, workdir))
        measures[f"big_{name}"]["bytes"] = path.stat().st_size
    measures["big_scaling"] = {"ratio": measures["big_4mb"]["median_s"] / measures["big_1mb"]["median_s"]}
    if shape_runs:
        measures["shapes"] = measure_shapes(workdir, shape_runs)
    if peer_files:
        try:
            measures["peers"] = peers.run(workdir, peer_files, peer_size, throughput_runs, seed, corpus_dir)
        except RuntimeError as error:
            raise BenchmarkError(f"peer benchmark: {error}") from None
    return {"corpus": written, "measures": measures, "pycache_prefix": os.environ["PYTHONPYCACHEPREFIX"]}


def measure_cache(workdir: Path, corpus_dir: Path, jobs: str, runs: int) -> dict[str, Any]:
    """The corpus linted with the result cache: a first run into an empty cache, then an unchanged
    rerun, ``runs`` times (the cache emptied before each first run); medians and their ratio."""
    import shutil

    folder = workdir / "result-cache"
    env = {**os.environ, "PMLINT_CACHE_DIR": str(folder)}
    command = [sys.executable, "-m", "pmlint", "check", "-q", "--jobs", jobs, str(corpus_dir)]
    progress(f"result cache: first run and unchanged rerun, --jobs {jobs} ({runs} runs) ...")
    first: list[Run] = []
    rerun: list[Run] = []
    for _ in range(runs):
        shutil.rmtree(folder, ignore_errors=True)
        first.append(timed(command, cwd=workdir, env=env))
        rerun.append(timed(command, cwd=workdir, env=env))
    shutil.rmtree(folder, ignore_errors=True)
    result = {"jobs": jobs, "first": summary(first), "rerun": summary(rerun)}
    result["speedup"] = result["first"]["median_s"] / result["rerun"]["median_s"]
    return result


def measure_startup(workdir: Path, runs: int) -> dict[str, dict[str, Any]]:
    """``pmlint --version``, ``pmlint --help`` and, for the floor, ``python -c pass``: ``runs`` timed runs each."""
    found: dict[str, dict[str, Any]] = {}
    for name, command in STARTUP.items():
        progress(f"start-up, {' '.join(command[1:])} ({runs} runs) ...")
        timed(command, cwd=workdir)  # warm-up
        runs_done, cpu = [], []
        for _ in range(runs):
            # The CPU time (user + system) of the process as well: on a loaded machine the wall time of
            # so short a run is mostly waiting for a core.
            before = _children_cpu()
            runs_done.append(timed(command, cwd=workdir))
            cpu.append(_children_cpu() - before)
        found[name] = summary(runs_done)
        if all(value >= 0 for value in cpu) and _children_cpu() > 0:
            found[name]["cpu_median_s"] = statistics.median(cpu)
    return found


def _children_cpu() -> float:
    """User and system CPU seconds of every child process that has ended (0 where unavailable)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_shapes(workdir: Path, runs: int) -> dict[str, dict[str, Any]]:
    """Each document shape of benchmarks/shapes.py at about 4 MB: wall time and peak RSS (median, max)."""
    found: dict[str, dict[str, Any]] = {}
    directory = workdir / "shapes"
    directory.mkdir(exist_ok=True)
    for name, (shape, size) in shapes.SHAPES.items():
        path = directory / f"{name}.md"
        path.write_bytes(shape(size).encode("utf-8"))
        progress(f"shape {name}, {path.stat().st_size / 1e6:.1f} MB ({runs} runs) ...")
        result = summary([timed_with_rss([*PMLINT, str(path)], workdir) for _ in range(runs)])
        result["bytes"] = path.stat().st_size
        found[name] = result
    return found


def targets(measures: dict[str, dict[str, Any]], jobs: str) -> list[dict[str, Any]]:
    """Each measure shown in the table: its value, its target (or None) and whether it is met."""
    def row(name: str, value: str, target: str | None = None, passed: bool | None = None,
            note: str | None = None) -> dict[str, Any]:
        return {"measure": name, "value": value, "target": target, "passed": passed, "note": note}

    def seconds_of(found: dict[str, Any]) -> str:
        return f"{found['median_s']:.3f} s (min {found['min_s']:.3f}, max {found['max_s']:.3f})"

    def seconds(key: str) -> str:
        found = measures[key]
        return seconds_of(found) + (f", CPU {found['cpu_median_s']:.3f} s" if "cpu_median_s" in found else "")

    typical, clean = measures["cold_start_typical"], measures["cold_start_clean"]
    auto, serial = measures[f"throughput_jobs_{jobs}"], measures["throughput_jobs_1"]
    rows = []
    for name, found in measures.get("startup", {}).items():
        label = "python -c 'pass'" if name == "python" else f"pmlint --{name}"
        value = seconds_of(found) + (f", CPU {found['cpu_median_s']:.3f} s" if "cpu_median_s" in found else "")
        if name == "python":
            rows.append(row(label, value))
        else:
            rows.append(row(label, value, f"<= {TARGET_STARTUP_S} s", found["median_s"] <= TARGET_STARTUP_S))
    rows += [
        row("cold start, typical file", seconds("cold_start_typical"),
            note=None if typical["imports_spacy"] else "spaCy was not imported: the file does not exercise PM401"),
        row("cold start, clean file", seconds("cold_start_clean"), f"< {TARGET_CLEAN_START_S} s",
            clean["median_s"] < TARGET_CLEAN_START_S and not clean["imports_spacy"],
            "spaCy was imported" if clean["imports_spacy"] else None),
        row("python -c 'import spacy'", seconds("import_spacy")),
        row("typical / import spacy", f"{measures['typical_over_spacy']['ratio']:.2f}", f"<= {TARGET_SPACY_RATIO}",
            measures["typical_over_spacy"]["ratio"] <= TARGET_SPACY_RATIO),
        row(f"throughput, --jobs {jobs}", f"{auto['files_per_s']:.0f} files/s, {auto['mb_per_s']:.2f} MB/s",
            f">= {TARGET_FILES_PER_S:.0f} files/s", auto["files_per_s"] >= TARGET_FILES_PER_S),
    ]
    if serial is not auto:
        rows.append(row("throughput, --jobs 1", f"{serial['files_per_s']:.0f} files/s, {serial['mb_per_s']:.2f} MB/s"))
    rss = auto.get("peak_rss_mb")
    rows.append(row(f"peak RSS, --jobs {jobs}", f"{rss:.0f} MB" if rss is not None else "unavailable",
                    f"< {TARGET_PEAK_RSS_MB:.0f} MB", rss is not None and rss < TARGET_PEAK_RSS_MB))
    if serial is not auto and serial.get("peak_rss_mb") is not None:
        rows.append(row("peak RSS, --jobs 1", f"{serial['peak_rss_mb']:.0f} MB"))
    if "report" in measures:
        rows.append(row(f"pmlint report, {measures['report']['files']} files", seconds("report"),
                        f"<= {TARGET_REPORT_S:.0f} s", measures["report"]["median_s"] <= TARGET_REPORT_S))
    if "cache" in measures:
        found = measures["cache"]
        rows.append(row(f"cache: first run / unchanged rerun, --jobs {found['jobs']}",
                        f"{found['first']['median_s']:.2f} s / {found['rerun']['median_s']:.2f} s "
                        f"(x {found['speedup']:.1f})", f">= {TARGET_CACHE_SPEEDUP:.0f} x",
                        found["speedup"] >= TARGET_CACHE_SPEEDUP))
    rows.append(row("lint ~1 MB document", seconds("big_1mb")))
    rows.append(row("lint ~4 MB document", seconds("big_4mb")))
    rows.append(row("4 MB / 1 MB time", f"{measures['big_scaling']['ratio']:.2f}", f"<= {TARGET_SCALING_RATIO}",
                    measures["big_scaling"]["ratio"] <= TARGET_SCALING_RATIO))
    for name, found in measures.get("shapes", {}).items():
        peak = found.get("peak_rss_mb")
        rows.append(row(f"shape {name}, {found['bytes'] / 1e6:.1f} MB",
                        f"{found['median_s']:.2f} s, " + (f"{peak:.0f} MB" if peak is not None else "RSS unavailable"),
                        f"<= {TARGET_SHAPE_S:.0f} s, <= {TARGET_SHAPE_RSS_MB:.0f} MB",
                        found["median_s"] <= TARGET_SHAPE_S and peak is not None and peak <= TARGET_SHAPE_RSS_MB))
    if "peers" in measures:
        for found in measures["peers"].values():
            rows.extend(peers.rows(found))
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    header = ("measure", "value", "target", "result")
    lines = [(str(r["measure"]), str(r["value"]), str(r["target"] or "-"),
              "-" if r["passed"] is None else ("pass" if r["passed"] else "FAIL")) for r in rows]
    widths = [max(len(line[column]) for line in [header, *lines]) for column in range(4)]
    out = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths)).rstrip(),
           "  ".join("-" * width for width in widths)]
    for line, r in zip(lines, rows):
        text = "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
        if r["note"]:
            text += f"  ({r['note']})"
        out.append(text)
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="post-mortems in the throughput corpus (default 2000)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each cold start measure (default 10)")
    parser.add_argument("--jobs", default="auto", help="pmlint --jobs for the throughput run (default auto); "
                                                        "--jobs 1 is always measured too")
    parser.add_argument("--output", type=Path, default=Path("benchmarks/results.json"),
                        help="JSON file for every figure (default benchmarks/results.json)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where to write the corpus (default: a temporary directory, removed afterwards)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--throughput-runs", type=int, default=3,
                        help="timed runs of each throughput measure; the median counts (default 3)")
    parser.add_argument("--shape-runs", type=int, default=1,
                        help="timed runs of each ~4 MB document shape (benchmarks/shapes.py); 0 skips them (default 1)")
    parser.add_argument("--peers", action="store_true",
                        help="also measure pmlint beside markdownlint-cli2 and markdown-it-py (benchmarks/peers.py)")
    parser.add_argument("--peer-files", type=int, default=peers.PEER_FILES,
                        help=f"files for --peers (default {peers.PEER_FILES})")
    parser.add_argument("--peer-size", type=int, default=peers.PEER_SIZE,
                        help=f"bytes of each --peers file (default {peers.PEER_SIZE})")
    parser.add_argument("--fail-on-target", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.shape_runs < 0:
        parser.error("--shape-runs must be 0 or more")
    if args.peer_files < 1 or args.peer_size < 2_500:
        parser.error("--peer-files must be at least 1 and --peer-size at least 2500")
    if args.files < 1 or args.runs < 1 or args.throughput_runs < 1:
        parser.error("--files, --runs and --throughput-runs must be at least 1")
    if args.jobs != "auto" and not (args.jobs.isdigit() and int(args.jobs) >= 1):
        parser.error("--jobs must be a positive number or 'auto'")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = dt.datetime.now(dt.timezone.utc)
    # pmlint as installed has its bytecode compiled (pip does it); with PYTHONDONTWRITEBYTECODE set,
    # every measured process would compile pmlint's modules from source again. The warm-up run of
    # each figure writes the bytecode instead, under PYTHONPYCACHEPREFIX in the work directory
    # (peers.cached_bytecode, called by measure).
    bytecode_disabled = os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None
    machine = machine_info()
    machine["pythondontwritebytecode_removed"] = bytecode_disabled
    peer_files = args.peer_files if args.peers else 0
    try:
        if args.workdir is not None:
            results = measure(args.workdir.resolve(), args.files, args.runs, args.jobs, args.seed,
                              args.throughput_runs, args.shape_runs, peer_files, args.peer_size)
        else:
            with tempfile.TemporaryDirectory(prefix="pmlint-bench-") as temporary:
                results = measure(Path(temporary), args.files, args.runs, args.jobs, args.seed, args.throughput_runs,
                                  args.shape_runs, peer_files, args.peer_size)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 2
    rows = targets(results["measures"], args.jobs)
    try:
        load_after = [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):
        load_after = None
    report = {
        "date": started.isoformat(timespec="seconds"),
        "duration_s": round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1),
        "machine": {**machine, "load_average_after": load_after},
        "settings": {"files": args.files, "runs": args.runs, "jobs": args.jobs, "seed": args.seed,
                     "throughput_runs": args.throughput_runs, "big_runs": BIG_RUNS, "shape_runs": args.shape_runs,
                     "command": PMLINT},
        **results,
        "targets": rows,
        "all_targets_met": all(row["passed"] is not False for row in rows),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print()
    print(f"pmlint {machine['pmlint_version']}, spaCy {machine['spacy_version']}, Python {machine['python']}, "
          f"{machine['available_cpus']} of {machine['cpu_count']} CPUs, load {machine['load_average']}")
    print(f"corpus: {results['corpus']['files']} files, {int(results['corpus']['bytes']) / 1e6:.1f} MB "
          f"(seed {args.seed})")
    print(table(rows))
    print(f"\nwritten to {args.output}")
    if args.fail_on_target and not report["all_targets_met"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
