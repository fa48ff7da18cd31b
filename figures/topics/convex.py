"""Paper figures: all convex bodies look alike (data from the ``convex-marginals`` experiment)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib import ticker
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from assets.theme import color
from experiments.core.store import Result
from experiments.numerics.bodies import BODY_LABELS
from figures.kit.registry import figure
from figures.kit.style import figsize, minor_grid, venue_settings

WORST_LABELS = {
    "cube": "axis $e_1$",
    "ball": "axis $e_1$",
    "simplex": "vertex $e_1$",
    "cross_polytope": "axis $e_1$",
}
GAUSSIAN_STYLE: dict[str, Any] = {"color": color("gaussian"), "lw": 1.2, "ls": (0, (3, 1.5))}
FLOOR_ALPHA = 0.2  # the noise floor's band: the only shaded band of the Kolmogorov figure


def _math_int(n: int) -> str:
    """An integer for mathtext with thousands separators: 4{,}000 (a bare comma in maths is
    punctuation and gets a space after it)."""
    return f"{n:,}".replace(",", "{,}")


@figure(
    "convex-marginals",
    description="marginals of the isotropic cube, ball, simplex and cross-polytope along a random "
    "direction and along the worst natural direction, against N(0,1)",
    needs=("convex-marginals",),
    caption=(
        r"All geometries look alike: marginals of four isotropic convex bodies (cube, ball, "
        r"simplex, cross-polytope), sampled uniformly, along a random direction $\theta$ (filled) "
        r"are close to $\mathcal{N}(0,1)$; along the worst natural direction $e_1$ (an axis or a "
        r"vertex, outlined) they are not, the simplex's farthest from it. Each panel gives the "
        r"sampled Kolmogorov distances $\hat{D}_\theta$ and $\hat{D}_{e_1}$ to "
        r"$\mathcal{N}(0,1)$; the title gives the dimension $d$, the number of uniform points "
        r"drawn from each body, and the noise floor $\mathrm{E}\,\hat{D}$, the mean distance of "
        r"that many points drawn from $\mathcal{N}(0,1)$ itself."
    ),
)
def convex_marginals(results: Mapping[str, Result]) -> Figure:
    r = results["convex-marginals"]
    bodies = [str(b) for b in r["bodies"]]
    edges, z = r["hist_edges"], r["z"]
    n = int(r["hist_dim"])
    v = venue_settings()
    neutral = color("reference")  # the legend's stand-in for "in the body's own colour"

    fig = Figure(figsize=figsize("full", 0.42))
    axes = fig.subplots(1, len(bodies), sharex=True)
    for ax, b, body in zip(axes, range(len(bodies)), bodies, strict=True):
        c = color(body)
        ax.stairs(r["hist_random"][b], edges, fill=True, color=c, alpha=0.45, lw=0)
        ax.stairs(r["hist_worst"][b], edges, color=c, lw=1.1)
        ax.plot(z, r["gaussian_density"], **GAUSSIAN_STYLE)
        ks_random, ks_worst = r["hist_ks"][b]
        ax.set_title(BODY_LABELS[body], loc="left")
        ax.text(
            0.99,
            0.98,
            f"$\\hat D_\\theta = {ks_random:.3f}$\n$\\hat D_{{e_1}} = {ks_worst:.3f}$",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=v["small_font_size"],
            linespacing=1.25,
        )
        top = max(r["hist_worst"][b].max(), r["hist_random"][b].max(), r["gaussian_density"].max())
        # The upper ~45% is kept for the two distances, above every curve.
        ax.set_ylim(0, 1.85 * top)
        ax.set_xlim(edges[0], edges[-1])
        ax.xaxis.set_major_locator(ticker.MultipleLocator(2))
        ax.yaxis.set_major_locator(ticker.MaxNLocator(2))
        ax.set_xlabel(r"$\langle X, u \rangle$")
    axes[0].set_ylabel("density")

    handles = [
        Patch(facecolor=neutral, alpha=0.45, label=r"random direction $u = \theta$"),
        Line2D([], [], color=neutral, lw=1.1, label=r"worst direction $u = e_1$ (axis / vertex)"),
        Line2D([], [], **GAUSSIAN_STYLE, label=r"$\mathcal{N}(0,1)$"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, columnspacing=1.2)
    # One line of the computed numbers; what they mean is in the caption.
    fig.suptitle(
        f"$d = {n}$, {int(r['hist_samples']):,} points per body; noise floor "
        rf"$\mathrm{{E}}\,\hat D = {float(r['hist_noise_floor']):.3f}$",
        fontsize=v["small_font_size"],
    )
    fig.set_layout_engine("constrained")
    return fig


def _at_floor_from(dims: np.ndarray, values: np.ndarray, ceiling: float) -> float | None:
    """The smallest dimension from which every row of ``values`` (bodies x dims, dims ascending)
    stays at or below ``ceiling``; None if the last dimension is still above it."""
    below = np.all(values <= ceiling, axis=0)
    if not below[-1]:
        return None
    above = np.nonzero(~below)[0]
    return float(dims[above[-1] + 1] if above.size else dims[0])


@figure(
    "convex-kolmogorov",
    description="Kolmogorov distance to N(0,1) of the marginals of four isotropic convex bodies "
    "versus d, along random directions and the worst direction, with the Monte Carlo noise floor",
    needs=("convex-marginals",),
    caption=(
        r"Kolmogorov distance to $\mathcal{N}(0,1)$ of those marginals against $d$: (a) the mean "
        r"over random directions $\theta$, against the Monte Carlo noise floor (the distance "
        r"$D_N$ of $N$ points drawn from $\mathcal{N}(0,1)$, its 5–95 % band shaded), which every "
        r"body reaches; (b) the worst direction $e_1$, sampled (dashed, dots) and exact."
    ),
)
def convex_kolmogorov(results: Mapping[str, Result]) -> Figure:
    r = results["convex-marginals"]
    bodies = [str(b) for b in r["bodies"]]
    order = np.argsort(r["dims"])
    n = r["dims"][order].astype(float)
    floor, lo, hi = (
        float(r["noise_floor"]),
        float(r["noise_floor_q05"]),
        float(r["noise_floor_q95"]),
    )
    big_n = int(r["n_samples"])
    k = int(r["n_directions"])
    small = venue_settings()["small_font_size"]
    grey = color("reference")
    means = r["ks_random_mean"][:, order]

    fig = Figure(figsize=figsize("full", 0.46))
    ax_rand, ax_worst = fig.subplots(1, 2, sharey=True)
    for ax in (ax_rand, ax_worst):
        ax.axhspan(lo, hi, color=grey, alpha=FLOOR_ALPHA, lw=0, zorder=1)
        ax.axhline(floor, color=grey, lw=0.9, ls=(0, (4, 2)), zorder=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"dimension $d$")
        ax.set_xlim(n[0] / 1.25, n[-1] * 1.25)
        # Ticks at 1, 2, 5 x 10^k, written as plain integers: the d range reads at a glance.
        ax.xaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda x, _: f"${x:g}$"))
        ax.xaxis.set_minor_formatter(ticker.NullFormatter())
        minor_grid(ax)

    for b, body in enumerate(bodies):
        c = color(body)
        ax_rand.plot(n, means[b], "o-", color=c, ms=2.8, lw=1.1, zorder=3)
        ax_worst.plot(
            n, r["ks_worst"][b][order], "o", color=c, ms=2.8, ls=(0, (3, 1.5)), lw=1.1, zorder=3
        )
        ax_worst.plot(n, r["ks_worst_exact"][b][order], color=c, lw=0.8, zorder=2)

    # Where every body's mean distance has sunk into the noise band: beyond, the sample cannot
    # tell the marginals from N(0,1), whatever their true distance.
    ymin = min(lo, np.nanmin(r["ks_worst_exact"]), np.nanmin(means)) / 1.6
    ymax = max(np.nanmax(r["ks_worst"]), np.nanmax(means))
    ax_rand.set_ylim(max(ymin, 1e-5), 2.2 * ymax)
    d_floor = _at_floor_from(n, means, hi)
    if d_floor is not None:
        ax_rand.axvspan(d_floor, n[-1] * 1.25, color=grey, alpha=0.08, lw=0, zorder=0)
        ax_rand.axvline(d_floor, color=grey, lw=0.7, ls=(0, (1, 1.5)), zorder=1)
        ax_rand.annotate(
            f"every body at the floor\nfrom $d = {d_floor:g}$ on",
            (d_floor, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, -2),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=small,
            color="#555555",
        )
    ax_rand.annotate(
        f"noise floor: $D_N$ of $N = {_math_int(big_n)}$\npoints drawn from $\\mathcal{{N}}(0,1)$",
        (0.02, lo),
        xycoords=("axes fraction", "data"),
        xytext=(0, -2),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=small,
        color="#555555",
    )

    ax_rand.set_ylabel("Kolmogorov distance\n" r"to $\mathcal{N}(0,1)$")
    ax_rand.set_title(f"(a) random directions $\\theta$, mean of {k}", loc="left")
    ax_worst.set_title(r"(b) worst direction $e_1$", loc="left")

    handles: list[Artist] = [
        Line2D([], [], color=color(body), lw=1.3, label=BODY_LABELS[body]) for body in bodies
    ]
    handles += [
        Line2D(
            [], [], color=grey, marker="o", ms=2.8, lw=1.1, ls=(0, (3, 1.5)), label="(b) sampled"
        ),
        Line2D([], [], color=grey, lw=0.8, label="(b) exact law"),
        Line2D(
            [],
            [],
            color=grey,
            lw=0.9,
            ls=(0, (4, 2)),
            label=r"noise floor $\mathrm{E}\,D_N$",
        ),
        Patch(facecolor=grey, alpha=FLOOR_ALPHA, label=r"5–95% of $D_N$"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=(len(handles) + 1) // 2)
    fig.set_layout_engine("constrained")
    return fig
