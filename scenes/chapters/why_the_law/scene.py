"""The chapter "Isoperimetry + counting": why the law of robustness holds, as pictures
(docs/science.md, section 5, "Why it holds").

(a) One fixed smooth function, f(x) = L x_1 on the sphere, against n random signs y_i: the
correlation S = (1/n) sum f(x_i) y_i, drawn for a few sign patterns, then its exact law over all
2^n patterns, which narrows like L/sqrt(nd) as d grows, far below the eps/2 that a fit below the
noise level needs (the ``fixed-function`` result). (b) A model with p parameters is, up to
eps, one of ~e^(p log(...)) functions (a net): the union bound multiplies the chance by that
count. (c) Hence p log(...) >~ n d eps^2 / L^2, that is Lip >~ sqrt(nd/p). Then Theorem 3 in
short, and the remark that the law-of-robustness chapter's sizes are below its sample-size condition
(``smoothness-curve``'s ``n_eps2`` against ``theorem_min_n_eps2``).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    LaggedStart,
    Line,
    MathTex,
    ReplacementTransform,
    Transform,
    TransformMatchingTex,
    ValueTracker,
    VGroup,
    always_redraw,
)

from assets.numbers import spoken, tex_sci
from scenes.kit import widgets as w
from scenes.kit.chapter import chapter_number
from scenes.kit.theme import FOREGROUND, MUTED, Size, ThemedScene, role_color, scene_result

SPHERE = w.View(centre=(-4.2, 0.3), scale=1.5, elevation=0.3)
HIST = w.PlotBox(-1.0, -1.6, 5.4, 2.2)  # the law of S: x in [-s_max, s_max], bars up to v = 1
NET = w.PlotBox(-6.0, -1.5, 5.2, 3.6)  # the cloud of functions of step (b)
LEFT_X = -6.2  # left edge of the readout column
RIGHT_X = 0.0  # left edge of the text column of step (b)
DOT = 0.085  # radius of a data point's marker


def _percent(share: float, total: float) -> str:
    """A share of ``total`` sign patterns as TeX: a percentage, in powers of ten below 0.1 %,
    '0 of total' if none."""
    if share <= 0:
        return rf"0 \text{{ of }} {tex_sci(total, digits=2)}"
    if share < 1e-3:
        return tex_sci(share, digits=2, plain_below=1)
    return rf"{100 * share:.2g}\%"


def _spoken_share(share: float) -> str:
    """A share of the sign patterns as a narrator says it."""
    if share <= 0:
        return "none"
    if share < 1e-3:
        return "fewer than one in a thousand"
    return f"only {100 * share:.2g} percent"


class WhyTheLaw(ThemedScene):
    """One smooth function cannot follow random signs; a net of e^p functions and the union bound
    give Lip >~ sqrt(nd/p); Theorem 3 in short."""

    def construct(self) -> None:
        self.r = scene_result("fixed-function")
        self.law = scene_result("smoothness-curve")
        self.n, self.lip = int(self.r["n"]), float(self.r["lip"])
        self.eps, self.need = float(self.r["eps"]), float(self.r["need"])
        self.s_max = float(self.r["edges"][-1])
        self.total = float(self.r["patterns"]) * float(self.r["point_sets"])  # patterns x sets
        self.beat_one_function()
        self.beat_all_patterns()
        self.beat_dimension()
        self.beat_net()
        self.beat_bound()
        self.beat_theorem()

    # --- pictures ------------------------------------------------------------------------------
    def markers(self, signs: np.ndarray) -> VGroup:
        """The n points of S^2 as seen by ``SPHERE``, in the colour of their label (as in
        law-of-robustness), faint behind the sphere."""
        pts = self.r["points3"]
        screen, depth = SPHERE.project(pts), SPHERE.depth(pts)
        group = VGroup()
        for p, z, y in zip(screen, depth, signs, strict=True):
            color = role_color("label_plus" if y > 0 else "label_minus")
            group.add(Dot(p, radius=DOT, color=color).set_opacity(1.0 if z >= 0 else 0.45))
        return group

    def s_to_x(self, s: float) -> float:
        return float(HIST.point(s / self.s_max, 0)[0])

    def s_axis(self) -> VGroup:
        """The axis of S under the histogram, with ticks every 0.25 and its name."""
        left, right = HIST.point(-1, 0), HIST.point(1, 0)
        group = VGroup(Line(left, right).set_stroke(MUTED, 2))
        for s in np.arange(-0.5, 0.51, 0.25):
            if abs(s) > self.s_max + 1e-9:
                continue
            x = self.s_to_x(float(s))
            group.add(Line(w.at(x, HIST.bottom), w.at(x, HIST.bottom - 0.12)).set_stroke(MUTED, 2))
            label = w.text(f"{s:g}".replace("-", "\u2212"), size=Size.TICK, color=MUTED)
            group.add(label.move_to(w.at(x, HIST.bottom - 0.36)))
        name = w.math(r"S = \tfrac{1}{n}\textstyle\sum_i f(x_i)\,y_i", size=Size.CAPTION)
        name.move_to(w.at(HIST.left + 0.5 * HIST.width, HIST.bottom - 0.95))
        return VGroup(group, name)

    def threshold(self) -> VGroup:
        """The line S = eps/2 (a fit with training MSE <= 1 - eps lies right of it), named to
        its right near the top, where the bars are low."""
        x = self.s_to_x(self.need)
        top = HIST.bottom + HIST.height
        line = DashedLine(w.at(x, HIST.bottom), w.at(x, top), dash_length=0.12)
        line.set_stroke(role_color("law"), width=3)
        law = role_color("law")
        label = VGroup(
            w.math(r"\text{fit: MSE} \le 1 - \varepsilon", size=Size.CAPTION, color=law),
            w.math(r"\text{needs } S \ge \varepsilon/2", size=Size.CAPTION, color=law),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        label.next_to(w.at(x, top), RIGHT, buff=0.15).align_to(w.at(x, top + 0.15), UP)
        return VGroup(line, label)

    def bars(self, heights: np.ndarray) -> VGroup:
        """The law of S as bars, heights relative to the tallest (which reaches v = 1)."""
        edges = self.r["edges"]
        top = float(heights.max()) or 1.0
        group = VGroup()
        for a, b, h in zip(edges[:-1], edges[1:], heights, strict=True):
            if h <= 0:
                continue
            lo = HIST.point(a / self.s_max, 0)
            hi = HIST.point(b / self.s_max, float(h) / top)
            group.add(w.rectangle(lo, hi))
        group.set_fill(role_color("smooth"), opacity=0.65).set_stroke(role_color("smooth"), 1)
        return group

    def readout_row(self, label: str, value, *, size: float = Size.READOUT) -> VGroup:
        """``label`` (TeX) and a value (TeX or a number mobject) side by side."""
        shown = w.math(value, size=size) if isinstance(value, str) else value
        return VGroup(w.math(label, size=Size.CAPTION), shown).arrange(RIGHT, buff=0.2)

    # --- beats -------------------------------------------------------------------------------
    def beat_one_function(self) -> None:
        r = self.r
        self.heading = w.title("Why smoothness costs parameters")
        sphere = w.wire_sphere(SPHERE, MUTED, latitudes=5, longitudes=6)
        # the direction in which f = L x_1 grows, through the sphere
        ends = SPHERE.project(np.array([[-1.3, 0, 0], [1.3, 0, 0]]))
        arrow = Line(ends[0], ends[1], buff=0).add_tip(tip_length=0.22)
        arrow.set_stroke(FOREGROUND, width=3).set_fill(FOREGROUND)
        f_label = w.math(rf"f = L\,x_1,\ \ \mathrm{{Lip}}(f) = L = {self.lip:g}", size=Size.LABEL)
        f_label.move_to(w.at(SPHERE.centre[0] + 0.4, 2.45))
        self.sphere = VGroup(sphere, arrow, f_label)
        self.marks = self.markers(r["example_signs"][0])
        key = VGroup(
            VGroup(
                Dot(radius=DOT, color=role_color("label_plus")),
                w.math("y_i = +1", size=Size.CAPTION),
            ),
            VGroup(
                Dot(radius=DOT, color=role_color("label_minus")),
                w.math("y_i = -1", size=Size.CAPTION),
            ),
        )
        for row in key:
            row.arrange(RIGHT, buff=0.2)
        key.arrange(RIGHT, buff=0.6).move_to(w.at(SPHERE.centre[0], -1.75))
        caption = w.math(
            rf"n = {self.n} \text{{ points on }} S^2\text{{, }} \sigma^2 = 1",
            size=Size.CAPTION,
            color=MUTED,
        )
        caption.move_to(w.at(SPHERE.centre[0] + 0.3, -2.35))
        self.key = VGroup(key, caption)
        self.axis = self.s_axis()
        self.s_value = w.number(float(r["example_s"][0]), decimals=3)
        self.s_row = VGroup(w.math("S =", size=Size.READOUT), self.s_value).arrange(RIGHT, buff=0.2)
        self.s_row.move_to(w.at(HIST.left + 0.5 * HIST.width, 2.4))
        self.play(FadeIn(self.heading), Create(sphere), run_time=1.5)
        self.play(Create(arrow), FadeIn(f_label), run_time=1.0)
        self.play(LaggedStart(*(FadeIn(m, scale=0.5) for m in self.marks), lag_ratio=0.05))
        self.drops_note = w.text(
            "each dot: one draw of the signs", size=Size.CAPTION, color=role_color("smooth")
        )
        self.drops_note.move_to(w.at(HIST.left + 0.5 * HIST.width, HIST.bottom + 0.75))
        self.play(
            FadeIn(self.key),
            Create(self.axis),
            FadeIn(self.s_row),
            FadeIn(self.drops_note),
            run_time=1.2,
        )
        # a few sign patterns: the markers flip, S moves, each lands as a dot on the axis
        self.drops = VGroup()
        for signs, s in zip(r["example_signs"], r["example_s"], strict=True):
            drop = Dot(w.at(self.s_to_x(float(s)), HIST.bottom + 0.1), radius=0.08)
            drop.set_color(role_color("smooth"))
            self.play(
                Transform(self.marks, self.markers(signs)),
                w.change_number(self.s_value, float(s)),
                FadeIn(drop, shift=DOWN * 0.5),
                run_time=0.8,
            )
            self.drops.add(drop)
        self.statement = w.statement(r"\text{One fixed smooth } f \text{ against random signs}")
        self.play(FadeIn(self.statement))
        self.beat(
            1.5,
            f"One fixed function, f(x) = L x_1 with L = {self.lip:g}, on the sphere: L-Lipschitz, "
            "centred, and the most spread-out L-Lipschitz function there is (Poincare). n = "
            f"{self.n} random points, random signs y_i = +-1 (pure noise, sigma^2 = 1). S = (1/n) "
            "sum f(x_i) y_i is how well f follows the signs; each new sign pattern gives a new S.",
            name="one-function",
            say="One fixed smooth function: f is L times the first coordinate, L equal to "
            f"{self.lip:g}. Give {self.n} points random signs. S measures how well f follows "
            "them; each draw of the signs drops a dot.",
        )

    def beat_all_patterns(self) -> None:
        r = self.r
        self.d = ValueTracker(float(r["dims"][0]))
        self.hist = always_redraw(
            lambda: self.bars(w.row_at(r["dims"], r["hist"], self.d.get_value()))
        )
        self.line = self.threshold()
        self.count = w.math(
            rf"\text{{all }} 2^{{{self.n}}} \text{{ sign patterns}} \times "
            rf"{int(r['point_sets'])} \text{{ point sets}}",
            size=Size.CAPTION,
            color=MUTED,
        )
        self.count.move_to(w.at(HIST.left + 0.5 * HIST.width, 1.4))
        share0 = float(r["tail_share"][0])
        self.share_row = self.readout_row(
            r"\text{share with } S \ge \varepsilon/2\text{:}", _percent(share0, self.total)
        )
        self.share_row.next_to(self.count, UP, buff=0.3)
        self.play(
            ReplacementTransform(self.drops, self.hist),
            FadeOut(self.drops_note),
            FadeIn(self.count),
            run_time=1.5,
        )
        self.play(Create(self.line[0]), FadeIn(self.line[1]), run_time=1.0)
        self.play(FadeOut(self.s_row, shift=UP * 0.3), FadeIn(self.share_row), run_time=0.8)
        self.beat(
            2.0,
            f"Over all 2^{self.n} sign patterns (exact; averaged over {int(r['point_sets'])} draws "
            "of the points) S is spread around 0. Since (1/n) sum (f(x_i) - y_i)^2 = (1/n) sum "
            "f(x_i)^2 - 2 S + 1, a fit below the noise level, training MSE <= 1 - eps, needs S >= "
            f"eps/2 = {self.need:g}: in d = 3 a share {share0:.2%} of the patterns gets there "
            "(bar heights are relative to the tallest bar).",
            name="all-patterns",
            say=f"Over all 2 to the {self.n} sign patterns, S spreads around zero. A fit below the "
            "noise level needs S past the dashed line: in dimension "
            f"{int(r['dims'][0])}, {_spoken_share(share0)} of the patterns get there.",
        )

    def beat_dimension(self) -> None:
        r = self.r
        dims = r["dims"]
        d_num = w.number(float(dims[0]), decimals=0)
        d_num.add_updater(lambda m: m.set_value(round(self.d.get_value())))
        d_row = VGroup(w.math("d =", size=Size.READOUT), d_num).arrange(RIGHT, buff=0.2)
        std_num = w.number(float(r["std"][0]), decimals=3)
        std_num.add_updater(
            lambda m: m.set_value(float(w.row_at(dims, r["std"], self.d.get_value())))
        )
        std_row = self.readout_row(r"\text{spread of } S\text{:}", std_num)
        std_note = w.math(r"\approx L/\sqrt{n d}", size=Size.CAPTION, color=MUTED)
        e_num = w.number(float(r["exponent"][0]), decimals=1)
        e_num.add_updater(
            lambda m: m.set_value(self.n * self.d.get_value() * self.eps**2 / (8 * self.lip**2))
        )
        e_row = self.readout_row(r"E = nd\varepsilon^2/8L^2\text{:}", e_num)
        share_label = w.math(r"\text{share with } S \ge \varepsilon/2\text{:}", size=Size.CAPTION)
        bound_note = w.math(r"\text{Chernoff: share} \le e^{-E}", size=Size.CAPTION, color=MUTED)
        for mob, y in (
            (d_row, 2.0),
            (std_row, 1.25),
            (std_note, 0.7),
            (share_label, 0.0),
            (bound_note, -1.2),
            (e_row, -1.8),
        ):
            mob.move_to(w.at(0, y)).align_to(w.at(LEFT_X, 0), LEFT)
        std_note.shift(RIGHT * 0.4)
        anchor = w.at(LEFT_X + 0.4, -0.55)

        # the share at each computed d, typeset once; the readout shows the nearest d's
        values = [
            w.math(_percent(float(v), self.total), size=Size.READOUT).move_to(
                anchor, aligned_edge=LEFT
            )
            for v in r["tail_share"]
        ]

        def share_now() -> MathTex:
            i = int(np.argmin(np.abs(np.log(dims) - np.log(self.d.get_value()))))
            return values[i].copy()

        share = always_redraw(share_now)
        old = VGroup(self.sphere, self.marks, self.key)
        self.play(
            FadeOut(old, shift=LEFT * 0.6),
            ReplacementTransform(self.share_row[0], share_label),
            ReplacementTransform(self.share_row[1], share),
            FadeIn(VGroup(d_row, std_row, std_note, bound_note, e_row), shift=RIGHT * 0.3),
            run_time=1.2,
        )
        self.remove(share)
        self.add(share)
        new = w.statement(r"\text{As } d \text{ grows, } S \text{ shrinks like } L/\sqrt{nd}")
        self.play(FadeTransform(self.statement, new), run_time=1.0)
        self.statement = new
        self.play(self.d.animate.set_value(float(dims[-1])), run_time=7.0)
        exponent = float(r["exponent"][-1])
        zero = np.asarray(r["tail_share"]) == 0
        reached = bool(zero[-1])  # no pattern reaches the line at the largest d
        first_zero = int(dims[-1])  # the first d from which on none does
        for d, none in zip(dims[::-1], zero[::-1], strict=True):
            if not none:
                break
            first_zero = int(d)
        self.readouts = VGroup(d_row, std_row, std_note, share_label, share, bound_note, e_row)
        self.beat(
            2.0,
            f"As d grows from {int(dims[0])} to {int(dims[-1])}, S concentrates at scale "
            f"L/sqrt(nd) (isoperimetry, chapter {chapter_number('isoperimetry')}: a Lipschitz "
            "function of a point of the sphere is "
            "nearly constant). "
            + (
                f"No pattern of the 2^n, in any of the point draws, reaches eps/2 once d >= "
                f"{first_zero}"
                if reached
                else "Fewer and fewer patterns of the 2^n reach eps/2"
            )
            + "; Chernoff's bound on the chance (over points and signs) is "
            f"exp(-E), E = n d eps^2/(8 L^2) = {exponent:.0f} at d = {int(dims[-1])}. For any "
            "L-Lipschitz f the same holds up to a constant.",
            name="dimension",
            say=f"Now let d grow to {spoken(int(dims[-1]))}. A Lipschitz function on a "
            "high-dimensional sphere is nearly constant, so S narrows like L over the square root "
            "of n d. "
            + (
                f"From d equals {first_zero} on, no pattern reaches the line."
                if reached
                else "Fewer and fewer patterns reach the line."
            ),
        )

    def beat_net(self) -> None:
        r = self.r
        exponent = float(r["exponent"][-1])
        d_last = int(r["dims"][-1])
        old = w.frozen(self.hist, self.line, self.axis, self.readouts, self.count)
        # (b) the model class as a cloud of functions: a net of ~e^(p l) of them (schematic)
        rng = np.random.default_rng(0)
        spots = rng.uniform(0, 1, size=(160, 2))
        cloud = VGroup(
            *(
                Dot(NET.point(2 * u - 1, v), radius=0.05, color=role_color("smooth"))
                for u, v in spots
            )
        )
        cloud_name = w.text("the model's functions (schematic)", size=Size.CAPTION, color=MUTED)
        cloud_name.move_to(w.at(NET.left + 0.5 * NET.width, NET.bottom - 0.45))
        p_max = 1.28 * exponent
        p = ValueTracker(0.0)
        shown = always_redraw(
            lambda: VGroup(*cloud[: max(1, int(len(cloud) * p.get_value() / p_max))])
        )
        lines = VGroup(
            w.math(
                r"p \text{ parameters: } \approx e^{p\,\ell} \text{ functions}", size=Size.LABEL
            ),
            w.math(
                r"\ell = \log(60\,W J/\varepsilon)\text{, a log factor}",
                size=Size.CAPTION,
                color=MUTED,
            ),
            w.math(rf"\text{{each fits: chance}} \le e^{{-{exponent:.0f}}}", size=Size.LABEL),
            w.math(
                rf"n = {self.n},\ d = {d_last},\ \varepsilon = {self.eps:g},\ L = {self.lip:g}",
                size=Size.CAPTION,
                color=MUTED,
            ),
            w.math(
                rf"\text{{some fits: chance}} \le e^{{p\,\ell - {exponent:.0f}}}", size=Size.LABEL
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        lines.move_to(w.at(0, 1.1)).align_to(w.at(RIGHT_X, 0), LEFT)
        # p l on a number line: the union bound reaches 1 at p l = E
        x0, x1, y = RIGHT_X + 0.2, 6.0, -1.6
        to_x = lambda v: x0 + (x1 - x0) * v / p_max  # noqa: E731
        ruled = Line(w.at(x0, y), w.at(to_x(exponent), y)).set_stroke(MUTED, width=6)
        open_ = Line(w.at(to_x(exponent), y), w.at(x1, y)).set_stroke(role_color("law"), width=6)
        ticks = VGroup()
        for v in np.arange(0, p_max, 200):
            if abs(v - exponent) < 0.1 * p_max:  # leave room for the mark's label
                continue
            ticks.add(Line(w.at(to_x(v), y - 0.1), w.at(to_x(v), y + 0.1)).set_stroke(MUTED, 2))
            ticks.add(
                w.text(f"{v:.0f}", size=Size.TICK, color=MUTED).move_to(w.at(to_x(v), y - 0.4))
            )
        mark = Line(w.at(to_x(exponent), y - 0.25), w.at(to_x(exponent), y + 0.25))
        mark.set_stroke(role_color("law"), 3)
        mark_label = w.math(
            rf"p\,\ell = {exponent:.0f}", size=Size.CAPTION, color=role_color("law")
        )
        mark_label.next_to(mark, DOWN, buff=0.32)
        ticks.add(mark, mark_label)
        p_num = w.number(0, decimals=0, size=Size.READOUT)
        p_num.add_updater(lambda m: m.set_value(p.get_value()))
        marker = always_redraw(
            lambda: VGroup(
                Dot(w.at(to_x(p.get_value()), y), radius=0.11, color=FOREGROUND),
                VGroup(w.math(r"p\,\ell =", size=Size.READOUT), p_num)
                .arrange(RIGHT, buff=0.15)
                .move_to(w.at(min(to_x(p.get_value()), x1 - 1.0), y + 0.55)),
            )
        )
        new = w.statement(r"\text{Union bound over } e^{p\ell} \text{ functions}")
        # the old picture leaves as the new one comes in: no empty frame between them
        self.play(
            FadeOut(old, shift=LEFT * 0.6),
            FadeTransform(self.statement, new),
            FadeIn(shown),
            FadeIn(cloud_name),
            FadeIn(lines[:2]),
            run_time=1.2,
        )
        self.statement = new
        self.play(FadeIn(lines[2:]), Create(ruled), Create(open_), FadeIn(ticks), FadeIn(marker))
        self.play(p.animate.set_value(p_max), run_time=5.0)
        self.net = VGroup(shown, cloud_name, lines, ruled, open_, ticks, marker)
        self.beat(
            2.0,
            "A model with p parameters (weights of norm at most W, moving the function by at most "
            "J per unit of weight) is, up to eps, one of ~(60 W J/eps)^p = e^(p l) functions: a "
            "net (schematic picture). The union bound: the chance that some function of the net "
            f"fits is at most e^(p l - {exponent:.0f}) at n = {self.n}, d = {d_last}, eps = "
            f"{self.eps:g}, L = {self.lip:g}: below 1 until p l reaches {exponent:.0f}.",
            name="net",
            say="Up to epsilon, p parameters give about e to the p ell functions, ell a log "
            "factor. Each fits with chance at most e to the minus "
            f"{spoken(round(exponent))}: none is likely to fit before p ell reaches "
            f"{spoken(round(exponent))}.",
        )

    def beat_bound(self) -> None:
        chain = [
            r"p\,\ell \;\gtrsim\; \frac{n\,d\,\varepsilon^2}{8\,L^2}",
            r"L \;\gtrsim\; \varepsilon\sqrt{\frac{n\,d}{8\,p\,\ell}}",
            r"\mathrm{Lip}(f) \;\gtrsim\; \sqrt{\frac{n\,d}{p}}",
        ]
        comments = [
            (r"\text{needed for the union bound to reach 1}",),
            (r"\text{that is, solved for } L",),
            (r"\text{constants and logs omitted:}", r"\text{the measured chart's dashed line}"),
        ]
        rows = [w.math(tex, size=Size.READOUT) for tex in chain]
        notes = [
            VGroup(*(w.math(line, size=Size.CAPTION, color=MUTED) for line in c)).arrange(
                DOWN, aligned_edge=LEFT, buff=0.12
            )
            for c in comments
        ]
        VGroup(*rows).arrange(DOWN, buff=0.45, aligned_edge=LEFT).move_to(w.at(0, 0.25))
        VGroup(*rows).align_to(w.at(-5.6, 0), LEFT)
        for row, note in zip(rows, notes, strict=True):
            note.move_to(row).align_to(w.at(-1.4, 0), LEFT)
        self.play(
            FadeOut(w.frozen(self.net), shift=LEFT * 0.6),
            FadeIn(rows[0], shift=UP * 0.2),
            FadeIn(notes[0]),
            run_time=1.2,
        )
        for i in (1, 2):
            self.wait(0.8)
            self.play(
                TransformMatchingTex(rows[i - 1].copy(), rows[i]), FadeIn(notes[i]), run_time=1.5
            )
        shown = VGroup(*rows, *notes)
        new = w.statement(r"\text{Smooth fitting needs } p \gtrsim nd \text{ parameters}")
        self.play(FadeTransform(self.statement, new))
        self.statement = new
        self.bound = shown
        self.beat(
            2.5,
            "So a fit below the noise level with Lipschitz constant L is possible only when p l >~ "
            "n d eps^2 / (8 L^2): L >~ eps sqrt(nd/(8 p l)). Constants and the log factor aside, "
            "Lip >~ sqrt(nd/p): the dashed line of chapter "
            f"{chapter_number('law-of-robustness')}. n constraints, each worth ~d bits "
            "of smoothness, against ~p bits of capacity.",
            name="bound",
            say="So a fit needs p ell of at least n d epsilon squared over 8 L squared. Dropping "
            "constants and logs, the Lipschitz constant is at least the square root of n d over p: "
            "a smooth fit needs of order n d parameters.",
        )

    def beat_theorem(self) -> None:
        n_eps2, need = float(self.law["n_eps2"]), float(self.law["theorem_min_n_eps2"])
        head = w.text("Bubeck & Sellke (2021), Theorem 3, in short", size=Size.LABEL)
        lines = VGroup(
            w.math(
                r"n \text{ points in } \mathbb{R}^d \text{ from } k\ c\text{-isoperimetric laws;}"
                r"\text{ label noise } \sigma^2",
                size=Size.CAPTION,
            ),
            w.math(
                r"p \text{ parameters of norm} \le W\text{; the model } J\text{-Lipschitz in them}",
                size=Size.CAPTION,
            ),
            w.math(
                r"\text{if } n\varepsilon^2 \ge 8^4 k \log(8k/\delta)\text{, with probability}"
                r" \ge 1-\delta\text{,}",
                size=Size.CAPTION,
            ),
            w.math(
                r"\text{every } f \text{ with training MSE} \le \sigma^2 - \varepsilon \text{ has}",
                size=Size.CAPTION,
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        bound = w.math(
            r"\mathrm{Lip}(f) \;\ge\; \frac{\varepsilon}{2^{9}\sqrt{c}}\,"
            r"\sqrt{\frac{n\,d}{p\,\log(60\,W J/\varepsilon) + \log(4/\delta)}}",
            size=Size.LABEL,
        )
        need_tex = tex_sci(need, digits=2, plain_below=1)
        n_law, d_law = int(self.law["n"]), int(self.law["d"])
        here = VGroup(
            w.math(
                rf"\text{{the measured chart }} (n = {n_law},\ d = {d_law})\text{{: }}"
                rf"n\varepsilon^2 = {n_eps2:.0f}\text{{, below}}",
                size=Size.CAPTION,
                color=role_color("law"),
            ),
            w.math(
                rf"\text{{the least the condition asks, }} {need_tex}"
                r"\text{: its scaling, not this regime}",
                size=Size.CAPTION,
                color=role_color("law"),
            ),
        ).arrange(DOWN, buff=0.1)
        body = VGroup(head, lines, bound, here).arrange(DOWN, buff=0.25)
        card = w.card_around(body, pad=0.3)
        card.move_to(w.at(0, -0.3))
        self.play(
            FadeOut(w.frozen(self.bound), shift=UP * 0.3),
            FadeOut(self.statement),
            FadeIn(card[0]),
            FadeIn(VGroup(head, lines, bound), shift=UP * 0.2),
            run_time=1.5,
        )
        self.play(FadeIn(here), run_time=1.0)
        self.beat(
            4.0,
            "Bubeck & Sellke, Theorem 3: data in R^d from a mixture of k c-isoperimetric laws "
            "(the sphere is one, c of order 1), labels with noise variance sigma^2; a class of "
            "p-parameter functions with weights of norm at most W that move by at most J per "
            "unit of weight. If 8^4 k log(8k/delta) <= n eps^2, then with probability >= 1 - "
            "delta every f that fits below the noise level (training MSE <= sigma^2 - eps) has "
            "Lip(f) >= eps/(2^9 sqrt(c)) sqrt(nd / (p log(60WJ/eps) + log(4/delta))). Chapter "
            f"{chapter_number('law-of-robustness')}'s data have n eps^2 = {n_eps2:.0f}, below "
            f"the {need:.0f} the condition needs even "
            "for k = 1: that chapter shows the law's scaling, not the theorem's regime or its "
            "constants.",
            name="theorem",
            say="The theorem itself adds hypotheses, constants and a sample size condition. Our "
            f"chart's n epsilon squared, {spoken(round(n_eps2))}, is below the {spoken(need)} "
            "it asks: it shows the scaling, not the theorem's regime.",
        )
