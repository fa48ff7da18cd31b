"""Geometry of the central limit theorem: exact laws of one coordinate of high-dimensional bodies.

The derivations are in docs/science.md, sections 2 and 3 (the ball and sphere; the cube).

Ball. One coordinate X_1 of a uniform point of the unit ball B^m has density
``(1 - x^2)^((m-1)/2) / B(1/2, (m+1)/2)`` on [-1, 1] (the volume of the slice at height x, an
(m-1)-ball of radius sqrt(1 - x^2)), variance 1/(m+2), and CDF
``1/2 + sign(x)/2 * I_{x^2}(1/2, (m+1)/2)`` (regularised incomplete beta function).

Sphere. One coordinate X_1 of a uniform point of the unit sphere S^(m-1) in R^m has density
``(1 - x^2)^((m-3)/2) / B(1/2, (m-1)/2)`` on [-1, 1], variance 1/m, and CDF
``1/2 + sign(x)/2 * I_{x^2}(1/2, (m-1)/2)``: m = 2 is the arcsine law, m = 3 the uniform law on
[-1, 1] (Archimedes), and a coordinate of B^m has the law of a coordinate of S^(m+1) in R^(m+2).

Cube. For X uniform on the vertices {-1, 1}^n and u = (1, ..., 1)/sqrt(n), <X, u> = (2J - n)/sqrt(n)
with J ~ Binomial(n, 1/2): the Bernoulli central limit theorem is the marginal of the cube in the
direction u. Its law has atoms, so its TV distance to any Gaussian is 1; the Kolmogorov distance
D_n is what tends to 0, like 1/sqrt(2 pi n).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from experiments.core.config import ExperimentConfig, param
from experiments.core.registry import RunContext, experiment
from experiments.core.seeding import rng
from experiments.numerics.marginals import ball_coordinate_cdf, ball_coordinate_density
from experiments.numerics.samplers import sample_ball_coordinate, sample_sphere_coordinate

# --- exact formulas --------------------------------------------------------------------------


def ball_slice_profile(x: np.ndarray, m: int) -> np.ndarray:
    """Volume of the slice of B^m at height x, relative to the central slice: (1-x^2)^((m-1)/2)."""
    x = np.asarray(x, dtype=float)
    return np.where(np.abs(x) < 1.0, np.clip(1.0 - x * x, 0.0, None) ** (0.5 * (m - 1)), 0.0)


def _scaled_log_ratio(z: np.ndarray, m: int) -> np.ndarray:
    """log f(z) - log phi(z) for f the density of sqrt(m+2) X_1, on 0 <= z < sqrt(m+2)."""
    s2 = m + 2.0
    log_f = (
        0.5 * (m - 1) * np.log1p(-(z * z) / s2)
        - special.betaln(0.5, (m + 1) / 2)
        - 0.5 * np.log(s2)
    )
    log_phi = -0.5 * z * z - 0.5 * np.log(2 * np.pi)
    return log_f - log_phi


@dataclass(frozen=True)
class GaussianDistances:
    """Distances between sqrt(m+2) X_1 and N(0, 1), with where the two densities cross."""

    tv: float
    kolmogorov: float
    crossings: np.ndarray  # positive z where the densities cross (the law is symmetric)


def ball_gaussian_distances(m: int) -> GaussianDistances:
    """Total-variation and Kolmogorov distances from sqrt(m+2) X_1 to N(0, 1), for X uniform in B^m.

    The densities f and phi cross at finitely many points (at most two on z > 0: log f - log phi
    rises up to z = sqrt(3) and falls after). Between crossings the sign of f - phi is fixed, so
    TV = integral of (f - phi)_+ is a sum of differences of the two exact CDFs over the intervals
    where f > phi, and the Kolmogorov distance is the largest |F - Phi| at a crossing or at the edge
    of the support. The crossings are located by bracketing on a fine grid and Brent's method to
    1e-14, so both distances are exact to ~1e-12 (far inside the 1e-6 asked of a quadrature).
    """
    s = np.sqrt(m + 2.0)
    return _symmetric_gaussian_distances(
        lambda z: _scaled_log_ratio(z, m),
        lambda z: ball_coordinate_cdf(np.asarray(z) / s, m),
        s,
    )


def _symmetric_gaussian_distances(
    log_ratio: Callable[[np.ndarray], np.ndarray],
    cdf: Callable[[np.ndarray], np.ndarray],
    support: float,
) -> GaussianDistances:
    """TV and Kolmogorov distances to N(0, 1) of a symmetric law on [-support, support].

    ``log_ratio(z)`` is log f(z) - log phi(z) on 0 <= z < support (finite there; it may blow up
    at the edge) and ``cdf`` the exact CDF of the law. The method is the one described in
    :func:`ball_gaussian_distances`: crossings bracketed on a grid of 4000 points of
    [0, min(support, 60)) and refined by Brent's method, then exact CDF differences.
    """
    s = support
    upper = min(s, 60.0)  # beyond |z| = 60 both laws have mass < 1e-780
    grid = np.linspace(0.0, upper, 4001)[:-1]
    h = log_ratio(grid)
    roots = []
    for i in np.nonzero(np.sign(h[:-1]) * np.sign(h[1:]) < 0)[0]:
        roots.append(
            optimize.brentq(
                log_ratio,
                grid[i],
                grid[i + 1],
                xtol=1e-14,
                rtol=4 * np.finfo(float).eps,
            )
        )
    roots_arr = np.array(roots)
    breaks = np.concatenate([[0.0], roots_arr, [s]])

    tv = 0.0
    for a, b in itertools.pairwise(breaks):
        mid = 0.5 * (a + b)
        if log_ratio(np.array([mid]))[0] > 0:
            tv += (cdf(b) - cdf(a)) - (stats.norm.cdf(b) - stats.norm.cdf(a))
    tv *= 2.0  # both halves of the symmetric laws
    points = np.concatenate([roots_arr, [s]])
    kolmogorov = float(np.max(np.abs(cdf(points) - stats.norm.cdf(points))))
    return GaussianDistances(float(tv), kolmogorov, roots_arr)


# --- the experiment --------------------------------------------------------------------------


# Dimensions of the paper preset: roughly log-spaced from 1 to 10^4.
PAPER_DIMS = (1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 2000,
              5000, 10_000)  # fmt: skip


@dataclass(frozen=True)
class BallSlicesConfig(ExperimentConfig):
    dims: tuple[int, ...] = param(
        (1, 2, 3, 5, 10, 30, 100, 300, 1000),
        help="dimensions d of the ball B^d",
        min=1,
        max=10**7,
    )
    sweep_points: int = param(
        80,
        help="dimensions of the continuous sweep from the smallest to the largest of dims "
        "(log-spaced, with dims themselves), for animations",
        min=2,
        max=10_000,
    )
    grid_points: int = param(801, help="points of the density grids", min=11, max=100_001)
    z_max: float = param(
        4.0, help="half-width of the grid of the rescaled coordinate z", min=0.5, max=50.0
    )
    mc_samples: int = param(
        20_000, help="Monte Carlo sample size per dimension", min=100, max=100_000_000
    )
    mc_bins: int = param(60, help="histogram bins of the Monte Carlo check", min=5, max=1000)
    seed: int = param(0, help="seed of the Monte Carlo sampler", min=0, max=2**32 - 1)

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {"dims": PAPER_DIMS, "grid_points": 2001, "mc_samples": 400_000, "mc_bins": 80},
    }


@experiment(
    "ball-slices",
    description="exact law of one coordinate of the uniform point of the ball B^d vs N(0,1): "
    "slice profiles, densities, TV and Kolmogorov distances, Monte Carlo check",
    config=BallSlicesConfig,
    version=2,
)
def ball_slices(config: BallSlicesConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    out = _coordinate_marginals(
        config,
        ctx,
        "ball-slices",
        scale=lambda m: np.sqrt(m + 2.0),
        density=ball_coordinate_density,
        cdf=ball_coordinate_cdf,
        distances=ball_gaussian_distances,
        sampler=sample_ball_coordinate,
    )
    x, dims = out["x"], out["dims"]
    out["slice_profile"] = np.stack([ball_slice_profile(x, int(m)) for m in dims])
    out["slice_profile_gaussian"] = np.stack([np.exp(-0.5 * (m - 1) * x * x) for m in dims])
    out["variance"] = 1.0 / (dims + 2.0)
    out["sweep_profile"] = np.stack([ball_slice_profile(x, int(m)) for m in out["sweep_dims"]])
    out["sweep_sd"] = 1.0 / np.sqrt(out["sweep_dims"] + 2.0)
    out["tv_constant"] = np.array(edgeworth_tv_constant(), dtype=np.float64)  # (d+2) TV -> this
    return out


def sweep_dimensions(dims: tuple[int, ...], points: int) -> np.ndarray:
    """About ``points`` integer dimensions log-spaced from min(dims) to max(dims), and ``dims``
    themselves, ascending and distinct: the stops of a continuous sweep through dimension."""
    lo, hi = min(dims), max(dims)
    spaced = np.round(np.geomspace(lo, hi, points)).astype(np.int64)
    return np.unique(np.concatenate([spaced, np.array(dims, dtype=np.int64)]))


def _coordinate_marginals(
    config: BallSlicesConfig,
    ctx: RunContext,
    label: str,
    *,
    scale: Callable[[int], float],
    density: Callable[[np.ndarray, int], np.ndarray],
    cdf: Callable[[np.ndarray, int], np.ndarray],
    distances: Callable[[int], GaussianDistances],
    sampler: Callable[[int, int, np.random.Generator], np.ndarray],
) -> dict[str, np.ndarray]:
    """What the ball and sphere experiments share: for each m, the density of one coordinate
    X_1 and of scale(m) X_1, the exact distances to N(0, 1), and a Monte Carlo check of the
    exact sampler against the exact CDF (not against the Gaussian)."""
    dims = np.array(config.dims, dtype=np.int64)
    z = np.linspace(-config.z_max, config.z_max, config.grid_points)
    x = np.linspace(-1.0, 1.0, config.grid_points)
    edges = np.linspace(-config.z_max, config.z_max, config.mc_bins + 1)
    k = len(dims)
    out = {
        "dims": dims,
        "z": z,
        "x": x,
        "gaussian_density": stats.norm.pdf(z),
        "density": np.empty((k, z.size)),
        "coordinate_density": np.empty((k, x.size)),
        "tv_to_gaussian": np.empty(k),
        "kolmogorov": np.empty(k),
        "mc_samples": np.array(config.mc_samples, dtype=np.int64),
        "mc_hist_edges": edges,
        "mc_hist": np.empty((k, config.mc_bins)),
        "mc_variance": np.empty(k),
        "mc_kolmogorov": np.empty(k),
        "mc_ks_pvalue": np.empty(k),
    }
    # The continuous sweep through dimension (for animations): exact densities and distances.
    sweep = sweep_dimensions(config.dims, config.sweep_points)
    out["sweep_dims"] = sweep
    out["sweep_density"] = np.stack(
        [density(z / scale(int(m)), int(m)) / scale(int(m)) for m in sweep]
    )
    out["sweep_tv"] = np.array([distances(int(m)).tv for m in sweep])
    for i, m in enumerate(ctx.progress(config.dims, label, total=k)):
        s = scale(m)
        out["density"][i] = density(z / s, m) / s
        out["coordinate_density"][i] = density(x, m)
        dist = distances(m)
        out["tv_to_gaussian"][i] = dist.tv
        out["kolmogorov"][i] = dist.kolmogorov
        sample = sampler(config.mc_samples, m, rng(config.seed, label, "monte-carlo", m))
        out["mc_variance"][i] = sample.var()
        ks = stats.kstest(sample, lambda t, m=m: cdf(t, m))
        out["mc_kolmogorov"][i] = ks.statistic
        out["mc_ks_pvalue"][i] = ks.pvalue
        hist, _ = np.histogram(sample * s, bins=edges)
        out["mc_hist"][i] = hist / (config.mc_samples * np.diff(edges))
    return out


# --- sphere: exact formulas ------------------------------------------------------------------


def sphere_coordinate_density(x: np.ndarray, m: int) -> np.ndarray:
    """Density of one coordinate of a uniform point of the unit sphere S^(m-1) in R^m.

    Parameters
    ----------
    x
        Points of the real line.
    m
        Ambient dimension, m >= 2.

    Returns
    -------
    numpy.ndarray
        ``(1 - x^2)^((m-3)/2) / B(1/2, (m-1)/2)`` for |x| < 1 and 0 elsewhere. For m = 2 (the
        arcsine law) the density is unbounded near +-1; the endpoints themselves, a null set,
        get 0, so the result is always finite. For m = 3 it is 1/2 on (-1, 1) (Archimedes).
    """
    if m < 2:
        raise ValueError(f"the sphere S^(m-1) needs m >= 2 (got {m})")
    x = np.asarray(x, dtype=float)
    inside = np.abs(x) < 1.0
    out = np.zeros_like(x)
    log_norm = special.betaln(0.5, (m - 1) / 2)
    xi = x[inside]
    out[inside] = np.exp(0.5 * (m - 3) * np.log1p(-xi * xi) - log_norm)
    return out


def sphere_coordinate_cdf(x: np.ndarray, m: int) -> np.ndarray:
    """CDF of one coordinate of a uniform point of S^(m-1) in R^m (m >= 2).

    ``1/2 + sign(x)/2 * I_{x^2}(1/2, (m-1)/2)`` with I the regularised incomplete beta function:
    the same formula as :func:`ball_coordinate_cdf` with m replaced by m - 2 (Archimedes).
    """
    if m < 2:
        raise ValueError(f"the sphere S^(m-1) needs m >= 2 (got {m})")
    x = np.clip(np.asarray(x, dtype=float), -1.0, 1.0)
    return 0.5 + 0.5 * np.sign(x) * special.betainc(0.5, (m - 1) / 2, x * x)


def _sphere_scaled_log_ratio(z: np.ndarray, m: int) -> np.ndarray:
    """log f(z) - log phi(z) for f the density of sqrt(m) X_1 on S^(m-1), on 0 <= z < sqrt(m)."""
    s2 = float(m)
    log_f = (
        0.5 * (m - 3) * np.log1p(-(z * z) / s2)
        - special.betaln(0.5, (m - 1) / 2)
        - 0.5 * np.log(s2)
    )
    log_phi = -0.5 * z * z - 0.5 * np.log(2 * np.pi)
    return log_f - log_phi


def sphere_gaussian_distances(m: int) -> GaussianDistances:
    """Total-variation and Kolmogorov distances from sqrt(m) X_1 to N(0, 1), X uniform on S^(m-1).

    Computed exactly as :func:`ball_gaussian_distances` (same helper): log f - log phi has
    derivative z (1 - (m-3)/(m - z^2)), so for m >= 4 it rises up to z = sqrt(3) and falls after
    (at most two crossings on z > 0), and for m = 2, 3 it only rises (one crossing; for m = 2 it
    tends to +infinity at the edge z = sqrt(2) of the arcsine law). Exact to ~1e-12. Since
    sqrt(m) X_1 on S^(m-1) has the law of sqrt(m) X_1 in B^(m-2), both distances equal those of
    the ball of dimension m - 2 for m >= 3; in particular TV ~ E|He_4(Z)| / (8m).
    """
    if m < 2:
        raise ValueError(f"the sphere S^(m-1) needs m >= 2 (got {m})")
    s = np.sqrt(float(m))
    return _symmetric_gaussian_distances(
        lambda z: _sphere_scaled_log_ratio(z, m),
        lambda z: sphere_coordinate_cdf(np.asarray(z) / s, m),
        s,
    )


def diaconis_freedman_bound(m: np.ndarray | int, k: int = 1) -> np.ndarray:
    """Diaconis-Freedman bound 2(k+3)/(m-k-3) on the TV distance from N(0, I_k).

    It bounds the distance between the first k coordinates of the uniform law on sqrt(m) S^(m-1)
    and N(0, I_k) (Diaconis & Freedman 1987, "A dozen de Finetti-style results in search of a
    theory"). The bound is only stated for m - k - 3 > 0: where m - k - 3 <= 0 the result is nan
    (no bound), i.e. m <= 4 for k = 1.
    """
    m = np.asarray(m, dtype=float)
    gap = m - k - 3.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(gap > 0, 2.0 * (k + 3) / np.where(gap > 0, gap, 1.0), np.nan)


def edgeworth_tv_constant() -> float:
    """E|He_4(Z)| / 8 = 0.350075..., the limit of (m+2) TV for the ball and m TV for the sphere.

    The density of sqrt(s2) X_1, with s2 the inverse variance (m+2 for B^m, m for S^(m-1)), is
    phi(z) (1 - He_4(z) / (4 s2) + O(s2^-2)), so TV = E|He_4(Z)| / (8 s2) + O(s2^-2). With
    He_4 = z^4 - 6z^2 + 3 (roots r1 < r2 on z > 0 at z^2 = 3 -+ sqrt(6)) and
    d/dz[-He_3(z) phi(z)] = He_4(z) phi(z), the absolute moment has the closed form
    E|He_4(Z)| = 4 (He_3(r2) phi(r2) - He_3(r1) phi(r1)).
    """
    r = np.sqrt([3.0 - np.sqrt(6.0), 3.0 + np.sqrt(6.0)])
    he3_phi = (r**3 - 3.0 * r) * stats.norm.pdf(r)
    return float(4.0 * (he3_phi[1] - he3_phi[0]) / 8.0)


# --- cube: exact formulas --------------------------------------------------------------------

BERRY_ESSEEN_CONSTANT = 0.4748
"""Shevtsova (2011): sup |F_n - Phi| <= 0.4748 E|X|^3 / (sigma^3 sqrt(n)) for i.i.d. steps."""

_TAIL_Z = 40.0  # P(|<X,u>| >= 40) <= 2 exp(-800) (Hoeffding) and Phi(-40) both underflow to 0


def cube_marginal_law(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Atoms and probabilities of <X, u>, X uniform on {-1, 1}^n, u = (1, ..., 1)/sqrt(n).

    Returns
    -------
    atoms, probabilities
        ``(2j - n)/sqrt(n)`` and ``P(J = j)`` for J ~ Binomial(n, 1/2), j = 0, ..., n, ascending.
        Probabilities come from ``scipy.stats.binom.logpmf`` (log space, no overflow of
        binomial coefficients); tail atoms below ~1e-308 underflow to 0.
    """
    if n < 1:
        raise ValueError(f"the cube needs n >= 1 (got {n})")
    j = np.arange(n + 1)
    return (2.0 * j - n) / np.sqrt(n), np.exp(stats.binom.logpmf(j, n, 0.5))


@dataclass(frozen=True)
class StepKolmogorov:
    """Kolmogorov distance of a lattice law to N(0, 1) and the atom where it is attained."""

    distance: float
    atom: float


def cube_gaussian_kolmogorov(n: int) -> StepKolmogorov:
    """Exact Kolmogorov distance D_n = sup_z |F_n(z) - Phi(z)| of <X, u> on {-1, 1}^n to N(0, 1).

    F_n is a step function: between two atoms it is constant while Phi increases, so |F_n - Phi|
    is largest at an end of the interval, i.e. the supremum is a maximum over the atoms a of
    ``|F_n(a) - Phi(a)|`` and ``|F_n(a-) - Phi(a)|`` (the left limit, as z increases to a; at
    the smallest atom it also covers z below it). The law is symmetric, so
    ``|F_n(z) - Phi(z)| = |F_n(-z-) - Phi(-z)|`` and the atoms a <= 0 already give every value;
    there F_n is a lower binomial tail, exact to ~1e-16 (``scipy.stats.binom.cdf``, whose Boost
    incomplete beta is accurate; ``scipy.special.bdtr`` is off by ~1e-9 at n = 10^6). Atoms with
    a < -40 are skipped: there F_n and Phi are both below 1e-300 (Hoeffding), which cannot change
    a maximum of order n^(-1/2). Vectorised: n = 10^7 takes ~0.1 s.

    Returns
    -------
    StepKolmogorov
        The distance and the atom a <= 0 where it is attained (the leftmost if several; by
        symmetry it is attained at -a too).
    """
    if n < 1:
        raise ValueError(f"the cube needs n >= 1 (got {n})")
    lo = max(0, int(np.ceil((n - _TAIL_Z * np.sqrt(n)) / 2)))
    j = np.arange(lo - 1, n // 2 + 1)  # atoms (2j - n)/sqrt(n) <= 0, and one more on the left
    cdf = stats.binom.cdf(j, n, 0.5)  # binom.cdf(-1) = 0
    atoms = (2.0 * j[1:] - n) / np.sqrt(n)
    phi = special.ndtr(atoms)
    gaps = np.maximum(np.abs(cdf[1:] - phi), np.abs(cdf[:-1] - phi))  # at a, and at a-
    i = int(np.argmax(gaps))
    return StepKolmogorov(float(gaps[i]), float(atoms[i]))


def berry_esseen_bound(n: np.ndarray | int) -> np.ndarray:
    """Berry-Esseen bound 0.4748/sqrt(n) on D_n for +-1 steps (E|X|^3 = sigma = 1)."""
    return BERRY_ESSEEN_CONSTANT / np.sqrt(np.asarray(n, dtype=float))


def cube_kolmogorov_asymptote(n: np.ndarray | int) -> np.ndarray:
    """1/sqrt(2 pi n), the limit of D_n: sqrt(n) D_n -> 1/sqrt(2 pi) = 0.3989 for +-1 steps.

    It is half the mass sqrt(2/(pi n)) of the central atom (n even) or of the gap at 0 (n odd).
    """
    return 1.0 / np.sqrt(2.0 * np.pi * np.asarray(n, dtype=float))


# --- the sphere experiment -------------------------------------------------------------------


@dataclass(frozen=True)
class SphereMarginalsConfig(BallSlicesConfig):
    """The ball's settings, for the sphere S^(m-1) in R^m (m >= 2)."""

    dims: tuple[int, ...] = param(
        (2, 3, 4, 5, 7, 10, 30, 100, 300, 1000),
        help="dimensions d of the sphere S^(d-1) in R^d",
        min=2,
        max=10**7,
    )

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {**BallSlicesConfig.PRESETS["paper"], "dims": PAPER_DIMS[1:]},
    }


@experiment(
    "sphere-marginals",
    description="exact law of one coordinate of the uniform point of the sphere S^(d-1) vs "
    "N(0,1): densities, TV and Kolmogorov distances, Diaconis-Freedman bound, Monte Carlo check",
    config=SphereMarginalsConfig,
    version=2,
)
def sphere_marginals(config: SphereMarginalsConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    out = _coordinate_marginals(
        config,
        ctx,
        "sphere-marginals",
        scale=lambda m: np.sqrt(float(m)),
        density=sphere_coordinate_density,
        cdf=sphere_coordinate_cdf,
        distances=sphere_gaussian_distances,
        sampler=sample_sphere_coordinate,
    )
    dims = out["dims"]
    out["variance"] = 1.0 / dims
    out["diaconis_freedman"] = diaconis_freedman_bound(dims, k=1)
    out["tv_constant"] = np.array(edgeworth_tv_constant(), dtype=np.float64)
    return out


# --- the cube experiment ---------------------------------------------------------------------


@dataclass(frozen=True)
class CubeCltConfig(ExperimentConfig):
    dims: tuple[int, ...] = param(
        (1, 2, 3, 4, 5, 7, 10, 20, 30, 50, 100, 300, 1000, 3000, 10_000, 100_000, 1_000_000),
        help="dimensions d of the cube {-1,1}^d",
        min=1,
        max=10**7,
    )
    histogram_dims: tuple[int, ...] = param(
        (1, 2, 3, 4, 8, 16, 64, 256),
        help="dimensions d whose atoms and probabilities are stored for histograms",
        min=1,
        max=10_000,
    )
    grid_points: int = param(801, help="points of the Gaussian density grid", min=11, max=100_001)
    z_max: float = param(4.0, help="half-width of the grid in z", min=0.5, max=50.0)

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {
            "dims": (
                *range(1, 21),
                25,
                30,
                40,
                50,
                70,
                100,
                150,
                200,
                300,
                500,
                700,
                1000,
                2000,
                3000,
                5000,
                10_000,
                20_000,
                50_000,
                100_000,
                200_000,
                500_000,
                1_000_000,
                10_000_000,
            ),
            "grid_points": 2001,
        },
    }


@experiment(
    "cube-clt",
    description="exact law of <X,u> for X uniform on {-1,1}^d, u = (1,..,1)/sqrt(d) (a rescaled "
    "binomial): exact Kolmogorov distance to N(0,1), Berry-Esseen bound, histograms",
    config=CubeCltConfig,
    version=2,
)
def cube_clt(config: CubeCltConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    dims = np.array(config.dims, dtype=np.int64)
    z = np.linspace(-config.z_max, config.z_max, config.grid_points)
    k = len(dims)
    kolmogorov = np.empty(k)
    location = np.empty(k)
    for i, n in enumerate(ctx.progress(config.dims, "cube-clt", total=k)):
        d = cube_gaussian_kolmogorov(n)
        kolmogorov[i], location[i] = d.distance, d.atom

    # Atoms of a few small cubes for histograms: rows padded with nan after `histogram_counts`.
    hdims = np.array(config.histogram_dims, dtype=np.int64)
    counts = hdims + 1
    atoms = np.full((hdims.size, int(counts.max())), np.nan)
    probs = np.full_like(atoms, np.nan)
    for i, n in enumerate(config.histogram_dims):
        atoms[i, : n + 1], probs[i, : n + 1] = cube_marginal_law(n)

    return {
        "dims": dims,
        "kolmogorov": kolmogorov,
        "kolmogorov_atom": location,
        "scaled_kolmogorov": kolmogorov * np.sqrt(dims),
        "berry_esseen": berry_esseen_bound(dims),
        "asymptote": cube_kolmogorov_asymptote(dims),
        "histogram_dims": hdims,
        "histogram_counts": counts,
        "histogram_atoms": atoms,
        "histogram_probabilities": probs,
        "histogram_kolmogorov": np.array(
            [cube_gaussian_kolmogorov(n).distance for n in config.histogram_dims]
        ),
        "histogram_berry_esseen": berry_esseen_bound(hdims),
        "z": z,
        "gaussian_density": stats.norm.pdf(z),
    }
