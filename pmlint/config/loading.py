"""Loading a configuration: presets and ``extends`` chains into validated layers, merged into a Config."""
from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pmlint.config.parsing import Layer, line_of, read_layer, read_preset_layer
from pmlint.config.settings import (
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_PRESET,
    Config,
    Override,
    RuleSetting,
    apply_rule_changes,
)
from pmlint.config.validation import layer_problems, trust_option_defaults
from pmlint.errors import ConfigError, did_you_mean
from pmlint.model import Severity
from pmlint.reading.sections import Catalog, SectionSpec
from pmlint.resources import preset_names, preset_path
from pmlint.ruledefs import RuleMeta, resolve_rule


def load_config(path: Path | None, rules: Mapping[str, RuleMeta]) -> Config:
    """Load, validate and merge a config file (or only the default preset when ``path`` is None)."""
    layers = _load_chain(path, rules)
    merged = _merge(layers)
    root = path.parent.resolve() if path is not None else Path.cwd()
    return _build(merged, root, path, rules, layers[-1].origin)


def load_preset(name: str, rules: Mapping[str, RuleMeta]) -> Config:
    """The configuration a file containing only ``extends: NAME`` would give."""
    layers = _load_chain(None, rules, preset=name)
    return _build(_merge(layers), Path.cwd(), None, rules, layers[-1].origin)


def _load_chain(path: Path | None, rules: Mapping[str, RuleMeta], preset: str | None = None) -> list[Layer]:
    """The layers from the base preset to the named file. Every problem of every layer is reported in
    one ConfigError: the named file's first, then those of each file it extends, each in file order.
    The chain is followed as far as it can be (not past a file that cannot be read or parsed, an
    'extends' that names nothing or is not text, or a cycle)."""
    chain: list[Layer] = []
    problems: list[ConfigError] = []
    seen: set[str] = set()
    current: tuple[str, Path | None] = (("file", path) if path is not None
                                        else ("preset", Path(preset) if preset else None))
    while True:
        kind, where = current
        try:
            if kind == "preset":
                name = DEFAULT_PRESET if where is None else str(where)
                layer = _read_preset(name)
            else:
                assert where is not None
                layer = read_layer(where, extended=bool(chain))
        except ConfigError as error:
            problems.append(error)
            break
        if layer.origin in seen:
            # Name the 'extends' that closes the loop, where the user has to break it.
            last = chain[-1]
            problems.append(ConfigError(f"makes a cycle: {layer.origin} is already extended on the way here",
                                        file=last.origin, line=line_of(last, ("extends",)), key="extends"))
            break
        seen.add(layer.origin)
        problems.extend(layer_problems(layer, rules))
        chain.append(layer)
        extends = layer.data.get("extends")
        if kind == "preset" and extends is None:
            break
        if extends is None:
            extends = DEFAULT_PRESET
        if not isinstance(extends, str):
            break  # reported by validation
        if preset_path(extends) is not None:
            current = ("preset", Path(extends))
        else:
            target = (layer.base / extends).resolve()
            if not target.is_file():
                hint = did_you_mean(extends, preset_names()) if not layer.extended else ""
                problems.append(ConfigError(f"'{extends}' is neither a preset ({', '.join(preset_names())}) "
                                            f"nor a file{hint}",
                                            file=layer.origin, line=line_of(layer, ("extends",)), key="extends"))
                break
            current = ("file", target)
    if problems:
        raise ConfigError.several(problems)
    chain.reverse()  # base first
    return chain


def _read_preset(name: str) -> Layer:
    path = preset_path(name)
    if path is None:
        raise ConfigError(f"unknown preset '{name}'{did_you_mean(name, preset_names())} "
                          f"(known: {', '.join(preset_names())})", key="extends")
    layer = read_preset_layer(path)
    layer.origin = f"preset '{name}'"
    return layer


# -- merging and building -----------------------------------------------------------------------


