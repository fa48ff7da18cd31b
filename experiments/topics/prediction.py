"""Squinting like a physicist: what the law of robustness predicts for MNIST and ImageNet.

Where each number comes from: docs/science.md, section 6.

Bubeck & Sellke (2021, sec. 1.1) read the law p >~ n d on real data with d replaced by an
*effective* dimension d_eff of the images. This module holds the numbers of that section as data,
each with its source, and computes the predictions from them by formula:

- classical rule (as many parameters as equations): p ~ n;
- the law with the effective dimension: p ~ n d_eff, for d_eff in a range (config);
- the law with the full pixel dimension: p ~ n d.

Inputs, and where each comes from (exported per row as ``origin``). MNIST: n = 6e4 images of
dimension d = 28^2 = 784. The paper's sentence (``PAPER_WORDS["MNIST"]``): the law "would predict
any such model must have at least nd parameters, and this latter quantity should be somewhere in
the range 10^6 - 10^7 (corresponding to an effective dimension between 15 and 150)". So d_eff =
15..150 is *the paper's estimate* (it does not say how it was obtained); n d_eff = 9e5..9e6 is
computed from it, and the paper's rounded "1e6..1e7" is a row of its own. The observed sizes,
2e5..3e6, are 3.3..50 times n (exported as ``observed_over_n``): at or below that range, which the
paper calls "far from perfect" but "far more accurate than the classical rule of thumb".
ImageNet: n = 1.4e7 images (the paper's count: the full ImageNet; the robust models it compares
with were trained on ImageNet-1k, 1.28e6 images, exported as ``n_trained``) of dimension ~2e5
(256^2 * 3 ~ 2.0e5), effective dimension "a couple of order of magnitudes smaller" (the paper's
words); *this project reads* them as d_eff = 1e3..1e4 (around 2e5 / 1e2 = 2e3), which gives n d_eff
= 1.4e10..1.4e11 with the paper's n and 1.28e9..1.28e10 with ImageNet-1k's (a row of its own, not
drawn). The paper's own conclusion, "at least 1e10..1e11", is a row of its own, as is the thread's
"at least 100 billion parameters (GPT-3-like scale)". The paper calls this reading speculative.

Observed, for comparison: robust MNIST accuracy jumps from ~10% to ~90% at ~2e5 parameters and
reaches ~95% at ~3e6 (Madry et al. 2018, fig. 4, as read in Bubeck & Sellke sec. 1.1); robustly
trained ImageNet models of 2021 had 1e8..1e9 parameters; GPT-3 has 1.75e11 (Brown et al. 2020).

Nothing here is random and nothing is fitted: the result is a table of cited inputs and
predictions computed from them, stored as parallel arrays (one entry per row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from experiments.core.config import ExperimentConfig, param
from experiments.core.errors import UserError
from experiments.core.registry import RunContext, experiment

PAPER = "Bubeck & Sellke 2021, sec. 1.1"
MADRY = "Madry et al. 2018, fig. 4"
THREAD = "Bubeck 2021, thread tweet 3/7"
GPT3 = "Brown et al. 2020 (GPT-3)"
ILSVRC = "Russakovsky et al. 2015 (ImageNet-1k)"

KINDS = ("classical", "law", "observed", "reference")
# Where a number comes from (the paper's words, a number the paper states as its estimate, this
# project's reading of the paper's words, or a formula applied to cited inputs): figures and
# scenes tell them apart.
CITED, PAPER_ESTIMATE, OUR_READING, COMPUTED = (
    "cited",
    "the paper's estimate",
    "this project's reading",
    "computed",
)
ORIGINS = (CITED, PAPER_ESTIMATE, OUR_READING, COMPUTED)


@dataclass(frozen=True)
class DataSet:
    """A data set as the paper counts it: n images of (ambient) dimension d; ``n_trained``, the
    images of the set the observed robust models were trained on, and where that count is from."""

    name: str
    n: float
    d: float
    source: str
    n_basis: str
    n_trained: float
    n_trained_source: str


MNIST = DataSet("MNIST", 6e4, 28.0**2, PAPER, "the training set", 6e4, PAPER)
IMAGENET = DataSet(
    "ImageNet",
    1.4e7,
    2e5,
    PAPER,
    "the full ImageNet, as the paper counts it",
    1.28e6,
    ILSVRC,
)
DATASETS = (MNIST, IMAGENET)


@dataclass(frozen=True)
class Observation:
    """A cited parameter count (a point when low == high) and, for MNIST, its robust accuracy."""

    dataset: str
    quantity_id: str
    quantity: str
    kind: str
    params_low: float
    params_high: float
    source: str
    robust_accuracy: float = np.nan  # robust test accuracy reached at this size
    robust_accuracy_before: float = np.nan  # accuracy just below this size (for a jump)
    origin: str = CITED


OBSERVATIONS = (
    Observation(
        "MNIST",
        "robust_jump",
        "robust accuracy ~10% -> ~90%",
        "observed",
        2e5,
        2e5,
        MADRY,
        robust_accuracy=0.90,
        robust_accuracy_before=0.10,
    ),
    Observation(
        "MNIST",
        "robust_95",
        "robust accuracy ~95%",
        "observed",
        3e6,
        3e6,
        MADRY,
        robust_accuracy=0.95,
    ),
    Observation(
        "MNIST",
        "paper_prediction",
        "the paper: 1e6..1e7",
        "law",
        1e6,
        1e7,
        PAPER,
    ),
    Observation(
        "ImageNet",
        "robust_models",
        "robustly trained models (2021)",
        "observed",
        1e8,
        1e9,
        PAPER,
    ),
    Observation(
        "ImageNet",
        "paper_prediction",
        "the paper: at least 1e10..1e11",
        "law",
        1e10,
        1e11,
        PAPER,
    ),
    Observation(
        "ImageNet",
        "thread_claim",
        "thread: at least 100 billion",
        "reference",
        1e11,
        1e11,
        THREAD,
    ),
    Observation("ImageNet", "gpt3", "GPT-3", "reference", 1.75e11, 1.75e11, GPT3),
)


@dataclass(frozen=True)
class LawPredictionConfig(ExperimentConfig):
    mnist_d_eff_low: float = param(
        15.0, help="MNIST effective dimension, low end", min=1.0, max=MNIST.d
    )
    mnist_d_eff_high: float = param(
        150.0, help="MNIST effective dimension, high end", min=1.0, max=MNIST.d
    )
    imagenet_d_eff_low: float = param(
        1e3, help="ImageNet effective dimension, low end", min=1.0, max=IMAGENET.d
    )
    imagenet_d_eff_high: float = param(
        1e4, help="ImageNet effective dimension, high end", min=1.0, max=IMAGENET.d
    )

    def validate(self) -> None:
        for name in ("mnist", "imagenet"):
            low = getattr(self, f"{name}_d_eff_low")
            high = getattr(self, f"{name}_d_eff_high")
            if low > high:
                raise UserError(
                    f"{name}_d_eff_low must be <= {name}_d_eff_high "
                    f"(got {low:g} > {high:g}): the effective dimension is a range low..high"
                )

    def d_eff(self, dataset: str) -> tuple[float, float]:
        """(low, high) effective dimension of ``dataset`` (``"MNIST"`` or ``"ImageNet"``)."""
        key = dataset.lower()
        return getattr(self, f"{key}_d_eff_low"), getattr(self, f"{key}_d_eff_high")


# How each data set's effective dimension was obtained.
D_EFF_ORIGIN = {"MNIST": PAPER_ESTIMATE, "ImageNet": OUR_READING}
D_EFF_BASIS = {
    "MNIST": "the paper's estimate, 'an effective dimension between 15 and 150'",
    "ImageNet": "read by this project from the paper's 'a couple of order of magnitudes smaller'",
}
# The paper's own words for the effective dimension, where it gives words rather than a number
# (shown as a quotation, apart from any number read from them).
D_EFF_WORDS = {"MNIST": "", "ImageNet": "a couple of order of magnitudes smaller"}
# The paper's sentence for each data set (Bubeck & Sellke 2021, sec. 1.1), quoted.
PAPER_WORDS = {
    "MNIST": (
        "the law of robustness would predict any such model must have at least nd parameters, "
        "and this latter quantity should be somewhere in the range 10^6 - 10^7 (corresponding "
        "to an effective dimension between 15 and 150). While far from perfect, the law of "
        "robustness prediction is far more accurate than the classical rule of thumb "
        "# parameters ~ # equations (which here would predict a number of parameters of the "
        "order 10^4)."
    ),
    "ImageNet": (
        "the ImageNet dataset, which consists of 1.4 x 10^7 images of size roughly 2 x 10^5. "
        "Estimating that the effective dimension is a couple of order of magnitudes smaller "
        "than this size, the law of robustness predicts that to obtain good robust models on "
        "ImageNet one would need at least 10^10 - 10^11 parameters."
    ),
}


def law_rows(data: DataSet, d_eff_low: float, d_eff_high: float) -> list[Observation]:
    """The three predictions for one data set: p ~ n, p ~ n d_eff (a range), p ~ n d."""
    n, d = data.n, data.d
    lo, hi = n * d_eff_low, n * d_eff_high
    rows = [
        Observation(
            data.name, "classical", "classical p ~ n", "classical", n, n, PAPER, origin=COMPUTED
        ),
        Observation(
            data.name,
            "law_d_eff",
            "law p ~ n d_eff",
            "law",
            lo,
            hi,
            PAPER,
            origin=D_EFF_ORIGIN[data.name],
        ),
        Observation(
            data.name,
            "law_full_d",
            "law p ~ n d (full d)",
            "law",
            n * d,
            n * d,
            PAPER,
            origin=COMPUTED,
        ),
    ]
    if data.n_trained != n:  # the same reading with the n of the set the robust models used
        rows.append(
            Observation(
                data.name,
                "law_d_eff_trained",
                f"law p ~ n d_eff, n = {data.n_trained:.3g} ({data.n_trained_source})",
                "law",
                data.n_trained * d_eff_low,
                data.n_trained * d_eff_high,
                data.n_trained_source,
                origin=D_EFF_ORIGIN[data.name],
            )
        )
    return rows


def observed_over_n(data: DataSet) -> tuple[float, float]:
    """(smallest, largest) observed robust model size of ``data``, divided by its n: the d_eff at
    which p = n d_eff would meet the observations exactly."""
    seen = [o for o in OBSERVATIONS if o.dataset == data.name and o.kind == "observed"]
    return min(o.params_low for o in seen) / data.n, max(o.params_high for o in seen) / data.n


@experiment(
    "law-prediction",
    description="parameters the law of robustness predicts for MNIST and ImageNet "
    "(p ~ n, n d_eff, n d) against robust models observed and GPT-3, with sources and where "
    "each number comes from",
    config=LawPredictionConfig,
    version=4,
)
def law_prediction(config: LawPredictionConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    rows: list[Observation] = []
    for data in DATASETS:
        rows += law_rows(data, *config.d_eff(data.name))
        rows += [o for o in OBSERVATIONS if o.dataset == data.name]
    for row in rows:  # guard the hand-written table
        assert row.kind in KINDS and row.origin in ORIGINS, row
        assert row.params_low <= row.params_high, row

    d_eff = np.array([config.d_eff(data.name) for data in DATASETS], dtype=float)
    return {
        # one entry per row
        "dataset": np.array([r.dataset for r in rows], dtype=np.str_),
        "quantity_id": np.array([r.quantity_id for r in rows], dtype=np.str_),
        "quantity": np.array([r.quantity for r in rows], dtype=np.str_),
        "kind": np.array([r.kind for r in rows], dtype=np.str_),
        "params_low": np.array([r.params_low for r in rows], dtype=float),
        "params_high": np.array([r.params_high for r in rows], dtype=float),
        "source": np.array([r.source for r in rows], dtype=np.str_),
        "origin": np.array([r.origin for r in rows], dtype=np.str_),
        "robust_accuracy": np.array([r.robust_accuracy for r in rows], dtype=float),
        "robust_accuracy_before": np.array([r.robust_accuracy_before for r in rows], dtype=float),
        # one entry per data set: the inputs
        "datasets": np.array([data.name for data in DATASETS], dtype=np.str_),
        "n": np.array([data.n for data in DATASETS], dtype=float),
        "d": np.array([data.d for data in DATASETS], dtype=float),
        "d_eff_low": d_eff[:, 0],
        "d_eff_high": d_eff[:, 1],
        "input_source": np.array([data.source for data in DATASETS], dtype=np.str_),
        "n_basis": np.array([data.n_basis for data in DATASETS], dtype=np.str_),
        "n_trained": np.array([data.n_trained for data in DATASETS], dtype=float),
        "n_trained_source": np.array([data.n_trained_source for data in DATASETS], dtype=np.str_),
        # the observed robust sizes of each data set, as multiples of its n (MNIST: 3.3..50)
        "observed_over_n": np.array([observed_over_n(data) for data in DATASETS], dtype=float),
        "paper_words": np.array([PAPER_WORDS[data.name] for data in DATASETS], dtype=np.str_),
        "d_eff_origin": np.array([D_EFF_ORIGIN[data.name] for data in DATASETS], dtype=np.str_),
        "d_eff_basis": np.array([D_EFF_BASIS[data.name] for data in DATASETS], dtype=np.str_),
        "d_eff_words": np.array([D_EFF_WORDS[data.name] for data in DATASETS], dtype=np.str_),
    }
