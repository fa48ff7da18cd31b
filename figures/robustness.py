"""Paper figures of the law of robustness (data from ``smoothness-curve`` and ``law-scaling``)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from assets.numbers import tex_sci
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


def _mark_thresholds(
    ax: Axes, n: int, d: int, *, nd: bool = True, at: float = 0.0, side: str = "left"
) -> None:
    """Vertical lines at p = n (fitting) and p = n d (smooth fitting), labelled at height ``at``
    (axes fraction; the bottom by default) on ``side`` of each line."""
    marks = [(n, r"$p=n$")] + ([(n * d, r"$p=nd$")] if nd else [])
    for value, label in marks:
        ax.axvline(value, color=color("reference"), lw=0.8, ls=(0, (1, 1.5)), zorder=1)
        ax.annotate(
            label,
            (value, at),
            xycoords=("data", "axes fraction"),
            xytext=(-2 if side == "left" else 2, 3),
            textcoords="offset points",
            va="bottom",
            ha="right" if side == "left" else "left",
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
    _mark_thresholds(ax, n, d, nd=False, at=0.55, side="right")  # clear of the curves
    ax.set_title(f"$n={n}$, $d={d}$, {len(r['seeds'])} seeds", loc="left", fontsize=7)
    ax.legend(loc="center right", fontsize=6)
    fig.set_layout_engine("constrained")
    return fig


def _floor_bands(ax: Axes, r: Result) -> None:
    """The data's floors as horizontal bands (min to max over seeds): no exact interpolant, and
    no fit with train MSE <= fit_mse, can be smoother than these."""
    bands = [
        ("lip_floor", "no exact interpolant is smoother", (0, (1, 1))),
        ("lip_floor_fit", rf"no fit with MSE $\leq {float(r['fit_mse']):g}$ is smoother", "-"),
    ]
    for key, label, style in bands:
        values = r[key][np.isfinite(r[key])]
        if not values.size:
            continue
        ax.axhspan(values.min(), values.max(), color=color("reference"), alpha=0.18, lw=0)
        ax.axhline(values.mean(), color=color("reference"), lw=0.8, ls=style, label=label)


def theorem_note(r: Result) -> str:
    """Where the measurement stands against Theorem 3's sample-size condition."""
    need = tex_sci(float(r["theorem_min_n_eps2"]), digits=2, plain_below=1)
    return (
        rf"$n\varepsilon^2 = {float(r['n_eps2']):.0f} < {need}$, Theorem 3's condition: "
        "its scaling, not its regime"
    )


@figure(
    "smoothness-curve",
    description="Lipschitz constant (lower estimate; certified upper bound as open marks) versus "
    "p, log-log, with the law's sqrt(nd/p) scaling, the marks p = n, p = nd and the data's floors",
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
    _floor_bands(ax, r)
    # Legend entries for the marker conventions.
    ref, fit_mse = color("reference"), float(r["fit_mse"])
    ax.plot([], [], "o", color=ref, ms=3.5, label=rf"lower estimate, train MSE $\leq {fit_mse:g}$")
    ax.plot(
        [], [], "o", mfc="white", color=ref, ms=3.5, label=rf"lower estimate, MSE $> {fit_mse:g}$"
    )
    ax.plot([], [], "^", mfc="none", color=ref, ms=3.5, label="certified upper bound")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"trained parameters $p$")
    ax.set_ylabel(r"Lipschitz constant of the fit")
    _mark_thresholds(ax, n, d)
    ax.set_title(
        f"$n={n}$, $d={d}$, {len(r['seeds'])} seeds (bands: min to max); {theorem_note(r)}",
        loc="left",
        fontsize=6.5,
    )
    fig.legend(loc="outside lower center", ncol=3, fontsize=6.5)
    fig.set_layout_engine("constrained")
    return fig


