"""Paper figure of isoperimetry on the sphere (experiment ``isoperimetry``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from assets.theme import color, sequence_colors
from experiments.core.store import Result
from figures.kit.registry import figure
from figures.kit.style import figsize

HEMISPHERE_COLORS = (*sequence_colors(5)[1:3], sequence_colors(5)[4], color("gaussian"))
MARK_SIZE = 2.2  # points: the sampled marks of (a)


def ceil_digits(x: float, digits: int = 2) -> str:
    """``x`` rounded up to ``digits`` significant digits (a bound stays a bound)."""
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(x)))
    return f"{math.ceil(x * scale - 1e-9) / scale:g}"


@figure(
    "isoperimetry",
    description="caps grow the least: shares of the t-neighbourhoods of two antipodal caps and "
    "of the cap of the same area on S^2 (exact, sampled check); the hemisphere's "
    "neighbourhoods in S^(d-1) against 1 - exp(-d t^2/2)",
    needs=("isoperimetry",),
    caption=(
        r"(a) On $S^2$, two antipodal caps $A$ and one cap $C$ of the same share: the geodesic "
        r"$t$-neighbourhood of $A$ grows faster at every $t$ (exact curves; sampled points, whose "
        r"$\pm 3$ standard-error bars are shorter than the marks); (b) the share $\sigma(H_t)$ "
        r"of the $t$-neighbourhood of a hemisphere of $S^{d-1}$ for several $d$ against "
        r"$1 - e^{-dt^2/2}$ (dashed), which it exceeds everywhere ($t$ geodesic, log axis)."
    ),
)
def isoperimetry(results: Mapping[str, Result]) -> Figure:
    r = results["isoperimetry"]
    t, area = r["t"], float(r["area"])
    fig = Figure(figsize=figsize("full", 0.42))
    ax_s2, ax_h = fig.subplots(1, 2)

    set_c, cap_c = color("two_caps"), color("cap")
    ax_s2.plot(t, r["set_share"], color=set_c)
    ax_s2.plot(t, r["cap_share"], color=cap_c)
    sampled: dict[str, Any] = {
        "ls": "none",
        "marker": "o",
        "ms": MARK_SIZE,
        "mfc": "white",
        "mew": 0.7,
    }
    ax_s2.errorbar(
        r["mc_t"], r["set_share_mc"], yerr=3 * r["set_share_mc_se"], color=set_c, **sampled
    )
    ax_s2.errorbar(
        r["mc_t"], r["cap_share_mc"], yerr=3 * r["cap_share_mc_se"], color=cap_c, **sampled
    )
    ax_s2.set_xlim(0, t[-1])
    ax_s2.set_ylim(0, 1.04)
    ax_s2.set_xlabel(r"geodesic distance $t$ (radians)")
    ax_s2.set_ylabel("share of the sphere")
    ax_s2.set_title(r"(a) $S^2$: two caps $A$, one cap $C$", loc="left")
    # direct labels: A's left of its curve near the top, C's right of its curve at half
    pad = 0.03 * t[-1]
    t_a = float(np.interp(0.9, r["set_share"], t))
    ax_s2.text(
        t_a - pad,
        0.9,
        r"$\sigma(A_t)$",
        color=set_c,
        ha="right",
        va="center",
    )
    t_c = float(np.interp(0.45, r["cap_share"], t))
    ax_s2.text(t_c + pad, 0.45, r"$\sigma(C_t)$", color=cap_c, ha="left", va="center")
    # The +-3 s.e. bars are shorter than the marks are wide: say so, with the largest bar.
    bar = 3 * float(max(r["set_share_mc_se"].max(), r["cap_share_mc_se"].max()))
    sampled_key = Line2D(
        [],
        [],
        color=color("reference"),
        label=rf"sampled; $\pm 3$ s.e. $\leq {ceil_digits(bar)}$",
        **sampled,
    )
    ax_s2.legend(
        handles=[sampled_key],
        loc="lower right",
        title=rf"$\sigma(A) = \sigma(C) = {area:.3f}$",
        alignment="right",
    )

    dims = r["dims"]
    td = r["t_d"]
    # (b)'s dimensions in colours that (a)'s sets A (pink) and C (sky blue) do not use
    for c, k in zip(HEMISPHERE_COLORS, range(len(dims)), strict=False):
        ax_h.plot(td, r["hemi_share"][k], color=c, label=f"$d = {int(dims[k])}$")
        ax_h.plot(td, r["hemi_bound"][k], color=c, ls=(0, (2.5, 1.5)), lw=0.9)
    ax_h.set_xscale("log")  # d = 1000 is done by t = 0.1, d = 3 only at pi/2
    ax_h.set_xlim(td[1], td[-1])  # td[0] = 0 is off a log axis
    ax_h.set_ylim(0.45, 1.02)
    ax_h.set_xlabel(r"geodesic distance $t$ (radians)")
    ax_h.set_ylabel(r"$\sigma(H_t)$")
    ax_h.set_title(r"(b) a hemisphere $H$ of $S^{d-1}$", loc="left")
    series, _ = ax_h.get_legend_handles_labels()
    bound_key = Line2D(
        [], [], color=color("reference"), ls=(0, (2.5, 1.5)), lw=0.9, label=r"$1 - e^{-dt^2/2}$"
    )
    ax_h.legend(handles=[*series, bound_key], loc="upper left", ncol=1)
    fig.set_layout_engine("constrained")
    return fig
