"""The chapter "Caps grow the least" (docs/science.md, section 4).

Two turning spheres, large: on the left A, two antipodal caps, on the right C, one cap of the same
area. They move aside for a graph; t grows and both t-neighbourhoods grow on the spheres (A_t is
two caps of radius alpha + t, which meet at the equator when alpha + t = pi/2; C_t is the cap of
radius theta_0 + t) while a graph traces sigma(A_t) and sigma(C_t): the cap's share is the smaller
at every t (Levy). Then the consequence in S^(d-1): the t-neighbourhood of a hemisphere (t
geodesic) holds at least 1 - e^(-d t^2/2) of the sphere, for d = 3, 10, 100, 1000 (C's cap becomes
that hemisphere, which shrinks into the point (0, 1/2) where every curve starts). The curves flip
to 1 - sigma(H_t), the y axis turns logarithmic, and on that same chart a 1-Lipschitz function
(here x_1) is within t of its median except on a share below Levy's bound 2 e^(-(d-2) t^2/2), the
flipped curves kept faint.

Every share is exact, from the ``isoperimetry`` result (``set_share``, ``cap_share`` on its grid
of t, ``hemi_share`` and ``hemi_bound`` on ``t_d``) and the ``concentration`` result
(``tail_exact`` and ``levy_bound``). The radii of the drawn caps are the result's ``alpha`` and
``theta0`` plus t; between grid points a readout or curve is interpolated.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    ReplacementTransform,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

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

SPHERE_A = w.View(centre=(-4.85, 0.45), scale=1.42, elevation=0.3)  # beside the graph
SPHERE_C = w.View(centre=(-1.7, 0.45), scale=1.42, elevation=0.3)
BIG_A = w.View(centre=(-3.4, 0.25), scale=1.95, elevation=0.3)  # alone, before the graph
BIG_C = w.View(centre=(3.4, 0.25), scale=1.95, elevation=0.3)
GRAPH = w.PlotBox(1.0, -1.8, 5.2, 3.4)  # sigma(A_t), sigma(C_t) against t on S^2
WIDE = w.PlotBox(-4.8, -1.9, 10.5, 3.95)  # the high-dimensional curves, full width
PREFERRED_DIMS = (10, 100, 1000)  # the tails of the last beat
TAIL_FLOOR = 1e-4  # the log axis of the tails starts here


def frame_of(data_axis: np.ndarray) -> np.ndarray:
    """An orthonormal frame (rows) whose first row is ``data_axis``."""
    c = data_axis / np.linalg.norm(data_axis)
    helper = np.array([0.0, 0.0, 1.0]) if abs(c[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    u = np.cross(c, helper)
    u /= np.linalg.norm(u)
    return np.stack([c, u, np.cross(c, u)])


# Where the data's axes are drawn (the sphere is symmetric: any rotation shows the same sets).
# A's poles +-e_3 on an axis tilted in the picture plane, so both caps are seen as it turns;
# C's centre towards the viewer, so it stays in front while the sphere rocks.
A_AXIS = np.array([np.sin(0.55), np.cos(0.55), 0.0])
C_AXIS = np.array([-0.2, 0.35, 0.92])


def cap_surface(
    view: w.View, centre: np.ndarray, radius: float, spin: float, color, *, rings: int = 9
) -> VGroup:
    """The cap of geodesic ``radius`` around ``centre`` (world coordinates) on the drawn unit
    sphere, turned by ``spin``: a mesh of small patches, those in front filled strongly and those
    behind faintly, with its rim (solid in front, faint behind)."""
    radius = float(np.clip(radius, 1e-3, np.pi))
    c, u, v = frame_of(centre)
    sectors = 48
    rho = np.linspace(0.0, radius, rings + 1)
    phi = np.linspace(0.0, 2 * np.pi, sectors + 1)
    ring_dirs = np.cos(phi)[:, None] * u + np.sin(phi)[:, None] * v  # (S+1, 3)
    grid = np.cos(rho)[None, :, None] * c + np.sin(rho)[None, :, None] * ring_dirs[:, None, :]
    grid = w.spin_y(grid.reshape(-1, 3), -spin).reshape(sectors + 1, rings + 1, 3)
    depth = view.depth(grid.reshape(-1, 3)).reshape(sectors + 1, rings + 1)
    screen = view.project(grid.reshape(-1, 3)).reshape(sectors + 1, rings + 1, 3)
    corners = np.stack(
        [screen[:-1, :-1], screen[:-1, 1:], screen[1:, 1:], screen[1:, :-1]], axis=2
    )  # (S, R, 4, 3): each patch's corners in order
    mid = 0.25 * (depth[:-1, :-1] + depth[:-1, 1:] + depth[1:, 1:] + depth[1:, :-1])
    parts = VGroup()
    for front, opacity in ((False, 0.16), (True, 0.6)):
        quads = corners[(mid >= 0) == front]
        patch = VMobject()
        if len(quads):
            start, end = quads, np.roll(quads, -1, axis=1)  # each edge as a straight cubic
            edges = np.stack([start, (2 * start + end) / 3, (start + 2 * end) / 3, end], axis=2)
            patch.points = edges.reshape(-1, 3)
        patch.set_fill(color, opacity).set_stroke(width=0)
        parts.add(patch)
    rim = np.cos(radius) * c + np.sin(radius) * ring_dirs
    if radius < np.pi - 1e-3:
        parts.add(w.depth_curve(view, w.spin_y(rim, -spin), color, width=3, back_opacity=0.35))
    return parts


def dash_count(line: VMobject) -> int:
    """Dashes of about the same length whatever the length of ``line``."""
    pts = line.get_anchors()
    return max(4, round(float(np.sum(np.linalg.norm(np.diff(pts, axis=0), axis=1))) / 0.16))


def dashed(line: VMobject, color, dashes: int | None = None) -> VMobject:
    """``line`` dashed (``dashes`` of them: the same count keeps a redrawn line's dashes in
    step when it morphs)."""
    count = dash_count(line) if dashes is None else dashes
    return DashedVMobject(line, num_dashes=count).set_stroke(color, width=STROKE)


def blend_view(a: w.View, b: w.View, alpha: float) -> w.View:
    """The view ``alpha`` of the way from ``a`` to ``b``."""
    mix = lambda x, y: (1 - alpha) * x + alpha * y  # noqa: E731
    return w.View(
        centre=(mix(a.centre[0], b.centre[0]), mix(a.centre[1], b.centre[1])),
        scale=mix(a.scale, b.scale),
        elevation=a.elevation,
    )


class Isoperimetry(ThemedScene):
    """Of all sets of a given area on the sphere, a cap has the smallest neighbourhoods."""

    def construct(self) -> None:
        r = self.r = scene_result("isoperimetry")
        self.c = scene_result("concentration")
        self.alpha, self.theta0 = float(r["alpha"]), float(r["theta0"])
        self.area = float(r["area"])
        self.t_end = float(r["t"][-1])
        self.color_a, self.color_c = role_color("two_caps"), role_color("cap")
        self.t = ValueTracker(0.0)
        self.lay = ValueTracker(0.0)  # 0: the spheres alone and large; 1: beside the graph
        self.hemi: ValueTracker | None = None  # C's cap radius once C becomes a hemisphere
        self.clock = ValueTracker(0.0)
        self.clock.add_updater(lambda m, dt: m.increment_value(dt))
        self.add(self.clock)
        self.heading = w.title("Caps grow the least")
        self.two_sets()
        self.grow()
        self.hemisphere()
        self.tails()

    # --- the spheres ----------------------------------------------------------------------------

    def spin(self) -> float:
        """The spheres rock slowly about their vertical axes (radians)."""
        return 0.55 * np.sin(0.5 * self.clock.get_value())

    def view_a(self) -> w.View:
        return blend_view(BIG_A, SPHERE_A, self.lay.get_value())

    def view_c(self) -> w.View:
        return blend_view(BIG_C, SPHERE_C, self.lay.get_value())

    def sphere_a(self) -> VGroup:
        spin, t, view = self.spin(), self.t.get_value(), self.view_a()
        radius = min(self.alpha + t, 0.5 * np.pi)  # the two caps meet at the equator
        return VGroup(
            w.wire_sphere(view, role_color("sphere"), spin=spin),
            cap_surface(view, A_AXIS, radius, spin, self.color_a),
            cap_surface(view, -A_AXIS, radius, spin, self.color_a),
        )

    def sphere_c(self) -> VGroup:
        spin, view = self.spin(), self.view_c()
        radius = self.theta0 + self.t.get_value() if self.hemi is None else self.hemi.get_value()
        return VGroup(
            w.wire_sphere(view, role_color("sphere"), spin=spin),
            cap_surface(view, C_AXIS, radius, spin, self.color_c, rings=14),
        )

    @staticmethod
    def name_at(view: w.View) -> np.ndarray:
        """Where a sphere's name goes: above it."""
        return w.at(view.centre[0], view.centre[1] + view.scale + 0.35)

    @staticmethod
    def readout_at(view: w.View) -> np.ndarray:
        """Where a sphere's share readout goes: below it."""
        return w.at(view.centre[0], view.centre[1] - view.scale - 0.5)

    def share(self, key: str, t: float) -> float:
        """sigma(A_t) (``set_share``) or sigma(C_t) (``cap_share``) on S^2, exact on the grid."""
        return float(np.interp(t, self.r["t"], self.r[key]))

    # --- the graph on the right -----------------------------------------------------------------

    def frame(
        self,
        box: w.PlotBox,
        x_ticks: tuple[float, ...],
        x_max: float,
        y_ticks: list[tuple[float, str]],
        y_name: str,
        y_size: float = Size.TICK,
    ) -> VGroup:
        """Axes on the left and bottom of ``box``: ticks at t in ``x_ticks`` (t from 0 to
        ``x_max``), at heights v in [0, 1] labelled by TeX, the name of the y axis above."""
        axes = VGroup(
            Line(box.point(-1, 0), box.point(1, 0)), Line(box.point(-1, 0), box.point(-1, 1))
        )
        ticks = VGroup()
        for x in x_ticks:
            foot = box.point(2 * x / x_max - 1, 0)
            ticks.add(Line(foot, foot + DOWN * 0.12).set_stroke(MUTED, 2))
            ticks.add(w.math(f"{x:g}", size=Size.TICK, color=MUTED).next_to(foot, DOWN, buff=0.2))
        for v, label in y_ticks:
            foot = box.point(-1, v)
            ticks.add(Line(foot, foot + LEFT * 0.12).set_stroke(MUTED, 2))
            ticks.add(w.math(label, size=y_size, color=MUTED).next_to(foot, LEFT, buff=0.2))
        t_name = w.math("t", size=Size.LABEL, color=MUTED)
        t_name.next_to(box.point(1, 0), UP, buff=0.15).align_to(box.point(1, 0), RIGHT)
        name = w.math(y_name, size=Size.CAPTION, color=MUTED)
        name.next_to(box.point(-1, 1), UP, buff=0.2).align_to(box.point(-1, 1), LEFT)
        return VGroup(axes.set_stroke(MUTED, 2), ticks, t_name, name)

    def traced(self, key: str, color) -> VMobject:
        """sigma against t on the S^2 graph, up to the tracker t."""
        t = self.r["t"]
        keep = t <= self.t.get_value() + 1e-9
        ts, shares = t[keep], self.r[key][keep]
        now = self.t.get_value()
        ts, shares = np.append(ts, now), np.append(shares, self.share(key, now))
        curve = VMobject().set_stroke(color, width=STROKE)
        pts = GRAPH.points(2 * ts / self.t_end - 1, shares)
        return curve.set_points_as_corners(pts) if len(pts) >= 2 else curve

    # --- beats ----------------------------------------------------------------------------------

    def two_sets(self) -> None:
        sphere_a, sphere_c = w.redrawn(self.sphere_a), w.redrawn(self.sphere_c)
        name_a = w.math("A", size=Size.LABEL, color=self.color_a)
        name_a.move_to(self.name_at(BIG_A))
        name_c = w.math("C", size=Size.LABEL, color=self.color_c)
        name_c.move_to(self.name_at(BIG_C))
        value_a = w.number(self.area, decimals=3)
        value_a.add_updater(lambda m: m.set_value(self.share("set_share", self.t.get_value())))
        value_c = w.number(self.area, decimals=3)
        value_c.add_updater(lambda m: m.set_value(self.share("cap_share", self.t.get_value())))
        label_a = w.math(r"\sigma(A) =", size=Size.READOUT)
        label_c = w.math(r"\sigma(C) =", size=Size.READOUT)
        for label, value, view in ((label_a, value_a, BIG_A), (label_c, value_c, BIG_C)):
            VGroup(label, value).arrange(RIGHT, buff=0.15).move_to(self.readout_at(view))
            value.add_updater(lambda m, label=label: m.next_to(label, RIGHT, buff=0.15))
        self.statement = w.statement(
            r"A\text{: two caps;\ } C\text{: one cap;\ the same share of } S^2"
        )
        self.add(self.heading)  # the first frame, the thumbnail, shows the title
        self.play(FadeIn(sphere_a), FadeIn(sphere_c), run_time=1.5)
        self.play(
            FadeIn(name_a),
            FadeIn(name_c),
            FadeIn(label_a),
            FadeIn(value_a),
            FadeIn(label_c),
            FadeIn(value_c),
            FadeIn(self.statement),
            run_time=1.0,
        )
        self.wait(2.0)
        self.beat(
            1.5,
            f"On the left, A: two antipodal caps of angular radius {self.alpha:g} rad. On the "
            f"right, C: one cap of radius {self.theta0:.3f} rad. Both hold the same share "
            f"{self.area:.3f} of the sphere S^2 (exact).",
            name="two-sets",
            say=(
                "Left, a set A: two opposite caps. Right, a single cap C. Both hold "
                f"{100 * self.area:.1f} percent of the sphere."
            ),
        )
        self.spheres = VGroup(sphere_a, sphere_c, name_a, name_c)
        self.readouts = VGroup(label_a, value_a, label_c, value_c)
        self.labels = (label_a, label_c)
        self.names = (name_a, name_c)
        self.values = (value_a, value_c)

    def grow(self) -> None:
        label_a, label_c = self.labels
        name_a, name_c = self.names
        new_a, new_c = (
            VGroup(w.math(rf"\sigma({n}_t) =", size=Size.READOUT), value.copy().clear_updaters())
            .arrange(RIGHT, buff=0.15)
            .move_to(self.readout_at(view))[0]
            for n, value, view in zip("AC", self.values, (SPHERE_A, SPHERE_C), strict=True)
        )
        t_value = w.number(0.0, decimals=2).add_updater(lambda m: m.set_value(self.t.get_value()))
        t_readout = VGroup(w.math("t =", size=Size.READOUT), t_value).arrange(RIGHT, buff=0.15)
        t_readout.move_to(w.at(0.5 * (SPHERE_A.centre[0] + SPHERE_C.centre[0]), -2.2))
        t_value.add_updater(lambda m: m.next_to(t_readout[0], RIGHT, buff=0.15))
        frame = self.frame(
            GRAPH,
            (0.5, 1.0, 1.5, 2.0),
            self.t_end,
            [(0.5, "0.5"), (1.0, "1")],
            r"\text{share of } S^2",
        )
        curve_a = always_redraw(lambda: self.traced("set_share", self.color_a))
        curve_c = always_redraw(lambda: self.traced("cap_share", self.color_c))
        key = VGroup(
            w.legend_row(self.color_a, w.math(r"\sigma(A_t)", size=Size.CAPTION)),
            w.legend_row(self.color_c, w.math(r"\sigma(C_t)", size=Size.CAPTION)),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        key.move_to(GRAPH.point(0.45, 0.22))
        new = w.statement(
            r"\text{L\'evy: } \sigma(A_t) \ge \sigma(C_t) \text{ at every } t"
            r"\text{: caps grow the least}"
        )
        self.play(  # the spheres make room for the graph
            self.lay.animate.set_value(1.0),
            name_a.animate.move_to(self.name_at(SPHERE_A)),
            name_c.animate.move_to(self.name_at(SPHERE_C)),
            Transform(label_a, new_a),
            Transform(label_c, new_c),
            run_time=1.5,
        )
        self.play(
            FadeIn(t_readout),
            FadeIn(frame),
            FadeIn(key),
            run_time=1.2,
        )
        self.add(curve_a, curve_c)
        self.play(w.replace_statement(self.statement, new), run_time=1.0)
        self.statement = new
        self.play(self.t.animate.set_value(self.t_end), run_time=10.0, rate_func=lambda a: a)
        meet = 0.5 * np.pi - self.alpha
        self.beat(
            2.0,
            "t grows: A_t, the points within geodesic distance t of A, is two caps of radius "
            f"{self.alpha:g} + t, which meet at the equator at t = {meet:.2f}, where A_t is the "
            f"whole sphere; C_t is the cap of radius {self.theta0:.3f} + t. The exact shares are "
            "traced on the right: sigma(A_t) >= sigma(C_t) at every t. Levy's isoperimetric "
            "inequality: among all sets of a given share, caps have the smallest "
            "t-neighbourhoods, for every t.",
            name="grow",
            say=(
                "Now add every point within distance t, along the sphere. A's caps swell and "
                f"meet at the equator at t equals {meet:.2f}; the cap C lags behind all the way. "
                "By Levy, no set of that share grows less than a cap."
            ),
        )
        self.graph = VGroup(frame, key)
        self.curves = (curve_a, curve_c)
        self.readouts.add(t_readout)

    def hemisphere(self) -> None:
        r = self.r
        dims = [int(d) for d in r["dims"]]
        colors = series_colors(len(dims))
        self.dim_colors = dict(zip(dims, colors, strict=True))
        t_max = self.t_max = float(r["t_d"][-1])
        u = 2 * r["t_d"] / t_max - 1
        # C becomes a hemisphere H of S^2: its cap shrinks from the whole sphere to half of it
        curve_a, curve_c = self.curves
        name_c = self.names[1]
        self.hemi = ValueTracker(min(self.theta0 + self.t_end, np.pi))
        name_h = w.math("H", size=Size.LABEL, color=self.color_c).move_to(name_c)
        half = w.statement(r"H\text{: a hemisphere of } S^2\text{, } \sigma(H) = 1/2")
        sphere_a, sphere_c = self.spheres[0], self.spheres[1]
        self.play(
            FadeOut(w.frozen(sphere_a, self.spheres[2], self.readouts)),
            FadeOut(w.frozen(curve_a, curve_c)),
            FadeOut(self.graph[1]),
            self.hemi.animate.set_value(0.5 * np.pi),
            Transform(name_c, name_h),
            w.replace_statement(self.statement, half),
            run_time=2.0,
        )
        self.statement = half
        self.wait(1.0)
        frame = self.frame(
            WIDE,
            (0.5, 1.0, 1.5),
            t_max,
            [(0.5, "0.5"), (1.0, "1")],
            r"\text{share of the hemisphere's neighbourhood } \sigma(H_t) \text{ in } S^{d-1}",
        )
        shares, bounds = VGroup(), VGroup()
        for row, color in enumerate(colors):
            shares.add(
                VMobject()
                .set_points_as_corners(WIDE.points(u, r["hemi_share"][row]))
                .set_stroke(color, width=STROKE)
            )
            line = VMobject().set_points_as_corners(WIDE.points(u, r["hemi_bound"][row]))
            bounds.add(dashed(line, color))
        bound_name = w.math(r"1 - \exp(-d t^2/2)", size=Size.CAPTION)
        key = VGroup(
            *(
                w.legend_row(c, w.math(f"d = {d}", size=Size.CAPTION))
                for d, c in zip(dims, colors, strict=True)
            ),
            VGroup(w.dash_swatch(MUTED), bound_name).arrange(RIGHT, buff=0.2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        key.move_to(WIDE.point(0.68, 0.38))
        new = w.statement(r"\sigma(H_t) \ge 1 - e^{-d t^2/2}\ \ (t \text{ geodesic})")
        # the hemisphere, share 1/2, shrinks into the point where every sigma(H_t) starts
        start = WIDE.point(-1, 0.5)
        spot = Dot(start, radius=0.09, color=self.color_c)
        self.play(
            w.frozen(sphere_c).animate.scale(0.04).move_to(start).set_opacity(0.0),
            name_c.animate.scale(0.3).move_to(start).set_opacity(0.0),
            ReplacementTransform(self.graph[0], frame),
            FadeIn(spot, scale=4.0),
            run_time=2.0,
        )
        self.remove(sphere_c, name_c)
        self.play(Create(shares[0]), FadeIn(key), run_time=1.5)
        self.play(Create(bounds[0]), w.replace_statement(self.statement, new), run_time=1.5)
        self.statement = new
        self.play(
            *(Create(s) for s in shares[1:]),
            *(Create(b) for b in bounds[1:]),
            FadeOut(spot),
            run_time=3.0,
        )
        self.beat(
            2.5,
            "Take C to be a hemisphere H of S^(d-1), share 1/2: its t-neighbourhood (t geodesic, "
            "in radians) has the exact share drawn solid, for d = "
            + ", ".join(str(d) for d in dims)
            + "; dashed, the bound 1 - e^(-d t^2/2), which it exceeds at every t (checked on the "
            "grid). By Levy, any set holding half the sphere grows at least as fast: in high "
            "dimension its small neighbourhoods already hold almost everything.",
            name="hemisphere",
            say=(
                "Make C a hemisphere: half the sphere. Grow it, t along the sphere: its share, "
                "solid, stays above the dashed bound, one minus e to the minus d t squared over "
                "two. By Levy, so does any half of the sphere."
            ),
        )
        self.wide_frame, self.key, self.bound_name = frame, key, bound_name
        self.shares, self.bounds = shares, bounds
        self.dims = dims

    def tails(self) -> None:
        r, c = self.r, self.c
        t_max = self.t_max
        u = 2 * r["t_d"] / t_max - 1
        lo, hi = np.log10(TAIL_FLOOR), np.log10(2.0)

        def v_of(y: np.ndarray) -> np.ndarray:
            return (np.log10(np.clip(y, TAIL_FLOOR, 2.0)) - lo) / (hi - lo)

        def restyled(old: VMobject, pts: np.ndarray, color, dash: bool) -> VMobject:
            line = VMobject().set_points_as_corners(pts)
            if dash:
                return dashed(line, color, len(old.submobjects))
            return line.set_stroke(color, width=STROKE)

        colors = [self.dim_colors[d] for d in self.dims]
        # 1. flip: sigma(H_t) -> 1 - sigma(H_t), each curve reflected about 1/2
        tail_h = 1.0 - r["hemi_share"]
        tail_b = 1.0 - r["hemi_bound"]
        frame = self.wide_frame
        y_name = frame[3]
        name_flip = w.math(
            r"\text{what it leaves out: } 1 - \sigma(H_t) \text{ in } S^{d-1}",
            size=Size.CAPTION,
            color=MUTED,
        ).move_to(y_name, aligned_edge=LEFT)
        bound_flip = w.math(r"\exp(-d t^2/2)", size=Size.CAPTION).move_to(
            self.bound_name, aligned_edge=LEFT
        )
        flip = w.statement(r"1 - \sigma(H_t) \le e^{-d t^2/2}")
        self.play(
            *(
                Transform(s, restyled(s, WIDE.points(u, tail_h[i]), colors[i], False))
                for i, s in enumerate(self.shares)
            ),
            *(
                Transform(b, restyled(b, WIDE.points(u, tail_b[i]), colors[i], True))
                for i, b in enumerate(self.bounds)
            ),
            w.replace_statement(y_name, name_flip),
            w.replace_statement(self.bound_name, bound_flip),
            w.replace_statement(self.statement, flip),
            run_time=2.0,
        )
        self.statement = flip
        self.key[-1].remove(self.bound_name)  # replaced by bound_flip, outside the key
        self.wait(1.0)
        # 2. the y axis becomes logarithmic: the curves stretch, the ticks move with the axis
        y_ticks = [(float(v_of(np.array(10.0**e))), f"10^{{{e}}}") for e in range(-4, 1)]
        log_frame = self.frame(  # powers of ten: their scripts need a size above TICK
            WIDE, (0.5, 1.0, 1.5), t_max, y_ticks, r"1 - \sigma(H_t)", y_size=Size.CAPTION
        )
        old_y = VGroup(*frame[1][-4:])  # the two y ticks and their labels
        moved = [
            old_y[k].copy().shift(UP * (float(v_of(np.array(v))) - v) * WIDE.height)
            for k, v in ((0, 0.5), (1, 0.5), (2, 1.0), (3, 1.0))
        ]
        log_name = w.math(
            r"1 - \sigma(H_t)\text{, log axis}", size=Size.CAPTION, color=MUTED
        ).move_to(y_name, aligned_edge=LEFT)
        self.play(
            *(
                Transform(s, restyled(s, WIDE.points(u, v_of(tail_h[i])), colors[i], False))
                for i, s in enumerate(self.shares)
            ),
            *(
                Transform(b, restyled(b, WIDE.points(u, v_of(tail_b[i])), colors[i], True))
                for i, b in enumerate(self.bounds)
            ),
            *(Transform(old_y[k], m.set_opacity(0.0)) for k, m in enumerate(moved)),
            FadeIn(log_frame[1][-10:]),
            FadeOut(self.key, bound_flip),  # the colours are known by now; it would hide curves
            w.replace_statement(name_flip, log_name),
            run_time=2.5,
        )
        self.wait(0.5)
        # 3. on that chart, the tails of the 1-Lipschitz f = x_1 and Levy's bound; the
        # hemisphere's 1 - sigma(H_t) stay as faint ghosts
        c_dims = [int(d) for d in c["dims"]]
        j = [str(n) for n in c["functions"]].index("coordinate")
        chosen = [d for d in PREFERRED_DIMS if d in c_dims]

        def log_curve(t: np.ndarray, y: np.ndarray) -> VMobject:
            keep = (t <= t_max) & (y >= TAIL_FLOOR)
            last = int(np.nonzero(keep)[0].max())
            ts, ys = t[: last + 1], y[: last + 1]
            if last + 1 < len(t) and t[last + 1] <= t_max:  # down to the floor exactly
                frac = (np.log10(ys[-1]) - lo) / (
                    np.log10(ys[-1]) - np.log10(max(y[last + 1], 1e-300))
                )
                ts = np.append(ts, ts[-1] + frac * (t[last + 1] - ts[-1]))
                ys = np.append(ys, TAIL_FLOOR)
            return VMobject().set_points_as_corners(WIDE.points(2 * ts / t_max - 1, v_of(ys)))

        tails, levy = VGroup(), VGroup()
        for d in chosen:
            k = c_dims.index(d)
            color = self.dim_colors.get(d, MUTED)
            tails.add(log_curve(c["tail_t"][k], c["tail_exact"][k, j]).set_stroke(color, STROKE))
            levy.add(dashed(log_curve(c["tail_t"][k], c["levy_bound"][k]), color))
        tail_name = w.math(
            r"f = x_1\text{: } P(|f - \mathrm{med}\, f| > t)\text{, exact (solid);"
            r" L\'evy's bound (dashed)}",
            size=Size.CAPTION,
            color=MUTED,
        ).move_to(y_name, aligned_edge=LEFT)
        labels = VGroup()
        for d in chosen:
            k = c_dims.index(d)
            t, bound = c["tail_t"][k], c["levy_bound"][k]
            low = np.nonzero((bound < 10 ** (lo + 0.4)) & (t <= t_max))[0]
            label = w.math(f"d = {d}", size=Size.CAPTION, color=self.dim_colors.get(d, MUTED))
            if len(low) and t[low[0]] < 0.8 * t_max:  # beside where its bound ends
                at = WIDE.point(2 * t[low[0]] / t_max - 1, 0.1)
                labels.add(label.next_to(at, RIGHT, buff=0.15))
            else:  # above its bound, near the right edge
                t_at = 0.85 * t_max
                v = float(v_of(np.array(np.interp(t_at, t, bound))))
                at = WIDE.point(2 * t_at / t_max - 1, v)
                labels.add(label.next_to(at, UP, buff=0.25))
        new = w.statement(
            r"f\ 1\text{-Lipschitz: } P(|f - \mathrm{med}\, f| > t) \le 2e^{-(d-2)t^2/2}"
        )
        self.play(
            *(
                s.animate.set_stroke(opacity=0.25)
                for d, s in zip(self.dims, self.shares, strict=True)
                if d in chosen
            ),
            *(FadeOut(s) for d, s in zip(self.dims, self.shares, strict=True) if d not in chosen),
            FadeOut(self.bounds),
            w.replace_statement(log_name, tail_name),
            w.replace_statement(self.statement, new),
            run_time=1.5,
        )
        self.statement = new
        self.play(Create(tails), Create(levy), FadeIn(labels), run_time=2.5)
        self.beat(
            3.0,
            "Flip the hemisphere's curves: 1 - sigma(H_t), the share its t-neighbourhood leaves "
            "out, is below e^(-d t^2/2); on a log axis these fall like parabolas (faint). A "
            "1-Lipschitz function f on S^(d-1) (here the coordinate x_1, exact tails, solid) is "
            "within t of its median except on a share at most Levy's bound 2 e^(-(d-2) t^2/2) "
            "(dashed), for d = "
            + ", ".join(str(d) for d in chosen)
            + ": the set {f <= med f} holds half the sphere, so its t-neighbourhood holds at "
            "least what a hemisphere's does. The tails fall like e^(-d t^2/2): f is nearly "
            "constant at scale 1/sqrt(d).",
            name="lipschitz-tails",
            say=(
                "Flip the curves: what the neighbourhood leaves out, on a log axis. A function "
                "that never changes faster than distance, here x one, is within t of its median "
                "except on a share below Levy's dashed bound: in high dimension, nearly constant."
            ),
        )
