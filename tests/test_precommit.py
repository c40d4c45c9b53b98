"""The hook in .pre-commit-hooks.yaml and the README's two pre-commit snippets work: real pre-commit runs.

The hook repository is a copy of this checkout's working tree (tracked and untracked, not ignored, files)
committed to a new git repository, so uncommitted work is what gets tested. pre-commit installs it into a
fresh virtual environment from the package index (pmlint is built with hatchling and its dependencies,
spaCy among them, are installed), then runs it on a documents repository holding a good and a bad
post-mortem. The README's snippets run as written, except that the repository URL names a local
clone of this checkout, tagged with the snippet's ``rev``.

Without pre-commit, git or the package index the test is skipped, except under CI=true, where it fails.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}
INSTALL_TIMEOUT = 600  # the first run creates the hook's environment: pip installs pmlint and spaCy
RUN_TIMEOUT = 300

# Lints clean under the default preset (it is one of the good fixtures).
GOOD_FIXTURE = ROOT / "tests" / "fixtures" / "good" / "guide-template-table.md"

# Six required sections missing (PM001) and blame (PM401).
BAD = """\
# Database outage

## Timeline

- 14:05 UTC The primary database stops accepting connections.

John forgot to update the configuration.
"""

# Not Markdown: `types: [markdown]` must keep it away from pmlint although it blames someone too.
NOT_MARKDOWN = "John forgot to update the configuration.\n"

# Left out of the hook repository when git cannot list the checkout (not a git checkout, or another owner's).
IGNORED = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "__pycache__", "*.pyc", "*.egg-info",
                                 ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", ".benchmarks",
                                 ".tox", ".nox")

# Signs in pip's output (relayed by pre-commit) that the package index could not be reached.
NETWORK_ERRORS = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "nodename nor servname provided",
    "Network is unreachable",
    "ConnectTimeoutError",
    "ProxyError",
    "Max retries exceeded",
)

# A finding in pmlint's text format: "path:line:column: severity message [CODE name]".
FINDING = re.compile(r"^(?P<path>\S[^:\n]*):(?P<line>\d+):(?P<column>\d+): \w+ .*\[(?P<code>PM\d{3}) [\w-]+\]$",
                     re.MULTILINE)


def unavailable(reason: str, details: str = "") -> NoReturn:
    """Skip for a missing tool or no network, but not in CI, where the test must run."""
    if IN_CI:
        pytest.fail(f"{reason}; CI=true, so this is a failure, not a skip\n{details}", pytrace=False)
    pytest.skip(reason)


def pre_commit_command() -> list[str]:
    if importlib.util.find_spec("pre_commit") is not None:
        command = [sys.executable, "-m", "pre_commit"]
    elif (executable := shutil.which("pre-commit")) is not None:
        command = [executable]
    else:
        unavailable("pre-commit is not installed (pip install pre-commit)")
    try:
        subprocess.run([*command, "--version"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        unavailable(f"pre-commit cannot be run: {error}")
    return command


def environment(pre_commit_home: Path) -> dict[str, str]:
    """The test's environment without anything that would point git, pre-commit or pmlint elsewhere."""
    # Like pre-commit's own no_git_env: GIT_DIR, GIT_INDEX_FILE and friends (set when the tests run from a
    # git hook) would make the git commands below act on this checkout instead of the temporary repositories.
    keep = {"GIT_EXEC_PATH", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY", "GIT_ASKPASS",
            "GIT_HTTP_PROXY_AUTHMETHOD", "GIT_ALLOW_PROTOCOL"}
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_") or key in keep}
    # GITHUB_ACTIONS=true switches pmlint's default format to annotations; SKIP=pmlint would skip the hook.
    for key in ("GITHUB_ACTIONS", "SKIP", "PRE_COMMIT_COLOR", "PYTHONPATH"):
        env.pop(key, None)
    env.update({
        "PRE_COMMIT_HOME": str(pre_commit_home),  # a hook environment of its own, not the user's cache
        "GIT_CONFIG_GLOBAL": os.devnull,  # no user settings such as commit.gpgsign or a hooks path
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "pmlint tests",
        "GIT_AUTHOR_EMAIL": "tests@pmlint.invalid",
        "GIT_COMMITTER_NAME": "pmlint tests",
        "GIT_COMMITTER_EMAIL": "tests@pmlint.invalid",
    })
    return env


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def checkout_files(env: dict[str, str]) -> list[str] | None:
    """The checkout's tracked and untracked, not ignored, files; None if git cannot list them."""
    try:
        result = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, env=env, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None  # not a git checkout (an unpacked sdist) or one git refuses to read (another owner)
    return [name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def make_hook_repository(target: Path, env: dict[str, str]) -> None:
    """This checkout's working tree, committed to a new git repository at ``target``."""
    names = checkout_files(env)
    if names is None:
        shutil.copytree(ROOT, target, ignore=IGNORED, symlinks=True)
    else:
        for name in names:
            source = ROOT / name
            if source.is_file() or source.is_symlink():  # deleted but still tracked files are left out
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name, follow_symlinks=False)
    assert (target / ".pre-commit-hooks.yaml").is_file(), "the checkout has no .pre-commit-hooks.yaml"
    git(target, env, "init", "--quiet")
    git(target, env, "add", "--all")
    git(target, env, "commit", "--quiet", "--no-verify", "--message", "pmlint working tree")


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """Exit code (None on timeout) and combined output; on timeout the whole process group is killed."""
    posix = os.name == "posix"
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, encoding="utf-8", errors="replace", start_new_session=posix) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # pip runs in grandchildren that would keep the pipe open after only pre-commit is killed.
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            output, _ = process.communicate()
            return None, output
    return process.returncode, output


