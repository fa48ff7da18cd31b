"""Paper figures: all convex bodies look alike (data from the ``convex-marginals`` experiment)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib import ticker
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from assets.theme import color
from experiments.bodies import BODY_LABELS
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize

WORST_LABELS = {
    "cube": "axis $e_1$",
    "ball": "axis $e_1$",
    "simplex": "vertex $e_1$",
    "cross_polytope": "axis $e_1$",
}


@figure(
    "convex-marginals",
    description="marginals of the isotropic cube, ball, simplex and cross-polytope along a random "
    "direction and along the worst natural direction, against N(0,1)",
    needs=("convex-marginals",),
)
def convex_marginals(results: Mapping[str, Result]) -> Figure:
    r = results["convex-marginals"]
    bodies = [str(b) for b in r["bodies"]]
    edges, z = r["hist_edges"], r["z"]
    n = int(r["hist_dim"])
    dark = "#1A1A1A"

    fig = Figure(figsize=figsize("neurips_full", 0.36))
    axes = fig.subplots(1, len(bodies), sharex=True)
    for ax, b, body in zip(axes, range(len(bodies)), bodies, strict=True):
        c = color(body)
        ax.stairs(r["hist_random"][b], edges, fill=True, color=c, alpha=0.55, lw=0)
        ax.stairs(r["hist_worst"][b], edges, color=c, lw=1.1)
        ax.plot(z, r["gaussian_density"], color=color("gaussian"), lw=1.2, ls=(0, (3, 1.5)))
        ks_random, ks_worst = r["hist_ks"][b]
        ax.set_title(BODY_LABELS[body], loc="left")
        ax.text(
            0.98,
            0.97,
            f"$\\hat D_\\theta = {ks_random:.3f}$\n$\\hat D_{{e_1}} = {ks_worst:.3f}$",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=6.5,
            linespacing=1.3,
        )
        top = max(r["hist_worst"][b].max(), r["hist_random"][b].max(), 0.4)
        ax.set_ylim(0, 1.55 * top)  # headroom for the distances, above the curves
        ax.set_xlim(edges[0], edges[-1])
        ax.xaxis.set_major_locator(ticker.MultipleLocator(2))
        ax.set_xlabel(r"$\langle X, u \rangle$")
    axes[0].set_ylabel("density")

    handles = [
        Patch(facecolor=color("reference"), alpha=0.55, label=r"random direction $u = \theta$"),
        Line2D([], [], color=dark, lw=1.1, label=r"worst direction $u = e_1$ (axis / vertex)"),
        Line2D(
            [], [], color=color("gaussian"), lw=1.2, ls=(0, (3, 1.5)), label=r"$\mathcal{N}(0,1)$"
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3)
    fig.suptitle(
        f"Marginals of isotropic convex bodies in dimension $d = {n}$, sampled "
        f"({int(r['hist_samples']):,} uniform points)\n"
        r"$\hat D$: Kolmogorov distance to $\mathcal{N}(0,1)$; its noise floor "
        rf"$\mathbb{{E}}\hat D$ = {float(r['hist_noise_floor']):.3f}",
        fontsize=7,
    )
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "convex-kolmogorov",
    description="Kolmogorov distance to N(0,1) of the marginals of four isotropic convex bodies "
    "versus d, along random directions and the worst direction, with the Monte Carlo noise floor",
    needs=("convex-marginals",),
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

    fig = Figure(figsize=figsize("neurips_full", 0.42))
    ax_rand, ax_worst = fig.subplots(1, 2, sharey=True)
    for ax in (ax_rand, ax_worst):
        ax.axhspan(lo, hi, color=color("reference"), alpha=0.18, lw=0, zorder=1)
        ax.axhline(floor, color=color("reference"), lw=0.9, ls=(0, (4, 2)), zorder=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"dimension $d$")
        ax.grid(True, which="minor", lw=0.3, color=ax.xaxis.get_gridlines()[0].get_color())

    for b, body in enumerate(bodies):
        c = color(body)
        mean = r["ks_random_mean"][b][order]
        sd = r["ks_random_std"][b][order]
        ax_rand.fill_between(n, np.maximum(mean - sd, 1e-6), mean + sd, color=c, alpha=0.25, lw=0)
        ax_rand.plot(n, mean, "o-", color=c, ms=2.8, lw=1.1)
        ax_worst.plot(n, r["ks_worst"][b][order], "o", color=c, ms=2.8, ls=(0, (3, 1.5)), lw=1.1)
        ax_worst.plot(n, r["ks_worst_exact"][b][order], color=c, lw=0.7, alpha=0.9)

    ax_rand.set_ylabel(r"Kolmogorov distance to $\mathcal{N}(0,1)$")
    k = int(r["n_directions"])
    ax_rand.set_title(f"(a) random directions $\\theta$ (mean $\\pm$ sd over {k})", loc="left")
    ax_worst.set_title(r"(b) worst direction $e_1$ (axis / vertex)", loc="left")
    ax_rand.annotate(
        f"noise floor: $D_N$ of an exact $\\mathcal{{N}}(0,1)$ sample, $N = {big_n:,}$",
        (n[0], lo),
        xytext=(0, -2),
        textcoords="offset points",
        fontsize=6.5,
        color="#555555",
        va="top",
    )
    ymin = min(lo, np.nanmin(r["ks_worst_exact"]), np.nanmin(r["ks_random_mean"])) / 1.6
    ymax = max(np.nanmax(r["ks_worst"]), np.nanmax(r["ks_random_mean"] + r["ks_random_std"]))
    ax_rand.set_ylim(max(ymin, 1e-5), 1.6 * ymax)

    handles: list[Artist] = [
        Line2D([], [], color=color(body), lw=1.3, label=BODY_LABELS[body]) for body in bodies
    ]
    handles += [
        Line2D(
            [],
            [],
            color="#1A1A1A",
            marker="o",
            ms=2.8,
            lw=1.1,
            ls=(0, (3, 1.5)),
            label="(b) sampled",
        ),
        Line2D([], [], color="#1A1A1A", lw=0.7, label="(b) exact law"),
        Line2D(
            [], [], color=color("reference"), lw=0.9, ls=(0, (4, 2)), label=r"$\mathbb{E}\,D_N$"
        ),
        Patch(facecolor=color("reference"), alpha=0.35, label=r"5–95% of $D_N$"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=(len(handles) + 1) // 2)
    fig.set_layout_engine("constrained")
    return fig
