"""The JSON Schema of ``.pmlint.yaml`` (pmlint/config/schema.py, ``pmlint schema``, ``pmlint init``).

The schema is what editors' YAML language servers complete and check a configuration with, so it
must accept exactly what ``pmlint.config.validation`` accepts. These tests check:

- the shipped copy is fresh and a valid draft-07 schema;
- the presets, the README's configuration examples and the files ``pmlint init`` writes validate;
- an agreement table: each small configuration goes through BOTH the schema and ``load_config``,
  which must give the verdict the table expects;
- every rule code, name and option, wordlist and preset is in the schema (for completion);
- every regular expression in it compiles as an ECMAScript ``u``-mode regex (how the language
  servers compile them) and as a Python one (how ``jsonschema`` does), and matches what it should;
- ``pmlint schema`` and ``pmlint init`` write it.
"""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import assert_no_traceback
from jsonschema import Draft7Validator

import pmlint.language.pipeline
from pmlint.cli import cli
from pmlint.config import settings, validation
from pmlint.config.loading import load_config, load_preset
from pmlint.config.schema import SHIPPED_SCHEMA, build_schema, render_schema
from pmlint.config.settings import FAIL_ON_CHOICES
from pmlint.errors import ConfigError
from pmlint.language import wordlists
from pmlint.resources import preset_names
from pmlint.ruledefs import load_rules, resolve_rule

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ROOT / "pmlint" / "config" / "presets"
RULES = load_rules()
SCHEMA = build_schema()
VALIDATOR = Draft7Validator(SCHEMA)
REGENERATE = "python -m pmlint.config.schema > pmlint/config/schemas/pmlint-config.schema.json"


# -- helpers ------------------------------------------------------------------------------------


