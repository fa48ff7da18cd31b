"""The universal law of robustness: interpolation and smoothness curves (Bubeck & Sellke 2021).

The law, what may be claimed from it, and what is measured: docs/science.md, sections 5 and 7.

Data follow the paper's normalisation (points of norm ~1, ~sqrt(2) apart); labels carry noise of
variance sigma^2. Three model families, p = number of trained parameters:

- ``random-features``: f(x) = sum_l a_l relu(w_l . x + b_l), (w, b) random and fixed, a the
  minimum-norm least-squares fit (closed form; p = width).
- ``trained``: the same two-layer net with every weight trained by full-batch Adam on the plain
  squared loss (p = width (d + 2) + 1).
- ``smooth``: the same net trained to fit *below the noise level* (train MSE <= fit_mse < sigma^2)
  while seeking the smallest Lipschitz constant (input-gradient penalty with a dual-ascent
  weight, see :func:`experiments.numerics.nets.train`). This is the family that tests the law: its
  Lipschitz constant should fall like p^(-1/2) from p ~ n to p ~ nd and flatten after.

Measured per (model, p, seed): train MSE, test MSE, a lower estimate of Lip(f) (exact gradient
norms at searched points) and a certified upper bound (layer norms). The lower estimate is a lower
estimate: figures and scenes must say so.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from experiments.core.config import ExperimentConfig, param
from experiments.core.errors import UserError
from experiments.core.registry import RunContext, experiment
from experiments.core.seeding import rng, torch_generator
from experiments.core.sweep import Cell, Sweep
from experiments.numerics.nets import (
    TrainSettings,
    TwoLayerBatch,
    init_batch,
    lipschitz_lower,
    lipschitz_upper,
    train_sweep,
)

DISTRIBUTIONS = ("sphere", "gaussian", "mixture", "digits")
LABELS = ("noise", "target")
MODELS = ("random-features", "trained", "smooth")
DIGITS_DIM = 64


# --- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    x: np.ndarray  # (n, d)
    y: np.ndarray  # (n,)
    x_test: np.ndarray
    y_test: np.ndarray
    noise_variance: float  # sigma^2 = E Var(y | x)


def _unit_rows(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def sample_covariates(
    distribution: str,
    m: int,
    d: int,
    seed: int,
    part: str,
    centres: np.ndarray | None = None,
) -> np.ndarray:
    """m points in R^d in the paper's normalisation, drawn for ``part`` ("train" or "test") of
    data set ``seed``: the first points are the same whatever m (adding points keeps them).

    sphere: uniform on S^(d-1). gaussian: N(0, I_d / d). mixture: k clusters, centres uniform on
    the sphere, each point = centre + N(0, I_d / d) / 2, rescaled to norm ~1 (each component is
    O(1)-isoperimetric, as Theorem 3 allows).
    """
    normals = rng(seed, part, distribution, d).standard_normal((m, d))
    if distribution == "sphere":
        return _unit_rows(normals)
    if distribution == "gaussian":
        return normals / np.sqrt(d)
    if distribution == "mixture":
        assert centres is not None
        which = rng(seed, part, "cluster", d).integers(0, len(centres), m)
        return (centres[which] + normals / (2 * np.sqrt(d))) / np.sqrt(1.25)
    raise ValueError(distribution)


def load_digits_normalised() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled 8x8 digits (1797 images, no download), centred and put on the
    unit sphere like the synthetic data. Returns (x, digit)."""
    from sklearn.datasets import load_digits

    data = load_digits()
    x = data.data.astype(float)
    x = x - x.mean(axis=0)
    return _unit_rows(x), data.target.astype(int)


def make_dataset(
    distribution: str,
    n: int,
    d: int,
    n_test: int,
    labels: str,
    noise: float,
    seed: int,
    k_clusters: int = 8,
) -> Dataset:
    """Training and test data with labels y = (1 - s) t(x) + s e, e = +-1 (Rademacher).

    labels = noise: y = e (s = 1, sigma^2 = 1, pure noise). labels = target: s = ``noise``,
    t(x) = tanh(sqrt(d) <v, x>) for a fixed unit v (synthetic data) or the parity of the digit
    (+-1), so |y| <= 1 and Var(y | x) = s^2.

    Every part is drawn from its own generator (``experiments.core.seeding``): the points, the test
    points, the target direction and the noise signs; so adding training points keeps the
    earlier ones, their labels and the test set.
    """
    s = 1.0 if labels == "noise" else noise
    if distribution == "digits":
        xs, digit = load_digits_normalised()
        if n + n_test > len(xs):
            raise UserError(
                f"digits has {len(xs)} images: n + n_test must be <= {len(xs)} (got {n} + {n_test})"
            )
        order = rng(seed, "digits-order").permutation(len(xs))
        train, test = order[:n], order[len(xs) - n_test :]  # disjoint for n + n_test <= 1797
        x, x_test = xs[train], xs[test]
        t, t_test = (np.where(digit[i] % 2 == 0, 1.0, -1.0) for i in (train, test))
    else:
        centres = None
        if distribution == "mixture":
            centres = _unit_rows(rng(seed, "centres", d).standard_normal((k_clusters, d)))
        x = sample_covariates(distribution, n, d, seed, "train", centres)
        x_test = sample_covariates(distribution, n_test, d, seed, "test", centres)
        v = _unit_rows(rng(seed, "target", d).standard_normal((1, d)))[0]
        t, t_test = np.tanh(np.sqrt(d) * x @ v), np.tanh(np.sqrt(d) * x_test @ v)
    y = (1 - s) * t + s * rng(seed, "train", "noise").choice([-1.0, 1.0], size=n)
    y_test = (1 - s) * t_test + s * rng(seed, "test", "noise").choice([-1.0, 1.0], size=n_test)
    return Dataset(x, y, x_test, y_test, s * s)


# --- floors: the smallest Lipschitz constant the data allow ------------------------------------

# Theorem 3's sample-size condition 8^4 k log(8k/delta) <= n eps^2 is weakest for k = 1 and
# delta -> 1: no data set with n eps^2 below 8^4 log 8 is in the theorem's regime.
THEOREM_MIN_N_EPS2 = 8.0**4 * np.log(8.0)


def interpolation_floor(x: np.ndarray, y: np.ndarray) -> float:
    """The smallest Lipschitz constant of any function with f(x_i) = y_i exactly:
    max over pairs |y_i - y_j| / |x_i - x_j| (attained by McShane's extension
    min_j (y_j + L |x - x_j|)). For +-1 labels, 2 / (the closest pair with opposite labels)."""
    from scipy.spatial.distance import pdist

    return float(np.max(pdist(y[:, None]) / pdist(x)))