def collapse_verdict(r: Result) -> str:
    """Whether the cells of a law-scaling grid lie on one line, in words, from their offsets."""
    offsets = r["cell_offset"][np.isfinite(r["cell_offset"])]
    if offsets.size < 2:
        return "Too few cells to tell whether they collapse"
    spread = float(np.exp(np.ptp(offsets)))
    if spread <= 1.25:
        return f"The cells collapse onto one line (offsets within \u00d7{spread:.2f})"
    return f"The cells do not collapse: offsets up to \u00d7{spread:.1f}"


@figure(
    "law-collapse",
    description="Lipschitz lower estimate against n*d/p for a grid of n and d: the fitted "
    "log-log slope with its bootstrap interval against the law's 1/2, and whether the cells "
    "collapse",
    needs=("law-scaling",),
)
def law_collapse(results: Mapping[str, Result]) -> Figure:
    r = results["law-scaling"]
    fig = Figure(figsize=figsize("column", 0.95))
    ax = fig.subplots()
    ds = sorted(set(r["d"].tolist()))
    ns = sorted(set(r["n"].tolist()))
    colors = dict(zip(ds, sequence_colors(len(ds)), strict=True))
    markers = dict(zip(ns, "osD^v<>", strict=False))
    seeds = r["lip_lower"].shape[1]
    for c in range(len(r["n"])):
        n, d = int(r["n"][c]), int(r["d"][c])
        x, lip = r["nd_over_p"][c], r["lip_lower"][c]
        ax.plot(x, lip.mean(0), "-", color=colors[d], lw=0.7, alpha=0.6)
        used = r["used_in_fit"][c]
        xs = np.broadcast_to(x, lip.shape)
        ax.plot(xs[used], lip[used], markers[n], color=colors[d], ms=3)
        ax.plot(xs[~used], lip[~used], markers[n], mfc="white", color=colors[d], ms=3, mew=0.6)
        near = r["near_floor"][c]
        ax.plot(xs[near], lip[near], "x", color=color("reference"), ms=4)
    xs = np.geomspace(r["nd_over_p"].min(), r["nd_over_p"].max(), 50)
    slope, intercept = float(r["slope"]), float(r["intercept"])
    low, high = float(r["slope_low"]), float(r["slope_high"])
    if np.isfinite(slope):
        ax.plot(
            xs,
            np.exp(intercept) * xs**slope,
            color=color("law"),
            lw=1.1,
            label=f"fitted slope {slope:.2f} [{low:.2f}, {high:.2f}]",  # 95 %, bootstrap
        )
        ax.plot(
            xs,
            np.exp(intercept) * xs**0.5,
            color=color("reference"),
            ls=(0, (4, 2)),
            lw=1.0,
            label="slope 1/2, the law's scaling",
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
    ax.set_title(
        f"{collapse_verdict(r)}\n{r['model']} training, {seeds} seeds; filled marks in the fit",
        loc="left",
        fontsize=6.5,
    )
    ax.legend(loc="upper left", fontsize=5.5, ncol=2)
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "parameters-needed",
    description="the smallest p reaching a target Lipschitz constant while fitting below the "
    "noise level, against n*d: the fitted exponent with its bootstrap interval (the law: 1)",
    needs=("parameters-needed",),
)
def parameters_needed(results: Mapping[str, Result]) -> Figure:
    r = results["parameters-needed"]
    fig = Figure(figsize=figsize("column", 0.95))
    ax = fig.subplots()
    ds = sorted(set(r["d"].tolist()))
    ns = sorted(set(r["n"].tolist()))
    colors = dict(zip(ds, sequence_colors(len(ds)), strict=True))
    markers = dict(zip(ns, "osD^v<>", strict=False))
    for c in range(len(r["n"])):
        n, d, cell_nd = int(r["n"][c]), int(r["d"][c]), float(r["nd"][c])
        needed = r["p_needed"][c]
        ok = np.isfinite(needed)
        ax.plot(np.full(ok.sum(), cell_nd), needed[ok], ".", color=colors[d], ms=3, alpha=0.6)
        if np.isfinite(r["p_needed_median"][c]):
            ax.plot(cell_nd, r["p_needed_median"][c], markers[n], color=colors[d], ms=4.5)
        missed = int((~ok).sum())
        if missed:  # not reached on the grid: more than the largest p tried
            top = np.full(missed, float(r["p"][c].max()))
            ax.plot(np.full(missed, cell_nd), top, "^", mfc="none", color=colors[d], ms=4)
    nd = np.geomspace(r["nd"].min(), r["nd"].max(), 50)
    exponent, intercept = float(r["exponent"]), float(r["intercept"])
    low, high = float(r["exponent_low"]), float(r["exponent_high"])
    if np.isfinite(exponent):
        fitted = np.exp(intercept) * nd**exponent
        label = f"fitted exponent {exponent:.2f} [{low:.2f}, {high:.2f}]"
        ax.plot(nd, fitted, color=color("law"), lw=1.1, label=label)
        centre = np.exp(np.mean(np.log(nd)))  # the law's exponent 1 through the fit's middle
        law = np.exp(intercept) * centre**exponent * (nd / centre)
        ax.plot(
            nd, law, color=color("reference"), ls=(0, (4, 2)), lw=1.0, label="exponent 1, the law"
        )
    for d in ds:
        ax.plot([], [], ".", color=colors[d], ms=5, label=f"$d={d}$")
    for n in ns:
        ax.plot([], [], markers[n], color=color("reference"), ms=4, label=f"$n={n}$ (median)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$nd$")
    ax.set_ylabel(r"parameters needed $p$")
    for axis in (ax.xaxis, ax.yaxis):  # plain numbers: the range spans a decade or so
        axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(
            ticker.FuncFormatter(lambda v, _: f"{v:g}" if f"{v:g}"[0] in "245" else "")
        )
    a, b = float(r["exponent_n"]), float(r["exponent_d"])
    apart = (
        f"apart: $p \\propto n^{{{a:.2f}}}\\, d^{{{b:.2f}}}$"
        f" ($n$: [{float(r['exponent_n_low']):.2f}, {float(r['exponent_n_high']):.2f}], "
        f"$d$: [{float(r['exponent_d_low']):.2f}, {float(r['exponent_d_high']):.2f}])"
    )
    ax.set_title(
        f"Smallest $p$ with Lip $\\leq {float(r['target_lip']):g}$ and train MSE "
        f"$\\leq {float(r['fit_mse']):g}$, {r['p_needed'].shape[1]} seeds\n{apart}",
        loc="left",
        fontsize=6,
    )
    fig.legend(loc="outside lower center", fontsize=5.5, ncol=3)
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "toy-fits",
    description="noisy points interpolated exactly with p = n random features (one kink per "
    "gap: steep) and with many (minimum-norm: smooth), the steepest slope marked as Lip",
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
        how = "one kink per gap" if name == "few" else "minimum norm"
        ax.set_title(f"$p = {int(r[f'{name}_p'])}$ ({how}): Lip $= {lip:.3g}$", loc="left")
        ax.set_xlabel("$x$")
        ax.set_xlim(-1, 1)
        ax.set_ylim(lo - pad, hi + pad)
    axes[0].set_ylabel("$y$")
    worst = max(float(r["few_residual_max"]), float(r["many_residual_max"]))
    fig.suptitle(
        f"Random ReLU features through {r['x'].size} points, exactly (largest residual "
        f"{worst:.0e}); red: the steepest piece.\nNo interpolant is smoother than the broken line "
        f"(Lip {float(r['interpolation_lip_min']):.3g}). In $d = 1$, $nd = n$: this is what Lip "
        "means, not yet the law.",
        fontsize=6.5,
    )
    fig.set_layout_engine("constrained")
    return fig
