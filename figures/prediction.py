"""Paper figure of the law's predictions for real data (from the ``law-prediction`` experiment).

One row per data set on a shared log axis of parameter counts: the classical rule p ~ n, the
law's range n d_eff, the full n d, and the robust models observed; GPT-3 as a vertical reference.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import LogLocator, NullLocator
from matplotlib.transforms import Bbox

from assets.charts import PREDICTION_REFERENCE, PREDICTION_ROWS, ChartRow
from assets.layout import Box, place_label
from assets.numbers import tex_sci
from assets.theme import color, load_theme
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize

CLASSICAL, LAW_D_EFF, LAW_FULL_D, OBSERVED = PREDICTION_ROWS
PAPER_OFFSET = 0.34  # the paper's own range sits this far above the computed one (row units)
# How a d_eff was obtained, in the label of its row.
ORIGIN_WORDS = {
    "the paper's inference": "inferred by the paper",
    "this project's reading": "our reading",
}


def _row_label(row: ChartRow) -> str:
    """A row's tick label: its name, and its formula on a line of its own."""
    return row.name if row.formula is None else f"{row.name}\n${row.formula}$"


def sci(x: float, plain_below: float = 1e4) -> str:
    """``x`` as mathtext: ``784``, ``6 x 10^4``, ``1.75 x 10^11`` (3 significant digits).

    Integers below ``plain_below`` are written out.
    """
    return f"${tex_sci(x, plain_below=plain_below)}$"


def _percent(p: float) -> str:
    return f"{100 * p:.0f}%"


# Where a value label goes: (anchor xy, offset in points, horizontal, vertical alignment).
_Place = tuple[
    tuple[float, float],
    tuple[float, float],
    Literal["left", "center", "right"],
    Literal["bottom", "center"],
]


def _label(
    ax: Axes,
    text: str,
    lo: float,
    hi: float,
    y: float,
    taken: list[Box],
    lines_x: Sequence[float],
    gap: float = 6.0,
    above_first: bool = False,
    **kw: Any,
) -> Annotation:
    """A value label beside an item spanning [lo, hi] at height y: right, else left, else above
    (centred, then from either end; or above first), placed by :func:`assets.layout.place_label`
    in display units after layout.
    """
    mid = math.sqrt(lo * hi)
    places: list[_Place] = [
        ((hi, y), (gap, 0), "left", "center"),
        ((lo, y), (-gap, 0), "right", "center"),
        ((mid, y), (0, gap), "center", "bottom"),
        ((lo, y), (0, gap), "left", "bottom"),  # above, starting at the item's left end
        ((hi, y), (0, gap), "right", "bottom"),  # above, ending at its right end
    ]
    if above_first:
        places.insert(0, places.pop(2))
    ann = ax.annotate(text, (hi, y), xytext=(gap, 0), textcoords="offset points", **kw)

    def move_to(place: _Place) -> Box:
        ann.xy, ann.xyann = place[0], place[1]
        ann.set_horizontalalignment(place[2])
        ann.set_verticalalignment(place[3])
        return _box(ann.get_window_extent())

    frame = _box(ax.get_window_extent())
    place_label(move_to, places, frame=frame, taken=taken, lines_x=lines_x, gap=2.0)
    return ann


def _box(b: Bbox) -> Box:
    return Box(b.x0, b.y0, b.x1, b.y1)


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

    def paper_rows(ds: str) -> list[int]:
        """The paper's own stated range on the d_eff row (ImageNet's "at least 1e10..1e11")."""
        return [int(k) for k in np.nonzero((dataset == ds) & (ids == LAW_D_EFF.ids[1]))[0]]

    def observed(ds: str) -> list[int]:
        return [int(j) for q in OBSERVED.ids for j in np.nonzero((dataset == ds) & (ids == q))[0]]

    ref = int(np.nonzero(ids == PREDICTION_REFERENCE)[0][0])
    ref_x = float(lo_all[ref])
    decades = np.log10([lo_all.min(), hi_all.max()])
    xlim = (10 ** math.floor(decades[0]), 10 ** math.ceil(decades[1]))

    fig = Figure(figsize=figsize("neurips_full", 0.68))
    axes = fig.subplots(len(datasets), 1, sharex=True)
    c_classical, c_law, c_obs = color(CLASSICAL.role), color(LAW_D_EFF.role), color(OBSERVED.role)
    bar_h = 0.36

    for ax, ds in zip(axes, datasets, strict=True):
        i = datasets.index(ds)
        n, d = float(r["n"][i]), float(r["d"][i])
        ax.set_xscale("log")
        ax.set_xlim(*xlim)
        ax.set_ylim(len(PREDICTION_ROWS) - 0.45, -0.75)
        ax.set_yticks(range(len(PREDICTION_ROWS)), [_row_label(row) for row in PREDICTION_ROWS])
        ax.tick_params(axis="y", length=0)
        ax.grid(False, axis="y")
        # sizes of 1e4 and more are rounded in the source, so they are "about"
        d_text = f"= {sci(d)}" if d < 1e4 else f"$\\approx$ {sci(d)}"
        ax.set_title(f"{ds}: $n$ = {sci(n)} images of dimension $d$ {d_text}", loc="left")
        ax.axvline(
            ref_x, color=color("reference"), lw=1.0, ls=(0, (4, 2)), zorder=1, gid="reference"
        )

        j = row(ds, CLASSICAL.ids[0])
        ax.plot(lo_all[j], 0, "o", color=c_classical, zorder=3)
        j = row(ds, LAW_D_EFF.ids[0])
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
        taken = [_box(a.get_window_extent()) for a in [*items, *ax.texts]]
        lines_x = [ax.transData.transform((ref_x, 0))[0]]
        kw = {"fontsize": small, "color": foreground}
        j = row(ds, CLASSICAL.ids[0])
        _label(ax, sci(lo_all[j]), lo_all[j], hi_all[j], 0, taken, lines_x, **kw)
        j = row(ds, LAW_D_EFF.ids[0])
        text = (
            f"{sci(lo_all[j])} – {sci(hi_all[j])}  "
            f"($d_{{\\mathrm{{eff}}}}$ = {sci(r['d_eff_low'][i], 1e3)}"
            f"–{sci(r['d_eff_high'][i], 1e3)}: {ORIGIN_WORDS[str(r['origin'][j])]})"
        )
        _label(ax, text, lo_all[j], hi_all[j], 1, taken, lines_x, **kw)
        for k in paper_rows(ds):
            text = f"the paper: $\\geq$ {sci(lo_all[k])} – {sci(hi_all[k])}"
            _label(ax, text, lo_all[k], hi_all[k], 1 - PAPER_OFFSET, taken, lines_x, **kw)
        j = row(ds, LAW_FULL_D.ids[0])
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
