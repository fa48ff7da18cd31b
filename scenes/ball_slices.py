"""Ball slices become a Gaussian: the computed coordinate densities of B^m morph onto N(0, 1)."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, UR, Create, FadeIn, Transform, VGroup, Write

from experiments.geometry import log_spaced_indices
from scenes import widgets as w
from scenes.theme import MUTED, SMALL_SIZE, ThemedScene, role_color, scene_result

SERIES = 6  # how many dimensions the morph steps through
HOLD = 1.2  # seconds each dimension stays on screen


class BallSliceDensities(ThemedScene):
    """Density of sqrt(m+2) X_1 for X uniform in B^m, for growing m, against N(0, 1)."""

    def construct(self) -> None:
        r = scene_result("ball-slices")
        dims, z = r["dims"], r["z"]
        series = log_spaced_indices(dims, SERIES)
        z_max = float(z[-1])
        y_top = 0.5

        heading = w.title("One coordinate of a random point of a ball")
        axes = w.themed_axes(
            (-z_max, z_max, 1),
            (0, y_top, 0.1),
            x_length=10.5,
            y_length=4.3,
            x_numbers=range(-int(z_max), int(z_max) + 1),
        )
        axes.next_to(heading, DOWN, buff=0.45)
        x_label = w.math(r"z=\sqrt{m+2}\,x_1", size=SMALL_SIZE + 4, color=MUTED)
        x_label.next_to(axes.c2p(z_max, 0), UP + LEFT, buff=0.15)  # over the empty tail

        gauss = w.data_curve(axes, z, r["gaussian_density"], role_color("gaussian"), dashed=True)
        gauss.set_z_index(2)  # the limit stays visible on top of the curve converging to it
        gauss_key = w.legend_row(role_color("gaussian"), w.math(r"\mathcal{N}(0,1)"), dashed=True)
        ball_key = w.legend_row(role_color("ball"), w.text("exact density", size=SMALL_SIZE))
        legend = VGroup(ball_key, gauss_key).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        legend.move_to(axes.c2p(-z_max, y_top), aligned_edge=UP + LEFT).shift(RIGHT * 0.3)

        self.play(FadeIn(heading), Create(axes), FadeIn(x_label), run_time=1.5)
        self.play(Create(gauss), FadeIn(legend), run_time=1.2)

        curve = readout = None
        for i in series:
            m = int(dims[i])
            new_curve = w.data_curve(axes, z, r["density"][i], role_color("ball"))
            new_readout = VGroup(
                w.math(rf"m = {m}"),
                w.math(
                    r"d_{\mathrm{TV}} = " + w.tex_number(float(r["tv_to_gaussian"][i])),
                    size=SMALL_SIZE + 4,
                ),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
            new_readout.move_to(axes.c2p(z_max, y_top), aligned_edge=UR)
            if curve is None:
                self.play(Create(new_curve), Write(new_readout), run_time=1.2)
                curve, readout = new_curve, new_readout
            else:
                self.play(
                    Transform(curve, new_curve), Transform(readout, new_readout), run_time=1.0
                )
            self.wait(HOLD)

        statement = w.formula_card(
            r"(1-x^2)^{\frac{m-1}{2}}", r"\approx", r"e^{-\frac{(m-1)\,x^2}{2}}", size=34
        )
        statement.to_edge(DOWN, buff=0.25)  # below the axes: no curve to hide
        self.play(FadeIn(statement, shift=UP * 0.2), run_time=1.0)
        self.wait(2.5)
