"""The concentration experiment: sphere bands, Levy's bound checked on exact caps, Gauss space."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

from experiments.core.store import load
from experiments.topics.concentration import (
    SPHERE_FUNCTIONS,
    band_half_width,
    band_measure,
    coordinate_tail,
    gaussian_ball_enlargement,
    gaussian_ball_radius,
    gaussian_halfspace_enlargement,
    gaussian_max_mean,
    gaussian_norm_mean,
    gaussian_tails,
    levy_bound,
    levy_isoperimetric_log_bound,
    point_distance_tail,
    sphere_coordinate_density,
    sphere_coordinate_log_tail,
    sphere_function_values,
)

LEVY_DIMS = (3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 200, 500, 1000, 2000, 5000, 10**4, 10**5)


def _unit_sphere(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    g = rng.standard_normal((n, d))
    return g / np.linalg.norm(g, axis=1, keepdims=True)


@pytest.mark.parametrize("d", (3, 4, 5, 10, 50, 300))
def test_band_measure_against_quadrature_of_the_coordinate_density(d: int) -> None:
    # Independent: integrate (1 - x^2)^((d-3)/2) and normalise by its own integral.
    def unnormalised(x: float) -> float:
        return (1 - x * x) ** ((d - 3) / 2)

    opts = {"limit": 200, "epsabs": 1e-14, "epsrel": 1e-12}
    total = integrate.quad(unnormalised, -1, 1, **opts)[0]
    for t in (0.01, 0.05, 0.2, 0.5, 0.9, 1.0):
        band = integrate.quad(unnormalised, -t, t, **opts)[0] / total
        assert band_measure(np.array(t), d) == pytest.approx(band, abs=1e-10)
    x = np.linspace(-0.99, 0.99, 11)
    np.testing.assert_allclose(sphere_coordinate_density(x, d), unnormalised(x) / total, rtol=1e-10)


def test_band_measure_matches_sampled_spheres_and_half_widths() -> None:
    rng = np.random.default_rng(2)
    for d in (3, 12, 200):
        x1 = _unit_sphere(20_000, d, rng)[:, 0]
        cdf = lambda u, d=d: 0.5 + 0.5 * np.sign(u) * band_measure(np.abs(u), d)  # noqa: E731
        assert stats.kstest(x1, cdf).pvalue > 1e-3
        for p in (0.5, 0.9, 0.99):
            assert band_measure(band_half_width(p, d), d) == pytest.approx(p, abs=1e-12)
    # sqrt(d) t_p(d) -> Phi^-1((1+p)/2): most of the sphere is within O(1/sqrt(d)) of the equator.
    assert np.sqrt(10**6) * band_half_width(0.9, 10**6) == pytest.approx(1.6449, abs=1e-3)


def test_log_tail_against_high_precision_values_including_underflow() -> None:
    mpmath.mp.dps = 40
    a = mpmath.mpf(1) / 2

    def exact(t: float, d: int) -> float:
        # DLMF 8.17.8 with mpmath's own 2F1: P(X_1 > t) = I_y((d-1)/2, 1/2) / 2, y = 1 - t^2.
        b = mpmath.mpf(d - 1) / 2
        y = 1 - mpmath.mpf(t) ** 2
        series = mpmath.hyp2f1(a + b, 1, b + 1, y)
        return float(mpmath.log(y**b * (1 - y) ** a / (b * mpmath.beta(a, b)) * series / 2))

    for d in (3, 10, 100, 1000, 10**4, 10**5):
        points = [0.01, 0.1, 0.3, 0.5, 0.8, 0.999] if d < 10**5 else [0.01, 0.1]
        if d >= 1000:
            # Both sides of the switch from betaincc to the series (tails of 1e-280).
            switch = optimize.brentq(
                lambda t, d=d: sphere_coordinate_log_tail(np.array([t]), d)[0] - np.log(1e-280),
                0.0,
                0.999,
            )
            points += [switch - 1e-7, switch + 1e-7]
        for t in points:
            got = sphere_coordinate_log_tail(np.array([t]), d)[0]
            assert got == pytest.approx(exact(t, d), rel=1e-11, abs=1e-12), (d, t)
    for d in (3, 1000, 10**4):
        lt = sphere_coordinate_log_tail(np.linspace(0.0, 0.999, 20_001), d)
        assert np.all(np.diff(lt) < 0)


@pytest.mark.parametrize("d", LEVY_DIMS)
def test_levy_bound_holds_on_exact_caps_on_the_whole_grid(d: int) -> None:
    """2 P(X_1 > t sqrt(1 - t^2/4)) <= exp(-(d-2) t^2/2), even <= exp(-d t^2/2), equality at 0.

    The left side bounds P(|f - M| > t) for every 1-Lipschitz f (Levy); it contains the exact
    coordinate tail P(|X_1| > t) = 2 P(X_1 > t). Compared in the log domain, so tails far below
    1e-300 count too.
    """
    t = np.concatenate([np.linspace(0, 2, 4001), np.linspace(0, 8 / np.sqrt(d), 1001)])
    log_standard = np.log(2) - 0.5 * (d - 2) * t**2
    log_sharp = np.log(2) - 0.5 * d * t**2
    log_coord = np.log(2) + sphere_coordinate_log_tail(t, d)
    log_cap = levy_isoperimetric_log_bound(t, d)
    assert np.all(log_coord <= log_cap + 1e-12)
    for lhs in (log_coord, log_cap):
        assert np.max(lhs - log_standard) <= -np.log(2) + 1e-12
        assert np.max(lhs - log_sharp) <= -np.log(2) + 1e-12
        assert np.all((lhs - log_sharp)[t > 0] < -np.log(2))  # the margin is attained at t = 0 only
    np.testing.assert_allclose(levy_bound(t, d), np.exp(log_standard), rtol=1e-12, atol=1e-300)


def test_sphere_functions_are_1_lipschitz() -> None:
    rng = np.random.default_rng(4)
    for d in (3, 20, 500):
        x = _unit_sphere(4000, d, rng)
        # Close pairs as well as far ones.
        y = _unit_sphere(4000, d, rng)
        y[:2000] = x[:2000] + 0.01 * rng.standard_normal((2000, d)) / np.sqrt(d)
        y[:2000] /= np.linalg.norm(y[:2000], axis=1, keepdims=True)
        dist = np.linalg.norm(x - y, axis=1)
        for name, f in SPHERE_FUNCTIONS.items():
            assert np.all(np.abs(f(x) - f(y)) <= dist + 1e-12), name


def test_exact_tails_match_sampled_spheres() -> None:
    rng = np.random.default_rng(6)
    n = 40_000
    for d in (5, 60):
        values = sphere_function_values(d, n, rng)
        t = np.linspace(0, 1.5, 61)
        for name, exact, median in (
            ("coordinate", coordinate_tail, 0.0),
            ("point_distance", point_distance_tail, np.sqrt(2)),
        ):
            sampled = (np.abs(values[name][:, None] - median) > t).mean(axis=0)
            # 5 standard errors of a proportion from n draws.
            tol = 5 * np.sqrt(exact(t, d) * (1 - exact(t, d)) / n) + 1e-4
            assert np.all(np.abs(sampled - exact(t, d)) <= tol), name


def test_experiment_tails_respect_levy_and_follow_settings() -> None:
    overrides = {
        "dims": "4,50,400",
        "mc_samples": 4000,
        "t_points": 81,
        "band_d_max": 500,
        "band_d_points": 20,
        "gauss_dims": "1,3,40",
        "iso_measures": "0.5,0.2",
    }
    r = load("concentration", overrides=overrides)
    np.testing.assert_array_equal(r["dims"], [4, 50, 400])
    np.testing.assert_array_equal(r["gauss_dims"], [1, 3, 40])
    assert r["tail_mc"].shape == (3, len(SPHERE_FUNCTIONS), 81)
    assert r["band_d"][0] == 2 and r["band_d"][-1] == 500
    # The exported check of Levy's constant: margin log 2 at every d.
    np.testing.assert_allclose(r["levy_log_ratio_max"], -np.log(2), atol=1e-12)
    assert np.all(r["levy_iso_log_ratio_max"] <= -np.log(2) + 1e-12)
    assert np.all(r["levy_sharp_log_ratio_max"] <= -np.log(2) + 1e-12)
    # Sampled tails of every 1-Lipschitz function stay under the bound, up to sampling error.
    n = int(r["mc_samples"])
    bound = np.minimum(r["levy_bound"][:, None, :], 1.0)
    assert np.all(r["tail_mc"] <= bound + 5 * np.sqrt(bound / n) + 2 / n)
    # Bands follow the exact formula on every grid.
    for i, d in enumerate(r["dims"]):
        np.testing.assert_allclose(r["band_measure"][i], band_measure(r["band_t"], d))
    # Gauss space: isoperimetry holds with equality for half-spaces, strictly for balls.
    np.testing.assert_allclose(r["iso_ball_shift"][:, :, 0], 0, atol=1e-9)
    assert np.all(r["iso_ball_shift"][:, :, 1:] > r["iso_t"][1:] - 1e-9)
    assert np.all(r["iso_ball"] >= r["iso_halfspace"][:, None, :] - 1e-12)
    assert np.all(r["gauss_tail"] <= r["gauss_bound"] + 1e-15)


def test_gaussian_isoperimetry_exact_and_against_sampled_distances() -> None:
    t = np.linspace(0, 3, 31)
    for p in (0.05, 0.5, 0.9):
        a = special.ndtri(p)
        np.testing.assert_allclose(gaussian_halfspace_enlargement(p, t), stats.norm.cdf(a + t))
        for d in (1, 2, 7, 100):
            r = gaussian_ball_radius(p, d)
            assert stats.chi2.cdf(r * r, d) == pytest.approx(p, abs=1e-12)
            ball = gaussian_ball_enlargement(p, t, d)
            assert np.all(ball >= gaussian_halfspace_enlargement(p, t) - 1e-12)
        # d = 1: the ball is the interval [-r, r], its enlargement [-r-t, r+t].
        r1 = gaussian_ball_radius(p, 1)
        np.testing.assert_allclose(
            gaussian_ball_enlargement(p, t, 1), 2 * stats.norm.cdf(r1 + t) - 1, atol=1e-12
        )
    # The t-enlargements are what the formulas say: distances of sampled Gaussian points.
    rng = np.random.default_rng(8)
    d, n, p = 6, 100_000, 0.3
    g = rng.standard_normal((n, d))
    u = rng.standard_normal(d)
    u /= np.linalg.norm(u)
    dist_half = np.maximum(g @ u - special.ndtri(p), 0.0)  # distance to {<x,u> <= Phi^-1(p)}
    dist_ball = np.maximum(np.linalg.norm(g, axis=1) - gaussian_ball_radius(p, d), 0.0)
    for dist, exact in (
        (dist_half, gaussian_halfspace_enlargement(p, t)),
        (dist_ball, gaussian_ball_enlargement(p, t, d)),
    ):
        sampled = (dist[:, None] <= t).mean(axis=0)
        assert np.all(np.abs(sampled - exact) <= 5 * np.sqrt(exact * (1 - exact) / n) + 1e-4)


def test_gaussian_tails_are_exact_and_under_the_bound() -> None:
    rng = np.random.default_rng(9)
    t = np.linspace(0, 4, 41)
    for d in (1, 5, 50):
        tails, means = gaussian_tails(d, t)
        g = rng.standard_normal((100_000, d))
        values = {
            "coordinate": g[:, 0],
            "norm": np.linalg.norm(g, axis=1),
            "max_coordinate": g.max(1),
        }
        for name, v in values.items():
            assert v.mean() == pytest.approx(means[name], abs=5 * v.std() / np.sqrt(v.size))
            sampled = (np.abs(v[:, None] - means[name]) > t).mean(axis=0)
            tol = 5 * np.sqrt(tails[name] * (1 - tails[name]) / v.size) + 1e-4
            assert np.all(np.abs(sampled - tails[name]) <= tol), (d, name)
            assert np.all(tails[name] <= 2 * np.exp(-t * t / 2))
    assert gaussian_norm_mean(1) == pytest.approx(np.sqrt(2 / np.pi))
    assert gaussian_max_mean(2) == pytest.approx(1 / np.sqrt(np.pi))
