"""Why the law of robustness holds, step (a) of the proof idea: one fixed smooth function cannot
follow random signs (docs/science.md, section 5, "Why it holds").

The function is f(x) = L x_1 on the sphere S^(d-1) (the unit sphere of R^d): L-Lipschitz and
centred, and the most spread-out L-Lipschitz function there is, up to a factor (d-1)/d (the
sphere's Poincare inequality, Var g <= E|grad g|^2 / (d-1), with equality for the coordinates
of S^(d-1), which have variance 1/d). That makes it a natural function to show, not a proven
worst case: the variance argument does not show that it has the largest chance of fitting noise.

Data: n points x_i uniform on S^(d-1) and signs y_i = +-1 (pure noise: sigma^2 = 1). With
S = (1/n) sum_i f(x_i) y_i, the training error is

  (1/n) sum_i (f(x_i) - y_i)^2 = (1/n) sum_i f(x_i)^2 - 2 S + 1,

so a fit below the noise level, training MSE <= 1 - eps, needs S >= eps/2, whatever f is (the
tail the pictures shade, ``tail_share``); f itself fits exactly when S >= (eps + (1/n) sum
f(x_i)^2)/2 (``fit_share``, a far smaller share: at d = 3, n = 20, eps = 1/2, 0.026 % of the
patterns against 3 %). Given the points, S over the 2^n equally likely sign patterns is a
weighted sum of signs; the experiment enumerates all 2^n of them (meet in the middle: the sums of
the first half of the signs plus those of the second), so over the signs its histogram and its
tail are exact, not sampled; over the points they are averaged across ``point_sets`` independent
draws of the n points (a bound over points and signs is compared with that average).

The bound: x_1 on S^(d-1) has E exp(lam x_1) = sum_k (lam^2/4)^k / (k! (d/2)_k) <=
exp(lam^2/(2d)) (a Pochhammer symbol (d/2)_k >= (d/2)^k), so each f(x_i) y_i is sub-Gaussian with
variance proxy L^2/d, and Chernoff's bound gives, averaged over the points,

  P(S >= eps/2) <= exp(-n d eps^2 / (8 L^2)).

Steps (b) and (c) (the net of e^(p log(...)) functions and the union bound) are arithmetic on
that exponent; the scene shows it with this result's numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from experiments.core.config import ExperimentConfig, param
from experiments.core.errors import UserError
from experiments.core.registry import RunContext, experiment
from experiments.core.seeding import rng
from experiments.core.sweep import Cell, Sweep


def sphere_points(n: int, d: int, gen: np.random.Generator) -> np.ndarray:
    """n points uniform on S^(d-1) (rows)."""
    x = gen.standard_normal((n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def all_sign_sums(weights: np.ndarray) -> np.ndarray:
    """sum_i y_i w_i for every sign pattern y in {-1, 1}^n (2^n values, in no useful order),
    built as the sums of the first half's patterns plus those of the second half's."""

    def half(w: np.ndarray) -> np.ndarray:
        sums = np.zeros(1)
        for wi in w:
            sums = np.concatenate([sums + wi, sums - wi])
        return sums

    k = len(weights) // 2
    return (half(weights[:k])[:, None] + half(weights[k:])[None, :]).ravel()


def uniform_histogram(values: np.ndarray, half_width: float, bins: int) -> np.ndarray:
    """Counts of ``values`` in ``bins`` equal bins over [-half_width, half_width] (the last bin
    closed, values outside dropped), as ``np.histogram`` counts them but without sorting."""
    scaled = (values + half_width) * (bins / (2.0 * half_width))
    inside = (scaled >= 0) & (scaled <= bins)
    index = np.minimum(scaled[inside].astype(np.int64), bins - 1)
    return np.bincount(index, minlength=bins)


def chernoff_bound(n: int, d: np.ndarray | int, lip: float, eps: float) -> np.ndarray:
    """exp(-n d eps^2 / (8 L^2)): the bound on P(S >= eps/2) for f = L x_1 on S^(d-1)."""
    return np.exp(-n * np.asarray(d, dtype=float) * eps**2 / (8.0 * lip**2))


@dataclass(frozen=True)
class FixedFunctionConfig(ExperimentConfig):
    n: int = param(
        20, help="number of data points (all 2^n sign patterns are enumerated)", min=2, max=22
    )
    lip: float = param(1.0, help="Lipschitz constant L of f(x) = L x_1", min=1e-3, max=1e3)
    eps: float = param(
        0.5,
        help="how far below the noise level sigma^2 = 1 a fit goes (MSE <= 1 - eps)",
        min=1e-3,
        max=1.0,
    )
    d_min: int = param(3, help="smallest dimension d of the sphere S^(d-1)", min=2, max=10**5)
    d_max: int = param(1000, help="largest dimension d", min=3, max=10**5)
    d_steps: int = param(25, help="dimensions from d_min to d_max, log-spaced", min=2, max=200)
    bins: int = param(125, help="histogram bins of S over [-s_max, s_max]", min=10, max=2000)
    s_max: float = param(0.5, help="half-width of the histogram's range of S", min=0.01, max=10.0)
    point_sets: int = param(
        16,
        help="independent draws of the n points per d (each with all 2^n sign patterns)",
        min=1,
        max=10_000,
    )
    examples: int = param(
        6, help="sign patterns drawn at random to show one by one", min=1, max=100
    )
    seed: int = param(
        0, help="seed of the points and of the example sign patterns", min=0, max=2**32 - 1
    )

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {"n": 22, "d_steps": 40, "bins": 200, "point_sets": 64},
    }

    def validate(self) -> None:
        if self.d_max <= self.d_min:
            raise UserError(f"d_max must be larger than d_min (got {self.d_min} and {self.d_max})")


def fixed_function_cells(config: FixedFunctionConfig) -> list[Cell]:
    """One cell per dimension d: all 2^n sign patterns against each of its point sets (every d
    draws its points from its own stream, so a cell's numbers do not depend on the others)."""
    dims = np.unique(
        np.geomspace(config.d_min, config.d_max, config.d_steps).round().astype(np.int64)
    )
    keep = ("n", "lip", "eps", "bins", "s_max", "point_sets", "seed")
    common = {k: getattr(config, k) for k in keep}
    return [Cell({"d": int(d)}, {**common, "d": int(d)}) for d in dims]


def fixed_function_cell(inputs: Mapping[str, Any], ctx: RunContext) -> dict[str, np.ndarray]:
    """The law of S over every sign pattern and the ``point_sets`` draws of the points, in one d."""
    n, d, lip, eps = inputs["n"], inputs["d"], inputs["lip"], inputs["eps"]
    sets, bins = inputs["point_sets"], inputs["bins"]
    need = 0.5 * eps  # a fit with MSE <= 1 - eps needs S >= eps/2
    gen = rng(inputs["seed"], "fixed-function", d)
    counts = np.zeros(bins, dtype=np.int64)
    above = fits = 0
    var = hoeff = 0.0
    first = None
    for k in range(sets):
        x = sphere_points(n, d, gen)
        if k == 0:
            first = x
        f = lip * x[:, 0]
        sums = all_sign_sums(f) / n  # S for every sign pattern, given these points
        counts += uniform_histogram(sums, inputs["s_max"], bins)
        above += int(np.count_nonzero(sums >= need))
        fits += int(np.count_nonzero(sums >= 0.5 * (eps + np.mean(f**2))))
        var_k = float(np.sum(f**2)) / n**2  # Var(S | points), exact
        var += var_k / sets
        hoeff += float(np.exp(-(need**2) / (2.0 * var_k))) / sets
    return {
        "counts": counts,
        "var": np.array(var),
        "tail_count": np.array(above, dtype=np.int64),
        "fit_count": np.array(fits, dtype=np.int64),
        "hoeffding": np.array(hoeff),
        "first_points": np.asarray(first),
    }


def assemble_fixed_function(
    config: FixedFunctionConfig, cells: list[Mapping[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    n, lip, eps = config.n, config.lip, config.eps
    dims = np.array([cell.inputs["d"] for cell in fixed_function_cells(config)], dtype=np.int64)
    edges = np.linspace(-config.s_max, config.s_max, config.bins + 1)
    need = 0.5 * eps
    total = config.point_sets * 2.0**n  # sign patterns x point sets, per d
    hist = np.array([c["counts"] / total for c in cells])
    counts = np.array([int(c["tail_count"]) for c in cells], dtype=np.int64)
    # the points of S^2 and a few sign patterns drawn at random, shown one at a time
    at3 = [c["first_points"] for c, d in zip(cells, dims, strict=True) if d == 3]
    x3 = at3[0] if at3 else sphere_points(n, 3, rng(config.seed, "fixed-function", 3))
    gen = rng(config.seed, "fixed-function", "examples")
    signs = gen.choice(np.array([-1.0, 1.0]), size=(config.examples, n))
    f3 = lip * x3[:, 0]
    return {
        "n": np.array(n),
        "lip": np.array(lip),
        "eps": np.array(eps),
        "need": np.array(need),
        "patterns": np.array(2.0**n),
        "dims": dims,
        "edges": edges,
        # (dims, bins): share per bin, over all 2^n patterns and the point sets
        "hist": hist,
        "outside": 1.0 - hist.sum(axis=1),  # share of S beyond +-s_max
        # sqrt of E Var(S | points) (over the point sets) against its exact mean L^2/(n d)
        "std": np.sqrt([float(c["var"]) for c in cells]),
        "std_expected": lip / np.sqrt(n * dims),
        "tail_count": counts,
        "tail_share": counts / total,
        "fit_share": np.array([int(c["fit_count"]) for c in cells]) / total,
        # Chernoff's bound averaged over the points, and Hoeffding's given these points
        "bound": chernoff_bound(n, dims, lip, eps),
        "bound_given_points": np.array([float(c["hoeffding"]) for c in cells]),
        "point_sets": np.array(config.point_sets),
        # the exponent n d eps^2 / (8 L^2): one f fits with chance <= e^-exponent
        "exponent": n * dims * eps**2 / (8.0 * lip**2),
        "points3": x3,
        "f3": f3,
        "example_signs": signs,
        "example_s": signs @ f3 / n,
    }


FIXED_FUNCTION_SWEEP = Sweep(fixed_function_cells, fixed_function_cell, assemble_fixed_function)


@experiment(
    "fixed-function",
    description="one fixed L-Lipschitz function f = L x_1 on S^(d-1) against n random signs: the "
    "exact law of S = (1/n) sum f(x_i) y_i over all 2^n sign patterns as d grows, the share that "
    "could fit below the noise level (S >= eps/2) and its bound exp(-n d eps^2/(8 L^2))",
    config=FixedFunctionConfig,
    version=1,
    sweep=FIXED_FUNCTION_SWEEP,
)
def fixed_function(config: FixedFunctionConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    return FIXED_FUNCTION_SWEEP.run_here(config, ctx)
