"""The chapter "Fitting noise is easy; fitting it smoothly is not" (docs/science.md, section 5): ten
noisy points on a line. The p = n random-features fit is traced through every one of them (a live
count, then the largest residual from the result) while the y axis stretches smoothly to hold its
spike; a short segment slides along it with its slope as a readout and stops at the steepest piece:
that slope is Lip. The axis shrinks back, the p = n fit stays as a dimmed ghost (leaving through
the top), and the many-feature minimum-norm fit is traced the same way over it. The broken line
through the points is the best any interpolant can do: its steepest gap is the data's floor. In d =
1, nd = n: the picture says what Lip and interpolation mean, not yet the law.

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
    Animation,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    Line,
    Mobject,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from assets.numbers import tex_sci
from scenes.kit import widgets as w
from scenes.kit.motion import (
    StatementMixin,
    clip01,
    follow_value,
    integer_readout,
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
)

FIT = w.PlotBox(-5.75, -2.1, 7.5, 4.3)  # the fits: x in [-1, 1] across, y in [y_lo, top]
PANEL_LEFT = 2.3  # left edge of the readouts right of the plot
SEGMENT = 1.6  # on-screen length of the sliding slope segment
HEADROOM = 0.35  # y units kept free above the highest point of a fit
GHOST = 0.35  # opacity of a past fit kept under the new one


class SmoothInterpolation(StatementMixin, ThemedScene):
    """Noisy points fitted exactly with p = n random ReLU features (steep) and with many
    (smooth); Lip as the steepest slope; the broken line as the best possible."""

    def construct(self) -> None:
        r = self.r = scene_result("toy-fits")
        self.grid, self.xs, self.ys = r["grid"], r["x"], r["y"]
        few, many = r["few_fit"], r["many_fit"]
        self.n = len(self.xs)
        self.y_lo = float(min(self.ys.min(), few.min(), many.min())) - 0.15
        self.y_base = float(max(self.ys.max(), many.max())) + 0.2
        # The top of the y axis follows the highest point of the p = n fit traced so far (from
        # the left): it stretches smoothly as the fit climbs, never garbling a tick.
        self.few_top = np.maximum.accumulate(few) + HEADROOM
        self.few_end = ValueTracker(-1.0)  # how far the p = n fit is traced
        self.many_end = ValueTracker(-1.0)
        self.stretch = ValueTracker(1.0)  # 1: the axis holds the traced fit; 0: the data only
        self.slide = ValueTracker(-1.0)  # where the slope segment sits
        self.heading = w.title("Fitting noisy points: how steep?")
        self.statement = VGroup()
        self.beat_points()
        self.beat_spiky_fit()
        self.beat_smooth_fit()
        self.beat_broken_line()

    # --- the plot at the trackers -------------------------------------------------------------

    def y_top(self) -> float:
        run = float(np.interp(self.few_end.get_value(), self.grid, self.few_top))
        return self.y_base + self.stretch.get_value() * max(0.0, run - self.y_base)

    def to_screen(self, x: Any, y: Any) -> np.ndarray:
        lo, hi = self.y_lo, self.y_top()
        return FIT.points(np.asarray(x, dtype=float), (np.asarray(y, dtype=float) - lo) / (hi - lo))

    def point(self, x: float, y: float) -> np.ndarray:
        return self.to_screen(np.array([x]), np.array([y]))[0]

    def y_ticks(self) -> range:
        return range(pymath.ceil(self.y_lo), pymath.floor(float(self.few_top.max())) + 1)

    def tick_opacity(self, y: float) -> float:
        """Ticks fade in as the top of the axis reaches them (none pops in)."""
        return clip01((self.y_top() - y) / 0.15) if y >= self.y_lo else 0.0

    def frame(self) -> VGroup:
        pieces = [(FIT.point(-1, 0), FIT.point(1, 0)), (FIT.point(-1, 0), FIT.point(-1, 1))]
        pieces += [(FIT.point(x, 0), FIT.point(x, 0) + DOWN * 0.12) for x in (-1, -0.5, 0, 0.5, 1)]
        group = VGroup(strokes(pieces))
        for y in self.y_ticks():
            a = self.tick_opacity(y)
            if a > 0:
                foot = self.point(-1, y)
                group.add(strokes([(foot, foot + LEFT * 0.12)], opacity=a))
        zero = Line(self.point(-1, 0), self.point(1, 0), color=MUTED, stroke_width=1)
        return group.add(zero.set_stroke(opacity=0.5))

    def tick_labels(self) -> VGroup:
        labels = VGroup()
        for x in (-1, -0.5, 0, 0.5, 1):
            label = w.text(f"{x:g}".replace("-", "\u2212"), size=Size.TICK, color=MUTED)
            labels.add(label.next_to(FIT.point(x, 0), DOWN, buff=0.2))
        ys = list(self.y_ticks())
        y_labels = VGroup(
            *(w.text(f"{y:d}".replace("-", "\u2212"), size=Size.TICK, color=MUTED) for y in ys)
        )

        def follow(group: VGroup) -> None:
            for label, y in zip(group, ys, strict=True):
                label.next_to(self.point(-1, y), LEFT, buff=0.2)
                label.set_opacity(self.tick_opacity(y))

        labels.add(on_change(y_labels, self.y_top, follow))
        names = VGroup(
            w.math("x", size=Size.LABEL, color=MUTED).next_to(FIT.point(1, 0), RIGHT, buff=0.2),
            w.math("y", size=Size.LABEL, color=MUTED).next_to(FIT.point(-1, 1), UP, buff=0.1),
        )
        return VGroup(labels, names)

    def dots(self) -> VGroup:
        group = VGroup(
            *(
                Dot(radius=0.09, color=role_color("data")).set_stroke("#1A1A1A", width=1.5)
                for _ in self.xs
            )
        ).set_z_index(3)

        def follow(dots: VGroup) -> None:
            for dot, at in zip(dots, self.to_screen(self.xs, self.ys), strict=True):
                dot.move_to(at)

        return on_change(group, self.y_top, follow)

    def traced(self, fit: np.ndarray, end: ValueTracker) -> VMobject:
        """The fit from x = -1 up to the tracker ``end``, clipped to the axis' top."""
        stop = end.get_value()
        keep = self.grid <= stop
        xs = np.append(self.grid[keep], stop)
        ys = np.minimum(np.append(fit[keep], np.interp(stop, self.grid, fit)), self.y_top())
        curve = VMobject().set_stroke(role_color("random_features"), width=STROKE)
        return curve.set_points_as_corners(self.to_screen(xs, ys)) if len(xs) >= 2 else curve

    def ghost(self, fit: np.ndarray, opacity: float = GHOST) -> VGroup:
        """The whole of ``fit``, dimmed: the pieces inside the axis (it leaves through the top,
        cut where it crosses, rather than running flat along it)."""
        top, group = self.y_top(), VGroup()
        inside = fit <= top
        start = None
        for i in range(len(fit) + 1):
            if i < len(fit) and inside[i]:
                start = i if start is None else start
                continue
            if start is not None:
                xs, ys = list(self.grid[start:i]), list(fit[start:i])
                for j, at in ((start - 1, 0), (i, len(xs))):  # where it crosses the top
                    if 0 <= j < len(fit):
                        k = j + 1 if at == 0 else j - 1
                        t = (top - fit[k]) / (fit[j] - fit[k])
                        xs.insert(at, float(self.grid[k] + t * (self.grid[j] - self.grid[k])))
                        ys.insert(at, top)
                if len(xs) >= 2:
                    piece = VMobject().set_points_as_corners(self.to_screen(xs, ys))
                    group.add(piece)
                start = None
        return group.set_stroke(role_color("random_features"), width=STROKE, opacity=opacity)

    def slope_at(self, fit: np.ndarray, x: float) -> float:
        """The slope of the drawn fit at x (the fits are sampled on the result's grid)."""
        return float(np.interp(x, self.grid, np.gradient(fit, self.grid)))

    def segment(self, fit: np.ndarray) -> Line:
        """A short piece of slope f'(x) through the fit at the slide tracker's x."""
        x = self.slide.get_value()
        y, slope = float(np.interp(x, self.grid, fit)), self.slope_at(fit, x)
        sx = FIT.width / 2
        sy = FIT.height / (self.y_top() - self.y_lo)
        step = np.array([sx, slope * sy, 0.0])
        half = 0.5 * SEGMENT * step / np.linalg.norm(step)
        centre = self.point(x, y)
        # cut at the plot's sides: the piece never reaches past x = -1 or x = 1
        room_left = (centre[0] - FIT.left) / max(half[0], 1e-9)
        room_right = (FIT.left + FIT.width - centre[0]) / max(half[0], 1e-9)
        ends = (centre - min(1.0, room_left) * half, centre + min(1.0, room_right) * half)
        piece = Line(*ends, color=role_color("law"), stroke_width=8)
        return piece.set_stroke(BACKGROUND, width=16, background=True)  # apart from the fit

    def slope_row(self, fit: np.ndarray) -> VGroup:
        value = w.number(0.0, decimals=1, size=Size.CAPTION, color=role_color("law"))
        follow_value(value, lambda: round(abs(self.slope_at(fit, self.slide.get_value())), 1))
        return row(w.math(r"|\text{slope}| =", size=Size.CAPTION, color=role_color("law")), value)

    def lip_row(self, name: str) -> VGroup:
        lip = w.tex_number(float(self.r[f"{name}_lip"]))
        return VGroup(
            w.math(rf"\mathrm{{Lip}} = {lip}", size=Size.CAPTION, color=role_color("law"))
        )

    def residual_row(self, name: str) -> VGroup:
        worst = tex_sci(float(self.r[f"{name}_residual_max"]), digits=2, plain_below=0)
        return VGroup(w.math(rf"\text{{residuals}} \le {worst}", size=Size.CAPTION))

    def panel(self, *rows: VMobject, top: float) -> VGroup:
        group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        return group.move_to(w.at(PANEL_LEFT, top), aligned_edge=UP + LEFT)

    def summary(self, name: str, p_tex: str, opacity: float = 1.0) -> VGroup:
        """A fit's legend once done: its swatch (dimmed as its curve is) and its Lip."""
        lip = w.tex_number(float(self.r[f"{name}_lip"]))
        label = w.math(rf"{p_tex}\!:\ \mathrm{{Lip}} = {lip}", size=Size.CAPTION)
        swatch = Line(LEFT * 0.15, RIGHT * 0.15, stroke_width=STROKE)
        swatch.set_stroke(role_color("random_features"), opacity=opacity)
        return VGroup(swatch, label).arrange(RIGHT, buff=0.15)

    # --- beats -----------------------------------------------------------------------------------

    def beat_points(self) -> None:
        self.frame_mob = redrawn(self.frame, self.y_top)
        self.labels = self.tick_labels()
        self.dot_group = self.dots()
        self.statement = w.statement(
            rf"n = {self.n} \text{{ noisy points }} (x_i, y_i)\text{{: fit them exactly}}"
        )
        self.add(self.heading)  # the first frame, the thumbnail, shows the title
        self.play(FadeIn(self.frame_mob), FadeIn(self.labels), run_time=1.2)
        self.play(
            FadeIn(self.dot_group, scale=0.5, lag_ratio=0.2),  # the group: it follows the axis
            FadeIn(self.statement),
            run_time=2.0,
        )
        noise = float(getattr(self.r.config, "noise", 0.3))
        self.beat(
            2.0,
            f"Noisy points y_i = 0.6 sin(pi x_i) +- {noise:g} (the toy-fits result): n = {self.n} "
            "of them on [-1, 1]. An exact fit, an interpolant, passes through every one.",
            name="points",
            say=f"{self.n} noisy points. The task: a curve through every one of them, exactly.",
        )

    def beat_spiky_fit(self) -> None:
        r, n = self.r, self.n
        few, p = r["few_fit"], int(r["few_p"])
        count = integer_readout(0)
        through = row(
            w.math(r"\text{points hit:}", size=Size.CAPTION),
            count,
            w.math(rf"/\,{n}", size=Size.CAPTION),
            buff=0.12,
        )

        def hits(m: Any) -> None:  # the count, and the "/ n" after it as it widens
            new = int(np.sum(self.xs <= self.few_end.get_value()))
            if new != m.get_value():
                m.set_value(new)
            m.next_to(through[0], RIGHT, buff=0.12)
            through[2].next_to(m, RIGHT, buff=0.12)

        count.add_updater(hits)
        name = w.legend_row(role_color("random_features"), w.math(rf"p = n = {p}"))
        block = self.panel(name, through, top=2.3)
        curve = redrawn(
            lambda: self.traced(few, self.few_end),
            lambda: (self.few_end.get_value(), self.y_top()),
        )
        self.add(curve)
        self.play(
            FadeIn(block),
            self.swap_statement(
                rf"p = n = {p}\text{{ ReLUs: a kink left of }} x_1\text{{, one per gap}}"
            ),
            run_time=1.0,
        )
        last = float(self.xs[-1]) + 0.01
        self.play(self.few_end.animate.set_value(last), run_time=3.0, rate_func=linear)
        # beyond the last point the fit is free and shoots up: the axis stretches to hold it
        self.play(self.few_end.animate.set_value(1.0), run_time=1.6)
        residual = self.panel(self.residual_row("few"), top=0).align_to(through, UP)
        self.play(FadeTransform(through, residual), run_time=0.8)
        piece, lip = self.slide_to_steepest(
            "few",
            residual,
            3.2,
            self.swap_statement(r"\mathrm{Lip}(f)\text{: the steepest slope of } f"),
        )
        self.beat(
            2.0,
            f"With p = n = {p} random ReLU features, one kink left of the first point and one in "
            f"each of the {n - 1} gaps between neighbouring points, the fit passes through every "
            "point exactly (largest residual "
            f"{float(r['few_residual_max']):.0e}) but is steep: beyond the last point it shoots "
            "up, and its steepest slope, the Lipschitz constant Lip, is "
            f"{float(r['few_lip']):.3g}.",
            name="spiky-fit",
            say=f"With p equals n, {p} random ReLU features, the curve hits all {n} points, then "
            "shoots up. A sliding segment reads its slope: the steepest, "
            f"{float(r['few_lip']):.3g}, is the Lipschitz constant.",
        )
        self.few_parts = VGroup(curve, piece)
        self.few_block = VGroup(name, residual, lip)

    def slide_to_steepest(
        self, name: str, above: Mobject, seconds: float, *also: Animation
    ) -> tuple[VMobject, VGroup]:
        """A short segment slides along fit ``name`` ("few" or "many") with its slope live
        (under ``above``) and stops at the steepest piece, where the slope becomes Lip."""
        fit = self.r[f"{name}_fit"]
        self.slide.set_value(-1.0)
        piece = redrawn(lambda: self.segment(fit), lambda: (self.slide.get_value(), self.y_top()))
        slope = self.slope_row(fit).next_to(above, DOWN, buff=0.28, aligned_edge=LEFT)
        self.play(FadeIn(piece), FadeIn(slope), *also, run_time=0.8 if also else 0.6)
        self.play(
            self.slide.animate.set_value(float(self.r[f"{name}_steepest_x"])), run_time=seconds
        )
        lip = self.lip_row(name).move_to(slope, aligned_edge=LEFT)
        self.play(FadeTransform(slope, lip), run_time=0.6)
        return piece, lip

    def beat_smooth_fit(self) -> None:
        r = self.r
        many, p = r["many_fit"], int(r["many_p"])
        few_summary = self.panel(
            self.summary("few", rf"p = {int(r['few_p'])}", opacity=GHOST), top=2.3
        )
        # the p = n fit stays, dimmed, under the new one: the eye compares the two
        curve, piece = self.few_parts
        self.remove(curve)
        ghost = redrawn(lambda: self.ghost(r["few_fit"]), self.y_top)
        self.add(ghost)
        self.play(
            FadeOut(w.frozen(piece)),
            ReplacementTransform(self.few_block, few_summary),
            run_time=0.8,
        )
        self.play(
            self.stretch.animate.set_value(0.0),
            self.swap_statement(rf"p = {p}\text{{, minimum norm: exact, far less steep}}"),
            run_time=1.5,
        )
        name = w.legend_row(role_color("random_features"), w.math(rf"p = {p}"))
        residual = self.residual_row("many")
        block = self.panel(name, residual, top=1.45)
        curve = redrawn(
            lambda: self.traced(many, self.many_end),
            lambda: (self.many_end.get_value(), self.y_top()),
        )
        self.add(curve)
        self.play(FadeIn(name), run_time=0.5)
        self.play(self.many_end.animate.set_value(1.0), run_time=2.6, rate_func=linear)
        self.play(FadeIn(residual), run_time=0.6)
        piece, lip = self.slide_to_steepest("many", residual, 2.2)
        self.beat(
            2.0,
            f"With p = {p} random features the minimum-norm fit also passes through every point "
            f"(largest residual {float(r['many_residual_max']):.0e}), and it is much smoother: "
            f"Lip = {float(r['many_lip']):.3g} against {float(r['few_lip']):.3g} for p = n.",
            name="smooth-fit",
            say=f"Now {p} features, with the smallest weights that fit. It also hits every point, "
            f"but is far calmer: Lipschitz constant {float(r['many_lip']):.3g}, against "
            f"{float(r['few_lip']):.3g} before.",
        )
        self.summaries = VGroup(few_summary)
        self.many_block, self.many_piece = VGroup(block, lip), piece

    def beat_broken_line(self) -> None:
        r = self.r
        floor = float(r["interpolation_lip_min"])
        slopes = np.abs(np.diff(self.ys) / np.diff(self.xs))
        k = int(np.argmax(slopes))  # the steepest gap: its slope is the floor
        corners = [self.point(x, y) for x, y in zip(self.xs, self.ys, strict=True)]
        chain = VMobject().set_points_as_corners(corners).set_stroke(FOREGROUND, width=2.5)
        steep = Line(corners[k], corners[k + 1]).set_stroke(role_color("law"), width=9)
        many_summary = self.summary("many", rf"p = {int(r['many_p'])}")
        many_summary.next_to(self.summaries, DOWN, buff=0.28, aligned_edge=LEFT)
        self.play(
            FadeOut(w.frozen(self.many_piece)),
            ReplacementTransform(self.many_block, many_summary),
            self.swap_statement(
                rf"\text{{No interpolant beats the broken line: }} \mathrm{{Lip}} \ge "
                rf"{w.tex_number(floor)}"
            ),
            run_time=0.8,
        )
        self.play(Create(chain.set_z_index(2)), run_time=1.6)
        broken = w.legend_row(
            FOREGROUND,
            w.math(rf"\mathrm{{Lip}} = {w.tex_number(floor)}", color=role_color("law")),
        )
        broken.next_to(many_summary, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(Create(steep.set_z_index(2)), FadeIn(broken), run_time=1.0)
        remark = VGroup(
            *(
                w.math(line, size=Size.NOTE, color=MUTED)
                for line in (
                    r"\text{Here } d = 1\text{, so } nd = n\text{:}",
                    r"\text{this is what Lip and}",
                    r"\text{interpolation mean,}",
                    r"\text{not yet the law: the}",
                    r"\text{cost of smoothness}",
                    r"\text{comes with } d\text{.}",
                )
            )
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        remark.next_to(broken, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(FadeIn(remark), run_time=0.8)
        self.beat(
            3.0,
            "No exact interpolant can be less steep than the broken line through the points: "
            "between two neighbours any fit must climb at least as steeply on average, so Lip >= "
            f"{floor:.3g}, the steepest gap (drawn thick). The p = {int(r['many_p'])} fit is "
            f"close to it ({float(r['many_lip']):.3g}); the p = n fit is far above "
            f"({float(r['few_lip']):.3g}). In d = 1, n*d = n: this picture shows what Lip and "
            "interpolation mean, not yet the law; the cost of smoothness, p of order n*d, "
            "appears with the dimension d.",
            name="broken-line",
            say="Between two points, any curve must somewhere be as steep as the line joining "
            f"them: no exact fit has a Lipschitz constant below {floor:.3g}. Here d is one: not "
            "yet the law, since the cost of smoothness comes with d.",
        )
