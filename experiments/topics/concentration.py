"""Isoperimetry and concentration of measure on the sphere and in Gauss space.

Sphere. For X uniform on S^(d-1) in R^d, X_1^2 ~ Beta(1/2, (d-1)/2), so X_1 has density
``(1 - x^2)^((d-3)/2) / B(1/2, (d-1)/2)`` on [-1, 1] and the band around an equator has measure
``P(|X_1| <= t) = I_{t^2}(1/2, (d-1)/2)`` (regularised incomplete beta). sqrt(d) X_1 -> N(0, 1):
most of the sphere lies within O(1/sqrt(d)) of any equator.

Levy's isoperimetric inequality: among sets of given measure, caps have the smallest enlargement.
For f 1-Lipschitz (Euclidean distance of R^d) with median M, the set A = {f <= M} has measure
>= 1/2, and a point at Euclidean distance <= t from A has f <= M + t. The Euclidean t-enlargement
of a hemisphere {x_1 <= 0} is {x_1 <= t sqrt(1 - t^2/4)} (chord t = angle 2 arcsin(t/2)), so::

    P(|f - M| > t) <= 2 P(X_1 > t sqrt(1 - t^2/4))      (t < sqrt 2; 0 beyond)   [exact cap form]
                   <= 2 exp(-(d - 2) t^2 / 2)                                    [standard form]

The first line is sharp: the distance to a hemisphere attains it (one-sided). The second is the
standard form (docs/science.md, section 4). That it follows from the first is *checked*, not
assumed: for every d the experiment exports the largest log-ratio, over every t it computes (the
tail grid and the band grid), of the exact cap form, and of the exact coordinate tail
P(|X_1| > t), to 2 exp(-(d-2) t^2 / 2), in the log domain so that tails below 1e-300 are
compared too (:func:`sphere_coordinate_log_tail`). Verified (tests, d from 3 to 10^5): both
log-ratios are at most -log 2, reached only at t = 0; that is,
2 P(X_1 > t sqrt(1 - t^2/4)) <= exp(-(d-2) t^2 / 2), and even <= exp(-d t^2 / 2)
(``levy_sharp_log_ratio_max``), at every grid point.

Gauss space. gamma(A_t) >= Phi(Phi^-1(gamma(A)) + t) (Borell, Sudakov-Tsirelson), with equality
for half-spaces. A centred ball of radius r has gamma = F_chi2_d(r^2) and t-enlargement the ball
of radius r + t, so both sides are exact. For 1-Lipschitz f, P(|f - E f| > t) <= 2 exp(-t^2/2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import integrate, special, stats

from experiments.core.config import ExperimentConfig, param
from experiments.core.registry import RunContext, experiment
from experiments.core.seeding import rng

_CHUNK_ENTRIES = 1 << 21  # sample at most this many coordinates at once (16 MiB of floats)
_LOG_TINY = np.log(1e-280)  # below this the direct incomplete beta loses to underflow

# --- exact formulas: the sphere ----------------------------------------------------------------


def sphere_coordinate_density(x: np.ndarray, d: int) -> np.ndarray:
    """Density of X_1 for X uniform on S^(d-1): (1-x^2)^((d-3)/2) / B(1/2, (d-1)/2) on (-1, 1)."""
    x = np.asarray(x, dtype=float)
    inside = np.abs(x) < 1.0
    out = np.zeros_like(x)
    xi = x[inside]
    out[inside] = np.exp(0.5 * (d - 3) * np.log1p(-xi * xi) - special.betaln(0.5, 0.5 * (d - 1)))
    return out


def band_measure(t: np.ndarray, d: int | np.ndarray) -> np.ndarray:
    """P(|X_1| <= t) for X uniform on S^(d-1): I_{t^2}(1/2, (d-1)/2), t clipped to [0, 1]."""
    t = np.clip(np.asarray(t, dtype=float), 0.0, 1.0)
    return special.betainc(0.5, 0.5 * (np.asarray(d) - 1), t * t)


def band_half_width(p: np.ndarray, d: int | np.ndarray) -> np.ndarray:
    """The t with P(|X_1| <= t) = p on S^(d-1); sqrt(d) times it tends to Phi^-1((1 + p)/2)."""
    return np.sqrt(special.betaincinv(0.5, 0.5 * (np.asarray(d) - 1), np.asarray(p, dtype=float)))


def sphere_coordinate_log_tail(t: np.ndarray, d: int) -> np.ndarray:
    """log P(X_1 > t) for X uniform on S^(d-1), accurate also where the tail underflows.

    P(X_1 > t) = I_{1 - t^2}((d-1)/2, 1/2) / 2 for 0 <= t <= 1. Where that is above 1e-280 it is
    taken from ``scipy.special.betaincc``; below, from the convergent series (DLMF 8.17.8)
    ``I_y(b, a) = y^b (1-y)^a / (b B(a, b)) * sum_k prod_{j<k} (a+b+j)/(b+1+j) y``, summed in
    the log domain (terms fall at least geometrically, by the factor y). -inf for t >= 1.
    """
    t = np.asarray(t, dtype=float)
    if np.any(t < 0):
        raise ValueError("sphere_coordinate_log_tail needs t >= 0")
    a, b = 0.5, 0.5 * (d - 1)
    out = np.full(t.shape, -np.inf)
    inside = t < 1.0
    ti = t[inside]
    direct = 0.5 * special.betaincc(a, b, ti * ti)
    res = np.full(ti.shape, -np.inf)
    ok = direct > np.exp(_LOG_TINY)
    res[ok] = np.log(direct[ok])
    far = ~ok
    if np.any(far):
        tf = ti[far]
        res[far] = np.log(0.5) + _log_incomplete_beta_series(1.0 - tf * tf, b, a)
    out[inside] = res
    return out


def _log_incomplete_beta_series(y: np.ndarray, p: float, q: float) -> np.ndarray:
    """log I_y(p, q) from DLMF 8.17.8, for 0 < y < 1 where I_y(p, q) itself may underflow.

    ``I_y(p, q) = y^p (1-y)^q / (p B(p, q)) * sum_k prod_{j<k} (p+q+j)/(p+1+j) y``. For q <= 1
    each factor is <= y, so the terms fall at least geometrically; the points are summed in
    groups of similar y, each with as many terms as its largest y needs for 1e-20.
    """
    y = np.asarray(y, dtype=float)
    out = np.empty_like(y)
    order = np.argsort(y)
    for group in np.array_split(order, max(1, y.size // 64)):
        yg = y[group]
        n_terms = int(min(np.ceil(-46.0 / np.log(yg.max())) + 5, 1_000_000))
        j = np.arange(n_terms - 1, dtype=float)
        log_ratio = np.concatenate([[0.0], np.cumsum(np.log((p + q + j) / (p + 1 + j)))])
        k = np.arange(n_terms, dtype=float)
        log_series = special.logsumexp(log_ratio[:, None] + k[:, None] * np.log(yg), axis=0)
        out[group] = (
            p * np.log(yg) + q * np.log1p(-yg) - np.log(p) - special.betaln(p, q) + log_series
        )
    return out


def levy_bound(t: np.ndarray, d: int) -> np.ndarray:
    """The standard form of Levy's concentration bound: 2 exp(-(d - 2) t^2 / 2)."""
    t = np.asarray(t, dtype=float)
    return 2.0 * np.exp(-0.5 * (d - 2) * t * t)