def _json_instance(value: Any) -> Any:
    """YAML data as the JSON instance a schema sees: mapping keys are strings (``2024:`` is "2024"),
    as in every YAML language server. Values are left as PyYAML read them, which is what pmlint sees."""
    if isinstance(value, dict):
        return {str(key): _json_instance(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_instance(item) for item in value]
    return value


def schema_errors(data: Any) -> list[str]:
    return [f"{'.'.join(map(str, error.absolute_path)) or '<top>'}: {_shorten(error.message)}"
            for error in sorted(VALIDATOR.iter_errors(_json_instance(data)), key=lambda e: list(map(str, e.path)))]


def _shorten(message: str, limit: int = 240) -> str:
    return message if len(message) <= limit else message[:limit] + "..."


def assert_schema_valid(data: Any, what: str) -> None:
    errors = schema_errors(data)
    assert not errors, f"{what} does not validate against the schema:\n" + "\n".join(errors)


def loader_error(path: Path) -> str | None:
    """None when ``load_config`` accepts the file, else its ConfigError; any other exception fails the test."""
    try:
        load_config(path, RULES)
    except ConfigError as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 - a crash is a bug of its own, reported as such
        crash = f"{type(error).__name__}: {error}"
    else:
        return None
    pytest.fail(f"load_config crashed with {crash} (expected a ConfigError or success) "
                f"for:\n{path.read_text(encoding='utf-8')}")


@pytest.fixture
def models_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a spaCy pipeline is installed is beyond the schema's reach; pretend every one is."""
    monkeypatch.setattr(pmlint.language.pipeline, "model_problem", lambda model: None)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert_no_traceback(result)
    return result


def _subschemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every (sub)schema of a schema, walking the keywords that hold schemas (so a property that
    happens to be named "pattern" is not mistaken for the keyword)."""
    if not isinstance(node, dict):
        return
    yield node
    for keyword in ("properties", "patternProperties", "definitions"):
        for child in node.get(keyword, {}).values():
            yield from _subschemas(child)
    for keyword in ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"):
        if isinstance(node.get(keyword), dict):
            yield from _subschemas(node[keyword])
    for keyword in ("anyOf", "allOf", "oneOf"):
        for child in node.get(keyword, []):
            yield from _subschemas(child)


def schema_patterns() -> list[str]:
    patterns: list[str] = []
    for node in _subschemas(SCHEMA):
        if isinstance(node.get("pattern"), str):
            patterns.append(node["pattern"])
        patterns.extend(node.get("patternProperties", {}))
    return sorted(set(patterns))


def rule_entry_options(code: str) -> dict[str, Any]:
    """The properties of the mapping form of a rule's entry in the schema."""
    (mapping,) = [branch for branch in SCHEMA["definitions"][code]["anyOf"] if branch.get("type") == "object"]
    return mapping["properties"]


# -- 1. the shipped schema ------------------------------------------------------------------------


def test_shipped_schema_is_fresh() -> None:
    shipped = SHIPPED_SCHEMA.read_text(encoding="utf-8")
    assert shipped == render_schema(), (
        f"{SHIPPED_SCHEMA.relative_to(ROOT)} is stale (the rules, presets or wordlists changed); "
        f"regenerate it with: {REGENERATE}")


def test_shipped_schema_is_a_valid_draft7_schema() -> None:
    shipped = json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))
    assert shipped["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(shipped)
    Draft7Validator.check_schema(SCHEMA)


def test_regeneration_command_prints_the_schema() -> None:
    """The command the freshness failure tells people to run really writes the schema."""
    completed = subprocess.run([sys.executable, "-m", "pmlint.config.schema"], capture_output=True, cwd=ROOT, check=True)
    assert completed.stdout.decode("utf-8") == render_schema()


def test_every_reference_resolves() -> None:
    refs = [node["$ref"] for node in _subschemas(SCHEMA) if "$ref" in node]
    assert refs
    for ref in refs:
        assert ref.startswith("#/definitions/"), ref
        assert ref.removeprefix("#/definitions/") in SCHEMA["definitions"], ref


# -- 2. presets and the README ------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(PRESETS.glob("*.yaml")), ids=lambda path: path.stem)
def test_shipped_preset_validates(path: Path) -> None:
    assert_schema_valid(yaml.safe_load(path.read_text(encoding="utf-8")), f"preset {path.stem}")


def test_presets_are_all_parametrised() -> None:
    assert sorted(path.stem for path in PRESETS.glob("*.yaml")) == preset_names()
    assert set(preset_names()) >= {"default", "google-sre", "pagerduty", "atlassian"}


def readme_config_examples() -> list[str]:
    """The README's ```yaml blocks that are pmlint configurations.

    Selection by content, not by position: a block is a pmlint configuration when it parses to a
    mapping and at least one of its top-level keys is a pmlint key (extends, rules, sections,
    wordlists, language-model, ...). The GitHub workflow (name/on/jobs) and the pre-commit
    configuration (repos) share no key with pmlint and are skipped. A block is NOT required to use
    only pmlint keys: a configuration example with a misspelt key must be caught, not skipped.
    """
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    selected = []
    for body in re.findall(r"^```yaml[ \t]*\n(.*?)^```", readme, re.DOTALL | re.MULTILINE):
        data = yaml.safe_load(body)
        if isinstance(data, dict) and set(map(str, data)) & set(SCHEMA["properties"]):
            selected.append(body)
    return selected


def test_readme_selection_finds_the_configuration_section() -> None:
    examples = readme_config_examples()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    configuration = readme.split("## Configuration", 1)[1]
    first_yaml = re.search(r"^```yaml[ \t]*\n(.*?)^```", configuration, re.DOTALL | re.MULTILINE)
    assert first_yaml is not None
    assert first_yaml.group(1) in examples
    assert not any("jobs" in yaml.safe_load(body) or "repos" in yaml.safe_load(body) for body in examples)


@pytest.mark.parametrize("index", range(len(readme_config_examples())))
def test_readme_configuration_example_validates_and_loads(index: int, tmp_path: Path, models_installed: None) -> None:
    body = readme_config_examples()[index]
    assert_schema_valid(yaml.safe_load(body), f"README configuration example #{index + 1}:\n{body}")
    path = tmp_path / ".pmlint.yaml"
    path.write_text(body, encoding="utf-8")
    assert loader_error(path) is None, f"README configuration example #{index + 1} does not load:\n{body}"


# -- 3. the agreement table ---------------------------------------------------------------------

V, X = True, False  # valid, invalid
KELVIN = "\u212a"  # KELVIN SIGN: str.lower() makes it an ASCII 'k'

AGREEMENT = [
    # the file as a whole
    pytest.param("", V, id="empty-file"),
    pytest.param("# only a comment\n", V, id="only-a-comment"),
    pytest.param("~\n", V, id="top-null"),
    pytest.param("- extends: default\n", X, id="top-list"),
    pytest.param("just text\n", X, id="top-string"),
    pytest.param("extend: default\n", X, id="unknown-top-key"),
    pytest.param("Rules: {}\n", X, id="top-key-wrong-case"),
    # extends
    pytest.param("extends: google-sre\n", V, id="extends-preset"),
    pytest.param("extends: ''\n", X, id="extends-empty"),
    pytest.param("extends: 5\n", X, id="extends-number"),
    pytest.param("extends: [default]\n", X, id="extends-list"),
    pytest.param("extends: null\n", X, id="extends-null"),
    # include / exclude
    pytest.param("include: ['docs/**/*.md']\n", V, id="include-list"),
    pytest.param("include: 'docs/**/*.md'\n", V, id="include-lone-string"),
    pytest.param("include: []\n", V, id="include-empty-list"),
    pytest.param("include: ['*.md', 5]\n", X, id="include-list-with-number"),
    pytest.param("include: null\n", X, id="include-null"),
    pytest.param("exclude: {drafts: true}\n", X, id="exclude-mapping"),
    # fail-on
    pytest.param("fail-on: warning\n", V, id="fail-on-warning"),
    pytest.param("fail-on: Error\n", V, id="fail-on-Error"),
    pytest.param("fail-on: NEVER\n", V, id="fail-on-NEVER"),
    pytest.param("fail-on: loud\n", X, id="fail-on-loud"),
    pytest.param("fail-on: null\n", X, id="fail-on-null"),
    pytest.param("fail-on: off\n", X, id="fail-on-off-is-a-yaml-bool"),
    pytest.param("fail-on: 1\n", X, id="fail-on-number"),
    pytest.param('fail-on: "error\\n"\n', X, id="fail-on-trailing-newline"),
    # unsafe-fixes
    pytest.param("unsafe-fixes: true\n", V, id="unsafe-fixes-true"),
    pytest.param("unsafe-fixes: false\n", V, id="unsafe-fixes-false"),
    pytest.param("unsafe-fixes: 'true'\n", X, id="unsafe-fixes-string"),
    pytest.param("unsafe-fixes: 1\n", X, id="unsafe-fixes-number"),
    pytest.param("unsafe-fixes: null\n", X, id="unsafe-fixes-null"),
    pytest.param("unsafe-fixes: [PM402]\n", X, id="unsafe-fixes-list"),
    # force-exclude
    pytest.param("force-exclude: true\n", V, id="force-exclude-true"),
    pytest.param("force-exclude: false\n", V, id="force-exclude-false"),
    pytest.param("force-exclude: 'yes'\n", X, id="force-exclude-string"),
    pytest.param("force-exclude: 0\n", X, id="force-exclude-number"),
    pytest.param("force-exclude: null\n", X, id="force-exclude-null"),
    # max-file-size
    pytest.param("max-file-size: 1024\n", V, id="max-file-size-1024"),
    pytest.param("max-file-size: 0\n", X, id="max-file-size-0"),
    pytest.param("max-file-size: -1\n", X, id="max-file-size-negative"),
    pytest.param("max-file-size: true\n", X, id="max-file-size-true"),
    pytest.param("max-file-size: '1024'\n", X, id="max-file-size-string"),
    pytest.param("max-file-size: 2.5\n", X, id="max-file-size-fraction"),
    pytest.param("max-file-size: null\n", X, id="max-file-size-null"),
    # JSON Schema (draft 6 on) defines 1024.0 as an integer: no schema can reject it.
    pytest.param("max-file-size: 1024.0\n", V, id="max-file-size-integral-float"),
    pytest.param("max-file-size: 1073741824\n", V, id="max-file-size-1GiB"),
    pytest.param("max-file-size: 1.0e+20\n", X, id="max-file-size-1e20"),
    # language-model (whether a pipeline is installed is beyond the schema; see models_installed)
    pytest.param("language-model: null\n", V, id="language-model-null"),
    pytest.param("language-model: en_core_web_sm\n", V, id="language-model-name"),
    pytest.param("language-model: ''\n", X, id="language-model-empty"),
    pytest.param("language-model: '   '\n", X, id="language-model-blank"),
    pytest.param("language-model: 5\n", X, id="language-model-number"),
    pytest.param("language-model: false\n", X, id="language-model-false"),
    # template
    pytest.param("template: x.md\n", V, id="template-path"),
    pytest.param("template: null\n", V, id="template-null"),
    pytest.param("template: ''\n", X, id="template-empty"),
    pytest.param("template: ' '\n", X, id="template-blank"),
    pytest.param("template: [x.md]\n", X, id="template-list"),
    # rules: keys
    pytest.param("rules: {PM001: off}\n", V, id="rule-by-code"),
    pytest.param("rules: {missing-section: off}\n", V, id="rule-by-name"),
    pytest.param("rules: {pm001: off}\n", V, id="rule-lower-case-code"),
    pytest.param("rules: {Missing-Section: info}\n", V, id="rule-mixed-case-name"),
    pytest.param("rules: {PM999: off}\n", X, id="rule-unknown-code"),
    pytest.param("rules: {missing_section: off}\n", X, id="rule-name-with-underscore"),
    pytest.param("rules: {PM0011: off}\n", X, id="rule-code-extra-digit"),
    pytest.param("rules: {' PM001 ': 'off'}\n", X, id="rule-key-with-spaces"),
    pytest.param(f"rules: {{'action-trac{KELVIN}ing': 'off'}}\n", X, id="rule-name-with-kelvin-sign"),
    pytest.param('rules: {"PM001\\n": "off"}\n', X, id="rule-key-trailing-newline"),
    pytest.param("rules: null\n", X, id="rules-null"),
    pytest.param("rules: [PM001]\n", X, id="rules-list"),
    # rules: shorthands
    pytest.param("rules: {PM001: off}\n", V, id="shorthand-off-yaml-bool"),
    pytest.param("rules: {PM001: 'off'}\n", V, id="shorthand-off-string"),
    pytest.param("rules: {PM001: 'OFF'}\n", V, id="shorthand-OFF-string"),
    pytest.param("rules: {PM001: false}\n", V, id="shorthand-false"),
    pytest.param("rules: {PM001: 'false'}\n", V, id="shorthand-false-string"),
    pytest.param("rules: {PM001: Disabled}\n", V, id="shorthand-Disabled"),
    pytest.param("rules: {PM001: disable}\n", V, id="shorthand-disable"),
    pytest.param("rules: {PM001: info}\n", V, id="shorthand-info"),
    pytest.param("rules: {PM001: WARNING}\n", V, id="shorthand-WARNING"),
    pytest.param("rules: {PM305: true}\n", V, id="shorthand-true"),
    pytest.param("rules: {PM001: fatal}\n", X, id="shorthand-fatal"),
    pytest.param("rules: {PM001: never}\n", X, id="shorthand-never"),
    pytest.param("rules: {PM001: null}\n", X, id="shorthand-null"),
    pytest.param("rules: {PM001: 1}\n", X, id="shorthand-number"),
    pytest.param("rules: {PM001: [off]}\n", X, id="shorthand-list"),
    pytest.param('rules: {PM001: "off\\n"}\n', X, id="shorthand-trailing-newline"),
    # rules: mappings
    pytest.param("rules: {PM001: {}}\n", V, id="rule-empty-mapping"),
    pytest.param("rules: {PM001: {enabled: false, severity: Info}}\n", V, id="rule-enabled-severity"),
    pytest.param("rules: {PM001: {severity: fatal}}\n", X, id="rule-severity-fatal"),
    pytest.param("rules: {PM001: {severity: never}}\n", X, id="rule-severity-never"),
    pytest.param("rules: {PM001: {severity: 'off'}}\n", X, id="rule-severity-off"),
    pytest.param("rules: {PM001: {enabled: 'true'}}\n", X, id="rule-enabled-string"),
    pytest.param("rules: {PM001: {enabled: null}}\n", X, id="rule-enabled-null"),
    pytest.param("rules: {PM001: {max: 3}}\n", X, id="rule-option-of-another-rule"),
    pytest.param("rules: {PM301: {maximum: 3}}\n", X, id="rule-unknown-option"),
    pytest.param("rules: {PM101: {accept-gmt: false}}\n", V, id="bool-option-bool"),
    pytest.param("rules: {PM101: {accept-gmt: 'no'}}\n", X, id="bool-option-string"),
    pytest.param("rules: {PM101: {accept-gmt: 1}}\n", X, id="bool-option-number"),
    pytest.param("rules: {PM301: {max: 10}}\n", V, id="number-option-int"),
    pytest.param("rules: {PM103: {tolerance-ratio: 1}}\n", V, id="float-option-int"),
    pytest.param("rules: {PM103: {tolerance-minutes: 7.5}}\n", V, id="int-option-float"),
    pytest.param("rules: {PM301: {max: true}}\n", X, id="number-option-bool"),
    pytest.param("rules: {PM301: {max: '10'}}\n", X, id="number-option-string"),
    pytest.param("rules: {PM301: {max: null}}\n", X, id="number-option-null"),
    pytest.param("rules: {PM401: {rewrite-subject: the team}}\n", V, id="string-option-string"),
    pytest.param("rules: {PM401: {rewrite-subject: 5}}\n", X, id="string-option-number"),
    pytest.param("rules: {PM401: {rewrite-subject: null}}\n", X, id="string-option-null"),
    pytest.param("rules: {PM403: {allow: [Kubernetes, ETH]}}\n", V, id="list-option-list"),
    pytest.param("rules: {PM403: {allow: Kubernetes}}\n", V, id="list-option-lone-string"),
    pytest.param("rules: {PM403: {allow: []}}\n", V, id="list-option-empty"),
    pytest.param("rules: {PM403: {allow: [1]}}\n", X, id="list-option-number-item"),
    pytest.param("rules: {PM403: {allow: null}}\n", X, id="list-option-null"),
    pytest.param("rules: {PM403: {allow: {Kubernetes: true}}}\n", X, id="list-option-mapping"),
    # overrides
    pytest.param("overrides: [{files: ['archive/**'], rules: {PM001: off}}]\n", V, id="override"),
    pytest.param("overrides: [{files: 'archive/**', rules: {PM001: off}}]\n", V, id="override-lone-string-files"),
    pytest.param("overrides: [{files: []}]\n", V, id="override-no-rules"),
    pytest.param("overrides: []\n", V, id="overrides-empty"),
    pytest.param("overrides: [{rules: {PM001: off}}]\n", X, id="override-without-files"),
    pytest.param("overrides: [{files: x, rule: {PM001: off}}]\n", X, id="override-unknown-key"),
    pytest.param("overrides: [{files: x, rules: null}]\n", X, id="override-rules-null"),
    pytest.param("overrides: [{files: x, rules: {nope: off}}]\n", X, id="override-unknown-rule"),
    pytest.param("overrides: [{files: [x, 1]}]\n", X, id="override-files-number"),
    pytest.param("overrides: [null]\n", X, id="override-null"),
    pytest.param("overrides: {files: x}\n", X, id="overrides-mapping"),
    # wordlists
    pytest.param("wordlists: {placeholders: {add: [to follow], remove: [na]}}\n", V, id="wordlist-change"),
    pytest.param("wordlists: {placeholders: {add: to follow}}\n", V, id="wordlist-add-lone-string"),
    pytest.param("wordlists: {placeholders: {}}\n", V, id="wordlist-empty-change"),
    pytest.param("wordlists: {placeholder: {add: [x]}}\n", X, id="wordlist-unknown-name"),
    pytest.param("wordlists: {placeholders: {append: [x]}}\n", X, id="wordlist-unknown-change-key"),
    pytest.param("wordlists: {placeholders: {add: [1]}}\n", X, id="wordlist-add-number"),
    pytest.param("wordlists: {placeholders: null}\n", X, id="wordlist-change-null"),
    pytest.param("wordlists: [placeholders]\n", X, id="wordlists-list"),
    # sections
    pytest.param("sections: {what-went-well: false}\n", V, id="section-false"),
    pytest.param("sections: {what-went-well: null}\n", V, id="section-null"),
    pytest.param("sections: {what-went-well: true}\n", X, id="section-true"),
    pytest.param("sections: {what-went-well: 0}\n", X, id="section-zero"),
    pytest.param("sections: {timeline: {extend-aliases: Chronik}}\n", V, id="section-extend-aliases-string"),
    pytest.param("sections: {x: {title: X, aliases: [y], required: false, evidence: ['\\bx\\b']}}\n", V,
                 id="section-every-key"),
    pytest.param("sections: {timeline: {alias: [Chronik]}}\n", X, id="section-unknown-key"),
    pytest.param("sections: {timeline: {required: 'yes'}}\n", X, id="section-required-string"),
    pytest.param("sections: {timeline: {required: null}}\n", X, id="section-required-null"),
    pytest.param("sections: {timeline: {title: null}}\n", X, id="section-title-null"),
    pytest.param("sections: {timeline: {title: 5}}\n", X, id="section-title-number"),
    pytest.param("sections: {timeline: {aliases: [a, 1]}}\n", X, id="section-aliases-number"),
    pytest.param("sections: [timeline]\n", X, id="sections-list"),
    pytest.param("sections: null\n", X, id="sections-null"),
    # A section key YAML reads as a number: the schema sees the key "2024" (JSON keys are strings).
    pytest.param("sections: {2024: false}\n", V, id="section-numeric-key"),
    # summary
    pytest.param("summary: {section: timeline, fields: {impact: false}}\n", V, id="summary"),
    pytest.param("summary: {section: null}\n", V, id="summary-section-null"),
    pytest.param("summary: {fields: {status: {required: false}}}\n", V, id="summary-field-optional"),
    pytest.param("summary: {section: summary, field: {}}\n", X, id="summary-unknown-key"),
    pytest.param("summary: {section: 5}\n", X, id="summary-section-number"),
    pytest.param("summary: {fields: {impact: {required: 'yes'}}}\n", X, id="summary-field-required-string"),
    pytest.param("summary: {fields: null}\n", X, id="summary-fields-null"),
    pytest.param("summary: null\n", X, id="summary-null"),
    pytest.param("summary: {fields: {7: false}}\n", V, id="summary-numeric-field-key"),
]


@pytest.mark.parametrize(("text", "valid"), AGREEMENT)
def test_schema_and_loader_agree(text: str, valid: bool, tmp_path: Path, models_installed: None) -> None:
    path = tmp_path / ".pmlint.yaml"
    path.write_text(text, encoding="utf-8")
    errors = schema_errors(yaml.safe_load(text))
    problem = loader_error(path)
    verdicts = f"schema: {'; '.join(errors) or 'valid'}\nload_config: {problem or 'valid'}"
    expected = "valid" if valid else "invalid"
    assert (not errors) == valid, f"the schema disagrees (expected {expected}) for {text!r}\n{verdicts}"
    assert (problem is None) == valid, f"load_config disagrees (expected {expected}) for {text!r}\n{verdicts}"


def test_agreement_table_covers_every_top_level_key() -> None:
    covered = set()
    for param in AGREEMENT:
        data = yaml.safe_load(param.values[0])
        if isinstance(data, dict):
            covered |= set(map(str, data))
    assert set(SCHEMA["properties"]) <= covered


def test_schema_keys_are_the_validators_keys() -> None:
    """Each mapping of the schema names exactly the keys the validator allows."""
    props = SCHEMA["properties"]
    assert set(props) == validation._TOP_KEYS
    spec = next(branch for branch in SCHEMA["definitions"]["sectionSpecs"]["additionalProperties"]["anyOf"]
                if branch.get("type") == "object")
    assert set(spec["properties"]) == validation._SECTION_KEYS
    assert set(props["summary"]["properties"]) == validation._SUMMARY_KEYS
    assert set(props["overrides"]["items"]["properties"]) == validation._OVERRIDE_KEYS
    for name, change in props["wordlists"]["properties"].items():
        assert set(change["properties"]) == validation._WORDLIST_KEYS, name
    for code, meta in RULES.items():
        assert set(rule_entry_options(code)) == settings.RULE_KEYS | set(meta.options), code
    every_object = [node for node in _subschemas(SCHEMA) if node.get("type") == "object"]
    assert every_object and all(node.get("additionalProperties") is False for node in every_object
                                if node is not SCHEMA["definitions"]["sectionSpecs"])


# -- 4. completion: every name the editor should offer --------------------------------------------


def test_every_rule_code_and_name_is_a_property() -> None:
    rules = SCHEMA["definitions"]["rules"]["properties"]
    for code, meta in RULES.items():
        assert code in rules and meta.name in rules, code
        assert rules[code] == rules[meta.name] == {"$ref": f"#/definitions/{code}"}
        assert code in SCHEMA["definitions"][code]["description"]
        assert meta.name in SCHEMA["definitions"][code]["description"]
    assert len(rules) == 2 * len(RULES)


def test_every_rule_option_is_described_from_the_metadata() -> None:
    for code, meta in RULES.items():
        options = rule_entry_options(code)
        for name, default in meta.options.items():
            assert name in options, f"{code} option {name} missing from the schema"
            assert meta.option_docs.get(name), f"{code} option {name} has no description in rules/"
            assert options[name]["description"] == meta.option_docs[name], f"{code} {name}"
            assert options[name]["default"] == default, f"{code} {name}"
            # The default must itself validate against the option's schema.
            assert Draft7Validator(options[name]).is_valid(default), f"{code} {name}"


def test_every_wordlist_is_a_property() -> None:
    assert set(SCHEMA["properties"]["wordlists"]["properties"]) == set(wordlists.available())
    assert wordlists.available()


def test_every_preset_is_offered_for_extends() -> None:
    enums = [branch["enum"] for branch in SCHEMA["properties"]["extends"]["anyOf"] if "enum" in branch]
    assert enums == [preset_names()]


def test_severities_are_offered_in_lower_case() -> None:
    fail_on = SCHEMA["properties"]["fail-on"]["anyOf"]
    assert {"enum": list(FAIL_ON_CHOICES)} in fail_on
    for code in RULES:
        severity = rule_entry_options(code)["severity"]["anyOf"]
        assert {"enum": list(FAIL_ON_CHOICES[:3])} in severity
        shorthand = next(branch for branch in SCHEMA["definitions"][code]["anyOf"] if "anyOf" in branch)
        assert {"enum": [*FAIL_ON_CHOICES[:3], "off", "false", "disable", "disabled"]} in shorthand["anyOf"]


# -- 5. the regular expressions -----------------------------------------------------------------

_SYNTAX_CHARACTERS = set("^$\\.*+?()[]{}|/")
_QUANTIFIER = re.compile(r"\{\d+(,\d*)?\}")


def ecmascript_unicode_problems(pattern: str) -> list[str]:
    """Why ``pattern`` is not a valid ECMAScript regular expression with the ``u`` flag (a subset
    of the grammar: escapes, braces, brackets and group openers), or no problems."""
    problems = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern):
                return problems + ["ends with a backslash"]
            escaped, rest = pattern[index + 1], pattern[index + 2:]
            if escaped in _SYNTAX_CHARACTERS or escaped in "dDsSwWfnrtv" or (escaped == "-" and in_class):
                pass
            elif escaped in "bB" and not (in_class and escaped == "B"):
                pass
            elif escaped == "0" and not rest[:1].isdigit():
                pass
            elif escaped.isdigit() and not in_class:
                pass  # a back reference
            elif escaped == "c" and rest[:1].isascii() and rest[:1].isalpha():
                index += 1
            elif escaped == "x" and re.match(r"[0-9A-Fa-f]{2}", rest):
                index += 2
            elif escaped == "u" and (m := re.match(r"[0-9A-Fa-f]{4}|\{[0-9A-Fa-f]+\}", rest)):
                index += len(m.group())
            elif escaped in "pP" and (m := re.match(r"\{[A-Za-z_=]+\}", rest)):
                index += len(m.group())
            elif escaped == "k" and (m := re.match(r"<[A-Za-z_$][\w$]*>", rest)):
                index += len(m.group())
            else:
                problems.append(f"invalid escape \\{escaped} at {index}" + (" (in a class)" if in_class else ""))
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if pattern.startswith("[^", index):
                index += 1
        elif char == "{":
            match = _QUANTIFIER.match(pattern, index)
            if match is None:
                problems.append(f"lone '{{' at {index}")
            else:
                index = match.end()
                continue
        elif char in "}]":
            problems.append(f"lone '{char}' at {index}")
        elif char == "(" and pattern.startswith("(?", index):
            if not re.match(r"\(\?(:|=|!|<=|<!|<[A-Za-z_$][\w$]*>)", pattern[index:]):
                problems.append(f"group opener {pattern[index:index + 4]!r} at {index} is not ECMAScript")
        index += 1
    if in_class:
        problems.append("unterminated character class")
    return problems


