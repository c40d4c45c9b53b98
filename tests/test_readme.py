"""The README's promises: two commands first, and a configuration example that really loads."""
from __future__ import annotations

import re
from pathlib import Path

from pmlint.config import load_config
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
