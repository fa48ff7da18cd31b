"""Reusable drawing pieces for scenes: themed text, maths, axes and curves drawn from data."""

from __future__ import annotations

import math as pymath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    UP,
    UR,
    Animation,
    Axes,
    ChangeDecimalToValue,
    DashedVMobject,
    DecimalNumber,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    Polygon,
    RoundedRectangle,
    Succession,
    Text,
    VGroup,
    VMobject,
)

from assets.layout import Box
from experiments.core.errors import MissingToolError
from scenes.kit.mathjax import TEX_INSTALL, require_math_tools
from scenes.kit.theme import (
    AXIS_STROKE,
    CARD,
    FONT,
    FOREGROUND,
    MATH_SCALE,
    MUTED,
    SAFE_MARGIN,
    SHADE,
    STROKE,
    Size,
)


def at(x: float, y: float) -> np.ndarray:
    """The scene point (x, y, 0)."""
    return np.array([x, y, 0.0])


@dataclass(frozen=True)
class PlotBox:
    """A plot's rectangle on screen: ``point(u, v)`` maps u in [-1, 1] (left to right) and v in
    [0, 1] (bottom to top) into it. Plots whose window or range moves (a stretching axis, a
    growing y range) compute u and v themselves and redraw from here."""

    left: float
    bottom: float
    width: float
    height: float

    def point(self, u: float, v: float) -> np.ndarray:
        return at(self.left + 0.5 * (u + 1) * self.width, self.bottom + v * self.height)

    def points(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Many points at once: an (N, 3) array."""
        u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
        xs = self.left + 0.5 * (u + 1) * self.width
        return np.stack([xs, self.bottom + v * self.height, np.zeros_like(xs)], axis=-1)

    def blend(self, other: PlotBox, alpha: float) -> PlotBox:
        """The box ``alpha`` of the way to ``other`` (0: this one, 1: the other)."""
        mix = lambda a, b: (1 - alpha) * a + alpha * b  # noqa: E731
        return PlotBox(
            mix(self.left, other.left),
            mix(self.bottom, other.bottom),
            mix(self.width, other.width),
            mix(self.height, other.height),
        )


def row_at(keys: np.ndarray, rows: np.ndarray, key: float) -> Any:
    """Row of ``rows`` (one per entry of the ascending ``keys``) at ``key``: the computed row where
    ``key`` is a key, else the blend of the two neighbours, linear in log(key) (for dimensions).
    Outside the keys, the first or last row."""
    keys = np.asarray(keys, dtype=float)
    logs, k = np.log(keys), float(np.log(key))
    i = int(np.clip(np.searchsorted(logs, k), 1, len(keys) - 1))
    span = logs[i] - logs[i - 1]
    t = float(np.clip((k - logs[i - 1]) / span, 0.0, 1.0)) if span > 0 else 1.0
    return (1 - t) * rows[i - 1] + t * rows[i]


STATEMENT_ROLE = "statement"  # what the craft check counts, one on screen at a time


def statement(tex: str, size: float = Size.STATEMENT, *, role: str = STATEMENT_ROLE) -> MathTex:
    """The one line that carries a beat, large, in the band at the bottom of the frame.

    Written as TeX (words in ``\\text{...}``), so that words and variables are one type family
    and variables are italic maths. ``role`` is what the craft check counts it as: a line of
    numbers under the statement, set the same way, is a ``"readout"``."""
    from manim import config

    line = math(tex, size=size).to_edge(DOWN, buff=STATEMENT_BOTTOM)
    safe_width = config.frame_width * (1 - 2 * SAFE_MARGIN)
    if line.width > safe_width:
        raise ValueError(f"statement {tex!r} is {line.width:.1f} wide (at most {safe_width:.1f})")
    line.hidim_role = role  # type: ignore[attr-defined]  # craft counts the statements
    return line


STATEMENT_BOTTOM = 0.5  # distance of a beat's statement from the bottom edge (title-safe)


def replace_statement(old: Mobject, new: Mobject, **fade: Any) -> Animation:
    """The statement ``old`` leaves, then ``new`` enters, in the time of the animation: one line at
    a time (a cross-fade smears the two into each other). ``fade``: FadeOut's and FadeIn's
    options (``shift=...``)."""
    return Succession(FadeOut(old, **fade), FadeIn(new, **fade))


def _align_families(old: Mobject, new: Mobject) -> None:
    """Give ``old`` and ``new`` the same family structure (what ``Mobject.align_data`` does),
    without aligning their points."""
    old.null_point_align(new)
    old.align_submobjects(new)
    for a, b in zip(old.submobjects, new.submobjects, strict=True):
        _align_families(a, b)


def redrawn(build: Callable[[], VGroup]) -> VGroup:
    """A group drawn by ``build()`` again at every frame, as Manim's ``always_redraw``, but
    without aligning points: Manim 0.21's ``become`` aligns the points of every sub-mobject with
    the new one's (its recursion drops ``skip_point_alignment``), comparing points one by one,
    which for a mesh of hundreds of patches cost most of a scene's render time (isoperimetry:
    287 s of 403 s profiled); the points are then overwritten anyway. The parts stay the same
    objects (a scene draws the parts it listed when an animation began), so what is drawn is the
    same as with ``always_redraw``. As there, the updater redraws this group whatever mobject it
    is called on: an animation's copies of the group (a fade's start and end) call it too, and
    must not change."""
    group = build()

    def update(_: Mobject) -> None:
        new = build()
        _align_families(group, new)
        for part, source in zip(group.get_family(), new.get_family(), strict=True):
            part.points = np.array(source.points)
            part.interpolate_color(part, source, 1)

    return group.add_updater(update)


def frozen(*mobjects: VMobject) -> VGroup:
    """``mobjects`` with their updaters removed (redrawn ones stop changing shape), grouped:
    what an animation that fades or moves them needs."""
    for mob in mobjects:
        for part in mob.get_family():
            part.clear_updaters()
    return VGroup(*mobjects)


def change_number(number: DecimalNumber, value: float) -> Animation:
    """Animate a readout to ``value`` (Manim annotates the target as an int; any number works)."""
    return ChangeDecimalToValue(number, value)  # type: ignore[arg-type]


def rectangle(lo: np.ndarray, hi: np.ndarray) -> Polygon:
    """The axis-aligned rectangle with corners ``lo`` (bottom left) and ``hi`` (top right)."""
    return Polygon(lo, at(hi[0], lo[1]), hi, at(lo[0], hi[1]))


def mobject_box(mob: Mobject) -> Box:
    """The bounding box of ``mob`` in scene units, for the label placer of ``assets.layout``."""
    x0, y0, _ = mob.get_corner(DL)
    x1, y1, _ = mob.get_corner(UR)
    return Box(float(x0), float(y0), float(x1), float(y1))


def require_tex() -> None:
    """Fail with the install command if the tools of the maths backend are missing
    (:func:`scenes.kit.mathjax.require_math_tools`)."""
    require_math_tools()


def text(s: str, size: float = Size.LABEL, color: Any = FOREGROUND, **kwargs: Any) -> Text:
    """Plain text in the theme font, at a size role (``Size``)."""
    return Text(s, font=FONT, font_size=size, color=color, **kwargs)


TITLE_TOP = 0.45  # distance of the title from the top edge: inside the title-safe area


def title(s: str) -> Text:
    """A scene title at the top edge."""
    return text(s, size=Size.TITLE).to_edge(UP, buff=TITLE_TOP)


def math(*tex: str, size: float = Size.LABEL, color: Any = FOREGROUND, **kwargs: Any) -> MathTex:
    """Typeset maths at a size role: its digits as tall as those of text of that size.

    A clear error, not a FileNotFoundError, when LaTeX is missing."""
    require_tex()
    try:
        return MathTex(*tex, font_size=size * MATH_SCALE, color=color, **kwargs)
    except FileNotFoundError as exc:  # latex found on PATH but a piece of TeX is missing
        raise MissingToolError(f"{TEX_INSTALL} ({exc})") from exc


def number(
    value: float,
    *,
    decimals: int = 2,
    size: float = Size.READOUT,
    color: Any = FOREGROUND,
    **kwargs: Any,
) -> DecimalNumber:
    """A number typeset as maths (a ``DecimalNumber``), for readouts that change with a tracker."""
    require_tex()
    return DecimalNumber(
        value, num_decimal_places=decimals, font_size=size * MATH_SCALE, color=color, **kwargs
    )


def tex_number(x: float, digits: int = 3) -> str:
    """``x`` with ``digits`` significant digits as TeX, in scientific notation below 1e-3."""
    if x == 0 or not pymath.isfinite(x):
        return f"{x:g}"
    exponent = pymath.floor(pymath.log10(abs(x)))
    if -3 <= exponent < 4:
        decimals = max(digits - 1 - exponent, 0)
        return f"{x:.{decimals}f}"
    mantissa = x / 10**exponent
    return rf"{mantissa:.{digits - 1}f}\times 10^{{{exponent}}}"


def themed_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    *,
    x_length: float = 10.0,
    y_length: float = 5.0,
    x_numbers: Sequence[float] | None = None,
    y_numbers: Sequence[float] | None = None,
) -> Axes:
    """Axes in the theme colours, with number labels in the theme font size."""
    axes = Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={
            "color": MUTED,
            "stroke_width": AXIS_STROKE,
            "include_ticks": True,
            "font_size": Size.TICK,
        },
    )
    if x_numbers is not None:
        axes.x_axis.add_numbers(list(x_numbers), font_size=Size.TICK * MATH_SCALE, color=MUTED)
    if y_numbers is not None:
        axes.y_axis.add_numbers(
            list(y_numbers), font_size=Size.TICK * MATH_SCALE, color=MUTED, num_decimal_places=1
        )
    return axes


def data_curve(
    axes: Axes,
    xs: np.ndarray,
    ys: np.ndarray,
    color,
    *,
    stroke_width: float = STROKE,
    dashed: bool = False,
) -> VMobject:
    """The polyline through the computed points (xs, ys), clipped to the axes' y range."""
    y_lo, y_hi = axes.y_range[0], axes.y_range[1]
    pts = [axes.c2p(float(x), float(min(max(y, y_lo), y_hi))) for x, y in zip(xs, ys, strict=True)]
    curve = VMobject(color=color, stroke_width=stroke_width)
    curve.set_points_as_corners(pts)
    if dashed:
        return DashedVMobject(curve, num_dashes=60, dashed_ratio=0.55).set_stroke(
            color=color, width=stroke_width
        )
    return curve