@pytest.mark.parametrize(("pattern", "ok"), [
    (r"^[Pp][Mm]001$", True), (r"^a-b$", True), (r"[a\-b]", True), (r"\d{2,}", True), (r"\u{1F600}", True),
    (r"^a\-b$", False), (r"\_", False), (r"a{", False), (r"a}", False), (r"a]", False), (r"(?i)x", False),
    (r"(?P<n>x)", False), (r"\Z", False), (r"[\B]", False), (r"[ab", False),
])
def test_ecmascript_checker_itself(pattern: str, ok: bool) -> None:
    assert (not ecmascript_unicode_problems(pattern)) == ok, ecmascript_unicode_problems(pattern)


def test_schema_has_patterns() -> None:
    patterns = schema_patterns()
    assert r"\S" in patterns
    assert any(pattern.startswith("^[Pp][Mm]001$") for pattern in patterns)
    assert len(patterns) >= 2 * len(RULES)


@pytest.mark.parametrize("pattern", schema_patterns())
def test_pattern_is_valid_in_ecmascript_unicode_mode_and_python(pattern: str) -> None:
    assert not ecmascript_unicode_problems(pattern), ecmascript_unicode_problems(pattern)
    re.compile(pattern)


def _matching(patterns: list[str], text: str) -> list[str]:
    return [pattern for pattern in patterns if re.search(pattern, text)]  # as jsonschema does


