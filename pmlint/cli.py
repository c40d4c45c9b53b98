"""The ``pmlint`` command line: ``check``, ``report``, ``rules``, ``explain``, ``init``, ``new``, ``schema``, ``lsp``.

Exit codes: 0 nothing at or above the fail-on severity, 1 findings, 2 usage, config or input error.
"""
from __future__ import annotations

import errno
import gc
import os
import signal
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pmlint import __version__
from pmlint.output.colors import COLOR_CHOICES
from pmlint.output.formats import FORMATTERS
from pmlint.resources import preset_names

if TYPE_CHECKING:
    import datetime

    from pmlint.commands.baseline import Baseline
    from pmlint.commands.reread import RereadDocuments
    from pmlint.errors import PmlintError
    from pmlint.model import Finding
    from pmlint.output.options import FormatOptions

# `pmlint --version` and `--help` import only click and the few light modules above (issue 19): every
# command imports what it needs when it runs (tests/test_startup.py lists what must not be imported).
# The option choices below are copies of the lists their modules own, so that defining the options
# imports nothing; tests/test_startup.py checks that each copy equals its original.
FAIL_ON_CHOICES = ("error", "warning", "info", "never")  # config/settings.py
SCHEMA_FILE = ".pmlint.schema.json"  # commands/scaffold.py
_EXIT_ERROR = 2  # model.ExitCode.ERROR


def _error(message: str) -> None:
    from pmlint.output.escape import for_terminal

    # Messages name files, keys and values from the user's input: escaped, every message is one line
    # that starts "pmlint: error:", so none can be a terminal control sequence or a CI workflow command.
    click.echo(f"pmlint: error: {for_terminal(message)}", err=True)


def _errors(error: PmlintError) -> None:
    """An error as one "pmlint: error:" line per problem (a config error names every problem it found)."""
    for line in error.lines():
        _error(line)


def _note(message: str) -> None:
    """A line of information on stderr, escaped as errors are (it names files)."""
    from pmlint.output.escape import for_terminal

    click.echo(for_terminal(message), err=True)


class _Group(click.Group):
    """Turns any PmlintError escaping a command into a message and exit 2, never a traceback."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: object) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)  # type: ignore[arg-type]
        except click.ClickException as error:
            raise _escaped(error) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            raise _escaped(error) from None
        except OSError as error:
            if error.filename is not None or error.errno not in _OUTPUT_ERRORS:
                raise
            if error.errno == errno.EPIPE:
                _reader_gone()
            _output_failed(error)
            ctx.exit(_EXIT_ERROR)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise  # `pmlint CMD --help` ends here: it imports nothing of what follows
        except Exception as error:
            # A command that raises a PmlintError has imported pmlint.errors already: this costs nothing.
            from pmlint.errors import PmlintError

            if not isinstance(error, PmlintError):
                raise
            _errors(error)
            ctx.exit(_EXIT_ERROR)


def _formatted(output_format: str, findings: list[Finding], options: FormatOptions, statistics: bool) -> Iterator[str]:
    """The output of a check in ``output_format``: the findings (in pieces where the formatter can make
    them) or, with ``--statistics``, the counts per rule."""
    from pmlint.output.formats import STREAMERS

    if statistics:
        from pmlint.output.statistics import STATISTICS_FORMATS

        yield STATISTICS_FORMATS[output_format](findings, options)
        return
    streamer = STREAMERS.get(output_format)
    if streamer is None:
        yield FORMATTERS[output_format](findings, options)
        return
    yield from streamer(findings, options)


def _echo_output(pieces: Iterable[str], options: FormatOptions, err: bool) -> None:
    """Write the output in pieces of about 64 KiB as they are formatted where the formatter can (a run
    with 100,000 findings does not hold its whole output), else in one piece."""
    pending: list[str] = []
    size = 0
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size >= 65536:
            click.echo("".join(pending), nl=False, color=options.color, err=err)
            pending, size = [], 0
    if size:
        click.echo("".join(pending), nl=False, color=options.color, err=err)


def _documents(output_format: str, stdin_filename: str | None, stdin_bytes: bytes | None,
               fixed_stdin: bytes | None) -> RereadDocuments | None:
    """The documents read again for a format that counts UTF-8 bytes and quotes lines (rdjson); None for the others."""
    if output_format != "rdjson":
        return None
    from pmlint.commands.reread import RereadDocuments

    stdin = None
    if stdin_bytes is not None:
        # The name the runner shows for '-', and the text its findings refer to (the fixed text with --fix).
        stdin = (stdin_filename or "<stdin>", fixed_stdin if fixed_stdin is not None else stdin_bytes)
    return RereadDocuments(stdin)


def _escaped(error: click.ClickException) -> click.ClickException:
    """Click's usage errors quote what was typed (with repr, which leaves '##[' alone): escape it too."""
    from pmlint.output.escape import for_terminal

    error.message = for_terminal(error.message)
    return error


