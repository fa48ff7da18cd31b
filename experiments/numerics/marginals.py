"""The exact law of one coordinate of a uniform point of the unit ball B^m (docs/science.md,
section 2): its density is proportional to the slice volume (1 - x^2)^((m-1)/2), its CDF a
regularised incomplete beta function."""

from __future__ import annotations

import numpy as np
from scipy import special


def ball_coordinate_density(x: np.ndarray, m: int) -> np.ndarray:
    """Density of one coordinate of a uniform point of the unit ball of R^m (0 outside [-1, 1])."""
    x = np.asarray(x, dtype=float)
    inside = np.abs(x) < 1.0
    out = np.zeros_like(x)
    log_norm = special.betaln(0.5, (m + 1) / 2)
    xi = x[inside]
    out[inside] = np.exp(0.5 * (m - 1) * np.log1p(-xi * xi) - log_norm)
    return out


def ball_coordinate_cdf(x: np.ndarray, m: int) -> np.ndarray:
    """CDF of one coordinate of a uniform point of the unit ball of R^m."""
    x = np.clip(np.asarray(x, dtype=float), -1.0, 1.0)
    return 0.5 + 0.5 * np.sign(x) * special.betainc(0.5, (m + 1) / 2, x * x)
