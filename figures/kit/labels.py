"""Labels and keys of the paper figures that label their series where they are drawn.

:class:`Room` records, after a figure's layout is fixed, what a label must keep clear of on its
axes, in display pixels (the curves, sampled every pixel; the marks; the labels already placed; the
plot's edge), and puts each label at the free place nearest to its own curve and farthest from the
others. It complements :func:`assets.layout.place_label`, the first-free placer that figures and
scenes share for labels beside marks: Room is matplotlib's, for labels that must also clear curves.
``wrapped_title`` wraps a title to its axes, ``key_outside`` puts a key outside the plot where it
leaves the plot the most room, ``first_that_fits`` tries a figure's layouts in order.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from assets.theme import load_theme
from figures.kit.style import venue_settings

GRAZE = 3  # Room.clashes: this much in the way still counts as free


# behind a label: it interrupts the grid and reference lines it crosses
BACKGROUND = {"fc": load_theme()["paper"]["background"], "ec": "none", "pad": 1.0}


# A candidate place for a label: anchor (data coordinates), offset (points), alignments.
HAlign = Literal["left", "center", "right"]


VAlign = Literal["bottom", "center", "top"]


Place = tuple[tuple[float, float], tuple[float, float], HAlign, VAlign]


ALIGNS: tuple[HAlign, ...] = ("center", "right", "left")


OutsideLoc = Literal["outside lower center", "outside right upper"]


LegendLoc = Literal[
    "upper right",
    "upper left",
    "lower left",
    "lower right",
    "right",
    "center right",
    "center left",
    "upper center",
    "lower center",
    "center",
]


def small_font_size() -> float:
    """The venue's small font size (points): keys, labels and panel titles."""
    return float(venue_settings()["small_font_size"])


def _text_width(fig: Figure, text: str, fontsize: float) -> float:
    """Width of ``text`` in display pixels."""
    t = fig.text(0, 0, text, fontsize=fontsize)
    width = float(t.get_window_extent().width)
    t.remove()
    return width


def _words(phrase: str) -> list[str]:
    """``phrase`` split at spaces outside maths."""
    words, current, maths = [], "", False
    for ch in phrase:
        if ch == "$":
            maths = not maths
        if ch == " " and not maths:
            words.append(current)
            current = ""
        else:
            current += ch
    return [*words, current]


def _wrap(fig: Figure, phrases: Sequence[str], width: float, fontsize: float) -> str:
    """``phrases`` joined by spaces into lines within ``width`` pixels, each phrase kept on one
    line where it fits on one."""
    lines: list[str] = []

    def fits(text: str) -> bool:
        return _text_width(fig, text, fontsize) <= width

    for phrase in phrases:
        if lines and fits(f"{lines[-1]} {phrase}"):
            lines[-1] = f"{lines[-1]} {phrase}"
        elif fits(phrase):
            lines.append(phrase)
        else:  # too long for a line of its own: break it between words
            words = _words(phrase)
            lines.append(words[0])
            for word in words[1:]:
                if fits(f"{lines[-1]} {word}"):
                    lines[-1] = f"{lines[-1]} {word}"
                else:
                    lines.append(word)
    return "\n".join(lines)