def fit_floor(x: np.ndarray, y: np.ndarray, mse: float) -> float:
    """The smallest Lipschitz constant of any function with training MSE <= ``mse``.

    Only the values f_i = f(x_i) matter (McShane's extension keeps the constant), so this is the
    second-order cone program: minimise L subject to |f_i - f_j| <= L |x_i - x_j| for every pair
    and sum (f_i - y_i)^2 <= n mse, solved by Clarabel through cvxpy. NaN if the solver fails.
    """
    import cvxpy as cp
    from scipy.spatial.distance import pdist

    n = len(y)
    i, j = np.triu_indices(n, 1)
    f, lip = cp.Variable(n), cp.Variable()
    constraints = [cp.abs(f[i] - f[j]) <= lip * pdist(x), cp.sum_squares(f - y) <= n * mse]
    problem = cp.Problem(cp.Minimize(lip), constraints)
    try:
        problem.solve(solver=cp.CLARABEL)
    except cp.error.SolverError:
        return float("nan")
    if problem.status != cp.OPTIMAL or lip.value is None:
        return float("nan")
    return float(lip.value)


# --- models ----------------------------------------------------------------------------------


def widths_for(model: str, p_over_n: tuple[float, ...], n: int, d: int) -> list[int]:
    """Hidden widths giving p ~ ratio * n trained parameters for each ratio (at least 1)."""
    if model == "random-features":
        return [max(1, round(r * n)) for r in p_over_n]
    return [max(1, round((r * n - 1) / (d + 2))) for r in p_over_n]


def fit_random_features(net: TwoLayerBatch, x: torch.Tensor, y: torch.Tensor) -> TwoLayerBatch:
    """Set the output layer of every network to the minimum-norm least-squares fit (in place of
    a and c = 0): a = pinv(Phi) y, Phi the (n x width) feature matrix of that network.

    The pseudo-inverse is taken in float64 whatever the networks' dtype: it drops singular values
    below max(n, width) * eps of the largest, which in float32 at smoothness-curve's paper size
    (n = 500, width 60,000: 7e-3) cut directions the features do have (their smallest singular
    value is 5.6e-3 of the largest there) and left a fit with training MSE 0.19 where the exact
    least-squares fit interpolates; in float64 the cut is at 1.3e-11."""
    with torch.no_grad():
        feats = torch.relu(net.preactivations(x))  # (S, n, P)
        target = y.double()[..., None]
        a = torch.empty_like(net.a)
        for lo, hi in zip(net.offsets[:-1], net.offsets[1:], strict=True):
            phi = feats[:, :, lo:hi].double()  # one network at a time: 1.9 GB less at paper size
            a[:, lo:hi] = (torch.linalg.pinv(phi) @ target)[..., 0].to(a.dtype)
        return TwoLayerBatch(
            net.W.detach(), net.b.detach(), a, torch.zeros_like(net.c), net.widths, net.activation
        )


# --- the smoothness curve --------------------------------------------------------------------


@dataclass(frozen=True)
class SmoothnessConfig(ExperimentConfig):
    distribution: str = param("sphere", help="covariates", choices=DISTRIBUTIONS)
    n: int = param(200, help="training points", min=2, max=1_000_000)
    d: int = param(20, help="dimension (digits: always 64)", min=1, max=100_000)
    labels: str = param(
        "noise", help="pure +-1 noise, or a smooth target plus noise", choices=LABELS
    )
    noise: float = param(0.5, help="noise level s of labels=target (sigma = s)", min=0.01, max=1.0)
    k_clusters: int = param(8, help="clusters of distribution=mixture", min=1, max=100_000)
    models: tuple[str, ...] = param(MODELS, help="model families", choices=MODELS)
    p_over_n: tuple[float, ...] = param(
        (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0),
        help="parameter counts p as multiples of n",
        min=0.001,
        max=10_000.0,
    )
    seeds: int = param(2, help="data sets (and initialisations) per point", min=1, max=100)
    seed: int = param(0, help="first seed", min=0, max=2**31 - 1)
    n_test: int = param(500, help="test points", min=1, max=1_000_000)
    steps: int = param(2000, help="full-batch Adam steps (trained, smooth)", min=1, max=1_000_000)
    lr: float = param(0.01, help="Adam learning rate", min=1e-6, max=1.0)
    fit_mse: float = param(
        0.1, help="smooth: train MSE to stay below (< sigma^2)", min=1e-6, max=10.0
    )
    lip_random: int = param(
        2000, help="random sphere points of the Lip search", min=0, max=10_000_000
    )
    lip_ascent_steps: int = param(
        100, help="gradient-ascent steps of the Lip search", min=0, max=100_000
    )
    floor_max_n: int = param(
        600, help="largest n whose fit floor (a convex program) is computed", min=0, max=100_000
    )
    dtype: str = param("float32", help="torch dtype", choices=("float32", "float64"))
    batched: bool = param(
        True,
        help="train all widths and seeds as one batch (same results, "
        "faster) or one network at a time (the reference path)",
    )

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {
            "n": 500,
            "d": 30,
            "seeds": 4,
            "steps": 6000,
            "n_test": 2000,
            "p_over_n": (0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120),
        },
    }

    def validate(self) -> None:
        sigma2 = 1.0 if self.labels == "noise" else self.noise**2
        if "smooth" in self.models and self.fit_mse >= sigma2:
            raise UserError(
                f"fit_mse must be below the noise level sigma^2 = {sigma2:g} (got {self.fit_mse:g})"
            )
        if len(set(self.models)) != len(self.models):
            raise UserError("models must not repeat")

    @property
    def dim(self) -> int:
        return DIGITS_DIM if self.distribution == "digits" else self.d


def _torch_dtype(name: str) -> torch.dtype:
    return torch.float64 if name == "float64" else torch.float32


