"""The numbers of the chapter's explorable (``explorable.js``).

The band: the stored share ``P(|x_1| <= t)`` of S^(d-1) on the t grid of the concentration
experiment, at its dims; the page computes the same incomplete beta for every d (the tests
compare the two to 1e-9), and its d slider stops at the stored integer dimensions.

The caps: the exact shares sigma(A_t) (two antipodal caps) and sigma(C_t) (the cap of the same
area) on S^2 along the isoperimetry experiment's t grid, which the page's second t slider stops
at, with the Monte Carlo check beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def data(result: Callable[[str], Any]) -> dict[str, Any]:
    band = result("concentration").arrays
    stored = result("isoperimetry")
    iso = stored.arrays
    return {
        # the band |x_1| <= t of S^(d-1): t a height (Euclidean), 0 ... 1
        "band_t": band["band_t"],
        "band_dims": band["dims"],  # the dimensions d of the stored curves
        "band_measure": band["band_measure"],  # [dims, band_t]: I_{t^2}(1/2, (d-1)/2)
        "band_d": band["band_d"],  # the log-spaced integer d of the curves against d
        # the caps on S^2: t a geodesic distance (radians), 0 ... pi - theta0
        "alpha": float(iso["alpha"]),  # each of A's two caps has this angular radius
        "theta0": float(iso["theta0"]),  # the cap C of the same area has this one
        "area": float(iso["area"]),  # sigma(A) = sigma(C)
        "t": iso["t"],
        "set_share": iso["set_share"],  # sigma(A_t)
        "cap_share": iso["cap_share"],  # sigma(C_t)
        "mc_t": iso["mc_t"],  # the Monte Carlo check's t (a subset of t)
        "set_share_mc": iso["set_share_mc"],
        "cap_share_mc": iso["cap_share_mc"],
        "mc_samples": int(stored.config.mc_samples),  # uniform points of S^2 it samples
    }
