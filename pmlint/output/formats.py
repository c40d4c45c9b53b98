"""The output formats by name (--format).

Formatters turn findings into output; they compute nothing, they only present."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from pmlint.model import Finding
from pmlint.output import (
    github_format,
    gitlab_format,
    json_format,
    junit_format,
    rdjson_format,
    sarif_format,
    text_format,
)
from pmlint.output.options import FormatOptions

Formatter = Callable[[Sequence[Finding], FormatOptions], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text_format.render,
    "json": json_format.render,
    "sarif": sarif_format.render,
    "github": github_format.render,
    "junit": junit_format.render,
    "rdjson": rdjson_format.render,
    "gitlab": gitlab_format.render,
}

# Formatters that can also hand their output over in pieces (each ``render`` is the pieces joined): the
# command writes them as they are made instead of holding the whole output of a run with many findings.
Streamer = Callable[[Sequence[Finding], FormatOptions], Iterator[str]]

STREAMERS: dict[str, Streamer] = {
    "text": text_format.stream,
    "json": json_format.stream,
    "github": github_format.stream,
    "sarif": sarif_format.stream,
    "rdjson": rdjson_format.stream,
    "gitlab": gitlab_format.stream,
}
