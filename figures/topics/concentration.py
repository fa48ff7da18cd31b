"""Paper figures: concentration of measure on the sphere and in Gauss space.

Data from the ``concentration`` experiment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from scipy import special, stats

from assets.charts import log_spaced_indices
from assets.theme import color, sequence_colors
from experiments.core.store import Result
from figures.kit.registry import figure
from figures.kit.style import figsize, minor_grid, venue_settings

SPHERE_LABELS = {
    "coordinate": r"$x_1$",
    "point_distance": r"$|x - e_1|$",
    "max_coordinate": r"$\mathrm{max}_i\, x_i$",
    "l1_norm": r"$|x|_1/\sqrt{d}$",
}
GAUSS_LABELS = {
    "coordinate": r"$g_1$",
    "norm": r"$|g|$",
    "max_coordinate": r"$\mathrm{max}_i\, g_i$",
}
FUNCTION_COLORS = dict(
    zip(
        ("coordinate", "point_distance", "max_coordinate", "l1_norm"),
        sequence_colors(4),
        strict=True,
    )
)
FUNCTION_COLORS["norm"] = sequence_colors(5)[4]
# The balls' dimensions in gaussian-concentration (a): colours its panel (b), the functions g_1,
# |g|, max g (sky blue, vermilion, orange), does not use.
BALL_COLORS = (sequence_colors(5)[1], sequence_colors(5)[3], color("classical"))
BOUND_STYLE: dict[str, Any] = {"color": color("gaussian"), "lw": 1.2, "ls": (0, (3, 1.5))}
# Exact tails: the reference grey, so that no two curves of a panel share the foreground.
EXACT_STYLE: dict[str, Any] = {"color": color("reference"), "lw": 0.9, "ls": (0, (1, 1))}


def _label_on_line(ax: Axes, x: float, y: float, text: str, colour: str, size: float) -> None:
    """A curve's value written on the curve itself, on a white patch that cuts the line."""
    ax.text(
        x,
        y,
        text,
        color=colour,
        ha="center",
        va="center",
        fontsize=size,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
    )


