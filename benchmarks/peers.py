"""pmlint beside its peers on the same generated post-mortems (issue 19), measured interleaved.

    python -m benchmarks.run --peers [--peer-files 500] [--peer-size 11000] [--throughput-runs 3]
    python -m benchmarks.peers DIR [--peer-files 500] [--peer-size 11000] [--throughput-runs 3]

Writes ``--peer-files`` post-mortems of about ``--peer-size`` bytes each (``benchmarks.corpus.generate``
with ``size``) and times, round after round so that every tool sees the same load: pmlint ``--jobs 1``,
pmlint ``--jobs auto``, markdownlint-cli2 (installed from npm into a temporary prefix when npm is
available; the result says why when it is not) and markdown-it-py parsing each file, nothing else, in
one process (the floor for anything built on it). Each figure is files per second from the median wall
time of a separate process, start to exit; the ratios are pmlint's over the peer's.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import corpus

PEER_FILES = 500
PEER_SIZE = 11_000
# Issue 19's targets: pmlint's files/s over markdownlint-cli2's and over markdown-it-py's parse-only rate.
TARGET_AUTO_OVER_MARKDOWNLINT = 2.0
TARGET_SERIAL_OVER_MARKDOWNLINT = 1.3
TARGET_SERIAL_OVER_PARSE = 0.4



def cached_bytecode(workdir: Path) -> bool:
    """Make every process the benchmark starts (it inherits this environment) load its bytecode as an
    installed pmlint does: pip compiles the package's ``.pyc`` files when it installs it. Without
    ``PYTHONDONTWRITEBYTECODE`` (removed; whether it was set is returned) and with
    ``PYTHONPYCACHEPREFIX`` in ``workdir``, the untimed warm-up run writes the bytecode of pmlint and of
    what it imports into ``workdir/pycache`` and the timed runs read it, whether or not the checkout
    or site-packages can be written to."""
    removed = os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None
    os.environ["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return removed


# markdown-it-py with the parser settings pmlint uses (pmlint/reading/parser_setup.py), every file parsed once.
_PARSE_ONLY = r"""
import sys
from pathlib import Path
from markdown_it import MarkdownIt
parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    parser.parse(path.read_text(encoding="utf-8"))
"""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def install_markdownlint(prefix: Path) -> tuple[list[str] | None, str]:
    """markdownlint-cli2 installed with npm under ``prefix``: its command and a note, or None and why not."""
    npm = shutil.which("npm")
    node = shutil.which("node")
    if npm is None or node is None:
        return None, "npm or node not found on PATH"
    try:
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix), "markdownlint-cli2"],
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"npm install markdownlint-cli2 failed: {error}"
    # The package's "bin" entry: markdownlint-cli2.mjs alone only exports the functions and lints nothing.
    script = prefix / "node_modules" / "markdownlint-cli2" / "markdownlint-cli2-bin.mjs"
    if done.returncode != 0 or not script.exists():
        return None, f"npm install markdownlint-cli2 failed (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    version = subprocess.run([node, "-e", "console.log(require(process.argv[1]).version)",
                              str(prefix / "node_modules" / "markdownlint-cli2" / "package.json")],
                             capture_output=True, text=True).stdout.strip()
    return [node, str(script)], f"markdownlint-cli2 {version or '(version unknown)'} from npm"


def _time(command: Sequence[str], cwd: Path, allowed: tuple[int, ...]) -> float:
    start = time.perf_counter()
    done = subprocess.run(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    seconds = time.perf_counter() - start
    if done.returncode not in allowed:
        message = done.stderr.decode("utf-8", "replace").strip()[-2000:] or "(no error output)"
        raise RuntimeError(f"exit code {done.returncode}: {' '.join(command)}\n{message}")
    return seconds


def measure(workdir: Path, files: int = PEER_FILES, size: int = PEER_SIZE, runs: int = 3, seed: int = 7,
            markdownlint: list[str] | None = None, note: str = "") -> dict[str, Any]:
    """Every tool over the same ``files`` documents of about ``size`` bytes (written into ``workdir``)."""
    directory = workdir / f"peers-{files}x{size}"
    if directory.exists():
        for old in directory.glob("*.md"):
            old.unlink()
    progress(f"peers: generating {files} post-mortems of about {size} bytes in {directory} ...")
    corpus.generate(directory, files, seed, size=size)
    return measure_directory(directory, runs, markdownlint, note)


def measure_directory(directory: Path, runs: int = 3, markdownlint: list[str] | None = None,
                      note: str = "") -> dict[str, Any]:
    """Every tool over the ``*.md`` files of ``directory`` (run from its parent), ``runs`` interleaved rounds
    after one untimed warm-up round; files/s (median) per tool and the ratios against the targets."""
    paths = sorted(directory.glob("*.md"))
    files, total = len(paths), sum(path.stat().st_size for path in paths)
    workdir = directory.parent
    # --no-cache: every round lints the files (an unchanged rerun from the result cache is measured on its
    # own in benchmarks/run.py); markdownlint-cli2 keeps no cache between runs either.
    pmlint = [sys.executable, "-m", "pmlint", "check", "-q", "--no-cache"]
    commands: dict[str, tuple[list[str], tuple[int, ...]]] = {
        "pmlint --jobs 1": ([*pmlint, "--jobs", "1", str(directory)], (0, 1)),
        "pmlint --jobs auto": ([*pmlint, "--jobs", "auto", str(directory)], (0, 1)),
        "markdown-it-py parse only": ([sys.executable, "-c", _PARSE_ONLY, str(directory)], (0,)),
    }
    if markdownlint is not None:
        # Its default configuration (every rule), the files named by a glob relative to its directory. It
        # must find problems in them (exit 1): exit 0 would mean that it linted nothing.
        commands["markdownlint-cli2"] = ([*markdownlint, f"{directory.name}/*.md"], (1,))
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        progress(f"peers ({directory.name}): round {round_ + 1} of {runs + 1}"
                 + (" (warm-up, not counted)" if round_ == 0 else ""))
        for name, (command, allowed) in commands.items():
            seconds = _time(command, workdir, allowed)
            if round_:
                times[name].append(seconds)
    rates = {name: files / statistics.median(found) for name, found in times.items()}
    result: dict[str, Any] = {
        "directory": str(directory), "files": files, "bytes": total,
        "median_bytes": statistics.median(p.stat().st_size for p in paths), "runs": runs, "markdownlint": note,
        "tools": {name: {"runs_s": [round(value, 3) for value in times[name]],
                         "median_s": statistics.median(times[name]), "files_per_s": rates[name]} for name in times},
    }
    ratios: dict[str, float] = {}
    parse = rates["markdown-it-py parse only"]
    ratios["pmlint --jobs 1 / markdown-it-py parse only"] = rates["pmlint --jobs 1"] / parse
    if "markdownlint-cli2" in rates:
        ratios["pmlint --jobs auto / markdownlint-cli2"] = rates["pmlint --jobs auto"] / rates["markdownlint-cli2"]
        ratios["pmlint --jobs 1 / markdownlint-cli2"] = rates["pmlint --jobs 1"] / rates["markdownlint-cli2"]
    result["ratios"] = ratios
    return result


def rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows for benchmarks.run's table: each tool's files/s, then each ratio with its target."""
    label = f"{result['files']} files, median {result['median_bytes'] / 1000:.1f} KB"
    found = [{"measure": f"peers ({label}), {name}", "value": f"{tool['files_per_s']:.1f} files/s",
              "target": None, "passed": None, "note": None} for name, tool in result["tools"].items()]
    if "markdownlint-cli2" not in result["tools"]:
        found.append({"measure": f"peers ({label}), markdownlint-cli2", "value": "not measured", "target": None,
                      "passed": None, "note": result["markdownlint"]})
    targets = {"pmlint --jobs auto / markdownlint-cli2": TARGET_AUTO_OVER_MARKDOWNLINT,
               "pmlint --jobs 1 / markdownlint-cli2": TARGET_SERIAL_OVER_MARKDOWNLINT,
               "pmlint --jobs 1 / markdown-it-py parse only": TARGET_SERIAL_OVER_PARSE}
    for name, ratio in result["ratios"].items():
        found.append({"measure": f"peers ({label}), {name}", "value": f"{ratio:.2f}", "target": f">= {targets[name]}",
                      "passed": ratio >= targets[name], "note": None})
    return found


