"""The sphere-marginals and cube-clt experiments against exact formulas, quadrature, enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import integrate, special, stats

from experiments.core.errors import UserError
from experiments.core.store import load
from experiments.numerics.samplers import (
    sample_ball_coordinate,
    sample_cube,
    sample_sphere,
    sample_sphere_coordinate,
)
from experiments.topics.geometry import (
    BERRY_ESSEEN_CONSTANT,
    ball_coordinate_cdf,
    ball_coordinate_density,
    ball_gaussian_distances,
    berry_esseen_bound,
    cube_gaussian_kolmogorov,
    cube_kolmogorov_asymptote,
    cube_marginal_law,
    diaconis_freedman_bound,
    edgeworth_tv_constant,
    sphere_coordinate_cdf,
    sphere_coordinate_density,
    sphere_gaussian_distances,
)

DIMS = (2, 3, 4, 7, 33, 250, 1000)
USER_DIMS = (3, 7, 33, 250)
INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


def quad(f, a, b, points=None) -> float:
    return integrate.quad(f, a, b, points=points, limit=500, epsabs=1e-13, epsrel=1e-12)[0]


def density_dtheta(theta: float, m: int) -> float:
    """The sphere coordinate density in x = sin(theta), times dx/dtheta: cos^(m-2)(theta)/B.

    Bounded for every m >= 2 (the arcsine law m = 2 included), so quadrature needs no care.
    """
    return float(sphere_coordinate_density(np.array([np.sin(theta)]), m)[0] * np.cos(theta))


# --- sphere ----------------------------------------------------------------------------------


@pytest.mark.parametrize("m", DIMS)
def test_sphere_density_integrates_to_one_with_variance_one_over_m(m: int) -> None:
    half_pi = np.pi / 2
    assert quad(lambda t: density_dtheta(t, m), -half_pi, half_pi) == pytest.approx(1, abs=1e-10)
    second = quad(lambda t: np.sin(t) ** 2 * density_dtheta(t, m), -half_pi, half_pi)
    assert second == pytest.approx(1 / m, rel=1e-9)


@pytest.mark.parametrize("m", DIMS)
def test_sphere_cdf_is_the_integral_of_the_density(m: int) -> None:
    # From 0 (F(0) = 1/2 by symmetry): near theta = -pi/2 the arcsine integrand, 1/pi in exact
    # arithmetic, is rounding noise (1 - sin^2 theta cancels) and upsets quad.
    for x in (-0.999, -0.3, 0.0, 0.05, 0.5, 0.99):
        integral = 0.5 + quad(lambda t: density_dtheta(t, m), 0.0, np.arcsin(x))
        assert sphere_coordinate_cdf(np.array(x), m) == pytest.approx(integral, abs=1e-10)
    assert quad(lambda t: density_dtheta(t, m), -np.pi / 2, 0.0) == pytest.approx(0.5, abs=1e-9)


def test_sphere_density_is_the_ratio_of_sphere_areas() -> None:
    # The set {x_1 = x} of S^(m-1) is an (m-2)-sphere of radius r = sqrt(1 - x^2); the
    # coordinate density is |S^(m-2)| r^(m-3) / |S^(m-1)| (the extra 1/r is the slope of the
    # sphere over the x_1 axis), with |S^(k-1)| = 2 pi^(k/2) / Gamma(k/2).
    def area(k: int) -> float:
        return 2 * np.pi ** (k / 2) / special.gamma(k / 2)

    x = np.linspace(-0.95, 0.95, 21)
    for m in (2, 3, 4, 6, 13):
        exact = area(m - 1) * (1 - x**2) ** ((m - 3) / 2) / area(m)
        np.testing.assert_allclose(sphere_coordinate_density(x, m), exact, rtol=1e-12)
    np.testing.assert_allclose(sphere_coordinate_density(x, 2), 1 / (np.pi * np.sqrt(1 - x**2)))
    np.testing.assert_allclose(sphere_coordinate_density(x, 3), 0.5)  # Archimedes' hat-box
    np.testing.assert_allclose(sphere_coordinate_cdf(x, 2), 0.5 + np.arcsin(x) / np.pi)
    np.testing.assert_allclose(sphere_coordinate_cdf(x, 3), (1 + x) / 2)


def test_arcsine_density_is_finite_at_and_beyond_its_edges() -> None:
    x = np.array([-1.5, -1.0, -1 + 1e-15, 0.0, 1 - 1e-15, 1.0, 1.5])
    f = sphere_coordinate_density(x, 2)
    assert np.all(np.isfinite(f))
    assert f[0] == f[1] == f[-2] == f[-1] == 0.0
    assert f[2] > 1e6  # unbounded near +-1
    with pytest.raises(ValueError):
        sphere_coordinate_density(x, 1)


@pytest.mark.parametrize("n", (0, 1, 2, 5, 30, 247))
def test_archimedes_ball_coordinate_is_sphere_coordinate_two_dimensions_up(n: int) -> None:
    # A coordinate of B^(n+1) has the law of a coordinate of S^(n+2) in R^(n+3).
    x = np.linspace(-1.2, 1.2, 2401)
    np.testing.assert_allclose(
        ball_coordinate_density(x, n + 1), sphere_coordinate_density(x, n + 3), rtol=1e-13
    )
    np.testing.assert_allclose(
        ball_coordinate_cdf(x, n + 1), sphere_coordinate_cdf(x, n + 3), rtol=0, atol=1e-15
    )
    # Same rescaling too: Var = 1/(n+3) for both, so the distances to N(0,1) coincide.
    ball, sphere = ball_gaussian_distances(n + 1), sphere_gaussian_distances(n + 3)
    assert sphere.tv == pytest.approx(ball.tv, rel=1e-12)
    assert sphere.kolmogorov == pytest.approx(ball.kolmogorov, rel=1e-12)


@pytest.mark.parametrize("m", DIMS)
def test_sphere_tv_agrees_with_independent_quadrature_to_1e_6(m: int) -> None:
    # TV = int_0^inf |f - phi| dz; on the support z = sqrt(m) sin(theta) removes the arcsine
    # singularity at z = sqrt(m) (m = 2), and beyond the support only phi is left.
    s = np.sqrt(m)
    upper = min(s, 40.0)
    crossings = sphere_gaussian_distances(m).crossings
    theta_max = np.arcsin(upper / s)

    def gap(t: float) -> float:
        return abs(density_dtheta(t, m) - stats.norm.pdf(s * np.sin(t)) * s * np.cos(t))

    brute = quad(gap, 0, theta_max, points=[*np.arcsin(crossings / s), theta_max])
    brute += stats.norm.sf(upper)
    assert sphere_gaussian_distances(m).tv == pytest.approx(brute, abs=1e-6)


@pytest.mark.parametrize("m", DIMS)
def test_sphere_kolmogorov_distance_is_the_sup_over_a_fine_grid(m: int) -> None:
    z = np.linspace(0, min(np.sqrt(m), 10), 200_001)
    brute = np.max(np.abs(sphere_coordinate_cdf(z / np.sqrt(m), m) - stats.norm.cdf(z)))
    got = sphere_gaussian_distances(m).kolmogorov
    assert got >= brute - 1e-12
    assert got == pytest.approx(brute, abs=1e-7)


def test_tv_constant_is_e_abs_he4_over_8_for_ball_and_sphere() -> None:
    # The sphere's constant: m TV(sqrt(m) X_1, N(0,1)) -> E|He_4(Z)|/8 = 0.3501, the ball's.
    # This is what the reference line c/m of the clt-distances figure rests on.
    he4 = quad(lambda z: abs(z**4 - 6 * z**2 + 3) * stats.norm.pdf(z), -np.inf, np.inf)
    c = edgeworth_tv_constant()
    assert c == pytest.approx(he4 / 8, rel=1e-12)
    assert c == pytest.approx(0.35008, abs=1e-5)
    for m in (1000, 10_000, 100_000):
        assert sphere_gaussian_distances(m).tv * m == pytest.approx(c, rel=2e-3)
        assert ball_gaussian_distances(m).tv * (m + 2) == pytest.approx(c, rel=2e-3)


def test_diaconis_freedman_bound_is_nan_where_undefined_and_above_the_exact_tv() -> None:
    m = np.array([2, 3, 4, 5, 6, 10, 104])
    expected = np.array([np.nan, np.nan, np.nan, 8.0, 4.0, 4 / 3, 0.08])
    np.testing.assert_allclose(diaconis_freedman_bound(m), expected)
    assert diaconis_freedman_bound(np.array([6]), k=2)[0] == pytest.approx(10.0)
    for d in (5, 7, 33, 250, 1000):
        assert sphere_gaussian_distances(d).tv < diaconis_freedman_bound(d)


def test_sphere_samplers_match_the_exact_law() -> None:
    rng = np.random.default_rng(11)
    for m in (2, 3, 10):
        pts = sample_sphere(20_000, m, rng)
        np.testing.assert_allclose(np.linalg.norm(pts, axis=1), 1.0, rtol=1e-12)
        assert stats.kstest(pts[:, 0], lambda t, m=m: sphere_coordinate_cdf(t, m)).pvalue > 0.01
    for m in (2, 3, 5, 40):
        fast = sample_sphere_coordinate(40_000, m, np.random.default_rng(12))
        full = sample_sphere(40_000, m, np.random.default_rng(13))[:, 0]
        assert stats.ks_2samp(fast, full).pvalue > 0.01
        assert stats.kstest(fast, lambda t, m=m: sphere_coordinate_cdf(t, m)).pvalue > 0.01
        assert fast.var() == pytest.approx(1 / m, rel=0.03)
    # Archimedes by sampling: a coordinate of B^5 and of S^6 in R^7.
    ball = sample_ball_coordinate(40_000, 5, np.random.default_rng(14))
    sphere = sample_sphere_coordinate(40_000, 7, np.random.default_rng(15))
    assert stats.ks_2samp(ball, sphere).pvalue > 0.01
    with pytest.raises(ValueError):
        sample_sphere_coordinate(10, 1, rng)


# --- cube ------------------------------------------------------------------------------------


def enumerated_law(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Atoms and probabilities of <X, u> from all 2^n vertices of {-1, 1}^n."""
    vertices = np.array(list(itertools.product((-1, 1), repeat=n)))
    sums, counts = np.unique(vertices.sum(axis=1), return_counts=True)
    return sums / np.sqrt(n), counts / 2.0**n


