"""The law of robustness on screen: spiky and smooth interpolation of noisy points, then the
measured Lipschitz constant against the parameter count p with the law's sqrt(nd/p) scaling
(docs/science.md, sections 5 and 7)."""

from __future__ import annotations

import math as pymath
from itertools import pairwise

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    ReplacementTransform,
    VGroup,
    Write,
)

from assets.numbers import tex_sci
from scenes import widgets as w
from scenes.theme import MUTED, Size, ThemedScene, role_color, scene_result

PLOT_WIDTH, PLOT_HEIGHT = 7.3, 4.9
PANEL_LEFT = 3.0  # left edge of the readout column right of the plot
SEGMENT = 1.4  # on-screen length of the drawn steepest piece


def nice_range(lo: float, hi: float, ticks: int = 5) -> tuple[float, float, float]:
    """A plot range covering [lo, hi] with about ``ticks`` round steps (1, 2 or 5 x 10^k)."""
    raw = (hi - lo) / ticks
    base = 10 ** pymath.floor(pymath.log10(raw))
    step = next(m * base for m in (1, 2, 5, 10) if m * base >= raw)
    return pymath.floor(lo / step) * step, pymath.ceil(hi / step) * step, step


class SmoothInterpolation(ThemedScene):
    """Noisy points fitted by min-norm random ReLU features: p = n (spiky) and many p (smooth)."""

    def construct(self) -> None:
        self.r = scene_result("toy-fits")
        self.beat_points()
        self.beat_spiky_fit()
        self.beat_smooth_fit()
        self.beat_smallest_possible()

    def fit_axes(self, lo: float, hi: float) -> Axes:
        y0, y1, step = nice_range(lo, hi, ticks=4)
        axes = w.framed_axes(
            (-1, 1, 0.5),
            (y0, y1, step),
            x_length=PLOT_WIDTH,
            y_length=PLOT_HEIGHT,
            x_numbers=(-1, -0.5, 0, 0.5, 1),
            y_numbers=np.arange(y0 + step, y1 + step / 2, step).tolist(),  # y0 would meet the -1
            decimals=0 if step >= 1 else 1,
        )
        return axes.to_edge(LEFT, buff=1.0).shift(DOWN * 0.45)

    def data_dots(self, axes) -> VGroup:
        return VGroup(
            *(
                Dot(axes.c2p(x, y), radius=0.09, color=role_color("data"))
                .set_stroke("#1A1A1A", width=1.5)
                .set_z_index(3)
                for x, y in zip(self.r["x"], self.r["y"], strict=True)
            )
        )

    def steepest(self, axes, name: str) -> Line:
        """The steepest piece of a fit: a segment of slope +-Lip through the fit at that point."""
        grid, fit = self.r["grid"], self.r[f"{name}_fit"]
        lip, x0 = float(self.r[f"{name}_lip"]), float(self.r[f"{name}_steepest_x"])
        i = int(np.searchsorted(grid, x0))
        sign = np.sign(fit[min(i + 1, len(fit) - 1)] - fit[max(i - 1, 0)]) or 1.0
        sx = PLOT_WIDTH / (axes.x_range[1] - axes.x_range[0])
        sy = PLOT_HEIGHT / (axes.y_range[1] - axes.y_range[0])
        half = 0.5 * SEGMENT / np.hypot(sx, lip * sy)
        y0 = float(np.interp(x0, grid, fit))
        ends = [axes.c2p(x0 + s * half, y0 + s * sign * lip * half) for s in (-1, 1)]
        return Line(*ends, color=role_color("law"), stroke_width=9).set_z_index(2)

    def readout(self, name: str, p_tex: str) -> VGroup:
        lip = w.tex_number(float(self.r[f"{name}_lip"]))
        rows = VGroup(
            w.legend_row(role_color("random_features"), w.math(p_tex)),
            w.legend_row(role_color("law"), w.math(rf"\mathrm{{Lip}} = {lip}")),
        )
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25)

    def beat_points(self) -> None:
        heading = w.title("Fitting noisy points: how steep?")
        y_all = np.concatenate([self.r["y"], self.r["many_fit"]])
        self.axes = self.fit_axes(float(y_all.min()), float(y_all.max()))
        self.dots = self.data_dots(self.axes)
        caption = w.text(f"n = {len(self.r['x'])} noisy points", size=Size.CAPTION, color=MUTED)
        self.caption = caption.move_to(w.at(PANEL_LEFT, 2.4), aligned_edge=LEFT)
        self.play(FadeIn(heading), Create(self.axes), run_time=1.5)
        self.play(LaggedStart(*(FadeIn(d, scale=0.5) for d in self.dots), lag_ratio=0.15))
        self.play(FadeIn(self.caption))
        self.beat(
            2.5, "Noisy points y_i = f(x_i) + noise (from the toy-fits result): fit them exactly."
        )

    def rescale(self, lo: float, hi: float, note: str) -> None:
        """Move the axes and the points to a new y range (the points always fit: none clipped),
        saying so in a note above the plot."""
        axes = self.fit_axes(lo, hi)
        dots = self.data_dots(axes)
        note_mob = w.text(note, size=Size.NOTE, color=MUTED)
        note_mob.next_to(axes, UP, buff=0.15).align_to(axes, LEFT)
        old_note = getattr(self, "axis_note", None)
        self.play(
            ReplacementTransform(self.axes, axes),
            ReplacementTransform(self.dots, dots),
            ReplacementTransform(old_note, note_mob) if old_note else FadeIn(note_mob),
            run_time=1.5,
        )
        self.axes, self.dots, self.axis_note = axes, dots, note_mob

    def beat_spiky_fit(self) -> None:
        fit, p = self.r["few_fit"], int(self.r["few_p"])
        lo = min(float(fit.min()), float(self.r["y"].min()))
        hi = max(float(fit.max()), float(self.r["y"].max()))
        self.rescale(lo, hi, "y axis rescaled to show the whole fit")
        curve = w.data_curve(self.axes, self.r["grid"], fit, role_color("random_features"))
        self.few = VGroup(curve, self.steepest(self.axes, "few"))
        self.few_readout = self.readout("few", rf"p = n = {p}")
        self.few_readout.next_to(self.caption, DOWN, buff=0.6).align_to(self.caption, LEFT)
        self.play(Create(curve), run_time=2.5)
        self.wait(1.5)
        self.play(Create(self.few[1]), FadeIn(self.few_readout), run_time=1.2)
        self.beat(
            3.0,
            f"With p = n = {p} random ReLU features, one kink in each gap between the points, the "
            "fit passes through every point exactly (largest residual "
            f"{float(self.r['few_residual_max']):.0e}) but is steep: its steepest slope, the "
            f"Lipschitz constant, is {float(self.r['few_lip']):.3g}.",
        )

    def beat_smooth_fit(self) -> None:
        y_all = np.concatenate([self.r["y"], self.r["many_fit"]])
        self.play(FadeOut(self.few), self.few_readout.animate.set_opacity(0.45))
        self.rescale(float(y_all.min()), float(y_all.max()), "y axis zoomed back to the data")
        curve = w.data_curve(
            self.axes, self.r["grid"], self.r["many_fit"], role_color("random_features")
        )
        piece = self.steepest(self.axes, "many")
        readout = self.readout("many", rf"p = {int(self.r['many_p'])}")
        readout.next_to(self.few_readout, DOWN, buff=0.5).align_to(self.few_readout, LEFT)
        self.play(Create(curve), run_time=2.5)
        self.wait(1.0)
        self.play(Create(piece), FadeIn(readout), run_time=1.2)
        self.beat(3.0, "With many more parameters the interpolating fit is much smoother.")
        self.last_readout = readout

    def beat_smallest_possible(self) -> None:
        corners = [self.axes.c2p(x, y) for x, y in zip(self.r["x"], self.r["y"], strict=True)]
        chain = VGroup(*(Line(a, b) for a, b in pairwise(corners)))
        chain.set_stroke(MUTED, width=2.5).set_z_index(1)
        lip_min = w.tex_number(float(self.r["interpolation_lip_min"]))
        note = VGroup(
            w.text("every interpolant:", size=Size.CAPTION),
            w.math(rf"\mathrm{{Lip}} \geq {lip_min}", size=Size.LABEL),
            w.text("(grey: broken line)", size=Size.CAPTION, color=MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        note.next_to(self.last_readout, DOWN, buff=0.45).align_to(self.last_readout, LEFT)
        self.play(Create(chain), run_time=1.5)
        self.play(Write(note), run_time=1.5)
        self.beat(4.0, "No interpolant can beat the broken line through the points.")


MODEL_LABELS = {  # short forms of the paper figures' labels (figures/robustness.py)
    "random-features": "random features",
    "trained": "plain training",
    "smooth": "smooth training",
}


def decade_bounds(values: np.ndarray, pad: float = 0.05) -> tuple[float, float]:
    """Exponents of a log range covering ``values``, rounded out to half decades."""
    lo, hi = np.log10(values.min()) - pad, np.log10(values.max()) + pad
    return pymath.floor(2 * lo) / 2, pymath.ceil(2 * hi) / 2


class LawOfRobustness(ThemedScene):
    """Measured Lipschitz constant against p for three model families, the law's scaling
    sqrt(nd/p), the marks p = n and p = nd, then Bubeck & Sellke's theorem."""

    def construct(self) -> None:
        self.r = scene_result("smoothness-curve")
        self.beat_axes()
        for i in range(len(self.r["models"])):
            self.beat_model(i)
        self.beat_law_scaling()
        self.beat_floor()
        self.beat_thresholds()
        self.beat_theorem()

    def beat_axes(self) -> None:
        r = self.r
        lip = r["lip_lower"].mean(axis=1)  # (models, widths): mean over seeds
        self.axes = w.loglog_axes(
            decade_bounds(r["p"].astype(float)),
            decade_bounds(np.concatenate([lip.ravel(), r["law_scaling"].ravel()])),
            x_length=6.6,
            y_length=4.3,
        )
        self.axes.move_to(w.at(-2.1, -0.45))
        y_label = w.math(r"\mathrm{Lip}(f)", size=Size.CAPTION, color=MUTED)
        y_label.rotate(pymath.pi / 2).next_to(self.axes, LEFT, buff=0.1)
        x_label = w.math(r"\text{trained parameters } p", size=Size.CAPTION, color=MUTED)
        x_label.next_to(self.axes, DOWN, buff=0.1).align_to(self.axes, RIGHT)
        self.heading = w.title("The law of robustness, measured")
        caption = w.text(
            f"n = {int(r['n'])} points, d = {int(r['d'])}\nmean of {len(r['seeds'])} seeds\n"
            "Lip: lower estimate",
            size=Size.CAPTION,
            color=MUTED,
        )
        self.legend = VGroup(caption)
        self.legend.move_to(w.at(1.95, 2.2), aligned_edge=UL)
        self.chart = VGroup(self.axes, y_label, x_label)
        self.play(FadeIn(self.heading), Create(self.axes), run_time=1.5)
        self.play(FadeIn(y_label), FadeIn(x_label), FadeIn(caption))
        self.beat(
            2.0,
            "Measured in the smoothness-curve experiment: the Lipschitz constant shown is a lower "
            "estimate (gradient ascent from the worst points).",
        )

    def add_legend(self, *rows, buff: float = 0.22) -> VGroup:
        group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        group.next_to(self.legend, DOWN, buff=buff, aligned_edge=LEFT)
        self.legend.add(*group)
        return group

    def beat_model(self, i: int) -> None:
        r, model = self.r, str(self.r["models"][i])
        c = role_color(model.replace("-", "_"))
        p, lip = r["p"][i], r["lip_lower"][i].mean(axis=0)
        fits = r["fits"][i].all(axis=0)  # filled only where every seed fits
        line = w.loglog_curve(self.axes, p, lip, c, stroke_width=2.5)
        marks = w.value_marks(self.axes, p, lip, c, fits)
        key = self.add_legend(
            w.legend_row(c, w.text(MODEL_LABELS.get(model, model), size=Size.CAPTION))
        )
        self.play(FadeIn(key), run_time=0.6)
        self.play(
            Create(line),
            LaggedStart(*(FadeIn(m, scale=0.3) for m in marks), lag_ratio=0.5),
            run_time=3.0,
        )
        self.chart.add(line, marks)
        if i == 0:
            one = np.ones(1)
            filled = w.value_marks(self.axes, one, one, MUTED, one > 0).center()
            hollow = w.value_marks(self.axes, one, one, MUTED, one < 0).center()
            # hollow marks miss the fit threshold, but may still be below the noise level
            m = float(r["fit_mse"])
            rows = (
                VGroup(filled, w.math(rf"\text{{train MSE}} \le {m:g}", size=Size.NOTE)),
                VGroup(hollow, w.math(rf"\text{{train MSE}} > {m:g}", size=Size.NOTE)),
            )
            for row in rows:
                row.arrange(RIGHT, buff=0.3)
            conventions = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            conventions.move_to(self.axes.c2p(1, 1)).align_to(self.legend, LEFT)
            conventions.align_to(self.axes, DOWN).shift(UP * 0.1)
            self.play(FadeIn(conventions))
            self.chart.add(conventions)  # kept apart: the legend grows downwards
        self.beat(2.5, f"Model family: {MODEL_LABELS.get(model, model)}.")

    def beat_law_scaling(self) -> None:
        r = self.r
        p, law = r["p"].ravel(), r["law_scaling"].ravel()
        line = w.loglog_curve(self.axes, p, law, role_color("law"), dashed=True)
        key = self.add_legend(
            w.legend_row(role_color("law"), w.math(r"\sqrt{nd/p}"), dashed=True),
            w.text("scaling, constants omitted", size=Size.NOTE, color=MUTED),
            buff=0.35,
        )
        self.play(Create(line), FadeIn(key), run_time=2.0)
        self.chart.add(line)
        self.beat(3.0, "The law's scaling sqrt(nd/p), constants omitted.")

    def beat_floor(self) -> None:
        """The smallest Lip any function fitting this well can have: the data's own floor."""
        r = self.r
        lo, hi = float(np.nanmin(r["lip_floor_fit"])), float(np.nanmax(r["lip_floor_fit"]))
        p = r["p"].astype(float)
        left, right = self.axes.c2p(p.min(), lo), self.axes.c2p(p.max(), hi)
        band = w.rectangle(left, right if right[1] - left[1] > 0.06 else right + UP * 0.06)
        band.set_fill(role_color("reference"), 0.35).set_stroke(role_color("reference"), 1)
        # named on the chart, under the band's left end, where no curve runs (the legend column
        # is full down to the marker conventions)
        name = w.text("data floor", size=Size.NOTE, color=role_color("reference"))
        name.next_to(band, DOWN, buff=0.1).align_to(band, LEFT).shift(RIGHT * 0.1)
        self.play(FadeIn(band), FadeIn(name), run_time=1.5)
        self.chart.add(band, name)
        self.beat(
            2.5,
            f"The data's floor: no function with training MSE <= {float(r['fit_mse']):g} on these "
            f"points is smoother than Lip {lo:.2f} to {hi:.2f} (a convex program over its values; "
            f"an exact interpolant needs at least {float(np.nanmin(r['lip_floor'])):.2f}). Near "
            "p ~ nd the law's line runs below it: there the data, not the law, set the limit.",
        )

    def beat_thresholds(self) -> None:
        n, d = int(self.r["n"]), int(self.r["d"])
        marks: list[VGroup] = []
        for value, tex, words in ((n, "p = n", "fitting"), (n * d, "p = nd", "smooth fitting")):
            label = VGroup(
                w.math(tex, size=Size.CAPTION, color=MUTED),
                w.text(words, size=Size.NOTE, color=MUTED),
            ).arrange(DOWN, buff=0.08)
            marks.append(w.vertical_marker(self.axes, value, label, role_color("reference")))
        for mark in marks:
            self.play(Create(mark[0]), FadeIn(mark[1]), run_time=1.2)
            self.wait(2.0)
        self.beat(
            0.5,
            "p = n parameters suffice to fit; smooth fitting needs p of order n*d.",
        )
        self.chart.add(marks)

    def beat_theorem(self) -> None:
        whole = VGroup(self.chart, self.legend)
        bound = w.math(
            r"\mathrm{Lip}(f) \;\geq\; \frac{\varepsilon}{2^{9}\sqrt{c}}\,"
            r"\sqrt{\frac{n\,d}{p\,\log(60\,W J/\varepsilon) + \log(4/\delta)}}",
            size=Size.LABEL,
        )
        hypothesis = w.math(
            r"\text{If } 8^4 k \log(8k/\delta) \le n\varepsilon^2\text{, with probability}"
            r" \ge 1-\delta\text{:}",
            size=Size.CAPTION,
        )
        condition = w.math(
            r"\text{for every } f \text{ with } \tfrac{1}{n}\textstyle\sum_i (f(x_i) - y_i)^2"
            r" \le \sigma^2 - \varepsilon",
            size=Size.CAPTION,
        )
        cite = w.text("Bubeck & Sellke (2021), Theorem 3", size=Size.NOTE, color=MUTED)
        n_eps2, need = float(self.r["n_eps2"]), float(self.r["theorem_min_n_eps2"])
        need_tex = tex_sci(need, digits=2, plain_below=1)
        here = w.math(
            rf"\text{{The chart: }} n\varepsilon^2 = {n_eps2:.0f} < {need_tex}"
            r"\text{: its scaling, not the theorem's regime}",
            size=Size.CAPTION,
            color=role_color("law"),
        )
        lines = VGroup(hypothesis, bound, condition, cite, here).arrange(DOWN, buff=0.22)
        card = w.card_around(lines, pad=0.3)
        card[0].set_fill(opacity=0.9)
        card.move_to(w.at(0, -0.5))
        self.play(whole.animate.set_opacity(0.2), FadeIn(card, shift=UP * 0.2), run_time=1.5)
        self.beat(
            5.0,
            "Bubeck & Sellke, Theorem 3: data in R^d from a mixture of k c-isoperimetric laws, "
            "labels with noise variance sigma^2; a class of p-parameter functions with weights of "
            "norm at most W that move by at most J per unit of weight. If 8^4 k log(8k/delta) <= "
            "n eps^2, then with probability >= 1 - delta every f that fits below the noise level "
            "(training MSE <= sigma^2 - eps) has Lip(f) >= eps/(2^9 sqrt(c)) sqrt(nd / (p "
            "log(60WJ/eps) + log(4/delta))). The chart's data have n eps^2 = "
            f"{n_eps2:.0f} (eps = sigma^2 - fit_mse), below the {need:.0f} that the condition "
            "needs even for k = 1: the chart shows the law's scaling sqrt(nd/p), not the "
            "theorem's regime, and no constant of it.",
        )