def formula_card(*tex: str, size: float = Size.STATEMENT) -> VGroup:
    """A formula on a rounded card, for the statement a scene ends on."""
    formula = math(*tex, size=size)
    card = RoundedRectangle(
        corner_radius=0.15,
        width=formula.width + 0.6,
        height=formula.height + 0.45,
        stroke_color=MUTED,
        stroke_width=2,
        fill_color=CARD,
        fill_opacity=0.35,
    )
    card.move_to(formula)
    return VGroup(card, formula)


def dash_swatch(color: Any, length: float = 0.7) -> VMobject:
    """A short dashed line: the legend mark of a dashed curve."""
    line = VMobject().set_points_as_corners([LEFT * length / 2, -LEFT * length / 2])
    return DashedVMobject(line, num_dashes=3, dashed_ratio=0.6).set_stroke(color, width=STROKE)


def legend_row(swatch_color, label, *, dashed: bool = False) -> VGroup:
    """A short line in ``swatch_color`` followed by ``label`` (a mobject)."""
    line = VMobject(color=swatch_color, stroke_width=STROKE)
    line.set_points_as_corners([LEFT * 0.3, LEFT * -0.3])
    if dashed:
        line = DashedVMobject(line, num_dashes=3).set_stroke(color=swatch_color, width=STROKE)
    return VGroup(line, label).arrange(direction=np.array([1.0, 0.0, 0.0]), buff=0.2)


