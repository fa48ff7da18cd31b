"""Paper figure of the law's predictions for real data (from the ``law-prediction`` experiment).

One row per data set on a shared log axis of parameter counts: the classical rule p ~ n, the
law's range n d_eff, the full n d, and the robust models observed; GPT-3 as a vertical reference.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import LogLocator, NullLocator
from matplotlib.transforms import Bbox

from assets.numbers import tex_sci
from assets.theme import color, load_theme, sequence_colors
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize

# Rows of each panel, top to bottom: (quantity ids drawn on the row, tick label).
ROWS = (
    (("classical",), "classical rule\n$p \\sim n$"),
    (("law_d_eff",), "law, effective dim.\n$p \\sim n\\,d_{\\mathrm{eff}}$"),
    (("law_full_d",), "law, full dim.\n$p \\sim n\\,d$"),
    (("robust_jump", "robust_95", "robust_models"), "robust models\nobserved"),
)
REFERENCE_LINE = "gpt3"


def sci(x: float, plain_below: float = 1e4) -> str:
    """``x`` as mathtext: ``784``, ``6 x 10^4``, ``1.75 x 10^11`` (3 significant digits).

    Integers below ``plain_below`` are written out.
    """
    return f"${tex_sci(x, plain_below=plain_below)}$"


def _percent(p: float) -> str:
    return f"{100 * p:.0f}%"


def _bad_place(box: Bbox, ax: Axes, taken: Sequence[Bbox], lines_x: Sequence[float]) -> bool:
    frame = ax.get_window_extent()
    outside = box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1
    crosses = any(box.x0 - 2 <= x <= box.x1 + 2 for x in lines_x)
    return outside or crosses or any(box.overlaps(t) for t in taken)


def _label(
    ax: Axes,
    text: str,
    lo: float,
    hi: float,
    y: float,
    taken: list[Bbox],
    lines_x: Sequence[float],
    gap: float = 6.0,
    above_first: bool = False,
    **kw: object,
) -> Annotation:
    """A value label beside an item spanning [lo, hi] at height y: right, else left, else above
    (or above first).

    The first place where the label stays in the axes, crosses no reference line and overlaps no
    earlier label wins (positions measured after layout, in display units).
    """
    mid = math.sqrt(lo * hi)
    places = [
        ((hi, y), (gap, 0), "left", "center"),
        ((lo, y), (-gap, 0), "right", "center"),
        ((mid, y), (0, gap), "center", "bottom"),
    ]
    if above_first:
        places.insert(0, places.pop())
    ann = ax.annotate(text, (hi, y), xytext=(gap, 0), textcoords="offset points", **kw)
    for xy, offset, ha, va in places:
        ann.xy, ann.xyann = xy, offset
        ann.set_ha(ha)
        ann.set_va(va)
        box = ann.get_window_extent()
        if not _bad_place(box, ax, taken, lines_x):
            break
    taken.append(ann.get_window_extent())
    return ann


@figure(
    "law-prediction",
    description="parameters needed for MNIST and ImageNet: classical p ~ n, the law's n d_eff "
    "range and n d, against robust models observed and GPT-3",
    needs=("law-prediction",),
)
def law_prediction(results: Mapping[str, Result]) -> Figure:
    r = results["law-prediction"]
    datasets = [str(s) for s in r["datasets"]]
    ids, dataset = r["quantity_id"].astype(str), r["dataset"].astype(str)
    lo_all, hi_all = r["params_low"], r["params_high"]
    foreground = load_theme()["paper"]["foreground"]
    small = load_theme()["paper"]["small_font_size"]

    def row(ds: str, qid: str) -> int:
        (idx,) = np.nonzero((dataset == ds) & (ids == qid))
        return int(idx[0])

    def observed(ds: str) -> list[int]:
        return [j for qid in ROWS[3][0] for j in np.nonzero((dataset == ds) & (ids == qid))[0]]

    ref = int(np.nonzero(ids == REFERENCE_LINE)[0][0])
    ref_x = float(lo_all[ref])
    decades = np.log10([lo_all.min(), hi_all.max()])
    xlim = (10 ** math.floor(decades[0]), 10 ** math.ceil(decades[1]))

    fig = Figure(figsize=figsize("neurips_full", 0.68))
    axes = fig.subplots(len(datasets), 1, sharex=True)
    c_classical, c_law, c_obs = sequence_colors(1)[0], color("law"), color("data")
    bar_h = 0.36

    for ax, ds in zip(axes, datasets, strict=True):
        i = datasets.index(ds)
        n, d = float(r["n"][i]), float(r["d"][i])
        ax.set_xscale("log")
        ax.set_xlim(*xlim)
        ax.set_ylim(len(ROWS) - 0.45, -0.75)
        ax.set_yticks(range(len(ROWS)), [label for _, label in ROWS])
        ax.tick_params(axis="y", length=0)
        ax.grid(False, axis="y")
        # sizes of 1e4 and more are rounded in the source, so they are "about"
        d_text = f"= {sci(d)}" if d < 1e4 else f"$\\approx$ {sci(d)}"
        ax.set_title(f"{ds}: $n$ = {sci(n)} images of dimension $d$ {d_text}", loc="left")
        ax.axvline(
            ref_x, color=color("reference"), lw=1.0, ls=(0, (4, 2)), zorder=1, gid="reference"
        )

        j = row(ds, "classical")
        ax.plot(lo_all[j], 0, "o", color=c_classical, zorder=3)
        j = row(ds, "law_d_eff")
        ax.barh(1, hi_all[j] - lo_all[j], left=lo_all[j], height=bar_h, color=c_law, zorder=3)
        j = row(ds, "law_full_d")
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
    axes[0].annotate(
        f"{r['quantity'][ref]} ({sci(ref_x)})",
        (ref_x, 0),
        xytext=(4, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        color=foreground,
        fontsize=small,
    )
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()  # fix the layout, then place the value labels where they fit

    for ax, ds in zip(axes, datasets, strict=True):
        i = datasets.index(ds)
        # labels avoid the drawn items and the labels already placed
        items = [a for a in [*ax.lines, *ax.patches] if a.get_gid() != "reference"]
        taken = [a.get_window_extent() for a in [*items, *ax.texts]]
        lines_x = [ax.transData.transform((ref_x, 0))[0]]
        kw = {"fontsize": small, "color": foreground}
        j = row(ds, "classical")
        _label(ax, sci(lo_all[j]), lo_all[j], hi_all[j], 0, taken, lines_x, **kw)
        j = row(ds, "law_d_eff")
        text = (
            f"{sci(lo_all[j])} – {sci(hi_all[j])}  "
            f"($d_{{\\mathrm{{eff}}}}$ = {sci(r['d_eff_low'][i], 1e3)}"
            f"–{sci(r['d_eff_high'][i], 1e3)})"
        )
        _label(ax, text, lo_all[j], hi_all[j], 1, taken, lines_x, **kw)
        j = row(ds, "law_full_d")
        _label(ax, sci(hi_all[j]), lo_all[j], hi_all[j], 2, taken, lines_x, gap=7.0, **kw)
        for j in observed(ds):
            acc, before = r["robust_accuracy"][j], r["robust_accuracy_before"][j]
            if np.isfinite(acc):  # a point with its robust accuracy, labelled above it
                text = _percent(acc)
                if np.isfinite(before):
                    text = f"robust acc. {_percent(before)} → {text}"
                _label(ax, text, lo_all[j], hi_all[j], 3, taken, lines_x, above_first=True, **kw)
            else:
                text = f"{sci(lo_all[j])} – {sci(hi_all[j])}"
                _label(ax, text, lo_all[j], hi_all[j], 3, taken, lines_x, **kw)
    return fig
