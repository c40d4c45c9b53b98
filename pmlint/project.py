"""pmlint's own URLs (home page, documentation, repository, issues, changelog), kept in one place.

That place is ``[project.urls]`` in pyproject.toml. An installed pmlint reads them from its
distribution's metadata (the ``Project-URL`` fields the build wrote from that table); a checkout or an
editable install reads the pyproject.toml beside the package, because the installed metadata may
belong to another copy (an editable install of a different worktree) or be missing altogether.
"""
from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_NAME = "pmlint"


def _label_key(label: str) -> str:
    """Labels compare as PEP 753 normalises them: case, spaces and punctuation do not matter."""
    return "".join(character for character in label.lower() if character.isalnum())


def _from_pyproject(path: Path) -> dict[str, str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    if not isinstance(project, dict) or project.get("name") != _NAME or not isinstance(project.get("urls"), dict):
        return {}
    return {str(label): str(url) for label, url in project["urls"].items()}


def _from_metadata() -> dict[str, str]:
    import importlib.metadata

    try:
        entries = importlib.metadata.metadata(_NAME).get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    urls: dict[str, str] = {}
    for entry in entries:
        label, separator, url = entry.partition(",")
        if separator and url.strip():
            urls[label.strip()] = url.strip()
    return urls


@functools.cache
def urls() -> dict[str, str]:
    """``[project.urls]`` of this copy of pmlint, by label (empty if neither source has them)."""
    checkout = _PACKAGE.parent / "pyproject.toml"
    # As in resources.data_dir: a wheel carries pmlint/_data, a checkout does not.
    if not (_PACKAGE / "_data").is_dir() and checkout.is_file():
        found = _from_pyproject(checkout)
        if found:
            return found
    return _from_metadata()


def url(label: str) -> str | None:
    """The URL labelled ``label`` (``Homepage``, ``Documentation``, ``Repository``, ``Issues``, ``Changelog``)."""
    wanted = _label_key(label)
    return next((value for key, value in urls().items() if _label_key(key) == wanted), None)
