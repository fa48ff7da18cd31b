"""The convex-marginals experiment: exact samplers of isotropic bodies and their marginals."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from experiments.core.registry import RunContext
from experiments.core.store import load
from experiments.numerics.bodies import (
    BODIES,
    contains,
    isotropic_scale,
    sample_body,
    simplex_barycentric,
    simplex_from_barycentric,
    worst_direction_cdf,
    worst_direction_density,
    worst_direction_limit_cdf,
    worst_direction_support,
)
from experiments.topics.convex import (
    ConvexMarginalsConfig,
    convex_marginals,
    kolmogorov_distance_to_gaussian,
    ks_noise_floor,
    ks_statistic_to_gaussian,
    worst_direction_kolmogorov,
)
from experiments.topics.geometry import ball_gaussian_distances

SAMPLER_DIMS = (1, 2, 5, 20)
N = 40_000


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("n", SAMPLER_DIMS)
def test_sampler_lies_in_its_body_and_is_isotropic(body: str, n: int) -> None:
    x = sample_body(body, N, n, np.random.default_rng(10 + n))
    assert x.shape == (N, n)
    assert contains(body, x).all()
    # Mean and covariance within 5 standard errors, each estimated from the sample itself
    # (se of a mean of N draws of Y is sd(Y)/sqrt(N)); at most 210 entries, so 5 se is safe.
    mean = x.mean(axis=0)
    assert np.all(np.abs(mean) <= 5 * x.std(axis=0) / np.sqrt(N))
    cov = x.T @ x / N  # mean of the products X_i X_j (the mean is 0)
    second = (x * x).T @ (x * x) / N  # mean of their squares
    se = np.sqrt(np.maximum(second - cov * cov, 0.0) / N)
    assert np.all(np.abs(cov - np.eye(n)) <= 5 * se + 5 / N)


@pytest.mark.parametrize("body", BODIES)
def test_points_outside_the_body_are_rejected(body: str) -> None:
    n = 6
    x = sample_body(body, 200, n, np.random.default_rng(0))
    # Scaling a boundary-reaching direction beyond the body leaves it: push every point out.
    far = x / np.abs(x).max(axis=1, keepdims=True) * 10 * isotropic_scale(body, n)
    assert not contains(body, far).any()


@pytest.mark.parametrize("n", (1, 2, 3, 10, 50))
def test_simplex_map_whitens_the_exact_dirichlet_covariance(n: int) -> None:
    # Cov of Dirichlet(1,...,1) in n+1 coordinates: (I - J/(n+1)) / ((n+1)(n+2)).
    m = n + 1
    cov_w = (np.eye(m) - np.ones((m, m)) / m) / (m * (m + 1))
    vertices = simplex_from_barycentric(np.eye(m))  # row j = image of vertex j (linear part)
    np.testing.assert_allclose(vertices.T @ cov_w @ vertices, np.eye(n), atol=1e-12)
    # Centred: the barycentre maps to 0; vertex 1 points along e_1 at distance sqrt(n(n+2)).
    np.testing.assert_allclose(simplex_from_barycentric(np.full(m, 1 / m)), 0, atol=1e-12)
    expected = np.zeros(n)
    expected[0] = np.sqrt(n * (n + 2))
    np.testing.assert_allclose(vertices[0], expected, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(vertices, axis=1), np.sqrt(n * (n + 2)))
    np.testing.assert_allclose(simplex_barycentric(vertices), np.eye(m), atol=1e-12)


def test_exact_laws_of_the_samplers() -> None:
    rng = np.random.default_rng(5)
    n = 7
    # Cube: a coordinate is uniform on [-sqrt 3, sqrt 3].
    x = sample_body("cube", N, n, rng)
    s3 = np.sqrt(3)
    assert stats.kstest(x[:, 3], stats.uniform(loc=-s3, scale=2 * s3).cdf).pvalue > 1e-3
    # Ball: P(|X| <= r sqrt(n+2)) = r^n.
    x = sample_body("ball", N, n, rng)
    radius = np.linalg.norm(x, axis=1) / np.sqrt(n + 2)
    assert stats.kstest(radius, lambda r: np.clip(r, 0, 1) ** n).pvalue > 1e-3
    # Simplex: every barycentric coordinate is Beta(1, n).
    x = sample_body("simplex", N, n, rng)
    w = simplex_barycentric(x)
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    for j in (0, 3, n):
        assert stats.kstest(w[:, j], stats.beta(1, n).cdf).pvalue > 1e-3
    # Cross-polytope: |X_1|/s ~ Beta(1, n), a symmetric sign, and P(|X|_1 <= r s) = r^n.
    x = sample_body("cross_polytope", N, n, rng)
    s = isotropic_scale("cross_polytope", n)
    assert stats.kstest(np.abs(x[:, 2]) / s, stats.beta(1, n).cdf).pvalue > 1e-3
    assert stats.binomtest(int((x[:, 2] > 0).sum()), N).pvalue > 1e-3
    assert stats.kstest(np.abs(x).sum(axis=1) / s, lambda r: np.clip(r, 0, 1) ** n).pvalue > 1e-3


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("n", (1, 3, 30))
def test_worst_direction_law_matches_the_sampler_and_its_density(body: str, n: int) -> None:
    x = sample_body(body, 20_000, n, np.random.default_rng(7 * n))
    assert stats.kstest(x[:, 0], lambda y: worst_direction_cdf(body, y, n)).pvalue > 1e-3
    lo, hi = worst_direction_support(body, n)
    dens = lambda y: float(worst_direction_density(body, np.array(y), n))  # noqa: E731
    opts = {"limit": 200, "epsabs": 1e-12}
    assert integrate.quad(dens, lo, hi, **opts)[0] == pytest.approx(1.0, abs=1e-8)
    assert integrate.quad(lambda y: y * y * dens(y), lo, hi, **opts)[0] == pytest.approx(
        1, rel=1e-7
    )
    for y in np.linspace(lo, hi, 7)[1:-1]:
        integral = integrate.quad(dens, lo, y, **opts)[0]
        assert worst_direction_cdf(body, np.array(y), n) == pytest.approx(integral, abs=1e-8)


@pytest.mark.parametrize("body", ("simplex", "cross_polytope"))
def test_worst_direction_laws_tend_to_exponential_and_laplace(body: str) -> None:
    y = np.linspace(-4, 8, 2001)
    gaps = [
        np.max(np.abs(worst_direction_cdf(body, y, n) - worst_direction_limit_cdf(body, y)))
        for n in (10, 100, 1000)
    ]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 2e-3


def test_kolmogorov_distance_of_exact_laws() -> None:
    # Ball: agrees with the crossing-point computation of experiments.topics.geometry.
    for n in (2, 5, 40, 300):
        got = worst_direction_kolmogorov("ball", n)
        assert got == pytest.approx(ball_gaussian_distances(n).kolmogorov, abs=1e-9)
    # Cube: uniform on [-sqrt 3, sqrt 3] for every n; brute force on a fine grid.
    y = np.linspace(-6, 6, 1_200_001)
    brute = np.max(np.abs(worst_direction_cdf("cube", y, 9) - stats.norm.cdf(y)))
    assert worst_direction_kolmogorov("cube", 9) == pytest.approx(brute, abs=1e-9)
    assert worst_direction_kolmogorov("cube", 1000) == pytest.approx(0.0572067, abs=1e-6)
    # Simplex towards a vertex: Exp(1) - 1 in the limit, whose distance is Phi(-1) (at y = -1).
    assert worst_direction_kolmogorov("simplex", 100_000) == pytest.approx(
        stats.norm.cdf(-1), abs=1e-4
    )
    # Laplace of variance 1 against N(0,1), brute force.
    lap = np.max(np.abs(worst_direction_limit_cdf("cross_polytope", y) - stats.norm.cdf(y)))
    assert worst_direction_kolmogorov("cross_polytope", 100_000) == pytest.approx(lap, abs=1e-4)
    assert kolmogorov_distance_to_gaussian(stats.norm.cdf, -np.inf, np.inf) < 1e-15


def test_ks_statistic_and_noise_floor() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((500, 3)) * [1.0, 1.1, 0.9]
    got = ks_statistic_to_gaussian(x)
    for j in range(3):
        assert got[j] == pytest.approx(stats.kstest(x[:, j], "norm").statistic, abs=1e-15)
    # The floor against the exact finite-N mean, and against simulated null samples.
    assert ks_noise_floor(400) == pytest.approx(stats.kstwo(400).mean(), rel=2e-3)
    sims = ks_statistic_to_gaussian(rng.standard_normal((200, 3000)))
    assert sims.mean() == pytest.approx(ks_noise_floor(200), rel=0.03)


def test_experiment_follows_the_settings_a_user_passes() -> None:
    overrides = {
        "dims": "3,40",
        "n_samples": 3000,
        "n_directions": 4,
        "hist_dim": 10,
        "hist_samples": 2000,
        "hist_bins": 30,
    }
    r = load("convex-marginals", overrides=overrides)
    np.testing.assert_array_equal(r["dims"], [3, 40])
    assert r["bodies"].tolist() == list(BODIES)
    assert r["ks_random"].shape == (4, 2, 4)
    assert r["hist_random"].shape == (4, 30) and int(r["hist_dim"]) == 10
    for b, body in enumerate(BODIES):
        for j, n in enumerate((3, 40)):
            assert r["ks_worst_exact"][b, j] == pytest.approx(worst_direction_kolmogorov(body, n))
    # Isotropic: every marginal has variance ~1 (sd of a sample variance <= sqrt(5/N) here).
    np.testing.assert_allclose(r["variance_random"], 1.0, atol=6 * np.sqrt(5 / 3000))
    floor = float(r["noise_floor"])
    assert floor == pytest.approx(ks_noise_floor(3000))
    assert float(r["noise_floor_q05"]) < floor < float(r["noise_floor_q95"])
    # At n = 40 random directions are at the noise floor; the cube, simplex and cross-polytope
    # along e_1 are far above it (their exact distances are >= 0.057).
    assert np.all(r["ks_random_mean"][:, 1] < 2 * floor)
    worst = dict(zip(BODIES, r["ks_worst"][:, 1], strict=True))
    for body in ("cube", "simplex", "cross_polytope"):
        assert worst[body] > 3 * floor
    # Histograms are densities.
    width = np.diff(r["hist_edges"])
    assert np.all((r["hist_random"] * width).sum(axis=1) > 0.99)
    # A different seed gives different samples, the same seed the same numbers.
    other = load("convex-marginals", overrides={**overrides, "seed": 1})
    assert not np.allclose(other["ks_random"], r["ks_random"])
    config = ConvexMarginalsConfig.from_preset("quick", {**overrides, "dims": "3"})
    again = convex_marginals(config, RunContext())
    np.testing.assert_array_equal(again["ks_random"][:, 0], r["ks_random"][:, 0])


def test_quick_histograms_show_a_distance_above_the_sampling_noise() -> None:
    # The histograms the figure and scene show are sampled: their distances are only signal if
    # they clear the 95th percentile of D for an exact N(0, 1) sample of the same size.
    r = load("convex-marginals")
    assert float(r["hist_noise_floor"]) == pytest.approx(ks_noise_floor(int(r["hist_samples"])))
    assert float(r["hist_noise_q05"]) < float(r["hist_noise_floor"]) < float(r["hist_noise_q95"])
    random_direction = r["hist_ks"][:, 0]
    assert np.all(random_direction > 2 * float(r["hist_noise_q95"])), random_direction
