"""The chapter "Smoothness costs n*d parameters" (docs/science.md, sections 5 and 7): the data
(points on a sphere with random +-1 labels, a schematic S^2 beside the experiment's n and d); the
measured Lip against p for three model families, each curve growing left to right with live
readouts, across the whole width; the marks p = n and p = nd, the law's scaling sqrt(nd/p)
(constants omitted) and the data's floor; then smooth training over a grid of (n, d)
(``law-scaling``): its points slide from p to p/(nd), more parameters to the right, and the
cells' offsets say whether they fall on one line (the law-collapse figure's verdict, in its words);
then the slope within cells (one slope, an intercept per cell: the headline) and its bootstrap
interval against the law's -1/2, with the pooled and per-cell slopes in the notes.

Every curve, mark and number is read from the results (``toy-fits``, ``smoothness-curve``,
``law-scaling``); between computed points a curve is drawn straight (in logs on log axes), and
readouts name the computed point last passed.
"""

from __future__ import annotations

import math as pymath
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    LaggedStart,
    Line,
    Mobject,
    Square,
    Triangle,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
    linear,
)

from assets.numbers import spoken, spoken_list
from experiments.topics.robustness import make_dataset
from scenes.kit import widgets as w
from scenes.kit.motion import (
    StatementMixin,
    clip01,
    follow_value,
    integer_readout,
    lerp,
    on_change,
    redrawn,
    row,
    strokes,
)
from scenes.kit.theme import (
    BACKGROUND,
    FOREGROUND,
    MUTED,
    STROKE,
    Size,
    ThemedScene,
    role_color,
    scene_result,
    series_colors,
)

MODEL_LABELS = {  # short forms of the paper figures' labels (figures/robustness.py)
    "random-features": "random features",
    "trained": "plain training",
    "smooth": "smooth training",
}
CHART = w.PlotBox(-5.5, -2.15, 11.4, 4.0)  # the log-log chart, across the frame (its last
# tick label, 10000, inside the title-safe area)
KEY_Y, NAME_Y = 2.6, 2.17  # between the title and the chart: keys, then the y axis name
SPHERE = w.View(centre=(-3.7, -0.3), scale=2.2, elevation=0.35)
PICTURE_POINTS = 60  # points on the schematic S^2
PLUS, MINUS = role_color("label_plus"), role_color("label_minus")  # labels +1, -1
DOT_OUTLINE = Circle(radius=1.0).points  # a unit circle's Bezier points, to stamp dots with
MARKERS = ("circle", "square", "diamond", "triangle")  # one per n, as the figures' o s D ^


def log_bounds(values: np.ndarray, pad: float = 0.08, step: float = 0.05) -> tuple[float, float]:
    """A log10 range covering the positive ``values``, padded and rounded out to ``step``."""
    logs = np.log10(values[np.isfinite(values) & (values > 0)])
    lo, hi = float(logs.min()) - pad, float(logs.max()) + pad
    return pymath.floor(lo / step) * step, pymath.ceil(hi / step) * step


def marker(kind: str, color: Any, filled: bool, radius: float = 0.085) -> VMobject:
    """A chart mark: filled in ``color``, or hollow (background inside)."""
    shape: VMobject
    if kind == "square":
        shape = Square(side_length=1.75 * radius)
    elif kind == "diamond":
        shape = Square(side_length=1.6 * radius).rotate(pymath.pi / 4)
    elif kind == "triangle":
        shape = Triangle().scale(1.2 * radius)
    else:
        shape = Circle(radius=radius)
    shape.set_stroke(color, width=2.5)
    return shape.set_fill(color if filled else BACKGROUND, opacity=1.0)


