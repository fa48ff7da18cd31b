"""Paper figures of the geometry of the CLT (ball-slices, sphere-marginals, cube-clt)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from assets.charts import log_spaced_indices
from assets.layout import Box
from assets.theme import color, sequence_colors
from experiments.core.store import Result
from figures.kit.labels import densify
from figures.kit.registry import figure
from figures.kit.style import figsize, minor_grid, venue_settings

_Corner = Literal["upper right", "upper left", "lower left", "lower right"]

# A density is drawn beside N(0, 1) only where it differs from it by this share of the Gaussian's
# peak at least: closer, the curve lies under the Gaussian's and is seen as neither.
VISIBLE_SHARE = 0.02


def _legend_below(fig: Figure, handles: Sequence[Artist], labels: Sequence[str]) -> None:
    """One legend under the panels, read row by row, in as few rows as keep it within the
    figure's width; on a short last row the last entry keeps to the last column (it is often
    the widest: a key, not a series)."""
    for ncol in range(len(labels), 0, -1):
        h, lab = list(handles), list(labels)
        gap = -len(lab) % ncol
        if gap and ncol > 1:
            blank = Line2D([], [], ls="none")
            h[-1:-1], lab[-1:-1] = [blank] * gap, [""] * gap
        n = len(lab)
        # matplotlib fills a legend column by column: this order reads row by row
        order = [k for col in range(ncol) for k in range(col, n, ncol)]
        legend = fig.legend(
            [h[k] for k in order],
            [lab[k] for k in order],
            loc="outside lower center",
            ncol=ncol,
            columnspacing=1.2,
        )
        if ncol == 1 or legend.get_window_extent().width <= 0.98 * fig.bbox.width:
            return
        legend.remove()


def _gaussian_on_top(ax: Axes, z: np.ndarray, density: np.ndarray, label: str) -> None:
    """N(0, 1) in the foreground colour, dashed with white gaps, over the series it is compared
    with: where a series coincides with it, the series does not show through the gaps."""
    ax.plot(
        z,
        density,
        color=color("gaussian"),
        gapcolor="white",
        lw=1.6,
        ls=(0, (3, 1.5)),
        label=label,
        zorder=5,
    )


def _line_boxes(ax: Axes, pad: float = 2.0) -> list[Box]:
    """The drawn lines and markers of ``ax`` as small boxes (display units), a few points apart:
    what a label must not cover."""
    boxes = []
    for line in ax.get_lines():
        xy = ax.transData.transform(np.column_stack(line.get_data()).astype(float))
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) == 0:
            continue
        marked = line.get_marker() not in (None, "None", "none", "", " ")
        size = max(line.get_linewidth(), line.get_markersize() if marked else 0.0)
        half = pad + 0.5 * size * ax.figure.dpi / 72
        # half / 2: densify's points are then at most ``half`` apart, so the boxes join up
        for x, y in densify(xy, half / 2):
            boxes.append(Box(x - half, y - half, x + half, y + half))
    return boxes


@figure(
    "ball-slice-densities",
    description="slice volumes (1-x^2)^((d-1)/2) of the ball and the rescaled coordinate "
    "densities converging to N(0,1)",
    needs=("ball-slices",),
    caption=(
        r"(a) Slice volumes $(1-x^2)^{(d-1)/2}$ of the unit ball $B^d$ for several $d$ ($d = 1$ "
        r"is the flat line at 1), dashed their Gaussian approximations $e^{-(d-1)x^2/2}$; (b) one "
        r"coordinate rescaled, $z = \sqrt{d+2}\,x_1$, converging to $\mathcal{N}(0,1)$ (black, "
        r"dashed); (b) leaves out the dimensions already under the Gaussian, and its title says "
        r"which are drawn."
    ),
)
def ball_slice_densities(results: Mapping[str, Result]) -> Figure:
    r = results["ball-slices"]
    dims, x, z, gauss = r["dims"], r["x"], r["z"], r["gaussian_density"]
    series = log_spaced_indices(dims, 5)  # ascending d, one colour each in both panels
    colors = dict(zip(series, sequence_colors(len(series)), strict=True))
    # (b) draws the dimensions whose density is told apart from N(0, 1); the larger ones follow.
    apart = [
        i for i in series if np.abs(r["density"][i] - gauss).max() >= VISIBLE_SHARE * gauss.max()
    ]
    drawn = apart or series[:1]

    fig = Figure(figsize=figsize("full", 0.42))
    ax_slice, ax_dens = fig.subplots(1, 2)

    for i in series:
        c, m = colors[i], int(dims[i])
        # d = 1: B^1 is a segment, its slices are points: the profile is the constant 1, drawn
        # at the top (the y axis runs past 1 so that it shows).
        ax_slice.plot(x, r["slice_profile"][i], color=c, label=f"$d = {m}$")
        ax_slice.plot(x, r["slice_profile_gaussian"][i], color=c, ls=(0, (2, 2)), lw=0.9)
        if i in drawn:
            ax_dens.plot(z, r["density"][i], color=c)
    ax_slice.set_xlabel(r"height of the slice $x$")
    ax_slice.set_ylabel("relative slice volume")
    ax_slice.set_xlim(-1, 1)
    ax_slice.set_ylim(0, 1.12)
    ax_slice.set_yticks(np.linspace(0, 1, 6))
    ax_slice.set_title(r"(a) slices: $(1-x^2)^{(d-1)/2}$", loc="left")

    _gaussian_on_top(ax_dens, z, gauss, r"$\mathcal{N}(0,1)$")
    ax_dens.set_xlabel(r"$z = \sqrt{d+2}\,x_1$")
    ax_dens.set_ylabel("density")
    ax_dens.set_xlim(z[0], z[-1])
    ax_dens.set_ylim(0, None)
    shown = [int(dims[i]) for i in drawn]
    if len(drawn) == len(series):
        which = ""
    elif drawn == series[: len(drawn)]:
        which = rf", $d \leq {max(shown)}$"
    else:
        which = ", $d = " + ", ".join(map(str, shown)) + "$"
    ax_dens.set_title(f"(b) rescaled coordinate{which}", loc="left")

    handles, labels = ax_slice.get_legend_handles_labels()
    dashed = Line2D([], [], color=color("reference"), ls=(0, (2, 2)), lw=0.9)
    gaussian = ax_dens.get_lines()[-1]
    _legend_below(
        fig,
        [*handles, gaussian, dashed],
        [*labels, r"$\mathcal{N}(0,1)$", r"(a), dashed: $e^{-(d-1)x^2/2}$"],
    )
    fig.set_layout_engine("constrained")
    return fig


def _sorted_by_dimension(r: Result, *keys: str) -> tuple[np.ndarray, ...]:
    """``dims`` (as floats) and the named per-dimension arrays of ``r``, in increasing dimension."""
    order = np.argsort(r["dims"])
    return (r["dims"][order].astype(float), *(r[k][order] for k in keys))


def kolmogorov_constant() -> float:
    """lim (d+2) K_d of the ball's marginal: sup |He_3(z)| phi(z) / 4, reached where
    z^4 - 6z^2 + 3 = 0 at z^2 = 3 - sqrt(6). To first order the density of sqrt(d+2) X_1 is
    phi (1 - He_4/(4(d+2))) (whose TV, E|He_4(Z)|/(8(d+2)), is the TV constant), and
    He_4 phi = -(He_3 phi)', so the distribution functions differ by He_3 phi / (4(d+2))."""
    z = np.sqrt(3.0 - np.sqrt(6.0))
    return float(abs(z**3 - 3.0 * z) * np.exp(-(z**2) / 2.0) / np.sqrt(2.0 * np.pi) / 4.0)