def histogram_bars(
    axes: Axes,
    edges: np.ndarray,
    heights: np.ndarray,
    color,
    *,
    fill_opacity: float = 0.55,
    stroke_width: float = 1.0,
) -> VGroup:
    """Bars of a computed histogram: bar i spans [edges[i], edges[i+1]] up to heights[i].

    Bars outside the axes' x range are dropped, heights are clipped to its y range, so a
    histogram with far tails still fits its panel."""
    from manim import Polygon

    x_lo, x_hi = axes.x_range[0], axes.x_range[1]
    y_hi = axes.y_range[1]
    bars = VGroup()
    for left, right, h in zip(edges[:-1], edges[1:], heights, strict=True):
        if not (np.isfinite(h) and h > 0) or right <= x_lo or left >= x_hi:
            continue
        a, b, top = max(float(left), x_lo), min(float(right), x_hi), min(float(h), y_hi)
        bars.add(
            Polygon(
                axes.c2p(a, 0),
                axes.c2p(b, 0),
                axes.c2p(b, top),
                axes.c2p(a, top),
                stroke_color=color,
                stroke_width=stroke_width,
                fill_color=color,
                fill_opacity=fill_opacity,
            )
        )
    return bars


def atom_edges(atoms: np.ndarray) -> np.ndarray:
    """Edges of bars centred on equally spaced ``atoms`` (finite entries), each one spacing wide."""
    atoms = np.asarray(atoms, dtype=float)
    atoms = atoms[np.isfinite(atoms)]
    half = 0.5 * (atoms[1] - atoms[0]) if atoms.size > 1 else 1.0
    return np.concatenate([atoms - half, [atoms[-1] + half]])


