"""The chapter "Almost all of the sphere is near the equator" (docs/science.md, section 4).

On a turning sphere the band |x_1| <= t around the equator widens to t = 0.1 with its share as a
live readout; bars give that band's share of S^(d-1) for growing d (10 %, 23 %, ... 99.8 %);
the bars become the points at t = 0.1 of the curves share(t), which stay: each curve is traced
from 0 through its point, then on as t sweeps, with live readouts at the t shown;
stretching t by sqrt(d) collapses every curve onto one, 2 Phi(s) - 1: the band that holds most
of the sphere has half-width of order 1/sqrt(d).

Every share is exact, from the ``concentration`` result: ``band_share`` at its band half-widths,
``band_measure`` on a grid of t, ``band_measure_rescaled`` on a grid of s = sqrt(d) t and the
limit ``band_limit``. Between grid points a curve is drawn through the computed values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Line,
    Mobject,
    Polygon,
    Rectangle,
    ReplacementTransform,
    Triangle,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

from assets.charts import log_spaced_indices
from scenes.kit import widgets as w
from scenes.kit.theme import (
    MUTED,
    STROKE,
    Size,
    ThemedScene,
    role_color,
    scene_result,
    series_colors,
)

SPHERE = w.View(centre=(-3.9, -0.35), scale=1.95, elevation=0.4)
BARS_LEFT, BARS_RIGHT, BARS_BASE, BARS_TOP = -1.3, 6.2, -1.95, 1.45
GRAPH = w.PlotBox(-5.1, -2.0, 10.9, 4.15)  # share against t, then against s = sqrt(d) t
PREFERRED_DIMS = (3, 10, 100, 1000)
PREFERRED_T = 0.1


def percent(share: float) -> str:
    """A share as a percentage with three significant digits: 10, 23, 68, 99.8."""
    return f"{100 * share:.3g}"


class Concentration(ThemedScene):
    """Most of a high-dimensional sphere lies near any equator: the band and its share."""

    def construct(self) -> None:
        r = self.r = scene_result("concentration")
        dims = [int(d) for d in r["dims"]]
        chosen = [d for d in PREFERRED_DIMS if d in dims]
        if len(chosen) < 2:
            chosen = [dims[i] for i in log_spaced_indices(np.array(dims), 4)]
        self.chosen = chosen
        self.rows = [dims.index(d) for d in chosen]
        self.colors = series_colors(len(chosen))
        values = r["band_t_values"]
        self.k_t = int(np.argmin(np.abs(values - PREFERRED_T)))
        self.t_band = float(values[self.k_t])
        self.t = ValueTracker(0.0)  # the band's half-width on the sphere and on the graph
        self.stretch = ValueTracker(0.0)  # 0: share against t; 1: against s = sqrt(d) t
        self.spin = ValueTracker(0.0)
        self.spin.add_updater(lambda m, dt: m.increment_value(0.3 * dt))
        self.add(self.spin)
        self.heading = w.title("Almost all of a sphere is near its equator")
        self.widen_the_band()
        self.compare_dimensions()
        self.share_against_width()
        self.collapse()

    # --- the sphere and its band ------------------------------------------------------------

    def band(self) -> VGroup:
        """The band |x_1| <= t on the drawn sphere (x_1 vertical): its front, filled, and rims."""
        t = max(self.t.get_value(), 1e-3)
        yellow = role_color("highlight")
        angles = np.linspace(-0.1, np.pi + 0.1, 60)  # the front half of a circle of latitude
        rho = np.sqrt(1 - t * t)

        def front(h: float) -> np.ndarray:
            return np.stack(
                [rho * np.cos(angles), np.full_like(angles, h), rho * np.sin(angles)], -1
            )

        fill = Polygon(*SPHERE.project(np.concatenate([front(-t), front(t)[::-1]])))
        fill.set_fill(yellow, 0.55).set_stroke(width=0)
        rims = VGroup()
        full = np.linspace(0, 2 * np.pi, 73)
        for h in (-t, t):
            ring = np.stack([rho * np.cos(full), np.full_like(full, h), rho * np.sin(full)], -1)
            rims.add(w.depth_curve(SPHERE, ring, yellow, width=3, back_opacity=0.4))
        return VGroup(fill, rims)

    def sphere(self) -> VGroup:
        return w.wire_sphere(SPHERE, role_color("sphere"), spin=self.spin.get_value())

    def share(self, row: int, t: float) -> float:
        """The exact share of the band |x_1| <= t of S^(d-1) (on the result's grid of t)."""
        return float(np.interp(t, self.r["band_t"], self.r["band_measure"][row]))

    # --- beats ---------------------------------------------------------------------------------

    def widen_the_band(self) -> None:
        sphere, band = always_redraw(self.sphere), always_redraw(self.band)
        row3 = self.rows[0]
        t_value = w.number(0.0, decimals=2).add_updater(lambda m: m.set_value(self.t.get_value()))
        share_value = w.number(0.0, decimals=3)
        share_value.add_updater(lambda m: m.set_value(self.share(row3, self.t.get_value())))
        readout = VGroup(
            VGroup(w.math("t =", size=Size.READOUT), t_value).arrange(RIGHT, buff=0.15),
            VGroup(
                w.math(rf"\text{{share of }} S^{{{self.chosen[0] - 1}}} =", size=Size.READOUT),
                share_value,
            ).arrange(RIGHT, buff=0.15),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        readout.move_to(w.at(2.6, 0.6))
        self.statement = w.statement(r"\text{The band } |x_1| \le t \text{ around the equator}")
        axis = DashedLine(*SPHERE.project(np.array([[0, -1.25, 0], [0, 1.25, 0]])), dash_length=0.1)
        axis.set_stroke(MUTED, 2)
        axis_name = w.math("x_1", size=Size.LABEL, color=MUTED).next_to(axis, UP, buff=0.1)
        self.add(self.heading)  # the first frame, the thumbnail, shows the title
        self.play(FadeIn(sphere), Create(axis), FadeIn(axis_name), run_time=1.5)
        self.play(FadeIn(band), FadeIn(readout), FadeIn(self.statement), run_time=0.8)
        self.play(self.t.animate.set_value(self.t_band), run_time=3.0)
        self.beat(
            1.5,
            f"The band |x_1| <= t around the equator, widened to t = {self.t_band:g}; its share "
            f"of S^{self.chosen[0] - 1} is {self.share(row3, self.t_band):.3f}"
            + (" (on the 2-sphere exactly t: Archimedes)." if self.chosen[0] == 3 else "."),
            name="band",
            say=(
                f"The band within {self.t_band:g} of the equator holds "
                f"{percent(self.share(row3, self.t_band))} percent of this sphere"
                + (": by Archimedes, exactly its half-width." if self.chosen[0] == 3 else ".")
            ),
        )
        self.sphere_parts, self.readout = VGroup(sphere, band, axis, axis_name), readout

    def compare_dimensions(self) -> None:
        r, k = self.r, self.k_t
        slot = (BARS_RIGHT - BARS_LEFT) / len(self.chosen)
        baseline = Line(w.at(BARS_LEFT, BARS_BASE), w.at(BARS_RIGHT, BARS_BASE)).set_stroke(
            MUTED, 2
        )
        whole = DashedLine(w.at(BARS_LEFT, BARS_TOP), w.at(BARS_RIGHT, BARS_TOP), dash_length=0.12)
        whole.set_stroke(MUTED, 1.5)
        whole_name = w.text("the whole sphere", size=Size.NOTE, color=MUTED)
        whole_name.next_to(whole, UP, buff=0.08).align_to(whole, LEFT)
        new = w.statement(
            rf"\text{{The share with }} |x_1| \le {self.t_band:g}"
            r"\text{ tends to 1 as } d \text{ grows}"
        )
        self.play(
            FadeOut(self.readout),
            Create(baseline),
            Create(whole),
            FadeIn(whole_name),
            w.replace_statement(self.statement, new),
            run_time=1.0,
        )
        self.statement = new
        self.bars, self.bar_tops = VGroup(), []
        for m, (row, d) in enumerate(zip(self.rows, self.chosen, strict=True)):
            share = float(r["band_share"][k, row])
            x = BARS_LEFT + (m + 0.5) * slot
            bar = Rectangle(width=0.6 * slot, height=max(share * (BARS_TOP - BARS_BASE), 1e-3))
            bar.set_fill(self.colors[m], 0.9).set_stroke(width=0)
            bar.move_to(w.at(x, BARS_BASE), aligned_edge=DOWN)
            value = w.math(rf"{percent(share)}\%", size=Size.LABEL).next_to(bar, UP, buff=0.1)
            name = w.math(f"d = {d}", size=Size.CAPTION)
            name.next_to(w.at(x, BARS_BASE), DOWN, buff=0.2)
            self.play(GrowFromEdge(bar, DOWN), FadeIn(name), FadeIn(value), run_time=0.9)
            self.wait(0.5)
            self.bars.add(VGroup(bar, value, name))
            self.bar_tops.append(bar.get_top())
        self.beat(
            2.0,
            f"The exact share of the band |x_1| <= {self.t_band:g} on S^(d-1) for d = "
            + ", ".join(str(d) for d in self.chosen)
            + ": "
            + ", ".join(f"{percent(float(r['band_share'][k, row]))} %" for row in self.rows)
            + ". In high dimension almost all of the sphere lies near any equator.",
            name="dimensions",
            say=(
                "As d grows, the same band holds "
                + ", then ".join(percent(float(r["band_share"][k, row])) for row in self.rows)
                + " percent of the sphere: almost all of it lies near the equator."
            ),
        )
        self.bar_frame = VGroup(baseline, whole, whole_name)

    def graph_u(self, row: int, t: np.ndarray) -> np.ndarray:
        """Where t is drawn across the graph: t itself, stretching to s = sqrt(d) t over
        [0, s_max] as ``stretch`` goes to 1."""
        s_max = float(self.r["band_s"][-1])
        d = float(self.r["dims"][row])
        a = self.stretch.get_value()
        return 2 * t * ((1 - a) + a * np.sqrt(d) / s_max) - 1

    def curve(self, m: int) -> VMobject:
        """share(t) of the m-th dimension, up to the tracker t, in the current stretch."""
        row, t_grid = self.rows[m], self.r["band_t"]
        shares = self.r["band_measure"][row]
        t_ext = np.append(t_grid, 10.0)  # beyond t = 1 the band is the whole sphere
        s_ext = np.append(shares, 1.0)
        keep = t_ext <= self.t.get_value() + 1e-9
        u = self.graph_u(row, t_ext[keep])
        inside = u <= 1
        pts = GRAPH.points(u[inside], s_ext[keep][inside])
        if not inside.all():  # end exactly at the right edge
            edge = float(np.interp(1.0, u, s_ext[keep]))
            pts = np.vstack([pts, GRAPH.point(1, edge)])
        curve = VMobject().set_stroke(self.colors[m], width=STROKE)
        return curve.set_points_as_corners(pts) if len(pts) >= 2 else curve

    def graph_frame(self) -> VGroup:
        axes = VGroup(
            Line(GRAPH.point(-1, 0), GRAPH.point(1, 0)),
            Line(GRAPH.point(-1, 0), GRAPH.point(-1, 1)),
        )
        ticks = VGroup()
        for v in (0.5, 1.0):
            foot = GRAPH.point(-1, v)
            ticks.add(Line(foot, foot + LEFT * 0.12).set_stroke(MUTED, 2))
            # the number unstroked, as every tick label: a stroke makes its digits bold
            ticks.add(w.math(f"{v:g}", size=Size.TICK, color=MUTED).next_to(foot, LEFT, buff=0.2))
        name = w.text("share of the sphere", size=Size.CAPTION, color=MUTED)
        name.next_to(GRAPH.point(-1, 1), UP, buff=0.15).align_to(GRAPH.point(-1, 1), LEFT)
        return VGroup(axes.set_stroke(MUTED, 2), ticks, name)

    def t_axis(self, values: tuple[float, ...], scale: float, name: str) -> VGroup:
        group = VGroup()
        for v in values:
            foot = GRAPH.point(2 * v / scale - 1, 0)
            group.add(Line(foot, foot + DOWN * 0.12).set_stroke(MUTED, 2))
            group.add(w.math(f"{v:g}", size=Size.TICK, color=MUTED).next_to(foot, DOWN, buff=0.22))
        label = w.math(name, size=Size.LABEL, color=MUTED)
        group.add(label.next_to(GRAPH.point(1, 0), UP, buff=0.2).align_to(GRAPH.point(1, 0), RIGHT))
        return group

    def share_against_width(self) -> None:
        frame, t_ticks = self.graph_frame(), self.t_axis((0.25, 0.5, 0.75, 1.0), 1.0, "t")
        dots = VGroup(
            *(
                Dot(
                    GRAPH.point(2 * self.t_band - 1, float(self.r["band_share"][self.k_t, row])),
                    radius=0.1,
                    color=c,
                )
                for row, c in zip(self.rows, self.colors, strict=True)
            )
        )
        new = w.statement(
            r"\text{Against the half-width } t\text{: a jump within } t \sim 1/\sqrt{d}"
        )
        self.t.set_value(self.t_band)  # the graph starts where the bars were: at t = t_band
        self.play(
            FadeOut(w.frozen(*self.sphere_parts)),
            FadeOut(self.bar_frame),
            *(ReplacementTransform(bar, dot) for bar, dot in zip(self.bars, dots, strict=True)),
            FadeIn(frame),
            FadeIn(t_ticks),
            w.replace_statement(self.statement, new),
            run_time=2.0,
        )
        self.statement = new

        def curve_of(m: int) -> VMobject:
            return always_redraw(lambda: self.curve(m))

        curves = [curve_of(m) for m in range(len(self.rows))]

        # the tracker: a mark on the t axis and a point riding each curve at t (a full-height
        # line would run through the legend)
        def tracker() -> VGroup:
            t = self.t.get_value()
            foot = GRAPH.point(2 * t - 1, 0)
            mark = Triangle(fill_opacity=1).scale(0.12).move_to(foot + DOWN * 0.02, UP)
            mark.set_fill(role_color("highlight"), 1).set_stroke(width=0)
            riders = VGroup(
                *(
                    Dot(
                        GRAPH.point(2 * t - 1, self.share(row, t)), radius=0.07, color=c
                    ).set_stroke(role_color("highlight"), 2)
                    for row, c in zip(self.rows, self.colors, strict=True)
                )
            )
            return VGroup(mark, riders)

        marker = always_redraw(tracker)
        legend = VGroup()
        for m, (row, d) in enumerate(zip(self.rows, self.chosen, strict=True)):
            value = w.number(self.share(row, self.t_band), decimals=3, size=Size.CAPTION)
            value.add_updater(lambda v, row=row: v.set_value(self.share(row, self.t.get_value())))
            entry = VGroup(
                Line(LEFT * 0.25, RIGHT * 0.25).set_stroke(self.colors[m], STROKE),
                w.math(f"d = {d}:", size=Size.CAPTION),
                value,
            ).arrange(RIGHT, buff=0.15)
            legend.add(entry)
        t_value = w.number(self.t_band, decimals=2, size=Size.CAPTION)
        t_value.add_updater(lambda m: m.set_value(self.t.get_value()))
        t_readout = VGroup(w.math("t =", size=Size.CAPTION), t_value).arrange(RIGHT, buff=0.15)
        legend.add_to_back(t_readout)
        # below the lowest curve (d = 3: share = t), clear of every curve and of the tracker
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        legend.move_to(GRAPH.point(0.86, 0.04), aligned_edge=DOWN + RIGHT)  # clear of the t
        # the curves are traced from t = 0 up to the t_band points, which stay, then on to t = 1
        past = VGroup(*(self.curve(m) for m in range(len(self.rows))))
        self.play(FadeIn(legend), FadeIn(marker), run_time=0.8)
        self.play(*(Create(c) for c in past), run_time=1.5)
        self.remove(*past)
        self.add(*curves, marker)
        self.bring_to_front(dots)
        self.play(self.t.animate.set_value(1.0), run_time=5.0)
        self.beat(
            1.5,
            f"The share of the band |x_1| <= t against its half-width t, exact for each d, "
            f"traced through the t = {self.t_band:g} points of the bars: the higher the "
            "dimension, the sooner the band holds almost the whole sphere.",
            name="share-vs-width",
            say=(
                "Now plot the band's share against its half-width t, one curve per d. The higher "
                "the dimension, the steeper the jump, over a width of about one over the square "
                "root of d."
            ),
        )
        self.curves, self.marker, self.legend, self.dots = curves, marker, legend, dots
        self.t_ticks = t_ticks

    def follow_stretch(self, row: int) -> Callable[[Mobject], object]:
        """An updater keeping a point (t_band, its share) of row ``row`` where the stretch draws
        it; hidden once stretched beyond the axis."""
        share = float(self.r["band_share"][self.k_t, row])

        def follow(m: Mobject) -> object:
            u = float(self.graph_u(row, np.array([self.t_band]))[0])
            return m.move_to(GRAPH.point(min(u, 1.0), share)).set_opacity(float(u <= 1))

        return follow

    def collapse(self) -> None:
        r = self.r
        s_max = float(r["band_s"][-1])
        limit = DashedVMobject(
            VMobject().set_points_as_corners(
                GRAPH.points(2 * r["band_s"] / s_max - 1, r["band_limit"])
            ),
            num_dashes=60,
        ).set_stroke(role_color("gaussian"), width=STROKE)
        key = VGroup(
            w.dash_swatch(role_color("gaussian")), w.math(r"2\Phi(s) - 1", size=Size.LABEL)
        )
        key.arrange(RIGHT, buff=0.2).move_to(GRAPH.point(0.55, 0.72), aligned_edge=LEFT)
        s_ticks = self.t_axis(tuple(range(1, int(s_max) + 1)), s_max, r"s = \sqrt{d}\,t")
        for dot, row in zip(self.dots, self.rows, strict=True):  # the t_band points stretch too
            dot.add_updater(self.follow_stretch(row))
        new = w.statement(r"\text{Stretched by } \sqrt{d}\text{, the curves approach } 2\Phi(s)-1")
        self.play(
            FadeOut(w.frozen(self.marker)),
            FadeOut(self.legend),
            FadeOut(self.t_ticks),
            self.stretch.animate.set_value(1.0),
            w.replace_statement(self.statement, new),
            run_time=3.5,
        )
        self.statement = new
        self.play(FadeIn(s_ticks), Create(limit), FadeIn(key), run_time=1.5)
        self.beat(
            3.0,
            "With t stretched to s = sqrt(d) t, the curves approach 2 Phi(s) - 1 (dashed) as d "
            "grows: the band of half-width s/sqrt(d) holds the share 2 Phi(s) - 1 of S^(d-1), for "
            f"d large; d = {self.chosen[0]}, the smallest drawn, stays visibly off it.",
            name="collapse",
            say=(
                "Stretch t by the square root of d, and the curves for large d merge into one: the "
                "chance that a standard Gaussian lands within s of zero. The smallest, "
                f"d equals {self.chosen[0]}, still bends away."
            ),
        )