def check_install(code: int | None, output: str, pre_commit_home: Path) -> None:
    """Skip (outside CI) when the hook environment could not be installed for want of the package index."""
    if code in (0, 1):
        return
    log = pre_commit_home / "pre-commit.log"
    logged = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    what = f"timed out after {INSTALL_TIMEOUT} s" if code is None else f"exited with {code}"
    evidence = next((line.strip() for line in (output + logged).splitlines()
                     if any(marker in line for marker in NETWORK_ERRORS)), None)
    if evidence is not None:
        unavailable(f"the package index cannot be reached to install the hook environment "
                    f"(pre-commit try-repo {what}): {evidence}", output[-10000:])
    pytest.fail(f"pre-commit try-repo {what}:\n{output[-10000:]}", pytrace=False)


@pytest.mark.slow
def test_pre_commit_try_repo_fails_the_bad_post_mortem_and_passes_the_good_one(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        unavailable("git is not installed")
    pre_commit = pre_commit_command()
    home = tmp_path / "pre-commit-home"
    env = environment(home)

    hook_repository = tmp_path / "hookrepo"
    make_hook_repository(hook_repository, env)

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copyfile(GOOD_FIXTURE, docs / "good.md")
    (docs / "bad.md").write_text(BAD, encoding="utf-8")
    (docs / "notes.txt").write_text(NOT_MARKDOWN, encoding="utf-8")
    git(docs, env, "init", "--quiet")
    git(docs, env, "add", "good.md", "bad.md", "notes.txt")

    try_repo = [*pre_commit, "try-repo", str(hook_repository), "pmlint", "--color", "never"]

    # Both documents: the hook fails, and only for the bad one.
    code, output = run([*try_repo, "--all-files"], docs, env, INSTALL_TIMEOUT)
    check_install(code, output, home)
    assert code == 1, output
    assert re.search(r"^pmlint\.+Failed$", output, re.MULTILINE), output
    assert "- hook id: pmlint" in output, output
    found = [(match["path"], match["code"]) for match in FINDING.finditer(output)]
    assert found, f"no pmlint findings in the hook's output:\n{output}"
    assert {path for path, _ in found} == {"bad.md"}, output  # neither good.md nor notes.txt
    codes = {code for _, code in found}
    assert {"PM001", "PM401"} <= codes, output
    assert "bad.md:7:1: error 'John forgot to' blames John" in output, output
    # pmlint was given the two Markdown files (good.md linted clean), not notes.txt.
    assert "in 1 of 2 files" in output, output

    # The good document alone: the hook runs (the environment is reused) and passes.
    code, output = run([*try_repo, "--files", "good.md"], docs, env, RUN_TIMEOUT)
    check_install(code, output, home)
    assert code == 0, output
    assert re.search(r"^pmlint\.+Passed$", output, re.MULTILINE), output  # not "(no files to check)Skipped"
    assert "bad.md" not in output, output


def readme_hook_configs() -> list[str]:
    """The two `.pre-commit-config.yaml` examples of the README's pre-commit section: `repo:` + `rev:`, then local."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2, "the README's pre-commit section should hold two yaml blocks (repo: + rev:, repo: local)"
    return blocks


def project() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def docs_repository(tmp_path: Path, env: dict[str, str], config: str) -> Path:
    """A documents repository with the given pre-commit config, a good and a bad post-mortem and a text file."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    shutil.copyfile(GOOD_FIXTURE, docs / "good.md")
    (docs / "bad.md").write_text(BAD, encoding="utf-8")
    (docs / "notes.txt").write_text(NOT_MARKDOWN, encoding="utf-8")
    git(docs, env, "init", "--quiet")
    git(docs, env, "add", ".")
    git(docs, env, "commit", "--quiet", "--no-verify", "--message", "post-mortems")
    return docs


def assert_hook_fails_only_the_bad_post_mortem(code: int | None, output: str) -> None:
    assert code == 1, output
    assert re.search(r"^pmlint\.+Failed$", output, re.MULTILINE), output
    found = {(match["path"], match["code"]) for match in FINDING.finditer(output)}
    assert {path for path, _ in found} == {"bad.md"}, output
    assert {("bad.md", "PM001"), ("bad.md", "PM401")} <= found, output
    assert "in 1 of 2 files" in output, output


def test_readme_hook_snippets_name_the_project_repository_and_the_release() -> None:
    """Fast, no git or network: the snippets point at [project.urls] Repository at this version's tag."""
    import yaml

    release = f"v{project()['version']}"
    repository = project()["urls"]["Repository"]
    remote, local = (yaml.safe_load(block) for block in readme_hook_configs())
    (entry,) = remote["repos"]
    assert (entry["repo"], entry["rev"]) == (repository, release)
    hook_ids = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert [hook["id"] for hook in entry["hooks"]] == ["pmlint"] and "pmlint" in hook_ids
    assert "additional_dependencies" not in entry["hooks"][0]  # pre-commit installs the hook repository itself
    (entry,) = local["repos"]
    assert entry["repo"] == "local"
    (hook,) = entry["hooks"]
    assert (hook["entry"], hook["language"], hook["types"]) == ("pmlint check --force-exclude", "python", ["markdown"])
    assert hook["additional_dependencies"] == [f"pmlint @ git+{repository}@{release}"]


@pytest.mark.slow
def test_readme_repository_hook_as_written_fails_the_bad_post_mortem(tmp_path: Path) -> None:
    """The README's `repo:` + `rev:` snippet, with a local clone of this checkout (tagged at `rev`) as the repo."""
    if shutil.which("git") is None:
        unavailable("git is not installed")
    pre_commit = pre_commit_command()
    home = tmp_path / "pre-commit-home"
    env = environment(home)
    config = readme_hook_configs()[0]
    repository, release = project()["urls"]["Repository"], f"v{project()['version']}"
    assert f"repo: {repository}\n" in config and f"rev: {release}\n" in config, config
    hook_repository = tmp_path / "hookrepo"
    make_hook_repository(hook_repository, env)
    git(hook_repository, env, "tag", release)
    # Only the URL changes: pre-commit clones the local repository at the README's rev (no network for the clone).
    docs = docs_repository(tmp_path, env, config.replace(repository, str(hook_repository)))

    code, output = run([*pre_commit, "run", "--all-files", "--color", "never"], docs, env, INSTALL_TIMEOUT)
    check_install(code, output, home)
    assert_hook_fails_only_the_bad_post_mortem(code, output)


@pytest.mark.slow
def test_readme_local_hook_installs_pmlint_and_fails_the_bad_post_mortem(tmp_path: Path) -> None:
    """The README's `repo: local` hook: pip installs `pmlint @ git+URL@rev`, here from a local clone tagged at rev."""
    if shutil.which("git") is None:
        unavailable("git is not installed")
    pre_commit = pre_commit_command()
    home = tmp_path / "pre-commit-home"
    env = environment(home)
    config = readme_hook_configs()[1]
    repository, release = project()["urls"]["Repository"], f"v{project()['version']}"
    requirement = f"git+{repository}@{release}"
    assert requirement in config, config
    package = tmp_path / "pmlint-source"
    make_hook_repository(package, env)
    git(package, env, "tag", release)
    docs = docs_repository(tmp_path, env, config.replace(requirement, f"git+{package.as_uri()}@{release}"))

    code, output = run([*pre_commit, "run", "--all-files", "--color", "never"], docs, env, INSTALL_TIMEOUT)
    check_install(code, output, home)
    assert_hook_fails_only_the_bad_post_mortem(code, output)
