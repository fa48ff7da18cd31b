"""Display helpers shared by figures and scenes: the label placer, the chart rows, series."""

from __future__ import annotations

import numpy as np
import pytest

from assets.charts import PREDICTION_ROWS, log_spaced_indices
from assets.layout import Box, place_label


class Label:
    """A label of fixed size whose position is set by a place (its lower-left corner)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height, self.at = width, height, (0.0, 0.0)

    def move_to(self, place: tuple[float, float]) -> Box:
        self.at = place
        x, y = place
        return Box(x, y, x + self.width, y + self.height)


FRAME = Box(0, 0, 100, 50)


def test_first_free_place_wins() -> None:
    label, taken = Label(10, 4), []
    chosen = place_label(label.move_to, [(5, 5), (50, 5)], frame=FRAME, taken=taken)
    assert chosen == (5, 5) and label.at == (5, 5)
    assert taken == [Box(5, 5, 15, 9)]  # the label's box is now taken


def test_a_place_outside_the_frame_crossing_a_line_or_covering_a_label_is_skipped() -> None:
    label = Label(10, 4)
    taken = [Box(40, 0, 60, 10)]
    places = [(95, 5), (20, 5), (45, 5), (70, 5)]  # off the right edge; on the line; on a label
    chosen = place_label(label.move_to, places, frame=FRAME, taken=taken, lines_x=[25])
    assert chosen == (70, 5) and label.at == (70, 5)
    # a gap keeps labels and lines apart by that much horizontally
    label = Label(10, 4)
    chosen = place_label(label.move_to, [(61, 0), (80, 0)], frame=FRAME, taken=taken[:1], gap=2)
    assert chosen == (80, 0)


def test_when_nothing_is_free_the_label_stays_at_the_last_place() -> None:
    label, taken = Label(10, 4), [Box(0, 0, 100, 50)]
    chosen = place_label(label.move_to, [(5, 5), (30, 5)], frame=FRAME, taken=taken)
    assert chosen == (30, 5) and label.at == (30, 5) and taken[-1] == Box(30, 5, 40, 9)
    with pytest.raises(ValueError):
        place_label(label.move_to, [], frame=FRAME, taken=taken)


def test_the_prediction_figure_draws_the_shared_rows_in_their_role_colours() -> None:
    from matplotlib.colors import to_hex

    from assets.theme import color
    from experiments.core.store import load
    from figures.kit.style import paper_style
    from figures.topics.prediction import law_prediction

    with paper_style():
        fig = law_prediction({"law-prediction": load("law-prediction")})
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    names = [r.name.split("\n")[0] for r in PREDICTION_ROWS]
    assert [lab.split("\n")[0] for lab in labels] == names
    classical = next(line for line in ax.lines if list(line.get_ydata()) == [0])
    assert to_hex(classical.get_color()) == color(PREDICTION_ROWS[0].role).lower()


def test_log_spaced_indices() -> None:
    dims = np.array([1, 2, 3, 5, 10, 30, 100, 300, 1000])
    picked = log_spaced_indices(dims, 4)
    assert dims[picked].tolist() == [1, 10, 100, 1000]
    assert log_spaced_indices(np.array([5, 2]), 4) == [1, 0]