def levy_isoperimetric_log_bound(t: np.ndarray, d: int) -> np.ndarray:
    """log of the exact cap form 2 P(X_1 > t sqrt(1 - t^2/4)) (-inf for t >= sqrt 2).

    This bounds P(|f - M| > t) for every f that is 1-Lipschitz for the Euclidean distance of R^d
    (module docstring), and is attained, one-sided, by the distance to a hemisphere.
    """
    t = np.asarray(t, dtype=float)
    out = np.full(t.shape, -np.inf)
    inside = t < np.sqrt(2.0)
    ti = t[inside]
    height = ti * np.sqrt(np.clip(1.0 - ti * ti / 4.0, 0.0, None))
    out[inside] = np.log(2.0) + sphere_coordinate_log_tail(height, d)
    return out


def levy_isoperimetric_bound(t: np.ndarray, d: int) -> np.ndarray:
    """The exact cap form 2 P(X_1 > t sqrt(1 - t^2/4)) of Levy's bound (0 for t >= sqrt 2)."""
    return np.exp(levy_isoperimetric_log_bound(t, d))


def sphere_coordinate_sf(h: np.ndarray, d: int) -> np.ndarray:
    """P(X_1 > h) for X uniform on S^(d-1), any real h (1 below -1, 0 above 1)."""
    h = np.clip(np.asarray(h, dtype=float), -1.0, 1.0)
    return 0.5 - 0.5 * np.sign(h) * band_measure(np.abs(h), d)