RULE_KEY_SPELLINGS = [
    # (key, the rule it should name, or None for a near miss)
    ("PM001", "PM001"), ("pm001", "PM001"), ("Pm001", "PM001"), ("missing-section", "PM001"),
    ("Missing-Section", "PM001"), ("MISSING-SECTION", "PM001"), ("pm403", "PM403"), ("Jargon", "PM403"),
    ("PM0011", None), ("PM00", None), ("xPM001", None), ("PM001x", None), ("PM 001", None), ("PM-001", None),
    ("missing_section", None), ("missing-sectio", None), ("missing-sections", None), ("missingsection", None),
    ("", None),
]


@pytest.mark.parametrize(("key", "code"), RULE_KEY_SPELLINGS)
def test_rule_key_patterns_match_intended_spellings(key: str, code: str | None) -> None:
    rules = SCHEMA["definitions"]["rules"]
    matched = {rules["patternProperties"][pattern]["$ref"] for pattern in _matching(list(rules["patternProperties"]), key)}
    assert matched == ({f"#/definitions/{code}"} if code else set()), key
    # The validator agrees on the same spellings.
    resolved = resolve_rule(key, RULES)
    assert (resolved.code if resolved else None) == code


@pytest.mark.parametrize(("value", "fail_on_ok", "severity_ok", "shorthand_ok"), [
    ("Error", True, True, True), ("WARNING", True, True, True), ("info", True, True, True),
    ("Never", True, False, False), ("Off", False, False, True), ("DISABLED", False, False, True),
    ("errors", False, False, False), ("fatal", False, False, False), ("warn", False, False, False),
    ("disabledx", False, False, False), ("", False, False, False),
])
def test_choice_patterns_match_any_case_and_nothing_else(value: str, fail_on_ok: bool, severity_ok: bool,
                                                        shorthand_ok: bool) -> None:
    code = next(iter(RULES))
    assert Draft7Validator(SCHEMA["properties"]["fail-on"]).is_valid(value) == fail_on_ok
    assert Draft7Validator(rule_entry_options(code)["severity"]).is_valid(value) == severity_ok
    shorthand = next(branch for branch in SCHEMA["definitions"][code]["anyOf"] if "anyOf" in branch)
    assert Draft7Validator(shorthand).is_valid(value) == shorthand_ok


