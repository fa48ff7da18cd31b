"""The numbers of the chapter's explorable (``explorable.js``): the stored ``smoothness-curve``
result as it is, per family and seed. The page summarises the seeds as the paper figure and the
scene do (the mean over seeds, their smallest and largest in the readouts; a point "fits" when its
train MSE is under the threshold in every seed) and its slider stops only at the computed widths
(the tests compare every readout with these arrays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def data(result: Callable[[str], Any]) -> dict[str, Any]:
    r = result("smoothness-curve")
    a = r.arrays
    return {
        "models": [str(m) for m in a["models"]],  # the families, in the result's order
        "p_over_n": a["p_over_n"],  # the widths asked for, as multiples of n (the slider's stops)
        "n": int(a["n"]),
        "d": int(a["d"]),
        "seeds": len(a["seeds"]),
        "distribution": str(r.config.distribution),
        "labels": str(r.config.labels),
        "noise_variance": float(a["noise_variance"]),
        "fit_mse": float(a["fit_mse"]),
        "p": a["p"],  # (M, W) realised parameter counts per family
        "lip_lower": a["lip_lower"],  # (M, S, W) lower estimate of the Lipschitz constant
        "train_mse": a["train_mse"],  # (M, S, W)
        "fits": a["fits"],  # (M, S, W) train MSE <= fit_mse
        "law_scaling": a["law_scaling"],  # (M, W) sqrt(n d / p), constants omitted
        "lip_floor": a["lip_floor"],  # (S,) no exact interpolant is smoother
        "lip_floor_fit": a["lip_floor_fit"],  # (S,) no fit with MSE <= fit_mse is smoother
    }