def run_model(
    model: str,
    datasets: list[Dataset],
    widths: list[int],
    seeds: list[int],
    config: SmoothnessConfig,
    device: str,
    steps: Iterable[int] | None = None,
) -> dict[str, np.ndarray]:
    """Fit every width and seed of one model family together; measure each network.

    ``steps`` may wrap ``range(config.steps)`` in a progress bar."""
    dtype = _torch_dtype(config.dtype)
    x = torch.tensor(np.stack([ds.x for ds in datasets]), dtype=dtype, device=device)
    y = torch.tensor(np.stack([ds.y for ds in datasets]), dtype=dtype, device=device)
    xt = torch.tensor(np.stack([ds.x_test for ds in datasets]), dtype=dtype, device=device)
    yt = torch.tensor(np.stack([ds.y_test for ds in datasets]), dtype=dtype, device=device)
    started = time.perf_counter()
    if model == "random-features":
        net = init_batch(widths, x.shape[-1], seeds, dtype=dtype, device=device)
        net = fit_random_features(net, x, y)
    else:
        settings = TrainSettings(
            steps=config.steps, lr=config.lr, smooth=model == "smooth", fit_mse=config.fit_mse
        )
        net = train_sweep(widths, seeds, x, y, settings, batched=config.batched, steps=steps)
    with torch.no_grad():
        train_mse = ((net.forward(x) - y[..., None]) ** 2).mean(dim=1)
        test_mse = ((net.forward(xt) - yt[..., None]) ** 2).mean(dim=1)
    lower, lower_data = lipschitz_lower(
        net, x, n_random=config.lip_random, ascent_steps=config.lip_ascent_steps, seeds=seeds
    )
    upper = lipschitz_upper(net)
    if device == "cuda":
        torch.cuda.synchronize()
    first_layer = model != "random-features"
    return {
        "widths": np.array(widths),
        "p": np.array([net.n_params(k, first_layer) for k in range(len(widths))]),
        "train_mse": train_mse.cpu().double().numpy(),
        "test_mse": test_mse.cpu().double().numpy(),
        "lip_lower": lower.cpu().double().numpy(),
        "lip_lower_data": lower_data.cpu().double().numpy(),
        "lip_upper": upper.cpu().double().numpy(),
        "wall_time_s": np.array(time.perf_counter() - started, dtype=np.float64),
    }


def _seeds(config: SmoothnessConfig | LawScalingConfig | ParametersNeededConfig) -> list[int]:
    return [config.seed + i for i in range(config.seeds)]


def smoothness_cells(config: SmoothnessConfig) -> list[Cell]:
    """One cell per (model, seed): that family's every width on one data set, as one batch; then
    one per seed for the data's floors. A cell's inputs leave out what it does not use, so the
    random-features cells and the floors survive a change of the training settings."""
    data = {
        "distribution": config.distribution,
        "n": config.n,
        "d": config.dim,
        "labels": config.labels,
        "noise": config.noise,
        "k_clusters": config.k_clusters,
        "n_test": config.n_test,
    }
    search = {"lip_random": config.lip_random, "lip_ascent_steps": config.lip_ascent_steps}
    training = {
        "steps": config.steps,
        "lr": config.lr,
        "fit_mse": config.fit_mse,
        "batched": config.batched,
    }
    cells = []
    for model in config.models:
        widths = widths_for(model, config.p_over_n, config.n, config.dim)
        trained = training if model != "random-features" else {}
        for s in _seeds(config):
            inputs = {
                "part": "fit",
                **data,
                "seed": s,
                "model": model,
                "widths": widths,
                **trained,
                **search,
                "dtype": config.dtype,
            }
            cells.append(Cell({"model": model, "seed": s}, inputs))
    for s in _seeds(config):
        inputs = {
            "part": "floors",
            **data,
            "seed": s,
            "fit_mse": config.fit_mse,
            "fit_floor": config.n <= config.floor_max_n,
        }
        cells.append(Cell({"floors": "data", "seed": s}, inputs))
    return cells


# what a cell's inputs may set of the SmoothnessConfig its family is fitted with
_FIT_SETTINGS = (
    "distribution", "n", "d", "labels", "noise", "k_clusters", "n_test", "steps", "lr",
    "fit_mse", "lip_random", "lip_ascent_steps", "dtype", "batched",
)  # fmt: skip


def _dataset_of(inputs: Mapping[str, Any]) -> Dataset:
    """The data set a cell's inputs name (pure noise labels unless they say otherwise)."""
    return make_dataset(
        inputs["distribution"],
        inputs["n"],
        inputs["d"],
        inputs.get("n_test", 1),
        inputs.get("labels", "noise"),
        inputs.get("noise", 1.0),
        inputs["seed"],
        inputs.get("k_clusters", 8),
    )


def _floors_of(ds: Dataset, fit_mse: float, with_fit: bool) -> dict[str, np.ndarray]:
    """The data set's two floors (the fit floor NaN unless ``with_fit``: a program in n^2)."""
    exact = interpolation_floor(ds.x, ds.y)
    fit = fit_floor(ds.x, ds.y, fit_mse) if with_fit else float("nan")
    return {"lip_floor": np.array(exact), "lip_floor_fit": np.array(fit)}


def _fit_family(
    inputs: Mapping[str, Any], ds: Dataset, ctx: RunContext, label: str
) -> dict[str, np.ndarray]:
    """Every width of one family on one data set, as one batch; arrays over the widths."""
    model, seed = inputs["model"], inputs["seed"]
    sub = SmoothnessConfig(
        **{k: inputs[k] for k in _FIT_SETTINGS if k in inputs},
        models=(model,),
        seeds=1,
        seed=seed,
    )
    steps = (
        None
        if model == "random-features"
        else ctx.progress(range(sub.steps), label, total=sub.steps)
    )
    out = run_model(model, [ds], list(inputs["widths"]), [seed], sub, ctx.device, steps)
    for key in ("train_mse", "test_mse", "lip_lower", "lip_lower_data", "lip_upper"):
        out[key] = out[key][0]  # one data set: (widths,)
    return out


def smoothness_cell(inputs: Mapping[str, Any], ctx: RunContext) -> dict[str, np.ndarray]:
    """One cell of ``smoothness-curve``: a family fitted on one data set, or that set's floors."""
    ds = _dataset_of(inputs)
    if inputs["part"] == "floors":
        return _floors_of(ds, inputs["fit_mse"], inputs["fit_floor"])
    return _fit_family(inputs, ds, ctx, f"{inputs['model']}, seed {inputs['seed']}")


