"""The chapter "Coin flips are the shadow of a cube" (docs/science.md, section 3).

The cube {-1,1}^3 turns about its diagonal u (its shadow on u does not change while it turns);
each vertex drops onto u and the shadows stack 1, 3, 3, 1; the stacks become the histogram of
<x, u> = (x_1 + x_2 + x_3)/sqrt(3), three coin flips; d steps up and the bars approach N(0, 1)
with the exact Kolmogorov distance D_d and the Berry-Esseen bound as readouts. The last histogram
shrinks into the cube's slot of a row of four convex bodies, each with a random direction: their
sampled shadows in high dimension are Gaussian too, sampled distances a few times the Monte Carlo
noise floor (said on screen); the simplex, enlarged, turned towards a vertex: its shadow is not.

Data: ``cube-clt`` (exact laws of the cube's marginal) and ``convex-marginals`` (sampled
marginals of the four isotropic bodies, with the noise floor of their sample size).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    ReplacementTransform,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

from scenes.kit import widgets as w
from scenes.kit.theme import MUTED, STROKE, Size, ThemedScene, role_color, scene_result

HIST = w.PlotBox(-5.5, -2.25, 11.0, 3.9)  # the histogram of <x, u>: z in [-z_max, z_max]
HIST_TOP = 0.55  # its y range [0, HIST_TOP] (N(0,1) peaks at 0.40, d = 1 at 0.25)
CUBE_AT = (0.0, 0.55)  # where the cube's centre is drawn while it is projected
ICON_AT, ICON_SCALE = (-4.9, 1.75), 0.42  # the cube, small, once the histogram takes over
CUBE_HALF_EDGE = 0.62  # the cube of the row of bodies, in units of its drawing
U = np.ones(3) / np.sqrt(3.0)  # the diagonal direction
V, W = np.array([1.0, -1.0, 0.0]) / np.sqrt(2.0), np.array([1.0, 1.0, -2.0]) / np.sqrt(6.0)
CORNERS = np.array([[a, b, c] for a in (-1, 1) for b in (-1, 1) for c in (-1, 1)], dtype=float)
EDGES = [(i, j) for i in range(8) for j in range(i + 1, 8) if np.sum(CORNERS[i] != CORNERS[j]) == 1]
PANELS = [w.PlotBox(-6.0 + 3.1 * k, -2.4, 2.75, 2.4) for k in range(4)]  # the four bodies
PANEL_TOP = 0.45  # their y range: N(0,1)'s peak 0.40 near the top
BODY_Y, BODY_SCALE = 2.15, 0.5  # the row of 3-D bodies above the panels
NAME_Y, D_HAT_Y, NOTE_Y = 1.25, 0.75, 0.3  # their names, their D-hat readouts, the sample note
BIG = w.PlotBox(-1.6, -2.4, 7.6, 4.6)  # the simplex, alone, for its worst direction
BIG_BODY = w.View(centre=(-4.3, 0.1), scale=1.45, elevation=0.35)


def diagonal_frame(angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The screen's vertical and depth directions when the cube has turned ``angle`` about u."""
    up = np.cos(angle) * V + np.sin(angle) * W
    return up, np.cos(angle) * W - np.sin(angle) * V