def wrapped_title(ax: Axes, phrases: Sequence[str], fontsize: float | None = None) -> None:
    """A left title of ``phrases``, wrapped to the axes' width (call after a layout pass)."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    size = fontsize if fontsize is not None else small_font_size()
    ax.set_title(_wrap(fig, phrases, ax.get_window_extent().width, size), loc="left", fontsize=size)


def key_outside(fig: Figure, handles: Sequence[Line2D], labels: Sequence[str]) -> Legend:
    """A key outside the plot: below it in as many columns as the figure's width takes, or to
    its right in one, whichever leaves the plot more room."""
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    width = fig.get_window_extent().width * 0.98
    best: tuple[float, OutsideLoc, int] | None = None
    outside: tuple[OutsideLoc, ...] = ("outside lower center", "outside right upper")
    for loc in outside:
        for ncol in range(len(handles), 0, -1) if "lower" in loc else (1,):
            legend = fig.legend(handles, labels, loc=loc, ncol=ncol)
            with warnings.catch_warnings():  # a key too wide to sit beside: the plot collapses
                warnings.simplefilter("ignore", UserWarning)
                fig.draw_without_rendering()
            box = legend.get_window_extent()
            area = sum(a.get_window_extent().width * a.get_window_extent().height for a in fig.axes)
            legend.remove()
            if box.width <= width or ncol == 1:
                if box.width <= width and (best is None or area > best[0]):
                    best = (area, loc, ncol)
                break
    loc, ncol = (best[1], best[2]) if best is not None else (outside[0], 1)
    rows = -(-len(handles) // ncol)
    return fig.legend(handles, labels, loc=loc, ncol=-(-len(handles) // rows))  # even columns


def first_that_fits(build: Callable[[bool, bool], tuple[Figure, bool]]) -> Figure:
    """``build(inside, keyed)``: a figure with its key inside the plot (else below or beside
    it) and its lines labelled on the plot (else ``keyed``), and whether every key and label
    found room. The first that fits of: key inside; key outside; lines keyed too."""
    for inside, keyed in ((True, False), (False, False)):
        fig, fits = build(inside, keyed)
        if fits:
            return fig
    return build(False, True)[0]


def key_handle(
    marker: str = "", ls: str | tuple[int, tuple[int, int]] = "none", **kw: Any
) -> Line2D:
    """A key's sample of a line or a mark, drawn nowhere on the plot."""
    return Line2D([], [], marker=marker, ls=ls, **kw)


def densify(xy: np.ndarray, spacing: float) -> np.ndarray:
    """The polyline ``xy`` (display pixels) with points at most ``spacing`` apart."""
    if not len(xy):
        return np.empty((0, 2))
    parts = [xy[:1]]
    for a, b in itertools.pairwise(xy):
        k = max(2, int(np.hypot(*(b - a)) / spacing) + 1)
        parts.append(a + (b - a) * np.linspace(0, 1, k)[1:, None])
    return np.concatenate(parts)


def _distance(box: Bbox, points: np.ndarray) -> float:
    """Smallest distance from ``box`` to ``points`` (display pixels; 0 inside it)."""
    if not len(points):
        return float("inf")
    dx = np.maximum(np.maximum(box.x0 - points[:, 0], points[:, 0] - box.x1), 0)
    dy = np.maximum(np.maximum(box.y0 - points[:, 1], points[:, 1] - box.y1), 0)
    return float(np.hypot(dx, dy).min())