def coordinate_tail(t: np.ndarray, d: int) -> np.ndarray:
    """P(|X_1| > t) on S^(d-1) (the median of X_1 is 0)."""
    return 1.0 - band_measure(t, d)


def point_distance_tail(t: np.ndarray, d: int) -> np.ndarray:
    """P(|f - sqrt 2| > t) for f(x) = |x - e_1| = sqrt(2 - 2 x_1) on S^(d-1).

    f decreases in x_1 and X_1 has median 0, so f has median sqrt(2). f > sqrt(2) + t exactly
    when x_1 < -(sqrt(2) t + t^2/2), and f < sqrt(2) - t (possible only for t < sqrt 2) when
    x_1 > sqrt(2) t - t^2/2.
    """
    t = np.asarray(t, dtype=float)
    upper = sphere_coordinate_sf(np.sqrt(2.0) * t + 0.5 * t * t, d)
    lower = np.where(t < np.sqrt(2.0), sphere_coordinate_sf(np.sqrt(2.0) * t - 0.5 * t * t, d), 0.0)
    return upper + lower


# --- 1-Lipschitz functions on the sphere -------------------------------------------------------


def coordinate(x: np.ndarray) -> np.ndarray:
    """x_1: |x_1 - y_1| <= |x - y|, so 1-Lipschitz."""
    return x[:, 0]


def point_distance(x: np.ndarray) -> np.ndarray:
    """|x - e_1| = sqrt(2 - 2 x_1): distance to a fixed point, 1-Lipschitz (triangle inequality)."""
    return np.sqrt(np.clip(2.0 - 2.0 * x[:, 0], 0.0, None))


def max_coordinate(x: np.ndarray) -> np.ndarray:
    """max_i x_i: |max x - max y| <= max |x_i - y_i| <= |x - y|, so 1-Lipschitz."""
    return x.max(axis=1)


def l1_norm_scaled(x: np.ndarray) -> np.ndarray:
    """|x|_1 / sqrt(d): ||x|_1 - |y|_1| <= |x - y|_1 <= sqrt(d) |x - y| (Cauchy-Schwarz)."""
    return np.abs(x).sum(axis=1) / np.sqrt(x.shape[1])


SPHERE_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "coordinate": coordinate,
    "point_distance": point_distance,
    "max_coordinate": max_coordinate,
    "l1_norm": l1_norm_scaled,
}
# Exact two-sided tails P(|f - median f| > t) and medians, where known.
SPHERE_EXACT_TAILS: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "coordinate": coordinate_tail,
    "point_distance": point_distance_tail,
}
SPHERE_EXACT_MEDIANS = {"coordinate": 0.0, "point_distance": float(np.sqrt(2.0))}


def empirical_tail(values: np.ndarray, t: np.ndarray, center: float) -> np.ndarray:
    """Fraction of ``values`` with |value - center| > t, for each t."""
    dev = np.sort(np.abs(np.asarray(values) - center))
    return 1.0 - np.searchsorted(dev, np.asarray(t), side="right") / dev.size


