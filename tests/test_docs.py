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


def test_the_science_page_states_its_constants_as_computed() -> None:
    """Numbers written on the science page that code computes: they agree to the digits shown."""
    import math

    from experiments.topics.geometry import edgeworth_tv_constant

    text = SCIENCE.read_text()
    stated = re.findall(r"E\|He_4\(Z\)\|/8 = (0\.\d+)…", text)
    assert stated, "the science page no longer states E|He_4(Z)|/8"
    for digits in stated:
        assert math.floor(edgeworth_tv_constant() * 10 ** (len(digits) - 2)) == int(digits[2:])
    # Theorem 3's sample-size condition at k = 1, delta = 1/2: 8^4 log 16, and its delta -> 1 limit
    assert "8⁴ log 16 ≈ 1.14·10⁴" in text and f"{8**4 * math.log(16):.3g}" == "1.14e+04"
    assert "8⁴ log 8 ≈ 8.5·10³" in text and f"{8**4 * math.log(8):.2g}" == "8.5e+03"
    # the hemisphere's bound is claimed where tests/test_isoperimetry.py checks it: from d = 3
    assert "for d ≥ 3 (checked numerically for d = 3 … 1000" in " ".join(text.split())
