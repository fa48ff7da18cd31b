"""The law's predictions for MNIST and ImageNet: computed from their cited inputs, with sources."""

from __future__ import annotations

import numpy as np
import pytest

from experiments.core.errors import UserError
from experiments.core.store import load
from experiments.topics.prediction import KINDS, LawPredictionConfig
from figures.topics.prediction import sci


def _row(r, dataset: str, quantity_id: str) -> int:
    (idx,) = np.nonzero((r["dataset"] == dataset) & (r["quantity_id"] == quantity_id))
    assert idx.size == 1, (dataset, quantity_id)
    return int(idx[0])


def _inputs(r, dataset: str) -> dict[str, float]:
    i = list(r["datasets"]).index(dataset)
    return {k: float(r[k][i]) for k in ("n", "d", "d_eff_low", "d_eff_high")}


def test_inputs_are_the_cited_numbers() -> None:
    r = load("law-prediction")
    assert list(r["datasets"]) == ["MNIST", "ImageNet"]
    assert _inputs(r, "MNIST") == {"n": 6e4, "d": 784.0, "d_eff_low": 15.0, "d_eff_high": 150.0}
    assert _inputs(r, "ImageNet") == {
        "n": 1.4e7,
        "d": 2e5,
        "d_eff_low": 1e3,
        "d_eff_high": 1e4,
    }


@pytest.mark.parametrize("dataset", ["MNIST", "ImageNet"])
def test_predictions_are_computed_from_the_inputs(dataset: str) -> None:
    r = load("law-prediction")
    x = _inputs(r, dataset)
    lo, hi = r["params_low"], r["params_high"]
    j = _row(r, dataset, "classical")
    assert lo[j] == hi[j] == x["n"]
    j = _row(r, dataset, "law_d_eff")
    assert lo[j] == pytest.approx(x["n"] * x["d_eff_low"], rel=1e-15)
    assert hi[j] == pytest.approx(x["n"] * x["d_eff_high"], rel=1e-15)
    j = _row(r, dataset, "law_full_d")
    assert lo[j] == hi[j] == pytest.approx(x["n"] * x["d"], rel=1e-15)


def test_mnist_law_range_is_the_papers_1e6_to_1e7() -> None:
    r = load("law-prediction")
    j = _row(r, "MNIST", "law_d_eff")
    assert (r["params_low"][j], r["params_high"][j]) == (9e5, 9e6)  # n d_eff ~ 1e6..1e7
    # the paper's own rounded range is a cited row of its own; n d_eff rounds to it in log10
    k = _row(r, "MNIST", "paper_prediction")
    assert (r["params_low"][k], r["params_high"][k]) == (1e6, 1e7)
    assert np.allclose(np.log10([r["params_low"][j], r["params_high"][j]]), [6, 7], atol=0.05)


def test_the_papers_sentences_are_quoted_and_the_numbers_agree_with_them() -> None:
    """Bubeck & Sellke, sec. 1.1: for MNIST "this latter quantity [n d] should be somewhere in
    the range 10^6 - 10^7 (corresponding to an effective dimension between 15 and 150)". The
    d_eff range is the paper's estimate, not inferred from the observed sizes: those are
    3.3..50 times n, which is not 15..150."""
    import re

    r = load("law-prediction")
    words = dict(zip(r["datasets"], r["paper_words"], strict=True))
    mnist = words["MNIST"]
    d_lo, d_hi = (float(x) for x in re.search(r"between (\d+) and (\d+)", mnist).groups())
    assert (d_lo, d_hi) == (_inputs(r, "MNIST")["d_eff_low"], _inputs(r, "MNIST")["d_eff_high"])
    e_lo, e_hi = (int(x) for x in re.search(r"range 10\^(\d+) - 10\^(\d+)", mnist).groups())
    k = _row(r, "MNIST", "paper_prediction")
    assert (r["params_low"][k], r["params_high"][k]) == (10.0**e_lo, 10.0**e_hi)
    assert "order 10^4" in mnist  # the classical count, in the paper's words
    # the observed sizes as multiples of n: what d_eff would be if p = n d_eff met them
    obs = r["observed_over_n"][list(r["datasets"]).index("MNIST")]
    assert np.allclose(obs, (2e5 / 6e4, 3e6 / 6e4)) and f"{obs[0]:.2g}..{obs[1]:.2g}" == "3.3..50"
    assert not (d_lo <= obs[0] and obs[1] <= d_hi)  # 15..150 is not read off them
    imagenet = words["ImageNet"]
    assert "1.4 x 10^7 images" in imagenet and "at least 10^10 - 10^11 parameters" in imagenet
    assert "a couple of order of magnitudes smaller" in imagenet