NODE = shutil.which("node")

_NODE_SCRIPT = r"""
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {errors: {}, matches: {}};
for (const p of input.patterns) {
  try { new RegExp(p, 'u'); } catch (e) { out.errors[p] = String(e.message); }
}
for (const [p, s] of input.probes) {
  out.matches[p + '\u0000' + s] = new RegExp(p, 'u').test(s);
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed (the pure-Python check above still runs)")
def test_patterns_compile_and_match_in_a_real_ecmascript_engine() -> None:
    """The patterns compiled as editors compile them (``new RegExp(pattern, 'u')``)."""
    rule_patterns = SCHEMA["definitions"]["rules"]["patternProperties"]
    probes = [(pattern, key) for key, _ in RULE_KEY_SPELLINGS for pattern in rule_patterns]
    payload = json.dumps({"patterns": schema_patterns(), "probes": probes})
    completed = subprocess.run([NODE, "-e", _NODE_SCRIPT], input=payload, capture_output=True, text=True,
                               timeout=30, check=True)
    out = json.loads(completed.stdout)
    assert out["errors"] == {}
    for key, code in RULE_KEY_SPELLINGS:
        matched = {rule_patterns[pattern]["$ref"] for pattern in rule_patterns if out["matches"][pattern + "\0" + key]}
        assert matched == ({f"#/definitions/{code}"} if code else set()), key


# -- 6. pmlint init -----------------------------------------------------------------------------

MODELINE = "# yaml-language-server: $schema=.pmlint.schema.json"


def _init(project: Path, preset: str, *extra: str) -> Path:
    directory = project / f"init-{preset}"
    directory.mkdir()
    result = invoke("init", str(directory), "--preset", preset, *extra)
    assert result.exit_code == 0, result.output
    return directory


def _uncomment_blocks(text: str, keys: set[str]) -> str:
    """Uncomment each ``# KEY:`` line (KEY in ``keys``) and the lines under it up to the next blank
    line, by removing their leading ``# ``."""
    lines = text.split("\n")
    out, active = [], False
    for line in lines:
        match = re.match(r"# ([a-z-]+):", line)
        if match and match.group(1) in keys:
            active = True
        elif not line.strip():
            active = False
        if active:
            assert line.startswith("# "), f"a line of an uncommented block is not commented: {line!r}"
            line = line[2:]
        out.append(line)
    return "\n".join(out)


