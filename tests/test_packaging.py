"""The built wheel and sdist: what they carry (rules, wordlists, LICENSE, the files the tests read), the
wheel's metadata, and an installed wheel that runs outside the checkout.

Everything here builds with ``python -m build --no-isolation`` (the hatchling of the test extras, no
download): the sdist first, then the wheel from the unpacked sdist, as pip builds a source release.
"""
from __future__ import annotations

import email.parser
import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RELEASE = f"pmlint-{PROJECT['version']}"

pytestmark = pytest.mark.slow  # builds a wheel and an sdist


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: use the hatchling installed with the test extras instead of downloading one.
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-5000:] + built.stderr[-5000:]
    wheels, sdists = list(out.glob("pmlint-*.whl")), list(out.glob("pmlint-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, list(out.iterdir())
    return {"wheel": wheels[0], "sdist": sdists[0]}


@pytest.fixture(scope="module")
def wheel(dist: dict[str, Path]) -> Path:
    return dist["wheel"]


@pytest.fixture(scope="module")
def sdist_names(dist: dict[str, Path]) -> set[str]:
    with tarfile.open(dist["sdist"]) as archive:
        return {name.removeprefix(f"{RELEASE}/") for name in archive.getnames()}


def test_wheel_contains_rules_wordlists_and_presets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "rules").glob("*.yaml"):
        assert f"pmlint/_data/rules/{path.name}" in names
    for path in (ROOT / "wordlists").glob("*.txt"):
        assert f"pmlint/_data/wordlists/{path.name}" in names
    for path in (ROOT / "pmlint" / "config" / "presets").glob("*.yaml"):
        assert f"pmlint/config/presets/{path.name}" in names


def test_wheel_ships_the_license_and_the_metadata(wheel: Path) -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License") and "Copyright (c) 2026 The pmlint authors" in license_text
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(f"{RELEASE}.dist-info/licenses/LICENSE").decode("utf-8") == license_text
        metadata = email.parser.Parser().parsestr(archive.read(f"{RELEASE}.dist-info/METADATA").decode("utf-8"))
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL"))
    assert urls == PROJECT["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Repository", "Issues", "Changelog"}
    classifiers = metadata.get_all("Classifier")
    assert "Programming Language :: Python :: 3" in classifiers
    assert any(classifier.startswith("Topic :: ") for classifier in classifiers)
    assert {"linter", "post-mortem", "markdown"} <= set(metadata["Keywords"].split(","))


def test_sdist_ships_the_license_and_every_file_its_tests_read(sdist_names: set[str]) -> None:
    assert "LICENSE" in sdist_names
    assert "pyproject.toml" in sdist_names
    for path in (ROOT / "examples").iterdir():  # the README's first command lints examples/sample-postmortem.md
        assert f"examples/{path.name}" in sdist_names
    # tests/test_readme.py reads .ci/run, tests/test_benchmark_corpus.py imports benchmarks/.
    assert {".ci/run", "benchmarks/__init__.py", "benchmarks/corpus.py", "benchmarks/corpus_pools.py",
            "benchmarks/corpus_writer.py", "action.yml", ".pre-commit-hooks.yaml", "docs/rules.md",
            "tests/conftest.py"} <= sdist_names


def test_the_sdist_runs_its_own_tests(dist: dict[str, Path], tmp_path: Path) -> None:
    """The tests that read files outside tests/ (README, examples, docs, action, benchmarks) pass in the sdist."""
    with tarfile.open(dist["sdist"]) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.10/3.11 security releases
            archive.extractall(tmp_path, filter="data")
        else:
            archive.extractall(tmp_path)
    unpacked = tmp_path / RELEASE
    assert not (unpacked / ".git").exists()
    environment = {**os.environ, "PYTHONPATH": str(unpacked)}
    environment.pop("CI", None)  # test_corpus skips without ../shared/corpus beside it, as it should here
    tests = ["tests/test_readme.py", "tests/test_rules_meta.py", "tests/test_wordlists.py", "tests/test_github_action.py",
             "tests/test_editors.py", "tests/test_benchmark_corpus.py"]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=unpacked,
                            env=environment, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-3000:]
    # The tests ran from the unpacked sdist, not from this checkout.
    probe = subprocess.run([sys.executable, "-c", "import pmlint, pmlint.resources as r; "
                            "print(pmlint.__file__); print(r.data_dir('rules'))"],
                           cwd=unpacked, env=environment, capture_output=True, text=True, check=True)
    assert all(line.startswith(str(unpacked)) for line in probe.stdout.splitlines()), probe.stdout


def _import_paths() -> list[str]:
    """Where this interpreter imports third-party packages from (pmlint's dependencies among them).

    Every directory on sys.path except the standard library and this checkout's own directory (whose
    pmlint/ is the source tree): site-packages of a virtual environment (``.venv`` inside the checkout
    too), the system's or the user's, and PYTHONPATH entries.
    """
    stdlib = {os.path.realpath(sysconfig.get_path(name)) for name in ("stdlib", "platstdlib")}
    paths: list[str] = []
    for entry in sys.path:
        real = os.path.realpath(entry or os.curdir)
        if not os.path.isdir(real) or real in stdlib or real in paths:
            continue
        if real == os.path.realpath(ROOT) or os.path.basename(real) == "lib-dynload":
            continue
        paths.append(real)
    return paths


def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    # A virtual environment of its own, without the system site packages: when the tests themselves run in a
    # venv, "system" is the base interpreter, which has none of the dependencies. The dependencies come from
    # wherever this interpreter imports them (a .pth file lists those directories, after the venv's own
    # site-packages, so the installed wheel is the pmlint that is imported); nothing is downloaded.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    environment = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "PYTHONHOME"}}
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             env=environment, capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "_pmlint_test_dependencies.pth").write_text("".join(f"{path}\n" for path in _import_paths()),
                                                              encoding="utf-8")
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
                                str(wheel)], env=environment, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    document = tmp_path / "pm.md"
    document.write_text("# Outage\n\n## Timeline\n- 14:05 alert\n", encoding="utf-8")
    where = subprocess.run([str(python), "-c", "import pmlint, pmlint.resources as r; "
                            "print(pmlint.__file__); print(r.data_dir('rules'))"],
                           cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    package, rules = where.stdout.splitlines()
    assert package.startswith(str(env_dir)) and "_data" in rules and str(ROOT) not in where.stdout

    # The console script the wheel installs; SARIF's informationUri comes from the wheel's metadata.
    result = subprocess.run([str(bin_dir / "pmlint"), "check", "--format", "sarif", str(document)],
                            cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    assert "PM001" in {item["ruleId"] for item in log["runs"][0]["results"]}
    assert log["runs"][0]["tool"]["driver"]["informationUri"] == PROJECT["urls"]["Homepage"]
    result = subprocess.run([str(python), "-m", "pmlint", "check", "--format", "json", str(document)],
                            cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert '"code": "PM001"' in result.stdout
