"""The built wheel carries rules/ and wordlists/ and finds them at run time, outside the checkout."""
from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: use the hatchling installed with the test extras instead of downloading one.
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    wheels = list(out.glob("pmlint-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.mark.slow
def test_wheel_contains_rules_wordlists_and_presets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "rules").glob("*.yaml"):
        assert f"pmlint/_data/rules/{path.name}" in names
    for path in (ROOT / "wordlists").glob("*.txt"):
        assert f"pmlint/_data/wordlists/{path.name}" in names
    for path in (ROOT / "pmlint" / "presets").glob("*.yaml"):
        assert f"pmlint/presets/{path.name}" in names


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # System site packages provide the dependencies; the wheel itself is installed without them.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True)
    document = tmp_path / "pm.md"
    document.write_text("# Outage\n\n## Timeline\n- 14:05 alert\n", encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import pmlint.resources as r; print(r.data_dir('rules'))"],
                           cwd=tmp_path, env=environment, capture_output=True, text=True, check=True)
    assert "_data" in where.stdout and str(ROOT) not in where.stdout
    result = subprocess.run([str(python), "-m", "pmlint", "check", "--format", "json", str(document)],
                            cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert '"code": "PM001"' in result.stdout