def _settings(config: Any) -> dict[str, tuple[bool, str, dict[str, Any]]]:
    return {code: (s.enabled, str(s.severity), dict(s.options)) for code, s in config.rules.items()}


def _specs(specs: Any) -> list[tuple[Any, ...]]:
    return [(s.key, s.title, s.aliases, s.required, s.evidence) for s in specs]


@pytest.mark.parametrize("preset", preset_names())
def test_init_writes_a_modeline_and_the_schema_beside_the_config(project: Path, preset: str) -> None:
    directory = _init(project, preset)
    text = (directory / ".pmlint.yaml").read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == MODELINE
    assert (directory / ".pmlint.schema.json").read_text(encoding="utf-8") == render_schema()
    assert not (project / ".pmlint.schema.json").exists()  # beside the config, not in the working directory
    data = yaml.safe_load(text)
    assert data == {"extends": preset}
    assert_schema_valid(data, f"the .pmlint.yaml 'pmlint init --preset {preset}' writes")


@pytest.mark.parametrize("preset", preset_names())
def test_init_rules_block_uncommented_validates_and_equals_the_preset(project: Path, preset: str) -> None:
    directory = _init(project, preset)
    path = directory / ".pmlint.yaml"
    text = _uncomment_blocks(path.read_text(encoding="utf-8"), {"rules"})
    data = yaml.safe_load(text)
    assert set(data) == {"extends", "rules"} and set(data["rules"]) == set(RULES)
    assert_schema_valid(data, f"'pmlint init --preset {preset}' with its rules block uncommented")
    path.write_text(text, encoding="utf-8")
    assert loader_error(path) is None
    assert _settings(load_config(path, RULES)) == _settings(load_preset(preset, RULES))