# the size of a power of ten on an axis: its exponent is a script, drawn 0.7 times as tall as the
# digits, so at Size.TICK it would be under the craft rules' least script height
POWER_TICK = Size.CAPTION


def log_number_line(
    lo_exp: int, hi_exp: int, length: float, *, font_size: float = POWER_TICK
) -> VGroup:
    """A horizontal log10 axis from 10^lo_exp to 10^hi_exp with a tick and a TeX label per
    decade. Returns VGroup(line, labels); ``line.n2p(np.log10(x))`` places a value."""
    from manim import DOWN, NumberLine

    line = NumberLine(
        x_range=[lo_exp, hi_exp, 1],
        length=length,
        color=MUTED,
        stroke_width=AXIS_STROKE,
        include_ticks=True,
        tick_size=0.08,
    )
    labels = VGroup(
        *(
            math(f"10^{{{k}}}", size=font_size, color=MUTED).next_to(line.n2p(k), DOWN, buff=0.15)
            for k in range(lo_exp, hi_exp + 1)
        )
    )
    return VGroup(line, labels)


def card_around(mob, *, pad: float = 0.3) -> VGroup:
    """``mob`` on a rounded card (as :func:`formula_card`), for text and maths mixed."""
    card = RoundedRectangle(
        corner_radius=0.15,
        width=mob.width + 2 * pad,
        height=mob.height + 1.5 * pad,
        stroke_color=MUTED,
        stroke_width=2,
        fill_color=CARD,
        fill_opacity=0.35,
    )
    card.move_to(mob)
    return VGroup(card, mob)


SPHERE_TILT = 0.28  # sin of the viewing elevation of drawn spheres: circles of latitude as ellipses


def _latitude_ellipse(radius: float, h: float, tilt: float):
    """The circle of latitude x_1 = h of a sphere of ``radius`` seen from slightly above."""
    from manim import Ellipse

    rho = radius * pymath.sqrt(max(1.0 - h * h, 0.0))
    centre = np.array([0.0, radius * h * pymath.sqrt(1 - tilt * tilt), 0.0])
    return Ellipse(width=2 * max(rho, 1e-3), height=2 * max(rho * tilt, 1e-3)).move_to(centre)


def sphere_disc(radius: float, color, *, opacity: float = 0.28) -> VGroup:
    """A sphere drawn flat: a disc shaded light (upper left) to dark, with its outline."""
    from manim import UL, Circle

    disc = Circle(radius=radius).set_stroke(color, width=2)
    # a list of colours is a gradient fill (Manim accepts it; its annotation does not say so)
    disc.set_fill([color, BACKGROUND_SHADE], opacity=opacity)  # type: ignore[arg-type]
    disc.set_sheen_direction(UL)
    return VGroup(disc)


