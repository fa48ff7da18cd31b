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
  weight, see :func:`experiments.nets.train`). This is the family that tests the law: its
  Lipschitz constant should fall like p^(-1/2) from p ~ n to p ~ nd and flatten after.

Measured per (model, p, seed): train MSE, test MSE, a lower estimate of Lip(f) (exact gradient
norms at searched points) and a certified upper bound (layer norms). The lower estimate is a lower
estimate: figures and scenes must say so.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import torch

from experiments.config import ExperimentConfig, param
from experiments.errors import UserError
from experiments.nets import (
    TrainSettings,
    TwoLayerBatch,
    init_batch,
    lipschitz_lower,
    lipschitz_upper,
    train_sweep,
)
from experiments.registry import RunContext, experiment

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
    rng: np.random.Generator,
    k_clusters: int = 8,
    centres: np.ndarray | None = None,
) -> np.ndarray:
    """m points in R^d in the paper's normalisation.

    sphere: uniform on S^(d-1). gaussian: N(0, I_d / d). mixture: k clusters, centres uniform on
    the sphere, each point = centre + N(0, I_d / d) / 2, rescaled to norm ~1 (each component is
    O(1)-isoperimetric, as Theorem 3 allows).
    """
    if distribution == "sphere":
        return _unit_rows(rng.standard_normal((m, d)))
    if distribution == "gaussian":
        return rng.standard_normal((m, d)) / np.sqrt(d)
    if distribution == "mixture":
        assert centres is not None
        which = rng.integers(0, len(centres), m)
        pts = centres[which] + rng.standard_normal((m, d)) / (2 * np.sqrt(d))
        return pts / np.sqrt(1.25)
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
    """
    rng = np.random.default_rng(seed)
    s = 1.0 if labels == "noise" else noise
    if distribution == "digits":
        xs, digit = load_digits_normalised()
        if n + n_test > len(xs):
            raise UserError(
                f"digits has {len(xs)} images: n + n_test must be <= {len(xs)} (got {n} + {n_test})"
            )
        order = rng.permutation(len(xs))[: n + n_test]
        x_all, t_all = xs[order], np.where(digit[order] % 2 == 0, 1.0, -1.0)
    else:
        centres = (
            _unit_rows(rng.standard_normal((k_clusters, d))) if distribution == "mixture" else None
        )
        x_all = sample_covariates(distribution, n + n_test, d, rng, k_clusters, centres)
        v = _unit_rows(rng.standard_normal((1, d)))[0]
        t_all = np.tanh(np.sqrt(d) * x_all @ v)
    e = rng.choice([-1.0, 1.0], size=len(x_all))
    y_all = (1 - s) * t_all + s * e
    return Dataset(x_all[:n], y_all[:n], x_all[n:], y_all[n:], s * s)


# --- models ----------------------------------------------------------------------------------


def widths_for(model: str, p_over_n: tuple[float, ...], n: int, d: int) -> list[int]:
    """Hidden widths giving p ~ ratio * n trained parameters for each ratio (at least 1)."""
    if model == "random-features":
        return [max(1, round(r * n)) for r in p_over_n]
    return [max(1, round((r * n - 1) / (d + 2))) for r in p_over_n]


def fit_random_features(net: TwoLayerBatch, x: torch.Tensor, y: torch.Tensor) -> TwoLayerBatch:
    """Set the output layer of every network to the minimum-norm least-squares fit (in place of
    a and c = 0): a = pinv(Phi) y, Phi the (n x width) feature matrix of that network."""
    with torch.no_grad():
        feats = torch.relu(net.preactivations(x))  # (S, n, P)
        a = torch.empty_like(net.a)
        for lo, hi in zip(net.offsets[:-1], net.offsets[1:], strict=True):
            phi = feats[:, :, lo:hi]
            a[:, lo:hi] = (torch.linalg.pinv(phi) @ y[..., None])[..., 0]
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


@experiment(
    "smoothness-curve",
    description="train MSE and Lipschitz constant (lower estimate, certified upper bound) "
    "versus parameter count p for random features, plain and smoothness-seeking training",
    config=SmoothnessConfig,
    version=1,
    uses_device=True,
)
def smoothness_curve(config: SmoothnessConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    seeds = [config.seed + i for i in range(config.seeds)]
    d = config.dim
    datasets = [
        make_dataset(
            config.distribution,
            config.n,
            d,
            config.n_test,
            config.labels,
            config.noise,
            s,
            config.k_clusters,
        )
        for s in seeds
    ]
    per_model = []
    for m in config.models:
        steps = (
            None
            if m == "random-features"
            else ctx.progress(range(config.steps), m, total=config.steps)
        )
        per_model.append(
            run_model(
                m,
                datasets,
                widths_for(m, config.p_over_n, config.n, d),
                seeds,
                config,
                ctx.device,
                steps,
            )
        )
    out: dict[str, np.ndarray] = {
        "models": np.array(config.models),
        "p_over_n": np.array(config.p_over_n, dtype=float),
        "n": np.array(config.n, dtype=np.int64),
        "d": np.array(d, dtype=np.int64),
        "seeds": np.array(seeds),
        "noise_variance": np.array(datasets[0].noise_variance, dtype=np.float64),
        "fit_mse": np.array(config.fit_mse, dtype=np.float64),
    }
    for key in per_model[0]:
        out[key] = np.stack([r[key] for r in per_model])
    # The law's scaling sqrt(n d / p), without the theorem's constants
    # (docs/science.md, section 5).
    out["law_scaling"] = np.sqrt(config.n * d / out["p"].astype(float))
    # The theorem's condition: fits below the noise level (train MSE <= fit_mse < sigma^2).
    out["fits"] = out["train_mse"] <= config.fit_mse
    return out


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
    seeds: int = param(1, help="data sets per cell", min=1, max=100)
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

    PRESETS = {  # noqa: RUF012 - class-level preset table, read only
        "quick": {},
        "paper": {
            "ns": (250, 500, 1000),
            "ds": (10, 30, 100),
            "seeds": 2,
            "steps": 4000,
            "p_over_n": (1, 2, 4, 8, 16, 32, 64, 128),
        },
    }


def fit_loglog_slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Least-squares slope and intercept of log y against log x (finite positive points)."""
    ok = (x > 0) & (y > 0) & np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)
    return float(slope), float(intercept)