@pytest.mark.parametrize("preset", preset_names())
def test_init_every_commented_key_uncommented_validates_and_loads(project: Path, preset: str,
                                                                  models_installed: None) -> None:
    """Beyond the rules: every commented-out key of the file, uncommented at once, is still a
    configuration both the schema and pmlint accept, and keeps the preset's settings."""
    directory = _init(project, preset)
    path = directory / ".pmlint.yaml"
    text = _uncomment_blocks(path.read_text(encoding="utf-8"), set(SCHEMA["properties"]))
    data = yaml.safe_load(text)
    assert set(data) == set(SCHEMA["properties"]) - {"max-file-size"}, sorted(data)
    assert_schema_valid(data, f"'pmlint init --preset {preset}' with every key uncommented")
    path.write_text(text, encoding="utf-8")
    assert loader_error(path) is None
    loaded, preset_config = load_config(path, RULES), load_preset(preset, RULES)
    assert _settings(loaded) == _settings(preset_config)
    count = len(preset_config.catalog.sections)
    assert _specs(loaded.catalog.sections[:count]) == _specs(preset_config.catalog.sections)
    assert _specs(loaded.catalog.fields) == _specs(preset_config.catalog.fields)
    assert loaded.catalog.summary_section == preset_config.catalog.summary_section


