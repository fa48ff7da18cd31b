"""The science the code relies on is written down in the repository, and the code cites it."""

from __future__ import annotations

import re

import numpy as np

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


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_science_page_states_both_shares_of_the_fixed_function() -> None:
    """Step (a): S >= eps/2 is necessary, not exact; the page gives both shares at d = 3, as the
    ``fixed-function`` result computes them, and does not call x_1 the best case."""
    from experiments.core.store import load

    r = load("fixed-function")
    text = _flat(SCIENCE.read_text())
    assert int(r["dims"][0]) == 3 and int(r["n"]) == 20 and float(r["eps"]) == 0.5
    tail, exact = float(r["tail_share"][0]), float(r["fit_share"][0])
    assert (
        f"At d = 3 (n = 20, ε = 1/2, L = 1, {int(r['point_sets'])} draws of the points) "
        f"{100 * tail:.2g} % of the sign patterns reach S ≥ ε/2, and {100 * exact:.2g} % meet "
        "f's exact condition"
    ) in text
    assert "S ≥ (ε + (1/n) Σ f(x_i)²)/2" in text
    assert "best case for fitting noise" not in text


def test_the_cube_s_vertices_are_not_isoperimetric_and_the_page_says_so() -> None:
    """On {-1, 1}^d / sqrt(d) the distance to the vertices with sum <= 0 is 1-Lipschitz and
    spreads like d^(-1/4) (computed exactly over the binomial law of the sum), so no d-free c
    fits; the page claims O(1)-isoperimetry only for the solid cube."""
    import numpy as np
    from scipy.stats import binom

    spread = {}
    for d in (100, 10_000, 1_000_000):
        k = np.arange(d + 1)
        prob = binom.pmf(k, d, 0.5)
        flips = np.ceil(np.maximum(2 * k - d, 0) / 2)  # +1s to turn into -1s to reach sum <= 0
        f = 2 / np.sqrt(d) * np.sqrt(flips)  # each flip moves a coordinate by 2 / sqrt(d)
        mean = float(prob @ f)
        spread[d] = float(np.sqrt(prob @ (f - mean) ** 2))
    for d, s in spread.items():  # d^(1/4) s is the same at every d; d^(1/2) s grows
        assert 0.6 < s * d**0.25 < 0.75, (d, s)
    assert spread[1_000_000] * 1e3 > 5 * spread[100] * 10
    text = _flat(SCIENCE.read_text())
    assert "the hypercube scaled to diameter ~1 are O(1)-isoperimetric" not in text
    assert "the uniform law on the solid cube scaled to diameter ~1 are O(1)-isoperimetric" in text
    assert "The uniform law on the cube's vertices {−1, 1}^d/√d is not" in text


def test_the_science_page_states_theorem_3_as_the_paper_does() -> None:
    text = _flat(SCIENCE.read_text())
    assert "Fix ε, δ ∈ (0, 1)." in text and "i.i.d. in R^d × [−1, 1]" in text
    assert "w in a set of diameter ≤ W" in text
    # p >~ n, as many parameters as equations, is the classical count, said apart
    assert "Fitting n noisy points needs p ≳ n parameters" not in text
    assert "it is not part of Theorem 3" in text


def test_the_how_big_section_quotes_the_paper_and_computes_its_numbers() -> None:
    """Section 6 quotes the paper's MNIST sentence as the result stores it; MNIST's d_eff is the
    paper's estimate (not inferred from the observed sizes, which are 3.3-50 times n); ImageNet's
    n is the full set, and ImageNet-1k's n gives its own range."""
    from experiments.core.store import load

    r = load("law-prediction")
    text = _flat(SCIENCE.read_text())
    words = dict(zip(r["datasets"], r["paper_words"], strict=True))
    quoted = (
        "would predict any such model must have at least nd parameters, and this latter quantity "
        "should be somewhere in the range 10^6 - 10^7 (corresponding to an effective dimension "
        "between 15 and 150)"
    )
    assert quoted in text and quoted in words["MNIST"]
    assert "infers" not in text[text.index("## 6.") : text.index("## 7.")]
    low, high = (float(v) for v in r["observed_over_n"][0])
    assert f"The observed sizes are {low:.2g}–{high:.2g} times n" in text
    i = list(r["datasets"]).index("ImageNet")
    n_1k = float(r["n_trained"][i])
    assert n_1k == 1.28e6 and "n = 1.28·10⁶ images" in text
    (j,) = np.flatnonzero((r["dataset"] == "ImageNet") & (r["quantity_id"] == "law_d_eff_trained"))
    assert (r["params_low"][j], r["params_high"][j]) == (n_1k * 1e3, n_1k * 1e4)
    assert "the same reading gives 1.28·10⁹–1.28·10¹⁰" in text


def test_the_lectures_page_gives_theorem_3_s_condition_at_both_deltas() -> None:
    import math

    text = _flat((REPO_ROOT / "docs" / "lectures.md").read_text())
    assert "below the 8.5·10³ its condition needs" not in text
    half, limit = 8**4 * math.log(16), 8**4 * math.log(8)
    assert f"{half:.3g}" == "1.14e+04" and f"{limit:.2g}" == "8.5e+03"
    assert "8⁴ log 16 ≈ 1.14·10⁴ at δ = ½" in text and "8⁴ log 8 ≈ 8.5·10³ as δ → 1" in text
    from experiments.core.store import load

    r = load("fixed-function")
    tail, exact = 100 * float(r["tail_share"][0]), 100 * float(r["fit_share"][0])
    assert f"{tail:.2g} % of patterns reach it at d = 3; f itself fits for {exact:.2g} %" in text