def sphere_function_values(
    d: int, n_samples: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Each of :data:`SPHERE_FUNCTIONS` at ``n_samples`` uniform points of S^(d-1) (chunked)."""
    rows = max(1, _CHUNK_ENTRIES // d)
    out = {name: np.empty(n_samples) for name in SPHERE_FUNCTIONS}
    for start in range(0, n_samples, rows):
        stop = min(start + rows, n_samples)
        g = rng.standard_normal((stop - start, d))
        g /= np.linalg.norm(g, axis=1, keepdims=True)
        for name, f in SPHERE_FUNCTIONS.items():
            out[name][start:stop] = f(g)
    return out


# --- exact formulas: Gauss space ---------------------------------------------------------------


def gaussian_halfspace_enlargement(p: float, t: np.ndarray) -> np.ndarray:
    """gamma(H_t) for a half-space H of Gaussian measure p: Phi(Phi^-1(p) + t) (the extremal)."""
    return special.ndtr(special.ndtri(p) + np.asarray(t, dtype=float))


def gaussian_ball_radius(p: float, d: int) -> float:
    """Radius r of the centred ball of R^d with gamma_d(B(0, r)) = p: r^2 = F_chi2_d^-1(p)."""
    return float(np.sqrt(stats.chi2.ppf(p, d)))


def gaussian_ball_enlargement(p: float, t: np.ndarray, d: int) -> np.ndarray:
    """gamma_d of the t-enlargement B(0, r + t) of the centred ball of measure p."""
    r = gaussian_ball_radius(p, d)
    return stats.chi2.cdf((r + np.asarray(t, dtype=float)) ** 2, d)


def gaussian_ball_enlargement_complement(p: float, t: np.ndarray, d: int) -> np.ndarray:
    """1 - gamma_d(B(0, r + t)), computed without cancellation (chi-square survival function)."""
    r = gaussian_ball_radius(p, d)
    return stats.chi2.sf((r + np.asarray(t, dtype=float)) ** 2, d)


def gaussian_concentration_bound(t: np.ndarray) -> np.ndarray:
    """2 exp(-t^2 / 2): P(|f - E f| > t) for 1-Lipschitz f of a standard Gaussian vector."""
    t = np.asarray(t, dtype=float)
    return 2.0 * np.exp(-0.5 * t * t)


def gaussian_norm_mean(d: int) -> float:
    """E|G| for G ~ N(0, I_d): sqrt(2) Gamma((d+1)/2) / Gamma(d/2)."""
    return float(np.sqrt(2.0) * np.exp(special.gammaln(0.5 * (d + 1)) - special.gammaln(0.5 * d)))


def gaussian_max_mean(d: int) -> float:
    """E max_i G_i for G ~ N(0, I_d), by quadrature of the CDF Phi(u)^d."""

    def upper(u: float) -> float:
        return float(-np.expm1(d * special.log_ndtr(u)))

    def lower(u: float) -> float:
        return float(np.exp(d * special.log_ndtr(u)))

    opts = {"limit": 200, "epsabs": 1e-13, "epsrel": 1e-12}
    return (
        integrate.quad(upper, 0, np.inf, **opts)[0] - integrate.quad(lower, -np.inf, 0, **opts)[0]
    )


def gaussian_tails(d: int, t: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Exact P(|f - E f| > t) for f = G_1, |G| and max_i G_i, G ~ N(0, I_d), and their means.

    All three are 1-Lipschitz. G_1 ~ N(0, 1); |G| has the chi law with d degrees of freedom;
    max_i G_i has CDF Phi(u)^d (upper tail -expm1(d log Phi) to keep precision).
    """
    t = np.asarray(t, dtype=float)
    m_norm, m_max = gaussian_norm_mean(d), gaussian_max_mean(d)
    tails = {
        "coordinate": 2.0 * special.ndtr(-t),
        "norm": stats.chi.sf(m_norm + t, d) + stats.chi.cdf(np.maximum(m_norm - t, 0.0), d),
        "max_coordinate": -np.expm1(d * special.log_ndtr(m_max + t))
        + np.exp(d * special.log_ndtr(m_max - t)),
    }
    return tails, {"coordinate": 0.0, "norm": m_norm, "max_coordinate": m_max}


GAUSSIAN_FUNCTIONS = ("coordinate", "norm", "max_coordinate")


# --- the experiment --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcentrationConfig(ExperimentConfig):
    dims: tuple[int, ...] = param(
        (3, 10, 30, 100, 300, 1000), help="dimensions d of the spheres S^(d-1)", min=3, max=100_000
    )
    t_points: int = param(401, help="points of each t grid", min=11, max=100_001)
    s_max: float = param(
        4.0, help="largest s of the rescaled band grid t = s/sqrt(d)", min=0.5, max=50.0
    )
    band_t_values: tuple[float, ...] = param(
        (0.05, 0.1, 0.2, 0.5), help="band half-widths t for the curves versus d", min=0.0, max=1.0
    )
    band_levels: tuple[float, ...] = param(
        (0.5, 0.9, 0.99), help="probabilities p of the bands of measure p", min=0.01, max=0.9999
    )
    band_d_max: int = param(10_000, help="largest d of the curves versus d", min=10, max=10**7)
    band_d_points: int = param(200, help="points of the d axis (log-spaced)", min=5, max=10_000)
    tail_s_max: float = param(
        8.0, help="tail grids span t in [0, min(2, tail_s_max/sqrt(d))]", min=1.0, max=100.0
    )
    mc_samples: int = param(
        20_000, help="uniform points of the sphere per dimension", min=100, max=100_000_000
    )
    gauss_dims: tuple[int, ...] = param(
        (1, 2, 10, 100, 1000), help="dimensions d of Gauss space", min=1, max=10**6
    )
    iso_measures: tuple[float, ...] = param(
        (0.5, 0.05), help="Gaussian measures p of the sets A", min=0.001, max=0.999
    )
    iso_t_max: float = param(3.0, help="largest enlargement t in Gauss space", min=0.1, max=10.0)
    gauss_t_max: float = param(
        5.0, help="largest t of the Gaussian concentration tails", min=0.5, max=30.0
    )
    seed: int = param(0, help="seed of the Monte Carlo sampler", min=0, max=2**32 - 1)

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {
            "dims": (3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000),
            "t_points": 1001,
            "band_d_max": 100_000,
            "band_d_points": 400,
            "mc_samples": 200_000,
        },
    }


