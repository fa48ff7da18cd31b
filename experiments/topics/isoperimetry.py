"""Isoperimetry on the sphere: of all sets of a given area, a cap has the smallest neighbourhoods.

The maths is in docs/science.md, section 4 (concentration of measure and isoperimetry).

The set A that is not a cap: two antipodal caps, each of angular radius alpha, around the poles
+-e_3 of S^2 (a "two-cap" set, chosen because every neighbourhood of it is again a pair of
caps, so its shares are exact). The cap C has the same area. Distances are geodesic (radians).

- A cap of angular radius r on S^(d-1) (d the dimension of the ambient space) has the share
  ``cap(r) = 1/2 I_{sin^2 r}((d-1)/2, 1/2)`` for r <= pi/2 and ``1 - cap(pi - r)`` above;
  on S^2 (d = 3) that is ``(1 - cos r)/2`` (Archimedes).
- The t-neighbourhood of a cap of radius r is the cap of radius r + t (up to pi, the sphere).
- A = two antipodal caps of radius alpha: sigma(A) = 2 cap(alpha) and A_t is the two caps of
  radius alpha + t; they are disjoint until alpha + t = pi/2, where A_t is the whole sphere
  (every point is within pi/2 of one of the poles). So sigma(A_t) = min(1, 2 cap(alpha + t)).
- C = the cap with cap(theta_0) = sigma(A); sigma(C_t) = cap(theta_0 + t). On S^2,
  cos(theta_0) = 2 cos(alpha) - 1 and sigma(C_t) = (1 - cos(theta_0 + t))/2.
  Levy's isoperimetric inequality says sigma(A_t) >= sigma(C_t) for every t: the cap grows least.
- The hemisphere H = {x_1 <= 0} of S^(d-1): H_t = {x_1 <= sin t}, so
  sigma(H_t) = 1 - cap(pi/2 - t), which is at least 1 - exp(-d t^2 / 2) (in fact the missing
  share is below half of exp(-d t^2 / 2); the test checks it on the grid).

A Monte Carlo check is stored beside the exact shares on S^2: ``mc_samples`` uniform points,
their geodesic distance to A and to C, and the sampled shares with their standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from experiments.core.config import ExperimentConfig, param
from experiments.core.registry import RunContext, experiment
from experiments.core.seeding import rng

# --- exact formulas --------------------------------------------------------------------------


def cap_share(r: np.ndarray | float, d: int) -> np.ndarray:
    """Share of S^(d-1) (the unit sphere of R^d) in a cap of geodesic radius r (clipped to
    [0, pi])."""
    r = np.clip(np.asarray(r, dtype=float), 0.0, np.pi)
    small = np.minimum(r, np.pi - r)  # the smaller of the cap and its complement's radius
    part = 0.5 * special.betainc(0.5 * (d - 1), 0.5, np.sin(small) ** 2)
    return np.where(r <= 0.5 * np.pi, part, 1.0 - part)


def cap_radius(share: float, d: int) -> float:
    """Geodesic radius of the cap of S^(d-1) with the given share (0 < share < 1)."""
    if not 0.0 < share < 1.0:
        raise ValueError(f"a cap's share is in (0, 1), not {share}")
    return float(optimize.brentq(lambda r: float(cap_share(r, d)) - share, 0.0, np.pi, xtol=1e-14))


def two_cap_share(alpha: float, t: np.ndarray, d: int) -> np.ndarray:
    """sigma(A_t) for A = two antipodal caps of radius alpha on S^(d-1)."""
    r = alpha + np.asarray(t, dtype=float)
    return np.where(r < 0.5 * np.pi, 2.0 * cap_share(np.minimum(r, 0.5 * np.pi), d), 1.0)


def hemisphere_share(t: np.ndarray, d: int) -> np.ndarray:
    """sigma(H_t) for a hemisphere H of S^(d-1) and geodesic t in [0, pi/2]."""
    return 1.0 - cap_share(0.5 * np.pi - np.asarray(t, dtype=float), d)


def geodesic_to_two_caps(points: np.ndarray, alpha: float) -> np.ndarray:
    """Geodesic distance of unit vectors (rows) of R^3 to the caps of radius alpha at +-e_3."""
    to_nearer_pole = np.arccos(np.clip(np.abs(points[:, 2]), -1.0, 1.0))
    return np.maximum(to_nearer_pole - alpha, 0.0)


def geodesic_to_cap(points: np.ndarray, centre: np.ndarray, radius: float) -> np.ndarray:
    """Geodesic distance of unit vectors (rows) to the cap of ``radius`` around ``centre``."""
    return np.maximum(np.arccos(np.clip(points @ centre, -1.0, 1.0)) - radius, 0.0)


# --- the experiment --------------------------------------------------------------------------

# The cap C is drawn around this point in the scene; the Monte Carlo check uses it too.
CAP_CENTRE = np.array([1.0, 0.0, 0.0])


@dataclass(frozen=True)
class IsoperimetryConfig(ExperimentConfig):
    alpha: float = param(
        0.5, help="angular radius (radians) of each of the two caps of A on S^2", min=0.01, max=1.5
    )
    t_points: int = param(241, help="points of the t grids", min=11, max=100_001)
    dims: tuple[int, ...] = param(
        (3, 10, 100, 1000),
        help="dimensions d of the spheres S^(d-1) of the high-dimensional curves",
        min=3,
        max=10**6,
    )
    mc_samples: int = param(
        200_000, help="uniform points of S^2 for the Monte Carlo check", min=100, max=10**8
    )
    seed: int = param(0, help="seed of the Monte Carlo check", min=0, max=2**32 - 1)

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {"t_points": 1001, "dims": (3, 10, 30, 100, 300, 1000), "mc_samples": 2_000_000},
    }


@experiment(
    "isoperimetry",
    description="caps grow the least: t-neighbourhoods of two antipodal caps and of the cap of "
    "the same area on S^2 (exact, with a Monte Carlo check), the same in S^(d-1), and the "
    "hemisphere's neighbourhoods against 1 - exp(-d t^2/2)",
    config=IsoperimetryConfig,
    version=2,
)
def isoperimetry(config: IsoperimetryConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    alpha = config.alpha
    area = float(two_cap_share(alpha, np.zeros(1), 3)[0])
    theta0 = cap_radius(area, 3)
    # t runs until the cap's neighbourhood is the whole sphere (A's is long before)
    t = np.linspace(0.0, np.pi - theta0, config.t_points)
    dims = np.array(config.dims, dtype=np.int64)

    # the same share in S^(d-1): A = two antipodal caps of radius alpha_d, C a cap of radius
    # theta_d, both of share `area`
    alpha_d = np.array([cap_radius(0.5 * area, int(d)) for d in dims])
    theta_d = np.array([cap_radius(area, int(d)) for d in dims])
    # geodesic t for S^(d-1): even steps, and log-spaced ones near 0 where d = 1000 does its
    # growing (by t = 0.1)
    t_d = np.union1d(
        np.linspace(0.0, 0.5 * np.pi, config.t_points),
        np.geomspace(1e-3, 0.5 * np.pi, config.t_points),
    )

    # Monte Carlo check on S^2 at a coarse grid of t
    gen = rng(config.seed, "isoperimetry")
    points = gen.standard_normal((config.mc_samples, 3))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    to_a = geodesic_to_two_caps(points, alpha)
    to_c = geodesic_to_cap(points, CAP_CENTRE, theta0)
    mc_t = t[:: max(1, (len(t) - 1) // 24)]
    set_mc = np.mean(to_a[None, :] <= mc_t[:, None], axis=1)
    cap_mc = np.mean(to_c[None, :] <= mc_t[:, None], axis=1)
    n = float(config.mc_samples)

    return {
        "alpha": np.array(alpha),
        "theta0": np.array(theta0),
        "area": np.array(area),
        "cap_centre": CAP_CENTRE.copy(),
        "t": t,
        "set_share": two_cap_share(alpha, t, 3),
        "cap_share": cap_share(theta0 + t, 3),
        "mc_t": mc_t,
        "set_share_mc": set_mc,
        "cap_share_mc": cap_mc,
        # one standard error of each sampled share
        "set_share_mc_se": np.sqrt(set_mc * (1.0 - set_mc) / n),
        "cap_share_mc_se": np.sqrt(cap_mc * (1.0 - cap_mc) / n),
        "dims": dims,
        "t_d": t_d,
        "alpha_d": alpha_d,
        "theta_d": theta_d,
        "set_share_d": np.array(
            [two_cap_share(a, t_d, int(d)) for a, d in zip(alpha_d, dims, strict=True)]
        ),
        "cap_share_d": np.array(
            [cap_share(th + t_d, int(d)) for th, d in zip(theta_d, dims, strict=True)]
        ),
        "hemi_share": np.array([hemisphere_share(t_d, int(d)) for d in dims]),
        "hemi_bound": np.array([1.0 - np.exp(-0.5 * d * t_d**2) for d in dims]),
    }
