"""The result cache (commands/cache.py): hits, misses, identical output, sharing, corruption, hostile folders, bounds."""
from __future__ import annotations

import json
import multiprocessing
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import pmlint.commands.cache as cache_module
from pmlint.cli import cli
from pmlint.commands.cache import ResultCache, build_fingerprint
from pmlint.model import SAFE, Finding, Fix, Severity, Span
from pmlint.output.formats import FORMATTERS
from pmlint.reading.document import Document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"

CHARGED = "# Outage\n\nIt was a disaster for the team.\n"
PM402 = ("--select", "PM402", "--unsafe-fixes")


def _check(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def _entries(directory: Path) -> list[Path]:
    return sorted(path for path in directory.iterdir() if len(path.name) == 64) if directory.is_dir() else []


@pytest.fixture
def cache_dir(_result_cache: Path) -> Path:
    return _result_cache


@pytest.fixture
def no_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading any file as a document fails: only cached findings can be reported."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Document.parse called")
    monkeypatch.setattr(Document, "parse", refuse)


def test_a_rerun_reads_no_document_and_prints_the_same(project, write, cache_dir, monkeypatch):
    write("a.md", CHARGED)
    write("b.md", "# Fine\n\nNothing to see.\n")
    first = _check("--format", "json", *PM402, ".")
    assert first[0] == 1 and "charged-language" in first[1]
    assert len(_entries(cache_dir)) == 2
    parsed: list[str] = []
    original = Document.parse
    monkeypatch.setattr(Document, "parse", lambda source, catalog: parsed.append(source.path) or original(source, catalog))
    assert _check("--format", "json", *PM402, ".") == first
    assert parsed == []


def test_changed_content_is_a_miss(project, write, cache_dir):
    write("a.md", CHARGED)
    _check("--format", "json", *PM402, "a.md")
    write("a.md", CHARGED.replace("disaster", "sloppy mess"))
    code, out = _check("--format", "json", *PM402, "a.md")
    assert "sloppy" in out and "disaster" not in out
    assert len(_entries(cache_dir)) == 2


def test_changed_configuration_is_a_miss(project, write, cache_dir):
    write("a.md", CHARGED)
    write(".pmlint.yaml", "rules:\n  PM402: {severity: warning}\n")
    assert json.loads(_check("--format", "json", *PM402, "a.md")[1])[0]["severity"] == "warning"
    write(".pmlint.yaml", "rules:\n  PM402: {severity: info}\n")
    assert json.loads(_check("--format", "json", *PM402, "a.md")[1])[0]["severity"] == "info"
    # The command line's choice of rules is part of the effective configuration too.
    assert json.loads(_check("--format", "json", "--select", "PM001", "a.md")[1]) != []
    assert json.loads(_check("--format", "json", "--select", "PM402", "--ignore", "PM402", "a.md")[1]) == []


def test_per_path_override_is_part_of_the_key(project, write):
    write(".pmlint.yaml", "overrides:\n  - files: ['quiet/**']\n    rules:\n      PM402: {severity: info}\n")
    write("loud/a.md", CHARGED)
    write("quiet/a.md", CHARGED)
    for _ in range(2):
        out = json.loads(_check("--format", "json", *PM402, "loud", "quiet")[1])
        assert [(finding["path"], finding["severity"]) for finding in out] == [("loud/a.md", "warning"),
                                                                                ("quiet/a.md", "info")]


def test_wordlist_change_in_the_configuration_is_a_miss(project, write):
    write("a.md", "# Outage\n\nIt was a kerfuffle for the team.\n")
    assert json.loads(_check("--format", "json", *PM402, "a.md")[1]) == []
    write(".pmlint.yaml", "wordlists:\n  charged-words:\n    add: [kerfuffle]\n")
    out = json.loads(_check("--format", "json", *PM402, "a.md")[1])
    assert [finding["code"] for finding in out] == ["PM402"]


def test_shipped_data_and_version_are_part_of_the_key(tmp_path, monkeypatch):
    for kind in ("rules", "wordlists"):
        (tmp_path / kind).mkdir()
        (tmp_path / kind / "x.txt").write_text("one\n")
    monkeypatch.setattr(cache_module, "data_dir", lambda kind: tmp_path / kind)
    monkeypatch.setattr(cache_module, "_BUILD", None)
    first = build_fingerprint()
    assert build_fingerprint() == first  # once per process
    monkeypatch.setattr(cache_module, "_BUILD", None)
    (tmp_path / "wordlists" / "x.txt").write_text("two\n")
    second = build_fingerprint()
    assert second != first
    monkeypatch.setattr(cache_module, "_BUILD", None)
    monkeypatch.setattr(cache_module, "__version__", "999.0")
    assert build_fingerprint() not in (first, second)