def test_imagenet_n_says_which_set_it_counts() -> None:
    """The paper's n = 1.4e7 is the full ImageNet; the robust models were trained on
    ImageNet-1k, 1.28e6 images, and the same reading of d_eff with that n is a row of its own."""
    r = load("law-prediction")
    i = list(r["datasets"]).index("ImageNet")
    assert r["n"][i] == 1.4e7 and "full ImageNet" in r["n_basis"][i]
    assert r["n_trained"][i] == 1.28e6 and "ImageNet-1k" in r["n_trained_source"][i]
    j = _row(r, "ImageNet", "law_d_eff_trained")
    x = _inputs(r, "ImageNet")
    assert r["params_low"][j] == pytest.approx(1.28e6 * x["d_eff_low"], rel=1e-15)
    assert r["params_high"][j] == pytest.approx(1.28e6 * x["d_eff_high"], rel=1e-15)
    assert r["source"][j] == r["n_trained_source"][i]
    # MNIST's robust models used the paper's own n: no second row
    m = list(r["datasets"]).index("MNIST")
    assert r["n_trained"][m] == r["n"][m] == 6e4
    assert not np.any((r["dataset"] == "MNIST") & (r["quantity_id"] == "law_d_eff_trained"))


def test_imagenet_law_range_holds_the_threads_100_billion_and_reaches_gpt3_scale() -> None:
    r = load("law-prediction")
    j = _row(r, "ImageNet", "law_d_eff")
    low, high = r["params_low"][j], r["params_high"][j]
    # n d_eff = 1.4e7 * (1e3 .. 1e4) = 1.4e10 .. 1.4e11: the paper's "1e10..1e11"
    assert (low, high) == (1.4e10, 1.4e11)
    claim = r["params_low"][_row(r, "ImageNet", "thread_claim")]
    assert claim == 1e11 and low <= claim <= high
    gpt3 = r["params_low"][_row(r, "ImageNet", "gpt3")]
    assert gpt3 == r["params_high"][_row(r, "ImageNet", "gpt3")] == 1.75e11
    assert high < gpt3 < 10 * high  # GPT-3 is just past the top of the range: "GPT-3-like scale"


def test_observed_numbers_and_their_accuracies() -> None:
    r = load("law-prediction")
    jump, top = _row(r, "MNIST", "robust_jump"), _row(r, "MNIST", "robust_95")
    assert r["params_low"][jump] == 2e5 and r["params_low"][top] == 3e6
    assert r["robust_accuracy_before"][jump] == 0.10 and r["robust_accuracy"][jump] == 0.90
    assert r["robust_accuracy"][top] == 0.95
    j = _row(r, "ImageNet", "robust_models")
    assert (r["params_low"][j], r["params_high"][j]) == (1e8, 1e9)
    assert set(r["source"][[jump, top]]) == {"Madry et al. 2018, fig. 4"}
    assert r["source"][_row(r, "ImageNet", "gpt3")] == "Brown et al. 2020 (GPT-3)"


def test_every_row_has_a_kind_a_source_and_an_ordered_range() -> None:
    r = load("law-prediction")
    k = r["dataset"].size
    for key in ("quantity_id", "quantity", "kind", "params_low", "params_high", "source"):
        assert r[key].shape == (k,), key
    for key in ("dataset", "quantity_id", "quantity", "kind", "source", "datasets"):
        assert r[key].dtype.kind == "U", key  # numpy unicode, never object arrays
    assert set(r["kind"]) <= set(KINDS)
    assert all(s.strip() for s in r["source"])
    assert all(s.strip() for s in r["input_source"])
    assert np.all(r["params_low"] > 0) and np.all(r["params_low"] <= r["params_high"])


def test_setting_an_effective_dimension_changes_the_prediction() -> None:
    base = load("law-prediction")
    r = load("law-prediction", overrides={"imagenet_d_eff_low": "2e3", "mnist_d_eff_high": 300})
    assert r.key != base.key
    j = _row(r, "ImageNet", "law_d_eff")
    assert (r["params_low"][j], r["params_high"][j]) == (1.4e7 * 2e3, 1.4e7 * 1e4)
    assert _inputs(r, "ImageNet")["d_eff_low"] == 2e3
    j = _row(r, "MNIST", "law_d_eff")
    assert (r["params_low"][j], r["params_high"][j]) == (6e4 * 15, 6e4 * 300)
    # the rest is untouched
    j = _row(r, "ImageNet", "classical")
    assert r["params_low"][j] == base["params_low"][j]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"mnist_d_eff_low": "-3"}, "mnist_d_eff_low must be between 1 and 784"),
        ({"imagenet_d_eff_high": "0"}, "imagenet_d_eff_high must be between 1 and 200000"),
        ({"imagenet_d_eff_high": "3e5"}, "imagenet_d_eff_high must be between 1 and 200000"),
        (
            {"mnist_d_eff_low": "200", "mnist_d_eff_high": "100"},
            "mnist_d_eff_low must be <= mnist_d_eff_high (got 200 > 100)",
        ),
        ({"imagenet_d_eff_low": "2e4"}, "imagenet_d_eff_low must be <= imagenet_d_eff_high"),
        ({"mnist_d_eff_low": "many"}, "mnist_d_eff_low must be a number"),
    ],
)
def test_bad_effective_dimensions_are_user_errors(overrides: dict, message: str) -> None:
    with pytest.raises(UserError) as err:
        load("law-prediction", overrides=overrides)
    assert message in str(err.value)
    with pytest.raises(UserError):
        LawPredictionConfig.from_preset("paper", overrides)