# Errors of writing the standard streams (a file's errors carry its name and are reported as input
# errors): a full disk (> /dev/full), a quota, an I/O error, a descriptor closed under pmlint.
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF, errno.EPIPE}


def _reader_gone() -> None:
    """The reader of the output went away (``| head``): end quietly by SIGPIPE, as other Unix tools do.

    Only here: SIGPIPE stays ignored for the rest of the run, so a write to a pipe of a --jobs worker
    that was killed is an error the pool reports, not the silent end of pmlint."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)


def _output_failed(error: OSError) -> None:
    """Report that the output could not be written, and make sure nothing tries to write it again:
    the interpreter flushes stdout when it exits and would print "Exception ignored" for it."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass
    try:
        _error(f"cannot write the output to standard output: {error.strerror or error}")
    except OSError:
        pass  # stderr fails too: the exit code is all that is left


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
@click.option("--no-color", is_flag=True, help="Never colour the output (the same as --color never).")
@click.option("--color", "color_choice", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
              help="Colour the text output: auto on a terminal unless NO_COLOR is set (FORCE_COLOR forces it).")
@click.option("--extend-select", multiple=True, metavar="RULES",
              help="Run these rules too (such as the off-by-default PM305), besides those the config or "
                   "--select turns on.")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule made instead of the findings (text or json).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (still 2 on errors).")
@click.option("--output-file", "-o", "output_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the output to FILE (replaced atomically) instead of standard output; '-' is "
                   "standard output.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, without the summary line.")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes in place (atomically, verified by linting again), then report what "
                   "remains. With '-', print the fixed text to stdout and the findings to stderr.")
@click.option("--unsafe-fixes/--no-unsafe-fixes", "unsafe_fixes", default=None,
              help="Also apply (with --fix or --diff) or offer (in the text output) the unsafe fixes, which may "
                   "change the meaning: a word replaced, times converted [config 'unsafe-fixes', default: no].")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the changes --fix would make as a unified diff and change nothing; exit 1 if there are any.")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Report only findings that FILE (written by --write-baseline) does not record.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE", help="Record every finding in FILE, report none, and exit 0: later runs with "
                                   "--baseline FILE fail only on new findings.")
@click.option("--jobs", "-j", "jobs_text", default="auto", show_default=True, metavar="N|auto",
              help="Worker processes for runs of more than 64 files; auto uses the available cores (at most 8).")
@click.option("--changed-since", metavar="REF",
              help="Lint only files git reports as changed since REF (a branch, tag or commit), including "
                   "uncommitted and untracked ones.")
@click.option("--force-exclude/--no-force-exclude", default=None,
              help="Apply the config's include and exclude to files named on the command line (and to "
                   "--stdin-filename) too, as for files found in directories; for pre-commit hooks and editors "
                   "(default: config force-exclude, else no).")
@click.option("--no-cache", is_flag=True,
              help="Do not read or write the result cache (.pmlint_cache in the project root, or PMLINT_CACHE_DIR).")
