"""An editor's save raced against ``--fix``'s write, at random moments (issue 15, B2).

Each trial puts the original text in a file, starts pmlint's fixed-file write
(:func:`pmlint.commands.fixer.write_atomically`, what ``pmlint check --fix`` calls) and has another process
save the file at a random moment spread over that write (from before it starts to after it ends),
the way editors save: in place (truncate and write) or by renaming a new file over the name. The
editor's save always happens, so the file must end with the editor's text whatever the order: the
fix either came first (and the save replaced it) or saw the change and wrote nothing. A file that
ends with the fixed text lost the save; any other text is corruption.

    python tests/race_writes.py [TRIALS]     # default 200; prints the counts, exit 1 on any loss

``tests/test_writes_hostile.py`` runs it as a test.
"""
from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ORIGINAL = b"It was a disaster for the checkout team.\n" * 40_000  # 1.6 MB: a write takes milliseconds
FIXED = ORIGINAL.replace(b"disaster", b"major incident")
SAVED = ORIGINAL.replace(b"checkout team", b"payments team")  # what the editor saves
STYLES = ("in-place", "rename")

# The editor: reads "DELAY STYLE" lines, sleeps DELAY seconds, saves, answers "done".
EDITOR = r"""
import os, sys, time
path, saved = sys.argv[1], open(sys.argv[2], "rb").read()
for line in sys.stdin:
    delay, style = line.split()
    time.sleep(float(delay))
    if style == "in-place":
        with open(path, "r+b") as handle:  # as vim with backupcopy=yes: the same file, rewritten
            handle.truncate(0)
            handle.write(saved)
    else:  # as most editors: a new file renamed over the name
        temporary = path + ".editor-save"
        with open(temporary, "wb") as handle:
            handle.write(saved)
        os.replace(temporary, path)
    print("done", flush=True)
"""


def race(directory: Path, trials: int, seed: int = 20261206) -> Counter[str]:
    """Run the trials in ``directory``; count "lost", "corrupt", and how the races ended."""
    from pmlint.commands.fixer import write_atomically
    from pmlint.errors import InputError

    path = directory / "doc.md"
    saved_file = directory / "saved.bin"
    saved_file.write_bytes(SAVED)
    durations = []
    for _ in range(5):  # how long one write takes here and now
        path.write_bytes(ORIGINAL)
        started = time.perf_counter()
        write_atomically(path, FIXED, ORIGINAL)
        durations.append(time.perf_counter() - started)
    span = statistics.median(durations) * 1.25
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    editor = subprocess.Popen([sys.executable, "-c", EDITOR, str(path), str(saved_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert editor.stdin is not None and editor.stdout is not None
    try:
        for trial in range(trials):
            path.write_bytes(ORIGINAL)
            style = STYLES[trial % 2]
            editor.stdin.write(f"{rng.uniform(0, span):.6f} {style}\n")
            editor.stdin.flush()
            try:
                write_atomically(path, FIXED, ORIGINAL)
                outcome = "fixed, then saved"
            except InputError:
                outcome = "change seen, not written"
            assert editor.stdout.readline() == "done\n"
            final = path.read_bytes()
            if final == FIXED:
                counts["lost"] += 1
            elif final != SAVED:
                counts["corrupt"] += 1
            counts[f"{style}: {outcome}"] += 1
    finally:
        editor.stdin.close()
        editor.wait(timeout=60)
    return counts


def main(argv: list[str]) -> int:
    import tempfile

    trials = int(argv[0]) if argv else 200
    with tempfile.TemporaryDirectory() as directory:
        counts = race(Path(directory), trials)
    print(f"{trials} trials: {counts['lost']} saves lost, {counts['corrupt']} files corrupted")
    for key in sorted(key for key in counts if ":" in key):
        print(f"  {key}: {counts[key]}")
    return 1 if counts["lost"] or counts["corrupt"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
