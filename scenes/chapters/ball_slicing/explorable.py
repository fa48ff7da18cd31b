"""The numbers of the chapter's explorable (``explorable.js``): the stored exact total variation
distances of the ball-slices experiment, which the page shows as points beside its own closed
form (the tests compare the two at every stored d to 1e-9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def data(result: Callable[[str], Any]) -> dict[str, Any]:
    r = result("ball-slices").arrays
    return {
        "sweep_dims": r["sweep_dims"],  # the stored d of the sweep, 1 ... max(dims)
        "sweep_tv": r["sweep_tv"],  # exact TV(sqrt(d+2) x_1, N(0, 1)) at each
        "tv_constant": r["tv_constant"],  # (d + 2) TV -> this as d grows
        "z_max": float(r["z"][-1]),
    }