def check(paths: tuple[str, ...], config_path: Path | None, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str | None, stdin_filename: str | None, no_color: bool,
          quiet: bool, fix: bool, show_diff: bool, output_format: str | None = None,
          baseline_path: Path | None = None, write_baseline_path: Path | None = None,
          changed_since: str | None = None, jobs_text: str = "auto", unsafe_fixes: bool | None = None,
          force_exclude: bool | None = None, color_choice: str = "auto", extend_select: tuple[str, ...] = (),
          statistics: bool = False, exit_zero: bool = False, output_file: Path | None = None,
          no_cache: bool = False) -> None:
    """Lint post-mortems. PATHS are files or directories (default: the current directory); '-' reads stdin."""
    from pmlint.commands.engine import Engine
    from pmlint.commands.files import STDIN
    from pmlint.commands.runner import WorkerSetup, lint_paths
    from pmlint.config.discovery import ConfigCache
    from pmlint.errors import ConfigError, InputError
    from pmlint.model import ExitCode, Severity
    from pmlint.output.colors import use_color
    from pmlint.output.options import FormatOptions

    output_file = _file_or_stdout(output_file)
    if output_format is None:
        # In a GitHub Actions job, annotations on the pull request are what users expect (statistics are
        # not annotations: they default to text there too).
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" and not statistics else "text"
    _check_output_options(output_format, statistics, show_diff, write_baseline_path, output_file,
                          no_color, color_choice)
    if baseline_path is not None and write_baseline_path is not None:
        raise ConfigError("give either --baseline or --write-baseline, not both", key="--write-baseline")
    if write_baseline_path is not None and (fix or show_diff):
        raise ConfigError("a baseline records findings as they are; run --fix first, then --write-baseline",
                          key="--write-baseline")
    jobs = _parse_jobs(jobs_text)
    if sys.stdout is None and write_baseline_path is None and (output_file is None or (fix and STDIN in paths)):
        raise InputError("standard output is closed: there is nowhere to print the results "
                         "(redirect it to a file or to /dev/null)", file="<stdout>")
    engine = Engine.create()
    if config_path is not None and not _is_file(config_path):
        raise ConfigError("config file not found", file=str(config_path), key="--config")
    cache = ConfigCache(engine.rules, explicit=config_path, select=select, ignore=ignore, extend_select=extend_select)
    baseline: Baseline | None = None
    previous: Baseline | None = None
    if baseline_path is not None or write_baseline_path is not None:
        # Only a run with a baseline needs it.
        from pmlint.commands.baseline import Baseline

        baseline = Baseline.read(baseline_path) if baseline_path is not None else None
        previous = Baseline.previous(write_baseline_path) if write_baseline_path is not None else None
    only = None
    if changed_since is not None:
        # The repositories of the paths given (a missing path is reported by the run itself).
        directories = [directory for target in (list(paths) or ["."]) if target != STDIN
                       for directory in [_directory_of(target)] if directory is not None]
        from pmlint.commands.changed import (
            changed_files,  # runs git: imported only for this option
        )

        changed = changed_files(changed_since, directories)
        only = lambda path: path.resolve() in changed  # noqa: E731
    targets = list(paths) or ["."]
    stdin_bytes = _read_stdin() if STDIN in targets else None
    fix_mode = "diff" if show_diff else "fix" if fix else None
    results = None
    if not no_cache:
        from pmlint.commands.cache import ResultCache, default_directory

        results = ResultCache(default_directory(config_path, Path.cwd()))
    result = lint_paths(engine, cache, targets, stdin_bytes=stdin_bytes, stdin_filename=stdin_filename, fix=fix_mode,
                        only=only, jobs=jobs, setup=WorkerSetup(config_path, select, ignore, extend_select), unsafe_fixes=unsafe_fixes,
                        force_exclude=force_exclude, results=results)

    if write_baseline_path is not None:
        recorded = Baseline.record(write_baseline_path, result.findings)
        # A run over part of the tree (--changed-since, some files) updates their entries only.
        kept, kept_files = recorded.keep_unlinted(previous, result.paths)
        _write_generated(write_baseline_path, recorded.render().encode("utf-8"), replace=True)
        count = len({finding.path for finding in result.findings})
        note = (f", keeping {kept} finding{'s' if kept != 1 else ''} of {kept_files} "
                f"file{'s' if kept_files != 1 else ''} this run did not lint") if kept else ""
        _note(f"pmlint: recorded {len(result.findings)} finding{'s' if len(result.findings) != 1 else ''} "
              f"in {count} file{'s' if count != 1 else ''} to {write_baseline_path.as_posix()}{note}")
        for error in result.errors:
            _errors(error)
        sys.exit(ExitCode.ERROR if result.errors else ExitCode.OK)
    known = gone = 0
    if baseline is not None:
        matched = baseline.match(result.findings, result.paths)
        result.findings, known, gone = matched.new, matched.known, matched.gone

    if fix_mode == "diff":
        written = True
        if output_file is not None:
            written = _write_output_file(output_file, "".join(result.diffs), result.paths)
        else:
            click.echo("".join(result.diffs), nl=False)
        for error in result.errors:
            _errors(error)
        sys.exit(ExitCode.ERROR if result.errors or not written else
                 ExitCode.FINDINGS if result.diffs and not exit_zero else ExitCode.OK)

    # With '--fix -' stdout carries the fixed document, so findings go to stderr.
    fixed_stdin = fix_mode == "fix" and stdin_bytes is not None
    if fixed_stdin:
        sys.stdout.buffer.write(result.fixed_stdin if result.fixed_stdin is not None else stdin_bytes or b"")
        sys.stdout.buffer.flush()
    # --color, FORCE_COLOR and NO_COLOR (output/colors.py); a file written with --output-file has no colour.
    color = output_file is None and use_color("never" if no_color else color_choice, os.environ,
                                              (sys.stderr if fixed_stdin else sys.stdout).isatty())
    options = FormatOptions(color=color, quiet=quiet, files=result.files, paths=tuple(sorted(result.paths)),
                            rules=engine.rules, baselined=known, unsafe_fixes=frozenset(result.unsafe_fixes),
                            documents=_documents(output_format, stdin_filename, stdin_bytes, result.fixed_stdin))
    pieces = _formatted(output_format, result.findings, options, statistics)
    written = True
    if output_file is not None:
        written = _write_output_file(output_file, "".join(pieces), result.paths)
    else:
        _echo_output(pieces, options, err=fixed_stdin)
    if fix_mode == "fix" and not quiet and result.fixed:
        plural = "s" if result.fixed != 1 else ""
        files = "s" if result.fixed_files != 1 else ""
        click.echo(f"pmlint: fixed {result.fixed} finding{plural} in {result.fixed_files} file{files}", err=True)
    for error in result.errors:
        _errors(error)
    if gone and not quiet:
        assert baseline_path is not None
        _note(f"pmlint: {gone} finding{'s' if gone != 1 else ''} recorded in {baseline_path.as_posix()} "
              f"{'no longer occur' if gone != 1 else 'no longer occurs'}; --write-baseline "
              f"{baseline_path.as_posix()} records the smaller set")

    if result.errors or not written:
        sys.exit(ExitCode.ERROR)
    if exit_zero:
        sys.exit(ExitCode.OK)
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


