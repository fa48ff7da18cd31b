"""Paper figures of the geometry of the CLT (data from the ``ball-slices`` experiment)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from assets.theme import color, sequence_colors
from experiments.geometry import log_spaced_indices
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize


@figure(
    "ball-slice-densities",
    description="slice volumes (1-x^2)^((m-1)/2) of the ball and the rescaled coordinate "
    "densities converging to N(0,1)",
    needs=("ball-slices",),
)
def ball_slice_densities(results: Mapping[str, Result]) -> Figure:
    r = results["ball-slices"]
    dims, x, z = r["dims"], r["x"], r["z"]
    series = log_spaced_indices(dims, 5)
    colors = sequence_colors(len(series))

    fig = Figure(figsize=figsize("neurips_full", 0.42))
    ax_slice, ax_dens = fig.subplots(1, 2)

    for c, i in zip(colors, series, strict=True):
        m = int(dims[i])
        ax_dens.plot(z, r["density"][i], color=c, label=f"$m = {m}$")
        if m > 1:  # B^1 is a segment: its "slices" are points, a flat profile says nothing
            ax_slice.plot(x, r["slice_profile"][i], color=c)
            ax_slice.plot(x, r["slice_profile_gaussian"][i], color=c, ls=(0, (2, 2)), lw=0.9)
    ax_slice.set_xlabel(r"height of the slice $x$")
    ax_slice.set_ylabel("relative slice volume")
    ax_slice.set_xlim(-1, 1)
    ax_slice.set_ylim(0, 1.02)
    ax_slice.set_title(r"(a) $(1-x^2)^{(m-1)/2}$ and, dashed, $e^{-(m-1)x^2/2}$", loc="left")

    ax_dens.plot(
        z,
        r["gaussian_density"],
        color=color("gaussian"),
        lw=1.8,
        ls=(0, (3, 1.5)),
        label=r"$\mathcal{N}(0,1)$",
        zorder=5,
    )
    ax_dens.set_xlabel(r"$z = \sqrt{m+2}\,x_1$")
    ax_dens.set_ylabel("density")
    ax_dens.set_xlim(z[0], z[-1])
    ax_dens.set_ylim(0, None)
    ax_dens.set_title(r"(b) one coordinate of $B^m$, rescaled", loc="left")
    handles, labels = ax_dens.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels))
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "ball-slice-distances",
    description="TV and Kolmogorov distance from sqrt(m+2) X_1 to N(0,1) versus m, log-log, "
    "with the 0.35/(m+2) reference",
    needs=("ball-slices",),
)
def ball_slice_distances(results: Mapping[str, Result]) -> Figure:
    r = results["ball-slices"]
    order = np.argsort(r["dims"])
    m = r["dims"][order].astype(float)
    tv, kol = r["tv_to_gaussian"][order], r["kolmogorov"][order]

    fig = Figure(figsize=figsize("column", 0.75))
    ax = fig.subplots()
    ax.loglog(m, tv, "o-", color=color("ball"), label=r"TV$(\sqrt{m+2}\,X_1, \mathcal{N}(0,1))$")
    ax.loglog(m, kol, "s-", color=color("sphere"), ms=3, label=r"Kolmogorov distance")
    ax.loglog(
        m, 0.35 / (m + 2), color=color("reference"), ls=(0, (3, 2)), lw=1.0, label=r"$0.35/(m+2)$"
    )
    ax.set_xlabel(r"dimension $m$ of the ball")
    ax.set_ylabel("distance to the Gaussian")
    ax.legend(loc="lower left")
    ax.grid(True, which="minor", lw=0.3, color=ax.xaxis.get_gridlines()[0].get_color())
    fig.set_layout_engine("constrained")
    return fig