BACKGROUND_SHADE = SHADE  # the dark side of a drawn sphere


def sphere_zone(
    radius: float, lo: float, hi: float, color, *, tilt: float = SPHERE_TILT, opacity: float = 0.6
) -> VGroup:
    """The visible part of the zone lo <= x_1 <= hi of a sphere drawn by :func:`sphere_disc`
    (x_1 vertical; lo = -1 for a cap), filled, with its rims: front halves solid, back dashed.

    Geometry only: the zone's measure is for the caller to take from a result."""
    from manim import Circle, Difference, Intersection, Rectangle, Union

    disc = Circle(radius=radius)
    top = _latitude_ellipse(radius, hi, tilt)
    y_lo = -radius if lo <= -1 else _latitude_ellipse(radius, lo, tilt).get_center()[1]
    strip = Rectangle(width=2.2 * radius, height=max(top.get_center()[1] - y_lo, 1e-3))
    strip.move_to(at(0.0, 0.5 * (top.get_center()[1] + y_lo)))
    region: VMobject = Intersection(disc, strip)
    if lo > -1:
        region = Union(region, _latitude_ellipse(radius, lo, tilt))
    if hi < 1:
        region = Difference(region, top)
    region.set_fill(color, opacity=opacity).set_stroke(width=0)
    rims = VGroup()
    for h in (lo, hi):
        if -1 < h < 1:
            rim = _latitude_ellipse(radius, h, tilt)
            n = len(rim.points) // 2
            back, front = VMobject(), VMobject()
            back.points, front.points = rim.points[:n], rim.points[n:]
            rims.add(front.set_stroke(color, width=3))
            rims.add(DashedVMobject(back, num_dashes=14).set_stroke(color, width=1.5, opacity=0.6))
    return VGroup(region, rims)


def framed_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    *,
    x_length: float = 9.0,
    y_length: float = 5.0,
    x_numbers: Sequence[float] = (),
    y_numbers: Sequence[float] = (),
    decimals: int = 1,
) -> Axes:
    """Axes whose lines sit on the left and bottom edges of the plot (not through 0).

    Manim draws axes through the origin, where a fit crossing y = 0 would run over the
    numbers. Here the Axes only map coordinates (their own lines are hidden); an L-shaped frame
    with ticks, ``x_numbers``/``y_numbers`` and a faint line at y = 0 is added to the same
    mobject, so transforming the axes to a new range moves all of it together."""
    from manim import DOWN, Line

    axes = themed_axes(x_range, y_range, x_length=x_length, y_length=y_length)
    axes.x_axis.set_stroke(opacity=0)
    axes.y_axis.set_stroke(opacity=0)
    x0, x1, y0, y1 = x_range[0], x_range[1], y_range[0], y_range[1]
    style = {"color": MUTED, "stroke_width": AXIS_STROKE}
    frame = VGroup(
        Line(axes.c2p(x0, y0), axes.c2p(x1, y0), **style),
        Line(axes.c2p(x0, y0), axes.c2p(x0, y1), **style),
    )
    for x in x_numbers:
        frame.add(Line(axes.c2p(x, y0), axes.c2p(x, y0) + DOWN * 0.12, **style))
        frame.add(
            text(f"{x:g}".replace("-", "\u2212"), size=Size.TICK, color=MUTED).next_to(
                axes.c2p(x, y0), DOWN, buff=0.2
            )
        )
    for y in y_numbers:
        frame.add(Line(axes.c2p(x0, y), axes.c2p(x0, y) + LEFT * 0.12, **style))
        label = text(f"{y:.{decimals}f}".replace("-", "\u2212"), size=Size.TICK, color=MUTED)
        frame.add(label.next_to(axes.c2p(x0, y), LEFT, buff=0.2))
    if y0 < 0 < y1:
        zero = Line(axes.c2p(x0, 0), axes.c2p(x1, 0), color=MUTED, stroke_width=1)
        frame.add(zero.set_stroke(opacity=0.5))
    axes.add(frame)
    return axes


