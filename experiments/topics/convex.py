"""All convex bodies look alike: marginals of isotropic convex bodies are nearly Gaussian.

(docs/science.md, section 3.)

For X uniform in an isotropic convex body of R^n, the marginal <X, theta> is close to N(0, 1) for
most directions theta (Klartag, Invent. Math. 2007); Sudakov (1978) and Diaconis & Freedman
(1984) showed it whenever |X| concentrates around sqrt(n) (a thin shell). "Most" matters: along
natural directions some bodies stay far from Gaussian for every n (the cube along a coordinate
axis is uniform; the simplex towards a vertex tends to a shifted exponential; the cross-polytope
along an axis tends to a Laplace law).

The ``convex-marginals`` experiment samples four bodies exactly (:mod:`experiments.numerics.bodies`)
and measures the Kolmogorov distance of the empirical marginal to N(0, 1) along random directions
and along the worst natural direction e_1, next to the Monte Carlo noise floor: even an exact N(0,
1) sample of size N has E D_N ~ 0.8687 / sqrt(N), so values near that floor are noise, not signal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from experiments.core.config import ExperimentConfig, param
from experiments.core.registry import RunContext, experiment
from experiments.core.seeding import rng
from experiments.numerics.bodies import (
    BODIES,
    sample_body,
    worst_direction_cdf,
    worst_direction_density,
    worst_direction_support,
)

# sqrt(pi/2) log 2: the mean of the Kolmogorov distribution, lim E sqrt(N) D_N.
KOLMOGOROV_MEAN = float(np.sqrt(np.pi / 2) * np.log(2))
_CHUNK_ENTRIES = 1 << 21  # sample at most this many coordinates at once (16 MiB of floats)

# --- exact formulas --------------------------------------------------------------------------


def ks_statistic_to_gaussian(samples: np.ndarray) -> np.ndarray:
    """Kolmogorov-Smirnov statistic sup |F_N - Phi| of each column of ``samples`` (N, k) vs N(0,1).

    The empirical CDF jumps at the order statistics x_(i), so the supremum is attained at one of
    them: D = max_i max(i/N - Phi(x_(i)), Phi(x_(i)) - (i-1)/N). Same as ``scipy.stats.kstest``.
    """
    x = np.sort(np.asarray(samples, dtype=float), axis=0)
    n = x.shape[0]
    cdf = special.ndtr(x)
    i = np.arange(1, n + 1, dtype=float).reshape((n,) + (1,) * (x.ndim - 1))
    return np.maximum(np.max(i / n - cdf, axis=0), np.max(cdf - (i - 1) / n, axis=0))


def ks_noise_floor(n_samples: int) -> float:
    """E D_N for a sample of size N drawn from N(0, 1) itself: sqrt(pi/2) log 2 / sqrt(N) - 1/(6N).

    The first term is the mean of the Kolmogorov distribution (the limit of sqrt(N) D_N); the
    -1/(6N) correction makes it agree with the exact finite-N mean (``scipy.stats.kstwo``) to
    ~4e-4 relative already at N = 100, and better for larger N.
    """
    return KOLMOGOROV_MEAN / np.sqrt(n_samples) - 1.0 / (6.0 * n_samples)


def ks_noise_quantiles(n_samples: int, probs: tuple[float, ...] = (0.05, 0.95)) -> np.ndarray:
    """Quantiles of D_N under the null (exact finite-N law ``scipy.stats.kstwo``)."""
    return np.asarray(stats.kstwo(n_samples).ppf(probs), dtype=float)


def kolmogorov_distance_to_gaussian(cdf, lo: float, hi: float, grid_points: int = 20_001) -> float:
    """sup_x |F(x) - Phi(x)| for a continuous CDF ``F`` supported on [lo, hi].

    Outside [lo, hi], |F - Phi| is Phi(x) (left) or 1 - Phi(x) (right), largest at the edge, so
    the supremum is over [lo, hi] (clipped to |x| <= 12, beyond which Phi is within 2e-33 of 0 or
    1). It is located on a fine grid and refined by bounded Brent search between the grid
    neighbours of the best point, which also handles kinks of F at the support's edges.
    """
    a, b = max(lo, -12.0), min(hi, 12.0)
    x = np.linspace(a, b, grid_points)

    def gap(t):
        return np.abs(cdf(np.asarray(t)) - special.ndtr(t))

    values = gap(x)
    i = int(np.argmax(values))
    left, right = x[max(i - 1, 0)], x[min(i + 1, grid_points - 1)]
    best = float(values[i])
    if right > left:
        res = optimize.minimize_scalar(
            lambda t: -float(gap(t)),
            bounds=(left, right),
            method="bounded",
            options={"xatol": 1e-12},
        )
        best = max(best, -float(res.fun))
    return best


def worst_direction_kolmogorov(body: str, dim: int) -> float:
    """Exact Kolmogorov distance from <X, e_1> (X uniform in the isotropic body) to N(0, 1)."""
    lo, hi = worst_direction_support(body, dim)
    return kolmogorov_distance_to_gaussian(lambda y: worst_direction_cdf(body, y, dim), lo, hi)


def random_directions(k: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` independent uniform unit vectors of R^dim (normalised Gaussians), shape (k, dim)."""
    g = rng.standard_normal((k, dim))
    return g / np.linalg.norm(g, axis=1, keepdims=True)