def test_config_is_not_random_and_presets_agree() -> None:
    assert not hasattr(LawPredictionConfig(), "seed")
    assert LawPredictionConfig.from_preset("quick") == LawPredictionConfig.from_preset("paper")


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (784.0, "$784$"),
        (6e4, "$6\\times10^{4}$"),
        (4.704e7, "$4.7\\times10^{7}$"),
        (1.75e11, "$1.75\\times10^{11}$"),
        (1e8, "$10^{8}$"),
        (9.9996e5, "$10^{6}$"),
    ],
)
def test_figure_number_labels(x: float, text: str) -> None:
    assert sci(x) == text


def test_every_number_says_where_it_comes_from() -> None:
    from experiments.topics.prediction import CITED, COMPUTED, ORIGINS, OUR_READING, PAPER_ESTIMATE

    r = load("law-prediction")
    assert set(r["origin"]) <= set(ORIGINS)
    origin = {
        (str(d), str(q)): str(o)
        for d, q, o in zip(r["dataset"], r["quantity_id"], r["origin"], strict=True)
    }
    # MNIST's d_eff is the paper's estimate ("an effective dimension between 15 and 150");
    # ImageNet's is this project's reading of "a couple of order of magnitudes smaller"; the
    # paper's own rounded ranges are separate, cited rows.
    assert origin[("MNIST", "law_d_eff")] == PAPER_ESTIMATE
    assert origin[("ImageNet", "law_d_eff")] == OUR_READING
    assert (
        origin[("MNIST", "paper_prediction")] == origin[("ImageNet", "paper_prediction")] == CITED
    )
    j = _row(r, "ImageNet", "paper_prediction")
    assert (r["params_low"][j], r["params_high"][j]) == (1e10, 1e11)
    for dataset in ("MNIST", "ImageNet"):
        assert origin[(dataset, "classical")] == origin[(dataset, "law_full_d")] == COMPUTED
    for key in (("MNIST", "robust_jump"), ("ImageNet", "robust_models"), ("ImageNet", "gpt3")):
        assert origin[key] == CITED
    assert list(r["d_eff_origin"]) == [PAPER_ESTIMATE, OUR_READING]


def test_the_papers_own_words_for_the_effective_dimension() -> None:
    r = load("law-prediction")
    words = dict(zip(r["datasets"], r["d_eff_words"], strict=True))
    # ImageNet's d_eff is given in words (read as a number by this project); MNIST's is a number
    assert words == {"MNIST": "", "ImageNet": "a couple of order of magnitudes smaller"}


def test_each_kind_of_count_has_one_colour_in_the_figure_and_the_scene() -> None:
    """The figure draws every mark of a chart row in its role's colour (scene how-big draws the
    same rows, ``assets.charts.PREDICTION_ROWS``, with the same roles), and the role's colour is
    the same on paper and on screen."""
    from matplotlib.colors import to_hex

    from assets.charts import PREDICTION_ROWS
    from assets.theme import color
    from figures.topics.prediction import law_prediction
    from scenes.kit.theme import role_color

    for row in PREDICTION_ROWS:
        assert role_color(row.role).to_hex().lower() == color(row.role).lower(), row.name
    fig = law_prediction({"law-prediction": load("law-prediction")})
    for ax in fig.axes:
        seen: dict[int, set[str]] = {}
        for line in ax.get_lines():
            if line.get_gid() == "reference":
                continue
            marker = line.get_marker()
            if marker == "D":  # hollow diamond: its edge
                c = line.get_markeredgecolor()
            elif marker == "o":
                c = line.get_markerfacecolor()
            else:  # the paper's bracket
                c = line.get_color()
            y = round(float(np.mean(line.get_ydata())))
            seen.setdefault(y, set()).add(to_hex(c))
        for patch in ax.patches:
            face = patch.get_facecolor()
            c = face if face[3] > 0 else patch.get_edgecolor()  # an outline: its edge
            y = round(patch.get_y() + patch.get_height() / 2)
            seen.setdefault(y, set()).add(to_hex(c))
        assert sorted(seen) == list(range(len(PREDICTION_ROWS)))
        for k, row in enumerate(PREDICTION_ROWS):
            assert seen[k] == {color(row.role).lower()}, (row.name, seen[k])