def _check_output_options(output_format: str, statistics: bool, show_diff: bool, write_baseline_path: Path | None,
                          output_file: Path | None, no_color: bool, color_choice: str) -> None:
    """Usage errors of the output options: combinations that cannot both be done."""
    from pmlint.errors import ConfigError

    if statistics and output_format not in _statistics_formats():
        raise ConfigError(f"statistics are printed as text or json, not {output_format}", key="--statistics")
    if statistics and (show_diff or write_baseline_path is not None):
        raise ConfigError("--statistics counts the findings a check reports; "
                          f"it does not go with {'--diff' if show_diff else '--write-baseline'}", key="--statistics")
    if output_file is not None and write_baseline_path is not None:
        raise ConfigError("--write-baseline writes no output; give either it or --output-file", key="--output-file")
    if no_color and color_choice == "always":
        raise ConfigError("give either --no-color or --color always, not both", key="--color")


def _statistics_formats() -> Iterable[str]:
    """The formats --statistics can print (imported only when it is given)."""
    from pmlint.output.statistics import STATISTICS_FORMATS

    return STATISTICS_FORMATS


def _file_or_stdout(path: Path | None) -> Path | None:
    """An -o/--output value: None (standard output) for '-', as `new -o -` and most command-line tools read it."""
    return None if path is not None and str(path) == "-" else path


