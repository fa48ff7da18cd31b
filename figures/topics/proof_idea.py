"""Paper figure of step (a) of the proof idea of the law of robustness (experiment
``fixed-function``; docs/science.md, section 5)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from assets.theme import color, sequence_colors
from experiments.core.store import Result
from figures.kit.labels import key_outside
from figures.kit.registry import figure
from figures.kit.style import figsize

SHOWN_DIMS = (3, 10, 100, 1000)  # panel (a) draws the law of S at those of these computed
THRESHOLD_COLOR = sequence_colors(5)[3]  # (a)'s S >= eps/2 line: (a) draws at most 3 dimensions


def shown_dims(dims: np.ndarray) -> list[int]:
    """The dimensions of SHOWN_DIMS that were computed (at most three, the smallest, the
    largest and one between), so that each label is a round d of the grid; the grid's smallest,
    middle and largest d when none is."""
    found = [d for d in SHOWN_DIMS if d in set(dims.tolist())]
    if len(found) < 2:
        found = [int(dims[0]), int(dims[len(dims) // 2]), int(dims[-1])]
    if len(found) > 3:
        found = [found[0], found[1], found[-1]]
    return sorted(dict.fromkeys(int(d) for d in found))


@figure(
    "fixed-function",
    description="one fixed 1-Lipschitz f = x_1 on S^(d-1) against n random signs: the exact law "
    "of S = (1/n) sum f(x_i) y_i over all 2^n sign patterns for several d, and the share with "
    "S >= eps/2 (what a fit below the noise level needs) against its Chernoff and Hoeffding bounds",
    needs=("fixed-function",),
    caption=(
        r"One fixed smooth function $f = L\,x_1$ on $S^{d-1}$ against $n$ random signs: (a) the "
        r"exact law of $S = \frac{1}{n}\sum_i f(x_i)\,y_i$ over all $2^n$ sign patterns for "
        r"several $d$ (log density), narrowing as $d$ grows, away from the $S \geq \varepsilon/2$ "
        r"that a fit below the noise level needs; (b) the share of patterns with $S \geq "
        r"\varepsilon/2$ against $d$ (exact over the signs, averaged over the draws of the "
        r"points; crosses at the foot: no pattern got there in any draw, a zero that bounds "
        r"nothing, since the patterns of one draw are not independent trials), with "
        r"the bound $e^{-nd\varepsilon^2/8L^2}$ and Hoeffding's given the points $x_i$."
    ),
)
def fixed_function(results: Mapping[str, Result]) -> Figure:
    r = results["fixed-function"]
    dims, edges = r["dims"], r["edges"]
    n, lip, eps, need = int(r["n"]), float(r["lip"]), float(r["eps"]), float(r["need"])
    total = float(r["patterns"]) * int(r["point_sets"])
    fig = Figure(figsize=figsize("full", 0.5))
    ax_law, ax_tail = fig.subplots(1, 2)

    shown = shown_dims(dims)
    width = np.diff(edges)
    for c, d in zip(sequence_colors(len(shown)), shown, strict=True):
        k = int(np.flatnonzero(dims == d)[0])
        density = r["hist"][k] / width  # share per unit of S
        ax_law.stairs(density, edges, color=c, label=f"$d = {d}$")
    # the threshold in a colour of its own: vermilion is (b)'s bound, the sequence (a)'s d
    ax_law.axvline(need, color=THRESHOLD_COLOR, ls=(0, (3, 2)), lw=1.0)
    ax_law.text(
        need,
        0.97,
        r" fit: $S \geq \varepsilon/2$",
        transform=ax_law.get_xaxis_transform(),
        color=THRESHOLD_COLOR,
        ha="left",
        va="top",
    )
    ax_law.set_yscale("log")
    top = float((r["hist"] / width).max())
    ax_law.set_ylim(top * 1e-5, top * 3)
    ax_law.set_xlim(edges[0], edges[-1])
    ax_law.set_xlabel(r"$S = \frac{1}{n}\,\Sigma_i\, f(x_i)\,y_i$")
    ax_law.set_ylabel("density (log)")
    ax_law.set_title(rf"(a) $f = L\,x_1$, $L = {lip:g}$, $n = {n}$", loc="left")

    share = r["tail_share"]
    smallest = 1.0 / total  # the smallest share the draws can show above 0
    seen = share > 0
    ax_tail.plot(dims, r["bound"], color=color("law"), label=r"$e^{-nd\varepsilon^2/8L^2}$")
    ax_tail.plot(
        dims,
        r["bound_given_points"],
        color=color("reference"),
        ls=(0, (3, 2)),
        label="Hoeffding given the $x_i$",
    )
    measured = color("gaussian")  # the foreground: no colour of (a)
    draws = int(r["point_sets"])
    ax_tail.plot(
        dims[seen], share[seen], "o", color=measured, ms=3, label=f"share, mean of {draws} draws"
    )
    # Where no pattern of any draw gets there the mean share is 0, and 1/(patterns drawn) is no
    # bound on it (the patterns of one draw of the points are not independent trials): those d
    # are marked at the foot of the axis, apart from the measured shares, not at a level.
    unseen = dims[~seen]
    ax_tail.plot(
        unseen,
        np.full(unseen.size, 0.04),
        "x",
        transform=ax_tail.get_xaxis_transform(),
        color=measured,
        ms=3.5,
        mew=0.8,
        clip_on=False,
        label=f"0 in all {draws} draws",
    )
    ax_tail.set_xscale("log")
    ax_tail.set_yscale("log")
    ax_tail.set_ylim(smallest / 30, 1.5)
    ax_tail.set_xlabel(r"dimension $d$")
    ax_tail.set_ylabel(r"share with $S \geq \varepsilon/2$")
    ax_tail.set_title(rf"(b) $\varepsilon = {eps:g}$, all $2^{{{n}}}$ patterns", loc="left")
    fig.set_layout_engine("constrained")
    # one key outside the plots, both panels' entries: each panel is full from side to side
    h_law, l_law = ax_law.get_legend_handles_labels()
    h_tail, l_tail = ax_tail.get_legend_handles_labels()
    key_outside(fig, [*h_law, *h_tail], [*l_law, *l_tail])
    return fig