class Room:
    """What a label on ``ax`` must keep clear of, in display pixels: marks, lines, other labels,
    the plot's edge. Fill it after the layout is fixed (``fig.draw_without_rendering()``)."""

    def __init__(self, ax: Axes, gap: float = 2.0) -> None:
        fig = ax.get_figure(root=True)
        assert isinstance(fig, Figure)
        self.ax, self.px = ax, fig.dpi / 72.0
        self.gap = gap * self.px
        self.frame = ax.get_window_extent()
        self.points: list[np.ndarray] = []  # lines, sampled every pixel
        self.boxes: list[Bbox] = []  # marks and labels
        self.failed: list[str] = []  # labels that found no free place

    def _display(self, x: Iterable[float], y: Iterable[float]) -> np.ndarray:
        xy = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if self.ax.get_xscale() == "log":
            xy = xy[xy[:, 0] > 0]
        if self.ax.get_yscale() == "log":
            xy = xy[xy[:, 1] > 0]
        return np.asarray(self.ax.transData.transform(xy)) if len(xy) else np.empty((0, 2))

    def line(self, x: Iterable[float], y: Iterable[float], width: float = 1.0) -> int:
        """A polyline of data points (``width`` in points: its half is kept clear too); its
        index, for :meth:`label`'s ``ignore``."""
        xy = self._display(x, y)
        if not len(xy):
            xy = np.empty((0, 2))
        points = densify(xy, 1.0)
        half = np.array([0.0, width * self.px / 2])
        if half[1] > 0.5:  # a thick line: its two edges as well
            points = np.concatenate([points, points + half, points - half])
        self.points.append(points)
        return len(self.points) - 1

    def hline(self, y: float, width: float = 1.0) -> int:
        return self.line(self.ax.get_xlim(), [y, y], width)

    def vline(self, x: float, width: float = 1.0) -> int:
        return self.line([x, x], self.ax.get_ylim(), width)

    def marks(self, x: Iterable[float], y: Iterable[float], size: float) -> None:
        """Markers of ``size`` points at the data points."""
        half = size * self.px / 2 + 0.5
        for cx, cy in self._display(x, y):
            self.boxes.append(Bbox.from_extents(cx - half, cy - half, cx + half, cy + half))

    def clashes(self, box: Bbox, ignore: Sequence[int] = ()) -> int:
        """How much ``box`` is in the way: 10 for each point of a line inside it and 1 for each
        within the gap around it, 1000 for each box it comes near, and a large count when it
        leaves the plot. At most :data:`GRAZE` counts as free: a line grazing the gap."""
        g = self.gap
        grown = Bbox.from_extents(box.x0 - g, box.y0 - g, box.x1 + g, box.y1 + g)
        f = self.frame
        inside = f.x0 < grown.x0 and grown.x1 < f.x1 and f.y0 < grown.y0 and grown.y1 < f.y1
        count = 0 if inside else 10**6
        for k, pts in enumerate(self.points):
            if k in ignore:
                continue
            x, y = pts[:, 0], pts[:, 1]
            near = (x >= grown.x0) & (x <= grown.x1) & (y >= grown.y0) & (y <= grown.y1)
            under = (x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)
            count += int(near.sum()) + 9 * int(under.sum())
        count += 1000 * sum(grown.overlaps(b) for b in self.boxes)
        return count

    def soften(self, lines: Sequence[int]) -> None:
        """Let later labels cross these lines (thin reference lines, like grid lines): a label's
        background interrupts them."""
        for k in lines:
            self.points[k] = np.empty((0, 2))

    def pop_failed(self) -> bool:
        """Whether a label placed since the last call found no free place."""
        failed = bool(self.failed)
        self.failed.clear()
        return failed

    def key(
        self,
        handles: Sequence[Line2D],
        labels: Sequence[str],
        locs: Sequence[LegendLoc] = ("upper right", "upper left", "lower left", "lower right"),
    ) -> Legend | None:
        """A key in the first corner of the plot where it covers nothing, or None."""
        for loc in locs:
            legend = self.ax.legend(
                handles,
                labels,
                loc=loc,
                frameon=True,
                facecolor=BACKGROUND["fc"],
                edgecolor="none",
                framealpha=1.0,
            )
            legend.set_in_layout(False)  # inside the plot: the layout is already fixed
            box = legend.get_window_extent()
            if self.clashes(box) <= GRAZE:
                self.boxes.append(box)
                return legend
            legend.remove()
        return None

    def _sampled(self, x: Iterable[float], y: Iterable[float]) -> np.ndarray:
        xy = self._display(x, y)
        return densify(xy, 1.0) if len(xy) else np.empty((0, 2))

    def label(
        self,
        text: str | Sequence[str],
        places: Sequence[Place],
        *,
        near: tuple[Iterable[float], Iterable[float]] | None = None,
        apart: Sequence[tuple[Iterable[float], Iterable[float]]] = (),
        ignore: Sequence[int] = (),
        leader: Mapping[str, Any] | None = None,
        **kw: Any,
    ) -> Annotation:
        """``text`` (or the first of its wordings that fits) at the first free of ``places``;
        with ``near`` (a curve), at the free place nearest to it and farthest from the ``apart``
        curves, so that it reads as that curve's label. Where no place is free, where it is
        least in the way. Lines in ``ignore`` (indices) may pass under it (a label on its own
        line, which it interrupts with a background of its own). ``leader``: the arrow
        properties of a line from the label to its anchor."""
        wordings = [text] if isinstance(text, str) else list(text)
        kw.setdefault("bbox", BACKGROUND)
        ann = self.ax.annotate(
            wordings[0], places[0][0], xytext=places[0][1], textcoords="offset points", **kw
        )
        ann.set_in_layout(False)  # inside the plot: the layout is already fixed
        own = self._sampled(*near) if near is not None else None
        rivals = [self._sampled(*curve) for curve in apart]
        cap = 24 * self.px  # farther from the others than this counts as far

        def put(wording: str, place: Place) -> Bbox:
            ann.set_text(wording)
            ann.xy, ann.xyann = place[0], place[1]
            ann.set_horizontalalignment(place[2])
            ann.set_verticalalignment(place[3])
            return ann.get_window_extent()

        best: tuple[tuple[int, float], str, Place] | None = None
        for wording in wordings:
            for place in places:
                box = put(wording, place)
                score = self.clashes(box, ignore)
                if score > GRAZE:
                    key: tuple[int, float] = (1, float(score))
                elif own is None:
                    key = (0, 0.0)
                else:
                    rival = min([cap, *(_distance(box, r) for r in rivals)])
                    key = (0, _distance(box, own) - rival)
                if best is None or key < best[0]:
                    best = (key, wording, place)
                if key[0] == 0 and own is None:
                    break
            if best is not None and best[0][0] == 0:
                break
        assert best is not None
        if best[0][0]:
            self.failed.append(wordings[0])
        self.boxes.append(put(best[1], best[2]))
        if leader is not None:  # from the label's anchor on its edge to the point it labels
            self.ax.annotate(
                "", ann.xy, xytext=ann.xyann, textcoords="offset points", arrowprops=dict(leader)
            ).set_in_layout(False)
        return ann

    def _anchors(self, x: Iterable[float], y: Iterable[float], step: float) -> np.ndarray:
        """Points every ``step`` points along a polyline (display pixels), last point first."""
        xy = self._display(x, y)
        return densify(xy, step * self.px)[::-1] if len(xy) else np.empty((0, 2))

    def _around(self, at: np.ndarray, side: str, offset: float) -> list[Place]:
        xy = tuple(float(v) for v in self.ax.transData.inverted().transform(at))
        anchor = (xy[0], xy[1])
        if side == "above":
            return [(anchor, (0, offset), h, "bottom") for h in ALIGNS]
        if side == "below":
            return [(anchor, (0, -offset), h, "top") for h in ALIGNS]
        if side == "on":
            return [(anchor, (0, 0), h, "center") for h in ALIGNS]
        if side == "right":
            return [(anchor, (offset, 0), "left", "center")]
        return [(anchor, (-offset, 0), "right", "center")]

    def along(
        self,
        x: Iterable[float],
        y: Iterable[float],
        sides: Sequence[str] = ("above", "below"),
        step: float = 8.0,
        offsets: Sequence[float] = (4.5,),
    ) -> list[Place]:
        """Places beside a polyline, from its last point back to its first: every ``step``
        points along it, ``offsets`` points off it on each of ``sides`` (above, below, right,
        left; above and below centred on the point, ending at it or starting at it), the
        nearest offset first."""
        anchors = self._anchors(x, y, step)
        return [
            place
            for offset in offsets
            for at in anchors
            for side in sides
            for place in self._around(at, side, offset)
        ]

    def beside(
        self,
        x: Iterable[float],
        y: Iterable[float],
        others: Sequence[tuple[Iterable[float], Iterable[float]]],
        step: float = 8.0,
        offsets: Sequence[float] = (4.5, 10.0, 16.0),
    ) -> list[Place]:
        """Places above or below a curve, where it has the most room: points along it ranked
        by the height free on that side up to the nearest of the ``others`` curves (or the
        plot's edge), the nearest offset first."""
        curves = []
        for ox, oy in others:
            o = self._display(ox, oy)
            if len(o) > 1:
                o = o[np.argsort(o[:, 0])]
                curves.append((o[:, 0], o[:, 1]))
        ranked: list[tuple[float, str, np.ndarray]] = []
        for at in self._anchors(x, y, step):
            room = {"above": self.frame.y1 - at[1], "below": at[1] - self.frame.y0}
            for ox, oy in curves:
                if ox[0] <= at[0] <= ox[-1]:
                    level = float(np.interp(at[0], ox, oy))
                    side = "above" if level >= at[1] else "below"
                    room[side] = min(room[side], abs(level - at[1]))
            ranked += [(free, side, at) for side, free in room.items()]
        ranked.sort(key=lambda item: -item[0])
        return [
            place
            for offset in offsets
            for _, side, at in ranked
            for place in self._around(at, side, offset)
        ]