def _write_output_file(path: Path, text: str, linted: list[str]) -> bool:
    """Write the output of a check to ``path`` (--output-file), atomically; False, after saying why, when
    it cannot be written, or when it is one of the files the run linted (which it would overwrite)."""
    from pmlint.errors import InputError, PmlintError

    try:
        if os.path.lexists(path) and any(_same_file(path, name) for name in linted):
            raise InputError("is one of the files being linted; not overwritten with the output", file=path.as_posix())
        _write_generated(path, text.encode("utf-8", "surrogateescape"), replace=True)
    except PmlintError as error:
        _error(str(error))
        return False
    return True


def _same_file(path: Path, name: str) -> bool:
    try:
        return os.path.samefile(path, name)
    except (OSError, ValueError):
        return False


# The formats of `pmlint report` (output/report_formats.py, imported only by that command: `check` starts
# without them; tests/test_report_formats.py checks that the two lists agree).
REPORT_FORMAT_NAMES = ("text", "markdown", "json", "csv", "html")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(REPORT_FORMAT_NAMES), default="text",
              show_default=True, help="Output format: text tables, markdown (a wiki page, $GITHUB_STEP_SUMMARY), "
                                      "json (the documented schema), csv (the ledger), html (a dashboard).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Write the report to FILE instead of standard output; '-' is standard output.")
@click.option("--as-of", "as_of_text", metavar="YYYY-MM-DD", default=None,
              help="The date the report is made for (overdue items, ages) [default: today, UTC].")
@click.option("--window-days", type=click.IntRange(min=0, max=36_500), default=30, show_default=True, metavar="N",
              help="The completion window: items done within N days of their incident.")
@click.option("--fail-on-overdue", is_flag=True, help="Exit 1 when any action item is overdue.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this config file instead of discovering .pmlint.yaml / pyproject.toml.")
@click.option("--jobs", "-j", "jobs_text", default="auto", show_default=True, metavar="N|auto",
              help="Worker processes for runs of more than 64 files; auto uses the available cores (at most 8).")