def _tail_grid(d: int, s_max: float, points: int) -> np.ndarray:
    return np.linspace(0.0, min(2.0, s_max / np.sqrt(d)), points)


@experiment(
    "concentration",
    description="band measure of the sphere, tails of 1-Lipschitz functions vs Levy's bound "
    "(checked against exact caps), Gaussian isoperimetry and concentration",
    config=ConcentrationConfig,
    version=2,
)
def concentration(config: ConcentrationConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    dims = np.array(config.dims, dtype=np.int64)
    k, P = len(dims), config.t_points
    names = tuple(SPHERE_FUNCTIONS)
    band_t = np.linspace(0.0, 1.0, P)
    band_s = np.linspace(0.0, config.s_max, P)
    band_d = np.unique(
        np.round(np.geomspace(2, config.band_d_max, config.band_d_points)).astype(np.int64)
    )
    t_values = np.array(config.band_t_values)
    levels = np.array(config.band_levels)

    out: dict[str, np.ndarray] = {
        "dims": dims,
        "band_t": band_t,
        "band_measure": np.array([band_measure(band_t, int(d)) for d in dims]),
        "band_s": band_s,
        "band_measure_rescaled": np.array(
            [band_measure(band_s / np.sqrt(d), int(d)) for d in dims]
        ),
        "band_limit": 2.0 * special.ndtr(band_s) - 1.0,
        "band_d": band_d,
        "band_t_values": t_values,
        "band_vs_d": np.array([band_measure(t, band_d) for t in t_values]),
        # the share of each band |x_1| <= t (t in band_t_values) for each of dims, exactly
        "band_share": np.array([band_measure(t, dims) for t in t_values]),
        "band_levels": levels,
        "band_half_width": np.array([band_half_width(p, band_d) for p in levels]),
        "band_half_width_limit": special.ndtri(0.5 * (1.0 + levels)),
        "functions": np.array(names),
        "mc_samples": np.array(config.mc_samples, dtype=np.int64),
        "tail_t": np.empty((k, P)),
        "tail_mc": np.empty((k, len(names), P)),
        "tail_exact": np.full((k, len(names), P), np.nan),
        "median_mc": np.empty((k, len(names))),
        "median_exact": np.array(
            [[SPHERE_EXACT_MEDIANS.get(name, np.nan) for name in names] for _ in dims]
        ).reshape(k, len(names)),
        "levy_bound": np.empty((k, P)),
        "levy_isoperimetric": np.empty((k, P)),
        "levy_log_ratio_max": np.empty(k),
        "levy_iso_log_ratio_max": np.empty(k),
        "levy_sharp_log_ratio_max": np.empty(k),
    }
    for i, d in enumerate(ctx.progress(config.dims, "concentration: spheres", total=k)):
        t = _tail_grid(d, config.tail_s_max, P)
        out["tail_t"][i] = t
        values = sphere_function_values(
            d, config.mc_samples, rng(config.seed, "sphere-functions", d)
        )
        for j, name in enumerate(names):
            med = float(np.median(values[name]))
            out["median_mc"][i, j] = med
            out["tail_mc"][i, j] = empirical_tail(values[name], t, med)
            if name in SPHERE_EXACT_TAILS:
                out["tail_exact"][i, j] = SPHERE_EXACT_TAILS[name](t, d)
        out["levy_bound"][i] = levy_bound(t, d)
        out["levy_isoperimetric"][i] = levy_isoperimetric_bound(t, d)
        # The check of the standard form against exact caps, on every t computed for this d.
        t_all = np.concatenate([t, band_t])
        log_bound = np.log(2.0) - 0.5 * (d - 2) * t_all**2
        log_coord = np.log(2.0) + sphere_coordinate_log_tail(t_all, d)
        out["levy_log_ratio_max"][i] = np.max(log_coord - log_bound)
        log_iso = levy_isoperimetric_log_bound(t_all, d)
        out["levy_iso_log_ratio_max"][i] = np.max(log_iso - log_bound)
        # The same with d in place of d - 2: also holds on these grids (margin log 2, at t = 0).
        out["levy_sharp_log_ratio_max"][i] = np.max(log_iso - (np.log(2.0) - 0.5 * d * t_all**2))

    # Gauss space: isoperimetry (half-space vs centred ball) and concentration, all exact.
    g_dims = np.array(config.gauss_dims, dtype=np.int64)
    measures = np.array(config.iso_measures)
    iso_t = np.linspace(0.0, config.iso_t_max, P)
    gauss_t = np.linspace(0.0, config.gauss_t_max, P)
    q, g = len(measures), len(g_dims)
    out |= {
        "gauss_dims": g_dims,
        "iso_measures": measures,
        "iso_t": iso_t,
        "iso_halfspace": np.array([gaussian_halfspace_enlargement(p, iso_t) for p in measures]),
        "iso_halfspace_complement": np.array(
            [special.ndtr(-(special.ndtri(p) + iso_t)) for p in measures]
        ),
        "iso_ball": np.empty((q, g, P)),
        "iso_ball_complement": np.empty((q, g, P)),
        "iso_ball_shift": np.empty((q, g, P)),
        "iso_ball_radius": np.empty((q, g)),
        "gauss_t": gauss_t,
        "gauss_functions": np.array(GAUSSIAN_FUNCTIONS),
        "gauss_tail": np.empty((g, len(GAUSSIAN_FUNCTIONS), P)),
        "gauss_mean": np.empty((g, len(GAUSSIAN_FUNCTIONS))),
        "gauss_bound": gaussian_concentration_bound(gauss_t),
    }
    for b, d in enumerate(ctx.progress(config.gauss_dims, "concentration: Gauss space", total=g)):
        for a, p in enumerate(measures):
            out["iso_ball_radius"][a, b] = gaussian_ball_radius(p, d)
            out["iso_ball"][a, b] = gaussian_ball_enlargement(p, iso_t, d)
            comp = gaussian_ball_enlargement_complement(p, iso_t, d)
            out["iso_ball_complement"][a, b] = comp
            # Phi^-1(gamma(A_t)) - Phi^-1(gamma(A)): exactly t for the half-space.
            out["iso_ball_shift"][a, b] = stats.norm.isf(comp) - special.ndtri(p)
        tails, means = gaussian_tails(d, gauss_t)
        for j, name in enumerate(GAUSSIAN_FUNCTIONS):
            out["gauss_tail"][b, j] = tails[name]
            out["gauss_mean"][b, j] = means[name]
    return out