@pytest.mark.parametrize("n", range(1, 13))
def test_cube_law_and_kolmogorov_distance_by_enumerating_the_vertices(n: int) -> None:
    atoms, probs = enumerated_law(n)
    got_atoms, got_probs = cube_marginal_law(n)
    np.testing.assert_allclose(got_atoms, atoms, rtol=1e-14)
    np.testing.assert_allclose(got_probs, probs, rtol=1e-12)

    # sup_z |F(z) - Phi(z)| on a fine grid plus each atom and points just left of it.
    eps = 1e-10
    z = np.sort(np.concatenate([np.linspace(-6, 6, 200_001), atoms, atoms - eps]))
    cumulative = np.concatenate([[0.0], np.cumsum(probs)])
    F = cumulative[np.searchsorted(atoms, z, side="right")]
    brute = np.max(np.abs(F - stats.norm.cdf(z)))
    got = cube_gaussian_kolmogorov(n)
    assert got.distance >= brute - 1e-12
    assert got.distance == pytest.approx(brute, abs=1e-9)
    i = np.argmin(np.abs(atoms - got.atom))
    assert got.atom == pytest.approx(atoms[i], abs=1e-14) and got.atom <= 0


def test_cube_kolmogorov_small_cases_in_closed_form() -> None:
    assert cube_gaussian_kolmogorov(1).distance == pytest.approx(stats.norm.cdf(1) - 0.5)
    assert cube_gaussian_kolmogorov(2).distance == pytest.approx(0.25)  # jump 1/2 at 0