class LawOfRobustness(StatementMixin, ThemedScene):
    """The data; measured Lip against p for three model families with the law's scaling
    sqrt(nd/p), p = n, p = nd and the data's floor; then the grid of (n, d) collapsing."""

    def construct(self) -> None:
        self.r = scene_result("smoothness-curve")
        self.g = scene_result("law-scaling")
        r, g = self.r, self.g
        self.n, self.d = int(r["n"]), int(r["d"])
        lip = r["lip_lower"].mean(axis=1)  # (models, widths): mean over seeds
        floor = np.concatenate([np.ravel(r["lip_floor_fit"]), np.ravel(r["lip_floor"])])
        self.x0 = log_bounds(r["p"].astype(float), pad=0.05)
        if pymath.ceil(self.x0[1]) - self.x0[1] < 0.15:  # end on a labelled decade
            self.x0 = (self.x0[0], float(pymath.ceil(self.x0[1])))
        self.y0 = log_bounds(np.concatenate([lip.ravel(), r["law_scaling"].ravel(), floor]))
        self.y0 = (self.y0[0] - 0.2, self.y0[1])  # room under the law's line for its marks
        self.cell_nd = (g["n"] * g["d"]).astype(float)
        lines = self.grid_lines(g["nd_over_p"])
        self.x1 = log_bounds(1 / g["nd_over_p"].ravel())
        self.y1 = log_bounds(np.concatenate([g["lip_lower"].ravel(), *lines]), pad=0.06)
        self.morph = ValueTracker(0.0)  # 0: x is p; 1: x is p/(nd), each cell its own nd
        self.focus = ValueTracker(0.0)  # 0: the y range of the three families; 1: of the grid
        self.spin = ValueTracker(0.0)
        self.spin.add_updater(lambda m, dt: m.increment_value(0.3 * dt))
        self.add(self.spin)
        self.heading = w.title("The law of robustness, measured")
        self.statement = VGroup()
        self.beat_data()
        self.beat_chart()
        for i in range(1, len(r["models"])):
            self.beat_model(i)
        self.beat_thresholds()
        self.beat_law()
        self.beat_floor()
        self.beat_grid()
        self.beat_collapse()

    # --- the chart at the trackers -------------------------------------------------------------

    def ranges(self) -> tuple[float, float, float, float]:
        z, q = self.morph.get_value(), self.focus.get_value()
        return (
            lerp(self.x0[0], self.x1[0], z),
            lerp(self.x0[1], self.x1[1], z),
            lerp(self.y0[0], self.y1[0], q),
            lerp(self.y0[1], self.y1[1], q),
        )

    def at_logs(self, lx: Any, ly: Any) -> np.ndarray:
        """Scene points of log10 coordinates (arrays) under the current ranges."""
        x_lo, x_hi, y_lo, y_hi = self.ranges()
        u = 2 * (np.asarray(lx, dtype=float) - x_lo) / (x_hi - x_lo) - 1
        return CHART.points(u, (np.asarray(ly, dtype=float) - y_lo) / (y_hi - y_lo))

    def at(self, x: float, y: float) -> np.ndarray:
        return self.at_logs(np.array([np.log10(x)]), np.array([np.log10(y)]))[0]

    def x_log(self, p: np.ndarray, nd: float) -> np.ndarray:
        """Where a point of p parameters in a cell of size nd sits: log p sliding to
        log p/(nd) as the morph runs."""
        return np.log10(np.asarray(p, dtype=float)) - self.morph.get_value() * np.log10(nd)

    def p_opacity(self) -> float:
        return clip01(1 - 2 * self.morph.get_value())

    def ratio_opacity(self) -> float:
        return clip01(2 * self.morph.get_value() - 1)

    def frame(self) -> VGroup:
        """Axis lines and ticks (labels follow separately): whole decades long, 2..9 short; the
        p ticks fade out and the p/(nd) ticks in as the morph runs."""
        x_lo, x_hi, y_lo, y_hi = self.ranges()
        pieces = [(CHART.point(-1, 0), CHART.point(1, 0)), (CHART.point(-1, 0), CHART.point(-1, 1))]
        for k in range(pymath.floor(min(self.y0[0], self.y1[0])), pymath.ceil(self.y0[1]) + 1):
            for m in range(1, 10):
                e = np.log10(m * 10.0**k)
                if y_lo <= e <= y_hi:
                    foot = self.at_logs([x_lo], [e])[0]
                    pieces.append((foot, foot + LEFT * (0.14 if m == 1 else 0.07)))
        group = VGroup(strokes(pieces))
        for opacity, (lo, hi) in ((self.p_opacity(), self.x0), (self.ratio_opacity(), self.x1)):
            if opacity <= 0:
                continue
            ticks = []
            for k in range(pymath.floor(lo), pymath.ceil(hi) + 1):
                for m in range(1, 10):
                    e = np.log10(m * 10.0**k)
                    if x_lo <= e <= x_hi:
                        foot = self.at_logs([e], [y_lo])[0]
                        ticks.append((foot, foot + DOWN * (0.14 if m == 1 else 0.07)))
            group.add(strokes(ticks, opacity=opacity))
        return group

    def axis_labels(self) -> VGroup:
        """Tick labels that follow the ranges: y at 1, 2, 3, 5 x 10^k (the 2, 3 and 5 fade in
        as the y range zooms), x at decades of p (written out), then at 1, 2, 5 x 10^k of
        p/(nd). One updater places them all."""
        labels, where = VGroup(), []  # where: (log10 value, axis "y", "p" or "ratio")
        y_values = [
            m * 10.0**k
            for k in range(pymath.floor(min(self.y0[0], self.y1[0])), pymath.ceil(self.y0[1]) + 1)
            for m in (1, 2, 3, 5)
        ]
        for v in y_values:
            e = float(np.log10(v))
            major = abs(e - round(e)) < 1e-9
            shown = [self.y1] + ([self.y0] if major else [])  # 2, 3, 5 only once zoomed
            if any(lo - 1e-9 <= e <= hi + 1e-9 for lo, hi in shown):
                labels.add(w.math(f"{v:g}", size=Size.TICK, color=MUTED))
                where.append((e, "y" if major else "y-minor"))
        # decades of p written out (100, 1000, ...), as the p readout writes p: an exponent at
        # tick size would be drawn below the least script height
        x_values = [(10.0**k, str(10**k), "p") for k in range(pymath.ceil(self.x0[0]), 9)]
        x_values += [
            (m * 10.0**k, f"{m * 10.0**k:g}", "ratio") for k in range(-4, 3) for m in (1, 2, 5)
        ]
        for v, tex, axis in x_values:
            e = float(np.log10(v))
            lo, hi = self.x0 if axis == "p" else self.x1
            if lo - 1e-9 <= e <= hi + 1e-9:
                labels.add(w.math(tex, size=Size.TICK, color=MUTED))
                where.append((e, axis))

        def place(group: VGroup) -> None:
            x_lo, x_hi, y_lo, y_hi = self.ranges()
            fade = {
                "y": 1.0,
                "y-minor": self.focus.get_value(),
                "p": self.p_opacity(),
                "ratio": self.ratio_opacity(),
            }
            for label, (e, axis) in zip(group, where, strict=True):
                if axis.startswith("y"):
                    inside = y_lo - 1e-9 <= e <= y_hi + 1e-9
                    label.next_to(self.at_logs([x_lo], [e])[0], LEFT, buff=0.2)
                else:
                    inside = x_lo - 1e-9 <= e <= x_hi + 1e-9
                    label.next_to(self.at_logs([e], [y_lo])[0], DOWN, buff=0.22)
                label.set_opacity(float(inside) * fade[axis])

        return on_change(labels, self.ranges, place)

    def p_name(self) -> Mobject:
        """The x axis' name, in the row of tick labels, halfway between the last two decades."""
        name = w.math(r"\text{trained parameters } p", size=Size.CAPTION, color=MUTED)
        x = self.at(10.0 ** (pymath.floor(self.x0[1]) - 0.5), 1.0)[0]
        return name.move_to(w.at(float(x), CHART.bottom - 0.45))

    def ratio_name(self) -> Mobject:
        """The x axis' name after the morph, in the row of tick labels at the right end."""
        name = w.math(r"p\,/\,(n d)", size=Size.LABEL, color=MUTED)
        return name.move_to(w.at(CHART.left + CHART.width, CHART.bottom - 0.45), aligned_edge=RIGHT)

    # --- the data ----------------------------------------------------------------------------

    def beat_data(self) -> None:
        r = self.r
        config = r.config
        labels = str(getattr(config, "labels", "noise"))
        data = make_dataset(
            "sphere", PICTURE_POINTS, 3, 1, labels, float(getattr(config, "noise", 1.0)), 0
        )
        points, signs = data.x, np.sign(data.y)

        def picture() -> VGroup:
            spin = self.spin.get_value()
            sphere = w.wire_sphere(
                SPHERE, role_color("sphere"), spin=spin, latitudes=5, longitudes=8
            )
            turned = w.spin_y(points, spin)
            front = SPHERE.depth(turned) >= 0
            centres = SPHERE.project(turned)
            dots = VGroup()  # one mobject per colour and side, each dot a closed subpath
            for side, radius, opacity in ((~front, 0.06, 0.35), (front, 0.085, 1.0)):
                for sign, colour in ((1, PLUS), (-1, MINUS)):
                    pick = side & (signs == sign)
                    if pick.any():
                        circles = [DOT_OUTLINE * radius + c for c in centres[pick]]
                        group = VMobject().set_points(np.vstack(circles))
                        dots.add(group.set_fill(colour, opacity).set_stroke(width=0))
            return VGroup(sphere, dots)

        sphere = always_redraw(picture)
        distribution = str(getattr(config, "distribution", "sphere"))
        where = {
            "sphere": rf"x_i \text{{ uniform on the sphere }} S^{{{self.d - 1}}}",
            "gaussian": r"x_i \sim \mathcal{N}(0, I_d/d)",
            "mixture": r"x_i \text{ from a mixture of Gaussian clusters}",
            "digits": r"x_i\text{: 8x8 images of digits}",
        }[distribution]
        label_words = (
            "+-1 at random, pure noise (sigma^2 = 1)"
            if labels == "noise"
            else "a target plus noise"
        )
        label_tex = (
            r"y_i = \pm 1 \text{ at random (pure noise)}"
            if labels == "noise"
            else r"y_i\text{: a target plus noise}"
        )
        facts = VGroup(
            w.math(rf"\text{{The experiment: }} n = {self.n},\ d = {self.d}"),
            w.math(where, size=Size.CAPTION),
            w.math(label_tex, size=Size.CAPTION),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        key = row(
            Dot(radius=0.09, color=PLUS),
            w.math("y_i = +1", size=Size.CAPTION),
            Dot(radius=0.09, color=MINUS),
            w.math("y_i = -1", size=Size.CAPTION),
            buff=0.18,
        )
        key[2].shift(RIGHT * 0.35)
        key[3].shift(RIGHT * 0.35)
        note = VGroup(
            w.math(
                rf"\text{{Drawn: {PICTURE_POINTS} points on }} S^2\text{{, a schematic:}}",
                size=Size.NOTE,
                color=MUTED,
            ),
            w.math(
                rf"\text{{the same draw in }} d = 3\text{{ (the data: }} d = {self.d})",
                size=Size.NOTE,
                color=MUTED,
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        right = VGroup(facts, key, note).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        right.move_to(w.at(-0.8, 0.1), aligned_edge=LEFT)
        self.statement = w.statement(
            r"\text{The data: } n \text{ points in dimension } d\text{, labels } \pm 1"
        )
        self.add(self.heading)  # the first frame, the thumbnail, shows the title
        self.play(FadeIn(sphere), run_time=1.5)
        self.play(FadeIn(facts), FadeIn(self.statement), run_time=1.0)
        self.play(FadeIn(key), FadeIn(note), run_time=1.0)
        self.beat(
            2.0,
            f"The data of the smoothness-curve experiment: n = {self.n} points "
            f"{where_words(distribution)} in dimension d = {self.d}, with labels {label_words}. "
            f"The sphere shows {PICTURE_POINTS} points drawn the same way in d = 3, a schematic.",
            name="data",
            say=f"The data: {self.n} {where_spoken(distribution)} in dimension {self.d}, "
            + (
                "with random labels, plus or minus one: pure noise."
                if labels == "noise"
                else "labelled by a target plus noise."
            )
            + " The picture is a three-dimensional sketch.",
        )
        self.data_parts = VGroup(sphere, right)

    # --- the three families against p ----------------------------------------------------------

    def beat_chart(self) -> None:
        self.frame_mob = redrawn(self.frame, self.ranges)
        self.tick_labels = self.axis_labels()
        self.x_name = self.p_name()
        y_name = w.math(r"\mathrm{Lip}(f)", size=Size.LABEL, color=MUTED)
        self.y_name = y_name.move_to(w.at(CHART.left - 0.3, NAME_Y), aligned_edge=LEFT)
        m = float(self.r["fit_mse"])
        conventions = VGroup(
            row(
                marker("circle", MUTED, True),
                w.math(rf"\text{{train MSE}} \le {m:g}", size=Size.NOTE),
            ),
            row(
                marker("circle", MUTED, False),
                w.math(rf"\text{{train MSE}} > {m:g}", size=Size.NOTE),
            ),
        )
        conventions.arrange(RIGHT, buff=0.6)
        self.conventions = conventions.next_to(self.y_name, RIGHT, buff=0.8)
        self.keys = VGroup()
        self.play(
            FadeOut(w.frozen(*self.data_parts)),
            FadeIn(self.frame_mob),
            FadeIn(self.tick_labels),
            FadeIn(self.x_name),
            FadeIn(self.y_name),
            run_time=1.2,
        )
        # the sphere has stopped: with no clock running, a pause is one still frame
        self.spin.clear_updaters()
        self.remove(self.spin)
        self.family_parts = VGroup()
        self.readout: VGroup | None = None
        self.beat_model(0, first=True)

    def family(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any, str]:
        r, model = self.r, str(self.r["models"][i])
        p = r["p"][i].astype(float)
        return (
            p,
            r["lip_lower"][i].mean(axis=0),
            r["fits"][i].all(axis=0),  # filled only where every seed fits
            role_color(model.replace("-", "_")),
            MODEL_LABELS.get(model, model),
        )

    def beat_model(self, i: int, first: bool = False) -> None:
        p, lip, fits, color, label = self.family(i)
        model = str(self.r["models"][i])
        lp, ll = np.log10(p), np.log10(lip)
        grow = ValueTracker(float(lp[0]))

        def curve() -> VMobject:
            stop = grow.get_value()
            keep = lp <= stop + 1e-9
            xs = np.append(lp[keep], stop)
            ys = np.append(ll[keep], np.interp(stop, lp, ll))
            line = VMobject().set_stroke(color, width=STROKE)
            return line.set_points_as_corners(self.at_logs(xs, ys)) if len(xs) >= 2 else line

        def passed() -> int:
            return int(np.sum(lp <= grow.get_value() + 1e-9)) - 1

        line = redrawn(curve, grow.get_value)
        marks = VGroup(
            *(
                marker("circle", color, bool(fits[k])).move_to(self.at(p[k], lip[k]))
                for k in range(len(p))
            )
        ).set_z_index(2)

        def light(group: VGroup) -> None:  # a mark shows once the curve has reached it
            for k, mark in enumerate(group):
                mark.set_opacity(float(passed() >= k))

        on_change(marks, passed, light)
        p_value = integer_readout(int(p[0]), size=Size.READOUT, color=color)
        follow_value(p_value, lambda: int(p[passed()]))
        lip_value = w.number(float(lip[0]), decimals=1, color=color)
        follow_value(lip_value, lambda: round(float(lip[passed()]), 1))
        readout = VGroup(
            row(w.math("p =", size=Size.READOUT, color=color), p_value),
            row(w.math(r"\mathrm{Lip} =", size=Size.READOUT, color=color), lip_value),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        readout.move_to(CHART.point(0.12, 0.97), aligned_edge=UP + LEFT)
        # a ring on the computed point the readout names: the numbers are that point's, never
        # a value between two computed widths where the growing curve's tip is
        ring = Circle(radius=0.17).set_stroke(color, width=3).set_fill(opacity=0)
        on_change(ring, passed, lambda m: m.move_to(self.at(p[passed()], lip[passed()])))
        readout = VGroup(readout, ring)
        key = w.legend_row(color, w.text(label, size=Size.CAPTION))
        if len(self.keys):
            key.next_to(self.keys, RIGHT, buff=0.7)
        else:
            key.move_to(w.at(CHART.left - 0.3, KEY_Y), aligned_edge=LEFT)
        self.keys.add(key)
        statements = {
            "random features": r"\text{Random features: } \mathrm{Lip} \text{ peaks at } p = n"
            r"\text{, then stays high}",
            "plain training": r"\text{Plain training: a smaller peak, then as steep}",
            "smooth training": r"\text{Training for smoothness: } \mathrm{Lip}"
            r"\text{ keeps falling with } p",
        }
        swaps: list[Any] = [self.swap_statement(statements.get(label, rf"\text{{{label}}}"))]
        if self.readout is not None:
            swaps.append(FadeOut(self.readout))
        if first:
            swaps.append(FadeIn(self.conventions))
        self.add(line, marks)
        self.play(FadeIn(key), FadeIn(readout), *swaps, run_time=0.8)
        self.play(grow.animate.set_value(float(lp[-1])), run_time=3.2, rate_func=linear)
        self.readout = readout
        r = self.r
        words = {
            "random features": "Random features (minimum norm): Lip peaks at the interpolation "
            "threshold p ~ n and stays high after it (it plateaus at the kernel limit).",
            "plain training": "Plain training of all weights: a smaller peak at p ~ n, then a Lip "
            "as high as random features.",
            "smooth training": "Training that seeks smoothness while fitting below the noise "
            f"level (train MSE <= {float(r['fit_mse']):g}): Lip keeps falling as p grows.",
        }
        self.beat(
            1.8 if not first else 2.0,
            f"{words.get(label, label)} Measured in the smoothness-curve experiment (n = {self.n}, "
            f"d = {self.d}, mean of {len(r['seeds'])} seeds): Lip is a lower estimate, the largest "
            "gradient norm found. Filled marks: every seed fits with train MSE <= "
            f"{float(r['fit_mse']):g}; hollow: not (it may still be below the noise level).",
            name=f"model-{model}",
            say=(
                "The chart: the measured Lipschitz constant against p, on log scales. "
                if first
                else ""
            )
            + {
                "random features": "Random features: it peaks at p equals n, where fitting "
                "becomes possible, then stays high.",
                "plain training": "Plain training: a smaller peak at p equals n, then as steep "
                "as random features.",
                "smooth training": "Training for smoothness, still fitting below the noise "
                "level: the Lipschitz constant keeps falling as p grows.",
            }.get(label, label),
        )
        self.family_parts.add(w.frozen(line, marks))

    def beat_thresholds(self) -> None:
        n, d = self.n, self.d
        top = CHART.bottom + CHART.height
        marks = VGroup()
        bottom_right = (n, r"p = n\text{: fitting}", CHART.bottom + 0.35, RIGHT)
        top_left = (n * d, r"p = nd\text{: smooth fit (the law)}", top - 0.25, LEFT)
        for value, tex, y, side in (bottom_right, top_left):
            foot = self.at(value, 1.0)[0]
            line = DashedLine(w.at(foot, CHART.bottom), w.at(foot, top), dash_length=0.1)
            line.set_stroke(role_color("reference"), width=2)
            label = w.math(tex, size=Size.CAPTION, color=FOREGROUND)
            label.move_to(w.at(foot, y), aligned_edge=-side).shift(side * 0.15)
            marks.add(VGroup(line, label))
        self.play(
            FadeOut(self.readout) if self.readout is not None else FadeIn(VGroup()),
            self.swap_statement(r"p = n \text{ fits; the law: a smooth fit needs } p \gtrsim nd"),
            run_time=0.8,
        )
        self.readout = None
        for dashed, name in marks:
            self.play(Create(dashed), FadeIn(name), run_time=1.0)
            self.wait(0.6)
        self.beat(
            1.8,
            f"p = n = {n} parameters suffice to fit the points (the interpolation threshold); the "
            f"law says a smooth fit, Lip of order 1, needs p of order n*d = {n * d}.",
            name="thresholds",
            say=f"At p equals n, {spoken(n)}, fitting becomes possible. The law: a smooth fit "
            f"needs p of order n times d, here {spoken(n * d)}.",
        )
        self.threshold_marks = marks

    def beat_law(self) -> None:
        r = self.r
        p, law = r["p"].ravel().astype(float), r["law_scaling"].ravel()
        order = np.argsort(p)
        line = VMobject().set_points_as_corners(
            self.at_logs(np.log10(p[order]), np.log10(law[order]))
        )
        dashed = DashedVMobject(line, num_dashes=45, dashed_ratio=0.55)
        dashed.set_stroke(role_color("law"), width=STROKE).set_z_index(1)
        key = VGroup(
            w.dash_swatch(role_color("law")),
            w.math(
                r"\sqrt{nd/p}\text{, constants omitted}", size=Size.CAPTION, color=role_color("law")
            ),
        ).arrange(RIGHT, buff=0.2)
        key.move_to(CHART.point(-0.17, 0.8), aligned_edge=LEFT)
        self.play(
            Create(dashed),
            FadeIn(key),
            self.swap_statement(r"\text{The law's scaling: } \mathrm{Lip} \gtrsim \sqrt{nd/p}"),
            run_time=2.0,
        )
        self.beat(
            2.0,
            "The law's scaling sqrt(nd/p), constants omitted (Bubeck & Sellke, Theorem 3, for any "
            "fit below the noise level). It is drawn with constant 1: its shape, not the bound; "
            "this chart's n eps^2 = "
            f"{float(r['n_eps2']):.0f} is far below the {float(r['theorem_min_n_eps2']):.0f} the "
            "theorem's condition asks at least (k = 1, delta -> 1).",
            name="law-scaling",
            say="The dashed line: the law's scaling, the square root of n d over p, constants "
            "omitted.",
        )
        self.law_parts = VGroup(dashed, key)

    def beat_floor(self) -> None:
        r = self.r
        lo, hi = float(np.nanmin(r["lip_floor_fit"])), float(np.nanmax(r["lip_floor_fit"]))
        left, right = self.at(10.0 ** self.x0[0], lo), self.at(10.0 ** self.x0[1], hi)
        band = w.rectangle(left, right if right[1] - left[1] > 0.06 else right + UP * 0.06)
        band.set_fill(role_color("reference"), 0.45).set_stroke(role_color("reference"), 1)
        # its name under the band, midway between the y axis (its tick labels) and p = n
        name = w.text("data floor", size=Size.CAPTION, color=FOREGROUND)
        gap = (CHART.left + float(self.at(self.n, 1.0)[0])) / 2
        name.next_to(band, DOWN, buff=0.12).set_x(gap)
        self.play(
            FadeIn(band),
            FadeIn(name),
            self.swap_statement(
                rf"\text{{The data's floor: no fit with MSE}} \le {float(r['fit_mse']):g}"
                rf"\text{{ has }} \mathrm{{Lip}} < {lo:.2f}"
            ),
            run_time=1.5,
        )
        self.beat(
            2.2,
            f"The data's floor: no function with training MSE <= {float(r['fit_mse']):g} on these "
            f"points is smoother than Lip {lo:.2f} to {hi:.2f} (a convex program over its values; "
            f"an exact interpolant needs at least {float(np.nanmin(r['lip_floor'])):.2f}). Near "
            "p ~ nd the law's line runs below it: there the data, not the law, set the limit.",
            name="floor",
            say="The band is the data's own floor: fitting to a training error of "
            f"{float(r['fit_mse']):g} needs a Lipschitz constant of at least {lo:.2f}. Near n d, "
            "the law's line falls below it.",
        )
        self.floor_parts = VGroup(band, name)

    # --- the grid of (n, d): against p, then p/(nd) --------------------------------------------

    def grid_lines(self, nd_over_p: np.ndarray) -> list[np.ndarray]:
        """The within-cell fit's line of each cell (one slope, the cell's own intercept) over
        the nd/p of its filled marks, then the law's slope 1/2 through the cells' mean
        intercept over the whole range: y values at :meth:`grid_xs` (as in the law-collapse
        figure)."""
        g = self.g
        slope = float(g["slope_within"])
        lines = []
        for c, z in enumerate(self.grid_xs(nd_over_p)[:-1]):
            lines.append(float(np.exp(float(g["cell_intercept"][c]))) * z**slope)
        z = self.grid_xs(nd_over_p)[-1]
        lines.append(float(np.exp(np.nanmean(g["cell_intercept"]))) * z**0.5)
        return lines

    def grid_xs(self, nd_over_p: np.ndarray) -> list[np.ndarray]:
        """The nd/p where :meth:`grid_lines` are drawn: each cell's filled marks' span, then the
        whole grid's."""
        g = self.g
        spans = []
        for c in range(len(g["n"])):
            used = np.broadcast_to(nd_over_p[c], g["used_in_fit"][c].shape)[g["used_in_fit"][c]]
            z = used if used.size else nd_over_p[c]
            spans.append(np.geomspace(float(z.min()), float(z.max()), 12))
        spans.append(np.geomspace(float(nd_over_p.min()), float(nd_over_p.max()), 30))
        return spans

    def beat_grid(self) -> None:
        g = self.g
        ds, ns = sorted(set(g["d"].tolist())), sorted(set(g["n"].tolist()))
        colors = dict(zip(ds, series_colors(len(ds)), strict=True))
        shapes = dict(zip(ns, MARKERS, strict=False))
        cells = VGroup()
        for c in range(len(g["n"])):
            n, d, nd = int(g["n"][c]), int(g["d"][c]), float(self.cell_nd[c])
            p, lip = g["p"][c].astype(float), g["lip_lower"][c]  # (widths), (seeds, widths)
            mean = lip.mean(axis=0)

            def line(p=p, mean=mean, nd=nd, color=colors[d]) -> VMobject:
                curve = VMobject().set_stroke(color, width=2, opacity=0.7)
                return curve.set_points_as_corners(self.at_logs(self.x_log(p, nd), np.log10(mean)))

            used = g["used_in_fit"][c]  # (seeds, widths)
            marks = VGroup(
                *(
                    marker(shapes[n], colors[d], bool(used[s, k]), radius=0.07)
                    for s in range(lip.shape[0])
                    for k in range(lip.shape[1])
                )
            )
            xs = np.tile(p, lip.shape[0])  # in the order of the marks: seed by seed
            ys = np.log10(lip.ravel())

            def follow(
                group: VGroup, xs: np.ndarray = xs, ys: np.ndarray = ys, nd: float = nd
            ) -> None:
                for mark, at in zip(group, self.at_logs(self.x_log(xs, nd), ys), strict=True):
                    mark.move_to(at)

            cells.add(VGroup(redrawn(line, self.ranges), on_change(marks, self.ranges, follow)))
        key = VGroup()
        for d in ds:
            key.add(
                row(
                    Square(side_length=0.2).set_fill(colors[d], 1).set_stroke(width=0),
                    w.math(f"d = {d}", size=Size.CAPTION),
                )
            )
        for n in ns:
            key.add(row(marker(shapes[n], FOREGROUND, True), w.math(f"n = {n}", size=Size.CAPTION)))
        key.add(
            row(
                marker("circle", MUTED, False),
                w.text("hollow: left out of the fit", size=Size.CAPTION, color=MUTED),
            )
        )
        key.arrange(RIGHT, buff=0.55).move_to(w.at(0, KEY_Y))
        old = VGroup(
            self.family_parts,
            self.keys,
            self.conventions,
            self.threshold_marks,
            self.law_parts,
            self.floor_parts,
        )
        self.play(
            FadeOut(old),
            FadeIn(key),
            LaggedStart(*(FadeIn(cell) for cell in cells), lag_ratio=0.4),
            self.swap_statement(
                r"\text{Smooth training on a grid of } (n, d)\text{: a curve per cell}"
            ),
            run_time=2.2,
        )
        # the y axis zooms onto the grid's range (its ticks and points follow)
        self.play(self.focus.animate.set_value(1.0), run_time=1.8)
        top = round(float((g["p"] / g["n"][:, None]).max()))
        self.beat(
            1.8,
            f"The law-scaling experiment: smooth training for every n in {ns} and d in {ds}, "
            f"{g['lip_lower'].shape[1]} seeds each, p from about n to {top}n. "
            "Against p every cell has its own curve (here the cells with more points are the "
            "steeper at the same p). "
            "Filled marks are used in the fit of the slope (fitted networks with 2n <= p <= nd, "
            "read on the grid's nominal p/n, away from the data's floor); hollow ones are not.",
            name="grid",
            say=f"Now smooth training on a grid: {spoken_list(ns)} points, in dimension "
            f"{spoken_list(ds)}. Against p, each cell has its own curve.",
        )
        self.cells, self.grid_key = cells, key

    def beat_collapse(self) -> None:
        g = self.g
        # the headline: the slope within cells (one slope, an intercept per cell), what the law
        # says of each (n, d); the pooled one mixes the cells' offsets into the slope
        slope = float(g["slope_within"])
        low, high = float(g["slope_within_low"]), float(g["slope_within_high"])
        pooled = float(g["slope"])
        pooled_low, pooled_high = float(g["slope_low"]), float(g["slope_high"])
        per_cell = g["cell_slope"][np.isfinite(g["cell_slope"])]
        seeds, resamples = int(g["seeds"]), int(g["distinct_resamples"])
        offsets = g["cell_offset"][np.isfinite(g["cell_offset"])]
        spread = float(np.exp(np.ptp(offsets))) if offsets.size >= 2 else float("nan")
        verdict, verdict_words, verdict_say = collapse_verdict(spread, low, high)
        ratio = self.ratio_name()
        self.play(
            FadeTransform(self.x_name, ratio),
            self.morph.animate.set_value(1.0),
            self.swap_statement(verdict),
            run_time=3.5,
        )
        self.beat(
            2.0,
            f"Against p/(nd), more parameters per point and dimension to the right, the cells "
            f"come together but {verdict_words}: with one slope shared by the cells, each cell "
            f"has its own intercept, and the largest factor between two cells' intercepts is "
            f"{spread:.2f} (the law-collapse figure's label says the same; cells within a factor "
            "1.25 would count as one line).",
            name="collapse",
            say="Divide each cell's p by its n d. " + verdict_say,
        )
        # the lines: the result's slopes are of Lip against nd/p, so against p/(nd) they are
        # -slope: the within-cell fit, a segment per cell, and the law's -1/2
        xs = self.grid_xs(g["nd_over_p"])
        ys = self.grid_lines(g["nd_over_p"])
        fit_lines = VGroup(
            *(
                VMobject()
                .set_points_as_corners(self.at_logs(np.log10(1 / z), np.log10(y)))
                .set_stroke(FOREGROUND, width=STROKE)
                for z, y in zip(xs[:-1], ys[:-1], strict=True)
            )
        )
        law_line = DashedVMobject(
            VMobject().set_points_as_corners(self.at_logs(np.log10(1 / xs[-1]), np.log10(ys[-1]))),
            num_dashes=30,
        ).set_stroke(role_color("law"), width=STROKE)
        labels = VGroup(
            row(
                Line(LEFT * 0.3, RIGHT * 0.3).set_stroke(FOREGROUND, STROKE),
                w.math(rf"\text{{within cells: slope }} {{{-slope:.2f}}}", size=Size.CAPTION),
            ),
            row(
                w.dash_swatch(role_color("law"), length=0.6),
                w.math(
                    r"\text{the law: slope } {-1/2}", size=Size.CAPTION, color=role_color("law")
                ),
            ),
            # three rows, none wider than the first: wider or lower, they would reach the
            # cells' curves (which marks were fitted: the key, and the notes)
            w.text(f"{seeds} seeds: {resamples} distinct resamples", size=Size.NOTE, color=MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        # top right, over the right half where every point lies lower (the larger p/(nd))
        labels.move_to(w.at(CHART.left + CHART.width, CHART.bottom + CHART.height), UP + RIGHT)
        self.play(
            Create(fit_lines),
            Create(law_line),
            FadeIn(labels),
            self.swap_statement(
                rf"\text{{Slope within cells }} {{{-slope:.2f}}}\ [{-high:.2f},\,{-low:.2f}]"
                r"\text{; the law's } {-1/2}"
            ),
            run_time=1.8,
        )
        self.beat(
            3.0,
            f"The headline is the slope within cells: one slope of log Lip against log p/(nd) "
            f"shared by the cells, each with its own intercept, since the law speaks of each "
            f"(n, d) on its own: {-slope:.2f} (bootstrap percentiles over seeds, 2.5 to 97.5%: "
            f"{-high:.2f} to "
            f"{-low:.2f}). Each cell alone: {-float(per_cell.max()):.2f} to "
            f"{-float(per_cell.min()):.2f}. One line through all the cells (pooled) gives "
            f"{-pooled:.2f} [{-pooled_high:.2f}, {-pooled_low:.2f}]: it mixes the cells' "
            "offsets into the slope. Fitted on the filled marks (fitted networks with "
            "2 <= p/n <= d on the grid's nominal p/n, away from the data's floor); the law's "
            "slope -1/2 is dashed, through the cells' mean intercept. With "
            f"{seeds} seeds a bootstrap over seeds has only {resamples} distinct resamples: the "
            "ends are single seeds' slopes and show how these seeds disagree, not a 95% interval; "
            "the paper preset's seeds give many more, though from few seeds the coverage stays "
            "approximate. Lip is a lower estimate; the law bounds every fit below the "
            "noise level from below, with constants omitted here.",
            name="slope",
            say=f"Within each cell the slope is minus {abs(slope):.2f}, between minus "
            f"{abs(high):.2f} and minus {abs(low):.2f}: "
            + (
                "the law's minus one half lies inside."
                if low <= 0.5 <= high
                else (
                    "shallower than the law's minus one half, which is only a lower bound."
                    if high < 0.5
                    else "steeper than the law's minus one half."
                )
            )
            + f" With {spoken(seeds)} seeds, that interval rests on only {spoken(resamples)} "
            "distinct resamples.",
        )


def collapse_verdict(spread: float, low: float, high: float) -> tuple[str, str, str]:
    """Whether the grid's cells lie on one line, from the largest factor between their offsets
    (``spread``, the within-cell fit's intercepts) and the within-cell slope's interval: the
    statement, the notes' words, the narration. The same words as the law-collapse figure's
    label (figures/topics/robustness.py, collapse_verdict), which reads the same result."""
    if spread <= 1.25:
        return (
            rf"\text{{The cells collapse onto one line: offsets within }} {{\times}}{spread:.2f}",
            f"collapse onto one line (offsets within x{spread:.2f})",
            f"The cells collapse onto one line, within a factor of {spread:.2f}.",
        )
    if low <= 0.5 <= high:
        return (
            rf"\text{{The law's slope, but no collapse: offsets up to }} {{\times}}{spread:.1f}",
            f"do not collapse onto one line (offsets up to x{spread:.1f}), though their common "
            "slope is the law's",
            "The cells follow the law's slope, but they do not collapse onto one line: their "
            f"offsets differ by up to a factor of {spread:.1f}.",
        )
    return (
        rf"\text{{The cells do not fall on one line: offsets up to }} {{\times}}{spread:.1f}",
        f"do not fall on one line (offsets up to x{spread:.1f})",
        "The cells come closer, but they do not fall on one line: their offsets differ by up to "
        f"a factor of {spread:.1f}.",
    )


def where_spoken(distribution: str) -> str:
    return {
        "sphere": "random points on a sphere",
        "gaussian": "Gaussian random points",
        "mixture": "points from a mixture of Gaussian clusters",
        "digits": "small images of digits",
    }.get(distribution, distribution)


def where_words(distribution: str) -> str:
    return {
        "sphere": "uniform on the sphere",
        "gaussian": "Gaussian, N(0, I/d),",
        "mixture": "from a mixture of Gaussian clusters",
        "digits": "(8x8 images of digits)",
    }.get(distribution, distribution)