def report(paths: tuple[str, ...], output_format: str, output: Path | None, as_of_text: str | None,
           window_days: int, fail_on_overdue: bool, config_path: Path | None, jobs_text: str) -> None:
    """Report the action items of every post-mortem under PATHS (default: the current directory) with the
    guide's metrics: completion, overdue items by owner, time to publication, repeat incidents."""
    import datetime
    import shutil

    from pmlint.commands.engine import Engine
    from pmlint.commands.files import STDIN
    from pmlint.commands.report import (  # only this command needs them
        build_report,
        read_document,
    )
    from pmlint.commands.runner import WorkerSetup, lint_paths
    from pmlint.config.discovery import ConfigCache
    from pmlint.errors import ConfigError, InputError
    from pmlint.model import ExitCode
    from pmlint.output import report_text
    from pmlint.output.report_formats import REPORT_FORMATS

    output = _file_or_stdout(output)
    as_of = _parse_date(as_of_text, "--as-of") if as_of_text is not None else datetime.datetime.now(datetime.timezone.utc).date()
    jobs = _parse_jobs(jobs_text)
    if STDIN in paths:
        raise ConfigError("the report reads files and directories, not standard input ('-')", key="PATHS")
    for path in paths:
        # A mistyped path would make an empty report that passes --fail-on-overdue: a usage error instead.
        if not os.path.lexists(path):
            raise InputError("no such file or directory", file=path)
    if output is None and sys.stdout is None:
        raise InputError("standard output is closed: there is nowhere to print the report "
                         "(use -o FILE)", file="<stdout>")
    engine = Engine.create()
    if config_path is not None and not _is_file(config_path):
        raise ConfigError("config file not found", file=str(config_path), key="--config")
    cache = ConfigCache(engine.rules, explicit=config_path)
    result = lint_paths(engine, cache, list(paths) or ["."], jobs=jobs, setup=WorkerSetup(config_path),
                        collect=read_document)
    configuration = [error for error in result.errors if isinstance(error, ConfigError)]
    skipped = [error for error in result.errors if not isinstance(error, ConfigError)]
    facts = [result.collected[path] for path in result.paths if path in result.collected]
    built = build_report(facts, result.findings, skipped, engine.rules, as_of, window_days)
    renderer = REPORT_FORMATS[output_format]
    if output_format == "text" and output is None and sys.stdout.isatty():
        text = report_text.render(built, width=max(60, shutil.get_terminal_size().columns))
    else:
        text = renderer(built)
    if output is not None:
        _write_generated(output, text.encode("utf-8", "surrogateescape"), replace=True)
    else:
        click.echo(text, nl=False)
    for error in result.errors:
        _errors(error)
    if configuration or (result.errors and not result.files):
        sys.exit(ExitCode.ERROR)  # a broken configuration, or nothing could be read at all
    sys.exit(ExitCode.FINDINGS if fail_on_overdue and built["metrics"]["overdue"] else ExitCode.OK)


def _directory_of(target: str) -> Path | None:
    """The directory a path names, or the one holding the file it names; None when it cannot be
    reached (the run reports why)."""
    try:
        return Path(target) if stat.S_ISDIR(os.stat(target).st_mode) else Path(target).parent
    except OSError:
        return None


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # missing, a name too long, a directory on the path that cannot be searched
        return False


def _read_stdin() -> bytes:
    """All of stdin, for '-'; a closed or unreadable stdin is an input error."""
    from pmlint.errors import InputError

    if sys.stdin is None:
        raise InputError("standard input is closed: nothing to read for '-'", file="<stdin>")
    try:
        return sys.stdin.buffer.read()
    except OSError as error:
        raise InputError(f"cannot read standard input: {error.strerror or error}", file="<stdin>") from None


_AUTO_JOBS_LIMIT = 8


