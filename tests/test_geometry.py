"""The ball-slices experiment against exact formulas and independent quadrature."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, special, stats

from experiments.core.store import load
from experiments.numerics.samplers import sample_ball, sample_ball_coordinate
from experiments.topics.geometry import (
    ball_coordinate_cdf,
    ball_coordinate_density,
    ball_gaussian_distances,
    ball_slice_profile,
)

DIMS = (1, 2, 3, 7, 33, 250, 1000)


def quad(f, a, b, points=None) -> float:
    return integrate.quad(f, a, b, points=points, limit=500, epsabs=1e-13, epsrel=1e-12)[0]


def scaled_density(z: float, m: int) -> float:
    s = np.sqrt(m + 2)
    return float(ball_coordinate_density(np.array([z / s]), m)[0] / s)


@pytest.mark.parametrize("m", DIMS)
def test_density_integrates_to_one_with_variance_one_over_m_plus_2(m: int) -> None:
    def g(x):
        return ball_coordinate_density(np.array([x]), m)[0]

    assert quad(g, -1, 1) == pytest.approx(1.0, abs=1e-10)
    assert quad(lambda x: x * x * g(x), -1, 1) == pytest.approx(1 / (m + 2), rel=1e-9)


@pytest.mark.parametrize("m", DIMS)
def test_cdf_is_the_integral_of_the_density(m: int) -> None:
    for x in (-0.9, -0.3, 0.0, 0.05, 0.5, 0.99):
        integral = quad(lambda t: ball_coordinate_density(np.array([t]), m)[0], -1, x)
        assert ball_coordinate_cdf(np.array(x), m) == pytest.approx(integral, abs=1e-10)


def test_density_matches_the_slice_volume_formula() -> None:
    # Slice of B^m at height x: an (m-1)-ball of radius sqrt(1-x^2), volume V_{m-1} r^(m-1);
    # divided by vol(B^m) it must equal the coordinate density.
    def unit_ball_volume(k: int) -> float:
        return np.pi ** (k / 2) / special.gamma(k / 2 + 1)

    x = np.linspace(-0.95, 0.95, 21)
    for m in (2, 3, 5, 12):
        exact = unit_ball_volume(m - 1) * (1 - x**2) ** ((m - 1) / 2) / unit_ball_volume(m)
        np.testing.assert_allclose(ball_coordinate_density(x, m), exact, rtol=1e-12)
        np.testing.assert_allclose(ball_slice_profile(x, m), (1 - x**2) ** ((m - 1) / 2))


@pytest.mark.parametrize("m", DIMS)
def test_tv_agrees_with_independent_quadrature_to_1e_6(m: int) -> None:
    s = np.sqrt(m + 2)
    upper = min(s, 40.0)
    brute = quad(
        lambda z: abs(scaled_density(z, m) - stats.norm.pdf(z)),
        0,
        upper,
        points=[*list(ball_gaussian_distances(m).crossings), upper],
    )
    brute += stats.norm.sf(upper)  # beyond the support only phi is left
    assert ball_gaussian_distances(m).tv == pytest.approx(brute, abs=1e-6)


@pytest.mark.parametrize("m", DIMS)
def test_kolmogorov_distance_is_the_sup_over_a_fine_grid(m: int) -> None:
    z = np.linspace(0, min(np.sqrt(m + 2), 10), 200_001)
    brute = np.max(np.abs(ball_coordinate_cdf(z / np.sqrt(m + 2), m) - stats.norm.cdf(z)))
    got = ball_gaussian_distances(m).kolmogorov
    assert got >= brute - 1e-12
    assert got == pytest.approx(brute, abs=1e-7)


def test_tv_decays_like_0_35_over_m_plus_2() -> None:
    # Second-order expansion: TV ~ E|He_4(Z)| / (8 (m+2)) = 0.350.../(m+2).
    he4 = quad(lambda z: abs(z**4 - 6 * z**2 + 3) * stats.norm.pdf(z), -np.inf, np.inf)
    for m in (1000, 10_000):
        assert ball_gaussian_distances(m).tv * (m + 2) == pytest.approx(he4 / 8, rel=2e-3)
    assert he4 / 8 == pytest.approx(0.35, abs=0.001)


def test_densities_cross_at_the_roots_of_he4_in_the_limit() -> None:
    crossings = ball_gaussian_distances(100_000).crossings
    np.testing.assert_allclose(crossings, np.sqrt([3 - np.sqrt(6), 3 + np.sqrt(6)]), atol=1e-3)


def test_ball_sampler_radius_and_coordinates() -> None:
    rng = np.random.default_rng(1)
    for m in (1, 3, 10):
        pts = sample_ball(20_000, m, rng)
        radius = np.linalg.norm(pts, axis=1)
        assert radius.max() <= 1.0
        # P(|X| <= r) = r^m
        assert stats.kstest(radius, lambda r, m=m: np.clip(r, 0, 1) ** m).pvalue > 0.01
        assert stats.kstest(pts[:, 0], lambda t, m=m: ball_coordinate_cdf(t, m)).pvalue > 0.01


def test_fast_coordinate_sampler_has_the_law_of_the_full_sampler() -> None:
    for m in (1, 2, 5, 40):
        fast = sample_ball_coordinate(40_000, m, np.random.default_rng(2))
        full = sample_ball(40_000, m, np.random.default_rng(3))[:, 0]
        assert stats.ks_2samp(fast, full).pvalue > 0.01
        assert fast.var() == pytest.approx(1 / (m + 2), rel=0.03)


def test_experiment_follows_the_dims_a_user_passes() -> None:
    r = load("ball-slices", overrides={"dims": "3,7,33,250", "mc_samples": 5000})
    np.testing.assert_array_equal(r["dims"], [3, 7, 33, 250])
    expected = [ball_gaussian_distances(m).tv for m in (3, 7, 33, 250)]
    np.testing.assert_allclose(r["tv_to_gaussian"], expected, rtol=1e-12)
    np.testing.assert_allclose(r["variance"], 1 / (np.array([3, 7, 33, 250]) + 2))
    assert r["density"].shape == (4, r["z"].size)
    # Densities on the z grid integrate to ~1 (up to the mass outside |z| <= z_max).
    mass = np.trapezoid(r["density"], r["z"], axis=1)
    np.testing.assert_allclose(mass, 1.0, atol=2e-3)
    # The Monte Carlo check agrees with the exact law at the stated sample size.
    assert np.all(r["mc_ks_pvalue"] > 1e-3)
    np.testing.assert_allclose(r["mc_variance"], r["variance"], rtol=0.08)
