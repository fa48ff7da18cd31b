"""What a chart shows, shared by a paper figure and the scene that animates the same chart.

Plain data and small choices, no drawing: the rows of the parameter-count chart (figure
``law-prediction`` and scene ``how-big``), and which members of a long series to draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ChartRow:
    """One row of a chart: the result entries drawn on it, its name, formula and colour role.

    Attributes
    ----------
    ids
        Values of the result's ``quantity_id`` drawn on this row.
    name
        The row's name; a line break marks where a narrow label may break it.
    formula
        TeX of the row's formula (valid in LaTeX and in matplotlib's mathtext), or None.
    role
        The theme colour role of what the row draws (``assets/theme.json``).
    """

    ids: tuple[str, ...]
    name: str
    formula: str | None
    role: str

    @property
    def one_line_name(self) -> str:
        return self.name.replace("\n", " ")


# The parameter-count chart of each data set, top to bottom (``law-prediction`` result).
PREDICTION_ROWS: tuple[ChartRow, ...] = (
    ChartRow(("classical",), "classical rule", r"p \sim n", "classical"),
    ChartRow(
        ("law_d_eff", "paper_prediction"),
        "law, effective dim.",
        r"p \sim n\,d_{\mathrm{eff}}",
        "law",
    ),
    ChartRow(("law_full_d",), "law, full dim.", r"p \sim n\,d", "law"),
    ChartRow(
        ("robust_jump", "robust_95", "robust_models"), "robust models\nobserved", None, "data"
    ),
)
# Drawn across every row as a vertical line, for scale.
PREDICTION_REFERENCE = "gpt3"


def cite(source: str) -> str:
    """A short citation from a result's source, for a footer or a figure title:
    ``Madry et al. 2018, fig. 4`` and ``Brown et al. 2020 (GPT-3)`` give ``Madry et al. 2018``
    and ``Brown et al. 2020``."""
    return re.sub(r"\s*\(.*?\)", "", source.split(",")[0]).strip()


def log_spaced_indices(values: np.ndarray, k: int) -> list[int]:
    """Indices of at most ``k`` entries of ``values``, spread evenly on a log scale, ascending.

    Which dimensions of a long series a chart draws: e.g. 1, 10, 100, 1000 of 1, 2, 3, ..., 1000.
    """
    values = np.asarray(values)
    order = np.argsort(values, kind="stable")
    if len(values) <= k:
        return [int(i) for i in order]
    logs = np.log(values[order].astype(float))
    chosen: list[int] = []
    for t in np.linspace(logs[0], logs[-1], k):
        i = int(order[np.argmin(np.abs(logs - t))])
        if i not in chosen:
            chosen.append(i)
    return chosen