@figure(
    "ball-slice-distances",
    description="the ball's TV and Kolmogorov distances to N(0,1), times d+2, versus d: both "
    "settle to their first-order constants E|He_4(Z)|/8 and sup|He_3 phi|/4",
    needs=("ball-slices",),
    width="column",
    caption=(
        r"The rate of the ball's CLT, exactly: the distances from $\sqrt{d+2}\,X_1$, $X$ uniform "
        r"in $B^d$, to $\mathcal{N}(0,1)$, multiplied by $d+2$, against $d$: (a) total variation, "
        r"which settles to $\mathrm{E}|\mathrm{He}_4(Z)|/8$; (b) Kolmogorov, which settles to "
        r"$\sup_z |\mathrm{He}_3(z)|\,\varphi(z)/4$ (dashed: the constants, computed from the "
        r"first-order term $-\varphi\,\mathrm{He}_4/(4(d+2))$ of the density). The distances "
        r"themselves, log-log, beside the sphere's and the cube's, are in the CLT-distances "
        r"figure."
    ),
)
def ball_slice_distances(results: Mapping[str, Result]) -> Figure:
    r = results["ball-slices"]
    d, tv, kol = _sorted_by_dimension(r, "tv_to_gaussian", "kolmogorov")
    limits = (float(r["tv_constant"]), kolmogorov_constant())  # what (d+2) TV, (d+2) K tend to

    # Both distances are the ball's, so both are in its colour: one panel each.
    fig = Figure(figsize=figsize("column", 0.85))
    ax_tv, ax_kol = fig.subplots(1, 2)
    ball = {"color": color("ball"), "marker": "o", "ms": 3}
    small = venue_settings()["small_font_size"]
    panels = (
        (ax_tv, tv, "(a) TV", r"$\mathrm{E}|\mathrm{He}_4|/8$"),
        (ax_kol, kol, "(b) Kolmogorov", r"$\sup|\mathrm{He}_3\varphi|/4$"),
    )
    for (ax, dist, title, name), limit in zip(panels, limits, strict=True):
        scaled = (d + 2) * dist
        ax.semilogx(d, scaled, **ball)
        ax.axhline(limit, color=color("reference"), ls=(0, (3, 2)), lw=1.0)
        top = max(float(scaled.max()), limit)
        # the constant named under its line (the distances come down to it from above)
        ax.text(
            d[-1],
            limit - 0.03 * top,
            f"{name[:-1]} = {limit:.3f}$",  # one maths span: one space around =
            ha="right",
            va="top",
            fontsize=small,
            color=color("reference"),
        )
        ax.set_ylim(0, 1.15 * top)
        ax.set_title(title, loc="left")
        ax.set_xlabel(r"dimension $d$")
        minor_grid(ax)
    ax_tv.set_ylabel(r"$(d+2)\,\times$ distance to $\mathcal{N}(0,1)$")
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "cube-clt-histograms",
    description="the marginal <X,u> of the cube {-1,1}^d in the diagonal direction (a rescaled "
    "binomial) for several d against N(0,1), with the Kolmogorov distance",
    needs=("cube-clt",),
    caption=(
        r"The marginal $\langle X,u\rangle$ of $X$ uniform on the cube $\{-1,1\}^d$ in the "
        r"diagonal direction $u = (1,\ldots,1)/\sqrt{d}$, a rescaled binomial (bar areas: the "
        r"atoms' probabilities), for several $d$ against $\mathcal{N}(0,1)$, each panel with the "
        r"exact Kolmogorov distance $D_d$."
    ),
)
def cube_clt_histograms(results: Mapping[str, Result]) -> Figure:
    r = results["cube-clt"]
    shown = sorted(log_spaced_indices(r["histogram_dims"], 6))  # at most six panels
    hdims, counts = r["histogram_dims"][shown], r["histogram_counts"][shown]
    z = r["z"]
    k = len(hdims)
    ncols = min(k, 3)
    nrows = -(-k // ncols)

    fig = Figure(figsize=figsize("full", 0.26 * nrows + 0.08))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False))
    for i, ax in enumerate(axes.flat):
        if i >= k:
            ax.set_visible(False)
            continue
        n, c = int(hdims[i]), int(counts[i])
        atoms = r["histogram_atoms"][shown[i], :c]
        probs = r["histogram_probabilities"][shown[i], :c]
        step = 2.0 / np.sqrt(n)  # spacing of the atoms: bars of this width have area p_j
        bars = ax.bar(
            atoms,
            probs / step,
            width=step,
            color=color("cube"),
            edgecolor="white",
            linewidth=0.4 if n <= 16 else 0.2,
        )
        (gaussian,) = ax.plot(z, r["gaussian_density"], color=color("gaussian"))
        ax.set_title(f"$d = {n}$", loc="left")
        ax.text(
            0.98,
            0.95,
            f"$D_d = {r['histogram_kolmogorov'][shown[i]]:.3f}$",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=venue_settings()["small_font_size"],
        )
        ax.grid(False, axis="x")
        if i % ncols == 0:
            ax.set_ylabel("density")
        if i + ncols >= k:  # no panel below
            ax.set_xlabel(r"$\langle X, u\rangle$")
    axes.flat[0].set_xlim(z[0], z[-1])
    axes.flat[0].set_ylim(0, 0.5)
    _legend_below(
        fig,
        [bars, gaussian],
        [
            r"$\langle X, u\rangle$ for $X$ uniform on $\{-1, 1\}^d$, $u = (1,...,1)/\sqrt{d}$ "
            r"(bar areas: atom probabilities)",
            r"$\mathcal{N}(0,1)$, at Kolmogorov distance $D_d$",
        ],
    )
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "clt-distances",
    description="TV and Kolmogorov distances to N(0,1) of the rescaled marginals of the ball, "
    "sphere and cube versus dimension, log-log, with the Diaconis-Freedman and Berry-Esseen bounds",
    needs=("ball-slices", "sphere-marginals", "cube-clt"),
    caption=(
        r"Exact distances to $\mathcal{N}(0,1)$ of the rescaled marginals of the ball $B^d$ "
        r"($\sqrt{d+2}\,X_1$), the sphere $S^{d-1}$ ($\sqrt{d}\,X_1$) and the cube $\{-1,1\}^d$ "
        r"($\langle X,u\rangle$) against $d$, log-log: (a) total variation, against "
        r"$0.350/(d+2)$, $0.350/d$ and the Diaconis–Freedman bound $8/(d-4)$ (at most 1 only from "
        r"$d = 12$); (b) Kolmogorov, against the Berry–Esseen bound $0.4748/\sqrt{d}$ and the "
        r"cube's $1/\sqrt{2\pi d}$. The ball's two distances multiplied by $d+2$, and the "
        r"constants they settle to, are the ball-slice-distances figure."
    ),
)
def clt_distances(results: Mapping[str, Result]) -> Figure:
    # Every ``dims`` is the dimension d of the space: B^d and S^(d-1) in R^d, the cube {-1,1}^d.
    d_ball, tv_ball, kol_ball = _sorted_by_dimension(
        results["ball-slices"], "tv_to_gaussian", "kolmogorov"
    )
    sphere = results["sphere-marginals"]
    d_sph, tv_sph, kol_sph, df_sph = _sorted_by_dimension(
        sphere, "tv_to_gaussian", "kolmogorov", "diaconis_freedman"
    )
    d_cube, kol_cube, be_cube, asym_cube = _sorted_by_dimension(
        results["cube-clt"], "kolmogorov", "berry_esseen", "asymptote"
    )
    c = float(sphere["tv_constant"])  # E|He_4(Z)|/8, checked in tests against both bodies
    ok = np.isfinite(df_sph)
    df_numerator = df_sph[ok] * (d_sph[ok] - 4)  # the bound 2(k+3)/(d-k-3) for k = 1
    be_constant = be_cube * np.sqrt(d_cube)
    if not (
        np.allclose(df_numerator, df_numerator[0]) and np.allclose(be_constant, be_constant[0])
    ):
        raise ValueError("the bounds in the results are not the a/(d-4) and b/sqrt(d) labelled")
    df_num, be_c = float(df_numerator[0]), float(be_constant[0])
    ref = {"color": color("reference"), "lw": 1.0}
    ball = {"color": color("ball"), "marker": "o", "ms": 3.5}
    sph = {"color": color("sphere"), "marker": "s", "ms": 3}

    fig = Figure(figsize=figsize("full", 0.6))
    ax_tv, ax_kol = fig.subplots(1, 2)

    ax_tv.loglog(d_ball, tv_ball, **ball)
    ax_tv.loglog(d_sph, tv_sph, **sph)
    refs_tv = [
        *ax_tv.loglog(d_ball, c / (d_ball + 2), ls=(0, (3, 2)), label=f"${c:.3f}/(d+2)$", **ref),
        *ax_tv.loglog(d_sph, c / d_sph, ls=(0, (1, 1.5)), label=f"${c:.3f}/d$", **ref),
        # TV <= 1, so the axis stops at 1: the bound enters it where it stops being vacuous.
        *ax_tv.loglog(
            d_sph[ok],
            df_sph[ok],
            color=color("sphere"),
            ls=(0, (5, 1.5, 1, 1.5)),
            lw=1.0,
            label=f"Diaconis–Freedman ${df_num:g}/(d-4)$",  # <= 1 from d = 12: in the caption
        ),
    ]
    ax_tv.set_ylim(top=1)
    ax_tv.set_ylabel(r"TV distance to $\mathcal{N}(0,1)$")
    ax_tv.set_title("(a) total variation distance", loc="left")

    ax_kol.loglog(d_ball, kol_ball, **ball, label=r"ball $B^d$: $\sqrt{d+2}\,X_1$")
    ax_kol.loglog(d_sph, kol_sph, **sph, label=r"sphere $S^{d-1}$: $\sqrt{d}\,X_1$")
    ax_kol.loglog(
        d_cube,
        kol_cube,
        "D-",
        color=color("cube"),
        ms=2.5,
        lw=0.9,
        label=r"cube $\{-1,1\}^d$: $\langle X,u\rangle$",
    )
    refs_kol = [
        *ax_kol.loglog(
            d_cube,
            be_cube,
            ls=(0, (3, 2)),
            label=f"Berry–Esseen ${be_c:.4f}/\\sqrt{{d}}$",
            **ref,
        ),
        # The cube sits on its asymptote (sqrt(d) D_d = (1 - O(1/d))/sqrt(2 pi)): draw it on top.
        *ax_kol.loglog(
            d_cube, asym_cube, ls=(0, (1, 1.2)), label=r"$1/\sqrt{2\pi d}$", zorder=4, **ref
        ),
    ]
    ax_kol.set_ylim(top=1)
    ax_kol.set_ylabel(r"Kolmogorov distance to $\mathcal{N}(0,1)$")
    ax_kol.set_title("(b) Kolmogorov distance", loc="left")

    for ax in (ax_tv, ax_kol):
        ax.set_xlabel(r"dimension $d$")
        minor_grid(ax)
    fig.set_layout_engine("constrained")
    below = ax_kol.get_legend_handles_labels()[0][:3]  # the bodies, in both panels
    _legend_below(fig, below, [h.get_label() for h in below])
    # The bounds and references: a legend in each panel, where the curves leave room for it.
    # (a): under the decaying curves, below the data, as much room as the legend needs.
    lowest = min(tv_ball.min(), tv_sph.min())
    for room in (10, 30, 100):
        ax_tv.set_ylim(lowest / room, 1)
        fig.draw_without_rendering()
        if tv_free := _legend_where_free(fig, ax_tv, refs_tv, "lower left"):
            break
    # (b): above the bounds; the one-line entry on top keeps the legend's lower left, nearest
    # the Berry-Esseen line, clear of it.
    kol_free = _legend_where_free(fig, ax_kol, refs_kol[::-1], "upper right")
    if not (tv_free and kol_free):  # no room in a panel: its keys join the legend below
        if not tv_free:
            ax_tv.set_ylim(lowest / 2, 1)
        for ax, free, refs in ((ax_tv, tv_free, refs_tv), (ax_kol, kol_free, refs_kol)):
            if not free:
                ax.get_legend().remove()
                below += refs
        for legend in list(fig.legends):
            legend.remove()
        _legend_below(fig, below, [h.get_label() for h in below])
    return fig


def _legend_where_free(fig: Figure, ax: Axes, handles: Sequence[Line2D], corner: _Corner) -> bool:
    """A legend of ``handles`` in ``corner`` of ``ax``; whether its texts and keys cover no line
    of ``ax`` there."""
    lines = _line_boxes(ax)
    legend = ax.legend(
        handles=handles, loc=corner, handlelength=1.4, borderaxespad=0.2, labelspacing=0.35
    )
    fig.draw_without_rendering()  # places the legend's texts and keys
    parts = [*legend.get_texts(), *legend.legend_handles]
    boxes = [a.get_window_extent() for a in parts if a is not None]
    return not any(Box(b.x0, b.y0, b.x1, b.y1).overlaps(p) for b in boxes for p in lines)