class CubeMarginal(ThemedScene):
    """The Bernoulli CLT is the cube's marginal along its diagonal; all bodies look alike."""

    def construct(self) -> None:
        self.cube = scene_result("cube-clt")
        self.convex = scene_result("convex-marginals")
        self.z_max = float(self.cube["z"][-1])
        self.turn = ValueTracker(0.35)  # the cube's angle about its diagonal
        self.turn.add_updater(lambda m, dt: m.increment_value(0.45 * dt))
        self.place = ValueTracker(0.0)  # 0: the cube above the axis; 1: small, as an icon
        self.add(self.turn)
        self.heading = w.title("Coin flips are the shadow of a cube")
        self.show_the_cube()
        self.drop_the_vertices()
        self.stack_into_bars()
        self.grow_the_dimension()
        self.other_bodies()
        self.worst_direction()

    # --- the cube, drawn ------------------------------------------------------------------------

    def cube_view(self) -> tuple[tuple[float, float], float]:
        """Where the cube's centre is drawn and its scene units per unit of R^3."""
        t = self.place.get_value()
        if t > 1:  # on to the cube's slot in the row of bodies
            a, slot = t - 1, PANELS[0].left + PANELS[0].width / 2
            scale = (1 - a) * ICON_SCALE + a * BODY_SCALE * CUBE_HALF_EDGE
            return ((1 - a) * ICON_AT[0] + a * slot, (1 - a) * ICON_AT[1] + a * BODY_Y), scale
        scale = (1 - t) * (HIST.width / (2 * self.z_max)) + t * ICON_SCALE
        centre = ((1 - t) * CUBE_AT[0] + t * ICON_AT[0], (1 - t) * CUBE_AT[1] + t * ICON_AT[1])
        return centre, scale

    def screen(self, pts: np.ndarray) -> np.ndarray:
        """Scene points of points of R^3: x = <p, u> (the shadow), y the turning side view."""
        up, _ = diagonal_frame(self.turn.get_value())
        (cx, cy), scale = self.cube_view()
        pts = np.atleast_2d(pts)
        return np.stack([cx + scale * pts @ U, cy + scale * pts @ up, np.zeros(len(pts))], -1)

    def draw_cube(self) -> VGroup:
        _, depth_dir = diagonal_frame(self.turn.get_value())
        pts, depth = self.screen(CORNERS), CORNERS @ depth_dir
        color = role_color("cube")
        group = VGroup()
        for i, j in EDGES:
            front = depth[i] + depth[j] > -1e-9
            edge = Line(pts[i], pts[j]).set_stroke(color, width=3 if front else 1.5)
            group.add(edge.set_stroke(opacity=1.0 if front else 0.35))
        for p, z in zip(pts, depth, strict=True):
            group.add(Dot(p, radius=0.08, color=color).set_opacity(1.0 if z > -1e-9 else 0.45))
        ends = self.screen(np.array([-1.25 * np.sqrt(3) * U, 1.25 * np.sqrt(3) * U]))
        axis = DashedLine(ends[0], ends[1], dash_length=0.12).set_stroke(role_color("highlight"), 2)
        return VGroup(axis, group)

    # --- the histogram --------------------------------------------------------------------------

    def atoms(self, d: int) -> tuple[np.ndarray, np.ndarray]:
        i = list(self.cube["histogram_dims"]).index(d)
        count = int(self.cube["histogram_counts"][i])
        return (
            self.cube["histogram_atoms"][i, :count],
            self.cube["histogram_probabilities"][i, :count],
        )

    def bars(self, d: int) -> VGroup:
        """Bars of width 2/sqrt(d) centred on the atoms: their areas are the probabilities."""
        atoms, probs = self.atoms(d)
        step = 2.0 / np.sqrt(d)
        group = VGroup()
        for a, p in zip(atoms, probs, strict=True):
            if abs(a) > self.z_max or p <= 0:
                continue
            lo, hi = (
                HIST.point((a - step / 2) / self.z_max, 0),
                HIST.point((a + step / 2) / self.z_max, min(p / step / HIST_TOP, 1.0)),
            )
            bar = w.rectangle(lo, hi)
            group.add(bar.set_fill(role_color("cube"), 0.75).set_stroke(role_color("cube"), 1))
        return group

    # --- beats ---------------------------------------------------------------------------------

    def show_the_cube(self) -> None:
        self.cube_mob = always_redraw(self.draw_cube)
        axis = Line(HIST.point(-1, 0), HIST.point(1, 0)).set_stroke(MUTED, 2)
        u_label = w.math(r"u = (1,1,1)/\sqrt{3}", size=Size.LABEL, color=role_color("highlight"))
        u_label.add_updater(
            lambda m: m.next_to(self.screen(1.25 * np.sqrt(3) * U)[0], UP, buff=0.15)
        )
        self.statement = w.statement(
            r"\text{The cube } \{-1,1\}^3 \text{ turns about its diagonal } u"
        )
        self.add(self.heading)  # the first frame, the thumbnail, shows the title
        self.play(Create(self.cube_mob), run_time=1.5)
        self.play(FadeIn(u_label), Create(axis), FadeIn(self.statement), run_time=1.2)
        self.wait(1.5)
        self.beat(
            1.0,
            "The cube {-1,1}^3, turning about its diagonal u = (1,1,1)/sqrt(3).",
            name="cube",
            say=(
                "The cube whose corners have coordinates plus or minus one, turning about its "
                "diagonal u."
            ),
        )
        self.axis, self.u_label = axis, u_label

    def drop_the_vertices(self) -> None:
        feet: list[np.ndarray] = []
        count: dict[float, int] = {}
        for v in CORNERS:  # the shadows of equal <x, u> stack up
            key = round(float(v @ U), 6)
            count[key] = count.get(key, 0) + 1
            feet.append(HIST.point(key / self.z_max, 0) + UP * (0.16 + 0.26 * (count[key] - 1)))

        def drop_lines() -> VGroup:  # from the turning vertices straight down to their shadows
            return VGroup(
                *(
                    DashedLine(p, f, dash_length=0.1).set_stroke(MUTED, 1.5)
                    for p, f in zip(self.screen(CORNERS), feet, strict=True)
                )
            )

        drops = always_redraw(drop_lines)
        shadows = VGroup(*(Dot(f, radius=0.11, color=role_color("cube")) for f in feet))
        new = w.statement(
            r"\text{Vertex } x \text{ drops to } \langle x,u\rangle"
            r"\text{; the shadows stack } 1, 3, 3, 1"
        )
        self.play(Create(drops), w.replace_statement(self.statement, new), run_time=1.2)
        self.statement = new
        self.play(
            LaggedStart(*(FadeIn(s, shift=DOWN * 0.3) for s in shadows), lag_ratio=0.2),
            run_time=2.0,
        )
        self.play(FadeOut(w.frozen(drops)), run_time=0.6)
        self.beat(
            1.5,
            "Projecting the 8 vertices on u: 1, 3, 3, 1 of them land at -sqrt(3), -1/sqrt(3), "
            "1/sqrt(3), sqrt(3). The shadow does not change while the cube turns about u.",
            name="drop",
            say=(
                "Drop the eight corners onto the diagonal: they stack one, three, three, one, and "
                "the stacks stay put as the cube turns."
            ),
        )
        self.shadows, self.feet_keys = shadows, [round(float(v @ U), 6) for v in CORNERS]

    def stack_into_bars(self) -> None:
        bars = self.bars(3)
        atoms, _ = self.atoms(3)
        groups = [
            VGroup(
                *(s for s, k in zip(self.shadows, self.feet_keys, strict=True) if abs(k - a) < 1e-6)
            )
            for a in atoms
        ]
        y_axis = Line(HIST.point(-1, 0), HIST.point(-1, 1)).set_stroke(MUTED, 2)
        ticks = self.z_ticks()
        name = w.math(r"\langle x,u\rangle", size=Size.LABEL, color=MUTED)
        name.next_to(HIST.point(1, 0), UP, buff=0.25).align_to(HIST.point(1, 0), RIGHT)
        self.u_label.clear_updaters()
        self.play(
            self.place.animate.set_value(1.0),
            FadeOut(self.u_label),
            *(ReplacementTransform(g, b) for g, b in zip(groups, bars, strict=True)),
            FadeIn(y_axis),
            FadeIn(ticks),
            run_time=2.0,
        )
        new = w.statement(
            r"\langle x,u\rangle = (x_1+x_2+x_3)/\sqrt{3}\text{: a sum of three coin flips}"
        )
        self.play(FadeIn(name), w.replace_statement(self.statement, new), run_time=1.0)
        self.statement, self.hist_bars, self.z_name = new, VGroup(*bars), name
        self.beat(
            1.5,
            "The stacks become the histogram of <x,u> = (x_1+x_2+x_3)/sqrt(3) for x uniform on "
            "the cube: a rescaled sum of three fair coin flips (bar areas = probabilities).",
            name="coin-flips",
            say=(
                "The stacks become bars: three coin flips, x one plus x two plus x three, over the "
                "square root of three."
            ),
        )
        self.hist_frame = VGroup(self.axis, y_axis, ticks)

    def z_ticks(self) -> VGroup:
        group = VGroup()
        for k in range(-int(self.z_max), int(self.z_max) + 1):
            foot = HIST.point(k / self.z_max, 0)
            group.add(Line(foot, foot + DOWN * 0.12).set_stroke(MUTED, 2))
            if k % 2 == 0:
                group.add(
                    w.math(f"{k}", size=Size.TICK, color=MUTED).next_to(foot, DOWN, buff=0.22)
                )
        for y in (0.2, 0.4):
            foot = HIST.point(-1, y / HIST_TOP)
            group.add(Line(foot, foot + LEFT * 0.12).set_stroke(MUTED, 2))
            group.add(w.math(f"{y:g}", size=Size.TICK, color=MUTED).next_to(foot, LEFT, buff=0.2))
        return group

    def grow_the_dimension(self) -> None:
        cube = self.cube
        dims = [int(d) for d in cube["histogram_dims"] if d >= 3]
        z = cube["z"]
        gauss = DashedVMobject(
            VMobject().set_points_as_corners(
                HIST.points(z / self.z_max, cube["gaussian_density"] / HIST_TOP)
            ),
            num_dashes=80,
        ).set_stroke(role_color("gaussian"), width=STROKE)
        key = VGroup(
            w.dash_swatch(role_color("gaussian")), w.math(r"\mathcal{N}(0,1)", size=Size.LABEL)
        )
        key.arrange(RIGHT, buff=0.2).move_to(HIST.point(0.0, 0.95))
        i3 = list(cube["histogram_dims"]).index(3)
        d_num = w.number(3, decimals=0)
        k_num = w.number(float(cube["histogram_kolmogorov"][i3]), decimals=3)
        b_num = w.number(float(cube["histogram_berry_esseen"][i3]), decimals=3)
        readout = VGroup(
            VGroup(w.math("d =", size=Size.READOUT), d_num).arrange(RIGHT, buff=0.15),
            VGroup(w.math(r"D_d =", size=Size.READOUT), k_num).arrange(RIGHT, buff=0.15),
            VGroup(w.math(r"0.4748/\sqrt{d} =", size=Size.READOUT, color=MUTED), b_num).arrange(
                RIGHT, buff=0.15
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        readout.move_to(HIST.point(0.42, 0.86), aligned_edge=UP + LEFT)
        icon_name = w.math(r"\{-1,1\}^d", size=Size.CAPTION, color=role_color("cube"))
        icon_name.next_to(w.at(ICON_AT[0] + 0.75, ICON_AT[1]), RIGHT, buff=0.1)
        new = w.statement(
            r"\text{In } \{-1,1\}^d\text{: } (x_1+\dots+x_d)/\sqrt{d} \to \mathcal{N}(0,1)"
        )
        self.play(
            Create(gauss),
            FadeIn(key),
            FadeIn(readout),
            FadeIn(icon_name),
            w.replace_statement(self.statement, new),
            run_time=1.5,
        )
        self.statement = new
        for d in dims[1:]:
            i = list(cube["histogram_dims"]).index(d)
            self.play(
                Transform(self.hist_bars, self.bars(d)),
                w.change_number(d_num, d),
                w.change_number(k_num, float(cube["histogram_kolmogorov"][i])),
                w.change_number(b_num, float(cube["histogram_berry_esseen"][i])),
                run_time=1.2,
            )
            self.wait(0.6)
        self.beat(
            1.5,
            "For d = 3 ... 256 the law of (x_1+...+x_d)/sqrt(d) approaches N(0,1): the exact "
            "Kolmogorov distance D_d stays below the Berry-Esseen bound 0.4748/sqrt(d).",
            name="grow-d",
            say=(
                f"As d climbs to {int(cube['histogram_dims'][-1])}, the bars close in on the "
                "dashed Gaussian. The exact Kolmogorov distance falls from "
                f"{float(cube['histogram_kolmogorov'][i3]):.3f} to "
                f"{float(cube['histogram_kolmogorov'][-1]):.3f}, under the Berry Esseen bound."
            ),
        )
        self.gauss, self.key, self.readout, self.icon_name = gauss, key, readout, icon_name
        self.d_num = d_num

    # --- all convex bodies look alike -----------------------------------------------------------

    def body_view(self, k: int) -> w.View:
        box = PANELS[k]
        row = w.View(centre=(box.left + box.width / 2, BODY_Y), scale=BODY_SCALE, elevation=0.35)
        a = self.enlarge.get_value() if k == self.simplex_k else 0.0
        if a <= 0:
            return row
        mix = lambda p, q: (1 - a) * p + a * q  # noqa: E731
        return w.View(
            centre=(mix(row.centre[0], BIG_BODY.centre[0]), mix(row.centre[1], BIG_BODY.centre[1])),
            scale=mix(row.scale, BIG_BODY.scale),
            elevation=0.35,
        )

    def draw_body(self, k: int, body: str, direction: np.ndarray) -> VGroup:
        """Body ``body`` (a 3-D picture of it) turning, with its direction as an arrow."""
        view, color = self.body_view(k), role_color(body)
        spin = self.turn.get_value() * 0.6
        width = 2.5 + 1.5 * (view.scale - BODY_SCALE) / (BIG_BODY.scale - BODY_SCALE)
        if body == "ball":
            shape = w.wire_sphere(view, color, spin=spin, latitudes=5, longitudes=6)
        else:
            corners, edges = BODY_SHAPES[body]
            pts = w.spin_y(corners, spin)
            shape = VGroup()
            for i, j in edges:
                front = view.depth(pts[[i, j]]).sum() >= 0
                line = Line(*view.project(pts[[i, j]]))
                line.set_stroke(color, width if front else 0.5 * width)
                shape.add(line.set_stroke(opacity=1.0 if front else 0.35))
        tip = view.project(w.spin_y(1.45 * direction, spin))[0]
        arrow = Arrow(
            view.project(np.zeros(3))[0],
            tip,
            buff=0,
            stroke_width=1.6 * width,
            max_tip_length_to_length_ratio=0.3,
        ).set_color(role_color("highlight"))
        return VGroup(shape, arrow)

    def panel_bars(
        self, box: w.PlotBox, heights: np.ndarray, body: str, top: float = PANEL_TOP
    ) -> VGroup:
        edges = self.convex["hist_edges"]
        z_max = float(edges[-1])
        group = VGroup()
        for lo, hi, h in zip(edges[:-1], edges[1:], heights, strict=True):
            if h <= 0:
                continue
            a, b = box.point(lo / z_max, 0), box.point(hi / z_max, min(h / top, 1.0))
            bar = w.rectangle(a, b)
            group.add(bar.set_fill(role_color(body), 0.7).set_stroke(width=0))
        return group

    def panel_frame(
        self, box: w.PlotBox, top: float = PANEL_TOP, ticks_at: tuple[int, ...] = (-2, 0, 2)
    ) -> VGroup:
        z_max = float(self.convex["hist_edges"][-1])
        z = self.convex["z"]
        gauss = DashedVMobject(
            VMobject().set_points_as_corners(
                box.points(z / z_max, self.convex["gaussian_density"] / top)
            ),
            num_dashes=30 if box.width < 4 else 70,
        ).set_stroke(role_color("gaussian"), width=3)
        axis = Line(box.point(-1, 0), box.point(1, 0)).set_stroke(MUTED, 2)
        ticks = VGroup()
        for v in ticks_at:
            foot = box.point(v / z_max, 0)
            ticks.add(Line(foot, foot + DOWN * 0.1).set_stroke(MUTED, 2))
            ticks.add(w.math(f"{v}", size=Size.TICK, color=MUTED).next_to(foot, DOWN, buff=0.15))
        return VGroup(axis, ticks, gauss)

    def shrink_into(self, box: w.PlotBox, top: float) -> Callable[[np.ndarray], np.ndarray]:
        """The map from the big histogram's points to the same values drawn in ``box``."""
        z_panel = float(self.convex["hist_edges"][-1])

        def move(p: np.ndarray) -> np.ndarray:
            u = 2 * (p[0] - HIST.left) / HIST.width - 1
            v = (p[1] - HIST.bottom) / HIST.height
            return box.point(u * self.z_max / z_panel, v * HIST_TOP / top)

        return move

    def other_bodies(self) -> None:
        r = self.convex
        bodies = [str(b) for b in r["bodies"]]
        direction = THETA / np.linalg.norm(THETA)
        self.directions = {b: ValueTracker(0.0) for b in bodies}  # 0: random direction, 1: worst
        self.simplex_k = bodies.index("simplex")
        self.enlarge = ValueTracker(0.0)  # 1: the simplex alone, large

        def picture(k: int, body: str) -> VMobject:
            return always_redraw(lambda: self.draw_body(k, body, self.direction(body, direction)))

        pictures = VGroup(*(picture(k, b) for k, b in enumerate(bodies)))
        self.panels, self.ks_numbers, self.labels = VGroup(), [], VGroup()
        for k, body in enumerate(bodies):
            centre = PANELS[k].left + PANELS[k].width / 2
            bars = self.panel_bars(PANELS[k], r["hist_random"][k], body)
            ks = w.number(float(r["hist_ks"][k, 0]), decimals=3, size=Size.LABEL)
            readout = VGroup(w.math(r"\hat D =", size=Size.LABEL), ks).arrange(RIGHT, buff=0.12)
            readout.move_to(w.at(centre, D_HAT_Y))
            name = w.text(body.replace("_", "-"), size=Size.LABEL, color=role_color(body))
            name.move_to(w.at(centre, NAME_Y))
            self.panels.add(VGroup(self.panel_frame(PANELS[k]), bars))
            self.labels.add(VGroup(name, readout))
            self.ks_numbers.append(ks)
        floor = float(r["hist_noise_floor"])
        samples = f"{int(r['hist_samples']):,}".replace(",", "{,}")
        dim = int(r["hist_dim"])
        note = w.math(
            rf"\text{{sampled: }} {samples} \text{{ points in }} d = {dim}"
            rf"\text{{; noise floor }} \mathbb{{E}}\hat D = {floor:.3f}",
            size=Size.CAPTION,
            color=MUTED,
        ).move_to(w.at(0, NOTE_Y))
        # 1. the d = 256 histogram shrinks, unchanged, into the cube's slot of the row; the cube
        #    goes with it
        big = VGroup(self.hist_bars, self.axis, self.hist_frame[1], self.gauss)
        small = big.copy().apply_function(self.shrink_into(PANELS[0], PANEL_TOP))
        tag = self.readout[0]  # "d = 256" goes with its histogram
        new = w.statement(r"\text{Other bodies, random directions: Gaussian too?}")
        self.play(
            FadeOut(VGroup(self.key, self.icon_name, self.z_name, self.hist_frame[2])),
            tag.animate.move_to(w.at(PANELS[0].left + PANELS[0].width / 2, NAME_Y)),
            FadeOut(self.readout[1:]),
            self.place.animate.set_value(2.0),
            Transform(big, small),
            w.replace_statement(self.statement, new),
            run_time=2.0,
        )
        self.statement = new
        # 2. the cube's entry becomes its sampled shadow in d = hist_dim along a random direction,
        #    a histogram into a histogram; the other bodies' entries appear beside it
        cube_frame, cube_bars = self.panels[0]
        self.play(
            FadeOut(w.frozen(self.cube_mob)),
            FadeIn(pictures[0]),
            ReplacementTransform(self.hist_bars, cube_bars),
            ReplacementTransform(self.axis, cube_frame[0]),
            FadeOut(self.hist_frame[1]),
            FadeIn(cube_frame[1]),
            ReplacementTransform(self.gauss, cube_frame[2]),
            w.replace_statement(tag, self.labels[0]),  # "d = 256" leaves, then "cube" enters
            FadeIn(note),
            run_time=1.5,
        )
        self.play(
            LaggedStart(
                *(
                    FadeIn(VGroup(pictures[k], self.panels[k], self.labels[k]), shift=LEFT * 0.4)
                    for k in range(1, len(bodies))
                ),
                lag_ratio=0.5,
            ),
            run_time=2.5,
        )
        answer = w.statement(r"\text{Convex bodies, random directions: Gaussian shadows}")
        self.play(w.replace_statement(self.statement, answer), run_time=1.0)
        self.statement = answer
        self.wait(1.0)
        lo, hi = float(r["hist_ks"][:, 0].min()), float(r["hist_ks"][:, 0].max())
        self.beat(
            2.0,
            f"Cube, ball, simplex and cross-polytope in isotropic position in d = {dim}, each "
            f"along a random direction: the sampled marginals are close to N(0,1) (Klartag). "
            f"Their Kolmogorov distances, {lo:.3f} to {hi:.3f}, are {lo / floor:.0f} to "
            f"{hi / floor:.0f} times the noise floor {floor:.3f} of "
            f"{int(r['hist_samples']):,} points: small deviations, measured, not noise.",
            name="bodies",
            say=(
                f"The cube's shadow joins other convex bodies in dimension {dim}, along random "
                "directions: their sampled shadows are nearly Gaussian. The small gaps, "
                f"{lo / floor:.0f} to {hi / floor:.0f} times the noise floor, are real."
            ),
        )
        self.pictures, self.note = pictures, note

    def direction(self, body: str, random: np.ndarray) -> np.ndarray:
        """The drawn direction of ``body``: from the random one to its worst one."""
        t = self.directions[body].get_value()
        worst = WORST[body]
        v = (1 - t) * random + t * worst
        return v / np.linalg.norm(v)

    def worst_direction(self) -> None:
        r = self.convex
        k = self.simplex_k
        z_max = float(r["hist_edges"][-1])
        # the skewed law peaks higher than the Gaussian: the enlarged panel's range fits it
        top = 1.1 * max(float(r["density_worst"][k].max()), float(r["hist_worst"][k].max()))
        others = VGroup(
            *(
                VGroup(w.frozen(self.pictures[j]), self.panels[j], self.labels[j])
                for j in range(len(self.panels))
                if j != k
            )
        )
        name, readout = self.labels[k]
        y_ticks = VGroup()
        for y in (0.2, 0.4, 0.6, 0.8):
            if y > top:
                continue
            foot = BIG.point(-1, y / top)
            y_ticks.add(Line(foot, foot + LEFT * 0.12).set_stroke(MUTED, 2))
            y_ticks.add(w.math(f"{y:g}", size=Size.TICK, color=MUTED).next_to(foot, LEFT, buff=0.2))
        frame, bars = self.panels[k]
        big_frame = self.panel_frame(BIG, top, (-4, -2, 0, 2, 4))
        new = w.statement(r"\text{The simplex along its random direction: Gaussian}")
        self.play(
            FadeOut(others, shift=DOWN * 0.3),
            FadeOut(self.note),
            self.enlarge.animate.set_value(1.0),
            ReplacementTransform(frame[0], big_frame[0]),  # the axis and N(0,1) stretch;
            FadeOut(frame[1]),  # the ticks, at their size, are laid out again
            FadeIn(big_frame[1]),
            ReplacementTransform(frame[2], big_frame[2]),
            Transform(bars, self.panel_bars(BIG, r["hist_random"][k], "simplex", top)),
            name.animate.move_to(BIG.point(-0.55, 0.93)),
            readout.animate.move_to(BIG.point(0.5, 0.93)),
            FadeIn(y_ticks),
            w.replace_statement(self.statement, new),
            run_time=2.0,
        )
        self.statement = new
        self.wait(1.0)
        ghost = bars.copy().set_fill(opacity=0.18)  # the random direction stays, dimmed
        self.add(ghost)
        self.bring_to_front(bars)
        exact = VMobject().set_points_as_corners(
            BIG.points(r["z"] / z_max, np.minimum(r["density_worst"][k] / top, 1.0))
        )
        exact.set_stroke(role_color("simplex"), width=STROKE)
        new = w.statement(r"\text{Towards a vertex: not a Gaussian shadow}")
        self.play(
            self.directions["simplex"].animate.set_value(1.0),
            w.replace_statement(self.statement, new),
            run_time=1.5,
        )
        self.statement = new
        self.play(
            Transform(bars, self.panel_bars(BIG, r["hist_worst"][k], "simplex", top)),
            w.change_number(self.ks_numbers[k], float(r["hist_ks"][k, 1])),
            run_time=2.0,
        )
        self.play(Create(exact), run_time=1.5)
        self.beat(
            3.0,
            "The caveat of 'all geometries look alike': most directions, not all. Along e_1, "
            "towards a vertex, the simplex's marginal tends to a shifted exponential law (solid: "
            "exact density; dimmed: the random direction), far from N(0,1).",
            name="worst",
            say=(
                "But not every direction. Towards a vertex, the simplex casts a lopsided shadow, "
                "whose exact density, solid, tends to a shifted exponential."
            ),
        )


THETA = np.array([0.62, 0.42, 0.66])  # the drawn random direction (a picture; the data's are in d)
SQ3 = np.sqrt(3.0)
BODY_SHAPES = {
    "cube": (CUBE_HALF_EDGE * CORNERS, EDGES),
    "simplex": (
        np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], dtype=float) / SQ3,
        [(i, j) for i in range(4) for j in range(i + 1, 4)],
    ),
    "cross_polytope": (
        np.vstack([np.eye(3), -np.eye(3)]),
        [(i, j) for i in range(6) for j in range(i + 1, 6) if abs(i - j) != 3],
    ),
}
# The worst natural direction of each body as drawn: along an edge's normal (cube: a face
# normal, e_1), towards a vertex (simplex, cross-polytope); any direction for the ball.
WORST = {
    "cube": np.array([1.0, 0.0, 0.0]),
    "ball": THETA / np.linalg.norm(THETA),
    "simplex": np.array([1.0, 1.0, 1.0]) / SQ3,
    "cross_polytope": np.array([1.0, 0.0, 0.0]),
}