@pytest.mark.parametrize("n", (4999, 5000))
def test_cube_kolmogorov_skips_nothing_that_matters(n: int) -> None:
    # Against a plain computation on all n+1 atoms, both one-sided limits, no symmetry used.
    j = np.arange(n + 1)
    atoms = (2 * j - n) / np.sqrt(n)
    phi = stats.norm.cdf(atoms)
    plain = max(
        np.abs(stats.binom.cdf(j, n, 0.5) - phi).max(),
        np.abs(stats.binom.cdf(j - 1, n, 0.5) - phi).max(),
    )
    assert cube_gaussian_kolmogorov(n).distance == pytest.approx(plain, rel=1e-12)


def test_berry_esseen_holds_for_every_n_computed() -> None:
    ns = [*range(1, 2001), 5000, 10_001, 99_999, 10**6, 10**7]
    scaled = np.array([cube_gaussian_kolmogorov(n).distance * np.sqrt(n) for n in ns])
    assert np.all(scaled <= BERRY_ESSEEN_CONSTANT)
    # Observed, and sharper: sqrt(n) D_n stays below its limit 1/sqrt(2 pi) = 0.3989.
    assert np.all(scaled < INV_SQRT_2PI)
    assert scaled[0] == pytest.approx(0.3413, abs=1e-4)  # the largest gap to the bound: n = 1
    np.testing.assert_allclose(berry_esseen_bound(np.array(ns)), 0.4748 / np.sqrt(ns))