def assemble_smoothness(
    config: SmoothnessConfig, cells: list[Mapping[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    seeds, d = _seeds(config), config.dim
    per_seed = len(seeds)
    fits = [cells[m * per_seed : (m + 1) * per_seed] for m in range(len(config.models))]
    floors = cells[len(config.models) * per_seed :]
    noise_variance = 1.0 if config.labels == "noise" else config.noise**2
    out: dict[str, np.ndarray] = {
        "models": np.array(config.models),
        "p_over_n": np.array(config.p_over_n, dtype=float),
        "n": np.array(config.n, dtype=np.int64),
        "d": np.array(d, dtype=np.int64),
        "seeds": np.array(seeds),
        "noise_variance": np.array(noise_variance, dtype=np.float64),
        "fit_mse": np.array(config.fit_mse, dtype=np.float64),
    }
    for key in ("train_mse", "test_mse", "lip_lower", "lip_lower_data", "lip_upper"):
        out[key] = np.stack([np.stack([c[key] for c in family]) for family in fits])  # (M, S, W)
    out["widths"] = np.stack([family[0]["widths"] for family in fits])
    out["p"] = np.stack([family[0]["p"] for family in fits])
    # training time of each family, all its data sets together
    out["wall_time_s"] = np.array([sum(float(c["wall_time_s"]) for c in f) for f in fits])
    # The law's scaling sqrt(n d / p), without the theorem's constants
    # (docs/science.md, section 5).
    out["law_scaling"] = np.sqrt(config.n * d / out["p"].astype(float))
    # The theorem's condition: fits below the noise level (train MSE <= fit_mse < sigma^2).
    out["fits"] = out["train_mse"] <= config.fit_mse
    # What the data allow at all, per seed (docs/science.md, section 5): no exact interpolant is
    # smoother than lip_floor, no fit with MSE <= fit_mse smoother than lip_floor_fit.
    out["lip_floor"] = np.array([float(c["lip_floor"]) for c in floors])
    out["lip_floor_fit"] = np.array([float(c["lip_floor_fit"]) for c in floors])
    # Theorem 3 needs n eps^2 >= 8^4 k log(8k/delta) > 8^4 log 8; here eps = sigma^2 - fit_mse.
    eps = noise_variance - config.fit_mse
    out["n_eps2"] = np.array(config.n * eps**2, dtype=np.float64)
    out["theorem_min_n_eps2"] = np.array(THEOREM_MIN_N_EPS2, dtype=np.float64)
    return out


SMOOTHNESS_SWEEP = Sweep(smoothness_cells, smoothness_cell, assemble_smoothness)


@experiment(
    "smoothness-curve",
    description="train MSE and Lipschitz constant (lower estimate, certified upper bound) "
    "versus parameter count p for random features, plain and smoothness-seeking training, with "
    "the data's own floors",
    config=SmoothnessConfig,
    version=4,
    uses_device=True,
    sweep=SMOOTHNESS_SWEEP,
)
def smoothness_curve(config: SmoothnessConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    return SMOOTHNESS_SWEEP.run_here(config, ctx)


# --- data collapse over n and d --------------------------------------------------------------


@dataclass(frozen=True)
class LawScalingConfig(ExperimentConfig):
    distribution: str = param("sphere", help="covariates", choices=DISTRIBUTIONS[:3])
    ns: tuple[int, ...] = param((100, 200), help="training-set sizes n", min=2, max=1_000_000)
    ds: tuple[int, ...] = param((10, 20), help="dimensions d", min=1, max=100_000)
    model: str = param("smooth", help="model family", choices=MODELS)
    p_over_n: tuple[float, ...] = param(
        (1.0, 2.0, 4.0, 8.0, 16.0),
        help="parameter counts p as multiples of n",
        min=0.001,
        max=10_000.0,
    )
    seeds: int = param(3, help="data sets per cell", min=1, max=100)
    seed: int = param(0, help="first seed", min=0, max=2**31 - 1)
    steps: int = param(1500, help="full-batch Adam steps", min=1, max=1_000_000)
    lr: float = param(0.01, help="Adam learning rate", min=1e-6, max=1.0)
    fit_mse: float = param(0.1, help="smooth: train MSE to stay below (< 1)", min=1e-6, max=0.999)
    lip_random: int = param(
        1000, help="random sphere points of the Lip search", min=0, max=10_000_000
    )
    lip_ascent_steps: int = param(
        60, help="gradient-ascent steps of the Lip search", min=0, max=100_000
    )
    floor_max_n: int = param(
        600, help="largest n whose fit floor (a convex program) is computed", min=0, max=100_000
    )

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {
            "ns": (250, 500, 1000),
            "ds": (10, 30, 100),
            # 8 seeds: a bootstrap over them has 6435 distinct resamples (3 seeds: 10, 4: 35),
            # so no single seed sets its 2.5 and 97.5 percentiles, though the coverage from 8
            # seeds is still approximate (distinct_resamples)
            "seeds": 8,
            "steps": 4000,
            # p/n up to 64 = 2^6: the slopes use 2 <= p/n <= d (d <= 100 here), so p/n = 128
            # would enter no fitted number, yet its networks would hold half of every cell's
            # hidden units (128 of 255 units' worth) and so about half of the run's time
            # (docs/performance.md). Points past p = nd remain at d = 10 (p/n = 16, 32, 64)
            # and d = 30 (p/n = 64), where the fits meet the data's floor.
            "p_over_n": (1, 2, 4, 8, 16, 32, 64),
        },
    }


def fit_loglog_slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Least-squares slope and intercept of log y against log x (finite positive points)."""
    ok = (x > 0) & (y > 0) & np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2 or np.ptp(np.log(x[ok])) == 0:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)
    return float(slope), float(intercept)


def distinct_resamples(seeds: int) -> int:
    """How many different resamples a bootstrap over ``seeds`` seeds can draw: a resample is a
    multiset of ``seeds`` seed indices out of ``seeds``, and there are C(2 S - 1, S) of them (10
    for 3 seeds, 35 for 4, 6435 for 8). With few, the bootstrap's percentiles are a few of these
    values, not an interval: they show how the seeds disagree, no more."""
    return math.comb(2 * seeds - 1, seeds)


def bootstrap_over_seeds(
    statistic: Callable[[np.ndarray], np.ndarray],
    seeds: int,
    gen: np.random.Generator,
    draws: int = 2000,
) -> tuple[np.ndarray, np.ndarray]:
    """The 2.5 and 97.5 percentiles of ``statistic(pick)`` over resamples of the
    seeds: each draw picks ``seeds`` seed indices with replacement. NaN where fewer than half of
    the draws give a finite value."""
    values = np.array([statistic(gen.integers(0, seeds, seeds)) for _ in range(draws)], ndmin=2)
    values = values.reshape(draws, -1)
    low, high = np.full(values.shape[1], np.nan), np.full(values.shape[1], np.nan)
    for j in range(values.shape[1]):
        ok = np.isfinite(values[:, j])
        if ok.sum() >= draws // 2:
            low[j], high[j] = np.percentile(values[ok, j], [2.5, 97.5])
    return low, high


def bootstrap_slope(
    x: np.ndarray, y: np.ndarray, use: np.ndarray, gen: np.random.Generator, draws: int = 2000
) -> tuple[float, float]:
    """Bootstrap percentiles (2.5, 97.5) of the log-log slope, resampling seeds: x, y and
    ``use`` have a seed axis at position 1 (cells, seeds, ...)."""

    def slope(pick: np.ndarray) -> np.ndarray:
        sx, sy, su = x[:, pick], y[:, pick], use[:, pick]
        return np.array([fit_loglog_slope(sx[su], sy[su])[0]])

    low, high = bootstrap_over_seeds(slope, y.shape[1], gen, draws)
    return float(low[0]), float(high[0])


def _usable(x: np.ndarray, y: np.ndarray, use: np.ndarray) -> np.ndarray:
    """``use``, less the points whose logs are not finite."""
    with np.errstate(invalid="ignore"):
        return use & (x > 0) & (y > 0) & np.isfinite(x) & np.isfinite(y)


def cell_slopes(x: np.ndarray, y: np.ndarray, use: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's own least-squares slope and intercept of log y against log x, on its ``use``d
    points (cells on the first axis); NaN for a cell with fewer than two distinct x."""
    fits = [fit_loglog_slope(x[c][use[c]], y[c][use[c]]) for c in range(len(x))]
    return np.array([f[0] for f in fits]), np.array([f[1] for f in fits])


def within_cell_slope(x: np.ndarray, y: np.ndarray, use: np.ndarray) -> tuple[float, np.ndarray]:
    """One slope shared by every cell, each cell with its own intercept: least squares of
    v = log y on u = log x with one intercept per cell (cells on the first axis). The slope is
    sum_c sum (u - u_c)(v - v_c) / sum_c sum (u - u_c)^2, u_c and v_c the cell's means over its
    ``use``d points, and cell c's intercept is v_c - slope u_c (NaN for a cell with no point).
    It measures how Lip falls with p inside each cell, as the law speaks of one (n, d) at a
    time; the pooled slope (:func:`fit_loglog_slope` over all cells) mixes in the cells'
    offsets from one another. NaN if no cell spans two values of x."""
    ok = _usable(x, y, use)
    num = den = 0.0
    means = np.full((len(x), 2), np.nan)
    for c in range(len(x)):
        if not ok[c].any():
            continue
        u, v = np.log(x[c][ok[c]]), np.log(y[c][ok[c]])
        means[c] = u.mean(), v.mean()
        num += float(np.sum((u - u.mean()) * (v - v.mean())))
        den += float(np.sum((u - u.mean()) ** 2))
    if den <= 0:
        return float("nan"), np.full(len(x), np.nan)
    slope = num / den
    return slope, means[:, 1] - slope * means[:, 0]


def fit_power_law(n: np.ndarray, d: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exponents (a, b) of y ~ C n^a d^b by least squares in logs (finite positive points)."""
    ok = np.isfinite(y) & (y > 0)
    design = np.column_stack([np.ones(ok.sum()), np.log(n[ok]), np.log(d[ok])])
    if ok.sum() < 3 or np.linalg.matrix_rank(design) < 3:
        return np.array([np.nan, np.nan])
    coef, *_ = np.linalg.lstsq(design, np.log(y[ok]), rcond=None)
    return coef[1:]


def noise_fit_cells(
    config: LawScalingConfig | ParametersNeededConfig,
    model: str,
    widths_of: Callable[[int, int], list[int]],
) -> list[Cell]:
    """One cell per (n, d, seed): a data set of pure-noise labels, its floors, and every width
    of ``model`` (``widths_of(n, d)``) trained on it as one batch."""
    cells = []
    for n in config.ns:
        for d in config.ds:
            for s in _seeds(config):
                inputs = {
                    "distribution": config.distribution,
                    "n": n,
                    "d": d,
                    "seed": s,
                    "model": model,
                    "widths": widths_of(n, d),
                    "steps": config.steps,
                    "lr": config.lr,
                    "fit_mse": config.fit_mse,
                    "lip_random": config.lip_random,
                    "lip_ascent_steps": config.lip_ascent_steps,
                    "fit_floor": n <= config.floor_max_n,
                }
                cells.append(Cell({"n": n, "d": d, "seed": s}, inputs))
    return cells


def noise_fit_cell(inputs: Mapping[str, Any], ctx: RunContext) -> dict[str, np.ndarray]:
    """One cell of ``law-scaling`` or ``parameters-needed`` (see :func:`noise_fit_cells`)."""
    ds = _dataset_of(inputs)
    label = f"n={inputs['n']} d={inputs['d']} seed={inputs['seed']}"
    return {
        **_floors_of(ds, inputs["fit_mse"], inputs["fit_floor"]),
        **_fit_family(inputs, ds, ctx, label),
    }


def _grid(
    config: LawScalingConfig | ParametersNeededConfig, cells: list[Mapping[str, np.ndarray]]
) -> tuple[list[tuple[int, int]], dict[str, np.ndarray]]:
    """The (n, d) grid and the cells' arrays stacked as (grid cell, seed, ...)."""
    grid = [(n, d) for n in config.ns for d in config.ds]
    S = config.seeds

    def stack(key: str) -> np.ndarray:
        return np.stack(
            [np.stack([cells[g * S + s][key] for s in range(S)]) for g in range(len(grid))]
        )

    keys = ("lip_lower", "lip_upper", "train_mse", "lip_floor", "lip_floor_fit", "p")
    return grid, {k: stack(k) for k in keys}


def law_scaling_cells(config: LawScalingConfig) -> list[Cell]:
    return noise_fit_cells(
        config, config.model, lambda n, d: widths_for(config.model, config.p_over_n, n, d)
    )


def assemble_law_scaling(
    config: LawScalingConfig, cell_arrays: list[Mapping[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    cells, g = _grid(config, cell_arrays)
    n_arr = np.array([c[0] for c in cells])
    d_arr = np.array([c[1] for c in cells])
    p = g["p"][:, 0].astype(float)  # (C, W): the same widths for every seed
    nd_over_p = (n_arr * d_arr)[:, None] / p
    lip = g["lip_lower"]  # (C, S, W)
    mse = g["train_mse"]
    fits = mse <= config.fit_mse
    lip_floor = g["lip_floor"]  # (C, S)
    lip_floor_fit = g["lip_floor_fit"]
    # Within 2x of the smallest Lip any fit as good can have, a network meets the data's floor,
    # not the law: such points are marked and left out (without a computed floor, none are).
    near_floor = lip <= 2 * np.nan_to_num(lip_floor_fit, nan=0.0)[:, :, None]
    # Fit the slope where the law speaks: fitted networks with 2n <= p <= n d, off the floor.
    # (At the interpolation threshold p ~ n every family spikes: a slope through that peak
    # measures the spike, not the law.) The range is read on each column's nominal p/n
    # (2 <= p/n <= d), not on the realised p: widths are whole numbers, so p = width (d + 2) + 1
    # lands up to (d + 2)/2 either side of its nominal value, and a test on p itself drops the
    # nominal p = 2n column wherever it rounds down (to 199 or 397: 3 of the quick grid's 4
    # cells). Read on the nominal value, every cell keeps the columns the grid was designed
    # with, and the widths (the stored cells) stay as they are; the fit uses the realised nd/p.
    ratio = np.array(config.p_over_n, dtype=float)
    in_range = (ratio[None, :] >= 2) & (ratio[None, :] <= d_arr[:, None])
    use = fits & in_range[:, None, :] & ~near_floor
    x_all = np.broadcast_to(nd_over_p[:, None, :], lip.shape)
    # Three slopes of log Lip against log(nd/p), each with bootstrap percentiles (2.5-97.5 %)
    # over seeds
    # (percentiles of 2000 resamples; every resample draws the seed indices with replacement,
    # the same draw in every cell): each cell's own; one slope shared by the cells with an
    # intercept each (within-cell: the headline, since the law speaks of each (n, d) and a
    # collapse is a separate question); and one line through all points (pooled: it mixes the
    # cells' offsets into the slope).
    slope, intercept = fit_loglog_slope(x_all[use], lip[use])
    within, cell_intercept = within_cell_slope(x_all, lip, use)
    per_cell, _ = cell_slopes(x_all, lip, use)

    def slopes(pick: np.ndarray) -> np.ndarray:
        sx, sy, su = x_all[:, pick], lip[:, pick], use[:, pick]
        return np.array(
            [
                fit_loglog_slope(sx[su], sy[su])[0],
                within_cell_slope(sx, sy, su)[0],
                *cell_slopes(sx, sy, su)[0],
            ]
        )

    low, high = bootstrap_over_seeds(slopes, lip.shape[1], rng(config.seed, "bootstrap"))
    # Do the cells collapse? Each cell's offset (log units) from the others: its intercept in
    # the within-cell fit (the cells' parallel lines), less their mean.
    offsets = np.full(len(cells), np.nan)
    if np.isfinite(within):
        offsets = cell_intercept - np.nanmean(cell_intercept)
    return {
        "model": np.array(config.model),
        "n": n_arr,
        "d": d_arr,
        "p": p.astype(np.int64),
        "nd_over_p": nd_over_p,
        "lip_lower": lip,
        "lip_upper": g["lip_upper"],
        "train_mse": mse,
        "fits": fits,
        "lip_floor": lip_floor,
        "lip_floor_fit": lip_floor_fit,
        "near_floor": near_floor,
        "used_in_fit": use,
        "p_over_n": ratio,
        "in_range": in_range,
        "slope": np.array(slope, dtype=np.float64),
        "slope_low": np.array(low[0], dtype=np.float64),
        "slope_high": np.array(high[0], dtype=np.float64),
        "intercept": np.array(intercept, dtype=np.float64),
        "slope_within": np.array(within, dtype=np.float64),
        "slope_within_low": np.array(low[1], dtype=np.float64),
        "slope_within_high": np.array(high[1], dtype=np.float64),
        "cell_intercept": cell_intercept,
        "cell_slope": per_cell,
        "cell_slope_low": low[2:],
        "cell_slope_high": high[2:],
        "cell_offset": offsets,
        "seeds": np.array(lip.shape[1], dtype=np.int64),
        "distinct_resamples": np.array(distinct_resamples(lip.shape[1]), dtype=np.int64),
        "law_scaling": np.sqrt(nd_over_p),
    }


LAW_SCALING_SWEEP = Sweep(law_scaling_cells, noise_fit_cell, assemble_law_scaling)


@experiment(
    "law-scaling",
    description="Lipschitz constant against n*d/p over a grid of n and d (do the cells collapse "
    "onto the law's sqrt(nd/p)?): the log-log slope within cells (one slope, an intercept per "
    "cell), per cell and pooled, each with a bootstrap interval over seeds; the floors",
    config=LawScalingConfig,
    version=5,
    uses_device=True,
    sweep=LAW_SCALING_SWEEP,
)
def law_scaling(config: LawScalingConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    return LAW_SCALING_SWEEP.run_here(config, ctx)


# --- the parameters a smooth fit needs --------------------------------------------------------

P_OVER_ND = tuple(float(round(2.0 ** (k / 2), 4)) for k in range(-6, 4))  # 1/8 ... 2.83, x sqrt(2)


@dataclass(frozen=True)
class ParametersNeededConfig(ExperimentConfig):
    distribution: str = param("sphere", help="covariates", choices=DISTRIBUTIONS[:3])
    ns: tuple[int, ...] = param((50, 100, 200), help="training-set sizes n", min=2, max=1_000_000)
    ds: tuple[int, ...] = param((10, 20), help="dimensions d", min=1, max=100_000)
    p_over_nd: tuple[float, ...] = param(
        P_OVER_ND, help="parameter counts p tried, as multiples of n d", min=0.001, max=10_000.0
    )
    target_lip: float = param(
        4.0, help="the Lipschitz constant (lower estimate) a fit must reach", min=0.01, max=1e6
    )
    seeds: int = param(4, help="data sets per cell", min=1, max=100)
    seed: int = param(0, help="first seed", min=0, max=2**31 - 1)
    steps: int = param(1500, help="full-batch Adam steps", min=1, max=1_000_000)
    lr: float = param(0.01, help="Adam learning rate", min=1e-6, max=1.0)
    fit_mse: float = param(0.1, help="train MSE to stay below (< 1)", min=1e-6, max=0.999)
    lip_random: int = param(
        500, help="random sphere points of the Lip search", min=0, max=10_000_000
    )
    lip_ascent_steps: int = param(
        30, help="gradient-ascent steps of the Lip search", min=0, max=100_000
    )
    floor_max_n: int = param(
        600, help="largest n whose fit floor (a convex program) is computed", min=0, max=100_000
    )

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {"ns": (100, 200, 400, 800), "ds": (10, 20, 40), "seeds": 8, "steps": 4000},
    }


def first_crossing(p: np.ndarray, lip: np.ndarray, ok: np.ndarray, target: float) -> float:
    """The smallest p at which ``lip`` (along increasing ``p``) comes down to ``target`` on a
    fit (``ok``): between the last grid point above and the first at or below, interpolated
    linearly in log p against log Lip; the first grid point itself if the first fit is already
    at or below. NaN if no fit gets there."""
    hit = np.nonzero(ok & (lip <= target))[0]
    if not len(hit):
        return float("nan")
    k = int(hit[0])
    if k == 0 or not ok[k - 1] or lip[k - 1] <= target:
        return float(p[k])
    a, b = np.log(lip[k - 1]), np.log(lip[k])
    share = (a - np.log(target)) / (a - b)
    return float(np.exp(np.log(p[k - 1]) + share * (np.log(p[k]) - np.log(p[k - 1]))))


def parameters_needed_widths(config: ParametersNeededConfig, n: int, d: int) -> list[int]:
    """Widths of the smooth nets with p ~ ratio * n d trained parameters, ratio in p_over_nd."""
    return [max(1, round((r * n * d - 1) / (d + 2))) for r in config.p_over_nd]


def parameters_needed_cells(config: ParametersNeededConfig) -> list[Cell]:
    return noise_fit_cells(config, "smooth", lambda n, d: parameters_needed_widths(config, n, d))


def assemble_parameters_needed(
    config: ParametersNeededConfig, cell_arrays: list[Mapping[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    cells, g = _grid(config, cell_arrays)
    seeds = _seeds(config)
    n_arr = np.array([c[0] for c in cells])
    d_arr = np.array([c[1] for c in cells])
    p = g["p"][:, 0].astype(np.int64)  # (C, W): the same widths for every seed
    lip = g["lip_lower"]  # (C, S, W)
    fits = g["train_mse"] <= config.fit_mse
    needed = np.array(
        [
            [
                first_crossing(p[c], lip[c, s], fits[c, s], config.target_lip)
                for s in range(len(seeds))
            ]
            for c in range(len(cells))
        ]
    )  # (C, S)
    nd = (n_arr * d_arr).astype(float)
    nd_all = np.broadcast_to(nd[:, None], needed.shape)
    reached = np.isfinite(needed)
    _, intercept = fit_loglog_slope(nd_all[reached], needed[reached])
    n_all = np.broadcast_to(n_arr[:, None].astype(float), needed.shape)
    d_all = np.broadcast_to(d_arr[:, None].astype(float), needed.shape)

    def exponents(values: np.ndarray, use: np.ndarray, suffix: str) -> dict[str, np.ndarray]:
        """The exponent against nd and, apart, those of n and d (p_needed ~ C n^a d^b; the law
        says a = b = 1), each with its bootstrap percentiles over seeds, fitted on ``use``."""
        exponent, _ = fit_loglog_slope(nd_all[use], values[use])
        low, high = bootstrap_slope(
            nd_all[:, :, None], values[:, :, None], use[:, :, None], rng(config.seed, "bootstrap")
        )
        apart = fit_power_law(n_all, d_all, values)
        apart_low, apart_high = bootstrap_over_seeds(
            lambda pick: fit_power_law(n_all[:, pick], d_all[:, pick], values[:, pick]),
            len(seeds),
            rng(config.seed, "bootstrap-n-d"),
        )
        out = {"exponent": (exponent, low, high)}
        out |= {
            f"exponent_{x}": (apart[k], apart_low[k], apart_high[k]) for k, x in enumerate("nd")
        }
        return {
            f"{name}{suffix}{end}": np.array(v, dtype=np.float64)
            for name, values_ in out.items()
            for end, v in zip(("", "_low", "_high"), values_, strict=True)
        }

    with np.errstate(all="ignore"):
        median = np.array(
            [np.nanmedian(row) if np.isfinite(row).any() else np.nan for row in needed]
        )
    # A seed that never reaches the target needs more than the largest p tried: left out above,
    # here kept at that lower bound, to show what leaving it out does to the exponents.
    bound = np.where(reached, needed, p.max(axis=1)[:, None].astype(float))
    # How far the target is from what the data allow: no fit with train MSE <= fit_mse is
    # smoother than the fit floor, so a target only a few times the floor asks for a Lip that
    # the floor, not p, may decide (and the floor differs between cells).
    floors = g["lip_floor_fit"]
    has_floor = np.isfinite(floors).any(axis=1)  # NaN where no floor was computed (large n)
    floor_mean = np.full(len(cells), np.nan)
    floor_mean[has_floor] = np.nanmean(floors[has_floor], axis=1)
    target_over_floor = config.target_lip / floor_mean
    return {
        "n": n_arr,
        "d": d_arr,
        "nd": nd,
        "p": p,
        "lip_lower": lip,
        "fits": fits,
        "target_lip": np.array(config.target_lip, dtype=np.float64),
        "fit_mse": np.array(config.fit_mse, dtype=np.float64),
        "p_needed": needed,
        "p_needed_median": median,
        "reached": reached,
        **exponents(needed, reached, ""),
        "intercept": np.array(intercept, dtype=np.float64),
        "unreached": np.array(int((~reached).sum()), dtype=np.int64),
        "p_needed_bound": bound,
        **exponents(bound, np.ones_like(bound, bool), "_bound"),
        "target_over_floor": target_over_floor,
        "seeds": np.array(len(seeds), dtype=np.int64),
        "distinct_resamples": np.array(distinct_resamples(len(seeds)), dtype=np.int64),
        "lip_floor": g["lip_floor"],
        "lip_floor_fit": g["lip_floor_fit"],
    }


PARAMETERS_NEEDED_SWEEP = Sweep(parameters_needed_cells, noise_fit_cell, assemble_parameters_needed)


@experiment(
    "parameters-needed",
    description="the smallest p at which smoothness-seeking training reaches a target Lip "
    "while fitting below the noise level, over a grid of n and d; its exponents against n*d "
    "and against n and d apart, with bootstrap intervals over seeds (the law says 1), with the "
    "unreached seeds left out and kept at their lower bound; the target's ratio to the floor",
    config=ParametersNeededConfig,
    version=4,
    uses_device=True,
    sweep=PARAMETERS_NEEDED_SWEEP,
)
def parameters_needed(config: ParametersNeededConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    return PARAMETERS_NEEDED_SWEEP.run_here(config, ctx)


# --- a one-dimensional picture for the smooth-interpolation scene ----------------------------


@dataclass(frozen=True)
class ToyFitsConfig(ExperimentConfig):
    n: int = param(10, help="noisy points on [-1, 1]", min=3, max=200)
    noise: float = param(
        0.3, help="label noise s: y = 0.6 sin(pi x) + s e, e = +-1", min=0.0, max=1.0
    )
    many_factor: int = param(
        60, help="the many-parameter fit has p = many_factor * n", min=2, max=10_000
    )
    grid_points: int = param(801, help="points where the fits are sampled", min=11, max=1_000_000)
    seed: int = param(
        3, help="seed of the points, the noise and the features", min=0, max=2**31 - 1
    )

    PRESETS = {"quick": {}, "paper": {"grid_points": 2001}}  # noqa: RUF012


def features_1d(width: int, seed: int, reach: float = 0.9) -> TwoLayerBatch:
    """Random ReLU features of one input, relu(w (x - u)), with kinks u uniform on
    [-reach, reach] (every feature bends inside the range of the data), w = +-|N(0, 1)|."""
    gen = torch_generator(seed, "features", width)
    w = torch.randn(width, 1, generator=gen, dtype=torch.float64)
    u = (2 * torch.rand(width, generator=gen, dtype=torch.float64) - 1) * reach
    return _relu_features(w, u)


def gap_features_1d(x: np.ndarray, seed: int) -> TwoLayerBatch:
    """n random ReLU features for n sorted points that can interpolate them exactly: feature l
    is relu(w_l (x - u_l)), w_l = |N(0, 1)|. The first kink u_0 is left of the first point
    (uniform in [x_0 - (x_1 - x_0), x_0]), and kink u_l (l >= 1) is uniform between x_(l-1) and
    x_l: one kink in each of the n - 1 gaps between neighbouring points, plus one before them.
    Feature l is zero at the points left of u_l and positive from point l on, so the n x n
    feature matrix is lower triangular with a positive diagonal: invertible. Uniform kinks
    anywhere (``features_1d``) can leave a gap, or the stretch left of the first point, without
    one, and the matrix is then rank-deficient: no exact fit."""
    gen = torch_generator(seed, "gap-features", len(x))
    left = np.concatenate([[x[0] - (x[1] - x[0])], x[:-1]])
    share = torch.rand(len(x), generator=gen, dtype=torch.float64)
    u = torch.tensor(left, dtype=torch.float64) + share * torch.tensor(x - left)
    w = torch.randn(len(x), 1, generator=gen, dtype=torch.float64).abs()
    return _relu_features(w, u)


def _relu_features(w: torch.Tensor, u: torch.Tensor) -> TwoLayerBatch:
    """One-input features relu(w_l (x - u_l)) as a network with zero output weights."""
    width = len(u)
    b = -w[:, 0] * u
    return TwoLayerBatch(
        w[None],
        b[None],
        torch.zeros(1, width, dtype=torch.float64),
        torch.zeros(1, 1, dtype=torch.float64),
        (width,),
    )


def lipschitz_1d(net: TwoLayerBatch, lo: float = -1.0, hi: float = 1.0) -> tuple[float, float]:
    """Exact Lipschitz constant on [lo, hi] of a one-input ReLU network and where it is attained.

    Between consecutive kinks -b_l / w_l the network is linear, so its slope at the midpoint of
    each piece is the slope of the piece; the largest |slope| is the Lipschitz constant.
    """
    with torch.no_grad():
        w, b = net.W[0, :, 0], net.b[0]
        kinks = (-b / torch.where(w == 0, torch.ones_like(w), w))[w != 0]
        inside = kinks[(kinks > lo) & (kinks < hi)]
        edges = torch.sort(torch.cat([torch.tensor([lo, hi], dtype=w.dtype), inside])).values
        mids = 0.5 * (edges[1:] + edges[:-1])
        slopes = net.input_gradients(mids[None, :, None])[0, :, 0, 0].abs()
        i = int(torch.argmax(slopes))
        return float(slopes[i]), float(mids[i])


@experiment(
    "toy-fits",
    description="noisy points on a line interpolated by random features with p = n parameters "
    "(a kink left of the first point and one between each two neighbouring points: exact, "
    "steep) and with many (minimum-norm: exact, smooth)",
    config=ToyFitsConfig,
    version=2,
)
def toy_fits(config: ToyFitsConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    # Jittered regular positions: no two points so close that any fit must be steep.
    jitter = rng(config.seed, "positions").uniform(-0.3, 0.3, config.n) / config.n
    x = np.sort(np.linspace(-0.9, 0.9, config.n) + jitter)
    signs = rng(config.seed, "noise").choice([-1.0, 1.0], config.n)
    y = 0.6 * np.sin(np.pi * x) + config.noise * signs
    xt = torch.tensor(x[None, :, None], dtype=torch.float64)
    yt = torch.tensor(y[None], dtype=torch.float64)
    grid = np.linspace(-1, 1, config.grid_points)
    gt = torch.tensor(grid[None, :, None], dtype=torch.float64)
    out: dict[str, np.ndarray] = {"x": x, "y": y, "grid": grid}
    nets = {
        "few": gap_features_1d(x, config.seed),
        "many": features_1d(config.many_factor * config.n, config.seed),
    }
    for name, features in nets.items():
        width = int(features.widths[0])
        net = fit_random_features(features, xt, yt)
        with torch.no_grad():
            out[f"{name}_fit"] = net.forward(gt)[0, :, 0].numpy()
            residual = (net.forward(xt)[0, :, 0] - yt[0]).numpy()
            phi = torch.relu(features.preactivations(xt))[0].numpy()
        out[f"{name}_train_mse"] = np.array(np.mean(residual**2), dtype=np.float64)
        out[f"{name}_residual_max"] = np.array(np.abs(residual).max(), dtype=np.float64)
        out[f"{name}_rank"] = np.array(np.linalg.matrix_rank(phi), dtype=np.int64)
        lip, where = lipschitz_1d(net)
        out[f"{name}_lip"] = np.array(lip, dtype=np.float64)
        out[f"{name}_steepest_x"] = np.array(where, dtype=np.float64)
        out[f"{name}_p"] = np.array(width, dtype=np.int64)
    # The smallest Lipschitz constant of any exact interpolant: the piecewise-linear one.
    out["interpolation_lip_min"] = np.array(
        np.max(np.abs(np.diff(y) / np.diff(x))), dtype=np.float64
    )
    return out
