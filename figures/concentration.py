"""Paper figures: concentration of measure on the sphere and in Gauss space.

Data from the ``concentration`` experiment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from assets.charts import log_spaced_indices
from assets.theme import color, sequence_colors
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize, minor_grid

SPHERE_LABELS = {
    "coordinate": r"$x_1$",
    "point_distance": r"$|x - e_1|$",
    "max_coordinate": r"$\max_i x_i$",
    "l1_norm": r"$|x|_1/\sqrt{d}$",
}
GAUSS_LABELS = {
    "coordinate": r"$g_1$",
    "norm": r"$|g|$",
    "max_coordinate": r"$\max_i g_i$",
}
FUNCTION_COLORS = dict(
    zip(
        ("coordinate", "point_distance", "max_coordinate", "l1_norm"),
        sequence_colors(4),
        strict=True,
    )
)
FUNCTION_COLORS["norm"] = sequence_colors(5)[4]
BOUND_STYLE: dict[str, Any] = {"color": color("gaussian"), "lw": 1.2, "ls": (0, (3, 1.5))}
EXACT_STYLE: dict[str, Any] = {"color": "#1A1A1A", "lw": 0.7, "ls": (0, (1, 1))}


@figure(
    "band-measure",
    description="measure of the band |x_1| <= t of the sphere S^(d-1) versus t, versus the "
    "rescaled s = t sqrt(d), versus d; the half-width of the band of measure p is ~1/sqrt(d)",
    needs=("concentration",),
)
def band_measure(results: Mapping[str, Result]) -> Figure:
    r = results["concentration"]
    dims = r["dims"]
    series = log_spaced_indices(dims, 5)
    colors = sequence_colors(len(series))

    fig = Figure(figsize=figsize("neurips_full", 0.66))
    (ax_t, ax_s), (ax_d, ax_w) = fig.subplots(2, 2)
    for c, i in zip(colors, series, strict=True):
        d = int(dims[i])
        ax_t.plot(r["band_t"], r["band_measure"][i], color=c, label=f"$d = {d}$")
        ax_s.plot(r["band_s"], r["band_measure_rescaled"][i], color=c)
    ax_s.plot(r["band_s"], r["band_limit"], **BOUND_STYLE, label=r"$2\Phi(s) - 1$ ($d \to \infty$)")
    ax_t.set_xlabel(r"half-width $t$ of the band")
    ax_t.set_ylabel(r"$\sigma(|x_1| \leq t)$")
    ax_t.set_xlim(0, 1)
    ax_t.set_ylim(0, 1.02)
    ax_t.set_title(r"(a) band measure on $S^{d-1}$", loc="left")
    ax_t.legend(loc="lower right", ncol=2, columnspacing=1.0)
    ax_s.set_xlabel(r"rescaled half-width $s = t\sqrt{d}$")
    ax_s.set_ylabel(r"$\sigma(|x_1| \leq s/\sqrt{d})$")
    ax_s.set_xlim(0, r["band_s"][-1])
    ax_s.set_ylim(0, 1.02)
    ax_s.set_title(r"(b) the same, $t = s/\sqrt{d}$", loc="left")
    ax_s.legend(loc="lower right")

    band_d = r["band_d"]
    for c, t, row in zip(
        sequence_colors(len(r["band_t_values"])), r["band_t_values"], r["band_vs_d"], strict=True
    ):
        ax_d.plot(band_d, row, color=c, label=f"$t = {t:g}$")
    ax_d.set_xscale("log")
    ax_d.set_xlabel(r"dimension $d$")
    ax_d.set_ylabel(r"$\sigma(|x_1| \leq t)$")
    ax_d.set_ylim(0, 1.02)
    ax_d.set_xlim(band_d[0], band_d[-1])
    ax_d.set_title(r"(c) fixed $t$: the band fills the sphere", loc="left")
    ax_d.legend(loc="lower right")
    minor_grid(ax_d)

    for c, p, row, lim in zip(
        sequence_colors(len(r["band_levels"])),
        r["band_levels"],
        r["band_half_width"],
        r["band_half_width_limit"],
        strict=True,
    ):
        ax_w.loglog(band_d, row, color=c, label=f"$p = {p:g}$")
        ax_w.loglog(band_d, lim / np.sqrt(band_d), color=c, lw=0.8, ls=(0, (3, 1.5)))
    ax_w.set_xlabel(r"dimension $d$")
    ax_w.set_ylabel(r"half-width $t_p$ of the band")
    ax_w.set_xlim(band_d[0], band_d[-1])
    ax_w.set_title(
        r"(d) band of measure $p$; dashed $\Phi^{-1}(\frac{1+p}{2})/\sqrt{d}$", loc="left"
    )
    ax_w.legend(loc="lower left")
    minor_grid(ax_w)
    fig.set_layout_engine("constrained")
    return fig


def _sphere_tail_panel(ax: Axes, r: Result, i: int, names: list[str]) -> None:
    d = int(r["dims"][i])
    t = r["tail_t"][i]
    floor = 1.0 / float(r["mc_samples"])
    for j, name in enumerate(names):
        tail = r["tail_mc"][i, j]
        shown = tail > 0
        ax.plot(t[shown], tail[shown], color=FUNCTION_COLORS[name], lw=1.1)
        exact = r["tail_exact"][i, j]
        if np.all(np.isfinite(exact)):
            keep = exact > floor / 10
            ax.plot(t[keep], exact[keep], **EXACT_STYLE)
    ax.plot(t, r["levy_bound"][i], **BOUND_STYLE)
    ax.set_yscale("log")
    ax.set_ylim(floor / 3, 2.5)
    # Show t up to where the Levy bound falls to the Monte Carlo resolution.
    t_end = np.sqrt(2 * np.log(2 / (floor / 3)) / max(d - 2, 1))
    ax.set_xlim(0, min(t[-1], 1.15 * t_end))
    ax.set_xlabel(r"deviation $t$")


@figure(
    "concentration-tails",
    description="tails P(|f - median f| > t) of 1-Lipschitz functions on spheres against Levy's "
    "bound; Gaussian isoperimetry (half-space vs ball) and Gaussian concentration",
    needs=("concentration",),
)
def concentration_tails(results: Mapping[str, Result]) -> Figure:
    r = results["concentration"]
    names = [str(n) for n in r["functions"]]
    dims = r["dims"]
    # Three dimensions, log-spaced; d = 3 only if nothing larger was computed.
    pool = np.nonzero(dims >= 10)[0] if np.any(dims >= 10) else np.arange(len(dims))
    picks = [int(pool[j]) for j in log_spaced_indices(dims[pool], 3)]

    fig = Figure(figsize=figsize("neurips_full", 0.78))
    top, bottom = fig.subfigures(2, 1, squeeze=False, height_ratios=[1.0, 1.05])[:, 0]
    axes_top = top.subplots(1, len(picks), squeeze=False)[0]
    for k, (ax, i) in enumerate(zip(axes_top, picks, strict=True)):
        _sphere_tail_panel(ax, r, i, names)
        ax.set_title(
            f"({'abc'[k]}) sphere $S^{{{int(r['dims'][i]) - 1}}}$, $d = {int(r['dims'][i])}$",
            loc="left",
        )
    axes_top[0].set_ylabel(r"$P(|f - \mathrm{med}\, f| > t)$")
    handles = [
        Line2D([], [], color=FUNCTION_COLORS[n], lw=1.1, label=SPHERE_LABELS[n]) for n in names
    ]
    handles += [
        Line2D([], [], **EXACT_STYLE, label="exact"),
        Line2D([], [], **BOUND_STYLE, label=r"Lévy $2e^{-(d-2)t^2/2}$"),
    ]
    top.legend(handles=handles, loc="outside lower center", ncol=len(handles))

    ax_iso, ax_gc = bottom.subplots(1, 2)
    a = 0  # the first Gaussian measure gamma(A)
    p = float(r["iso_measures"][a])
    iso_t = r["iso_t"]
    g_dims = r["gauss_dims"]
    for c, b in zip(sequence_colors(len(g_dims)), range(len(g_dims)), strict=True):
        ax_iso.plot(
            iso_t, r["iso_ball_shift"][a, b], color=c, lw=1.1, label=f"ball, $d = {int(g_dims[b])}$"
        )
    ax_iso.plot(iso_t, iso_t, **BOUND_STYLE, label="half-space (=)")
    ax_iso.plot(
        iso_t,
        np.sqrt(2) * iso_t,
        color=color("reference"),
        lw=0.7,
        ls=(0, (1, 1)),
        label=r"$\sqrt{2}\,t$ ($d \to \infty$)",
    )
    ax_iso.set_xlim(0, iso_t[-1])
    # Headroom for the legend above the curves.
    ax_iso.set_ylim(0, 1.45 * max(np.nanmax(r["iso_ball_shift"][a]), np.sqrt(2) * iso_t[-1]))
    ax_iso.set_xlabel(r"enlargement $t$")
    ax_iso.set_ylabel(r"$\Phi^{-1}(\gamma(A_t)) - \Phi^{-1}(\gamma(A))$")
    ax_iso.set_title(f"(d) Gaussian isoperimetry, $\\gamma(A) = {p:g}$", loc="left")
    ax_iso.legend(loc="upper left", fontsize=6.5, ncol=2, columnspacing=1.0)

    b = len(g_dims) - 1
    d = int(g_dims[b])
    gt = r["gauss_t"]
    for j, name in enumerate(str(n) for n in r["gauss_functions"]):
        ax_gc.plot(
            gt, r["gauss_tail"][b, j], color=FUNCTION_COLORS[name], lw=1.1, label=GAUSS_LABELS[name]
        )
    ax_gc.plot(gt, r["gauss_bound"], **BOUND_STYLE, label=r"$2e^{-t^2/2}$")
    ax_gc.set_yscale("log")
    ax_gc.set_ylim(1e-8, 2.5)
    ax_gc.set_xlim(0, gt[-1])
    ax_gc.set_xlabel(r"deviation $t$")
    ax_gc.set_ylabel(r"$P(|f - \mathbb{E} f| > t)$")
    ax_gc.set_title(
        f"(e) Gaussian concentration, $g \\sim \\mathcal{{N}}(0, I_{{{d}}})$", loc="left"
    )
    ax_gc.legend(loc="lower left", fontsize=6.5)
    minor_grid(ax_gc)
    fig.set_layout_engine("constrained")
    return fig