@experiment(
    "law-scaling",
    description="Lipschitz constant against n*d/p over a grid of n and d (data collapse onto "
    "the law's sqrt(nd/p) scaling), with the fitted log-log slope",
    config=LawScalingConfig,
    version=1,
    uses_device=True,
)
def law_scaling(config: LawScalingConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    cells = [(n, d) for n in config.ns for d in config.ds]
    seeds = [config.seed + i for i in range(config.seeds)]
    rows = []
    for n, d in ctx.progress(cells, f"law-scaling ({config.model})", total=len(cells)):
        sub = SmoothnessConfig(
            distribution=config.distribution,
            n=n,
            d=d,
            models=(config.model,),
            p_over_n=config.p_over_n,
            seeds=config.seeds,
            seed=config.seed,
            n_test=1,
            steps=config.steps,
            lr=config.lr,
            fit_mse=config.fit_mse,
            lip_random=config.lip_random,
            lip_ascent_steps=config.lip_ascent_steps,
        )
        datasets = [make_dataset(config.distribution, n, d, 1, "noise", 1.0, s) for s in seeds]
        rows.append(
            run_model(
                config.model,
                datasets,
                widths_for(config.model, config.p_over_n, n, d),
                seeds,
                sub,
                ctx.device,
            )
        )
    n_arr = np.array([c[0] for c in cells])
    d_arr = np.array([c[1] for c in cells])
    p = np.stack([r["p"] for r in rows]).astype(float)
    nd_over_p = (n_arr * d_arr)[:, None] / p
    lip = np.stack([r["lip_lower"] for r in rows])  # (C, S, W)
    mse = np.stack([r["train_mse"] for r in rows])
    fits = mse <= config.fit_mse
    # Fit the slope where the law speaks: fitted networks with n <= p <= n d.
    in_range = (p >= n_arr[:, None]) & (p <= (n_arr * d_arr)[:, None])
    use = fits & in_range[:, None, :]
    x_fit = np.broadcast_to(nd_over_p[:, None, :], lip.shape)[use]
    slope, intercept = fit_loglog_slope(x_fit, lip[use])
    return {
        "model": np.array(config.model),
        "n": n_arr,
        "d": d_arr,
        "p": p.astype(np.int64),
        "nd_over_p": nd_over_p,
        "lip_lower": lip,
        "lip_upper": np.stack([r["lip_upper"] for r in rows]),
        "train_mse": mse,
        "fits": fits,
        "used_in_fit": use,
        "slope": np.array(slope, dtype=np.float64),
        "intercept": np.array(intercept, dtype=np.float64),
        "law_scaling": np.sqrt(nd_over_p),
    }


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
    gen = torch.Generator().manual_seed(int(seed) * 7919 + width)
    w = torch.randn(width, 1, generator=gen, dtype=torch.float64)
    u = (2 * torch.rand(width, generator=gen, dtype=torch.float64) - 1) * reach
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
    "(spiky) and with many parameters (smooth), minimum-norm both",
    config=ToyFitsConfig,
    version=1,
)
def toy_fits(config: ToyFitsConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(config.seed)
    # Jittered regular positions: no two points so close that any fit must be steep.
    x = np.sort(np.linspace(-0.9, 0.9, config.n) + rng.uniform(-0.3, 0.3, config.n) / config.n)
    y = 0.6 * np.sin(np.pi * x) + config.noise * rng.choice([-1.0, 1.0], config.n)
    xt = torch.tensor(x[None, :, None], dtype=torch.float64)
    yt = torch.tensor(y[None], dtype=torch.float64)
    grid = np.linspace(-1, 1, config.grid_points)
    gt = torch.tensor(grid[None, :, None], dtype=torch.float64)
    out: dict[str, np.ndarray] = {"x": x, "y": y, "grid": grid}
    for name, width in (("few", config.n), ("many", config.many_factor * config.n)):
        net = fit_random_features(features_1d(width, config.seed), xt, yt)
        with torch.no_grad():
            out[f"{name}_fit"] = net.forward(gt)[0, :, 0].numpy()
            mse = ((net.forward(xt)[0, :, 0] - yt[0]) ** 2).mean().item()
            out[f"{name}_train_mse"] = np.array(mse, dtype=np.float64)
        lip, where = lipschitz_1d(net)
        out[f"{name}_lip"] = np.array(lip, dtype=np.float64)
        out[f"{name}_steepest_x"] = np.array(where, dtype=np.float64)
        out[f"{name}_p"] = np.array(width, dtype=np.int64)
    # The smallest Lipschitz constant of any exact interpolant: the piecewise-linear one.
    out["interpolation_lip_min"] = np.array(
        np.max(np.abs(np.diff(y) / np.diff(x))), dtype=np.float64
    )
    return out