def loglog_axes(
    x_exponents: Sequence[float],
    y_exponents: Sequence[float],
    *,
    x_length: float = 8.0,
    y_length: float = 5.0,
) -> Axes:
    """Log-log axes over [10^a, 10^b] x [10^c, 10^e], meeting at the lower-left corner.

    Coordinates are data values (``axes.c2p(p, lip)``). Whole decades get a tick and a label
    10^k, 2..9 x 10^k minor ticks; the exponent ranges may start or end between decades."""
    from manim import DOWN, Line, LogBase

    axes = Axes(
        x_range=[x_exponents[0], x_exponents[1], 1],
        y_range=[y_exponents[0], y_exponents[1], 1],
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={
            "scaling": LogBase(custom_labels=False),
            "include_ticks": False,
            "color": MUTED,
            "stroke_width": AXIS_STROKE,
        },
    )
    ticks = VGroup()
    for axis, (lo, hi) in enumerate((x_exponents, y_exponents)):
        for k in range(pymath.floor(lo), pymath.ceil(hi) + 1):
            for m in range(1, 10):
                e = pymath.log10(m * 10.0**k)
                if not lo - 1e-9 <= e <= hi + 1e-9:
                    continue
                out = (DOWN if axis == 0 else LEFT) * (0.14 if m == 1 else 0.07)
                at = (
                    axes.c2p(10**e, 10 ** y_exponents[0])
                    if axis == 0
                    else axes.c2p(10 ** x_exponents[0], 10**e)
                )
                ticks.add(Line(at, at + out, color=MUTED, stroke_width=AXIS_STROKE))
                if m == 1:
                    label = math(rf"10^{{{k}}}", size=POWER_TICK, color=MUTED)
                    ticks.add(label.next_to(at, DOWN if axis == 0 else LEFT, buff=0.22))
    axes.add(ticks)
    return axes


def loglog_curve(
    axes: Axes,
    xs: np.ndarray,
    ys: np.ndarray,
    color,
    *,
    dashed: bool = False,
    stroke_width: float = STROKE,
) -> VMobject:
    """The polyline through data points (xs, ys) on log-log ``axes`` (data units, sorted by x).

    A power law is a straight line there, so its computed values draw it exactly."""
    order = np.argsort(xs)
    curve = VMobject(color=color, stroke_width=stroke_width)
    curve.set_points_as_corners([axes.c2p(float(xs[i]), float(ys[i])) for i in order])
    if dashed:
        return DashedVMobject(curve, num_dashes=40, dashed_ratio=0.55).set_stroke(
            color=color, width=stroke_width
        )
    return curve


def value_marks(
    axes: Axes,
    xs: np.ndarray,
    ys: np.ndarray,
    color,
    filled: np.ndarray,
    *,
    radius: float = 0.075,
) -> VGroup:
    """Round marks at (xs, ys): filled where ``filled`` is true, hollow (background inside)
    where it is false: the figures' convention for "fits below the noise level" or not."""
    from manim import Circle

    from scenes.kit.theme import BACKGROUND

    marks = VGroup()
    for x, y, full in zip(xs, ys, filled, strict=True):
        mark = Circle(radius=radius, stroke_color=color, stroke_width=2.5)
        mark.set_fill(color if full else BACKGROUND, opacity=1.0)
        marks.add(mark.move_to(axes.c2p(float(x), float(y))))
    return marks


def vertical_marker(axes: Axes, x: float, label, color, *, log_y: bool = True) -> VGroup:
    """A dashed vertical line at ``x`` across the whole plot with ``label`` (a mobject) above."""
    from manim import DashedLine

    y_lo, y_hi = axes.y_range[0], axes.y_range[1]
    if log_y:
        y_lo, y_hi = 10**y_lo, 10**y_hi
    line = DashedLine(
        axes.c2p(x, y_lo), axes.c2p(x, y_hi), color=color, stroke_width=2, dash_length=0.08
    )
    label.next_to(line, UP, buff=0.12)
    return VGroup(line, label)