def test_init_without_schema_writes_neither_the_schema_nor_the_modeline(project: Path) -> None:
    directory = _init(project, "default", "--no-schema")
    text = (directory / ".pmlint.yaml").read_text(encoding="utf-8")
    assert "yaml-language-server" not in text and "$schema" not in text
    assert not (directory / ".pmlint.schema.json").exists()
    assert sorted(path.name for path in directory.iterdir()) == [".pmlint.yaml"]
    assert_schema_valid(yaml.safe_load(text), "the --no-schema .pmlint.yaml")


def test_init_force_refreshes_a_stale_schema(project: Path) -> None:
    directory = _init(project, "default")
    (directory / ".pmlint.schema.json").write_text("{}", encoding="utf-8")
    result = invoke("init", str(directory), "--force")
    assert result.exit_code == 0, result.output
    assert (directory / ".pmlint.schema.json").read_text(encoding="utf-8") == render_schema()


# -- 7. pmlint schema ---------------------------------------------------------------------------


def test_schema_command_prints_the_schema(project: Path) -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert result.stdout == render_schema()
    assert list(project.iterdir()) == []


def test_schema_command_output_dash_prints_the_schema(project: Path) -> None:
    result = invoke("schema", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout == render_schema()
    assert list(project.iterdir()) == []


def test_schema_command_writes_and_replaces_a_file(project: Path) -> None:
    target = project / "out.json"
    result = invoke("schema", "-o", "out.json")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == render_schema().encode("utf-8")
    assert result.stdout == ""

    stale = copy.deepcopy(SCHEMA)
    stale["title"] = "stale"
    target.write_text(json.dumps(stale), encoding="utf-8")
    result = invoke("schema", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == render_schema().encode("utf-8")
    assert sorted(path.name for path in project.iterdir()) == ["out.json"]  # no temporary file left behind
