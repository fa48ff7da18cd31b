"""The central limit theorem is geometry: slices of the ball and marginals of the cube.

``BallSlicing``: a plane sweeps through a 3-D ball; the slice volume (1-x^2)^((m-1)/2) of B^m
narrows as m grows and, rescaled, becomes N(0, 1). ``CubeMarginal``: the Bernoulli CLT is the
marginal of the cube {-1,1}^n along its diagonal; then four convex bodies have alike marginals.
Every curve, bar and number comes from a result (``scene_result``); the maths is in
docs/science.md, sections 2 and 3.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    DL,
    DOWN,
    LEFT,
    ORIGIN,
    OUT,
    RIGHT,
    UL,
    UP,
    UR,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    Sphere,
    Square,
    Transform,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
)

from assets.charts import log_spaced_indices
from scenes import widgets as w
from scenes.theme import (
    MUTED,
    SMALL_SIZE,
    ThemedScene,
    ThemedThreeDScene,
    role_color,
    scene_result,
)

R = 2.4  # radius of the drawn unit ball, in scene units
SERIES = 5  # how many dimensions the 2-D beats step through
HOLD = 1.0  # seconds each dimension stays on screen
PANEL_W, PANEL_H = 5.7, 4.0  # the two panels of the ball scene


class BallSlicing(ThemedThreeDScene):
    """A plane slices a ball; slice volumes of B^m for growing m; rescaled, N(0, 1)."""

    def construct(self) -> None:
        self.r = scene_result("ball-slices")
        self.series = log_spaced_indices(self.r["dims"], SERIES)
        self.show_ball()
        self.sweep_plane()
        self.switch_to_plane()
        self.show_profiles()
        self.rescale_to_gaussian()
        self.state_formula()

    def show_ball(self) -> None:
        self.set_camera_orientation(phi=68 * DEGREES, theta=-50 * DEGREES)
        self.heading = w.title("Slicing a ball")
        self.add_fixed_in_frame_mobjects(self.heading)
        self.ball = Sphere(radius=R, resolution=(16, 32), fill_opacity=0.12, stroke_width=0.6)
        self.ball.set_fill(role_color("ball"), opacity=0.12).set_stroke(role_color("ball"), 0.6)
        self.play(FadeIn(self.heading), Create(self.ball), run_time=2.0)

    def sweep_plane(self) -> None:
        x = ValueTracker(-0.7)
        hi = role_color("highlight")

        def plane():
            return (
                Square(side_length=2.3 * R, stroke_width=1, stroke_color=MUTED)
                .set_fill(MUTED, 0.12)
                .shift(OUT * R * x.get_value())
            )

        def disc():
            h = x.get_value()
            return (
                Circle(radius=R * np.sqrt(max(1 - h * h, 0.0)), stroke_color=hi)
                .set_fill(hi, 0.45)
                .shift(OUT * R * h)
            )

        def height():
            return Line(ORIGIN, OUT * R * x.get_value(), color=role_color("gaussian"))

        def radius():
            h = x.get_value()
            return Line(OUT * R * h, OUT * R * h + RIGHT * R * np.sqrt(max(1 - h * h, 0)), color=hi)

        moving = [always_redraw(f) for f in (plane, disc, height, radius)]
        legend = VGroup(
            w.legend_row(role_color("gaussian"), w.math(r"\text{height } x")),
            w.legend_row(hi, w.math(r"\text{radius } \sqrt{1-x^2}")),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        legend.to_corner(DL, buff=0.5)
        self.add_fixed_in_frame_mobjects(legend)
        self.play(*(FadeIn(m) for m in moving), FadeIn(legend), run_time=1.0)
        self.play(x.animate.set_value(0.0), run_time=3.0)
        self.beat(1.0, "At height x the slice of the unit ball is a disc of radius sqrt(1-x^2).")
        self.play(x.animate.set_value(0.8), run_time=3.0)
        self.beat(
            1.0,
            "Away from the middle the slice shrinks; in R^m its volume goes like "
            "(1-x^2)^((m-1)/2).",
        )
        self.three_d = VGroup(self.ball, *moving)
        self.legend = legend

    def switch_to_plane(self) -> None:
        self.play(FadeOut(self.three_d), FadeOut(self.legend), run_time=1.0)
        self.clear()
        self.set_camera_orientation(phi=0, theta=-90 * DEGREES)
        self.heading = w.title("Slice volumes of the ball in dimension m")
        self.add(self.heading)

    def show_profiles(self) -> None:
        r = self.r
        axes = w.themed_axes(
            (-1, 1, 0.5), (0, 1.1, 0.5), x_length=PANEL_W, y_length=PANEL_H, x_numbers=(-1, 0, 1)
        )
        axes.to_corner(UL, buff=0.6).shift(DOWN * 1.0 + RIGHT * 0.1)
        label = w.math(r"(1-x^2)^{\frac{m-1}{2}}", size=SMALL_SIZE + 6)
        label.next_to(axes, UP, buff=0.1).align_to(axes, LEFT)
        x_label = w.math("x", size=SMALL_SIZE + 4, color=MUTED).next_to(axes.x_axis, RIGHT, 0.1)
        self.play(Create(axes), FadeIn(label), FadeIn(x_label), run_time=1.2)
        self.profiles, self.readout = VGroup(), None
        for i in self.series:
            curve = w.data_curve(axes, r["x"], r["slice_profile"][i], role_color("ball"))
            readout = self.readout_for(i, tv=False).next_to(axes, UP, buff=0.1)
            readout.align_to(axes, RIGHT)
            if self.readout is None:
                self.readout = readout
                self.play(Create(curve), Write(readout), run_time=1.0)
            else:
                self.profiles[-1].set_stroke(opacity=0.3)
                self.play(Create(curve), Transform(self.readout, readout), run_time=1.0)
            self.profiles.add(curve)
            self.wait(HOLD)
        self.beat(
            1.0,
            "The slice-volume profile for growing m (exact, from the ball-slices result): the "
            "mass crowds into a band of width about 1/sqrt(m) around the middle.",
        )

    def readout_for(self, i: int, tv: bool) -> VGroup:
        """The readout of dimension index i: m, and the TV distance once rescaled."""
        parts = [w.math(rf"m = {int(self.r['dims'][i])}")]
        if tv:
            tv_text = w.tex_number(float(self.r["tv_to_gaussian"][i]))
            parts.append(w.math(r"d_{\mathrm{TV}} = " + tv_text, size=SMALL_SIZE + 4))
        return VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def rescale_to_gaussian(self) -> None:
        r = self.r
        z, z_max = r["z"], float(r["z"][-1])
        axes = w.themed_axes((-z_max, z_max, 1), (0, 0.5, 0.25), x_length=PANEL_W, y_length=PANEL_H)
        axes.x_axis.add_numbers([-int(z_max), 0, int(z_max)], font_size=22, color=MUTED)
        axes.to_corner(UR, buff=0.6).shift(DOWN * 1.0 + LEFT * 0.1)
        label = w.math(r"z=\sqrt{m+2}\,x", size=SMALL_SIZE + 6)
        label.next_to(axes, UP, buff=0.1).align_to(axes, LEFT)
        gauss = w.data_curve(axes, z, r["gaussian_density"], role_color("gaussian"), dashed=True)
        gauss.set_z_index(2)
        key = w.legend_row(role_color("gaussian"), w.math(r"\mathcal{N}(0,1)"), dashed=True)
        key.scale(0.8).move_to(axes.c2p(-z_max, 0.5), aligned_edge=UL)
        self.play(Create(axes), FadeIn(label), Create(gauss), FadeIn(key), run_time=1.5)
        density = None
        for i in self.series:
            curve = w.data_curve(axes, z, r["density"][i], role_color("ball"))
            readout = self.readout_for(i, tv=True).move_to(axes.c2p(z_max, 0.5), aligned_edge=UR)
            marks = [
                p.animate.set_stroke(opacity=1.0 if j == self.series.index(i) else 0.3)
                for j, p in enumerate(self.profiles)
            ]
            if density is None:
                density = curve
                self.play(Create(curve), Transform(self.readout, readout), *marks, run_time=1.2)
            else:
                moves = (Transform(density, curve), Transform(self.readout, readout), *marks)
                self.play(*moves, run_time=1.0)
            self.wait(HOLD)
        self.beat(
            0.5,
            "Rescaled by sqrt(m+2) (variance 1), the density of one coordinate morphs onto "
            "N(0,1); the TV distance read from the result falls like 1/m.",
        )

    def state_formula(self) -> None:
        card = w.formula_card(
            r"(1-x^2)^{n/2}", r"\approx", r"e^{-n x^2/2}", r"\quad", r"(B^{n+1}:\ m=n+1)", size=36
        )
        card.to_edge(DOWN, buff=0.35)
        self.play(FadeIn(card, shift=UP * 0.2), run_time=1.0)
        self.beat(3.0, "(1-x^2)^(n/2) ~ exp(-n x^2/2): the Gaussian is the shape of ball slices.")


# An orthonormal frame with the cube's diagonal u = (1,1,1)/sqrt(3) as the screen's x axis, so
# the projection of a vertex onto u is a vertical drop onto the horizontal axis.
_U = np.array([1.0, 1.0, 1.0]) / np.sqrt(3.0)
_V = np.array([1.0, -1.0, 0.0]) / np.sqrt(2.0)
_W = np.array([1.0, 1.0, -2.0]) / np.sqrt(6.0)
_TILT = 16 * DEGREES  # mixes v and w on the screen's y axis so no two vertices coincide
CUBE_SCALE = 1.25
HIST_Y = 0.55  # y range of the histogram axes (the N(0,1) peak is 0.40, the n = 1 bars 0.25)


def cube_screen_point(vertex: np.ndarray) -> np.ndarray:
    """Where a point of R^3 is drawn: x = <p, u> (the projection shown), y a side view."""
    y = np.cos(_TILT) * vertex @ _V + np.sin(_TILT) * vertex @ _W
    return CUBE_SCALE * np.array([vertex @ _U, y, 0.0])


class CubeMarginal(ThemedScene):
    """The Bernoulli CLT is the cube's marginal along its diagonal; all bodies look alike."""

    def construct(self) -> None:
        self.cube = scene_result("cube-clt")
        self.convex = scene_result("convex-marginals")
        self.show_cube()
        self.project_vertices()
        self.grow_histograms()
        self.compare_bodies()

    def show_cube(self) -> None:
        self.heading = w.title("The cube's marginal along its diagonal")
        corners = np.array([[a, b, c] for a in (-1, 1) for b in (-1, 1) for c in (-1, 1)], float)
        self.points = [cube_screen_point(v) + UP * 0.7 for v in corners]
        edges = VGroup(
            *(
                Line(self.points[i], self.points[j], color=role_color("cube"), stroke_width=3)
                for i in range(8)
                for j in range(i + 1, 8)
                if np.sum(corners[i] != corners[j]) == 1
            )
        )
        dots = VGroup(*(Dot(p, radius=0.07, color=role_color("cube")) for p in self.points))
        end = cube_screen_point(_U * 1.15 * np.sqrt(3.0))[0]
        low = min(p[1] for p in self.points) - 0.45  # the axis runs below the lowest vertex
        axis = Line(LEFT * end, RIGHT * end, color=MUTED, stroke_width=2).shift(UP * low)
        diag = DashedLine(
            self.points[0], self.points[-1], color=role_color("highlight"), stroke_width=3
        )
        u_label = w.math(r"u=\tfrac{1}{\sqrt{3}}(1,1,1)", color=role_color("highlight"))
        u_label.next_to(self.points[-1], UR, buff=0.15)
        axis_label = w.math(r"\langle x,u\rangle", size=SMALL_SIZE + 4, color=MUTED)
        axis_label.next_to(axis, RIGHT, buff=0.2)
        self.axis = axis
        self.cube_group = VGroup(edges, dots, diag, u_label, axis, axis_label)
        self.play(FadeIn(self.heading), Create(edges), FadeIn(dots), run_time=2.0)
        self.play(Create(diag), Write(u_label), run_time=1.2)
        self.play(Create(axis), FadeIn(axis_label), run_time=1.0)
        self.beat(1.5, "The cube {-1,1}^3 and its diagonal direction u = (1,1,1)/sqrt(3).")

    def project_vertices(self) -> None:
        drops, landed = VGroup(), VGroup()
        stacks: dict[float, int] = {}
        for p in self.points:
            key = round(float(p[0]), 6)
            stacks[key] = stacks.get(key, 0) + 1
            foot = np.array([p[0], self.axis.get_y(), 0.0])
            drops.add(DashedLine(p, foot, color=MUTED, stroke_width=1.5))
            landed.add(Dot(foot + DOWN * 0.22 * stacks[key], radius=0.08, color=role_color("cube")))
        note = w.math(
            r"\langle x,u\rangle = \frac{2J-n}{\sqrt{n}}",
            r",\quad J = \#\{i : x_i = 1\} \sim \mathrm{Bin}(n,\tfrac12)",
            size=SMALL_SIZE + 6,
        ).to_edge(DOWN, buff=0.35)
        self.play(Create(drops), run_time=1.5)
        self.play(*(FadeIn(d, shift=DOWN * 0.2) for d in landed), run_time=1.5)
        self.play(Write(note), run_time=1.5)
        self.beat(
            3.0,
            "Projecting the 8 vertices on u gives 1, 3, 3, 1 vertices per point: the law of "
            "the projection x·u is a rescaled Binomial(n, 1/2).",
        )
        self.play(FadeOut(VGroup(self.cube_group, drops, landed, note)), run_time=1.0)

    def grow_histograms(self) -> None:
        r = self.cube
        z, z_max = r["z"], float(r["z"][-1])
        axes = w.themed_axes((-z_max, z_max, 1), (0, HIST_Y, 0.1), x_length=11, y_length=4.6)
        axes.x_axis.add_numbers(list(range(-int(z_max), int(z_max) + 1)), font_size=22, color=MUTED)
        axes.next_to(self.heading, DOWN, buff=0.6)
        gauss = w.data_curve(axes, z, r["gaussian_density"], role_color("gaussian"))
        gauss.set_z_index(2)
        key = w.legend_row(role_color("gaussian"), w.math(r"\mathcal{N}(0,1)"))
        key.move_to(axes.c2p(-z_max, HIST_Y), aligned_edge=UL)
        self.play(Create(axes), Create(gauss), FadeIn(key), run_time=1.5)
        bars = readout = None
        for i, n in enumerate(r["histogram_dims"]):
            n = int(n)
            atoms = r["histogram_atoms"][i, : r["histogram_counts"][i]]
            probs = r["histogram_probabilities"][i, : r["histogram_counts"][i]]
            new_bars = w.histogram_bars(
                axes, w.atom_edges(atoms), probs * np.sqrt(n) / 2, role_color("cube")
            )
            new_readout = VGroup(
                w.math(rf"n = {n}"),
                w.math(
                    r"D_n = " + w.tex_number(float(r["histogram_kolmogorov"][i])),
                    size=SMALL_SIZE + 4,
                ),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            new_readout.move_to(axes.c2p(z_max, HIST_Y), aligned_edge=UR)
            if bars is None:
                bars, readout = new_bars, new_readout
                self.play(FadeIn(bars), Write(readout), run_time=1.2)
            else:
                self.play(Transform(bars, new_bars), Transform(readout, new_readout), run_time=1.0)
            self.wait(1.3)
        caption = w.math(
            r"\text{bar areas} = \text{probabilities},\quad D_n = \sup_t\,|F_n(t)-\Phi(t)|",
            size=SMALL_SIZE + 4,
            color=MUTED,
        ).next_to(axes, DOWN, buff=0.3)
        self.play(FadeIn(caption), run_time=0.8)
        self.beat(
            2.0,
            "The Bernoulli CLT is the cube's marginal: the Kolmogorov distance D_n is exact, "
            "below the Berry-Esseen bound 0.4748/sqrt(n).",
        )
        assert bars is not None and readout is not None  # histogram_dims is never empty
        self.play(FadeOut(VGroup(axes, gauss, key, bars, readout, caption)), run_time=1.0)

    def compare_bodies(self) -> None:
        r = self.convex
        heading = w.title("All convex bodies look alike")
        sub = w.math(
            rf"n = {int(r['hist_dim'])},\ \text{{random direction }}\theta", size=SMALL_SIZE + 6
        ).next_to(heading, DOWN, buff=0.25)
        z, z_max = r["z"], float(r["z"][-1])
        panels = VGroup()
        for b, body in enumerate(r["bodies"]):
            body = str(body)
            axes = w.themed_axes((-z_max, z_max, 1), (0, 0.5, 0.25), x_length=3.0, y_length=3.4)
            color = role_color(body)
            bars = w.histogram_bars(axes, r["hist_edges"], r["hist_random"][b], color)
            gauss = w.data_curve(axes, z, r["gaussian_density"], role_color("gaussian"))
            name = w.text(body.replace("_", "-"), size=SMALL_SIZE + 2, color=color)
            name.next_to(axes, DOWN, buff=0.2)
            ks = w.math(r"D = " + w.tex_number(float(r["hist_ks"][b, 0]), 2), size=SMALL_SIZE)
            ks.next_to(name, DOWN, buff=0.15)
            panels.add(VGroup(axes, bars, gauss, name, ks))
        panels.arrange(RIGHT, buff=0.4).next_to(sub, DOWN, buff=0.7)
        self.play(Transform(self.heading, heading), FadeIn(sub), run_time=1.0)
        for panel in panels:
            self.play(FadeIn(panel, shift=UP * 0.2), run_time=0.9)
        self.beat(
            4.0,
            "Cube, ball, simplex and cross-polytope in isotropic position: along a random "
            "direction all four marginals are close to N(0,1) (Klartag).",
        )