# --- 3-D pictures drawn in 2-D ---------------------------------------------------------------
# Bodies are drawn by projecting their edges: cheaper than Manim's 3-D scenes with Cairo, every
# overlay stays a plain 2-D mobject, and a body can turn about any axis.


@dataclass(frozen=True)
class View:
    """An orthographic view from slightly above: world x to the right, y up, z towards the
    viewer; the view looks down by ``elevation`` (radians). ``centre`` is where the world origin
    is drawn and ``scale`` the scene units per world unit."""

    centre: tuple[float, float]
    scale: float
    elevation: float = 0.35

    def project(self, pts: np.ndarray) -> np.ndarray:
        """Scene points (N, 3) of world points (N, 3)."""
        pts = np.atleast_2d(np.asarray(pts, dtype=float))
        c, s = np.cos(self.elevation), np.sin(self.elevation)
        x = self.centre[0] + self.scale * pts[:, 0]
        y = self.centre[1] + self.scale * (pts[:, 1] * c - pts[:, 2] * s)
        return np.stack([x, y, np.zeros_like(x)], axis=-1)

    def depth(self, pts: np.ndarray) -> np.ndarray:
        """How far towards the viewer each world point is (positive: in front of the origin)."""
        pts = np.atleast_2d(np.asarray(pts, dtype=float))
        return pts[:, 2] * np.cos(self.elevation) + pts[:, 1] * np.sin(self.elevation)


def spin_y(pts: np.ndarray, angle: float) -> np.ndarray:
    """World points turned by ``angle`` about the vertical (y) axis."""
    c, s = np.cos(angle), np.sin(angle)
    pts = np.atleast_2d(np.asarray(pts, dtype=float))
    return np.stack([c * pts[:, 0] + s * pts[:, 2], pts[:, 1], -s * pts[:, 0] + c * pts[:, 2]], -1)


def depth_curve(
    view: View,
    pts: np.ndarray,
    color: Any,
    *,
    width: float = 2.0,
    back_opacity: float = 0.25,
    cut: float = 0.0,
) -> VGroup:
    """A curve through world points, solid where it is in front of the depth ``cut`` and faint
    behind it (the hidden half of a wire-frame body)."""
    depth = view.depth(pts) - cut
    screen = view.project(pts)
    group = VGroup()
    start = 0
    for i in range(1, len(pts) + 1):
        if i == len(pts) or (depth[i] >= 0) != (depth[start] >= 0):
            stop = min(i + 1, len(pts))  # share the point where the side changes
            if stop - start >= 2:
                piece = VMobject().set_points_as_corners(screen[start:stop])
                front = depth[start] >= 0
                piece.set_stroke(color, width=width, opacity=1.0 if front else back_opacity)
                group.add(piece)
            start = i
    return group


def wire_sphere(
    view: View, color: Any, *, spin: float = 0.0, latitudes: int = 7, longitudes: int = 10
) -> VGroup:
    """A wire-frame unit sphere seen through ``view``, turned by ``spin`` about its vertical
    axis: its outline, circles of latitude and meridians (hidden halves faint)."""
    from manim import Circle

    group = VGroup()
    fill = Circle(radius=view.scale).move_to(view.project(np.zeros(3))[0])
    group.add(fill.set_fill(color, opacity=0.12).set_stroke(color, width=2.5))
    angles = np.linspace(0, 2 * np.pi, 73)
    for h in np.linspace(-1, 1, latitudes + 2)[1:-1]:
        rho = np.sqrt(1 - h * h)
        ring = np.stack([rho * np.cos(angles), np.full_like(angles, h), rho * np.sin(angles)], -1)
        group.add(depth_curve(view, ring, color, width=1.2))
    theta = np.linspace(-np.pi / 2, np.pi / 2, 37)
    for phi in np.linspace(0, np.pi, longitudes, endpoint=False) + spin:
        meridian = np.stack(
            [np.cos(theta) * np.cos(phi), np.sin(theta), np.cos(theta) * np.sin(phi)], -1
        )
        both = np.concatenate([meridian, meridian[::-1] * np.array([-1, 1, -1])])
        group.add(depth_curve(view, both, color, width=1.2))
    return group