@figure(
    "band-measure",
    description="measure of the band |x_1| <= t of the sphere S^(d-1) versus t, versus the "
    "rescaled s = t sqrt(d), versus d; the half-width of a band of given measure is ~1/sqrt(d)",
    needs=("concentration",),
    caption=(
        r"Most of the sphere lies within $O(1/\sqrt{d})$ of any equator: the exact measure "
        r"$\sigma(|x_1| \leq t)$ of a band of $S^{d-1}$ (a) against its half-width $t$, (b) "
        r"against $s = t\sqrt{d}$, every curve on $2\Phi(s)-1$, (c) for a fixed $t$ against "
        r"growing $d$, each curve labelled with its $t$; (d) the half-width of a band of measure "
        r"$\sigma$ falls like $\Phi^{-1}(\frac{1+\sigma}{2})/\sqrt{d}$."
    ),
)
def band_measure(results: Mapping[str, Result]) -> Figure:
    r = results["concentration"]
    dims = r["dims"]
    series = log_spaced_indices(dims, 5)
    colors = sequence_colors(len(series))
    small = venue_settings()["small_font_size"]
    compact: dict[str, Any] = {
        "handlelength": 1.4,
        "handletextpad": 0.5,
        "labelspacing": 0.3,
        "borderaxespad": 0.2,
    }

    fig = Figure(figsize=figsize("full", 0.66))
    top, bottom = fig.subfigures(2, 1, squeeze=False, height_ratios=[1.1, 1.0])[:, 0]
    ax_t, ax_s = top.subplots(1, 2)
    ax_d, ax_w = bottom.subplots(1, 2)
    for c, i in zip(colors, series, strict=True):
        d = int(dims[i])
        ax_t.plot(r["band_t"], r["band_measure"][i], color=c, label=f"$d = {d}$")
        ax_s.plot(r["band_s"], r["band_measure_rescaled"][i], color=c)
    (limit,) = ax_s.plot(
        r["band_s"], r["band_limit"], **BOUND_STYLE, label=r"$2\Phi(s) - 1$ ($d \to \infty$)"
    )
    ax_t.set_xlabel(r"half-width $t$ of the band")
    ax_t.set_ylabel(r"$\sigma(|x_1| \leq t)$")
    ax_t.set_xlim(0, 1)
    ax_t.set_ylim(0, 1.02)
    for ax in (ax_t, ax_s, ax_d):
        ax.set_yticks([0, 0.5, 1])
    ax_t.set_title(r"(a) band measure on $S^{d-1}$", loc="left")
    # One key for the dimensions of (a) and (b), below them: off the data of both.
    dim_handles, _ = ax_t.get_legend_handles_labels()
    top.legend(
        handles=dim_handles,
        loc="outside lower center",
        ncol=len(dim_handles),
        columnspacing=1.2,
        handlelength=1.4,
    )
    ax_s.set_xlabel(r"rescaled half-width $s = t\sqrt{d}$")
    ax_s.set_ylabel(r"$\sigma(|x_1| \leq s/\sqrt{d})$")
    ax_s.set_xlim(0, r["band_s"][-1])
    ax_s.set_ylim(0, 1.02)
    ax_s.set_title(r"(b) the same, $t = s/\sqrt{d}$", loc="left")
    ax_s.legend(handles=[limit], loc="lower right", **compact)

    # (c) and (d) draw other families than the dimensions of (a) and (b): not in the dimensions'
    # colours (one meaning per colour in the figure). (c): every curve in one colour, labelled
    # with its t; (d): the exact half-widths in grey, their Gaussian limits dashed in the
    # Gaussian's colour, as 2 Phi(s) - 1 in (b).
    band_d = r["band_d"]
    fixed_t = color("classical")
    for t, row in zip(r["band_t_values"], r["band_vs_d"], strict=True):
        c = fixed_t
        ax_d.plot(band_d, row, color=c)
        # Each curve labelled on itself, where it crosses measure 0.6: the curves are ~0.6
        # decades apart there (d ~ 1/t^2), room for a number but not for a legend.
        level = float(np.clip(0.6, row[0], row[-1]))
        at = 10 ** np.interp(level, row, np.log10(band_d))
        _label_on_line(ax_d, at, level, f"${t:g}$", c, small)
    ax_d.set_xscale("log")
    ax_d.set_xlabel(r"dimension $d$")
    ax_d.set_ylabel(r"$\sigma(|x_1| \leq t)$")
    ax_d.set_ylim(0, 1.02)
    ax_d.set_xlim(band_d[0], band_d[-1])
    ax_d.set_title(r"(c) curves of fixed $t$, growing $d$", loc="left")
    minor_grid(ax_d)

    # The measure of the band is written sigma(band), as in the other panels (not p: p counts
    # parameters elsewhere in the project).
    exact_w = color("reference")
    levels = r["band_levels"]
    # staggered along d: the lines are closer than a label is tall
    places = np.linspace(0.85, 0.35, len(levels)) if len(levels) > 1 else [0.75]
    for level, row, lim, place in zip(
        levels, r["band_half_width"], r["band_half_width_limit"], places, strict=True
    ):
        ax_w.loglog(band_d, row, color=exact_w)
        ax_w.loglog(
            band_d, lim / np.sqrt(band_d), color=BOUND_STYLE["color"], lw=0.8, ls=(0, (3, 1.5))
        )
        # labelled on itself, as in (c), where the exact line has met its limit
        at = int(place * (len(band_d) - 1))
        _label_on_line(ax_w, band_d[at], row[at], rf"${level:g}$", exact_w, small)
    ax_w.set_xlabel(r"dimension $d$")
    ax_w.set_ylabel(r"half-width $t$ of the band")
    ax_w.set_xlim(band_d[0], band_d[-1])
    # Room below the lines for the key of the measures, in one row.
    low = float(np.min(r["band_half_width"]))
    ax_w.set_ylim(low / 12, None)
    ax_w.yaxis.set_major_locator(ticker.LogLocator(numticks=10))
    ax_w.set_title(r"(d) band of a given measure $\sigma$", loc="left")
    exact_key = Line2D([], [], color=exact_w, label="exact")
    asymptote = Line2D(
        [],
        [],
        color=BOUND_STYLE["color"],
        lw=0.8,
        ls=(0, (3, 1.5)),
        label=r"$\Phi^{-1}(\frac{1 + \sigma}{2})/\sqrt{d}$",
    )
    ax_w.legend(handles=[exact_key, asymptote], loc="lower left", **compact)
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
    ax.yaxis.set_major_locator(ticker.LogLocator(base=100, numticks=8))
    ax.set_ylim(floor / 3, 2.5)
    # Show t up to where the Levy bound falls to the Monte Carlo resolution.
    t_end = np.sqrt(2 * np.log(2 / (floor / 3)) / max(d - 2, 1))
    ax.set_xlim(0, min(t[-1], 1.15 * t_end))
    ax.set_xlabel(r"deviation $t$")


