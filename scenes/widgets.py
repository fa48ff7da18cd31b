"""Reusable drawing pieces for scenes: themed text, maths, axes and curves drawn from data."""

from __future__ import annotations

import math as pymath
import shutil
from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    LEFT,
    UP,
    UR,
    Axes,
    DashedVMobject,
    MathTex,
    Mobject,
    RoundedRectangle,
    Text,
    VGroup,
    VMobject,
)

from assets.layout import Box
from experiments.errors import MissingToolError
from scenes.theme import AXIS_STROKE, FONT, FOREGROUND, LABEL_SIZE, MUTED, STROKE, TITLE_SIZE

TEX_INSTALL = (
    "LaTeX is needed for the maths in scenes but 'latex' or 'dvisvgm' is missing; install it "
    "with `apt-get install texlive-latex-base texlive-latex-extra dvisvgm` "
    "(make render does this as root)"
)


def at(x: float, y: float) -> np.ndarray:
    """The scene point (x, y, 0)."""
    return np.array([x, y, 0.0])


def mobject_box(mob: Mobject) -> Box:
    """The bounding box of ``mob`` in scene units, for the label placer of ``assets.layout``."""
    x0, y0, _ = mob.get_corner(DL)
    x1, y1, _ = mob.get_corner(UR)
    return Box(float(x0), float(y0), float(x1), float(y1))


def require_tex() -> None:
    """Fail with the install command if the TeX tools MathTex needs are missing."""
    if shutil.which("latex") is None or shutil.which("dvisvgm") is None:
        raise MissingToolError(TEX_INSTALL)


def text(s: str, size: float = LABEL_SIZE, color=FOREGROUND, **kwargs) -> Text:
    """Plain text in the theme font."""
    return Text(s, font=FONT, font_size=size, color=color, **kwargs)


def title(s: str) -> Text:
    """A scene title at the top edge."""
    return text(s, size=TITLE_SIZE).to_edge(UP, buff=0.35)


def math(*tex: str, size: float = LABEL_SIZE, color=FOREGROUND, **kwargs) -> MathTex:
    """Typeset maths; a clear error, not a FileNotFoundError, when LaTeX is missing."""
    require_tex()
    try:
        return MathTex(*tex, font_size=size, color=color, **kwargs)
    except FileNotFoundError as exc:  # latex found on PATH but a piece of TeX is missing
        raise MissingToolError(f"{TEX_INSTALL} ({exc})") from exc


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
            "font_size": 22,
        },
    )
    if x_numbers is not None:
        axes.x_axis.add_numbers(list(x_numbers), font_size=22, color=MUTED)
    if y_numbers is not None:
        axes.y_axis.add_numbers(list(y_numbers), font_size=22, color=MUTED, num_decimal_places=1)
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


def formula_card(*tex: str, size: float = 40) -> VGroup:
    """A formula on a rounded card, for the statement a scene ends on."""
    formula = math(*tex, size=size)
    card = RoundedRectangle(
        corner_radius=0.15,
        width=formula.width + 0.6,
        height=formula.height + 0.45,
        stroke_color=MUTED,
        stroke_width=2,
        fill_color="#000000",
        fill_opacity=0.35,
    )
    card.move_to(formula)
    return VGroup(card, formula)


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


def log_number_line(lo_exp: int, hi_exp: int, length: float, *, font_size: float = 22) -> VGroup:
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
        fill_color="#000000",
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


BACKGROUND_SHADE = "#1B2330"  # the dark side of a drawn sphere


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
        frame.add(text(f"{x:g}", size=22, color=MUTED).next_to(axes.c2p(x, y0), DOWN, buff=0.2))
    for y in y_numbers:
        frame.add(Line(axes.c2p(x0, y), axes.c2p(x0, y) + LEFT * 0.12, **style))
        label = text(f"{y:.{decimals}f}".replace("-", "\u2212"), size=22, color=MUTED)
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
                    label = math(rf"10^{{{k}}}", size=24, color=MUTED)
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

    from scenes.theme import BACKGROUND

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
