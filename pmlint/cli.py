"""The ``pmlint`` command line: ``check``, ``rules``, ``explain``.

Exit codes: 0 nothing at or above the fail-on severity, 1 findings, 2 usage, config or input error.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from pmlint import __version__
from pmlint.config import FAIL_ON_CHOICES, ConfigCache
from pmlint.engine import Engine
from pmlint.errors import ConfigError, PmlintError
from pmlint.formatters import FORMATTERS, FormatOptions
from pmlint.model import ExitCode, Severity
from pmlint.ruledefs import RuleMeta, load_rules, resolve_rule
from pmlint.runner import STDIN, lint_paths


def _error(message: str) -> None:
    click.echo(f"pmlint: error: {message}", err=True)


class _Group(click.Group):
    """Turns any PmlintError escaping a command into a message and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PmlintError as error:
            _error(str(error))
            ctx.exit(ExitCode.ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pmlint")
def cli() -> None:
    """pmlint: lint incident post-mortems written in Markdown."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default=None,
              help="Output format [default: text; github when GITHUB_ACTIONS=true].")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this config file instead of discovering .pmlint.yaml / pyproject.toml.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only run these rules (codes, names or code prefixes such as PM0; comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default=None,
              help="Lowest severity that makes the exit code 1 [config 'fail-on', default: warning].")
@click.option("--stdin-filename", metavar="PATH",
              help="Name to report for '-' (stdin); also where config discovery starts.")
@click.option("--no-color", is_flag=True, help="Never colour the output (NO_COLOR is honoured too).")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, without the summary line.")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes in place (atomically, verified by linting again), then report what "
                   "remains. With '-', print the fixed text to stdout and the findings to stderr.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the changes --fix would make as a unified diff and change nothing; exit 1 if there are any.")
def check(paths: tuple[str, ...], config_path: Path | None, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str | None, stdin_filename: str | None, no_color: bool,
          quiet: bool, fix: bool, show_diff: bool, output_format: str | None = None) -> None:
    """Lint post-mortems. PATHS are files or directories (default: the current directory); '-' reads stdin."""
    if output_format is None:
        # In a GitHub Actions job, annotations on the pull request are what users expect.
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    engine = Engine.create()
    if config_path is not None and not config_path.is_file():
        raise ConfigError("config file not found", file=str(config_path), key="--config")
    cache = ConfigCache(engine.rules, explicit=config_path, select=select, ignore=ignore)
    targets = list(paths) or ["."]
    stdin_bytes = sys.stdin.buffer.read() if STDIN in targets else None
    fix_mode = "diff" if show_diff else "fix" if fix else None
    result = lint_paths(engine, cache, targets, stdin_bytes=stdin_bytes, stdin_filename=stdin_filename, fix=fix_mode)

    if fix_mode == "diff":
        click.echo("".join(result.diffs), nl=False)
        for error in result.errors:
            _error(str(error))
        sys.exit(ExitCode.ERROR if result.errors else ExitCode.FINDINGS if result.diffs else ExitCode.OK)

    # With '--fix -' stdout carries the fixed document, so findings go to stderr.
    fixed_stdin = fix_mode == "fix" and stdin_bytes is not None
    if fixed_stdin:
        sys.stdout.buffer.write(result.fixed_stdin if result.fixed_stdin is not None else stdin_bytes or b"")
        sys.stdout.buffer.flush()
    # no-color.org: NO_COLOR disables colour when set to any non-empty value.
    stream_is_tty = sys.stderr.isatty() if fixed_stdin else sys.stdout.isatty()
    color = not no_color and not os.environ.get("NO_COLOR") and stream_is_tty
    options = FormatOptions(color=color, quiet=quiet, files=result.files, paths=tuple(sorted(result.paths)),
                            rules=engine.rules)
    output = FORMATTERS[output_format](result.findings, options)
    if output:
        click.echo(output, nl=False, color=color, err=fixed_stdin)
    if fix_mode == "fix" and not quiet and result.fixed:
        plural = "s" if result.fixed != 1 else ""
        files = "s" if result.fixed_files != 1 else ""
        click.echo(f"pmlint: fixed {result.fixed} finding{plural} in {result.fixed_files} file{files}", err=True)
    for error in result.errors:
        _error(str(error))

    if result.errors:
        sys.exit(ExitCode.ERROR)
    threshold_override = fail_on
    for finding in result.findings:
        threshold: Severity | None
        if threshold_override is not None:
            threshold = None if threshold_override == "never" else Severity.parse(threshold_override)
        else:
            threshold = result.thresholds.get(finding.path, Severity.WARNING)
        if threshold is not None and finding.severity >= threshold:
            sys.exit(ExitCode.FINDINGS)
    sys.exit(ExitCode.OK)


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule with its code, name, default severity and summary."""
    rules = load_rules()
    if output_format == "json":
        click.echo(json.dumps([{"code": meta.code, "name": meta.name, "severity": str(meta.severity),
                                "summary": meta.summary, "fixable": meta.fixable, "enabled": meta.enabled}
                               for meta in rules.values()],
                              indent=2))
        return
    width = max(len(meta.name) for meta in rules.values())
    for meta in rules.values():
        note = "" if meta.enabled else " (off by default)"
        click.echo(f"{meta.code}  {meta.name:<{width}}  {str(meta.severity):<7}  {meta.summary}{note}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show a rule's documentation, options and examples. RULE is a code (PM001) or a name."""
    meta = resolve_rule(rule, load_rules())
    if meta is None:
        raise ConfigError(f"unknown rule '{rule}' (see 'pmlint rules')", key="RULE")
    click.echo(explain_text(meta))


def explain_text(meta: RuleMeta) -> str:
    lines = [f"{meta.code} {meta.name} ({meta.severity})", "", meta.summary, "", meta.rationale, ""]
    if meta.options:
        lines.append("Options:")
        for name, default in meta.options.items():
            lines.append(f"  {name} (default: {json.dumps(default)}): {meta.option_docs.get(name, '')}")
        lines.append("")
    if meta.wordlists:
        lines += [f"Wordlists: {', '.join(meta.wordlists)}", ""]
    lines += ["Bad:", _indent(meta.bad_example), "Good:", _indent(meta.good_example)]
    return "\n".join(lines).rstrip() + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.rstrip().splitlines()) + "\n"


def main() -> None:
    cli(prog_name="pmlint")