def _parse_jobs(text: str) -> int:
    if text.strip().lower() == "auto":
        try:
            cores = len(os.sched_getaffinity(0))  # the cores this process may run on (containers, taskset)
        except AttributeError:  # not on Linux
            cores = os.cpu_count() or 1
        return max(1, min(cores, _AUTO_JOBS_LIMIT))
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        from pmlint.errors import ConfigError

        raise ConfigError(f"must be a positive number or 'auto' (got {text!r})", key="--jobs")
    return jobs


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule with its code, name, default severity and summary."""
    from pmlint.ruledefs import load_rules

    rules = load_rules()
    if output_format == "json":
        import json

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
    from pmlint.commands.rule_docs import explain_text
    from pmlint.errors import ConfigError
    from pmlint.ruledefs import load_rules, resolve_rule, suggest_rule

    meta = resolve_rule(rule, load_rules())
    if meta is None:
        raise ConfigError(f"unknown rule '{rule}'{suggest_rule(rule, load_rules())} (see 'pmlint rules')", key="RULE")
    click.echo(explain_text(meta))


@cli.command()
def lsp() -> None:
    """Run the language server on standard input and output, for editors (needs pip install 'pmlint[lsp]')."""
    try:
        from pmlint.lsp.server import (
            serve,  # pygls and lsprotocol: only this command needs them
        )
    except ImportError as error:
        from pmlint.errors import PmlintError

        missing = f" (missing module '{error.name}')" if error.name else ""
        raise PmlintError(f"the language server needs the lsp extra: pip install 'pmlint[lsp]'{missing}") from None
    serve()


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--preset", type=click.Choice(preset_names()), default="default", show_default=True,
              help="The template the configuration enforces.")
@click.option("--no-schema", is_flag=True,
              help=f"Do not write {SCHEMA_FILE} (the JSON Schema editors use to complete and check the file).")
@click.option("--force", is_flag=True, help="Replace an existing configuration.")
def init(directory: Path, preset: str, no_schema: bool, force: bool) -> None:
    """Write a commented .pmlint.yaml for a preset in DIRECTORY (default: the current directory)."""
    from pmlint.commands import scaffold
    from pmlint.config.loading import load_preset
    from pmlint.config.settings import CONFIG_FILES
    from pmlint.errors import InputError
    from pmlint.ruledefs import load_rules

    if not directory.is_dir():
        raise InputError("no such directory", file=str(directory))
    existing = [directory / name for name in CONFIG_FILES if (directory / name).exists()]
    if existing and not force:
        raise InputError("a pmlint configuration already exists here; edit it, or use --force to replace it",
                         file=existing[0].as_posix())
    rules = load_rules()
    text = scaffold.config_text(preset, load_preset(preset, rules), rules, schema=not no_schema)
    # --force replaces the configuration that is there, under its own name.
    target = existing[0] if existing else directory / scaffold.CONFIG_FILE
    written = [_write_generated(target, text.encode("utf-8"), replace=force)]
    if not no_schema:
        written.append(_write_generated(directory / scaffold.SCHEMA_FILE, _schema_text().encode("utf-8"), replace=True))
    click.echo(f"Wrote {' and '.join(path.as_posix() for path in written)} (preset: {preset}).")
    click.echo("Next: 'pmlint check' lints every post-mortem below it; 'pmlint check --write-baseline "
               ".pmlint-baseline.json' records today's findings so that only new ones fail.")


def _write_generated(path: Path, data: bytes, replace: bool) -> Path:
    from pmlint.commands.safewrite import (
        write_output,  # only commands that write files need it
    )

    write_output(path, data, replace=replace)
    return path


@cli.command()
@click.argument("title")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="Directory for the new file [default: the current directory].")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write to this file instead of DIR/YYYY-MM-DD-title.md; '-' prints it.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", default=None,
              help="The incident date for the front matter and file name [default: today].")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this config file instead of discovering one from the new file's directory.")
def new(title: str, directory: Path, output: str | None, date_text: str | None, config_path: Path | None) -> None:
    """Write a new post-mortem titled TITLE from the configured template, dated today in its front matter."""
    import datetime

    from pmlint.commands import scaffold
    from pmlint.config.discovery import ConfigCache
    from pmlint.errors import ConfigError, InputError
    from pmlint.ruledefs import load_rules

    title = scaffold.clean_title(title)
    if not title:
        raise ConfigError("the title is empty", key="TITLE")
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        raise ConfigError("the title is not valid UTF-8 text", key="TITLE") from None
    date = _parse_date(date_text, "--date") if date_text else datetime.date.today()
    target = Path(output) if output not in (None, "-") else directory / scaffold.file_name(title, date)
    if output != "-" and not target.parent.is_dir():
        raise InputError("no such directory", file=target.parent.as_posix())
    if config_path is not None and not config_path.is_file():
        raise ConfigError("config file not found", file=str(config_path), key="--config")
    config = ConfigCache(load_rules(), explicit=config_path).for_directory(target.parent if output != "-" else Path("."))
    template = _read_template(config.template) if config.template else scaffold.skeleton(config)
    text = scaffold.new_postmortem(template, title, date)
    if output == "-":
        click.echo(text, nl=False)
        return
    scaffold.write_new_file(target, text.encode("utf-8"))
    click.echo(target.as_posix())


def _parse_date(text: str, option: str) -> datetime.date:
    """A date given on the command line (``new --date``, ``report --as-of``), written YYYY-MM-DD."""
    import datetime
    import re

    from pmlint.errors import ConfigError

    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"'{text}' is not a date in the form YYYY-MM-DD", key=option) from None


def _read_template(path: Path) -> str:
    from pmlint.errors import ConfigError

    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read the template: {error.strerror or error}", file=path.as_posix(),
                          key="template") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"the template is not UTF-8 text (byte {error.start})", file=path.as_posix(),
                          key="template") from None


@cli.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Write the schema to this file (such as {SCHEMA_FILE}) instead of printing it; '-' prints it.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of .pmlint.yaml, for editors' YAML language servers."""
    text = _schema_text()
    output = _file_or_stdout(output)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_generated(output, text.encode("utf-8"), replace=True)


