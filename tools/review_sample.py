"""Per-rule finding counts on a folder of post-mortems, and a random sample of findings to read in context.

    python tools/review_sample.py ../shared/corpus/real [--per-rule 15] [--seed N] [--rules PM101,PM302]
                                  [--context 2] [--compare before.json] [--json out.json]

The sample is what a precision review reads: each finding with the lines around it, so a reader can
judge whether a careful reviewer would keep it. ``--compare`` prints the per-rule table against an
earlier ``pmlint check --format json`` output. Nothing here is a test: it is a measuring aid.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
from pathlib import Path


def run_pmlint(paths: list[str]) -> list[dict]:
    completed = subprocess.run([sys.executable, "-m", "pmlint", "check", "--format", "json", *paths],
                               capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 1):
        sys.exit(f"pmlint failed ({completed.returncode}): {completed.stderr}")
    return json.loads(completed.stdout or "[]")


def counts(findings: list[dict]) -> collections.Counter[str]:
    return collections.Counter(finding["code"] for finding in findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--per-rule", type=int, default=15)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--rules", default="")
    parser.add_argument("--context", type=int, default=2)
    parser.add_argument("--compare", default=None, help="an earlier JSON output to compare counts with")
    parser.add_argument("--json", default=None, help="write this run's findings here")
    args = parser.parse_args()

    findings = run_pmlint(args.paths)
    if args.json:
        Path(args.json).write_text(json.dumps(findings), encoding="utf-8")
    files = {path for path in args.paths}
    documents = len({finding["path"] for finding in findings})
    now = counts(findings)
    before = counts(json.loads(Path(args.compare).read_text(encoding="utf-8"))) if args.compare else None
    print(f"{len(findings)} findings in {documents} documents with findings ({', '.join(sorted(files))})")
    print("| rule | " + ("before | " if before is not None else "") + "now |")
    for code in sorted(set(now) | set(before or {})):
        print(f"| {code} | " + (f"{before[code]} | " if before is not None else "") + f"{now[code]} |")

    chosen_rules = {code.strip().upper() for code in args.rules.split(",") if code.strip()}
    rng = random.Random(args.seed)
    by_rule: dict[str, list[dict]] = collections.defaultdict(list)
    for finding in findings:
        by_rule[finding["code"]].append(finding)
    for code in sorted(by_rule):
        if chosen_rules and code not in chosen_rules:
            continue
        sample = by_rule[code] if len(by_rule[code]) <= args.per_rule else rng.sample(by_rule[code], args.per_rule)
        print(f"\n======== {code}: {len(sample)} of {len(by_rule[code])} ========")
        for finding in sorted(sample, key=lambda f: (f["path"], f["line"])):
            lines = Path(finding["path"]).read_text(encoding="utf-8-sig", errors="replace").splitlines()
            print(f"\n--- {finding['path']}:{finding['line']}:{finding['column']} {finding['message']}")
            if finding.get("suggestion"):
                print(f"    suggestion: {finding['suggestion']}")
            first = max(0, finding["line"] - 1 - args.context)
            for index in range(first, min(len(lines), finding["line"] + args.context)):
                marker = ">" if index == finding["line"] - 1 else " "
                print(f"  {marker}{index + 1:5} | {lines[index][:220]}")


if __name__ == "__main__":
    main()
