"""The science the code relies on is written down in the repository, and the code cites it."""

from __future__ import annotations

import re

from experiments.core.paths import REPO_ROOT
from experiments.core.registry import EXPERIMENTS

SCIENCE = REPO_ROOT / "docs" / "science.md"
CITATION = re.compile(r"docs/science\.md,\s+sections?\s+(\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*)")


def sections() -> set[int]:
    return {int(n) for n in re.findall(r"^## (\d+)\. ", SCIENCE.read_text(), flags=re.M)}


def citations() -> dict[str, set[int]]:
    """Section numbers cited, per source file (citations may wrap onto the next line)."""
    found: dict[str, set[int]] = {}
    for folder in ("experiments", "figures", "scenes", "assets"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            text = " ".join(path.read_text().split())  # join wrapped lines
            cited = {int(n) for m in CITATION.finditer(text) for n in re.findall(r"\d+", m[1])}
            if cited:
                found[str(path.relative_to(REPO_ROOT))] = cited
    return found


def test_science_page_has_numbered_sections_and_references() -> None:
    assert sections() >= set(range(1, 8))
    assert "## References" in SCIENCE.read_text()


def test_every_cited_section_exists() -> None:
    known = sections()
    cited = citations()
    assert cited, "no source cites docs/science.md"
    for path, numbers in cited.items():
        missing = sorted(numbers - known)
        assert not missing, f"{path} cites sections {missing} that do not exist"


def test_every_experiment_topic_cites_the_science_page() -> None:
    cited = citations()
    for module in EXPERIMENTS.modules:
        path = module.replace(".", "/") + ".py"
        assert path in cited, f"{path} does not cite docs/science.md"
    # Nothing points at a file outside the repository any more.
    for folder in ("experiments", "figures", "scenes", "assets"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            assert "SCIENCE.md" not in path.read_text(), path
