"""Paper figure of the law's predictions for real data (from the ``law-prediction`` experiment).

One row per data set on a shared log axis of parameter counts: the classical rule p ~ n, the
law's range n d_eff, the full n d, and the robust models observed; GPT-3 as a vertical reference.
Every count is labelled beside its mark (with what it counts: n, n d_eff, n d), where
:class:`figures.kit.labels.Room` finds room for it; the sources are named in the figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, NullLocator

from assets.charts import PREDICTION_REFERENCE, PREDICTION_ROWS, cite
from assets.numbers import tex_sci
from assets.theme import color, load_theme
from experiments.core.store import Result
from experiments.topics.prediction import (
    IMAGENET,
    MNIST,
    OBSERVATIONS,
    OUR_READING,
    LawPredictionConfig,
    observed_over_n,
)
from figures.kit.labels import ALIGNS, Place, Room, VAlign
from figures.kit.registry import figure
from figures.kit.style import figsize, venue_settings

CLASSICAL, LAW_D_EFF, LAW_FULL_D, OBSERVED = PREDICTION_ROWS
PAPER_OFFSET = 0.34  # the paper's own range sits this far above the computed one (row units)
# What each row's count is, set before its value.
COUNT = {
    CLASSICAL.ids[0]: "n",
    LAW_D_EFF.ids[0]: r"n\,d_{\mathrm{eff}}",
    LAW_FULL_D.ids[0]: r"n\,d",
}


def sci(x: float, plain_below: float = 1e4) -> str:
    """``x`` as mathtext: ``784``, ``6 x 10^4``, ``1.75 x 10^11`` (3 significant digits).

    Integers below ``plain_below`` are written out.
    """
    return f"${tex_sci(x, plain_below=plain_below)}$"


def _percent(p: float) -> str:
    return f"{100 * p:.0f}%"


def _around(lo: float, hi: float, y: float, half: float = 0.0, gap: float = 4.0) -> list[Place]:
    """Places for a label of a mark spanning [lo, hi] at height y, ``half`` points high on
    each side: right of it, left of it, then above and below it (centred, from its left end,
    to its right end)."""
    mid = math.sqrt(lo * hi)
    side = gap + (half if lo == hi else 0.0)  # a point's half is sideways too
    places: list[Place] = [
        ((hi, y), (side, 0), "left", "center"),
        ((lo, y), (-side, 0), "right", "center"),
    ]
    sides: tuple[tuple[float, VAlign], ...] = ((half + gap, "bottom"), (-half - gap, "top"))
    for dy, va in sides:
        places += [((mid, y), (0, dy), "center", va), ((lo, y), (0, dy), "left", va)]
        places += [((hi, y), (0, dy), "right", va)]
    return places


def _flags(x: float, y: float, lift: float) -> list[Place]:
    """Places for a label tied to the point (x, y) by a leader: above it and below it, ``lift``
    points off, over it or set off to either side, the nearest first."""
    places: list[Place] = []
    sides: tuple[tuple[float, VAlign], ...] = ((lift, "bottom"), (-lift, "top"))
    for dy, va in sides:
        for dx in sorted(range(-60, 61, 6), key=abs):
            places += [((x, y), (dx, dy), ha, va) for ha in ALIGNS]
    return places


def _range(lo: float, hi: float, plain_below: float = 1e4) -> str:
    """A range as caption maths: ``$10^{6}$–$10^{7}$``."""
    return f"${tex_sci(lo, plain_below=plain_below)}$–${tex_sci(hi, plain_below=plain_below)}$"


def _caption() -> str:
    """The figure's caption, every number from the experiment's cited inputs and defaults."""
    cfg = LawPredictionConfig()
    seen = {o.quantity_id: o for o in OBSERVATIONS}
    jump, top, big = seen["robust_jump"], seen["robust_95"], seen["robust_models"]
    low, high = observed_over_n(MNIST)
    gpt3 = seen["gpt3"].params_low
    mnist_paper, inet_paper = (
        next(o for o in OBSERVATIONS if o.dataset == ds and o.quantity_id == "paper_prediction")
        for ds in ("MNIST", "ImageNet")
    )
    return (
        "Parameters needed for robust MNIST and ImageNet models, on one log axis (Bubeck & "
        r"Sellke 2021, sec. 1.1). Rows: the classical rule $p \sim n$; the law with an effective "
        r"dimension, $p \sim n\,d_{\mathrm{eff}}$ (filled bar: the paper's estimate "
        rf"$d_{{\mathrm{{eff}}}}$ = {_range(*cfg.d_eff('MNIST'), 1e3)} for MNIST; hatched bar: "
        f"this project's reading, {_range(*cfg.d_eff('ImageNet'), 1e3)}, of the paper's 'a "
        "couple of order of magnitudes smaller' for ImageNet), with the paper's own rounded "
        f"ranges as brackets (at least {_range(mnist_paper.params_low, mnist_paper.params_high)} "
        f"and {_range(inet_paper.params_low, inet_paper.params_high)}); the law with the full "
        r"pixel dimension, $p \sim n\,d$; and the robust models observed (MNIST, Madry et al. "
        f"2018: robust accuracy {100 * jump.robust_accuracy_before:.0f}% to "
        f"{100 * jump.robust_accuracy:.0f}% at ${tex_sci(jump.params_low)}$ parameters, "
        f"{100 * top.robust_accuracy:.0f}% at ${tex_sci(top.params_low)}$, that is "
        f"{low:.2g} to {high:.2g} times $n$; ImageNet: {_range(big.params_low, big.params_high)}, "
        f"as the paper reports). The dashed line is GPT-3, ${tex_sci(gpt3)}$ parameters (Brown "
        f"et al. 2020). ImageNet's $n = {tex_sci(IMAGENET.n)}$ is the paper's count, the full "
        "ImageNet; the robust models were trained on ImageNet-1k, "
        f"$n = {tex_sci(IMAGENET.n_trained)}$ images, with which the same reading gives "
        f"{_range(*(IMAGENET.n_trained * x for x in cfg.d_eff('ImageNet')))}. The paper calls "
        "this comparison speculative."
    )


@figure(
    "law-prediction",
    description="parameters needed for MNIST and ImageNet: classical p ~ n, the law's n d_eff "
    "range and n d, against robust models observed and GPT-3",
    needs=("law-prediction",),
    caption=_caption(),
)
def law_prediction(results: Mapping[str, Result]) -> Figure:
    r = results["law-prediction"]
    datasets = [str(s) for s in r["datasets"]]
    ids, dataset = r["quantity_id"].astype(str), r["dataset"].astype(str)
    lo_all, hi_all = r["params_low"], r["params_high"]
    foreground = load_theme()["paper"]["foreground"]
    small = venue_settings()["small_font_size"]

    def row(ds: str, qid: str) -> int:
        (idx,) = np.nonzero((dataset == ds) & (ids == qid))
        return int(idx[0])

    def paper_rows(ds: str) -> list[int]:
        """The paper's own stated range on the d_eff row (ImageNet's "at least 1e10..1e11")."""
        return [int(k) for k in np.nonzero((dataset == ds) & (ids == LAW_D_EFF.ids[1]))[0]]

    def observed(ds: str) -> list[int]:
        return [int(j) for q in OBSERVED.ids for j in np.nonzero((dataset == ds) & (ids == q))[0]]

    ref = int(np.nonzero(ids == PREDICTION_REFERENCE)[0][0])
    ref_x = float(lo_all[ref])
    decades = np.log10([lo_all.min(), hi_all.max()])
    # room on the right: a label over the largest count stays inside
    xlim = (10 ** math.floor(decades[0]), 10 ** (decades[1] + 1.25))

    fig = Figure(figsize=figsize("full", 0.68))
    axes = fig.subplots(len(datasets), 1, sharex=True)
    c_classical, c_law, c_obs = color(CLASSICAL.role), color(LAW_D_EFF.role), color(OBSERVED.role)
    bar_h = 0.36

    for ax, ds in zip(axes, datasets, strict=True):
        ax.set_xscale("log")
        ax.set_xlim(*xlim)
        ax.set_ylim(len(PREDICTION_ROWS) - 0.4, -0.6)
        # the rows' names (the counts carry their formulas, beside the marks)
        ax.set_yticks(range(len(PREDICTION_ROWS)), [row.name for row in PREDICTION_ROWS])
        ax.tick_params(axis="y", length=0)
        ax.grid(False, axis="y")
        ax.axvline(
            ref_x, color=color("reference"), lw=1.0, ls=(0, (4, 2)), zorder=1, gid="reference"
        )

        j = row(ds, CLASSICAL.ids[0])
        ax.plot(lo_all[j], 0, "o", color=c_classical, zorder=3)
        j = row(ds, LAW_D_EFF.ids[0])
        if str(r["origin"][j]) == OUR_READING:  # this project's reading of words: hatched
            ax.barh(
                1,
                hi_all[j] - lo_all[j],
                left=lo_all[j],
                height=bar_h,
                facecolor="none",
                edgecolor=c_law,
                hatch="////",
                lw=1.0,
                zorder=3,
            )
        else:
            ax.barh(1, hi_all[j] - lo_all[j], left=lo_all[j], height=bar_h, color=c_law, zorder=3)
        for k in paper_rows(ds):  # the paper's own range: a bracket above the computed bar
            lo, hi, y = lo_all[k], hi_all[k], 1 - PAPER_OFFSET
            ax.plot([lo, hi], [y, y], color=c_law, lw=1.0, zorder=3)
            for end in (lo, hi):
                ax.plot([end, end], [y - 0.08, y + 0.08], color=c_law, lw=1.0, zorder=3)
        j = row(ds, LAW_FULL_D.ids[0])
        ax.plot(hi_all[j], 2, "D", mfc="white", mec=c_law, mew=1.2, zorder=3)
        for j in observed(ds):
            if lo_all[j] == hi_all[j]:
                ax.plot(lo_all[j], 3, "o", mfc=c_obs, mec=foreground, mew=0.7, ms=5, zorder=3)
            else:
                ax.barh(
                    3,
                    hi_all[j] - lo_all[j],
                    left=lo_all[j],
                    height=bar_h,
                    color=c_obs,
                    ec=foreground,
                    lw=0.6,
                    zorder=3,
                )

    axes[-1].set_xlabel("number of parameters $p$")
    axes[-1].xaxis.set_major_locator(LogLocator(base=10, numticks=30))
    axes[-1].xaxis.set_minor_locator(NullLocator())
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    for ax, ds in zip(axes, datasets, strict=True):
        i = datasets.index(ds)
        n, d = float(r["n"][i]), float(r["d"][i])
        # sizes of 1e4 and more are rounded in the source, so they are "about"
        d_text = f"$d = {tex_sci(d)}$" if d < 1e4 else f"$d \\approx {tex_sci(d)}$"
        # one line: the data set and its inputs (the rest is in the caption)
        ax.set_title(f"{ds}: $n = {tex_sci(n)}$, {d_text}", loc="left", fontsize=small)
    fig.draw_without_rendering()  # fix the layout, then place the value labels where they fit

    kw: dict[str, Any] = {"fontsize": small, "color": foreground}
    for ax, ds in zip(axes, datasets, strict=True):
        room = Room(ax)
        pitch = abs(ax.transData.transform((1, 1))[1] - ax.transData.transform((1, 0))[1])
        bar_half = bar_h / 2 * pitch / room.px  # half a bar's height, in points
        for artist in [*ax.lines, *ax.patches]:
            if artist.get_gid() == "reference":
                room.vline(ref_x)
            else:
                room.boxes.append(artist.get_window_extent())
        top = ax.get_ylim()[1]
        if ax is axes[0]:  # GPT-3 right of its line, at the top, in as few lines as fit
            name, source = str(r["quantity"][ref]), cite(str(r["source"][ref]))
            broken = source.replace(" et al. ", " et al.\n")
            wordings = [
                f"{name}: {sci(ref_x)} ({source})",
                f"{name}: {sci(ref_x)}\n({source})",
                f"{name}:\n{sci(ref_x)}\n({source})",
                f"{name}:\n{sci(ref_x)}\n({broken})",
            ]
            room.label(wordings, [((ref_x, top), (4, -4), "left", "top")], **kw)
        # the most hemmed-in first: the paper's own range, then the computed one
        for k in paper_rows(ds):
            text = f"the paper: $\\geq$ {sci(lo_all[k])}–{sci(hi_all[k])}"
            places = _around(lo_all[k], hi_all[k], 1 - PAPER_OFFSET, 1.5, gap=2.5)
            # over the bracket, flush with its right end, first: the row above keeps its room
            room.label(text, [places[4], *places], **kw)
        for y, qid in ((1, LAW_D_EFF.ids[0]), (0, CLASSICAL.ids[0]), (2, LAW_FULL_D.ids[0])):
            j = row(ds, qid)
            value = (
                sci(lo_all[j])
                if lo_all[j] == hi_all[j]
                else (f"{sci(lo_all[j])} – {sci(hi_all[j])}")
            )
            text = f"${COUNT[qid]}$ = {value}"
            half = bar_half if lo_all[j] != hi_all[j] else 3.5
            room.label(text, _around(lo_all[j], hi_all[j], y, half), **kw)
        for j in observed(ds):
            acc, before = r["robust_accuracy"][j], r["robust_accuracy_before"][j]
            lo, hi = float(lo_all[j]), float(hi_all[j])
            if not np.isfinite(acc):  # a range of sizes
                room.label(f"{sci(lo)} – {sci(hi)}", _around(lo, hi, 3, bar_half), **kw)
            elif np.isfinite(before):  # a jump: tied to its point by a leader line
                text = f"robust acc. {_percent(before)} $\\to$ {_percent(acc)}"
                leader = {"arrowstyle": "-", "lw": 0.6, "color": foreground, "shrinkB": 3.5}
                places = _flags(lo, 3, 10.0)
                room.label([text, text.replace(" acc. ", " acc.\n")], places, leader=leader, **kw)
            else:
                room.label(_percent(acc), _around(lo, hi, 3, 3.5), **kw)
    return fig
