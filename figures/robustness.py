"""Paper figures of the law of robustness (data from ``smoothness-curve`` and ``law-scaling``)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from assets.theme import color, sequence_colors
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize

MODEL_LABELS = {
    "random-features": "random features (min-norm)",
    "trained": "trained, plain loss",
    "smooth": "trained to be smooth",
}


def _model_color(model: str) -> str:
    return color(model.replace("-", "_"))


def _mark_thresholds(ax: Axes, n: int, d: int, *, nd: bool = True) -> None:
    """Vertical lines at p = n (fitting) and p = n d (smooth fitting), labelled at the bottom."""
    marks = [(n, r"$p=n$")] + ([(n * d, r"$p=nd$")] if nd else [])
    for value, label in marks:
        ax.axvline(value, color=color("reference"), lw=0.8, ls=(0, (1, 1.5)), zorder=1)
        ax.annotate(
            label,
            (value, 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(-2, 3),
            textcoords="offset points",
            va="bottom",
            ha="right",
            fontsize=7,
            color=color("reference"),
        )


@figure(
    "interpolation-curve",
    description="training MSE versus parameter count p per model: fitting needs p ~ n",
    needs=("smoothness-curve",),
)
def interpolation_curve(results: Mapping[str, Result]) -> Figure:
    r = results["smoothness-curve"]
    n, d = int(r["n"]), int(r["d"])
    fig = Figure(figsize=figsize("column", 0.72))
    ax = fig.subplots()
    for i, model in enumerate(r["models"]):
        p, mse = r["p"][i], r["train_mse"][i]  # (W,), (S, W)
        c = _model_color(str(model))
        ax.fill_between(p, mse.min(0), mse.max(0), color=c, alpha=0.2, lw=0)
        ax.plot(p, mse.mean(0), "o-", color=c, ms=3, label=MODEL_LABELS.get(str(model), model))
    ax.axhline(
        float(r["noise_variance"]),
        color=color("reference"),
        lw=0.9,
        label=rf"noise level $\sigma^2={float(r['noise_variance']):g}$",
    )
    ax.axhline(
        float(r["fit_mse"]),
        color=color("reference"),
        lw=0.9,
        ls=(0, (4, 2)),
        label=f"fit threshold {float(r['fit_mse']):g}",
    )
    ax.set_xscale("log")
    ax.set_xlabel(r"trained parameters $p$")
    ax.set_ylabel("training MSE")
    ax.set_ylim(0, 1.15 * float(r["noise_variance"]))
    _mark_thresholds(ax, n, d, nd=False)
    ax.set_title(f"$n={n}$, $d={d}$, {len(r['seeds'])} seeds", loc="left", fontsize=7)
    ax.legend(loc="center right", fontsize=6)
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "smoothness-curve",
    description="Lipschitz constant (lower estimate; certified upper bound as open marks) versus "
    "p, log-log, with the law's sqrt(nd/p) scaling and the marks p = n, p = nd",
    needs=("smoothness-curve",),
)
def smoothness_curve(results: Mapping[str, Result]) -> Figure:
    r = results["smoothness-curve"]
    n, d = int(r["n"]), int(r["d"])
    fig = Figure(figsize=figsize("neurips_full", 0.62))
    ax = fig.subplots()
    for i, model in enumerate(r["models"]):
        c = _model_color(str(model))
        p, lo, up = r["p"][i], r["lip_lower"][i], r["lip_upper"][i]
        fits = r["fits"][i].all(axis=0)
        ax.fill_between(p, lo.min(0), lo.max(0), color=c, alpha=0.2, lw=0)
        ax.plot(p, lo.mean(0), "-", color=c, label=MODEL_LABELS.get(str(model), model))
        ax.plot(p[fits], lo.mean(0)[fits], "o", color=c, ms=3.5)
        ax.plot(p[~fits], lo.mean(0)[~fits], "o", mfc="white", color=c, ms=3.5)
        ax.plot(p, up.mean(0), "^", mfc="none", color=c, ms=3.5, mew=0.8)
    p_all = np.unique(r["p"])
    grid = np.geomspace(p_all.min(), p_all.max(), 100)
    ax.plot(
        grid,
        np.sqrt(n * d / grid),
        color=color("law"),
        ls=(0, (5, 2)),
        lw=1.1,
        label=r"law's scaling $\sqrt{nd/p}$ (constants omitted)",
    )
    # Legend entries for the marker conventions.
    ref = color("reference")
    ax.plot([], [], "o", color=ref, ms=3.5, label="lower estimate, fits below noise level")
    ax.plot([], [], "o", mfc="white", color=ref, ms=3.5, label="lower estimate, does not fit")
    ax.plot([], [], "^", mfc="none", color=ref, ms=3.5, label="certified upper bound")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"trained parameters $p$")
    ax.set_ylabel(r"Lipschitz constant of the fit")
    _mark_thresholds(ax, n, d)
    ax.set_title(f"{len(r['seeds'])} seeds; bands: min-max over seeds", loc="right", fontsize=7)
    fig.legend(loc="outside lower center", ncol=3, fontsize=6.5)
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "law-collapse",
    description="Lipschitz lower estimate against n*d/p for a grid of n and d, with the fitted "
    "log-log slope and the law's exponent 1/2",
    needs=("law-scaling",),
)
def law_collapse(results: Mapping[str, Result]) -> Figure:
    r = results["law-scaling"]
    fig = Figure(figsize=figsize("column", 0.8))
    ax = fig.subplots()
    ds = sorted(set(r["d"].tolist()))
    ns = sorted(set(r["n"].tolist()))
    colors = dict(zip(ds, sequence_colors(len(ds)), strict=True))
    markers = dict(zip(ns, "osD^v<>", strict=False))
    for c in range(len(r["n"])):
        n, d = int(r["n"][c]), int(r["d"][c])
        x, lip = r["nd_over_p"][c], r["lip_lower"][c].mean(0)
        used = r["used_in_fit"][c].any(0)
        ax.plot(x, lip, "-", color=colors[d], lw=0.8, alpha=0.7)
        ax.plot(x[used], lip[used], markers[n], color=colors[d], ms=3.5)
        ax.plot(x[~used], lip[~used], markers[n], mfc="white", color=colors[d], ms=3.5)
    xs = np.geomspace(r["nd_over_p"].min(), r["nd_over_p"].max(), 50)
    slope, intercept = float(r["slope"]), float(r["intercept"])
    ax.plot(
        xs,
        np.exp(intercept) * xs**slope,
        color=color("law"),
        lw=1.1,
        label=f"fitted slope {slope:.2f}",
    )
    ax.plot(
        xs,
        np.exp(intercept) * xs**0.5,
        color=color("reference"),
        ls=(0, (4, 2)),
        lw=1.0,
        label="slope 1/2 (the law)",
    )
    for d in ds:
        ax.plot([], [], "-", color=colors[d], label=f"$d={d}$")
    for n in ns:
        ax.plot([], [], markers[n], color=color("reference"), ms=3.5, label=f"$n={n}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$nd/p$")
    ax.set_ylabel("Lipschitz constant (lower estimate)")
    for axis in (ax.xaxis, ax.yaxis):  # plain numbers: the range spans only a decade or two
        axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(
            ticker.FuncFormatter(lambda v, _: f"{v:g}" if f"{v:g}"[0] in "235" else "")
        )
    ax.set_title(f"model: {r['model']}; open marks not in the fit", loc="left", fontsize=7)
    ax.legend(loc="upper left", fontsize=6, ncol=2)
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "toy-fits",
    description="noisy points interpolated with p = n random features (spiky) and with many "
    "(smooth), the steepest slope marked as the Lipschitz constant",
    needs=("toy-fits",),
)
def toy_fits(results: Mapping[str, Result]) -> Figure:
    r = results["toy-fits"]
    fig = Figure(figsize=figsize("neurips_full", 0.36))
    axes = fig.subplots(1, 2)  # own y ranges: the spike of the p = n fit dwarfs the other
    grid = r["grid"]
    for ax, name in ((axes[0], "few"), (axes[1], "many")):
        fit, lip = r[f"{name}_fit"], float(r[f"{name}_lip"])
        lo, hi = min(fit.min(), r["y"].min()), max(fit.max(), r["y"].max())
        pad = 0.08 * (hi - lo)
        ax.plot(grid, fit, color=color("random_features"), lw=1.2)
        ax.plot(r["x"], r["y"], "o", color=color("data"), mec="#1A1A1A", mew=0.6, ms=4, zorder=5)
        # The steepest piece: a short segment of slope +-Lip through the fit at that point.
        x0 = float(r[f"{name}_steepest_x"])
        y0 = float(np.interp(x0, grid, fit))
        i = int(np.searchsorted(grid, x0))
        sign = np.sign(fit[min(i + 1, len(fit) - 1)] - fit[max(i - 1, 0)]) or 1.0
        half = min(0.08, 0.35 * (hi - lo) / lip)
        ax.plot(
            [x0 - half, x0 + half],
            [y0 - sign * lip * half, y0 + sign * lip * half],
            color=color("law"),
            lw=2.4,
            solid_capstyle="round",
        )
        mse = float(r[f"{name}_train_mse"])
        mse_text = r"$\approx 0$" if mse < 1e-12 else f"$= {mse:.1g}$"
        ax.set_title(
            f"$p = {int(r[f'{name}_p'])}$: Lip $= {lip:.3g}$, train MSE {mse_text}", loc="left"
        )
        ax.set_xlabel("$x$")
        ax.set_xlim(-1, 1)
        ax.set_ylim(lo - pad, hi + pad)
    axes[0].set_ylabel("$y$")
    fig.suptitle(
        "minimum-norm random ReLU features; red: the steepest piece. Smallest Lipschitz "
        f"constant of any interpolant: {float(r['interpolation_lip_min']):.3g}",
        fontsize=7,
    )
    fig.set_layout_engine("constrained")
    return fig
