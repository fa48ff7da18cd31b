"""Paper figures of the law of robustness (data from ``smoothness-curve`` and ``law-scaling``).

Series are labelled directly where they are drawn, in their own colour: :class:`Room` finds,
after the layout is fixed, a place beside a curve or line that covers no mark, no line and no
other label, inside the plot.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from assets.numbers import tex_sci
from assets.theme import color, load_theme, sequence_colors
from experiments.store import Result
from figures.registry import figure
from figures.style import figsize, venue_settings

MODEL_LABELS = {
    "random-features": "random features (min-norm)",
    "trained": "trained, plain loss",
    "smooth": "trained to be smooth",
}
FOREGROUND = load_theme()["paper"]["foreground"]
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


def _small() -> float:
    return float(venue_settings()["small_font_size"])


def _model_color(model: str) -> str:
    return color(model.replace("-", "_"))


def _num(x: float, fmt: str) -> str:
    """A number in maths, so that a negative one gets a true minus sign."""
    return f"${x:{fmt}}$"


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


def _title(ax: Axes, phrases: Sequence[str], fontsize: float | None = None) -> None:
    """A left title of ``phrases``, wrapped to the axes' width (call after a layout pass)."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    size = fontsize if fontsize is not None else _small()
    ax.set_title(_wrap(fig, phrases, ax.get_window_extent().width, size), loc="left", fontsize=size)


def _key(fig: Figure, handles: Sequence[Line2D], labels: Sequence[str]) -> Legend:
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


def _first_that_fits(build: Callable[[bool, bool], tuple[Figure, bool]]) -> Figure:
    """``build(inside, keyed)``: a figure with its key inside the plot (else below or beside
    it) and its lines labelled on the plot (else ``keyed``), and whether every key and label
    found room. The first that fits of: key inside; key outside; lines keyed too."""
    for inside, keyed in ((True, False), (False, False)):
        fig, fits = build(inside, keyed)
        if fits:
            return fig
    return build(False, True)[0]


def _handle(marker: str = "", ls: str | tuple[int, tuple[int, int]] = "none", **kw: Any) -> Line2D:
    return Line2D([], [], marker=marker, ls=ls, **kw)


def _densify(xy: np.ndarray, spacing: float) -> np.ndarray:
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
        points = _densify(xy, 1.0)
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
        return _densify(xy, 1.0) if len(xy) else np.empty((0, 2))

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
        return _densify(xy, step * self.px)[::-1] if len(xy) else np.empty((0, 2))

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


FitLine = tuple[np.ndarray, str, str]  # y values, label, colour


def _label_lines(
    room: Room,
    x: np.ndarray,
    lines: Sequence[FitLine],
    to_label: Sequence[FitLine],
    curves: Sequence[tuple[Iterable[float], Iterable[float]]],
    fold: tuple[str, str],
) -> None:
    """Label each line of ``to_label`` (the fitted line, the law's) beside it, away from the
    other lines and the data's ``curves``; if it does not fit, a two-line wording (the
    interval on its own line, and ``fold`` = (old, new) replaced)."""
    for k, (y, text, c) in enumerate(to_label):
        others: list[tuple[Iterable[float], Iterable[float]]] = [
            (x, other) for j, (other, _, _) in enumerate(lines) if j != k
        ]
        others += curves
        room.label(
            [text, text.replace(" [", "\n[").replace(*fold)],
            room.beside(x, y, others),
            near=(x, y),
            apart=others,
            fontsize=_small(),
            color=c,
        )


def _plain_log_ticks(axis: Any, subs: Sequence[float] = (1.0, 2.0, 5.0)) -> None:
    """Major ticks of a log axis at ``subs`` times powers of ten, written as plain numbers (the
    ranges span a decade or two); minor ticks unlabelled."""
    axis.set_major_locator(ticker.LogLocator(base=10, subs=tuple(subs)))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def _thresholds(room: Room, n: int, d: int, *, nd: bool = True) -> list[int]:
    """Labels of the vertical lines at p = n (fitting) and p = n d (smooth fitting), drawn by the
    caller; the lines' indices in ``room`` (for :meth:`Room.soften`)."""
    ylim = room.ax.get_ylim()
    marks = [(n, r"$p=n$")] + ([(n * d, r"$p=nd$")] if nd else [])
    lines = [room.vline(value) for value, _ in marks]
    for value, text in marks:
        room.label(
            text,
            room.along([value, value], ylim, sides=("left", "right")),
            fontsize=_small(),
            color=color("reference"),
        )
    return lines


