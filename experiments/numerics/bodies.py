"""Exact uniform samplers of four convex bodies in isotropic position, and their exact marginals.

A convex body K is *isotropic* when a uniform point X of K has mean 0 and covariance I. Every body
has an affine image in isotropic position, unique up to an orthogonal map. Here each body is
sampled from an exact construction (no rejection, no Markov chain) and mapped by its exact affine
map, derived in each sampler's docstring:

============== ============================== ============================================
body           standard body                  isotropic map
============== ============================== ============================================
cube           [-1, 1]^n                      x -> sqrt(3) x
ball           unit ball B^n                  x -> sqrt(n + 2) x
simplex        conv(e_1, ..., e_{n+1})        centre, Helmert-type basis, x sqrt((n+1)(n+2))
cross_polytope l1 ball {sum |x_i| <= 1}       x -> sqrt((n + 1)(n + 2) / 2) x
============== ============================== ============================================

In all four, the first coordinate axis e_1 is the "worst natural direction": the cube's marginal
along e_1 is uniform, the simplex's (e_1 points to a vertex) tends to a shifted exponential, the
cross-polytope's tends to a Laplace law, and the ball's is the same as along any direction.
Every function takes an explicit :class:`numpy.random.Generator`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import stats

from experiments.numerics.marginals import ball_coordinate_cdf, ball_coordinate_density

BODIES = ("cube", "ball", "simplex", "cross_polytope")
BODY_LABELS = {
    "cube": "cube",
    "ball": "ball",
    "simplex": "simplex",
    "cross_polytope": "cross-polytope",
}


def isotropic_scale(body: str, dim: int) -> float:
    """The factor mapping the standard body (table above) to isotropic position.

    Cube: a coordinate of [-1, 1]^n is uniform, variance 1/3. Ball: variance 1/(n + 2). Simplex:
    the centred Dirichlet(1, ..., 1) vector in n + 1 coordinates has covariance
    (I - J/(n+1)) / ((n+1)(n+2)), a multiple of the identity on the hyperplane it spans.
    Cross-polytope: E X_1^2 = E W^2 = 2/((n+1)(n+2)) for W ~ Beta(1, n).
    """
    n = float(dim)
    scales = {
        "cube": np.sqrt(3.0),
        "ball": np.sqrt(n + 2.0),
        "simplex": np.sqrt((n + 1.0) * (n + 2.0)),
        "cross_polytope": np.sqrt((n + 1.0) * (n + 2.0) / 2.0),
    }
    return float(scales[body])


# --- samplers --------------------------------------------------------------------------------


def sample_cube(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform points of the isotropic cube [-sqrt 3, sqrt 3]^dim, shape (n_samples, dim).

    The uniform law of a product of intervals is the product of uniform laws; each coordinate is
    uniform on [-1, 1] (variance 1/3) times sqrt(3).
    """
    return isotropic_scale("cube", dim) * rng.uniform(-1.0, 1.0, (n_samples, dim))