def _schema_text() -> str:
    from pmlint.config.schema import (
        render_schema,  # built from every rule: only for init and schema
    )

    return render_schema()


def main() -> None:
    # A lint run builds many small objects that live until its end (tokens, spans, findings): with
    # the default thresholds the collector walks them again and again. Collecting less often leaves
    # the output as it is and saved 11% of a 300-file run (4.8 -> 4.3 s) at the same peak memory.
    gc.set_threshold(100_000, 50, 1000)
    _reserve_standard_descriptors()
    _handle_signals()
    try:
        cli(prog_name="pmlint")
    except _Stopped as stop:
        _stop_now(stop.signum)


def run() -> None:
    """The ``pmlint`` script and ``python -m pmlint``: ``main``, then the process ends without tearing
    the interpreter down.

    Freeing every module and object one by one at exit took about 0.1 s once spaCy was imported, a tenth
    of linting a file that needs it, for nothing: the process is gone a moment later. The output is
    flushed first; when it cannot be (a reader that went away) or another thread is still running,
    the interpreter exits as usual, as it does under a profiler or tracer (cProfile, coverage), which
    writes its results at exit. ``main`` itself, which tests call in-process, exits as usual too.
    """
    import threading

    try:
        main()
        code: object = 0
    except SystemExit as exit_:
        code = exit_.code
    # A profiler or tracer (cProfile, coverage, trace) writes its results at exit: it gets the usual exit.
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    if not isinstance(code, int) or isinstance(code, bool) or threading.active_count() > 1 or watched \
            or not _flushed(sys.stdout, sys.stderr):
        sys.exit(code)  # the interpreter's own way: a message printed, the threads joined, errors shown
    os._exit(code & 0xFF)


def _flushed(*streams: object) -> bool:
    for stream in streams:
        if stream is None:
            continue
        try:
            stream.flush()  # type: ignore[attr-defined]
        except (OSError, ValueError, AttributeError):
            return False
    return True


class _Stopped(BaseException):
    """SIGINT or SIGTERM: a BaseException, so that no ``except Exception`` stops it on its way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def _handle_signals() -> None:
    # SIGINT and SIGTERM end the run with 128 + the signal's number (130, 143), as a shell reports a
    # process killed by them, after the worker processes of --jobs are ended (runner.py) and a
    # half-written fix is cleaned up (fixer.py). A reader of the output that goes away (| head)
    # ends pmlint by SIGPIPE (_reader_gone).
    signal.signal(signal.SIGINT, _raise_stopped)
    signal.signal(signal.SIGTERM, _raise_stopped)


def _stop_now(signum: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        name = "interrupted" if signum == signal.SIGINT else "terminated"
        os.write(2, f"pmlint: {name}\n".encode())
    except OSError:
        pass
    # Not sys.exit: the interpreter's exit would flush a stdout nobody may read any more and wait
    # for threads; the output written so far was flushed line by line.
    os._exit(128 + signum)


def _reserve_standard_descriptors() -> None:
    """Open /dev/null on any of descriptors 0-2 that is closed (``pmlint check x.md >&-``), so no file
    pmlint opens takes its place; ``sys.stdout`` stays None and the check reports it."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if null != descriptor:
                os.dup2(null, descriptor)
                os.close(null)