def _joined(labels: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


@figure(
    "concentration-tails",
    description="tails P(|f - median f| > t) of 1-Lipschitz functions on spheres S^(d-1), three "
    "dimensions, against Levy's bound",
    needs=("concentration",),
    caption=(
        r"Tails $P(|f - \mathrm{med}\,f| > t)$ of 1-Lipschitz functions on spheres $S^{d-1}$ of "
        r"several dimensions ($x_1$, $|x - e_1|$, $\max_i x_i$, $|x|_1/\sqrt{d}$; sampled), with "
        r"the exact tails of $x_1$ and $|x - e_1|$ dotted, against Lévy's bound "
        r"$2e^{-(d-2)t^2/2}$."
    ),
)
def concentration_tails(results: Mapping[str, Result]) -> Figure:
    r = results["concentration"]
    names = [str(n) for n in r["functions"]]
    dims = r["dims"]
    # Three dimensions, log-spaced; d = 3 only if nothing larger was computed.
    pool = np.nonzero(dims >= 10)[0] if np.any(dims >= 10) else np.arange(len(dims))
    picks = [int(pool[j]) for j in log_spaced_indices(dims[pool], 3)]
    # The functions whose tail is known in closed form (drawn dotted over their samples).
    with_exact = [
        n for j, n in enumerate(names) if np.all(np.isfinite(r["tail_exact"][picks][:, j]))
    ]

    fig = Figure(figsize=figsize("full", 0.42))
    axes_top = fig.subplots(1, len(picks), squeeze=False)[0]
    for k, (ax, i) in enumerate(zip(axes_top, picks, strict=True)):
        _sphere_tail_panel(ax, r, i, names)
        ax.set_title(
            f"({'abc'[k]}) $S^{{d-1}}$, $d = {int(r['dims'][i])}$",
            loc="left",
        )
    axes_top[0].set_ylabel(r"$P(|f - \mathrm{med}\, f| > t)$")
    handles = [
        Line2D([], [], color=FUNCTION_COLORS[n], lw=1.1, label=f"{SPHERE_LABELS[n]}, sampled")
        for n in names
    ]
    if with_exact:
        exact_label = "exact tail of " + _joined([SPHERE_LABELS[n] for n in with_exact])
        handles.append(Line2D([], [], **EXACT_STYLE, label=exact_label))
    handles.append(Line2D([], [], **BOUND_STYLE, label=r"Lévy's bound $2e^{-(d-2)t^2/2}$"))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=(len(handles) + 1) // 2,
        columnspacing=1.2,
        handlelength=1.6,
    )
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "gaussian-concentration",
    description="Gaussian isoperimetry (balls grow faster than the half-space of the same "
    "measure) and the tails of 1-Lipschitz functions of a Gaussian vector against 2exp(-t^2/2)",
    needs=("concentration",),
    caption=(
        r"(a) Gaussian isoperimetry: of all sets $A$ of one Gaussian measure $\gamma(A)$, the "
        r"half-space grows least ($\Phi^{-1}(\gamma(A_t)) - \Phi^{-1}(\gamma(A))$ is exactly $t$ "
        r"for it; balls of several dimensions grow faster, towards $\sqrt{2}\,t$); (b) tails of "
        r"1-Lipschitz functions of $g \sim \mathcal{N}(0, I_d)$ ($g_1$, $|g|$, $\max_i g_i$) "
        r"against $2e^{-t^2/2}$."
    ),
)
def gaussian_concentration(results: Mapping[str, Result]) -> Figure:
    r = results["concentration"]
    fig = Figure(figsize=figsize("full", 0.44))
    ax_iso, ax_gc = fig.subplots(1, 2, width_ratios=[1.25, 1.0])
    a = 0  # the first Gaussian measure gamma(A)
    p = float(r["iso_measures"][a])
    iso_t = r["iso_t"]
    g_dims = r["gauss_dims"]
    # Three dimensions of the balls, in colours that (b)'s functions do not use: one meaning per
    # colour in the figure.
    balls = log_spaced_indices(g_dims, 3)
    for c, b in zip(BALL_COLORS, balls, strict=False):
        ax_iso.plot(
            iso_t, r["iso_ball_shift"][a, b], color=c, lw=1.1, label=f"$d = {int(g_dims[b])}$"
        )
    ax_iso.plot(
        iso_t,
        np.sqrt(2) * iso_t,
        color=color("reference"),
        lw=0.9,
        ls=(0, (1, 1)),
        label=r"$d \to \infty$: $\sqrt{2}\,t$",
    )
    # The half-space H with gamma(H) = gamma(A): its shift, from the computed gamma(H_t).
    half_shift = stats.norm.isf(r["iso_halfspace_complement"][a]) - special.ndtri(p)
    ax_iso.plot(iso_t, half_shift, **BOUND_STYLE)
    top_shift = max(np.nanmax(r["iso_ball_shift"][a]), np.sqrt(2) * iso_t[-1])
    ax_iso.yaxis.set_major_locator(ticker.MultipleLocator(1))
    ax_iso.set_xlim(0, iso_t[-1])
    ax_iso.set_ylim(0, 1.05 * top_shift)  # the data's range; the key in the empty upper left
    ax_iso.set_xlabel(r"enlargement $t$")
    ax_iso.set_ylabel(r"$\Phi^{-1}(\gamma(A_t)) - \Phi^{-1}(\gamma(A))$")
    ax_iso.set_title(f"(a) Gaussian isoperimetry, $\\gamma(A) = {p:g}$", loc="left")
    ax_iso.legend(
        loc="upper left",
        title="$A$ a ball in dimension",
        ncol=1,
        columnspacing=1.0,
        handlelength=1.4,
        labelspacing=0.3,
        borderaxespad=0.2,
    )
    # The half-space's line labelled along it, below it (the statement is in the title).
    k = int(0.7 * (len(iso_t) - 1))
    ax_iso.text(
        iso_t[k],
        half_shift[k] - 0.03 * top_shift,
        "half-space: exactly $t$",
        ha="center",
        va="top",
        rotation=np.degrees(np.arctan2(half_shift[-1] - half_shift[0], iso_t[-1] - iso_t[0])),
        rotation_mode="anchor",
        transform_rotates_text=True,
        fontsize=venue_settings()["small_font_size"],
    )

    b = len(g_dims) - 1
    d = int(g_dims[b])
    gt = r["gauss_t"]
    for j, name in enumerate(str(n) for n in r["gauss_functions"]):
        ax_gc.plot(
            gt, r["gauss_tail"][b, j], color=FUNCTION_COLORS[name], lw=1.1, label=GAUSS_LABELS[name]
        )
    ax_gc.plot(gt, r["gauss_bound"], **BOUND_STYLE, label=r"$2e^{-t^2/2}$")
    ax_gc.set_yscale("log")
    ax_gc.yaxis.set_major_locator(ticker.LogLocator(base=100, numticks=8))
    ax_gc.yaxis.set_minor_locator(ticker.LogLocator(base=10, subs=(1.0,), numticks=20))
    ax_gc.yaxis.set_minor_formatter(ticker.NullFormatter())
    ax_gc.set_ylim(1e-8, 2.5)
    ax_gc.set_xlim(0, gt[-1])
    ax_gc.set_xlabel(r"deviation $t$")
    ax_gc.set_ylabel(r"$P(|f - \mathrm{E}\, f| > t)$")
    ax_gc.set_title(f"(b) $g \\sim \\mathcal{{N}}(0, I_d)$, $d = {d}$", loc="left")
    ax_gc.legend(loc="lower left", labelspacing=0.3, handlelength=1.4, borderaxespad=0.2)
    minor_grid(ax_gc)
    fig.set_layout_engine("constrained")
    return fig
