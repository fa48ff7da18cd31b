"""Paper figures of the geometry of the CLT (ball-slices, sphere-marginals, cube-clt)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from assets.charts import log_spaced_indices
from assets.theme import color, sequence_colors
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize, minor_grid


@figure(
    "ball-slice-densities",
    description="slice volumes (1-x^2)^((d-1)/2) of the ball and the rescaled coordinate "
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
        ax_dens.plot(z, r["density"][i], color=c, label=f"$d = {m}$")
        if m > 1:  # B^1 is a segment: its "slices" are points, a flat profile says nothing
            ax_slice.plot(x, r["slice_profile"][i], color=c)
            ax_slice.plot(x, r["slice_profile_gaussian"][i], color=c, ls=(0, (2, 2)), lw=0.9)
    ax_slice.set_xlabel(r"height of the slice $x$")
    ax_slice.set_ylabel("relative slice volume")
    ax_slice.set_xlim(-1, 1)
    ax_slice.set_ylim(0, 1.02)
    ax_slice.set_title(r"(a) $(1-x^2)^{(d-1)/2}$ and, dashed, $e^{-(d-1)x^2/2}$", loc="left")

    ax_dens.plot(
        z,
        r["gaussian_density"],
        color=color("gaussian"),
        lw=1.8,
        ls=(0, (3, 1.5)),
        label=r"$\mathcal{N}(0,1)$",
        zorder=5,
    )
    ax_dens.set_xlabel(r"$z = \sqrt{d+2}\,x_1$")
    ax_dens.set_ylabel("density")
    ax_dens.set_xlim(z[0], z[-1])
    ax_dens.set_ylim(0, None)
    ax_dens.set_title(r"(b) one coordinate of $B^d$, rescaled", loc="left")
    handles, labels = ax_dens.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels))
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "ball-slice-distances",
    description="TV and Kolmogorov distance from sqrt(d+2) X_1 to N(0,1) versus d, log-log, "
    "with the 0.35/(d+2) reference",
    needs=("ball-slices",),
)
def ball_slice_distances(results: Mapping[str, Result]) -> Figure:
    r = results["ball-slices"]
    order = np.argsort(r["dims"])
    m = r["dims"][order].astype(float)
    tv, kol = r["tv_to_gaussian"][order], r["kolmogorov"][order]

    fig = Figure(figsize=figsize("column", 0.75))
    ax = fig.subplots()
    ax.loglog(m, tv, "o-", color=color("ball"), label=r"TV$(\sqrt{d+2}\,X_1, \mathcal{N}(0,1))$")
    ax.loglog(m, kol, "s-", color=color("sphere"), ms=3, label=r"Kolmogorov distance")
    ax.loglog(
        m, 0.35 / (m + 2), color=color("reference"), ls=(0, (3, 2)), lw=1.0, label=r"$0.35/(d+2)$"
    )
    ax.set_xlabel(r"dimension $d$ of the ball")
    ax.set_ylabel("distance to the Gaussian")
    ax.legend(loc="lower left")
    ax.grid(True, which="minor", lw=0.3, color=ax.xaxis.get_gridlines()[0].get_color())
    fig.set_layout_engine("constrained")
    return fig


def _sorted_by_dimension(r: Result, *keys: str) -> tuple[np.ndarray, ...]:
    """``dims`` (as floats) and the named per-dimension arrays of ``r``, in increasing dimension."""
    order = np.argsort(r["dims"])
    return (r["dims"][order].astype(float), *(r[k][order] for k in keys))


@figure(
    "cube-clt-histograms",
    description="the marginal <X,u> of the cube {-1,1}^d in the diagonal direction (a rescaled "
    "binomial) for several d against N(0,1), with the Kolmogorov distance",
    needs=("cube-clt",),
)
def cube_clt_histograms(results: Mapping[str, Result]) -> Figure:
    r = results["cube-clt"]
    shown = sorted(log_spaced_indices(r["histogram_dims"], 6))  # at most six panels
    hdims, counts = r["histogram_dims"][shown], r["histogram_counts"][shown]
    z = r["z"]
    k = len(hdims)
    ncols = min(k, 3)
    nrows = -(-k // ncols)

    fig = Figure(figsize=figsize("neurips_full", 0.26 * nrows + 0.08))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False))
    for i, ax in enumerate(axes.flat):
        if i >= k:
            ax.set_visible(False)
            continue
        n, c = int(hdims[i]), int(counts[i])
        atoms = r["histogram_atoms"][shown[i], :c]
        probs = r["histogram_probabilities"][shown[i], :c]
        step = 2.0 / np.sqrt(n)  # spacing of the atoms: bars of this width have area p_j
        ax.bar(
            atoms,
            probs / step,
            width=step,
            color=color("cube"),
            edgecolor="white",
            linewidth=0.4 if n <= 16 else 0.2,
            label=r"$\langle X, u\rangle$ for $X$ uniform on $\{-1, 1\}^d$, "
            r"$u = (1,\dots,1)/\sqrt{d}$ (bar areas: atom probabilities)",
        )
        ax.plot(z, r["gaussian_density"], color=color("gaussian"), label=r"$\mathcal{N}(0,1)$")
        ax.set_title(f"$d = {n}$", loc="left")
        ax.text(
            0.98,
            0.95,
            f"$D_d = {r['histogram_kolmogorov'][shown[i]]:.3f}$",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize="small",
        )
        ax.grid(False, axis="x")
        if i % ncols == 0:
            ax.set_ylabel("density")
        if i + ncols >= k:  # no panel below
            ax.set_xlabel(r"$\langle X, u\rangle$")
    axes.flat[0].set_xlim(z[0], z[-1])
    axes.flat[0].set_ylim(0, 0.5)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles[::-1], labels[::-1], loc="outside lower center", ncol=len(labels))
    fig.set_layout_engine("constrained")
    return fig


@figure(
    "clt-distances",
    description="TV and Kolmogorov distances to N(0,1) of the rescaled marginals of the ball, "
    "sphere and cube versus dimension, log-log, with the Diaconis-Freedman and Berry-Esseen bounds",
    needs=("ball-slices", "sphere-marginals", "cube-clt"),
)
def clt_distances(results: Mapping[str, Result]) -> Figure:
    m_ball, tv_ball, kol_ball = _sorted_by_dimension(
        results["ball-slices"], "tv_to_gaussian", "kolmogorov"
    )
    sphere = results["sphere-marginals"]
    m_sph, tv_sph, kol_sph, df_sph = _sorted_by_dimension(
        sphere, "tv_to_gaussian", "kolmogorov", "diaconis_freedman"
    )
    n_cube, kol_cube, be_cube, asym_cube = _sorted_by_dimension(
        results["cube-clt"], "kolmogorov", "berry_esseen", "asymptote"
    )
    c = float(sphere["tv_constant"])  # E|He_4(Z)|/8, checked in tests against both bodies
    ref = {"color": color("reference"), "lw": 1.0}

    fig = Figure(figsize=figsize("neurips_full", 0.66))
    ax_tv, ax_kol = fig.subplots(1, 2)

    ax_tv.loglog(m_ball, tv_ball, "o-", color=color("ball"), label=r"ball, $\sqrt{d+2}\,X_1$")
    ax_tv.loglog(m_sph, tv_sph, "s-", color=color("sphere"), ms=3, label=r"sphere, $\sqrt{d}\,X_1$")
    ax_tv.loglog(m_ball, c / (m_ball + 2), ls=(0, (3, 2)), label=f"${c:.3f}/(d+2)$", **ref)
    ax_tv.loglog(m_sph, c / m_sph, ls=(0, (1, 1.5)), label=f"${c:.3f}/d$", **ref)
    ok = np.isfinite(df_sph)
    ax_tv.loglog(
        m_sph[ok],
        df_sph[ok],
        color=color("sphere"),
        ls=(0, (5, 1.5, 1, 1.5)),
        lw=1.0,
        label=r"Diaconis–Freedman bound $8/(d-4)$",
    )
    ax_tv.set_xlabel(r"dimension $d$ of $B^d$, $S^{d-1} \subset \mathbb{R}^d$")
    ax_tv.set_ylabel(r"TV distance to $\mathcal{N}(0,1)$")
    ax_tv.set_title("(a) total variation distance", loc="left")

    ax_kol.loglog(m_ball, kol_ball, "o-", color=color("ball"), label="ball")
    ax_kol.loglog(m_sph, kol_sph, "s-", color=color("sphere"), ms=3, label="sphere")
    ax_kol.loglog(
        n_cube,
        kol_cube,
        "D-",
        color=color("cube"),
        ms=2.5,
        lw=0.9,
        label=r"cube, $\langle X,u\rangle$",
    )
    ax_kol.loglog(n_cube, be_cube, ls=(0, (3, 2)), label=r"Berry–Esseen $0.4748/\sqrt{d}$", **ref)
    # The cube sits on its asymptote (sqrt(n) D_n = (1 - O(1/n))/sqrt(2 pi)): draw it on top.
    ax_kol.loglog(n_cube, asym_cube, ls=(0, (1, 1.2)), label=r"$1/\sqrt{2\pi d}$", zorder=4, **ref)
    ax_kol.set_xlabel(r"dimension $d$")
    ax_kol.set_ylabel(r"Kolmogorov distance to $\mathcal{N}(0,1)$")
    ax_kol.set_title("(b) Kolmogorov distance", loc="left")

    for ax in (ax_tv, ax_kol):
        # Below the axes: every corner of a log-log panel of decaying curves holds data.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
        minor_grid(ax)
    fig.set_layout_engine("constrained")
    return fig
