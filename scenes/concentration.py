"""Concentration of measure on the sphere: the equatorial band, caps as extremal sets, and the
tails of a Lipschitz function, all read from the ``concentration`` result (docs/science.md,
section 4)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Line,
    Rectangle,
    VGroup,
    VMobject,
    Write,
)

from scenes import widgets as w
from scenes.theme import MUTED, SMALL_SIZE, ThemedScene, role_color, scene_result, series_colors

BAR_DIMS = (3, 10, 100, 1000)  # dimensions whose band share is shown as a bar
TAIL_DIMS = (10, 100, 1000)  # dimensions whose tails are drawn
TAIL_FUNCTION = "point_distance"  # f(x) = |x - e_1|, 1-Lipschitz
CAP_TOP = -0.45  # height of the drawn cap C = {x_1 <= CAP_TOP} (a picture, not a value)
GROWTH = 0.3  # drawn enlargement t of A and C (a picture)


class Concentration(ThemedScene):
    """Most of a high-dimensional sphere is near any equator; Lipschitz functions are nearly
    constant."""

    def construct(self) -> None:
        self.r = scene_result("concentration")
        self.heading = w.title("Concentration of measure on the sphere")
        self.play(FadeIn(self.heading), run_time=0.8)
        self.beat_band()
        self.beat_band_shares()
        self.clear_stage()
        self.beat_caps()
        self.clear_stage()
        self.beat_tails()

    def clear_stage(self) -> None:
        rest = [m for m in self.mobjects if m is not self.heading]
        self.play(*(FadeOut(m) for m in rest), run_time=0.8)

    def beat_band(self) -> None:
        """A sphere with the band |x_1| <= t around its equator (t from the result)."""
        r = self.r
        self.t_index = 1  # t = band_t_values[1]
        t = float(r["band_t_values"][self.t_index])
        radius, centre = 2.3, np.array([-4.0, -0.55, 0.0])
        sphere = w.sphere_disc(radius, role_color("sphere")).move_to(centre)
        band = w.sphere_zone(radius, -t, t, role_color("highlight")).shift(centre)
        axis = Line(centre + DOWN * (radius + 0.25), centre + UP * (radius + 0.35), color=MUTED)
        axis.set_stroke(width=2)
        axis_label = w.math("x_1", size=SMALL_SIZE + 4, color=MUTED).next_to(axis, UP, buff=0.08)
        label = w.math(rf"|x_1| \le t = {t:g}", size=SMALL_SIZE + 6, color=role_color("highlight"))
        label.next_to(sphere, DOWN, buff=0.25)
        self.play(FadeIn(sphere), Create(axis), FadeIn(axis_label), run_time=1.2)
        self.play(FadeIn(band), Write(label), run_time=1.2)
        self.beat(2.5, "An equatorial band |x_1| <= t of the unit sphere.")

    def beat_band_shares(self) -> None:
        """The band's share of the area for d = 3, 10, 100, 1000: exact, from the result."""
        r = self.r
        t = float(r["band_t_values"][self.t_index])
        (k,) = np.nonzero(np.isclose(r["band_t"], t))  # the band measure grid holds t exactly
        dims = [int(d) for d in r["dims"]]
        left, right, base, top = 0.2, 6.6, -2.6, 1.4
        caption = VGroup(
            w.text("share of the sphere", size=26),
            w.math(rf"S^{{d-1}} \subset \mathbb{{R}}^d \text{{ with }} |x_1| \le {t:g}", size=28),
        ).arrange(DOWN, buff=0.12)
        caption.move_to(w.at(0.5 * (left + right), top + 0.95))
        baseline = Line(w.at(left, base), w.at(right, base), color=MUTED).set_stroke(width=2)
        full = DashedVMobject(Line(w.at(left, top), w.at(right, top)), num_dashes=30)
        full.set_stroke(MUTED, width=1.5)
        whole = w.text("all of it", size=SMALL_SIZE - 2, color=MUTED).next_to(full, UP, buff=0.05)
        whole.align_to(full, LEFT)
        self.play(FadeIn(caption), Create(baseline), Create(full), FadeIn(whole), run_time=1.2)
        slot = (right - left) / len(BAR_DIMS)
        for m, d in enumerate(BAR_DIMS):
            share = float(r["band_measure"][dims.index(d), k[0]])
            x = left + (m + 0.5) * slot
            bar = Rectangle(width=0.62 * slot, height=max(share * (top - base), 1e-3))
            bar.set_fill(role_color("highlight"), opacity=0.85).set_stroke(width=0)
            bar.move_to(w.at(x, base), aligned_edge=DOWN)
            value = w.math(w.tex_number(share, 3), size=28).next_to(bar, UP, buff=0.1)
            name = w.math(f"d = {d}", size=26).next_to(w.at(x, base), DOWN, buff=0.15)
            self.play(GrowFromEdge(bar, DOWN), FadeIn(name), FadeIn(value), run_time=0.9)
            self.wait(1.2)
        self.beat(
            2.0,
            "Its exact share of the area for d = 3, 10, 100, 1000: in high dimension almost all "
            "of the sphere lies near any equator.",
        )

    def beat_caps(self) -> None:
        """Levy: among sets of a given measure, caps grow the least when enlarged (a picture)."""
        radius, y = 1.9, -0.45
        left_c, right_c = np.array([-3.4, y, 0.0]), np.array([3.4, y, 0.0])
        color_a, color_c = role_color("data"), role_color("gaussian")
        sphere_a = w.sphere_disc(radius, role_color("sphere")).move_to(left_c)
        sphere_c = w.sphere_disc(radius, role_color("sphere")).move_to(right_c)
        angles = np.linspace(0, 2 * np.pi, 9)[:-1]
        bumps = np.array([1.0, 0.85, 1.1, 0.8, 0.95, 0.85, 1.15, 0.8])
        offset = left_c + np.array([-0.35, 0.35, 0.0])
        pts = [
            offset + 0.8 * b * np.array([np.cos(a), np.sin(a), 0])
            for a, b in zip(angles, bumps, strict=True)
        ]
        blob = VMobject().set_points_smoothly([*pts, pts[0]])
        blob.set_fill(color_a, opacity=0.75).set_stroke(color_a, width=2)
        grown = self.enlarged(blob, GROWTH).set_stroke(color_a, width=2)
        cap = w.sphere_zone(radius, -1, CAP_TOP, color_c, opacity=0.75).shift(right_c)
        grown_top = CAP_TOP + GROWTH / radius
        cap_grown = w.sphere_zone(radius, -1, grown_top, color_c, opacity=0.25).shift(right_c)
        name_a = VGroup(w.text("a set", size=SMALL_SIZE), w.math("A", size=30, color=color_a))
        name_c = VGroup(w.text("a cap", size=SMALL_SIZE), w.math("C", size=30, color=color_c))
        for name, centre in ((name_a, left_c), (name_c, right_c)):
            name.arrange(RIGHT, buff=0.12).move_to(centre + DOWN * (radius + 0.35))
        equal = w.math(r"\sigma(A) = \sigma(C)", size=30).move_to(w.at(0, y + 0.4))
        self.play(FadeIn(sphere_a), FadeIn(sphere_c), run_time=0.8)
        self.play(FadeIn(blob), FadeIn(cap), FadeIn(name_a), FadeIn(name_c), Write(equal))
        self.beat(2.0, "Two sets of the same area: any set A, and a cap C (a schematic picture).")
        grow_note = w.text("grow both by t", size=SMALL_SIZE, color=MUTED).move_to(w.at(0, y - 0.3))
        self.play(Create(grown), FadeIn(cap_grown), FadeIn(grow_note), run_time=1.5)
        self.beat(1.5, "Enlarge both by distance t.")
        levy = w.formula_card(r"\sigma(A_t) \;\ge\; \sigma(C_t)", size=34)
        note = w.text("Lévy: caps grow the least", size=26)
        VGroup(note, levy).arrange(RIGHT, buff=0.4).to_edge(DOWN, buff=0.2)
        self.play(FadeIn(levy), FadeIn(note), run_time=1.0)
        self.beat(3.0, "Levy's isoperimetric inequality: caps are the extremal sets.")

    @staticmethod
    def enlarged(shape: VMobject, delta: float) -> VMobject:
        """The outline of the points within ``delta`` of a (roughly convex) drawn shape."""
        pts = np.array([shape.point_from_proportion(a) for a in np.linspace(0, 1, 121)[:-1]])
        tangent = np.roll(pts, -1, axis=0) - np.roll(pts, 1, axis=0)
        normal = np.stack([tangent[:, 1], -tangent[:, 0], 0 * tangent[:, 0]], axis=1)
        normal /= np.linalg.norm(normal, axis=1, keepdims=True)
        if np.sum(normal * (pts - pts.mean(axis=0))) < 0:  # point the normals outward
            normal = -normal
        outline = VMobject().set_points_as_corners(
            [*(pts + delta * normal), pts[0] + delta * normal[0]]
        )
        return DashedVMobject(outline, num_dashes=36)

    def beat_tails(self) -> None:
        """Tails P(|f - M| > t) of f = |x - e_1| (Monte Carlo) against Levy's bound, several d."""
        r = self.r
        j = [str(f) for f in r["functions"]].index(TAIL_FUNCTION)
        dims = [int(d) for d in r["dims"]]
        axes = w.themed_axes(
            (0, 1, 0.25),
            (0, 1, 0.25),
            x_length=7.4,
            y_length=4.2,
            x_numbers=[0, 0.5, 1],
            y_numbers=[0, 0.5, 1],
        )
        axes.to_edge(LEFT, buff=0.9).shift(DOWN * 0.1)
        x_label = w.math("t", size=28, color=MUTED).next_to(axes.x_axis, RIGHT, buff=0.15)
        y_label = w.math(r"P(|f - M| > t)", size=26, color=MUTED).next_to(
            axes.y_axis, UP, buff=0.12
        )
        y_label.align_to(axes.y_axis, LEFT)
        f_name = VGroup(
            w.math(r"f(x) = |x - e_1|", size=28),
            w.text("is 1-Lipschitz, median M", size=SMALL_SIZE),
            w.text(f"{int(r['mc_samples'])} random points per d", size=SMALL_SIZE, color=MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        f_name.to_edge(RIGHT, buff=0.5).shift(UP * 1.6)
        key = VGroup(
            w.legend_row(MUTED, w.text("Monte Carlo tail", size=SMALL_SIZE)),
            w.legend_row(MUTED, w.text("Lévy bound", size=SMALL_SIZE), dashed=True),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        key.next_to(f_name, DOWN, buff=0.35, aligned_edge=LEFT)
        self.play(Create(axes), FadeIn(x_label), FadeIn(y_label), FadeIn(f_name), FadeIn(key))
        self.beat(1.5, "A 1-Lipschitz function on the sphere: the distance to e_1.")
        rows = VGroup()
        for color, d in zip(series_colors(len(TAIL_DIMS)), TAIL_DIMS, strict=True):
            i = dims.index(d)
            t = r["tail_t"][i]
            inside = t <= 1.0
            tail = w.data_curve(axes, t[inside], r["tail_mc"][i, j][inside], color)
            bound = w.data_curve(
                axes, t[inside], r["levy_bound"][i][inside], color, dashed=True, stroke_width=3
            )
            row = w.legend_row(color, w.math(f"d = {d}", size=28))
            row.next_to(
                rows if len(rows) else key,
                DOWN,
                buff=0.25 if len(rows) else 0.45,
                aligned_edge=LEFT,
            )
            rows.add(row)
            self.play(Create(tail), Create(bound), FadeIn(row), run_time=1.5)
            self.wait(1.5)
        self.beat(
            0.5,
            "Monte Carlo tails of |f - median| (solid) under Levy's bound (dashed) for growing d.",
        )
        statement = w.formula_card(r"P(|f-M|>t) \le 2e^{-(d-2)t^2/2}", size=32)
        width = w.math(r"\text{width} \sim 1/\sqrt{d}", size=30)
        VGroup(statement, width).arrange(RIGHT, buff=0.5).to_edge(DOWN, buff=0.2)
        self.play(FadeIn(statement, shift=UP * 0.2), FadeIn(width), run_time=1.0)
        self.beat(3.0, "Lipschitz functions are nearly constant: fluctuations of order 1/sqrt(d).")
