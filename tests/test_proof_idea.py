"""Step (a) of the proof idea: one fixed Lipschitz function against all sign patterns, checked
against brute-force enumeration, the MSE identity and the two tail bounds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from experiments.core.errors import UserError
from experiments.core.store import Result, ResultStore, load
from experiments.topics.proof_idea import (
    FixedFunctionConfig,
    all_sign_sums,
    chernoff_bound,
    sphere_points,
    uniform_histogram,
)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return load("fixed-function", store=ResultStore(tmp_path_factory.mktemp("fixed")))


def brute_force_sums(weights: np.ndarray) -> np.ndarray:
    patterns = np.array(list(itertools.product((-1.0, 1.0), repeat=len(weights))))
    return patterns @ weights


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_all_sign_sums_are_every_pattern_once(n: int) -> None:
    weights = np.random.default_rng(n).standard_normal(n)
    got = np.sort(all_sign_sums(weights))
    assert got.shape == (2**n,)
    assert np.allclose(got, np.sort(brute_force_sums(weights)), atol=1e-12)


def test_uniform_histogram_counts_like_numpy() -> None:
    values = np.random.default_rng(1).standard_normal(10_000) * 0.4
    values[:3] = (-0.5, 0.5, 0.0)  # both ends of the range are in it, as numpy counts them
    edges = np.linspace(-0.5, 0.5, 41)
    assert np.array_equal(uniform_histogram(values, 0.5, 40), np.histogram(values, edges)[0])


def test_a_fit_below_the_noise_level_needs_s_at_least_eps_over_2(result: Result) -> None:
    """(1/n) sum (f - y)^2 = (1/n) sum f^2 - 2 S + 1 for +-1 labels, so MSE <= 1 - eps forces
    S >= eps/2: checked on the example patterns, directly from the residuals."""
    f, n = result["f3"], int(result["n"])
    for y, s in zip(result["example_signs"], result["example_s"], strict=True):
        mse = float(np.mean((f - y) ** 2))
        assert s == pytest.approx(float(f @ y) / n, abs=1e-14)
        assert mse == pytest.approx(float(np.mean(f**2)) - 2 * s + 1, abs=1e-12)
    assert float(result["need"]) == pytest.approx(float(result["eps"]) / 2)
    # f = L x_1 on S^2: L-Lipschitz, from unit vectors
    assert np.allclose(np.linalg.norm(result["points3"], axis=1), 1.0)
    assert np.allclose(f, float(result["lip"]) * result["points3"][:, 0])


def test_the_law_of_s_is_complete_and_narrows_like_l_over_sqrt_nd(result: Result) -> None:
    hist, dims = result["hist"], result["dims"]
    assert hist.shape == (len(dims), len(result["edges"]) - 1)
    # every pattern is counted once: in a bin or beyond the range (only a sliver, at small d)
    assert np.all(result["outside"] >= -1e-12) and np.all(result["outside"] < 1e-3)
    assert np.all(result["outside"][dims >= 10] < 1e-12)
    # E Var(S | points) = L^2 / (n d) exactly; 16 draws of the points estimate it
    assert np.allclose(result["std"], result["std_expected"], rtol=0.25)
    assert np.all(np.diff(np.log(result["std_expected"])) < 0)
    assert result["std"][-1] < result["std"][0] / 10  # d from 3 to 1000: a spike


def test_the_tail_is_exact_and_below_both_bounds(result: Result) -> None:
    share, dims = result["tail_share"], result["dims"]
    n, lip, eps = int(result["n"]), float(result["lip"]), float(result["eps"])
    total = float(result["patterns"]) * int(result["point_sets"])
    assert np.allclose(share, result["tail_count"] / total)
    # Hoeffding given the points holds for every draw, hence for their average
    assert np.all(share <= result["bound_given_points"] + 1e-15)
    # Chernoff over the points and the signs: exp(-n d eps^2 / (8 L^2))
    assert np.allclose(result["bound"], np.exp(-n * dims * eps**2 / (8 * lip**2)), rtol=1e-12)
    assert np.allclose(result["exponent"], n * dims * eps**2 / (8 * lip**2))
    assert np.all(share <= result["bound"] * 1.5 + 1e-15)  # a sampled average: some slack
    assert share[0] > 0.01 and np.all(share[dims >= 30] == 0)  # possible at d = 3, never later
    assert np.all(result["fit_share"] <= share)  # this f fits only if S >= (eps + mean f^2)/2


def test_exact_tail_matches_enumeration_on_a_small_case(tmp_path) -> None:
    cfg = {"n": 6, "d_min": 3, "d_max": 4, "d_steps": 2, "point_sets": 1, "eps": 0.2}
    r = load("fixed-function", store=ResultStore(tmp_path), overrides=cfg)
    from experiments.core.seeding import rng

    x = sphere_points(6, 3, rng(0, "fixed-function", 3))
    sums = brute_force_sums(x[:, 0]) / 6
    assert r["tail_share"][0] == pytest.approx(np.mean(sums >= 0.1), abs=1e-15)
    assert r["bound"][0] == pytest.approx(float(chernoff_bound(6, 3, 1.0, 0.2)))
    # the exact condition for f itself: its training MSE over every sign pattern, directly
    f = x[:, 0]
    patterns = np.array(list(itertools.product((-1.0, 1.0), repeat=6)))
    mse = np.mean((f[None, :] - patterns) ** 2, axis=1)
    assert r["fit_share"][0] == pytest.approx(np.mean(mse <= 1 - 0.2), abs=1e-15)
    assert r["fit_share"][0] <= r["tail_share"][0]


def test_the_exact_condition_is_much_rarer_than_s_at_least_eps_over_2(result: Result) -> None:
    """At d = 3 the shaded tail S >= eps/2 holds 3 % of the sign patterns, while f itself fits
    (S >= (eps + mean f^2)/2) for 0.026 %: the pictures show the necessary condition, and the
    science page and the scene state both shares."""
    assert int(result["dims"][0]) == 3
    tail, exact = float(result["tail_share"][0]), float(result["fit_share"][0])
    assert f"{100 * tail:.2g}" == "3" and f"{100 * exact:.2g}" == "0.026"
    assert exact < tail / 100


def test_the_dimension_range_must_grow() -> None:
    with pytest.raises(UserError, match="d_max must be larger than d_min"):
        FixedFunctionConfig.from_preset("quick", {"d_min": "50", "d_max": "40"})