def sample_ball(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform points of the isotropic ball sqrt(dim + 2) B^dim, shape (n_samples, dim).

    G / |G| is uniform on the sphere for G standard Gaussian (rotation invariance); the radius of
    a uniform point of B^n has CDF r^n, so it is U^(1/n) with U uniform, independent of the
    direction. A coordinate of B^n has variance 1/(n + 2).
    """
    g = rng.standard_normal((n_samples, dim))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    radius = rng.random(n_samples) ** (1.0 / dim)
    return g * (isotropic_scale("ball", dim) * radius)[:, None]


def simplex_from_barycentric(w: np.ndarray) -> np.ndarray:
    """Isotropic coordinates in R^n of points with barycentric coordinates ``w`` (shape (..., n+1)).

    The regular simplex conv(e_1, ..., e_{n+1}) lies in the hyperplane sum w = 1 of R^(n+1). Its
    uniform law has mean 1/(n+1) and covariance (I - J/(n+1)) / ((n+1)(n+2)), which is
    1/((n+1)(n+2)) times the orthogonal projection onto 1^perp: by symmetry, the regular simplex
    is isotropic up to scale. So the exact isotropic map is
    ``z = sqrt((n+1)(n+2)) V (w - 1/(n+1))`` for any orthonormal basis V of 1^perp. We use the
    Helmert-type basis ``v_j = (k e_j - e_{j+1} - ... - e_{n+1}) / sqrt(k (k + 1))``,
    ``k = n + 1 - j``, which sends vertex 1 to ``sqrt(n (n + 2)) e_1``: e_1 is a vertex direction.
    Costs O(n) per point (tail sums), not O(n^2).
    """
    w = np.asarray(w, dtype=float)
    n = w.shape[-1] - 1
    k = np.arange(n, 0, -1, dtype=float)  # k_j = n + 1 - j for j = 1..n
    tails = np.cumsum(w[..., ::-1], axis=-1)[..., ::-1]  # tails[j] = w_j + ... + w_{n+1}
    after = tails[..., 1:]  # w_{j+1} + ... + w_{n+1}, j = 1..n
    # V 1 = 0, so the centring by 1/(n+1) drops out.
    return isotropic_scale("simplex", n) * (k * w[..., :n] - after) / np.sqrt(k * (k + 1.0))


def simplex_barycentric(z: np.ndarray) -> np.ndarray:
    """Inverse of :func:`simplex_from_barycentric`: barycentric coordinates (..., n+1) of z.

    A point is in the simplex exactly when all its barycentric coordinates are >= 0.
    """
    z = np.asarray(z, dtype=float)
    n = z.shape[-1]
    k = np.arange(n, 0, -1, dtype=float)
    c = z / (isotropic_scale("simplex", n) * np.sqrt(k * (k + 1.0)))  # coefficients of V^T
    # (V^T c)_i = k_i c_i - sum_{j < i} c_j (row i of V^T), with k_{n+1} = 0 for the last entry.
    before = np.concatenate([np.zeros((*c.shape[:-1], 1)), np.cumsum(c, axis=-1)], axis=-1)
    k_full = np.concatenate([k, [0.0]])
    c_full = np.concatenate([c, np.zeros((*c.shape[:-1], 1))], axis=-1)
    return k_full * c_full - before[..., : n + 1] + 1.0 / (n + 1)


def sample_simplex(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform points of the isotropic regular simplex in R^dim, shape (n_samples, dim).

    Exponential spacings: for E_1, ..., E_{n+1} i.i.d. Exp(1), the vector E / sum(E) is
    Dirichlet(1, ..., 1), whose density with respect to the surface measure of the hyperplane
    sum w = 1 is constant on the simplex (the Dirichlet density is proportional to
    prod w_i^(alpha_i - 1) = 1). So these barycentric coordinates are exactly uniform on the
    regular simplex, then mapped by :func:`simplex_from_barycentric`.
    """
    e = rng.standard_exponential((n_samples, dim + 1))
    return simplex_from_barycentric(e / e.sum(axis=1, keepdims=True))


def sample_cross_polytope(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform points of the isotropic cross-polytope (l1 ball), shape (n_samples, dim).

    For E_1, ..., E_{n+1} i.i.d. Exp(1), (E_1, ..., E_n) / (E_1 + ... + E_{n+1}) is uniform on
    {y >= 0, sum y <= 1} (the first n coordinates of a Dirichlet(1, ..., 1) vector: constant
    density n!); independent random signs reflect it uniformly onto the 2^n orthants of the l1
    ball. Signed exponentials are Laplace variables, so X = L / (|L_1| + ... + |L_n| + E_{n+1})
    with L_i i.i.d. Laplace(1). By sign symmetry the covariance is diagonal, E X_1^2 =
    2/((n+1)(n+2)).
    """
    lap = rng.laplace(0.0, 1.0, (n_samples, dim))
    total = np.abs(lap).sum(axis=1) + rng.standard_exponential(n_samples)
    return lap * (isotropic_scale("cross_polytope", dim) / total)[:, None]


SAMPLERS: dict[str, Callable[[int, int, np.random.Generator], np.ndarray]] = {
    "cube": sample_cube,
    "ball": sample_ball,
    "simplex": sample_simplex,
    "cross_polytope": sample_cross_polytope,
}


def sample_body(body: str, n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform points of the isotropic ``body`` (one of :data:`BODIES`) in R^dim."""
    return SAMPLERS[body](n_samples, dim, rng)


def contains(body: str, points: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Whether each row of ``points`` lies in the isotropic ``body`` (up to ``tol``, relative)."""
    x = np.atleast_2d(np.asarray(points, dtype=float))
    n = x.shape[1]
    s = isotropic_scale(body, n)
    if body == "cube":
        return np.max(np.abs(x), axis=1) <= s * (1 + tol)
    if body == "ball":
        return np.linalg.norm(x, axis=1) <= s * (1 + tol)
    if body == "cross_polytope":
        return np.abs(x).sum(axis=1) <= s * (1 + tol)
    if body == "simplex":
        return np.min(simplex_barycentric(x), axis=1) >= -tol
    raise KeyError(f"unknown body {body!r} (known: {', '.join(BODIES)})")


# --- exact laws of the marginal along e_1 ------------------------------------------------------


def worst_direction_support(body: str, dim: int) -> tuple[float, float]:
    """The interval on which <X, e_1> lives, for X uniform in the isotropic ``body``."""
    n = float(dim)
    if body in ("cube", "ball", "cross_polytope"):
        s = isotropic_scale(body, dim)
        return -s, s
    if body == "simplex":
        # z_1 = sqrt((n+2)/n) ((n+1) W - 1), W ~ Beta(1, n) on [0, 1]
        return -np.sqrt((n + 2) / n), float(np.sqrt(n * (n + 2)))
    raise KeyError(f"unknown body {body!r} (known: {', '.join(BODIES)})")


def worst_direction_cdf(body: str, y: np.ndarray, dim: int) -> np.ndarray:
    """CDF of <X, e_1> for X uniform in the isotropic ``body`` of R^dim.

    cube: uniform on [-sqrt 3, sqrt 3]. ball: sqrt(n+2) times a coordinate of B^n
    (:func:`experiments.numerics.marginals.ball_coordinate_cdf`). simplex: the barycentric
    coordinate W of a vertex is Beta(1, n) and <X, e_1> = sqrt((n+2)/n) ((n+1) W - 1), which tends
    to E - 1 with E ~ Exp(1). cross-polytope: <X, e_1> = sqrt((n+1)(n+2)/2) S W with S a random sign
    and W ~ Beta(1, n), which tends to a Laplace law of variance 1.
    """
    y = np.asarray(y, dtype=float)
    n = float(dim)
    s = isotropic_scale(body, dim)
    if body == "cube":
        return np.clip((y + s) / (2 * s), 0.0, 1.0)
    if body == "ball":
        return ball_coordinate_cdf(y / s, dim)
    if body == "simplex":
        u = (y * np.sqrt(n / (n + 2)) + 1.0) / (n + 1)
        return stats.beta.cdf(u, 1.0, n)
    if body == "cross_polytope":
        return 0.5 + 0.5 * np.sign(y) * stats.beta.cdf(np.abs(y) / s, 1.0, n)
    raise KeyError(f"unknown body {body!r} (known: {', '.join(BODIES)})")


def worst_direction_density(body: str, y: np.ndarray, dim: int) -> np.ndarray:
    """Density of <X, e_1>, X uniform in the isotropic ``body``; see :func:`worst_direction_cdf`."""
    y = np.asarray(y, dtype=float)
    n = float(dim)
    s = isotropic_scale(body, dim)
    if body == "cube":
        return np.where(np.abs(y) <= s, 1.0 / (2 * s), 0.0)
    if body == "ball":
        return ball_coordinate_density(y / s, dim) / s
    if body == "simplex":
        a = (n + 1) * np.sqrt((n + 2) / n)
        u = (y * np.sqrt(n / (n + 2)) + 1.0) / (n + 1)
        inside = (u >= 0) & (u <= 1)
        return np.where(inside, stats.beta.pdf(np.clip(u, 0, 1), 1.0, n) / a, 0.0)
    if body == "cross_polytope":
        u = np.abs(y) / s
        return np.where(u <= 1, stats.beta.pdf(np.clip(u, 0, 1), 1.0, n) / (2 * s), 0.0)
    raise KeyError(f"unknown body {body!r} (known: {', '.join(BODIES)})")


def worst_direction_limit_cdf(body: str, y: np.ndarray) -> np.ndarray:
    """Limit n -> oo of the law of <X, e_1>: uniform, N(0,1), Exp(1) - 1, Laplace(1/sqrt 2)."""
    y = np.asarray(y, dtype=float)
    if body == "cube":
        return worst_direction_cdf("cube", y, 1)
    if body == "ball":
        return stats.norm.cdf(y)
    if body == "simplex":
        return stats.expon.cdf(y, loc=-1.0)
    if body == "cross_polytope":
        return stats.laplace.cdf(y, scale=1 / np.sqrt(2))
    raise KeyError(f"unknown body {body!r} (known: {', '.join(BODIES)})")