def test_hit_on_the_same_file_under_another_name_is_not_shared(project, write):
    write("a.md", CHARGED)
    write("b.md", CHARGED)
    _check("--format", "json", *PM402, "a.md")
    out = json.loads(_check("--format", "json", *PM402, "b.md")[1])
    assert {finding["path"] for finding in out} == {"b.md"}


def test_entries_keep_every_field_fixes_included(tmp_path):
    results = ResultCache(tmp_path / "c")
    fix = Fix(Span(3, 10, 3, 18), "incident", "disaster", SAFE)
    finding = Finding("a.md", Span(3, 10, 3, 18), "charged-language", "PM402", Severity.WARNING, "msg \u00e9\x1b",
                      "a suggestion", fix, "0123456789abcdef")
    key = "a" * 64
    assert results.put(key, "a.md", [finding])
    [back] = results.get(key, "a.md")
    assert back == finding and back.fingerprint == finding.fingerprint and back.fix == fix
    assert results.get("b" * 64, "a.md") is None


def test_fix_and_diff_never_use_cached_fixes(project, write):
    path = write("a.md", CHARGED)
    before = _check(*PM402, "--diff", "a.md")
    assert _check(*PM402, "--diff", "a.md") == before and "+It was a major incident" in before[1]
    _check(*PM402, "--fix", "a.md")
    assert path.read_text() == "# Outage\n\nIt was a major incident for the team.\n"
    assert _check("--format", "json", *PM402, "a.md")[1].strip() == "[]"


def test_a_fix_run_takes_a_clean_file_from_the_cache(project, write, monkeypatch):
    write("clean.md", "# Outage\n\nIt was a major incident.\n")
    _check(*PM402, "clean.md")
    monkeypatch.setattr(Document, "parse", lambda *a: (_ for _ in ()).throw(AssertionError("parsed")))
    assert _check(*PM402, "--fix", "clean.md")[0] == 0


def test_stdin_is_not_cached(project, cache_dir):
    result = CliRunner().invoke(cli, ["check", *PM402, "-"], input=CHARGED)
    assert result.exit_code == 1
    assert _entries(cache_dir) == []


def test_findings_that_depend_on_git_are_not_cached(project, write, cache_dir):
    write(".pmlint.yaml", "rules:\n  PM501: {git-first-commit: true}\n")
    write("a.md", CHARGED)
    _check("--select", "PM501", "a.md")
    assert _entries(cache_dir) == []
    _check("--select", "PM402", "a.md")
    assert len(_entries(cache_dir)) == 1


def test_no_cache_writes_nothing(project, write, cache_dir):
    write("a.md", CHARGED)
    _check("--no-cache", *PM402, "a.md")
    assert not cache_dir.exists()