@figure(
    "interpolation-curve",
    description="training MSE versus parameter count p per model: fitting needs p ~ n",
    needs=("smoothness-curve",),
    width="column",
)
def interpolation_curve(results: Mapping[str, Result]) -> Figure:
    r = results["smoothness-curve"]
    return _first_that_fits(lambda inside, _: _interpolation(r, inside))


def _interpolation(r: Result, inside: bool) -> tuple[Figure, bool]:
    n, d = int(r["n"]), int(r["d"])
    noise, fit_mse = float(r["noise_variance"]), float(r["fit_mse"])
    ref = color("reference")
    fig = Figure(figsize=figsize("column", 0.95))
    ax = fig.subplots()
    # the lines behind the data, thin: a mark on the threshold still shows which side it is on
    ax.axhline(noise, color=ref, lw=0.8, zorder=1)
    ax.axhline(fit_mse, color=ref, lw=0.6, ls=(0, (4, 2)), zorder=1)
    ax.axvline(n, color=ref, lw=0.8, ls=(0, (1, 1.5)), zorder=1)
    handles, labels, drawn = [], [], []
    for i, model in enumerate(r["models"]):
        p, mse = r["p"][i], r["train_mse"][i]  # (W,), (S, W)
        fits = r["fits"][i].all(axis=0)  # below the threshold in every seed
        c, mean = _model_color(str(model)), mse.mean(0)
        ax.fill_between(p, mse.min(0), mse.max(0), color=c, alpha=0.2, lw=0, zorder=2)
        ax.plot(p, mean, "-", color=c, lw=1.1, zorder=3)
        ax.plot(p[fits], mean[fits], "o", color=c, ms=3.5, zorder=4)
        ax.plot(p[~fits], mean[~fits], "o", mfc="white", color=c, ms=3.5, mew=0.9, zorder=4)
        drawn.append((p, mse, mean))
        label = MODEL_LABELS.get(str(model), str(model))
        fitted = mse[:, fits]
        if fitted.size and fitted.min() > 0.5 * fit_mse:  # it fits, but just under the threshold:
            label += f" (MSE {fitted.min():.2g}–{fitted.max():.2g})"  # its train MSE in numbers
        handles.append(_handle("o", "-", color=c, ms=3.5, lw=1.1))
        labels.append(label)
    ax.set_xscale("log")
    ax.set_xlabel(r"trained parameters $p$")
    ax.set_ylabel("training MSE")
    ax.set_ylim(0, 1.15 * noise)
    if not inside:
        _key(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    _title(
        ax,
        [
            f"$n={n}$, $d={d}$,",
            f"{len(r['seeds'])} seeds (bands: min to max);",
            f"filled: train MSE $\\leq {fit_mse:g}$ in every seed",
        ],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    for p, mse, mean in drawn:
        room.line(p, mean, 1.1)
        room.line(p, mse.min(0), 0)
        room.line(p, mse.max(0), 0)
        room.marks(p, mean, 3.5)
    xlim = ax.get_xlim()
    for y in (noise, fit_mse):
        room.hline(y)
    vlines = _thresholds(room, n, d, nd=False)  # the key keeps clear of p = n
    if inside and not room.key(handles, labels, ("center right", "right", "lower right")):
        return fig, False
    room.soften(vlines)
    kw: dict[str, Any] = {"fontsize": _small(), "color": ref}
    room.label(
        rf"noise level $\sigma^2={noise:g}$", room.along(xlim, [noise, noise], ("below",)), **kw
    )
    room.label(f"fit threshold {fit_mse:g}", room.along(xlim, [fit_mse, fit_mse], ("above",)), **kw)
    return fig, not room.pop_failed()


def _floor_lines(ax: Axes, r: Result) -> list[tuple[str, np.ndarray, str, Any]]:
    """The data's floors as horizontal bands (min to max over seeds) with a line at the mean: no
    exact interpolant, and no fit with train MSE <= fit_mse, can be smoother than these."""
    bands = [
        ("lip_floor", "no exact interpolant is smoother", (0, (1, 1))),
        ("lip_floor_fit", rf"no fit with MSE $\leq {float(r['fit_mse']):g}$ is smoother", "-"),
    ]
    drawn = []
    for key, label, style in bands:
        values = r[key][np.isfinite(r[key])]
        if not values.size:
            continue
        ax.axhspan(values.min(), values.max(), color=color("reference"), alpha=0.18, lw=0)
        ax.axhline(values.mean(), color=color("reference"), lw=0.8, ls=style)
        drawn.append((key, values, label, style))
    return drawn


def theorem_note(r: Result) -> str:
    """Where the measurement stands against Theorem 3's sample-size condition."""
    need = tex_sci(float(r["theorem_min_n_eps2"]), digits=2, plain_below=1)
    return (
        rf"$n\varepsilon^2 = {float(r['n_eps2']):.0f} < {need}$, Theorem 3's condition: "
        "its scaling, not its regime"
    )


@figure(
    "smoothness-curve",
    description="Lipschitz constant (lower estimate; certified upper bound as open marks) versus "
    "p, log-log, with the law's sqrt(nd/p) scaling, the marks p = n, p = nd and the data's floors",
    needs=("smoothness-curve",),
)
def smoothness_curve(results: Mapping[str, Result]) -> Figure:
    r = results["smoothness-curve"]
    keyed: set[str] = set()  # series named in the key rather than on the plot
    inside = True  # the key in an empty corner of the plot, else below it
    for _ in range(4):
        fig, failed = _smoothness(r, keyed, inside)
        if not failed:
            break
        if "key" in failed:
            inside = False
        if set(failed) & set(MODEL_LABELS):  # the model families: all labelled, or all keyed
            failed += [str(m) for m in r["models"]]
        keyed |= set(failed) - {"key"}
    return fig


def _smoothness(r: Result, keyed: set[str], inside: bool) -> tuple[Figure, list[str]]:
    """The smoothness curve, with the series named in ``keyed`` (models, the floors' result keys,
    ``law``) in the key rather than labelled on the plot, the key ``inside`` the plot or below
    it; and what found no room (series, or ``key``)."""
    n, d = int(r["n"]), int(r["d"])
    fit_mse = float(r["fit_mse"])
    ref, small = color("reference"), _small()
    fig = Figure(figsize=figsize("full", 0.7))
    ax = fig.subplots()
    drawn = []
    for i, model in enumerate(r["models"]):
        c = _model_color(str(model))
        p, lo, up = r["p"][i], r["lip_lower"][i], r["lip_upper"][i]
        fits = r["fits"][i].all(axis=0)
        mean = lo.mean(0)
        ax.fill_between(p, lo.min(0), lo.max(0), color=c, alpha=0.2, lw=0)
        ax.plot(p, mean, "-", color=c)
        ax.plot(p[fits], mean[fits], "o", color=c, ms=3.5)
        ax.plot(p[~fits], mean[~fits], "o", mfc="white", color=c, ms=3.5)
        ax.plot(p, up.mean(0), "^", mfc="none", color=c, ms=3.5, mew=0.8)
        drawn.append((str(model), c, p, lo, up.mean(0)))
    p_all = np.unique(r["p"])
    grid = np.geomspace(p_all.min(), p_all.max(), 100)
    law = np.sqrt(n * d / grid)
    law_style: dict[str, Any] = {"color": color("law"), "ls": (0, (5, 2)), "lw": 1.1}
    ax.plot(grid, law, **law_style)
    law_text = r"the law's scaling $\propto\sqrt{nd/p}$"  # proportional: constants omitted
    floors = _floor_lines(ax, r)
    for value in (n, n * d):
        ax.axvline(value, color=ref, lw=0.8, ls=(0, (1, 1.5)), zorder=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"trained parameters $p$")
    ax.set_ylabel(r"Lipschitz constant of the fit")
    lowest = min(float(law.min()), *(float(v.min()) for _, v, _, _ in floors))
    ax.set_ylim(bottom=lowest / 3)  # room under the floors and the law's line for their labels

    # one key for the marks; the series are labelled where they are drawn, or else keyed too
    handles, labels = [], []
    for model, c, *_ in drawn:
        if model in keyed:
            handles.append(_handle("o", "-", color=c, ms=3.5))
            labels.append(MODEL_LABELS.get(model, model))
    if "law" in keyed:
        handles.append(_handle(**law_style))
        labels.append(law_text)
    for key, _, text, style in floors:
        if key in keyed:
            handles.append(_handle(color=ref, lw=0.8, ls=style))
            labels.append(text)
    handles += [
        _handle("o", color=FOREGROUND, ms=3.5),
        _handle("o", color=FOREGROUND, mfc="white", ms=3.5),
        _handle("^", color=FOREGROUND, mfc="none", ms=3.5, mew=0.8),
    ]
    labels += [
        f"lower estimate, train MSE $\\leq {fit_mse:g}$ (fits)",
        f"lower estimate, train MSE $> {fit_mse:g}$",
        "certified upper bound",
    ]
    if not inside:
        _key(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    _title(
        ax,
        [f"$n={n}$, $d={d}$, {len(r['seeds'])} seeds (bands: min to max);", theorem_note(r)],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    for _, _, p, lo, up in drawn:
        room.line(p, lo.mean(0), 1.3)
        room.line(p, lo.min(0), 0)
        room.line(p, lo.max(0), 0)
        room.marks(p, lo.mean(0), 3.5)
        room.marks(p, up, 3.5)
    room.line(grid, law, 1.1)
    floor_lines = [
        [room.hline(y, 0.8) for y in (values.min(), values.mean(), values.max())]
        for _, values, _, _ in floors
    ]
    vlines = _thresholds(room, n, d)  # the key and the floors' labels keep clear of them
    if inside and not room.key(handles, labels):
        return fig, ["key"]
    xlim = ax.get_xlim()
    failed = []
    for (key, values, text, _), own in zip(floors, floor_lines, strict=True):
        if key in keyed:
            continue
        y = float(values.mean())  # on its line from the left end, else beside it
        places = room.along(xlim[::-1], [y, y], ("on",), offsets=(0.0,))
        places += room.along(xlim[::-1], [y, y], ("below", "above"), offsets=(2.5,))
        wordings = [text, text.replace(" is ", "\nis ")]
        ann = room.label(wordings, places, ignore=own, fontsize=small, color=ref)
        if room.pop_failed():  # else across p = n or p = n d, interrupting it
            ann.remove()
            room.boxes.pop()
            room.label(wordings, places, ignore=[*own, *vlines], fontsize=small, color=ref)
            failed += [key] if room.pop_failed() else []
    room.soften(vlines)
    curves = [(p, lo.mean(0)) for _, _, p, lo, _ in drawn]
    lines = [(grid, law)] + [(xlim, [float(v.mean())] * 2) for _, v, _, _ in floors]
    for k, (model, c, p, lo, _) in enumerate(drawn):
        if model in keyed:
            continue
        room.label(
            MODEL_LABELS.get(model, model),
            room.beside(p, lo.mean(0), curves[:k] + curves[k + 1 :] + lines),
            near=(p, lo.mean(0)),
            apart=curves[:k] + curves[k + 1 :],
            fontsize=small,
            color=c,
        )
        failed += [model] if room.pop_failed() else []
    if "law" not in keyed:
        room.label(
            law_text,
            room.along(grid, law, offsets=(4.5, 9.0)),
            fontsize=small,
            color=law_style["color"],
        )
        failed += ["law"] if room.pop_failed() else []
    return fig, failed


def collapse_verdict(r: Result) -> str:
    """Whether the cells of a law-scaling grid lie on one line, in words, from their offsets."""
    offsets = r["cell_offset"][np.isfinite(r["cell_offset"])]
    if offsets.size < 2:
        return "Too few cells to tell whether they collapse"
    spread = float(np.exp(np.ptp(offsets)))
    if spread <= 1.25:
        return f"The cells collapse onto one line (offsets within $\\times{spread:.2f}$)"
    return f"The cells do not collapse: offsets up to $\\times{spread:.1f}$"


def _grid_key(
    ds: Sequence[int], ns: Sequence[int], colors: Mapping[int, str], markers: Mapping[int, str]
) -> tuple[list[Line2D], list[str]]:
    """Key entries of a grid of cells: colour = d, marker = n."""
    handles = [_handle("s", color=colors[d], ms=4.5) for d in ds]
    handles += [_handle(markers[n], color=FOREGROUND, ms=3.5) for n in ns]
    return handles, [f"$d={d}$" for d in ds] + [f"$n={n}$" for n in ns]


def _grid_styles(r: Result) -> tuple[list[int], list[int], dict[int, str], dict[int, str]]:
    """The grid's dimensions d and sizes n, a series colour per d and a marker per n."""
    ds = sorted(set(r["d"].tolist()))
    ns = sorted(set(r["n"].tolist()))
    colors = dict(zip(ds, sequence_colors(len(ds)), strict=True))
    markers = dict(zip(ns, "osD^v<>", strict=False))
    return ds, ns, colors, markers


@figure(
    "law-collapse",
    description="Lipschitz lower estimate against n*d/p for a grid of n and d: the fitted "
    "log-log slope with its bootstrap interval against the law's 1/2, and whether the cells "
    "collapse",
    needs=("law-scaling",),
    width="column",
)
def law_collapse(results: Mapping[str, Result]) -> Figure:
    r = results["law-scaling"]
    return _first_that_fits(lambda inside, keyed: _collapse(r, inside, keyed))


def _collapse(r: Result, inside: bool, keyed: bool) -> tuple[Figure, bool]:
    fig = Figure(figsize=figsize("column", 1.15))
    ax = fig.subplots()
    ds, ns, colors, markers = _grid_styles(r)
    seeds = r["lip_lower"].shape[1]
    cells = []
    for c in range(len(r["n"])):
        n, d = int(r["n"][c]), int(r["d"][c])
        x, lip = r["nd_over_p"][c], r["lip_lower"][c]
        ax.plot(x, lip.mean(0), "-", color=colors[d], lw=0.7, alpha=0.6)
        used = r["used_in_fit"][c]
        xs = np.broadcast_to(x, lip.shape)
        ax.plot(xs[used], lip[used], markers[n], color=colors[d], ms=3)
        ax.plot(xs[~used], lip[~used], markers[n], mfc="white", color=colors[d], ms=3, mew=0.6)
        near = r["near_floor"][c]
        ax.plot(xs[near], lip[near], "x", color=FOREGROUND, ms=4)
        cells.append((x, lip, xs))
    xs = np.geomspace(r["nd_over_p"].min(), r["nd_over_p"].max(), 50)
    law_style: dict[str, Any] = {"color": color("law"), "ls": (0, (5, 2)), "lw": 1.1}
    slope, intercept = float(r["slope"]), float(r["intercept"])
    low, high = float(r["slope_low"]), float(r["slope_high"])
    lines = []
    if np.isfinite(slope):
        fitted, law = np.exp(intercept) * xs**slope, np.exp(intercept) * xs**0.5
        ax.plot(xs, fitted, color=FOREGROUND, lw=1.1)
        ax.plot(xs, law, **law_style)
        lines = [
            (fitted, f"fitted slope {slope:.2f} [{low:.2f}, {high:.2f}]", FOREGROUND),
            (law, "the law's slope 1/2", color("law")),
        ]
    handles, labels = _grid_key(ds, ns, colors, markers)
    if keyed:  # the lines in the key too
        handles = [_handle(ls="-", color=FOREGROUND, lw=1.1), _handle(**law_style), *handles]
        labels = [text for _, text, _ in lines] + labels
        lines_to_label = []
    else:
        lines_to_label = lines
    if r["near_floor"].any():
        handles.append(_handle("x", color=FOREGROUND, ms=4))
        labels.append("within 2$\\times$ of the floor (left out)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$nd/p$")
    ax.set_ylabel("Lip (lower estimate)")
    _plain_log_ticks(ax.xaxis)
    _plain_log_ticks(ax.yaxis, (1.0, 2.0, 3.0, 5.0))
    low_lip = float(np.nanmin(r["lip_lower"]))
    if lines:  # room under the data for the lines' labels
        low_lip = min(low_lip, float(np.min(lines[0][0])), float(np.min(lines[1][0])))
    ax.set_ylim(bottom=low_lip / 1.4)
    if not inside:
        _key(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    model = MODEL_LABELS.get(str(r["model"]), str(r["model"]))
    _title(
        ax,
        [
            f"{collapse_verdict(r)}.",
            f"{model[0].upper()}{model[1:]}, {seeds} seeds;",
            "filled: used in the fit;",
            "[ ]: 95% bootstrap interval",
        ],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    for x, lip, xs_ in cells:
        room.line(x, lip.mean(0), 0.7)
        room.marks(xs_.ravel(), lip.ravel(), 3.5)
    for y, _, _ in lines:
        room.line(xs, y, 1.1)
    if inside and not room.key(handles, labels):
        return fig, False
    means = [(x, lip.mean(0)) for x, lip, _ in cells]
    _label_lines(room, xs, lines, lines_to_label, means, ("'s slope", "'s\nslope"))
    return fig, not room.pop_failed()


@figure(
    "parameters-needed",
    description="the smallest p reaching a target Lipschitz constant while fitting below the "
    "noise level, against n*d: the fitted exponent with its bootstrap interval (the law: 1)",
    needs=("parameters-needed",),
    width="column",
)
def parameters_needed(results: Mapping[str, Result]) -> Figure:
    r = results["parameters-needed"]
    return _first_that_fits(lambda inside, keyed: _needed(r, inside, keyed))


def _needed(r: Result, inside: bool, keyed: bool) -> tuple[Figure, bool]:
    fig = Figure(figsize=figsize("column", 1.15))
    ax = fig.subplots()
    ds, ns, colors, markers = _grid_styles(r)
    drawn_x, drawn_y, drawn_s = [], [], []
    for c in range(len(r["n"])):
        n, d, cell_nd = int(r["n"][c]), int(r["d"][c]), float(r["nd"][c])
        needed = r["p_needed"][c]
        ok = np.isfinite(needed)
        ax.plot(np.full(ok.sum(), cell_nd), needed[ok], ".", color=colors[d], ms=3, alpha=0.6)
        drawn_x += [cell_nd] * int(ok.sum())
        drawn_y += needed[ok].tolist()
        drawn_s += [3.0] * int(ok.sum())
        if np.isfinite(r["p_needed_median"][c]):
            ax.plot(cell_nd, r["p_needed_median"][c], markers[n], color=colors[d], ms=4.5)
            drawn_x.append(cell_nd)
            drawn_y.append(float(r["p_needed_median"][c]))
            drawn_s.append(4.5)
        missed = int((~ok).sum())
        if missed:  # not reached on the grid: more than the largest p tried
            top = np.full(missed, float(r["p"][c].max()))
            ax.plot(np.full(missed, cell_nd), top, "^", mfc="none", color=colors[d], ms=4)
            drawn_x += [cell_nd] * missed
            drawn_y += top.tolist()
            drawn_s += [4.0] * missed
    nd = np.geomspace(r["nd"].min(), r["nd"].max(), 50)
    law_style: dict[str, Any] = {"color": color("law"), "ls": (0, (5, 2)), "lw": 1.1}
    exponent, intercept = float(r["exponent"]), float(r["intercept"])
    low, high = float(r["exponent_low"]), float(r["exponent_high"])
    lines = []
    if np.isfinite(exponent):
        fitted = np.exp(intercept) * nd**exponent
        centre = np.exp(np.mean(np.log(nd)))  # the law's exponent 1 through the fit's middle
        law = np.exp(intercept) * centre**exponent * (nd / centre)
        ax.plot(nd, fitted, color=FOREGROUND, lw=1.1)
        ax.plot(nd, law, **law_style)
        lines = [
            (fitted, f"fitted exponent {exponent:.2f} [{low:.2f}, {high:.2f}]", FOREGROUND),
            (law, "the law's exponent 1", color("law")),
        ]
    handles, labels = _grid_key(ds, ns, colors, markers)
    if keyed:  # the lines in the key too
        handles = [_handle(ls="-", color=FOREGROUND, lw=1.1), _handle(**law_style), *handles]
        labels = [text for _, text, _ in lines] + labels
        lines_to_label = []
    else:
        lines_to_label = lines
    if not np.isfinite(r["p_needed"]).all():
        handles.append(_handle("^", color=FOREGROUND, mfc="none", ms=4))
        labels.append("not reached: more than the largest $p$ tried")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$nd$")
    ax.set_ylabel(r"parameters needed $p$")
    cells_nd = np.unique(r["nd"])  # the x ticks: the cells' own n d
    ax.set_xlim(cells_nd.min() / 1.25, cells_nd.max() * 1.25)
    ax.xaxis.set_major_locator(ticker.FixedLocator(cells_nd.tolist()))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    _plain_log_ticks(ax.yaxis)
    if not inside:
        _key(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    a, b = float(r["exponent_n"]), float(r["exponent_d"])
    n_range = (
        f"[{_num(float(r['exponent_n_low']), '.2f')}, {_num(float(r['exponent_n_high']), '.2f')}]"
    )
    d_range = (
        f"[{_num(float(r['exponent_d_low']), '.2f')}, {_num(float(r['exponent_d_high']), '.2f')}]"
    )
    _title(
        ax,
        [
            f"Smallest $p$ with Lip $\\leq {float(r['target_lip']):g}$",
            f"and train MSE $\\leq {float(r['fit_mse']):g}$;",
            f"{r['p_needed'].shape[1]} seeds (dots), median (large).",
            f"Apart: $p \\propto n^{{{a:.2f}}}\\, d^{{{b:.2f}}}$",
            f"($n$: {n_range}, $d$: {d_range});",
            "[ ]: 95% bootstrap intervals",
        ],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    room.marks(drawn_x, drawn_y, 4.5)
    for y, _, _ in lines:
        room.line(nd, y, 1.1)
    if inside and not room.key(handles, labels):
        return fig, False
    _label_lines(room, nd, lines, lines_to_label, [], ("'s exponent", "'s\nexponent"))
    return fig, not room.pop_failed()


@figure(
    "toy-fits",
    description="noisy points interpolated exactly with p = n random features (one kink per "
    "gap: steep) and with many (minimum-norm: smooth), the steepest slope marked as Lip",
    needs=("toy-fits",),
)
def toy_fits(results: Mapping[str, Result]) -> Figure:
    r = results["toy-fits"]
    fig = Figure(figsize=figsize("full", 0.46))
    axes = fig.subplots(1, 2)  # own y ranges: the spike of the p = n fit dwarfs the other
    grid = r["grid"]
    for ax, name in ((axes[0], "few"), (axes[1], "many")):
        fit, lip = r[f"{name}_fit"], float(r[f"{name}_lip"])
        lo, hi = min(fit.min(), r["y"].min()), max(fit.max(), r["y"].max())
        pad = 0.08 * (hi - lo)
        ax.plot(grid, fit, color=color("random_features"), lw=1.2)
        ax.plot(r["x"], r["y"], "o", color=color("data"), mec="#1A1A1A", mew=0.6, ms=4, zorder=5)
        # The steepest piece: a short segment of slope +-Lip through the fit at that point.
        x0 = float(r[f"{name}_steepest_x"])
        y0 = float(np.interp(x0, grid, fit))
        i = int(np.searchsorted(grid, x0))
        sign = np.sign(fit[min(i + 1, len(fit) - 1)] - fit[max(i - 1, 0)]) or 1.0
        half = min(0.08, 0.35 * (hi - lo) / lip)
        ax.plot(
            [x0 - half, x0 + half],
            [y0 - sign * lip * half, y0 + sign * lip * half],
            color=color("law"),
            lw=2.4,
            solid_capstyle="round",
        )
        ax.set_xlabel("$x$")
        ax.set_xlim(-1, 1)
        ax.set_ylim(lo - pad, hi + pad)
    axes[0].set_ylabel("$y$")
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    for ax, name in ((axes[0], "few"), (axes[1], "many")):
        how = "one kink per gap" if name == "few" else "minimum norm"
        lip = float(r[f"{name}_lip"])
        _title(ax, [f"$p = {int(r[f'{name}_p'])}$ ({how}):", f"Lip $= {lip:.3g}$"])
    worst = max(float(r["few_residual_max"]), float(r["many_residual_max"]))
    small = _small()
    phrases = [
        f"Random ReLU features through {r['x'].size} points, exactly",
        f"(largest residual ${tex_sci(worst, digits=1, plain_below=0)}$);",
        "thick segment: the steepest piece.",
        f"No interpolant has Lip below {float(r['interpolation_lip_min']):.3g}",
        "(the steepest slope between neighbouring points).",
        "In $d = 1$, $nd = n$: this is what Lip means, not yet the law.",
    ]
    fig.suptitle(_wrap(fig, phrases, 0.96 * fig.get_window_extent().width, small), fontsize=small)
    return fig