def run(workdir: Path, files: int, size: int, runs: int, seed: int,
        also: Path | None = None) -> dict[str, dict[str, Any]]:
    """Install markdownlint-cli2 (when npm can) under ``workdir`` and measure every tool on the generated
    files and, with ``also``, on the files of that directory (the project's own benchmark corpus)."""
    progress("peers: installing markdownlint-cli2 with npm ...")
    command, note = install_markdownlint(workdir / "npm")
    progress(f"peers: {note}")
    found = {"generated": measure(workdir, files, size, runs, seed, command, note)}
    if also is not None:
        found["benchmark_corpus"] = measure_directory(also, runs, command, note)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peers", description=__doc__.split("\n\n")[0])
    parser.add_argument("workdir", type=Path, help="where to write the files and install markdownlint-cli2")
    parser.add_argument("--peer-files", type=int, default=PEER_FILES)
    parser.add_argument("--peer-size", type=int, default=PEER_SIZE)
    parser.add_argument("--throughput-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    cached_bytecode(args.workdir.resolve())
    (args.workdir / ".pmlint.yaml").write_text("extends: default\n", encoding="utf-8")
    result = run(args.workdir.resolve(), args.peer_files, args.peer_size, args.throughput_runs, args.seed)
    for row in [row for found in result.values() for row in rows(found)]:
        print(f"{row['measure']:<60} {row['value']:<18} {row['target'] or '-':<8} "
              f"{'-' if row['passed'] is None else ('pass' if row['passed'] else 'FAIL')}"
              + (f"  ({row['note']})" if row["note"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
