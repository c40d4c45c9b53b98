"""The benchmark's post-mortem generator (benchmarks/corpus.py): deterministic, sized, realistic, lintable.

The benchmark itself (``python -m benchmarks.run``) is not part of the test suite; these tests keep the
documents it measures honest, in a few seconds.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from benchmarks import corpus
from tests.helpers import lint_text

COUNT = 30


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return corpus.generate(tmp_path_factory.mktemp("corpus"), COUNT)


def test_same_seed_same_bytes_and_different_seed_different(generated: list[Path], tmp_path: Path) -> None:
    again = corpus.generate(tmp_path / "again", COUNT)
    assert [path.name for path in again] == [path.name for path in generated]
    assert [path.read_bytes() for path in again] == [path.read_bytes() for path in generated]
    other = corpus.generate(tmp_path / "other", COUNT, seed=8)
    assert [path.read_bytes() for path in other] != [path.read_bytes() for path in generated]
    assert corpus.typical_document(3) == corpus.typical_document(3) != corpus.typical_document(4)
    assert corpus.clean_document(3) == corpus.clean_document(3) != corpus.clean_document(4)


def test_generated_sizes_are_2_to_40_kb_and_spread(generated: list[Path]) -> None:
    sizes = [path.stat().st_size for path in generated]
    assert all(2_048 <= size <= 40_000 for size in sizes), sizes
    assert min(sizes) < 5_000 and max(sizes) > 15_000  # spread, not all one size
    assert 7_000 <= len(corpus.typical_document(7).encode()) <= 9_500
    assert 7_000 <= len(corpus.clean_document(7).encode()) <= 9_500


def _front_matter(text: str) -> tuple[dict | None, str]:
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + 5:]


def test_documents_are_markdown_with_valid_front_matter(generated: list[Path]) -> None:
    parser = MarkdownIt("commonmark").enable("table")
    with_front_matter = 0
    for path in generated:
        data, body = _front_matter(path.read_text(encoding="utf-8"))
        if data is not None:
            with_front_matter += 1
            assert isinstance(data, dict), path.name
            assert {"title", "date", "status"} <= set(data), path.name
            assert "authors" in data or "author" in data, path.name
        tokens = parser.parse(body)
        headings = [token for token in tokens if token.type == "heading_open"]
        assert len(headings) >= 6, path.name
        assert any(token.type in ("table_open", "bullet_list_open", "ordered_list_open") for token in tokens)
    assert with_front_matter >= COUNT * 0.6


def test_sample_yields_findings_of_several_rule_families(generated: list[Path]) -> None:
    codes: Counter[str] = Counter()
    documents_with_blame = 0
    for path in generated[:15]:
        found = {finding.code for finding in lint_text(path.read_text(encoding="utf-8"))}
        codes.update(found)
        documents_with_blame += "PM401" in found
    families = {code[:3] for code in codes}
    assert {"PM0", "PM1", "PM3", "PM4"} <= families, codes
    # About a fifth of the documents blame someone: some, not most.
    assert 1 <= documents_with_blame <= 6, codes


def test_typical_document_blames_someone() -> None:
    assert any(finding.code == "PM401" for finding in lint_text(corpus.typical_document(7), select=("PM401",)))


def test_big_document_is_within_ten_percent_of_its_size() -> None:
    text = corpus.big_document(1_000_000)
    assert 900_000 <= len(text.encode("utf-8")) <= 1_100_000
    lines = [line for line in text.splitlines() if line.strip()]
    # Grown from varied content, not one repeated line.
    assert len(set(lines)) > 0.6 * len(lines)
    assert text.count("\n## ") >= 15


def test_clean_document_gives_no_language_finding_and_does_not_import_spacy(tmp_path: Path) -> None:
    for seed in (7, 11):
        assert lint_text(corpus.clean_document(seed), select=("PM4",)) == []
    path = tmp_path / "clean.md"
    path.write_bytes(corpus.clean_document(7).encode("utf-8"))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pmlint", "check", "-q", str(path)],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    assert not [line for line in done.stderr.splitlines() if "spacy" in line]


def test_sized_corpus_is_within_ten_percent_deterministic_and_leaves_the_default_alone(
        generated: list[Path], tmp_path: Path) -> None:
    # Issue 19's peer benchmark (benchmarks/peers.py): every file about 11 KB.
    sized = corpus.generate(tmp_path / "a", 12, size=11_000)
    assert all(9_900 <= path.stat().st_size <= 12_100 for path in sized)
    again = corpus.generate(tmp_path / "b", 12, size=11_000)
    assert [path.read_bytes() for path in sized] == [path.read_bytes() for path in again]
    # Other seeds than the default corpus's: no file of one is a file of the other.
    assert not {path.read_bytes() for path in sized} & {path.read_bytes() for path in generated}


def test_peer_rows_hold_the_ratios_against_issue_19s_targets() -> None:
    from benchmarks import peers

    result = {"files": 10, "median_bytes": 11_000, "markdownlint": "markdownlint-cli2 0.0 from npm",
              "tools": {name: {"files_per_s": rate} for name, rate in
                        [("pmlint --jobs 1", 80.0), ("pmlint --jobs auto", 150.0),
                         ("markdown-it-py parse only", 250.0), ("markdownlint-cli2", 60.0)]},
              "ratios": {"pmlint --jobs 1 / markdown-it-py parse only": 80 / 250,
                         "pmlint --jobs auto / markdownlint-cli2": 150 / 60,
                         "pmlint --jobs 1 / markdownlint-cli2": 80 / 60}}
    verdicts = {row["measure"]: (row["value"], row["passed"]) for row in peers.rows(result)}
    assert verdicts["peers (10 files, median 11.0 KB), pmlint --jobs auto / markdownlint-cli2"] == ("2.50", True)
    assert verdicts["peers (10 files, median 11.0 KB), pmlint --jobs 1 / markdownlint-cli2"] == ("1.33", True)
    assert verdicts["peers (10 files, median 11.0 KB), pmlint --jobs 1 / markdown-it-py parse only"] == ("0.32", False)