def body_marginals(
    body: str, dim: int, n_samples: int, directions: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """<X, theta> for ``n_samples`` uniform X of the isotropic body, for each row theta.

    Returns shape (n_samples, k). Points are drawn in chunks so memory stays bounded for large
    ``dim``; the chunk size depends on ``dim`` only, so results are reproducible from the seed.
    """
    rows = max(1, _CHUNK_ENTRIES // dim)
    out = np.empty((n_samples, directions.shape[0]))
    for start in range(0, n_samples, rows):
        stop = min(start + rows, n_samples)
        out[start:stop] = sample_body(body, stop - start, dim, rng) @ directions.T
    return out


# --- the experiment --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvexMarginalsConfig(ExperimentConfig):
    dims: tuple[int, ...] = param(
        (2, 5, 10, 20, 50, 100), help="dimensions d of the bodies", min=1, max=5000
    )
    n_samples: int = param(
        4000, help="uniform points per body and dimension", min=100, max=10_000_000
    )
    n_directions: int = param(8, help="random directions theta per dimension", min=1, max=1000)
    hist_dim: int = param(
        10,
        help="dimension of the side-by-side marginal histograms (low enough, with hist_samples "
        "large enough, that the distances clear the Monte Carlo noise floor)",
        min=1,
        max=5000,
    )
    hist_samples: int = param(
        100_000, help="points per body for the histograms", min=100, max=10_000_000
    )
    hist_bins: int = param(60, help="histogram bins on [-z_max, z_max]", min=5, max=1000)
    z_max: float = param(4.0, help="half-width of the histogram range", min=1.0, max=20.0)
    grid_points: int = param(401, help="points of the density grid", min=11, max=100_001)
    seed: int = param(0, help="seed of directions and samples", min=0, max=2**32 - 1)

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {
            "dims": (2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 200, 500),
            "n_samples": 40_000,
            "n_directions": 24,
            "hist_samples": 400_000,
            "hist_bins": 80,
        },
    }


@experiment(
    "convex-marginals",
    description="marginals of the isotropic cube, ball, simplex and cross-polytope: Kolmogorov "
    "distance to N(0,1) along random and worst directions vs d, noise floor, histograms",
    config=ConvexMarginalsConfig,
    version=3,
)
def convex_marginals(config: ConvexMarginalsConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    dims = np.array(config.dims, dtype=np.int64)
    nb, nd, k = len(BODIES), len(dims), config.n_directions
    z = np.linspace(-config.z_max, config.z_max, config.grid_points)
    edges = np.linspace(-config.z_max, config.z_max, config.hist_bins + 1)
    floor_q = ks_noise_quantiles(config.n_samples)
    hist_q = ks_noise_quantiles(config.hist_samples)

    ks_random = np.empty((nb, nd, k))
    ks_worst = np.empty((nb, nd))
    ks_worst_exact = np.empty((nb, nd))
    var_random = np.empty((nb, nd))
    tasks = list(enumerate(config.dims))
    for j, n in ctx.progress(tasks, "convex-marginals", total=len(tasks)):
        # The directions depend on (seed, n) only: the same theta for every body.
        theta = random_directions(k, n, rng(config.seed, "directions", n))
        e1 = np.zeros((1, n))
        e1[0, 0] = 1.0
        directions = np.vstack([theta, e1])
        for b, body in enumerate(BODIES):
            y = body_marginals(
                body, n, config.n_samples, directions, rng(config.seed, "sample", body, n)
            )
            ks = ks_statistic_to_gaussian(y)
            ks_random[b, j], ks_worst[b, j] = ks[:k], ks[k]
            var_random[b, j] = y[:, :k].var(axis=0).mean()
            ks_worst_exact[b, j] = worst_direction_kolmogorov(body, n)

    # Histograms at one dimension: first random direction and e_1, same points.
    n = config.hist_dim
    theta = random_directions(1, n, rng(config.seed, "directions", n))
    e1 = np.zeros((1, n))
    e1[0, 0] = 1.0
    directions = np.vstack([theta, e1])
    hist_random = np.empty((nb, config.hist_bins))
    hist_worst = np.empty((nb, config.hist_bins))
    density_worst = np.empty((nb, z.size))
    hist_ks = np.empty((nb, 2))
    width = np.diff(edges)
    for b, body in enumerate(BODIES):
        y = body_marginals(
            body, n, config.hist_samples, directions, rng(config.seed, "histogram", body, n)
        )
        hist_random[b] = np.histogram(y[:, 0], bins=edges)[0] / (config.hist_samples * width)
        hist_worst[b] = np.histogram(y[:, 1], bins=edges)[0] / (config.hist_samples * width)
        density_worst[b] = worst_direction_density(body, z, n)
        hist_ks[b] = ks_statistic_to_gaussian(y)

    return {
        "bodies": np.array(BODIES),
        "dims": dims,
        "n_samples": np.array(config.n_samples, dtype=np.int64),
        "n_directions": np.array(k, dtype=np.int64),
        "ks_random": ks_random,
        "ks_random_mean": ks_random.mean(axis=2),
        "ks_random_std": ks_random.std(axis=2, ddof=1) if k > 1 else np.zeros((nb, nd)),
        "ks_random_min": ks_random.min(axis=2),
        "ks_random_max": ks_random.max(axis=2),
        "ks_worst": ks_worst,
        "ks_worst_exact": ks_worst_exact,
        "variance_random": var_random,
        "noise_floor": np.array(ks_noise_floor(config.n_samples), dtype=np.float64),
        "noise_floor_q05": np.array(floor_q[0], dtype=np.float64),
        "noise_floor_q95": np.array(floor_q[1], dtype=np.float64),
        "hist_dim": np.array(n, dtype=np.int64),
        "hist_samples": np.array(config.hist_samples, dtype=np.int64),
        # the noise floor of the histograms' sampled distances (their own sample size)
        "hist_noise_floor": np.array(ks_noise_floor(config.hist_samples), dtype=np.float64),
        "hist_noise_q05": np.array(hist_q[0], dtype=np.float64),
        "hist_noise_q95": np.array(hist_q[1], dtype=np.float64),
        "hist_edges": edges,
        "hist_random": hist_random,
        "hist_worst": hist_worst,
        "hist_ks": hist_ks,
        "z": z,
        "density_worst": density_worst,
        "gaussian_density": stats.norm.pdf(z),
    }
