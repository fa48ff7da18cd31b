"""How big must a robust network be? The law's predictions for MNIST and ImageNet on a log axis.

Where each number comes from: docs/science.md, section 6.

Every count on screen is a row of the ``law-prediction`` result (cited inputs and the predictions
computed from them), with its source.
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
    ManimColor,
    Rectangle,
    VGroup,
    VMobject,
)

from assets.charts import PREDICTION_REFERENCE, PREDICTION_ROWS
from assets.layout import Box, place_label
from assets.numbers import plain_sci, tex_sci
from scenes import widgets as w
from scenes.theme import BACKGROUND, MUTED, Size, ThemedScene, role_color, scene_result

LO_EXP, HI_EXP = 4, 13  # the axis spans 10^4 .. 10^13 parameters
AXIS_LEFT, AXIS_RIGHT, AXIS_Y = -2.6, 5.9, -2.0
ROW_TOP, ROW_STEP = 1.65, 0.85  # y of the first row and the spacing of rows
LEFT_EDGE = -6.3  # the row names start here (inside the title-safe area)
DASH = r"\,\text{--}\,"  # an en dash between the ends of a range
HOLD = 1.6  # seconds each row stays before the next appears


def _percent(p: float) -> str:
    return rf"{100 * p:.0f}\%"


class HowBig(ThemedScene):
    """Classical rule, the law's n d_eff and n d, robust models observed and GPT-3, per data set."""

    def construct(self) -> None:
        self.r = scene_result("law-prediction")
        self.shown: VGroup | None = None  # the data set on screen
        self.paper = [int(j) for j in np.nonzero(self.r["quantity_id"] == "paper_prediction")[0]]
        self.taken: list[Box] = []  # boxes of its value labels
        self.beat_axis()
        for name in self.r["datasets"]:
            self.beat_dataset(str(name))
        self.beat_reference()
        self.beat_takeaway()

    # --- helpers -------------------------------------------------------------------------------

    def rows_of(self, dataset: str, ids: tuple[str, ...]) -> list[int]:
        r = self.r
        return [
            int(j)
            for j in np.nonzero((r["dataset"] == dataset) & np.isin(r["quantity_id"], ids))[0]
        ]

    def x_of(self, p: float) -> np.ndarray:
        return self.line.n2p(float(np.log10(p)))

    def place(self, label, lo_pt, hi_pt) -> None:
        """Right of the item, else left, else above: inside the frame, clear of earlier labels
        and of the reference line (:func:`assets.layout.place_label`, in scene units)."""
        # right, left, above (centred), above ending at the item's right end
        places = (
            (hi_pt, RIGHT, 0.2, None),
            (lo_pt, LEFT, 0.2, None),
            (0.5 * (lo_pt + hi_pt), UP, 0.2, None),
            (hi_pt, UP, 0.2, RIGHT),
        )

        def move_to(place) -> Box:
            target, direction, buff, edge = place
            label.next_to(target, direction, buff=buff)
            if edge is not None:
                label.align_to(target, edge)
            return w.mobject_box(label)

        frame = Box(max(-6.4, AXIS_LEFT - 0.3), -3.6, 6.4, 3.6)
        place_label(move_to, places, frame=frame, taken=self.taken, lines_x=[self.ref_x], gap=0.1)

    # --- beats ---------------------------------------------------------------------------------

    def beat_axis(self) -> None:
        heading = w.title("How many parameters for robustness?")
        axis = w.log_number_line(LO_EXP, HI_EXP, AXIS_RIGHT - AXIS_LEFT)
        axis.shift([0.5 * (AXIS_LEFT + AXIS_RIGHT), AXIS_Y, 0] - axis[0].get_center())
        self.line = axis[0]
        axis_name = VGroup(
            w.text("parameters", size=Size.CAPTION, color=MUTED), w.math("p", size=Size.LABEL)
        )
        axis_name.arrange(RIGHT, buff=0.15).next_to(self.line.get_left(), LEFT, buff=0.5)
        ref = int(np.nonzero(self.r["quantity_id"] == PREDICTION_REFERENCE)[0][0])
        self.ref, self.ref_x = ref, float(self.x_of(self.r["params_low"][ref])[0])
        sources = list(dict.fromkeys(str(s) for s in self.r["source"]))
        half = (len(sources) + 1) // 2  # two lines: the whole list is wider than the frame
        footer = VGroup(
            w.text("Sources: " + "; ".join(sources[:half]) + ";", size=Size.NOTE, color=MUTED),
            w.text("; ".join(sources[half:]), size=Size.NOTE, color=MUTED),
        ).arrange(DOWN, buff=0.08)
        footer.to_edge(DOWN, buff=0.42)
        self.footer = footer
        self.play(FadeIn(heading), Create(axis), FadeIn(axis_name), FadeIn(footer), run_time=1.5)
        self.beat(1.5, "A log axis of parameter counts; every count is cited in the footer.")

    def beat_dataset(self, dataset: str) -> None:
        r = self.r
        i = int(np.nonzero(r["datasets"] == dataset)[0][0])
        n, d = float(r["n"][i]), float(r["d"][i])
        header = VGroup(
            w.text(f"{dataset}:", size=Size.LABEL),
            w.math(rf"n = {tex_sci(n)}", size=Size.LABEL),
            w.text("images of dimension", size=Size.CAPTION),
            w.math(("d = " if d < 1e4 else r"d \approx ") + tex_sci(d), size=Size.LABEL),
        ).arrange(RIGHT, buff=0.2)
        header.move_to(w.at(LEFT_EDGE, ROW_TOP + 0.85), aligned_edge=LEFT)
        if self.shown is not None:
            self.play(FadeOut(self.shown), run_time=0.8)
        self.shown, self.taken = VGroup(header), []
        self.play(FadeIn(header), run_time=0.8)
        for k, chart_row in enumerate(PREDICTION_ROWS):
            y = ROW_TOP - k * ROW_STEP
            # the paper's own ImageNet range is stated in the closing card, in its words
            rows = [j for j in self.rows_of(dataset, chart_row.ids) if j not in self.paper]
            color = role_color(chart_row.role)
            row_name = VGroup(w.text(chart_row.one_line_name, size=Size.CAPTION))
            if chart_row.formula is not None:
                row_name.add(w.math(chart_row.formula, size=Size.CAPTION))
            row_name.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            block = row_name.move_to(w.at(LEFT_EDGE, y), aligned_edge=LEFT)
            marks = VGroup(*(self.mark(j, y, color) for j in rows))
            lo = self.x_of(min(r["params_low"][j] for j in rows)) + UP * (y - AXIS_Y)
            hi = self.x_of(max(r["params_high"][j] for j in rows)) + UP * (y - AXIS_Y)
            value = self.value_label(rows)
            self.place(value, lo + LEFT * 0.1, hi + RIGHT * 0.1)
            guide = DashedLine([AXIS_LEFT, y, 0], [AXIS_RIGHT, y, 0], stroke_width=1, color=MUTED)
            guide.set_opacity(0.35).set_z_index(-1)
            self.play(FadeIn(block), Create(guide), FadeIn(marks), FadeIn(value), run_time=1.0)
            self.shown.add(block, guide, marks, value)
            self.wait(HOLD)
        self.beat(
            1.0,
            f"{dataset}: the classical count n, the law's n*d (and with an effective dimension), "
            "and what robust models observed had (numbers and sources from law-prediction).",
        )

    def mark(self, j: int, y: float, color: ManimColor) -> VMobject:
        lo, hi = float(self.r["params_low"][j]), float(self.r["params_high"][j])
        if lo == hi:
            return Dot(self.x_of(lo) + UP * (y - AXIS_Y), radius=0.1, color=color)
        left, right = self.x_of(lo)[0], self.x_of(hi)[0]
        bar = Rectangle(width=right - left, height=0.3, color=color, fill_opacity=0.85)
        return bar.set_stroke(color, width=1).move_to(w.at(0.5 * (left + right), y))

    def value_label(self, rows: list[int]) -> VGroup:
        """A row's numbers, one per line, and, for a d_eff row, how d_eff was obtained."""
        words = {
            "the paper's inference": "inferred by the paper",
            "this project's reading": "our reading",
        }
        lines = VGroup(*(w.math(tex, size=Size.CAPTION) for tex in self.value_tex(rows)))
        for j in rows:
            origin = str(self.r["origin"][j])
            if origin in words:
                lines.add(w.text(f"({words[origin]})", size=Size.NOTE, color=MUTED))
        return lines.arrange(DOWN, aligned_edge=LEFT, buff=0.06)

    def value_tex(self, rows: list[int]) -> list[str]:
        """The numbers of a row, each as TeX (a count or a range, with its robust accuracy)."""
        r, parts = self.r, []
        for j in rows:
            lo, hi = float(r["params_low"][j]), float(r["params_high"][j])
            count = tex_sci(lo) if lo == hi else rf"{tex_sci(lo)}{DASH}{tex_sci(hi)}"
            acc, before = float(r["robust_accuracy"][j]), float(r["robust_accuracy_before"][j])
            if np.isfinite(acc):
                change = f"{_percent(before)}" + r"\to " if np.isfinite(before) else ""
                count += r":\ " + change + _percent(acc)
            parts.append(count)
        return parts

    def beat_reference(self) -> None:
        r, j = self.r, self.ref
        top = ROW_TOP + 0.45
        # the label sits low, between the last row and the axis, where no value label is
        line = DashedLine(
            [self.ref_x, AXIS_Y, 0], [self.ref_x, top, 0], color=role_color("reference")
        )
        line.set_z_index(-1)
        name = VGroup(
            w.text(str(r["quantity"][j]), size=Size.CAPTION),
            w.math(tex_sci(float(r["params_low"][j])), size=Size.CAPTION),
        ).arrange(RIGHT, buff=0.15)
        label = name.next_to(w.at(self.ref_x, AXIS_Y + 0.45), LEFT, buff=0.15)
        backing = Rectangle(width=label.width + 0.2, height=label.height + 0.1)
        backing.set_fill(BACKGROUND, opacity=1).set_stroke(width=0).move_to(label)
        self.play(Create(line), FadeIn(backing), FadeIn(label), run_time=1.2)
        self.beat(2.0, f"For scale: {r['quantity'][j]} on the same axis.")

    def beat_takeaway(self) -> None:
        r = self.r
        (j,) = self.rows_of("ImageNet", ("paper_prediction",))
        (k,) = self.rows_of("ImageNet", ("robust_models",))
        (m,) = self.rows_of("ImageNet", ("law_d_eff",))
        lo, hi = float(r["params_low"][j]), float(r["params_high"][j])
        first = VGroup(
            w.text("ImageNet, read by the paper (speculatively): at least", size=Size.CAPTION),
            w.math(rf"{tex_sci(lo)}{DASH}{tex_sci(hi)}", size=Size.LABEL, color=role_color("law")),
        ).arrange(RIGHT, buff=0.18)
        seen = rf"{tex_sci(float(r['params_low'][k]))}{DASH}{tex_sci(float(r['params_high'][k]))}"
        second = VGroup(
            w.text("robust models observed had", size=Size.CAPTION),
            w.math(seen, size=Size.LABEL, color=role_color("data")),
        ).arrange(RIGHT, buff=0.18)
        line = VGroup(first, second).arrange(DOWN, buff=0.08)
        card = w.card_around(line, pad=0.14)
        card[0].set_fill(opacity=0.95)
        # the card takes the footer's place (the sources were on screen throughout)
        card.to_edge(DOWN, buff=0.42)
        self.play(FadeOut(self.footer), FadeIn(card, shift=UP * 0.2), run_time=1.0)
        i = list(r["datasets"]).index("ImageNet")
        n = plain_sci
        self.beat(
            3.0,
            f"The paper's speculative reading: robust ImageNet models would need at least "
            f"{n(lo)} to {n(hi)} parameters (its words: an effective dimension 'a couple of "
            f"orders of magnitude smaller' than {n(float(r['d'][i]))}). Our reading of those "
            f"words, d_eff = {n(float(r['d_eff_low'][i]))} to {n(float(r['d_eff_high'][i]))}, "
            f"gives {n(float(r['params_low'][m]))} to {n(float(r['params_high'][m]))}. Robustly "
            f"trained models then had {n(float(r['params_low'][k]))} to "
            f"{n(float(r['params_high'][k]))}.",
        )