@pytest.mark.parametrize("n", (100, 101, 1000, 1001, 10_000, 100_001, 10**6, 10**7))
def test_sqrt_n_kolmogorov_tends_to_one_over_sqrt_2pi(n: int) -> None:
    # Half the central jump: sqrt(n) D_n = (1 - c/n)/sqrt(2 pi) + O(n^-2), with c = 1/4 for even
    # n and 1/6 for odd n (observed); so the gap to the limit is positive and at most 0.11/n.
    gap = INV_SQRT_2PI - np.sqrt(n) * cube_gaussian_kolmogorov(n).distance
    assert 0 < gap <= 0.11 / n
    assert cube_kolmogorov_asymptote(n) * np.sqrt(n) == pytest.approx(INV_SQRT_2PI)


def test_cube_sampler_projection_has_the_binomial_law() -> None:
    n = 6
    pts = sample_cube(40_000, n, np.random.default_rng(21))
    assert set(np.unique(pts)) == {-1.0, 1.0}
    sums = pts.sum(axis=1).astype(int)
    observed = np.bincount((sums + n) // 2, minlength=n + 1)
    _, probs = cube_marginal_law(n)
    assert stats.chisquare(observed, probs * len(sums)).pvalue > 0.01


# --- the experiments -------------------------------------------------------------------------


def test_sphere_experiment_follows_the_dims_a_user_passes() -> None:
    r = load("sphere-marginals", overrides={"dims": "3,7,33,250", "mc_samples": 5000})
    m = np.array(USER_DIMS)
    np.testing.assert_array_equal(r["dims"], m)
    expected = [sphere_gaussian_distances(d) for d in USER_DIMS]
    np.testing.assert_allclose(r["tv_to_gaussian"], [d.tv for d in expected], rtol=1e-12)
    np.testing.assert_allclose(r["kolmogorov"], [d.kolmogorov for d in expected], rtol=1e-12)
    np.testing.assert_allclose(r["variance"], 1 / m)
    np.testing.assert_allclose(r["diaconis_freedman"], [np.nan, 8 / 3, 8 / 29, 8 / 246])
    assert float(r["tv_constant"]) == pytest.approx(edgeworth_tv_constant())
    assert r["density"].shape == (4, r["z"].size)
    mass = np.trapezoid(r["density"], r["z"], axis=1)
    np.testing.assert_allclose(mass, 1.0, atol=2e-3)
    assert np.all(r["mc_ks_pvalue"] > 1e-3)
    np.testing.assert_allclose(r["mc_variance"], r["variance"], rtol=0.08)


def test_sphere_experiment_handles_the_arcsine_law_and_rejects_m_1() -> None:
    r = load("sphere-marginals", overrides={"dims": "2", "mc_samples": 2000})
    assert np.all(np.isfinite(r["density"])) and np.all(np.isfinite(r["coordinate_density"]))
    assert r["tv_to_gaussian"][0] == pytest.approx(0.3515, abs=1e-4)
    with pytest.raises(UserError, match="dims"):
        load("sphere-marginals", overrides={"dims": "1,5"})


def test_cube_experiment_follows_the_dims_a_user_passes() -> None:
    r = load("cube-clt", overrides={"dims": "3,7,33,250", "histogram_dims": "1,3,5"})
    n = np.array(USER_DIMS)
    np.testing.assert_array_equal(r["dims"], n)
    expected = [cube_gaussian_kolmogorov(d).distance for d in USER_DIMS]
    np.testing.assert_allclose(r["kolmogorov"], expected, rtol=1e-12)
    np.testing.assert_allclose(r["berry_esseen"], 0.4748 / np.sqrt(n))
    np.testing.assert_allclose(r["asymptote"], 1 / np.sqrt(2 * np.pi * n))
    np.testing.assert_allclose(r["scaled_kolmogorov"], r["kolmogorov"] * np.sqrt(n))
    assert "tv_to_gaussian" not in r  # TV to a Gaussian is 1 for every n: atoms

    np.testing.assert_array_equal(r["histogram_dims"], [1, 3, 5])
    np.testing.assert_array_equal(r["histogram_counts"], [2, 4, 6])
    assert r["histogram_atoms"].shape == r["histogram_probabilities"].shape == (3, 6)
    for i, (d, c) in enumerate(zip([1, 3, 5], [2, 4, 6], strict=True)):
        atoms, probs = cube_marginal_law(d)
        np.testing.assert_allclose(r["histogram_atoms"][i, :c], atoms)
        np.testing.assert_allclose(r["histogram_probabilities"][i, :c], probs)
        assert np.all(np.isnan(r["histogram_atoms"][i, c:]))
    np.testing.assert_allclose(np.nansum(r["histogram_probabilities"], axis=1), 1.0)
    np.testing.assert_allclose(r["gaussian_density"], stats.norm.pdf(r["z"]))
