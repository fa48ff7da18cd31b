"""Exact uniform samplers of convex bodies. Every function takes an explicit generator."""

from __future__ import annotations

import numpy as np


def sample_ball(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform points of the unit ball of R^dim, shape (n_samples, dim).

    A Gaussian vector gives a uniform direction; the radius of a uniform point has CDF r^dim,
    so it is U^(1/dim) for U uniform on [0, 1].
    """
    g = rng.standard_normal((n_samples, dim))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    radius = rng.random(n_samples) ** (1.0 / dim)
    return g * radius[:, None]


def sample_ball_coordinate(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """The first coordinate of uniform points of the unit ball of R^dim, in O(n_samples) work.

    Same law as ``sample_ball(n, dim, rng)[:, 0]``: with G standard Gaussian in R^dim,
    G_1 / |G| has |G|^2 = G_1^2 + chi2(dim - 1) with the two parts independent, so the direction's
    first coordinate needs one normal and one chi-square draw instead of dim normals.
    """
    g1 = rng.standard_normal(n_samples)
    rest = rng.chisquare(dim - 1, n_samples) if dim > 1 else np.zeros(n_samples)
    radius = rng.random(n_samples) ** (1.0 / dim)
    return g1 / np.sqrt(g1 * g1 + rest) * radius


def sample_sphere(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform points of the unit sphere S^(dim-1) in R^dim, shape (n_samples, dim).

    A standard Gaussian vector is rotation invariant, so its direction G/|G| is uniform.
    """
    g = rng.standard_normal((n_samples, dim))
    return g / np.linalg.norm(g, axis=1, keepdims=True)


def sample_sphere_coordinate(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """The first coordinate of uniform points of S^(dim-1) in R^dim (dim >= 2), in O(n_samples).

    Same law as ``sample_sphere(n, dim, rng)[:, 0]``: G_1 / sqrt(G_1^2 + chi2(dim - 1)), as in
    :func:`sample_ball_coordinate` without the radius.
    """
    if dim < 2:
        raise ValueError(f"the sphere S^(dim-1) needs dim >= 2 (got {dim})")
    g1 = rng.standard_normal(n_samples)
    rest = rng.chisquare(dim - 1, n_samples)
    return g1 / np.sqrt(g1 * g1 + rest)


def sample_cube(n_samples: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform vertices of the cube {-1, 1}^dim, shape (n_samples, dim): independent fair signs."""
    return 2.0 * rng.integers(0, 2, size=(n_samples, dim)) - 1.0
