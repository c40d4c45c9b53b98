"""Globs for include, exclude and overrides (issue 15 A8): .gitignore's syntax and semantics, brace
alternatives, located errors for what cannot be used, and matching in linear time."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD, located

import pmlint as pmlint_package
from pmlint.config.globs import GlobError, GlobSet, compile_glob, expand_braces

WARN = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
HANG_LIMIT = 60  # catches a hang only; nothing here measures time


def matches(pattern: str, path: str) -> bool:
    return GlobSet([pattern]).matches(path)


# -- the syntax ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    # character sets: the example from the issue
    ("drafts/[0-9]*.md", "drafts/2026-03-15.md", True),
    ("drafts/[0-9]*.md", "drafts/notes.md", False),
    ("drafts/[0-9]*.md", "docs/drafts/2026.md", False),  # a '/' in the middle anchors it
    ("[!a]*.md", "b.md", True),
    ("[!a]*.md", "a.md", False),
    ("[^a]*.md", "a.md", False),
    ("x[]]y", "x]y", True),
    ("x[a-]y", "x-y", True),
    ("x[!a]y", "x/y", False),  # a set never matches '/', as in git
    ("[abc", "[abc", True),  # an unclosed '[' is literal
    # braces: the other example from the issue
    ("**/*.{md,markdown}", "a/b/c.markdown", True),
    ("**/*.{md,markdown}", "c.md", True),
    ("**/*.{md,markdown}", "c.txt", False),
    ("{docs,notes}/{a,b{c,d}}.md", "notes/bd.md", True),
    ("{docs}/a.md", "{docs}/a.md", True),  # no comma: literal, as in shells
    ("\\{a,b}.md", "{a,b}.md", True),
    # .gitignore's rules for '/' and '**'
    ("*.md", "a/b/c.md", True),
    ("/*.md", "a/b/c.md", False),
    ("/*.md", "c.md", True),
    ("./drafts/**", "drafts/a/b.md", True),
    ("./drafts/**", "x/drafts/b.md", False),
    ("docs/*.md", "docs/x/a.md", False),
    ("**/docs/*.md", "x/y/docs/a.md", True),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/y/b", True),
    ("a/**", "a", False),
    ("a/**", "a/x/y", True),
    ("**", "anything/at/all.md", True),
    ("old/", "docs/old/b.md", True),  # a directory: every file below it
    ("old/", "docs/old", False),  # a file named old is not a directory
    ("tmp", "docs/tmp/d.md", True),
    ("tmp", "docs/tmp.md", False),
    ("a**b", "axxb", True),  # '**' inside a segment is '*'
    ("a**b", "ax/xb", False),
    ("\\*.md", "*.md", True),
    ("\\*.md", "a.md", False),
    ("?.md", "a.md", True),
    ("?.md", "ab.md", False),
    ("", "a.md", False),
])
def test_pattern_syntax(pattern, path, expected):
    assert matches(pattern, path) is expected


def test_negation_last_match_wins():
    patterns = GlobSet(["drafts/", "!drafts/keep.md", "drafts/keep.md.bak"])
    assert patterns.matches("drafts/a.md")
    assert not patterns.matches("drafts/keep.md")
    assert patterns.matches("drafts/keep.md.bak")
    assert not patterns.matches("docs/a.md")


@pytest.mark.parametrize(("pattern", "problem"), [
    ("a\\", "ends with a lone backslash"),
    ("{a,b}" * 9, "braces expand to more than 256 patterns"),
    ("x" * 5000, "longer than 4096 characters"),
])
def test_unusable_patterns_are_errors(pattern, problem):
    with pytest.raises(GlobError, match=problem):
        compile_glob(pattern)


def test_brace_expansion_order():
    assert expand_braces("a{b,c{d,e}}f") == ["abf", "acdf", "acef"]
    assert expand_braces("[{]a,b}") == ["[{]a,b}"]  # inside a set braces are characters


# -- the same answers as .gitignore's reference implementation in Python (pathspec) -------------


def _random_pattern(rng: random.Random) -> str:
    atoms = ["a", "b", "*", "?", "**", "[ab]", "[a-c]", "x", "ab", "*a", "a*", "\\*", "[]a]", "[a-]", "."]
    names = ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 5))]
    pattern = "/".join(names)
    roll = rng.random()
    return "/" + pattern if roll < 0.2 else pattern + "/" if roll < 0.3 else pattern


def _random_path(rng: random.Random) -> str:
    names = ["a", "b", "ab", "ba", "x", ".a", "*", "aa", "c", "bab", "]", "-", "a-"]
    return "/".join(rng.choice(names) for _ in range(rng.randint(1, 6)))


def test_agrees_with_pathspec_gitignore():
    pathspec = pytest.importorskip("pathspec")
    rng = random.Random(15)
    disagreements = []
    for _ in range(2000):
        pattern = _random_pattern(rng)
        # pathspec differs from git on 'x/**/' (git: directories only), which pmlint follows.
        # pmlint reads a leading './' as the configuration's directory (git: a directory named '.').
        if pattern.endswith("**/") or pattern.startswith("./"):
            continue
        spec = pathspec.GitIgnoreSpec.from_lines([pattern])
        ours = GlobSet([pattern])
        for _ in range(10):
            path = _random_path(rng)
            if ours.matches(path) != bool(spec.match_file(path)):
                disagreements.append((pattern, path))
    assert disagreements == []


# -- linear time ----------------------------------------------------------------------------------


def _python(code: str) -> subprocess.CompletedProcess[str]:
    package_root = str(Path(pmlint_package.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=HANG_LIMIT, check=False)


@pytest.mark.parametrize("pattern", [
    "**/" * 30 + "x.md",
    "a/**/" * 30 + "x.md",
    "**/a" * 30 + "/x.md",
    "*a" * 100 + "b",
    "{a,b}/" * 8 + "**/" * 20 + "x",
])
def test_many_double_stars_against_a_deep_path_do_not_hang(pattern):
    # With backtracking regular expressions 'a/**/' x 15 already took half a second at 22 levels
    # and doubled with each level; here 30 of them meet 2,000 levels.
    code = ("from pmlint.config.globs import GlobSet\n"
            f"pattern = {pattern!r}\n"
            "deep = '/'.join(['a'] * 2000) + '/y.md'\n"
            "long = 'a' * 255\n"
            "print(GlobSet([pattern]).matches(deep), GlobSet([pattern]).matches(long))\n")
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "False False\n"


def test_exclude_with_many_double_stars_on_a_deep_tree(project, write):
    deep = "/".join(["a"] * 40)
    write(".pmlint.yaml", "exclude: ['" + "a/**/" * 30 + "x.md']\n")
    write(f"{deep}/warn.md", WARN)
    package_root = str(Path(pmlint_package.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", "-q", "."], cwd=project, env=env,
                            capture_output=True, text=True, timeout=HANG_LIMIT, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{deep}/warn.md:40:4: ")


# -- in a configuration -------------------------------------------------------------------------


def test_include_with_a_character_set(run, write):
    write(".pmlint.yaml", "include: ['drafts/[0-9]*.md']\n")
    write("drafts/2026-03-15.md", WARN)
    write("drafts/notes.md", WARN)
    result = run("--format", "json", ".")
    assert located(result) == [("drafts/2026-03-15.md", 40, 4, "PM002")]


def test_include_with_braces(run, write):
    write(".pmlint.yaml", "include: ['**/*.{md,markdown}']\n")
    write("a.md", WARN)
    write("docs/b.markdown", WARN)
    write("docs/c.txt", WARN)
    result = run("--format", "json", ".")
    assert [path for path, _, _, _ in located(result)] == ["a.md", "docs/b.markdown"]


def test_exclude_with_negation(run, write):
    write(".pmlint.yaml", "exclude: ['drafts/*', '!drafts/ready.md']\n")
    write("drafts/ready.md", WARN)
    write("drafts/wip.md", WARN)
    result = run("--format", "json", ".")
    assert [path for path, _, _, _ in located(result)] == ["drafts/ready.md"]


def test_override_files_with_braces(run, write):
    write(".pmlint.yaml", "overrides:\n  - files: ['{legacy,archive}/**']\n    rules: {PM002: off}\n")
    for name in ("legacy/a.md", "archive/b.md", "current/c.md"):
        write(name, WARN)
    result = run("--format", "json", ".")
    assert [path for path, _, _, _ in located(result)] == ["current/c.md"]


@pytest.mark.parametrize(("config", "expected"), [
    ("exclude:\n  - drafts/**\n  - 'old\\'\n", ".pmlint.yaml:3: 'exclude.1': invalid glob: ends with a lone backslash"),
    ("include: ['" + "{a,b}" * 9 + "']\n",
     ".pmlint.yaml:1: 'include.0': invalid glob: braces expand to more than 256 patterns"),
    ("overrides:\n  - files:\n      - ok/**\n      - '" + "x" * 5000 + "'\n    rules: {PM002: off}\n",
     ".pmlint.yaml:4: 'overrides.0.files.1': invalid glob: longer than 4096 characters"),
])
def test_unusable_glob_in_config_names_file_line_and_key(run, write, project, config, expected):
    write(".pmlint.yaml", config)
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert result.stderr.replace(f"{project}/", "") == f"pmlint: error: {expected}\n"


def test_directory_pruning_respects_negation():
    assert GlobSet(["drafts/**"]).excludes_directory("drafts")  # everything inside: skip it
    assert GlobSet(["drafts/"]).excludes_directory("docs/drafts")
    assert not GlobSet(["drafts/*", "!drafts/keep.md"]).excludes_directory("drafts")  # keep.md may come back
    assert GlobSet(["drafts/", "!drafts/keep.md"]).excludes_directory("drafts")  # as in git: not from inside
    assert not GlobSet(["*.md"]).excludes_directory("docs")
