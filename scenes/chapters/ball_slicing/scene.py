"""The chapter "A coordinate of a high-dimensional ball is Gaussian" (docs/science.md, section 2).

A plane sweeps through a turning 3-D ball while a graph beside it traces the slice area; then the
dimension d grows continuously and the traced profile (1-x^2)^((d-1)/2) narrows like 1/sqrt(d+2);
stretching x by sqrt(d+2) turns the spike into a bell that lands on N(0, 1); d runs again with
the exact TV distance; last, the reason, line by line: x = z/sqrt(d+2) (x has variance 1/(d+2)),
log(1 - u) ~ -u and (d-1)/(d+2) -> 1 turn (1-x^2)^((d-1)/2) into e^(-z^2/2), on the curve.

Every curve and number is read from the ``ball-slices`` result: its ``sweep_*`` arrays hold the
exact profiles, densities and distances for integer dimensions log-spaced between the smallest
and largest of its ``dims``. Between two computed dimensions a curve is drawn as the blend of its
neighbours (display interpolation); readouts name the computed dimension nearest the tracker.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowArrow,
    Indicate,
    Integer,
    Line,
    MathTex,
    Mobject,
    Polygon,
    ReplacementTransform,
    Transform,
    TransformFromCopy,
    TransformMatchingShapes,
    TransformMatchingTex,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

from scenes.kit import widgets as w
from scenes.kit.motion import StatementMixin
from scenes.kit.theme import MUTED, PLAIN, STROKE, Size, ThemedScene, role_color, scene_result

BALL = w.View(centre=(-3.6, -0.15), scale=1.75, elevation=0.38)  # the ball as drawn
SPIN_RATE = 0.35  # radians per second the ball turns about its vertical axis
NARROW = w.PlotBox(1.0, -1.55, 4.9, 3.1)  # the graph beside the ball
WIDE = w.PlotBox(-5.2, -2.0, 11.0, 4.0)  # the graph alone, full width
WHY = w.PlotBox(-5.2, -1.3, 11.0, 3.6)  # full width, lifted: the algebra gets the band below
RELATIVE_MAX, DENSITY_MAX = 1.15, 0.5  # y ranges: slice volume relative to the middle; density


class BallSlicing(StatementMixin, ThemedScene):
    """A plane slices a turning ball; slice profiles of B^d narrow; rescaled, N(0, 1)."""

    def construct(self) -> None:
        self.r = scene_result("ball-slices")
        self.dims = self.r["sweep_dims"].astype(float)
        self.d_max, self.z_max = float(self.dims[-1]), float(self.r["z"][-1])
        self.box = ValueTracker(0.0)  # 0: the graph beside the ball; 1: full width
        self.lift = ValueTracker(0.0)  # 1: full width, lifted over the derivation
        self.log_d = ValueTracker(np.log(3.0))
        self.stretch = ValueTracker(
            0.0
        )  # 0: x in [-1, 1]; 1: z = sqrt(d_max + 2) x in [-z_max, z_max]
        self.norm = ValueTracker(0.0)  # 0: slice volume relative to the middle; 1: density of z
        self.plane_x = ValueTracker(-1.0)  # the sweeping plane's height; the trace ends there
        self.swept = -1.0  # or as far as the plane has been, once it turns back
        self.heading = w.title("Slicing a high-dimensional ball")
        self.statement: Mobject = VGroup()  # the line that carries the current beat
        self.slice_the_ball()
        self.grow_the_dimension()
        self.stretch_the_axis()
        self.land_on_the_gaussian()
        self.run_the_dimension_again()
        self.say_why()

    # --- the result at the trackers -------------------------------------------------------------

    def d(self) -> float:
        return float(np.exp(self.log_d.get_value()))

    def row(self, name: str) -> np.ndarray:
        """Row ``name`` of the sweep at the tracker's d (the blend of computed neighbours)."""
        return np.asarray(w.row_at(self.dims, self.r[name], self.d()))

    def d_shown(self) -> int:
        """The computed dimension nearest the tracker: what the readouts name."""
        return int(self.dims[np.argmin(np.abs(np.log(self.dims) - np.log(self.d())))])

    def value_shown(self, name: str) -> float:
        return float(self.r[name][list(self.dims).index(self.d_shown())])

    # --- the graph: a box whose x window stretches and whose y range changes ------------------

    def plot(self) -> w.PlotBox:
        return NARROW.blend(WIDE, self.box.get_value()).blend(WHY, self.lift.get_value())

    def x_window(self) -> float:
        """Half-width of the x window: 1, stretching down to z_max / sqrt(d_max + 2)."""
        end = np.log(self.z_max / np.sqrt(self.d_max + 2))
        return float(np.exp(self.stretch.get_value() * end))

    def y_max(self) -> float:
        return RELATIVE_MAX + (DENSITY_MAX - RELATIVE_MAX) * self.norm.get_value()

    def to_screen(self, u: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Window coordinates (u in [-1, 1]) and data heights to scene points."""
        return self.plot().points(u, np.asarray(y) / self.y_max())

    def curve(self) -> VMobject:
        """The profile at d (slice volume relative to the middle one, over the x window), turning
        into the density of z = sqrt(d+2) x as ``norm`` goes to 1."""
        x, z = self.r["x"], self.r["z"]
        profile, norm = self.row("sweep_profile"), self.norm.get_value()
        if norm == 0:
            u, y = x / self.x_window(), profile
            traced = max(self.plane_x.get_value(), self.swept)
            keep = (np.abs(u) <= 1) & (x <= traced + 1e-9)
        else:
            relative = np.interp(z / np.sqrt(self.d() + 2.0), x, profile)
            u, y = z / self.z_max, (1 - norm) * relative + norm * self.row("sweep_density")
            keep = np.ones(u.shape, dtype=bool)
        curve = VMobject(color=role_color("ball"), stroke_width=STROKE)
        if keep.sum() >= 2:
            curve.set_points_as_corners(self.to_screen(u[keep], y[keep]))
        return curve

    def axes(self) -> VGroup:
        """Axis lines and ticks: x ticks at -1 ... 1 fly out as the window stretches, z ticks
        at -z_max ... z_max fade in at its end."""
        box, h = self.plot(), self.x_window()
        out = VGroup(
            Line(box.point(-1, 0), box.point(1, 0)), Line(box.point(-1, 0), box.point(-1, 1))
        )
        for x in (-1, -0.5, 0, 0.5, 1):
            if abs(x / h) <= 1 + 1e-9:
                out.add(Line(box.point(x / h, 0), box.point(x / h, 0) + DOWN * 0.12))
        fade = self.stretch.get_value() ** 6
        for k in range(-int(self.z_max), int(self.z_max) + 1):
            if fade > 0:
                foot = box.point(k / self.z_max, 0)
                out.add(Line(foot, foot + DOWN * 0.12).set_stroke(opacity=fade))
        for y in self.y_ticks():
            foot = self.to_screen(np.array([-1.0]), np.array([y]))[0]
            out.add(Line(foot, foot + LEFT * 0.12))
        return out.set_stroke(MUTED, width=2)

    def y_ticks(self) -> tuple[float, ...]:
        return (0.5, 1.0) if self.norm.get_value() < 0.5 else (0.2, 0.4)

    def labels(self, values: tuple[float, ...], where: str) -> VGroup:
        """Tick labels that follow the plot: ``where`` is ``x`` (window units) or ``z`` or ``y``."""
        group = VGroup()
        for v in values:
            label = w.math(f"{v:g}", size=Size.TICK, color=MUTED)
            if where == "y":
                label.add_updater(
                    lambda m, v=v: m.next_to(
                        self.to_screen(np.array([-1.0]), np.array([v]))[0], LEFT, buff=0.2
                    )
                )
            else:
                scale = (lambda: self.x_window()) if where == "x" else (lambda: self.z_max)
                label.add_updater(
                    lambda m, v=v, scale=scale: m.next_to(
                        self.plot().point(v / scale(), 0), DOWN, buff=0.22
                    )
                )
            group.add(label)
        return group

    def build_graph(self) -> VGroup:
        self.frame = always_redraw(self.axes)
        self.x_labels = self.labels((-1, 0, 1), "x")
        self.y_labels = self.labels((0.5, 1.0), "y")
        self.x_name = w.math("x", size=Size.LABEL, color=MUTED)
        self.x_name.add_updater(lambda m: m.next_to(self.plot().point(1, 0), RIGHT, buff=0.25))
        self.y_name = w.text("slice volume (middle slice = 1)", size=Size.CAPTION, color=MUTED)
        self.y_name.add_updater(
            lambda m: m.next_to(self.plot().point(-1, 1), UP, buff=0.15).align_to(
                self.plot().point(-1, 1), LEFT
            )
        )
        return VGroup(self.frame, self.x_labels, self.y_labels, self.x_name, self.y_name)

    # --- beats ---------------------------------------------------------------------------------

    def slice_the_ball(self) -> None:
        spin = ValueTracker(0.0)
        spin.add_updater(lambda m, dt: m.increment_value(SPIN_RATE * dt))
        yellow, half = role_color("highlight"), 1.05  # half-width of the drawn plane

        def ball() -> VGroup:
            return w.wire_sphere(BALL, role_color("ball"), spin=spin.get_value())

        def plane() -> VGroup:
            h = self.plane_x.get_value()
            corners = np.array(
                [[-half, h, -half], [half, h, -half], [half, h, half], [-half, h, half]]
            )
            sheet = Polygon(*BALL.project(corners)).set_stroke(MUTED, 1).set_fill(MUTED, 0.15)
            angles = np.linspace(0, 2 * np.pi, 73)
            rho = np.sqrt(max(1 - h * h, 0.0))
            ring = np.stack(
                [rho * np.cos(angles), np.full_like(angles, h), rho * np.sin(angles)], -1
            )
            disc = Polygon(*BALL.project(ring)).set_stroke(yellow, 3).set_fill(yellow, 0.55)
            return VGroup(sheet, disc)

        profile_3 = self.r["sweep_profile"][list(self.dims).index(3)]

        def area() -> float:  # pi (1 - x^2): the middle disc's area times the relative profile
            return float(np.pi * np.interp(self.plane_x.get_value(), self.r["x"], profile_3))

        def tracer() -> Dot:
            x = self.plane_x.get_value()
            at = self.to_screen(np.array([x]), np.array([area() / np.pi]))[0]
            return Dot(at, radius=0.09, color=yellow)

        graph = self.build_graph()
        self.trace, dot, sphere, cut = (always_redraw(f) for f in (self.curve, tracer, ball, plane))
        x_value = w.number(-1.0, decimals=2).add_updater(
            lambda m: m.set_value(self.plane_x.get_value())
        )
        area_value = w.number(0.0, decimals=2).add_updater(lambda m: m.set_value(area()))
        readout = VGroup(
            VGroup(w.math("x =", size=Size.READOUT), x_value).arrange(RIGHT, buff=0.15),
            VGroup(w.math(r"\pi(1-x^2) =", size=Size.READOUT), area_value).arrange(
                RIGHT, buff=0.15
            ),
        ).arrange(RIGHT, buff=0.7)
        readout.move_to(w.at(BALL.centre[0] + 0.75, -2.45))
        self.formula = w.math("1 - x^2", size=Size.LABEL, color=role_color("ball"))
        self.formula.move_to(NARROW.point(0.62, 0.95))
        self.statement = w.statement(
            r"\text{At height } x \text{ the slice is a disc of area } \pi(1-x^2)"
        )
        self.add(spin)
        self.add(self.heading)  # the first frame, the thumbnail, shows the title
        self.play(FadeIn(sphere), FadeIn(graph), run_time=1.5)
        self.add(self.trace)
        self.play(*(FadeIn(m) for m in (cut, dot, readout, self.statement)), run_time=0.8)
        self.play(self.plane_x.animate.set_value(1.0), run_time=6.0)
        # the graph stays traced; the plane goes back to a slice, so the beat ends on one
        self.swept = 1.0
        self.play(self.plane_x.animate.set_value(0.5), FadeIn(self.formula), run_time=1.5)
        self.beat(
            1.0,
            "At height x the slice of the unit ball B^3 is a disc of radius sqrt(1-x^2), area "
            "pi(1-x^2); the graph traces it, relative to the middle slice, as the plane sweeps.",
            name="slice",
            say=(
                "A plane at height x cuts the ball in a disc of area pi times one minus x squared. "
                "As it sweeps up, the graph traces that area, relative to the middle slice."
            ),
        )
        self.ball_parts = VGroup(sphere, cut, dot, readout)

    def grow_the_dimension(self) -> None:
        d_value = Integer(3, font_size=Size.READOUT * w.MATH_SCALE, color=PLAIN)
        d_value.add_updater(lambda m: m.set_value(self.d_shown()))
        self.d_readout = VGroup(w.math("d =", size=Size.READOUT), d_value).arrange(RIGHT, buff=0.15)
        self.d_readout.move_to(WIDE.point(0.5, 0.93), aligned_edge=LEFT)
        general = w.math(r"(1 - x^2)^{(d-1)/2}", size=Size.LABEL, color=role_color("ball"))
        general.move_to(WIDE.point(-0.62, 0.93), aligned_edge=LEFT)
        self.bracket = always_redraw(self.width_bracket)
        self.bracket_label = self.bracket_note(r"\pm 1/\sqrt{d+2}")
        self.play(
            FadeOut(w.frozen(*self.ball_parts)),
            self.box.animate.set_value(1.0),
            self.formula.animate.move_to(WIDE.point(-0.62, 0.93), aligned_edge=LEFT),
            run_time=1.6,
        )
        self.play(
            TransformMatchingTex(self.formula, general),
            FadeIn(self.d_readout),
            FadeIn(self.bracket),
            FadeIn(self.bracket_label),
            self.swap_statement(
                r"\text{In dimension } d \text{ the slices shrink like } (1-x^2)^{(d-1)/2}"
            ),
            run_time=1.2,
        )
        self.formula = general
        self.play(self.log_d.animate.set_value(np.log(self.d_max)), run_time=6.0)
        self.beat(
            1.0,
            "In B^d the slice at height x is a (d-1)-ball of radius sqrt(1-x^2): its volume is "
            "(1-x^2)^((d-1)/2) times the middle one. As d grows the profile narrows; the bracket "
            "is one standard deviation of x, 1/sqrt(d+2).",
            name="grow-d",
            say=(
                "In dimension d, slices shrink like one minus x squared, to the power d minus one "
                f"over two. As d grows to {int(self.d_max)}, the profile narrows like one over the "
                "square root of d."
            ),
        )

    def bracket_ends(self) -> np.ndarray:
        """Scene points of the bracket's ends: one standard deviation of x either side of 0
        (z = -1 and 1 once stretched), at the height of the curve there."""
        sd, norm = float(self.row("sweep_sd")), self.norm.get_value()
        if norm > 0:
            u = 1.0 / self.z_max
            density = float(np.interp(1.0, self.r["z"], self.row("sweep_density")))
            relative = float(np.interp(sd, self.r["x"], self.row("sweep_profile")))
            y = (1 - norm) * relative + norm * density
        else:
            u = sd / self.x_window()
            y = float(np.interp(sd, self.r["x"], self.row("sweep_profile")))
        return self.to_screen(np.array([-u, u]), np.array([y, y]))

    def bracket_note(self, tex: str) -> MathTex:
        note = w.math(tex, size=Size.CAPTION, color=role_color("highlight"))
        note.add_updater(lambda m: m.next_to(self.bracket_ends().mean(axis=0), DOWN, buff=0.2))
        return note

    def width_bracket(self) -> VGroup:
        """A bracket over plus or minus one standard deviation of x."""
        left, right = self.bracket_ends()
        ends = [Line(p + UP * 0.1, p + DOWN * 0.1) for p in (left, right)]
        return VGroup(Line(left, right), *ends).set_stroke(role_color("highlight"), 3)

    def stretch_the_axis(self) -> None:
        z_labels = self.labels(tuple(range(-int(self.z_max), int(self.z_max) + 1, 2)), "z")
        z_name = w.math(r"z = \sqrt{d+2}\,x", size=Size.LABEL, color=MUTED)
        z_name.next_to(WIDE.point(1, 0.12), UP, buff=0.1).align_to(WIDE.point(1, 0), RIGHT)
        self.play(
            self.stretch.animate.set_value(1.0),
            FadeOut(self.x_labels, run_time=0.6),
            self.swap_statement(
                r"\text{Stretch } x \text{ by } \sqrt{d+2} \text{: the spike widens into a bell}"
            ),
            run_time=3.5,
        )
        unit = self.bracket_note(r"\pm 1")
        self.play(
            FadeIn(z_labels),
            ReplacementTransform(self.x_name, z_name),
            FadeTransform(self.bracket_label, unit),
            run_time=1.0,
        )
        self.beat(
            1.5,
            "Stretching x by sqrt(d+2) (z = sqrt(d+2) x has variance 1) widens the spike into a "
            "bell; the bracket now spans z = -1 to 1.",
            name="stretch",
            say=(
                "Stretch x by the square root of d plus two: the spike widens into a bell, and the "
                "bracket spans minus one to one."
            ),
        )
        self.z_name = z_name

    def dashed_gaussian(self, box: w.PlotBox) -> DashedVMobject:
        z = self.r["z"]
        return DashedVMobject(
            VMobject().set_points_as_corners(
                box.points(z / self.z_max, self.r["gaussian_density"] / DENSITY_MAX)
            ),
            num_dashes=70,
        ).set_stroke(role_color("gaussian"), width=STROKE)

    def land_on_the_gaussian(self) -> None:
        gauss = self.dashed_gaussian(WIDE)
        key = VGroup(
            w.dash_swatch(role_color("gaussian")), w.math(r"\mathcal{N}(0,1)", size=Size.LABEL)
        )
        key.arrange(RIGHT, buff=0.2).move_to(WIDE.point(-0.62, 0.8))
        new_y = self.labels((0.2, 0.4), "y")
        density_name = w.math(r"\text{density of } z", size=Size.CAPTION, color=MUTED)
        density_name.move_to(self.y_name, aligned_edge=LEFT)
        self.y_name.clear_updaters()
        self.play(
            self.norm.animate.set_value(1.0),
            FadeOut(self.y_labels),
            FadeIn(new_y),
            ReplacementTransform(self.y_name, density_name),
            FadeOut(self.formula),
            self.swap_statement(r"\text{Normalised, it is the Gaussian } \mathcal{N}(0,1)"),
            run_time=2.0,
        )
        self.play(Create(gauss), FadeIn(key), run_time=1.5)
        self.gauss, self.key, self.density_name = gauss, key, density_name
        self.beat(
            1.5,
            f"Normalised to area 1, the law of z at d = {self.d_shown()} lies on the dashed "
            "standard Gaussian N(0,1).",
            name="gaussian",
            say=(
                f"Rescaled to area one, the curve at d equals {self.d_shown()} lands on the dashed "
                "Gaussian."
            ),
        )

    def run_the_dimension_again(self) -> None:
        tv_value = w.number(self.value_shown("sweep_tv"), decimals=4)
        tv_value.add_updater(lambda m: m.set_value(self.value_shown("sweep_tv")))
        tv = VGroup(w.math(r"\mathrm{TV} =", size=Size.READOUT), tv_value).arrange(RIGHT, buff=0.15)
        tv.next_to(self.d_readout, DOWN, buff=0.2, aligned_edge=LEFT)
        self.tv = tv
        self.play(self.log_d.animate.set_value(np.log(3.0)), FadeIn(tv), run_time=1.5)
        self.play(
            self.log_d.animate.set_value(np.log(self.d_max)),
            self.swap_statement(
                r"\text{Exact distance to } \mathcal{N}(0,1)\text{: } \mathrm{TV} \approx "
                rf"{float(self.r['tv_constant']):.2f}/(d+2)"
            ),
            run_time=7.0,
        )
        self.beat(
            1.5,
            "The exact total-variation distance between z and N(0,1), computed for every d shown "
            f"(from {self.r['sweep_tv'][list(self.dims).index(3)]:.3f} at d = 3): it falls like "
            f"{float(self.r['tv_constant']):.3f}/(d+2), the constant E|He_4(Z)|/8.",
            name="distance",
            say=(
                "Run d again: the exact total variation distance to the Gaussian starts at "
                f"{self.r['sweep_tv'][list(self.dims).index(3)]:.3f} at d equals 3 and falls like "
                f"{float(self.r['tv_constant']):.2f} over d plus two."
            ),
        )

    def say_why(self) -> None:
        """The algebra, line by line in the bottom band (terms move to where they go): x =
        z/sqrt(d+2) (x has variance 1/(d+2) on B^d), log(1-u) ~ -u, and (d-1)/(d+2) -> 1 turn the
        profile into e^(-z^2/2), which then lands, large, on the curve it describes."""
        ball, muted = role_color("ball"), MUTED

        def line(*parts: str) -> MathTex:
            m = w.math(*parts, size=Size.STATEMENT, color=ball)
            return m.to_edge(DOWN, buff=w.STATEMENT_BOTTOM).to_edge(LEFT, buff=0.9)

        def hint(tex: str) -> MathTex:
            m = w.math(tex, size=Size.LABEL, color=muted)
            return m.to_edge(DOWN, buff=w.STATEMENT_BOTTOM + 0.1).to_edge(RIGHT, buff=0.9)

        def morph(old: MathTex, new: MathTex, pairs: dict[int, int]) -> list[Animation]:
            """Part i of ``old`` becomes part pairs[i] of ``new`` (it moves to where it goes);
            the other old parts fade out, the other new parts fade in."""
            moves: list[Animation] = [
                ReplacementTransform(old[i], new[j]) for i, j in pairs.items()
            ]
            moves += [FadeOut(old[i]) for i in range(len(old)) if i not in pairs]
            moves += [FadeIn(new[j]) for j in range(len(new)) if j not in pairs.values()]
            return moves

        def settle(new: MathTex) -> None:
            """After a morph the scene holds ``new``'s parts: hold the line as one again."""
            self.remove(*new.submobjects)
            self.add(new)

        profile = line(r"\bigg(1-", "x^2", r"\bigg)", r"^{(d-1)/2}")
        substituted = line(r"\bigg(1-", r"\frac{z^2}{d+2}", r"\bigg)", r"^{(d-1)/2}")
        logged = line(
            r"=\exp\bigg(", r"\frac{d-1}{2}", r"\log", r"\bigg(1-", r"\frac{z^2}{d+2}",
            r"\bigg)", r"\bigg)",
        )  # fmt: skip
        linear_term = line(r"\approx\exp\bigg(", "-", r"\frac{d-1}{2}", r"\cdot",
                           r"\frac{z^2}{d+2}", r"\bigg)")  # fmt: skip
        regrouped = line(r"=\exp\bigg(-\frac{z^2}{2}\cdot\frac{d-1}{d+2}\bigg)")
        limit = line(
            r"\bigg(1-\frac{z^2}{d+2}\bigg)^{(d-1)/2}", r"\xrightarrow{\;d\to\infty\;}",
            r"e^{-z^2/2}",
        )  # fmt: skip
        put = hint(r"x = z/\sqrt{d+2}")
        why_put = (
            w.math(r"\text{since } \mathrm{Var}\,x = 1/(d+2)", size=Size.CAPTION, color=muted)
            .next_to(put, UP, buff=0.2)
            .align_to(put, RIGHT)
        )
        log_hint = hint(r"\log(1-u) \approx -u")
        small = w.math(r"\text{for small } u = z^2/(d+2)", size=Size.CAPTION, color=muted)
        small.next_to(log_hint, UP, buff=0.2).align_to(log_hint, RIGHT)
        d_max = int(self.d_max)
        ratio = hint(r"\frac{d-1}{d+2} \to 1")
        at_d_max = w.math(
            rf"{(d_max - 1) / (d_max + 2):.3f}\text{{ at }} d = {d_max}",
            size=Size.CAPTION, color=muted,
        )  # fmt: skip
        at_d_max.next_to(ratio, UP, buff=0.2).align_to(ratio, RIGHT)

        def lifted(m: Mobject, v: float) -> Any:  # an animation (Mobject.animate's builder)
            """``m``, placed at height v of the wide plot, rising with it."""
            rise = (WHY.bottom + v * WHY.height) - (WIDE.bottom + v * WIDE.height)
            return m.animate.shift(UP * rise)

        # the plot rises to free the band below for the algebra; then substitute
        self.play(FadeOut(self.statement), FadeOut(self.tv), run_time=0.6)
        self.play(
            self.lift.animate.set_value(1.0),
            Transform(self.gauss, self.dashed_gaussian(WHY)),
            lifted(self.key, 0.8),
            lifted(self.density_name, 1.0),
            lifted(self.z_name, 0.12),
            lifted(self.d_readout, 0.93),
            run_time=1.0,
        )
        self.play(FadeIn(profile), run_time=0.8)
        self.play(FadeIn(put), FadeIn(why_put), run_time=0.8)
        self.play(*morph(profile, substituted, {0: 0, 1: 1, 2: 2, 3: 3}), run_time=1.5)
        settle(substituted)
        self.beat(
            1.5,
            "Why a Gaussian: the profile is (1-x^2)^((d-1)/2), and x has variance 1/(d+2) on B^d, "
            "so put x = z/sqrt(d+2): the profile of z is (1 - z^2/(d+2))^((d-1)/2).",
            name="substitute",
            say=(
                "Why a Gaussian? x has variance one over d plus two, so write x as z over the "
                "square root of d plus two."
            ),
        )
        # the power comes down in front of a log; log(1-u) is about -u
        self.play(
            *morph(substituted, logged, {0: 3, 1: 4, 2: 5, 3: 1}),
            FadeOut(put),
            FadeOut(why_put),
            run_time=1.5,
        )
        settle(logged)
        self.play(FadeIn(log_hint), FadeIn(small), run_time=0.8)
        self.play(*morph(logged, linear_term, {0: 0, 1: 2, 4: 4, 6: 5}), run_time=1.5)
        settle(linear_term)
        self.play(TransformMatchingShapes(linear_term, regrouped), run_time=1.5)
        self.beat(
            1.5,
            "Write it as exp((d-1)/2 log(1 - z^2/(d+2))); since log(1-u) = -u - u^2/2 - ..., for "
            "small u = z^2/(d+2) it is exp(-(z^2/2)(d-1)/(d+2)) up to O(z^4/d).",
            name="expand",
            say=(
                "Bring the power down in front of a log; the log of one minus u is about minus u, "
                "and the terms regroup."
            ),
        )
        # d -> infinity: the factor goes to 1, and the profile is e^(-z^2/2), the curve's shape
        self.play(FadeOut(log_hint), FadeOut(small), FadeIn(ratio), FadeIn(at_d_max), run_time=0.8)
        self.play(FadeOut(regrouped), FadeIn(limit), run_time=1.2)
        big = w.math(r"\propto e^{-z^2/2}", size=Size.TITLE, color=ball)
        at = self.to_screen(np.array([1.3 / self.z_max]), np.array([float(
            np.interp(1.3, self.r["z"], self.row("sweep_density"))
        )]))[0]  # fmt: skip
        big.move_to(at + np.array([2.2, 1.0, 0.0]))
        arrow = Arrow(
            big.get_corner(DOWN + LEFT) + np.array([0.3, 0.0, 0.0]), at, buff=0.12,
            color=ball, stroke_width=4, max_tip_length_to_length_ratio=0.2,
        )  # fmt: skip
        self.play(
            TransformFromCopy(limit[2], big[0][1:]),
            FadeIn(big[0][0]),
            FadeOut(ratio),
            FadeOut(at_d_max),
            run_time=1.5,
        )
        self.play(
            GrowArrow(arrow), Indicate(self.trace, color=ball, scale_factor=1.0), run_time=1.0
        )
        self.beat(
            3.0,
            "As d grows, (d-1)/(d+2) -> 1 (it is "
            f"{(d_max - 1) / (d_max + 2):.3f} at d = {d_max}), so the profile of z tends to "
            "e^(-z^2/2): normalised, the standard Gaussian density the curve lies on. This is the "
            "one-line reason a coordinate of a high-dimensional ball is Gaussian.",
            name="limit",
            say=(
                "As d grows, d minus one over d plus two goes to one: the profile tends to e to "
                "the minus z squared over two, the Gaussian the curve lies on."
            ),
        )
