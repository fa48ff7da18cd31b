"""How big must a robust network be? MNIST and ImageNet together on one log axis of parameters.

Where each number comes from: docs/science.md, section 6.

Every count on screen is a row of the ``law-prediction`` result (cited inputs and the predictions
computed from them). The chart has one row per kind of count (``assets.charts.PREDICTION_ROWS``,
shared with the paper figure ``law-prediction``, colours and marks included) and both data sets
on every row. Where each effective dimension comes from is drawn: MNIST's d_eff = 15..150 is the
paper's estimate ("corresponding to an effective dimension between 15 and 150"; n d slides down
to a filled bar), ImageNet's is this project's reading of the paper's words ("a couple of orders
of magnitude smaller"; an outline); each beside the paper's own rounded range (a bracket).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowFromCenter,
    GrowFromEdge,
    Line,
    Rectangle,
    ReplacementTransform,
    Square,
    VGroup,
    VMobject,
)

from assets.charts import PREDICTION_REFERENCE, PREDICTION_ROWS, ChartRow, cite
from assets.layout import Box, place_label
from assets.numbers import plain_sci, spoken, tex_sci
from experiments import Result
from experiments.topics.prediction import OUR_READING
from scenes.kit import widgets as w
from scenes.kit.theme import (
    BACKGROUND,
    FOREGROUND,
    MUTED,
    Size,
    ThemedScene,
    role_color,
    scene_result,
)

CLASSICAL, LAW_D_EFF, LAW_FULL_D, OBSERVED = PREDICTION_ROWS
PAPER_RANGE = LAW_D_EFF.ids[1]  # the paper's own rounded range, drawn as a bracket
THREAD_CLAIM = "thread_claim"  # "at least 100 billion", from the thread announcing the paper
LO_EXP, HI_EXP = 4, 13  # the axis spans 10^4 .. 10^13 parameters
AXIS_LEFT, AXIS_RIGHT, AXIS_Y = -6.0, 5.95, -2.2
ROW_Y = {CLASSICAL: 1.8, LAW_D_EFF: 0.72, LAW_FULL_D: -0.36, OBSERVED: -1.32}
HEADING_LIFT = 0.36  # a row's name sits this far above its line, at the left
# the beat's one line, under the title, and its numbers, under the axis
STATEMENT_Y, READOUT_Y = 2.62, -2.95
BAR_H, BRACKET_LIFT = 0.3, 0.3
DASH = r"\text{--}"  # an en dash between the ends of a range
D_EFF = r"d_{\mathrm{eff}}"
PLACES = {  # where a label may go beside its mark: side, and the edge it aligns to
    "right": (RIGHT, None),
    "left": (LEFT, None),
    "above": (UP, None),
    "below": (DOWN, None),
    "above-left": (UP, LEFT),
    "below-left": (DOWN, LEFT),
    "above-right": (UP, RIGHT),
    "below-right": (DOWN, RIGHT),
    "right-down": (RIGHT, UP),  # right of it, hanging from its top
}


def _percent(p: float) -> str:
    return rf"{100 * p:.0f}\%"


def _spoken_range(lo: float, hi: float) -> str:
    """``3 million``, ``14 to 140 billion``, ``100 million to 1 billion``."""
    if lo == hi:
        return spoken(lo)
    (a, *unit), (b, *unit_b) = spoken(lo).split(), spoken(hi).split()
    return f"{a} to {b} {unit[0]}" if unit and unit == unit_b else f"{spoken(lo)} to {spoken(hi)}"


class Chart:
    """The ``law-prediction`` result and the chart it is drawn on: the log axis, one row per kind of
    count, the marks of the paper figure, and labels placed clear of each other."""

    def __init__(self, r: Result) -> None:
        self.r = r
        self.sets = [str(s) for s in r["datasets"]]
        self.axis = w.log_number_line(LO_EXP, HI_EXP, AXIS_RIGHT - AXIS_LEFT)
        self.axis.shift(w.at(0.5 * (AXIS_LEFT + AXIS_RIGHT), AXIS_Y) - self.axis[0].get_center())
        self.line = self.axis[0]
        self.taken: list[Box] = [w.mobject_box(self.axis)]  # what labels must not cover

    # --- data -----------------------------------------------------------------------------------

    def rows(self, ds: str, ids: tuple[str, ...]) -> list[int]:
        r, found = self.r, []
        for q in ids:
            found += [int(j) for j in np.nonzero((r["dataset"] == ds) & (r["quantity_id"] == q))[0]]
        return found

    def span(self, j: int) -> tuple[float, float]:
        return float(self.r["params_low"][j]), float(self.r["params_high"][j])

    def count(self, ds: str, qid: str) -> tuple[float, float]:
        return self.span(self.rows(ds, (qid,))[0])

    def given(self, ds: str, key: str) -> float:
        return float(self.r[key][self.sets.index(ds)])

    def tex(self, lo: float, hi: float, plain_below: float = 1e4) -> str:
        """A count or a range as TeX; ``plain_below=1e3`` writes 10^3 as a power, like 10^4."""
        lo_tex, hi_tex = (tex_sci(v, plain_below=plain_below) for v in (lo, hi))
        return lo_tex if lo == hi else rf"{lo_tex}{DASH}{hi_tex}"

    def dimension(self, ds: str) -> str:
        """``d = 784``, or ``d ~ 2e5`` where the source rounds it (1e4 and more), for notes."""
        d = self.given(ds, "d")
        return f"d {'=' if d < 1e4 else '~'} {plain_sci(d)}"

    def plain(self, lo: float, hi: float) -> str:
        return plain_sci(lo) if lo == hi else f"{plain_sci(lo)} to {plain_sci(hi)}"

    # --- drawing --------------------------------------------------------------------------------

    def x(self, p: float) -> float:
        return float(self.line.n2p(float(np.log10(p)))[0])

    def point(self, p: float, y: float, kind: str) -> VMobject:
        """A count drawn as in the paper figure: a dot (``classical``), a hollow diamond
        (``full``, the law's n d), a dot ringed in the foreground colour (``observed``)."""
        mark: VMobject
        if kind == "full":
            mark = Square(side_length=0.2, color=role_color(LAW_FULL_D.role), stroke_width=3)
            mark.rotate(PI / 4).set_fill(BACKGROUND, opacity=1)
        else:
            role = CLASSICAL.role if kind == "classical" else OBSERVED.role
            mark = Dot(radius=0.11, color=role_color(role))
            if kind == "observed":
                mark.set_stroke(FOREGROUND, width=1.5)
        return mark.move_to(w.at(self.x(p), y))

    def bar(self, lo: float, hi: float, y: float, role: str, *, filled: bool = True) -> VMobject:
        """A range; ``filled=False``, an outline, for a range inferred from the observations."""
        left, right = self.x(lo), self.x(hi)
        color = role_color(role)
        bar = Rectangle(width=right - left, height=BAR_H, color=color, stroke_width=2.5)
        bar.set_fill(color, opacity=0.85 if filled else 0.15)
        if role == OBSERVED.role:
            bar.set_stroke(FOREGROUND, width=1.5)
        return bar.move_to(w.at(0.5 * (left + right), y))

    def bracket(self, lo: float, hi: float, y: float) -> VMobject:
        """The paper's own range: a bracket in the law's colour, as in the figure."""
        color, a, b = role_color(LAW_D_EFF.role), self.x(lo), self.x(hi)
        parts = [Line(w.at(a, y), w.at(b, y), color=color, stroke_width=3)]
        for end in (a, b):
            parts.append(Line(w.at(end, y - 0.1), w.at(end, y + 0.1), color=color, stroke_width=3))
        return VGroup(*parts)

    def tag(self, *lines: str) -> VGroup:
        """A short label (TeX lines, left-aligned) on a backing of the background colour: row
        guides and the reference line pass behind it."""
        group = VGroup(*(w.math(s, size=Size.CAPTION) for s in lines))
        group.arrange(DOWN, aligned_edge=LEFT, buff=0.07)
        back = Rectangle(width=group.width + 0.12, height=group.height + 0.08, stroke_width=0)
        back.set_fill(BACKGROUND, opacity=1).move_to(group)
        return VGroup(back, group).set_z_index(1)

    def put(self, label: VMobject, mark: VMobject, *order: str) -> VMobject:
        """Put ``label`` beside ``mark`` at the first free place of ``order`` (keys of PLACES)."""

        def move_to(place: str) -> Box:
            direction, edge = PLACES[place]
            label.next_to(mark, direction, buff=0.12)
            if edge is not None:
                label.align_to(mark, edge)
            return w.mobject_box(label)

        frame = Box(-6.4, AXIS_Y + 0.06, 6.4, STATEMENT_Y - 0.28)
        place_label(move_to, order, frame=frame, taken=self.taken, gap=0.08)
        return label

    def take(self, *mobs: VMobject) -> None:
        self.taken += [w.mobject_box(m) for m in mobs]

    def heading(self, chart_row: ChartRow) -> VGroup:
        """A row's name and formula above its line at the left, and its faint guide line."""
        name = VGroup(w.text(chart_row.one_line_name, size=Size.CAPTION, color=MUTED))
        if chart_row.formula is not None:
            name.add(w.math(chart_row.formula, size=Size.CAPTION, color=MUTED))
        y = ROW_Y[chart_row]
        name.arrange(RIGHT, buff=0.18).move_to(w.at(-6.3, y + HEADING_LIFT), aligned_edge=LEFT)
        self.take(name)
        guide = DashedLine(w.at(AXIS_LEFT, y), w.at(AXIS_RIGHT, y), stroke_width=1, color=MUTED)
        return VGroup(name, guide.set_opacity(0.35).set_z_index(-1))


class HowBig(ThemedScene):
    """Classical p ~ n, the law's n d and n d_eff, robust models observed and GPT-3, for MNIST and
    ImageNet on one axis; each beat's numbers in a line under the axis."""

    def construct(self) -> None:
        r = self.r = scene_result("law-prediction")
        self.chart = Chart(r)
        origin = dict(zip(self.chart.sets, (str(o) for o in r["d_eff_origin"]), strict=True))
        self.read = [ds for ds in self.chart.sets if origin[ds] == OUR_READING]
        self.lines: dict[float, VMobject] = {}  # the statement and the readout on screen
        self.marks: dict[tuple[str, str], VMobject] = {}  # (data set, row id) -> its mark
        self.beat_classical()
        self.beat_full_dimension()
        self.beat_observed()
        for ds in self.chart.sets:  # the paper's estimate first, then this project's reading
            self.beat_effective(ds)
        self.beat_gap()

    def say(self, statement: str, readout: str) -> list[Animation]:
        """Animations that bring in the beat's one line and, under it, its numbers."""
        moves: list[Animation] = []
        for y, tex, size in (
            (STATEMENT_Y, statement, Size.STATEMENT),
            (READOUT_Y, readout, Size.CAPTION),
        ):
            role = "readout" if y == READOUT_Y else w.STATEMENT_ROLE
            line = w.statement(tex, size=size, role=role)  # raises if wider than safe
            line.move_to(w.at(0, y))
            old = self.lines.get(y)
            # the old line leaves before the new one enters: a cross-fade smears the two, and a
            # morph between sentences scrambles the letters
            rise = 0.15 * UP
            moves.append(
                FadeIn(line, shift=rise)
                if old is None
                else w.replace_statement(old, line, shift=rise)
            )
            self.lines[y] = line
        return moves

    def both(self, each) -> str:
        """``MNIST: ...;  ImageNet: ...`` (TeX) from ``each(data set)``."""
        return r";\quad ".join(rf"\text{{{ds}: }} {each(ds)}" for ds in self.chart.sets)

    # --- beats ----------------------------------------------------------------------------------

    def beat_classical(self) -> None:
        r, c, y, qid = self.r, self.chart, ROW_Y[CLASSICAL], CLASSICAL.ids[0]
        axis_name = w.math("p", size=Size.LABEL, color=MUTED)
        axis_name.next_to(c.line.get_right(), UP, buff=0.12)
        # the sources of everything drawn, once, in one line
        drawn = np.isin(r["quantity_id"], [q for row in PREDICTION_ROWS for q in row.ids])
        drawn |= r["quantity_id"] == PREDICTION_REFERENCE
        cited = [*r["input_source"], *r["source"][drawn]]
        footer = w.text("Sources: " + "; ".join(dict.fromkeys(map(cite, cited))), size=Size.NOTE)
        footer.set_color(MUTED).to_edge(DOWN, buff=0.42)
        c.take(axis_name)
        heading = c.heading(CLASSICAL)
        dots = [c.point(c.count(ds, qid)[0], y, "classical") for ds in c.sets]
        c.take(*dots)
        tags = [
            c.put(c.tag(rf"\text{{{ds}}}"), dot, "right", "above")
            for ds, dot in zip(c.sets, dots, strict=True)
        ]
        self.add(w.title("How big is big enough?"))  # the first frame, the thumbnail, shows it
        self.play(
            Create(c.axis),
            FadeIn(axis_name),
            FadeIn(footer),
            *self.say(
                r"\text{Classical rule: as many parameters as data points}",
                self.both(lambda ds: rf"n = {tex_sci(c.given(ds, 'n'))}\text{{ images}}"),
            ),
            run_time=1.5,
        )
        self.play(FadeIn(heading), GrowFromCenter(dots[0]), FadeIn(tags[0]))
        for k in range(1, len(dots)):  # a larger data set's count slides out from the first one's
            self.play(ReplacementTransform(dots[0].copy(), dots[k]), run_time=1.2)
            self.play(FadeIn(tags[k]), run_time=0.4)
        self.marks.update({(ds, qid): dot for ds, dot in zip(c.sets, dots, strict=True)})
        each = "; ".join(f"{ds}, n = {plain_sci(c.given(ds, 'n'))} images" for ds in c.sets)
        has = "; ".join(f"{ds}, {spoken(c.given(ds, 'n'))}" for ds in c.sets)
        self.beat(
            1.5,
            f"The classical rule of thumb: as many parameters as equations, p ~ n ({each}; "
            f"{r['input_source'][0]}).",
            name="classical",
            say=f"The classical rule: as many parameters as data points, here images: {has}.",
        )

    def beat_full_dimension(self) -> None:
        c, y, qid = self.chart, ROW_Y[LAW_FULL_D], LAW_FULL_D.ids[0]
        heading = c.heading(LAW_FULL_D)
        diamonds = [c.point(c.count(ds, qid)[0], y, "full") for ds in c.sets]
        c.take(*diamonds)
        tags = [
            c.put(c.tag(rf"\text{{{ds}}}"), mark, "right", "above", "left")
            for ds, mark in zip(c.sets, diamonds, strict=True)
        ]

        def product(ds: str) -> str:  # a d of 1e4 or more is rounded in the source: "about"
            d = c.given(ds, "d")
            sign = "=" if d < 1e4 else r"\approx"
            return rf"n \times {tex_sci(d)} {sign} {c.tex(*c.count(ds, qid))}"

        numbers = self.both(product)
        self.play(
            FadeIn(heading),
            *self.say(r"\text{The law: a smooth fit needs } p \gtrsim n\,d", numbers),
        )
        # each n comes down to this row and slides right by its factor d
        self.play(
            *(
                ReplacementTransform(self.marks[(ds, CLASSICAL.ids[0])].copy(), mark)
                for ds, mark in zip(c.sets, diamonds, strict=True)
            ),
            run_time=2.0,
        )
        self.play(*(FadeIn(t) for t in tags), run_time=0.5)
        self.marks.update({(ds, qid): m for ds, m in zip(c.sets, diamonds, strict=True)})
        each = "; ".join(
            f"{ds}: {c.dimension(ds)}, n*d = {plain_sci(c.count(ds, qid)[0])}" for ds in c.sets
        )
        counts = "; ".join(
            f"for {ds}, {'' if c.given(ds, 'd') < 1e4 else 'about '}{spoken(c.count(ds, qid)[0])}"
            for ds in c.sets
        )
        self.beat(
            2.0,
            "The law of robustness: to fit n noisy points with Lip ~ 1 takes p >~ n*d parameters, "
            f"d the dimension of the data, here its pixel count (constants omitted). {each}.",
            name="full-dimension",
            say="The law: a smooth fit needs n times d, d the pixel count, constants omitted. "
            f"That is, {counts}.",
        )

    def beat_observed(self) -> None:
        r, c, y = self.r, self.chart, ROW_Y[OBSERVED]
        heading = c.heading(OBSERVED)
        grows: list[Animation] = []
        labels, reached, notes, said = [], [], [], []
        for ds in c.sets:
            rows, group = c.rows(ds, OBSERVED.ids), VGroup()
            for j in rows:
                lo, hi = c.span(j)
                if lo == hi:
                    mark = c.point(lo, y, "observed")
                    grows.append(GrowFromCenter(mark))
                else:
                    mark = c.bar(lo, hi, y, OBSERVED.role)
                    grows.append(GrowFromEdge(mark, LEFT))
                group.add(mark)
            self.marks[(ds, OBSERVED.name)] = group
            c.take(*group)
            # a range is named with its count, under it; points by name, the accuracy under each
            ranges = [j for j in rows if c.span(j)[0] < c.span(j)[1]]
            name = rf"\text{{{ds}: }} {c.tex(*c.span(ranges[0]))}" if ranges else rf"\text{{{ds}}}"
            order = ("below", "left", "right") if ranges else ("left", "right", "below")
            labels.append(c.put(c.tag(name), group, *order))
            accuracies = []
            for j, mark in zip(rows, group, strict=True):  # the robust accuracy reached there
                acc, before = float(r["robust_accuracy"][j]), float(r["robust_accuracy_before"][j])
                if np.isfinite(acc):
                    jump = _percent(before) + r"\to " if np.isfinite(before) else ""
                    labels.append(c.put(c.tag(jump + _percent(acc)), mark, "below", "above"))
                    accuracies.append(rf"{jump}{_percent(acc)}\text{{ at }} {c.tex(*c.span(j))}")
            if accuracies:
                reached.append(rf"\text{{{ds}: robust accuracy }}" + r",\ ".join(accuracies))
            notes.append(
                f"{ds}: "
                + "; ".join(
                    f"{r['quantity'][j]} at {c.plain(*c.span(j))} ({r['source'][j]})" for j in rows
                )
            )
            heard: list[str] = []  # the same rows, for speech
            for j in rows:
                acc, count = float(r["robust_accuracy"][j]), _spoken_range(*c.span(j))
                if not np.isfinite(acc):
                    heard.append(count)
                elif heard:
                    heard.append(f"{100 * acc:.0f} percent at {count}")
                else:
                    heard.append(f"{100 * acc:.0f} percent robust accuracy at {count} parameters")
            said.append(f"on {ds}, " + ", then ".join(heard))
        between = all(
            c.count(ds, CLASSICAL.ids[0])[0] < c.span(j)[0]
            and c.span(j)[1] < c.count(ds, LAW_FULL_D.ids[0])[0]
            for ds in c.sets
            for j in c.rows(ds, OBSERVED.ids)
        )
        statement = (
            r"\text{Robust models observed: more than } n\text{, fewer than } n\,d"
            if between
            else r"\text{Robust models observed, on the same axis}"
        )
        self.play(FadeIn(heading), *self.say(statement, r";\quad ".join(reached)))
        self.play(*grows, run_time=1.5)
        self.play(*(FadeIn(lab) for lab in labels), run_time=0.5)
        close = " Each lies between the classical n and the law's n*d." if between else ""
        self.beat(
            2.0,
            "What robust models really had. " + ". ".join(notes) + "." + close,
            name="observed",
            say="Robust models observed: "
            + "; ".join(said)
            + "."
            + (" All lie between n and n d." if between else ""),
        )

    def beat_effective(self, ds: str) -> None:
        """The law with an effective dimension for ``ds``: n d slides down to n d_eff, a filled
        bar where d_eff is the paper's estimate (MNIST), hatched where it is this project's
        reading of the paper's words (ImageNet); the paper's own rounded range, a bracket."""
        r, c, y, qid = self.r, self.chart, ROW_Y[LAW_D_EFF], LAW_D_EFF.ids[0]
        i, reading = c.sets.index(ds), ds in self.read
        first = i == 0  # the row's name comes in with the first data set
        heading = c.heading(LAW_D_EFF) if first else VGroup()
        lo, hi = c.count(ds, qid)
        bar = c.bar(lo, hi, y, LAW_D_EFF.role, filled=not reading)
        move = ReplacementTransform(self.marks[(ds, LAW_FULL_D.ids[0])].copy(), bar)
        c.take(bar)
        p_lo, p_hi = c.span(c.rows(ds, (PAPER_RANGE,))[0])
        # the paper's range over this project's reading (as in the figure); under the paper's own
        # estimate, where the row's name is above the bar
        mark = c.bracket(p_lo, p_hi, y + (BRACKET_LIFT if reading else -BRACKET_LIFT))
        c.take(mark)
        self.marks[(ds, PAPER_RANGE)] = mark
        words: VMobject
        if reading:  # the paper's range named over its bracket, the reading under its bar
            words = c.tag(rf"\text{{the paper: }} \geq {c.tex(p_lo, p_hi)}")
            c.put(words, mark, "above", "above-right", "above-left")
            tag = c.tag(rf"\text{{{ds}:}}", r"\text{our reading}")
            c.put(tag, bar, "below", "below-right", "right", "below-left", "left")
        else:  # one label right of the bracket, under the row's name, names both
            words = VGroup()
            tag = c.tag(
                rf"\text{{{ds}: paper's }} {D_EFF}\text{{;}}",
                rf"\text{{bracket: }} \geq {c.tex(p_lo, p_hi)}",
            )
            c.put(tag, mark, "right", "below-right", "right-down")
        d_lo, d_hi = c.given(ds, "d_eff_low"), c.given(ds, "d_eff_high")
        numbers = (
            rf"\text{{{ds}{', our reading' if reading else ''}: }} {D_EFF} = "
            rf"{c.tex(d_lo, d_hi, 1e3)}\text{{, so }} n\,{D_EFF} = {c.tex(lo, hi)}"
        )
        paper = c.plain(p_lo, p_hi)
        quote = str(r["paper_words"][i])
        if reading:
            words_d = str(r["d_eff_words"][i])
            n_set, n_src = c.given(ds, "n_trained"), cite(str(r["n_trained_source"][i]))
            (k,) = c.rows(ds, ("law_d_eff_trained",))
            statement = rf"{D_EFF}\text{{: ``{words_d}'' than }} d"
            note = (
                f'{ds}: the paper (sec. 1.1): "{quote}" Its n = {plain_sci(c.given(ds, "n"))} '
                f"is {r['n_basis'][i]}. This project reads 'a couple of order of magnitudes "
                f"smaller' as d_eff = {c.plain(d_lo, d_hi)}, which gives n*d_eff = "
                f"{c.plain(lo, hi)} (computed). The robust models were trained on ImageNet-1k, "
                f"n = {plain_sci(n_set, 3)} images ({n_src}): with that n the same reading gives "
                f"{c.plain(*c.span(k))} (not drawn). The paper calls this reading speculative."
            )
            said = (
                f"For {ds}, the effective dimension is, in the paper's words, {words_d} than d. "
                f"Our reading: {_spoken_range(d_lo, d_hi)}, so {_spoken_range(lo, hi)}. The "
                f"paper: at least {_spoken_range(p_lo, p_hi)}."
            )
        else:
            seen_lo, seen_hi = (float(v) for v in r["observed_over_n"][i])
            statement = (
                rf"\text{{{ds}: the paper estimates }} {D_EFF} \text{{ between }} "
                rf"{c.tex(d_lo, d_lo, 1e3)} \text{{ and }} {c.tex(d_hi, d_hi, 1e3)}"
            )
            note = (
                f'{ds}: the paper (sec. 1.1): "{quote}" Its d_eff = {c.plain(d_lo, d_hi)} gives '
                f"n*d_eff = {c.plain(lo, hi)} (computed; the paper rounds to {paper}). The robust "
                f"models observed have {seen_lo:.2g} to {seen_hi:.2g} times n parameters: at or "
                "below that range, which the paper calls far from perfect, and far above the "
                "classical n."
            )
            said = (
                f"For {ds}, the paper estimates an effective dimension between "
                f"{_spoken_range(d_lo, d_lo)} and {_spoken_range(d_hi, d_hi)}: n times that is "
                f"{_spoken_range(lo, hi)}. The models observed sit at or below it: far from "
                "perfect, the paper says, but much closer than the classical rule."
            )
        self.play(FadeIn(heading), *self.say(statement, numbers))
        self.play(move, run_time=2.0)
        self.play(FadeIn(tag), run_time=0.5)
        self.play(Create(mark), FadeIn(words))
        self.beat(2.0, note, name="our-reading" if reading else "estimate", say=said)

    def beat_gap(self) -> None:
        """GPT-3 for scale, and the gap from the robust models observed to the paper's range."""
        r, c, y, ds = self.r, self.chart, ROW_Y[OBSERVED], self.read[0]
        ref = int(np.nonzero(r["quantity_id"] == PREDICTION_REFERENCE)[0][0])
        ref_p, ref_x = c.span(ref)[0], c.x(c.span(ref)[0])
        line = DashedLine(
            w.at(ref_x, AXIS_Y), w.at(ref_x, ROW_Y[CLASSICAL] + 0.35), color=role_color("reference")
        )
        name = c.tag(rf"\text{{{r['quantity'][ref]}}}")  # low, right of it
        name.move_to(w.at(ref_x + 0.12 + name.width / 2, AXIS_Y + 0.12 + name.height / 2))
        seen = self.marks[(ds, OBSERVED.name)]
        o_lo, o_hi = c.span(c.rows(ds, OBSERVED.ids)[0])
        p_lo, p_hi = c.span(c.rows(ds, (PAPER_RANGE,))[0])
        ghost = c.bracket(p_lo, p_hi, y)
        # how many times more, between the middles (on the log axis) of the two ranges
        factor = 10 ** round(0.5 * np.log10(p_lo * p_hi / (o_lo * o_hi)))
        gap = Arrow(seen.get_right(), ghost.get_left(), buff=0.08, color=FOREGROUND, stroke_width=3)
        times = c.tag(rf"{{\sim}}{factor:.0f}{{\times}}").next_to(gap, UP, buff=0.04)
        claim = int(np.nonzero(r["quantity_id"] == THREAD_CLAIM)[0][0])
        readout = (
            rf"\text{{The paper's range: }}{{\sim}}{factor:.0f}{{\times}}"
            rf"\text{{ the robust models;\quad {r['quantity'][ref]}: }} {tex_sci(ref_p)}"
        )
        self.play(
            *self.say(r"\text{Speculatively: robust ImageNet needs GPT-3 scale}", readout),
            Create(line),
            FadeIn(name),
            run_time=1.2,
        )
        self.play(ReplacementTransform(self.marks[(ds, PAPER_RANGE)].copy(), ghost), run_time=1.2)
        self.play(GrowFromEdge(gap, LEFT), FadeIn(times))
        self.beat(
            3.0,
            f"{ds}: robustly trained models had {c.plain(o_lo, o_hi)} parameters; the paper's "
            f"reading asks for at least {c.plain(p_lo, p_hi)}, about {factor:.0f} times more. "
            f"{r['quantity'][ref]} has {plain_sci(ref_p, 3)} ({cite(str(r['source'][ref]))}); the "
            f"thread announcing the paper ({r['source'][claim]}) says at least "
            f"{plain_sci(c.span(claim)[0])} parameters. The paper calls this reading speculative.",
            name="gap",
            say=f"Speculatively, then: robust {ds} models would need about {factor:.0f} "
            "times more parameters than the robust models of the time: the scale of "
            f"{r['quantity'][ref]}, with {spoken(ref_p, 3)}.",
        )
