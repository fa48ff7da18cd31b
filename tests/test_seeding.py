"""One seeding scheme: each random draw has its own key, so adding a piece to a sweep never
changes the numbers of another piece."""

from __future__ import annotations

import numpy as np
import pytest

from experiments.core.seeding import rng, torch_generator
from experiments.core.store import load
from experiments.topics.robustness import make_dataset


def test_keys_give_independent_reproducible_streams() -> None:
    a = rng(0, "monte-carlo", 3).standard_normal(5)
    np.testing.assert_array_equal(a, rng(0, "monte-carlo", 3).standard_normal(5))
    assert not np.allclose(a, rng(0, "monte-carlo", 4).standard_normal(5))
    assert not np.allclose(a, rng(1, "monte-carlo", 3).standard_normal(5))
    assert not np.allclose(a, rng(0, "other", 3).standard_normal(5))
    import torch

    t = torch.randn(4, generator=torch_generator(0, "init", 10), dtype=torch.float64)
    u = torch.randn(4, generator=torch_generator(0, "init", 10), dtype=torch.float64)
    assert torch.equal(t, u)
    with pytest.raises(ValueError):
        rng(0, -1)
    with pytest.raises(TypeError):
        rng(0, 1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["ball-slices", "sphere-marginals"])
def test_adding_a_dimension_keeps_the_monte_carlo_of_the_others(name: str) -> None:
    small = {"mc_samples": 500, "sweep_points": 2}
    a = load(name, overrides={**small, "dims": "3,7"})
    b = load(name, overrides={**small, "dims": "3,5,7"})
    for key in ("mc_variance", "mc_hist", "mc_kolmogorov"):
        np.testing.assert_array_equal(a[key], b[key][[0, 2]])


def test_adding_a_dimension_keeps_the_samples_of_the_other_convex_bodies() -> None:
    small = {"n_samples": 300, "n_directions": 2, "hist_samples": 300, "grid_points": 11}
    a = load("convex-marginals", overrides={**small, "dims": "3,9"})
    b = load("convex-marginals", overrides={**small, "dims": "3,5,9"})
    np.testing.assert_array_equal(a["ks_random"], b["ks_random"][:, [0, 2]])
    np.testing.assert_array_equal(a["ks_worst"], b["ks_worst"][:, [0, 2]])
    np.testing.assert_array_equal(a["hist_random"], b["hist_random"])


def test_adding_a_dimension_keeps_the_sphere_tails_of_the_others() -> None:
    small = {"mc_samples": 400, "t_points": 21, "band_d_points": 5, "gauss_dims": "2"}
    a = load("concentration", overrides={**small, "dims": "3,30"})
    b = load("concentration", overrides={**small, "dims": "3,10,30"})
    np.testing.assert_array_equal(a["tail_mc"], b["tail_mc"][[0, 2]])
    np.testing.assert_array_equal(a["median_mc"], b["median_mc"][[0, 2]])


def test_cube_and_prediction_draw_nothing_at_random() -> None:
    a = load("cube-clt", overrides={"dims": "3,30", "histogram_dims": "3"})
    b = load("cube-clt", overrides={"dims": "3,10,30", "histogram_dims": "3"})
    np.testing.assert_array_equal(a["kolmogorov"], b["kolmogorov"][[0, 2]])
    assert load("law-prediction").meta["seed"] is None  # its config has no seed at all


def test_data_sets_keep_their_points_as_more_are_added() -> None:
    for distribution in ("sphere", "gaussian", "mixture"):
        a = make_dataset(distribution, 20, 5, 7, "target", 0.5, seed=4)
        b = make_dataset(distribution, 30, 5, 7, "target", 0.5, seed=4)
        np.testing.assert_array_equal(a.x, b.x[:20])
        np.testing.assert_array_equal(a.y, b.y[:20])
        np.testing.assert_array_equal(a.x_test, b.x_test)  # the test set does not move
    c = make_dataset("digits", 40, 64, 10, "noise", 1.0, seed=4)
    e = make_dataset("digits", 60, 64, 10, "noise", 1.0, seed=4)
    np.testing.assert_array_equal(c.x, e.x[:40])
    np.testing.assert_array_equal(c.x_test, e.x_test)


SMALL_SWEEP = {
    "n": 20,
    "d": 4,
    "seeds": 1,
    "n_test": 5,
    "steps": 60,
    "lip_random": 20,
    "lip_ascent_steps": 2,
    "dtype": "float64",
}


def test_adding_a_model_or_a_width_keeps_the_others() -> None:
    alone = load(
        "smoothness-curve", overrides={**SMALL_SWEEP, "models": "smooth", "p_over_n": "1,3"}
    )
    both = load(
        "smoothness-curve",
        overrides={**SMALL_SWEEP, "models": "trained,smooth", "p_over_n": "1,3"},
    )
    for key in ("train_mse", "lip_lower", "lip_upper"):  # per model: (models, seeds, widths)
        np.testing.assert_array_equal(alone[key][0], both[key][1])
    for key in ("lip_floor", "lip_floor_fit"):  # per data set: (seeds,)
        np.testing.assert_array_equal(alone[key], both[key])
    wider = load(
        "smoothness-curve", overrides={**SMALL_SWEEP, "models": "smooth", "p_over_n": "1,2,3"}
    )
    # one more width in the batch: the networks at 1 and 3 are the same up to rounding
    np.testing.assert_allclose(alone["lip_lower"][0], wider["lip_lower"][0][:, [0, 2]], rtol=1e-9)
    np.testing.assert_allclose(alone["train_mse"][0], wider["train_mse"][0][:, [0, 2]], rtol=1e-9)


def test_adding_a_cell_keeps_the_others_in_the_grids() -> None:
    small = {"ds": "4", "p_over_n": "2", "seeds": 1, "steps": 50}
    small |= {"lip_random": 20, "lip_ascent_steps": 2}
    a = load("law-scaling", overrides={**small, "ns": "20"})
    b = load("law-scaling", overrides={**small, "ns": "20,30"})
    np.testing.assert_array_equal(a["lip_lower"][0], b["lip_lower"][0])
    np.testing.assert_array_equal(a["lip_floor"][0], b["lip_floor"][0])


def test_toy_fits_many_features_do_not_move_the_few() -> None:
    a = load("toy-fits", overrides={"many_factor": 20})
    b = load("toy-fits", overrides={"many_factor": 40})
    np.testing.assert_array_equal(a["x"], b["x"])
    np.testing.assert_array_equal(a["few_fit"], b["few_fit"])


def test_parameters_needed_adding_a_cell_keeps_the_others() -> None:
    small = {"ds": "4", "p_over_nd": "0.5,1", "seeds": 2, "steps": 30}
    small |= {"lip_random": 20, "lip_ascent_steps": 2}
    a = load("parameters-needed", overrides={**small, "ns": "12"})
    b = load("parameters-needed", overrides={**small, "ns": "12,16"})
    np.testing.assert_array_equal(a["lip_lower"][0], b["lip_lower"][0])
    np.testing.assert_array_equal(a["p_needed"][0], b["p_needed"][0])
    np.testing.assert_array_equal(a["lip_floor"][0], b["lip_floor"][0])
