"""The numbers of the chapter's explorable (``explorable.js``): every row of the stored
``law-prediction`` result (each count or range of parameters, its kind, origin and source) and
each data set's inputs, as stored; and which rows the paper figure and the scene draw with which
mark (``assets.charts.PREDICTION_ROWS``), so that the page draws them the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assets.charts import PREDICTION_REFERENCE, PREDICTION_ROWS
from experiments.topics.prediction import OUR_READING

ROWS = (  # one entry per row of the result
    "dataset",
    "quantity_id",
    "quantity",
    "kind",
    "params_low",
    "params_high",
    "source",
    "origin",
    "robust_accuracy",
    "robust_accuracy_before",
)
SETS = (  # one entry per data set: its inputs and where they come from
    "datasets",
    "n",
    "d",
    "d_eff_low",
    "d_eff_high",
    "input_source",
    "n_basis",
    "n_trained",
    "n_trained_source",
    "paper_words",
    "d_eff_origin",
    "d_eff_basis",
    "d_eff_words",
)


def data(result: Callable[[str], Any]) -> dict[str, Any]:
    r = result("law-prediction").arrays
    classical, d_eff, full_d, observed = PREDICTION_ROWS
    return {
        **{key: r[key] for key in (*ROWS, *SETS)},
        # the marks of the paper figure and the scene, by quantity_id: a dot (classical), a bar
        # (n d_eff: filled for the paper's estimate, an outline for this project's reading), a
        # bracket (the paper's own range), a hollow diamond (n d), ringed dots and bars (observed)
        # and a dashed line across (the reference, GPT-3)
        "marks": {
            "classical": classical.ids[0],
            "d_eff": d_eff.ids[0],
            "paper": d_eff.ids[1],
            "full_d": full_d.ids[0],
            "observed": list(observed.ids),
            "reference": PREDICTION_REFERENCE,
        },
        # the origin of a number this project read from the paper's words (an outlined bar)
        "reading": OUR_READING,
        # the theme colour of each kind: the figure's, where it draws a row of that kind (the
        # observed models in the "data" colour), else the colour named like the kind
        "kind_role": {str(kind): _role(r, str(kind)) for kind in dict.fromkeys(r["kind"])},
    }


def _role(r: Any, kind: str) -> str:
    drawn = {str(q) for q, k in zip(r["quantity_id"], r["kind"], strict=True) if k == kind}
    return next((row.role for row in PREDICTION_ROWS if drawn & set(row.ids)), kind)
