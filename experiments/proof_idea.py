"""Why the law of robustness holds, step (a) of the proof idea: one fixed smooth function cannot
follow random signs (docs/science.md, section 5, "Why it holds").

The function is f(x) = L x_1 on the sphere S^(d-1) (the unit sphere of R^d): L-Lipschitz and
centred, and the most spread-out L-Lipschitz function there is, up to a factor (d-1)/d (the
sphere's Poincare inequality, Var g <= E|grad g|^2 / (d-1), with equality for the coordinates
of S^(d-1), which have variance 1/d). So it is the best case for fitting noise.

Data: n points x_i uniform on S^(d-1) and signs y_i = +-1 (pure noise: sigma^2 = 1). With
S = (1/n) sum_i f(x_i) y_i, the training error is

  (1/n) sum_i (f(x_i) - y_i)^2 = (1/n) sum_i f(x_i)^2 - 2 S + 1,

so a fit below the noise level, training MSE <= 1 - eps, needs S >= eps/2 (exactly: S >= (eps +
(1/n) sum f(x_i)^2)/2). Given the points, S over the 2^n equally likely sign patterns is a
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

from dataclasses import dataclass

import numpy as np

from experiments.config import ExperimentConfig, param
from experiments.errors import UserError
from experiments.registry import RunContext, experiment
from experiments.seeding import rng


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


@experiment(
    "fixed-function",
    description="one fixed L-Lipschitz function f = L x_1 on S^(d-1) against n random signs: the "
    "exact law of S = (1/n) sum f(x_i) y_i over all 2^n sign patterns as d grows, the share that "
    "could fit below the noise level (S >= eps/2) and its bound exp(-n d eps^2/(8 L^2))",
    config=FixedFunctionConfig,
    version=1,
)
def fixed_function(config: FixedFunctionConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    n, lip, eps = config.n, config.lip, config.eps
    dims = np.unique(
        np.geomspace(config.d_min, config.d_max, config.d_steps).round().astype(np.int64)
    )
    edges = np.linspace(-config.s_max, config.s_max, config.bins + 1)
    need = 0.5 * eps  # a fit with MSE <= 1 - eps needs S >= eps/2
    total = config.point_sets * 2.0**n  # sign patterns x point sets, per d
    hist, std, fit_share, counts, hoeffding = [], [], [], [], []
    x3 = None
    for d in dims:
        gen = rng(config.seed, "fixed-function", int(d))
        counts_d = np.zeros(config.bins, dtype=np.int64)
        above = fits = 0
        var = hoeff = 0.0
        for k in range(config.point_sets):
            x = sphere_points(n, int(d), gen)
            if d == 3 and k == 0:
                x3 = x
            f = lip * x[:, 0]
            sums = all_sign_sums(f) / n  # S for every sign pattern, given these points
            counts_d += uniform_histogram(sums, config.s_max, config.bins)
            above += int(np.count_nonzero(sums >= need))
            fits += int(np.count_nonzero(sums >= 0.5 * (eps + np.mean(f**2))))
            var_k = float(np.sum(f**2)) / n**2  # Var(S | points), exact
            var += var_k / config.point_sets
            hoeff += float(np.exp(-(need**2) / (2.0 * var_k))) / config.point_sets
        hist.append(counts_d / total)
        std.append(np.sqrt(var))
        counts.append(above)
        fit_share.append(fits / total)
        hoeffding.append(hoeff)

    # the points of S^2 and a few sign patterns drawn at random, shown one at a time
    if x3 is None:
        x3 = sphere_points(n, 3, rng(config.seed, "fixed-function", 3))
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
        "hist": np.array(hist),
        "outside": 1.0 - np.array(hist).sum(axis=1),  # share of S beyond +-s_max
        # sqrt of E Var(S | points) (over the point sets) against its exact mean L^2/(n d)
        "std": np.array(std),
        "std_expected": lip / np.sqrt(n * dims),
        "tail_count": np.array(counts, dtype=np.int64),
        "tail_share": np.array(counts) / total,
        "fit_share": np.array(fit_share),
        # Chernoff's bound averaged over the points, and Hoeffding's given these points
        "bound": chernoff_bound(n, dims, lip, eps),
        "bound_given_points": np.array(hoeffding),
        "point_sets": np.array(config.point_sets),
        # the exponent n d eps^2 / (8 L^2): one f fits with chance <= e^-exponent
        "exponent": n * dims * eps**2 / (8.0 * lip**2),
        "points3": x3,
        "f3": f3,
        "example_signs": signs,
        "example_s": signs @ f3 / n,
    }