def test_cache_dir_from_the_environment(project, write, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "deep" / "cache"
    write("a.md", CHARGED)
    _check(*PM402, "a.md", env={"PMLINT_CACHE_DIR": str(elsewhere)})
    assert len(_entries(elsewhere)) == 1
    assert (elsewhere / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (elsewhere / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert not (project / ".pmlint_cache").exists()


def test_default_location_is_the_project_root(project, write, monkeypatch):
    monkeypatch.delenv("PMLINT_CACHE_DIR")
    write("a.md", CHARGED)
    _check(*PM402, "a.md")  # no configuration: the current directory
    assert len(_entries(project / ".pmlint_cache")) == 1
    assert (project / ".pmlint_cache" / ".gitignore").is_file()
    write("repo/.pmlint.yaml", "extends: default\n")
    write("repo/docs/b.md", CHARGED)
    monkeypatch.chdir(project / "repo" / "docs")
    _check(*PM402, "b.md")  # beside the configuration found from the current directory
    assert len(_entries(project / "repo" / ".pmlint_cache")) == 1
    assert not (project / "repo" / "docs" / ".pmlint_cache").exists()
    write("conf/custom.yaml", "extends: default\n")
    _check("--config", str(project / "conf" / "custom.yaml"), *PM402, "b.md")  # beside --config
    assert len(_entries(project / "conf" / ".pmlint_cache")) == 1


def test_corrupt_entries_are_ignored_and_rewritten(project, write, cache_dir):
    write("a.md", CHARGED)
    write("b.md", CHARGED.replace("disaster", "sloppy mess"))
    expected = _check("--format", "json", *PM402, ".")
    entries = _entries(cache_dir)
    garbage = [b"", b"{", b"\xff\xfe", json.dumps({"format": 1, "key": "x", "findings": []}).encode(),
               json.dumps({"format": 1, "key": entries[1].name, "findings": [[1, 2]]}).encode()]
    for bad in garbage:
        for entry in entries:
            entry.write_bytes(bad)
        assert _check("--format", "json", *PM402, ".") == expected
        for entry in entries:
            assert json.loads(entry.read_bytes())["key"] == entry.name  # rewritten


def test_symbolic_link_at_the_cache_path_is_not_followed(project, write, cache_dir, tmp_path_factory):
    target = tmp_path_factory.mktemp("victim")
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.symlink_to(target, target_is_directory=True)
    write("a.md", CHARGED)
    expected = _check("--no-cache", "--format", "json", *PM402, "a.md")
    assert _check("--format", "json", *PM402, "a.md") == expected
    assert list(target.iterdir()) == []


def test_fifo_at_the_cache_path_is_skipped(project, write, cache_dir):
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache_dir)
    write("a.md", CHARGED)
    # In a subprocess with a time limit: opening the FIFO for writing or reading would block.
    done = subprocess.run([sys.executable, "-m", "pmlint", "check", *PM402, "a.md"], capture_output=True,
                          timeout=60, cwd=project)
    assert done.returncode == 1 and b"PM402" in done.stdout and done.stderr == b""
    assert stat.S_ISFIFO(os.lstat(cache_dir).st_mode)


def test_links_and_fifos_inside_the_cache_are_replaced_not_written_through(project, write, cache_dir,
                                                                           tmp_path_factory):
    write("a.md", CHARGED)
    expected = _check("--format", "json", *PM402, "a.md")
    [entry] = _entries(cache_dir)
    victim = tmp_path_factory.mktemp("victim") / "precious"
    victim.write_bytes(b"keep me")
    for plant in ("symlink", "fifo"):
        entry.unlink()
        if plant == "symlink":
            entry.symlink_to(victim)
        else:
            os.mkfifo(entry)
        assert _check("--format", "json", *PM402, "a.md") == expected
        assert victim.read_bytes() == b"keep me"
        assert stat.S_ISREG(os.lstat(entry).st_mode)
    for name in (".gitignore", "CACHEDIR.TAG"):
        (cache_dir / name).unlink()
        (cache_dir / name).symlink_to(victim)
    assert _check("--format", "json", *PM402, "a.md") == expected
    assert victim.read_bytes() == b"keep me"


def test_a_cache_that_cannot_be_made_is_skipped(project, write, tmp_path_factory):
    blocker = tmp_path_factory.mktemp("ro") / "a-file"
    blocker.write_text("not a directory")
    write("a.md", CHARGED)
    expected = _check("--no-cache", "--format", "json", *PM402, "a.md")
    result = CliRunner().invoke(cli, ["check", "--format", "json", *PM402, "a.md"],
                                env={"PMLINT_CACHE_DIR": str(blocker / "cache")})
    assert (result.exit_code, result.stdout) == expected and result.stderr == ""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_folder_is_skipped(project, write, cache_dir):
    write("a.md", CHARGED)
    expected = _check("--format", "json", *PM402, "a.md")
    write("b.md", CHARGED)
    cache_dir.chmod(0o555)
    try:
        assert _check("--format", "json", *PM402, "a.md") == expected  # still read
        assert _check("--format", "json", *PM402, "b.md")[0] == 1
    finally:
        cache_dir.chmod(0o755)
    assert len(_entries(cache_dir)) == 1


def test_read_only_checkout_keeps_working(project, write, cache_dir, monkeypatch):
    """As root the folder cannot be made read-only: every write fails instead, and nothing is reported."""
    write("a.md", CHARGED)
    expected = _check("--no-cache", "--format", "json", *PM402, "a.md")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_CREAT):
            raise PermissionError(13, "Read-only file system", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(cache_module.os, "mkdir", lambda *a, **k: (_ for _ in ()).throw(OSError(30, "EROFS")))
    monkeypatch.setattr(cache_module.os, "open", read_only)
    result = CliRunner().invoke(cli, ["check", "--format", "json", *PM402, "a.md"])
    assert (result.exit_code, result.stdout) == expected and result.stderr == ""


def test_the_cache_is_bounded_least_recently_used_first(tmp_path):
    results = ResultCache(tmp_path / "c")
    keys = [f"{index:064x}" for index in range(10)]
    for index, key in enumerate(keys):
        assert results.put(key, "a.md", [])
        os.utime(tmp_path / "c" / key, (1_000_000 + index, 1_000_000 + index))
    results.get(keys[0], "a.md")  # used now: the newest
    assert results.prune(max_entries=5) == 6
    assert sorted(path.name for path in _entries(tmp_path / "c")) == sorted([keys[0], *keys[7:]])
    assert (tmp_path / "c" / ".gitignore").exists()
    size = (tmp_path / "c" / keys[0]).stat().st_size
    assert results.prune(max_entries=100, max_bytes=2 * size) == 3
    assert [path.name for path in _entries(tmp_path / "c")] == [keys[0]]


def test_stale_temporary_files_are_removed(tmp_path):
    results = ResultCache(tmp_path / "c")
    results.put("a" * 64, "a.md", [])
    old = tmp_path / "c" / ".tmp-1-dead"
    old.write_bytes(b"partial")
    os.utime(old, (1, 1))
    fresh = tmp_path / "c" / ".tmp-2-live"
    fresh.write_bytes(b"being written")
    results.prune()
    assert not old.exists() and fresh.exists()


def _hammer(directory: str, worker: int) -> list[str]:
    results = ResultCache(Path(directory))
    problems = []
    finding = Finding("a.md", Span(1, 1, 1, 2), "r", "PM001", Severity.ERROR, "m" * 2000, None, None, "f")
    for round_ in range(150):
        key = f"{round_ % 7:064x}"
        results.put(key, "a.md", [finding] * (1 + worker))
        found = results.get(key, "a.md")
        if found is None or not found or any(item != finding for item in found):
            problems.append(f"{worker}: {round_}: {found!r:.80}")
    return problems


def test_concurrent_writers_never_leave_a_partial_entry(tmp_path):
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(4) as pool:
        problems = pool.starmap(_hammer, [(str(tmp_path / "c"), worker) for worker in range(4)])
    assert problems == [[], [], [], []]
    assert not [path for path in (tmp_path / "c").iterdir() if path.name.startswith(".tmp-")]


def test_two_processes_sharing_the_cache_print_what_one_would(project, write, cache_dir):
    for index in range(40):
        write(f"d{index}.md", CHARGED.replace("team", f"team {index}"))
    command = [sys.executable, "-m", "pmlint", "check", "--format", "json", *PM402, "."]
    expected = subprocess.run([*command, "--no-cache"], capture_output=True, cwd=project, timeout=300).stdout
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=project) for _ in range(2)]
    for process in both:
        out, err = process.communicate(timeout=300)
        assert (out, err) == (expected, b"")
    assert len(_entries(cache_dir)) == 40