def _merge(layers: list[Layer]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for layer in layers:
        data = copy.deepcopy(layer.data)
        for key, value in data.items():
            if key in ("sections",):
                merged[key] = _merge_specs(merged.get(key, {}), value)
            elif key == "summary":
                summary = merged.setdefault("summary", {})
                if "section" in value:
                    summary["section"] = value["section"]
                if "fields" in value:
                    summary["fields"] = _merge_specs(summary.get("fields", {}), value["fields"])
            elif key in ("rules", "wordlists"):
                target = merged.setdefault(key, {})
                for name, entry in value.items():
                    target[name] = _merge_rule(target.get(name), entry) if key == "rules" else entry
            elif key == "overrides":
                for override in value:
                    # A preset's globs have no directory of their own: they apply from the config's.
                    if not layer.origin.startswith("preset "):
                        override["_base"] = layer.base
                merged.setdefault("overrides", []).extend(value)
            elif key != "extends":
                merged[key] = value
    return merged


def _merge_specs(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, spec in update.items():
        key = str(key)  # YAML reads "2024:" as a number; a section key is text
        if spec is False or spec is None:
            spec = {"required": False}
        current = dict(result.get(key, {}))
        for name, value in spec.items():
            if name == "extend-aliases":
                current["aliases"] = list(current.get("aliases", [])) + list(value)
            else:
                current[name] = value
        result[key] = current
    return result


def _merge_rule(base: Any, update: Any) -> Any:
    if isinstance(base, dict) and isinstance(update, dict):
        return {**base, **update}
    if isinstance(base, dict):
        return {**base, **_rule_shorthand(update)}
    return update


def _rule_shorthand(value: Any) -> dict[str, Any]:
    """``PM001: false`` / ``PM001: off`` / ``PM001: info`` as a mapping."""
    if isinstance(value, bool):
        return {"enabled": value}
    if isinstance(value, str):
        if value.lower() in ("off", "false", "disable", "disabled"):
            return {"enabled": False}
        return {"enabled": True, "severity": value}
    return dict(value)


def _build(merged: dict[str, Any], root: Path, path: Path | None, rules: Mapping[str, RuleMeta],
           origin: str) -> Config:
    sections = tuple(_spec(key, spec) for key, spec in merged.get("sections", {}).items())
    summary = merged.get("summary", {})
    fields = tuple(_spec(key, spec) for key, spec in summary.get("fields", {}).items())
    summary_section = summary.get("section")
    keys = {spec.key for spec in sections}
    problems = []
    for spec in sections:
        if spec.part_of is not None and spec.part_of not in keys:
            problems.append(ConfigError(f"names section '{spec.part_of}', which 'sections' does not define"
                                        f"{did_you_mean(spec.part_of, keys)}",
                                        file=origin, key=f"sections.{spec.key}.part-of"))
    if summary_section is not None and summary_section not in keys:
        problems.append(ConfigError(f"names section '{summary_section}', which 'sections' does not define"
                                    f"{did_you_mean(summary_section, keys)}",
                                    file=origin, key="summary.section"))
    if problems:
        raise ConfigError.several(problems)
    catalog = Catalog(sections=sections, summary_section=summary_section, fields=fields)

    trust_option_defaults(rules)
    settings: dict[str, RuleSetting] = {}
    for code, meta in rules.items():
        settings[code] = RuleSetting(meta.enabled, meta.severity, dict(meta.options))
    for key, entry in merged.get("rules", {}).items():
        resolved = resolve_rule(key, rules)
        assert resolved is not None  # validated
        settings[resolved.code] = apply_rule_changes(settings[resolved.code], _rule_shorthand(entry))

    overrides = []
    for override in merged.get("overrides", []):
        files = tuple(override["files"])
        changes = {}
        for key, entry in (override.get("rules") or {}).items():
            resolved = resolve_rule(key, rules)
            assert resolved is not None  # validated
            changes[resolved.code] = _rule_shorthand(entry)
        overrides.append(Override(files, changes, override.get("_base", root)))

    fail_on_name = str(merged.get("fail-on", "warning")).lower()
    wordlist_changes = {name: (list(change.get("add", [])), list(change.get("remove", [])))
                        for name, change in merged.get("wordlists", {}).items()}
    return Config(
        root=root, path=path, catalog=catalog, rules=settings,
        include=tuple(merged.get("include", DEFAULT_INCLUDE)),
        # 'exclude' adds to the defaults: listing drafts/ must not start linting .git/ or node_modules/.
        exclude=DEFAULT_EXCLUDE + tuple(merged.get("exclude", ())),
        fail_on=None if fail_on_name == "never" else Severity.parse(fail_on_name),
        unsafe_fixes=bool(merged.get("unsafe-fixes", False)),
        force_exclude=bool(merged.get("force-exclude", False)),
        overrides=overrides, wordlist_changes=wordlist_changes,
        max_file_size=int(merged.get("max-file-size", DEFAULT_MAX_FILE_SIZE)),
        language_model=merged.get("language-model") or None,
        template=Path(merged["template"]) if merged.get("template") else None,
    )


def _spec(key: str, spec: dict[str, Any]) -> SectionSpec:
    title = spec.get("title") or key.replace("-", " ").title()
    return SectionSpec(key=key, title=title, aliases=tuple(spec.get("aliases", ())),
                       required=bool(spec.get("required", True)), evidence=tuple(spec.get("evidence", ())),
                       part_of=spec.get("part-of") or None)
