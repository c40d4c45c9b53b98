"""The README's promises: two commands first, and a configuration example that really loads."""
from __future__ import annotations

import re
from pathlib import Path

from pmlint.config.loading import load_config
from pmlint.ruledefs import load_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[tuple[str, str]]:
    return re.findall(r"```(\w*)\n(.*?)```", text, re.DOTALL)


def test_readme_starts_with_install_and_test_commands() -> None:
    first, second = _code_blocks(README)[:2]
    assert "pip install" in first[1] and "pmlint check examples/sample-postmortem.md" in first[1]
    assert (ROOT / "examples" / "sample-postmortem.md").is_file()
    assert "pip install -e '.[test]'" in second[1] and "pytest" in second[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-e '.[test]'" in ci and "python -m pytest" in ci


def test_readme_configuration_example_loads(tmp_path: Path) -> None:
    section = README.split("## Configuration", 1)[1]
    example = next(body for language, body in _code_blocks(section) if language == "yaml")
    path = tmp_path / ".pmlint.yaml"
    path.write_text(example, encoding="utf-8")
    config = load_config(path, load_rules())
    assert config.rules["PM002"].enabled
    assert str(config.rules["PM002"].severity) == "info"
    assert "customer-communication" in {spec.key for spec in config.catalog.sections}
    assert not config.catalog.section("what-went-well").required


# --- Every URL of pmlint's own comes from [project.urls] (issue 15 A4) ---------------------------------

# An http(s) URL as it appears in Markdown, YAML or JSON text (trailing punctuation is not part of it).
_URL = re.compile(r"https?://[^\s<>\"'`()\[\]{},]+")
# `uses: OWNER/REPO@REF` in a workflow: the GitHub Action's own repository.
_USES_PMLINT = re.compile(r"uses:\s*([\w.-]+/pmlint)@([\w.-]+)", re.IGNORECASE)
# Placeholders that once stood where the real repository belongs.
_PLACEHOLDERS = ("your-org", "your-name", "example.com/pmlint", "example.org/pmlint", "pmlint.example")


def _project() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _documentation() -> dict[str, str]:
    """The text files a user reads or runs: README, changelog, action, hooks, docs, rule definitions."""
    paths = [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "action.yml", ROOT / ".pre-commit-hooks.yaml",
             ROOT / "benchmarks" / "README.md", *sorted((ROOT / "docs").rglob("*.md")),
             *sorted((ROOT / "rules").glob("*.yaml"))]
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in paths if path.is_file()}


def _pmlint_urls(text: str) -> list[str]:
    return [url.rstrip(".:;!?") for url in _URL.findall(text) if "pmlint" in url.lower()]


def test_project_urls_are_complete_and_read_at_run_time() -> None:
    from pmlint import project

    urls = _project()["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Repository", "Issues", "Changelog"}
    repository = urls["Repository"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/pmlint", repository), repository
    assert all(url.startswith(repository) for url in urls.values()), urls
    assert project.urls() == urls
    assert project.url("homepage") == urls["Homepage"] and project.url("Bug tracker") is None


def test_every_pmlint_url_in_the_documentation_is_a_project_url() -> None:
    project = _project()
    urls = set(project["urls"].values())
    repository = project["urls"]["Repository"]
    release = f"v{project['version']}"
    checked = 0
    for name, text in _documentation().items():
        for placeholder in _PLACEHOLDERS:
            assert placeholder not in text.lower(), f"{name} still has the placeholder {placeholder!r}"
        for url in _pmlint_urls(text):
            checked += 1
            # pip's `pmlint @ git+URL@REV` names the repository at a release.
            if f"git+{url}" in text and "@" in url.removeprefix("https://"):
                base, _, rev = url.rpartition("@")
                assert (base, rev) == (repository, release), f"{name}: {url}"
                continue
            assert url in urls, f"{name}: {url} is not one of [project.urls] in pyproject.toml ({sorted(urls)})"
        for owner_repo, rev in _USES_PMLINT.findall(text):
            checked += 1
            assert f"https://github.com/{owner_repo}" == repository, f"{name}: uses {owner_repo}"
            assert rev == release, f"{name}: uses {owner_repo}@{rev}, the release is {release}"
    assert checked >= 3  # the README's two pre-commit snippets and its GitHub Action example at least


def test_sarif_information_uri_is_the_homepage(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from pmlint.cli import cli

    document = tmp_path / "pm.md"
    document.write_text("# Outage\n\nJohn forgot to update the configuration.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", str(document)])
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    homepage = _project()["urls"]["Homepage"]
    assert log["runs"][0]["tool"]["driver"]["informationUri"] == homepage
    found = _pmlint_urls(result.stdout)
    assert found and set(found) <= set(_project()["urls"].values()), found


# --- The fast subset (issue 15 A3) ---------------------------------------------------------------------


def test_readme_documents_the_fast_subset_and_ci_runs_everything() -> None:
    import ast

    from conftest import SLOW_TESTS

    assert any('python -m pytest -m "not slow"' in body for _, body in _code_blocks(README))
    markers = _project_pytest()["markers"]
    assert any(marker.startswith("slow:") for marker in markers), markers
    ci = "\n".join(line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                   if not line.lstrip().startswith("#"))
    assert "python -m pytest\n" in ci + "\n" and "slow" not in ci  # every test, no -m selection
    # A renamed or removed test must not silently join the fast subset: every listed name is a test function.
    for module, names in SLOW_TESTS.items():
        tree = ast.parse((ROOT / "tests" / module).read_text(encoding="utf-8"))
        defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        assert names <= defined, f"tests/conftest.py SLOW_TESTS names tests {module} does not have: {names - defined}"


def _project_pytest() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