def test_workers_write_the_cache_and_a_rerun_matches(project, write, cache_dir, monkeypatch):
    for index in range(70):  # more than one batch: two worker processes
        write(f"d{index}.md", CHARGED.replace("team", f"team {index}"))
    first = _check("--format", "json", "--jobs", "2", *PM402, ".")
    assert len(_entries(cache_dir)) == 70
    monkeypatch.setattr(Document, "parse", lambda *a: (_ for _ in ()).throw(AssertionError("parsed")))
    assert _check("--format", "json", "--jobs", "1", *PM402, ".") == first


def test_a_hit_does_not_import_spacy(project, write):
    write("a.md", "# Outage\n\nSarah forgot to renew the certificate, which was sloppy.\n")
    command = [sys.executable, "-X", "importtime", "-m", "pmlint", "check", "a.md"]
    cold = subprocess.run(command, capture_output=True, cwd=project, timeout=300)
    warm = subprocess.run(command, capture_output=True, cwd=project, timeout=300)
    assert cold.stdout == warm.stdout and b"PM401" in warm.stdout
    assert b"spacy" in cold.stderr
    assert b"spacy" not in warm.stderr


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_every_format_is_the_same_from_the_cache(project):
    """The real corpus in every format: without the cache, filling it and read back from it."""
    for output_format in sorted(FORMATTERS):
        args = ("--format", output_format, "--jobs", "1", str(CORPUS))
        without = _check("--no-cache", *args)
        assert _check(*args) == without, output_format
        assert _check(*args) == without, output_format
