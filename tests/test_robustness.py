"""The law of robustness experiments: Lipschitz bounds, fits, batched training, the law's slope."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import render
from experiments.errors import UserError
from experiments.nets import (
    TrainSettings,
    TwoLayerBatch,
    init_batch,
    lipschitz_lower,
    lipschitz_upper,
    random_sphere,
    train_sweep,
)
from experiments.registry import RunContext
from experiments.robustness import (
    SmoothnessConfig,
    fit_loglog_slope,
    fit_random_features,
    load_digits_normalised,
    make_dataset,
    smoothness_curve,
    widths_for,
)
from experiments.store import load

F64 = torch.float64


def net_from(W, b, a, c=0.0) -> TwoLayerBatch:
    """One network (S = K = 1) from explicit weights."""
    t = lambda v: torch.tensor(np.asarray(v, dtype=float), dtype=F64)  # noqa: E731
    W = t(W)
    return TwoLayerBatch(W[None], t(b)[None], t(a)[None], t([[c]]), (W.shape[0],))


def sphere_points(m: int, d: int, seed: int = 0) -> torch.Tensor:
    return random_sphere((1, m), d, torch.Generator().manual_seed(seed), F64, "cpu")


def test_lipschitz_of_a_linear_map_is_found_exactly() -> None:
    v = np.array([3.0, -4.0, 0.0, 1.0])  # relu(v.x) - relu(-v.x) = v.x, Lip = |v|
    net = net_from([v, -v], [0.0, 0.0], [1.0, -1.0])
    lower, on_data = lipschitz_lower(net, sphere_points(20, 4), n_random=100, seeds=[0])
    assert float(lower) == pytest.approx(np.linalg.norm(v), rel=1e-12)
    assert float(on_data) == pytest.approx(np.linalg.norm(v), rel=1e-12)
    assert float(lipschitz_upper(net)) >= np.linalg.norm(v) - 1e-12


def test_single_relu_unit_lower_equals_upper_equals_exact() -> None:
    w, a = np.array([0.5, 2.0, -1.0]), -1.7
    net = net_from([w], [0.3], [a])
    exact = abs(a) * np.linalg.norm(w)
    lower, _ = lipschitz_lower(net, sphere_points(10, 3), n_random=200, seeds=[1])
    assert float(lower) == pytest.approx(exact, rel=1e-12)
    assert float(lipschitz_upper(net)) == pytest.approx(exact, rel=1e-12)


def test_sum_of_units_finds_the_region_where_both_are_active() -> None:
    # f = 2 relu(x1) + 3 relu(x2): gradient (2, 3) where both are active, so Lip = sqrt(13);
    # the triangle-inequality bound is 5 and the spectral bound sqrt(13): upper = sqrt(13).
    net = net_from([[1, 0, 0], [0, 1, 0]], [0, 0], [2, 3])
    lower, _ = lipschitz_lower(net, sphere_points(5, 3), n_random=500, ascent_steps=20, seeds=[2])
    assert float(lower) == pytest.approx(np.sqrt(13), rel=1e-12)
    assert float(lipschitz_upper(net)) == pytest.approx(np.sqrt(13), rel=1e-12)


def test_ascent_improves_on_random_points_for_a_narrow_steep_region() -> None:
    # A steep unit active only on the cap x_1 > 0.5 of S^19 (about 1% of the sphere), which the
    # 55 starting points miss; the ascent climbs into it.
    d = 20
    w = np.zeros(d)
    w[0] = 3.0
    net = net_from([w, np.eye(d)[1]], [-1.5, 0.0], [1.0, 0.1])
    x = sphere_points(5, d)
    no_ascent, _ = lipschitz_lower(net, x, n_random=50, ascent_steps=0, seeds=[3])
    with_ascent, _ = lipschitz_lower(net, x, n_random=50, ascent_steps=200, seeds=[3])
    assert float(no_ascent) == pytest.approx(0.1)
    assert float(with_ascent) == pytest.approx(np.hypot(3.0, 0.1), rel=1e-9)
    assert float(with_ascent) <= float(lipschitz_upper(net)) + 1e-12


def test_random_features_fit_is_the_min_norm_least_squares_solution() -> None:
    n = 60
    ds = make_dataset("sphere", n, 8, 5, "noise", 1.0, seed=0)
    x, y = torch.tensor(ds.x[None]), torch.tensor(ds.y[None])
    widths = [n // 2, n, 2 * n, 4 * n]
    net = fit_random_features(init_batch(widths, 8, [0], dtype=F64), x, y)
    mse = ((net.forward(x) - y[..., None]) ** 2).mean(dim=1)[0].numpy()
    phi = torch.relu(net.preactivations(x))[0].numpy()
    for k, (lo, hi) in enumerate(zip(net.offsets[:-1], net.offsets[1:], strict=True)):
        a_ref, *_ = np.linalg.lstsq(phi[:, lo:hi], ds.y, rcond=None)  # minimum-norm solution
        np.testing.assert_allclose(net.a[0, lo:hi].numpy(), a_ref, atol=1e-6)
        rank = np.linalg.matrix_rank(phi[:, lo:hi])
        if rank == n:  # full row rank: the fit interpolates exactly
            assert mse[k] < 1e-12
    assert mse[0] > 0.1  # p < n cannot fit pure noise
    assert mse[2] < 1e-12 and mse[3] < 1e-12  # p >= 2n: features have full rank


def test_batched_training_equals_one_network_at_a_time() -> None:
    seeds, widths = [0, 1], [2, 5, 11]
    data = [make_dataset("sphere", 30, 4, 1, "noise", 1.0, s) for s in seeds]
    x = torch.tensor(np.stack([d.x for d in data]))
    y = torch.tensor(np.stack([d.y for d in data]))
    for smooth in (False, True):
        settings = TrainSettings(steps=150, lr=0.02, smooth=smooth, fit_mse=0.3, warmup=0.2)
        batched = train_sweep(widths, seeds, x, y, settings, batched=True)
        reference = train_sweep(widths, seeds, x, y, settings, batched=False)
        for p, q in zip(batched.params(), reference.params(), strict=True):
            torch.testing.assert_close(p, q, rtol=0, atol=1e-10)


def test_smooth_lipschitz_falls_like_the_law_between_n_and_nd_over_2() -> None:
    # n = 100, d = 20: p from 1.5 n to n d / 2; the law predicts slope -1/2.
    cfg = SmoothnessConfig(
        n=100,
        d=20,
        models=("smooth",),
        p_over_n=(1.5, 3, 5, 10),
        seeds=2,
        steps=1500,
        lip_random=1000,
        lip_ascent_steps=60,
        n_test=10,
    )
    out = smoothness_curve(cfg, RunContext())
    assert out["fits"].all(), "the smooth model must fit below the noise level"
    p, lip = out["p"][0].astype(float), out["lip_lower"][0].mean(axis=0)
    assert p[0] >= cfg.n and p[-1] <= cfg.n * cfg.d / 2
    slope, _ = fit_loglog_slope(p, lip)
    assert -0.7 <= slope <= -0.3, f"slope {slope:.3f}, Lip {lip}"
    assert np.all(out["lip_upper"] >= out["lip_lower"] - 1e-9)


def test_smoothness_curve_through_the_store_has_its_export_keys() -> None:
    r = load(
        "smoothness-curve",
        overrides={
            "n": 30,
            "d": 5,
            "p_over_n": "0.5,2",
            "seeds": 1,
            "steps": 50,
            "lip_random": 50,
            "lip_ascent_steps": 5,
            "n_test": 20,
        },
    )
    for key in ("p", "train_mse", "lip_lower", "lip_upper", "test_mse", "models", "fits"):
        assert key in r
    assert r["lip_lower"].shape == (3, 1, 2)
    assert np.all(r["lip_upper"] >= r["lip_lower"] - 1e-6)  # float32 rounding
    rf = list(r["models"]).index("random-features")
    assert r["p"][rf].tolist() == [15, 60]
    assert r["p"][1].tolist() == [w * 7 + 1 for w in widths_for("trained", (0.5, 2), 30, 5)]


def test_law_scaling_fits_a_slope_over_the_grid() -> None:
    from scipy import stats

    r = load(
        "law-scaling",
        overrides={
            "ns": "40",
            "ds": "5,10",
            "p_over_n": "1.5,3,6",
            "steps": 300,
            "lip_random": 100,
            "lip_ascent_steps": 5,
        },
    )
    assert r["lip_lower"].shape == (2, 1, 3)
    # p = width (d + 2) + 1 trained parameters, width = round((ratio n - 1) / (d + 2)):
    # d = 5: widths 8, 17, 34; d = 10: widths 5, 10, 20.
    assert r["p"].tolist() == [[57, 120, 239], [61, 121, 241]]
    np.testing.assert_allclose(
        r["nd_over_p"], [[200 / 57, 200 / 120, 200 / 239], [400 / 61, 400 / 121, 400 / 241]]
    )
    # The slope is fitted on the networks that fit (train MSE <= fit_mse = 0.1) with
    # n <= p <= n d: at d = 5, p = 239 exceeds n d = 200 and is left out.
    in_range = np.array([[True, True, False], [True, True, True]])
    expected_use = (r["train_mse"][:, 0, :] <= 0.1) & in_range
    np.testing.assert_array_equal(r["used_in_fit"][:, 0, :], expected_use)
    use = r["used_in_fit"]
    assert use.sum() >= 3, "too few fitted networks to test the slope"
    x = np.broadcast_to(r["nd_over_p"][:, None, :], use.shape)[use]
    line = stats.linregress(np.log(x), np.log(r["lip_lower"][use]))
    assert np.isfinite(r["slope"])
    assert float(r["slope"]) == pytest.approx(line.slope, abs=1e-9)
    assert float(r["intercept"]) == pytest.approx(line.intercept, abs=1e-9)


def test_data_normalisation() -> None:
    ds = make_dataset("sphere", 50, 30, 10, "noise", 1.0, seed=3)
    np.testing.assert_allclose(np.linalg.norm(ds.x, axis=1), 1.0)
    assert set(np.unique(ds.y)) == {-1.0, 1.0} and ds.noise_variance == 1.0
    g = make_dataset("gaussian", 4000, 50, 1, "noise", 1.0, seed=3)
    assert np.mean(np.sum(g.x**2, axis=1)) == pytest.approx(1.0, rel=0.02)
    t = make_dataset("mixture", 200, 10, 1, "target", 0.3, seed=3)
    assert np.all(np.abs(t.y) <= 1.0) and t.noise_variance == pytest.approx(0.09)


def test_digits_ship_with_scikit_learn_and_are_normalised() -> None:
    x, digit = load_digits_normalised()
    assert x.shape == (1797, 64) and set(digit) == set(range(10))
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0)
    ds = make_dataset("digits", 100, 64, 50, "target", 0.5, seed=0)
    assert ds.x.shape == (100, 64)
    with pytest.raises(UserError, match="digits has 1797 images"):
        make_dataset("digits", 1500, 64, 500, "noise", 1.0, seed=0)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("p_over_n=0", "p_over_n must be between 0.001 and 10000 (got 0.0)"),
        ("models=smooth,resnet", "models must be one of random-features, trained, smooth"),
        ("fit_mse=1.5", "fit_mse must be below the noise level sigma^2 = 1 (got 1.5)"),
        ("n=-3", "n must be between 2 and 1000000 (got -3)"),
    ],
)
def test_bad_configs_exit_2_with_a_clear_message(capsys, setting: str, message: str) -> None:
    code = render.main(["experiments", "run", "smoothness-curve", "--set", setting])
    err = capsys.readouterr().err
    assert code == 2 and message in err, err


def test_fit_mse_must_be_below_the_target_noise_level() -> None:
    with pytest.raises(UserError, match=r"sigma\^2 = 0.25"):
        SmoothnessConfig(labels="target", noise=0.5, fit_mse=0.3)


def test_toy_fits_few_parameters_are_spiky_many_are_smooth() -> None:
    r = load("toy-fits")
    assert r["few_p"] == r["x"].size  # p = n
    assert r["many_train_mse"] < 1e-20  # the wide fit interpolates exactly
    # Any exact interpolant is at least as steep as the piecewise-linear one.
    assert r["many_lip"] >= r["interpolation_lip_min"] - 1e-9
    assert r["few_lip"] > 5 * r["many_lip"]
    # lipschitz_1d is exact: compare with finite differences on a fine grid of the sampled fit.
    grid, fit = r["grid"], r["many_fit"]
    slopes = np.abs(np.diff(fit) / np.diff(grid))
    assert slopes.max() <= r["many_lip"] + 1e-9
    assert slopes.max() == pytest.approx(r["many_lip"], rel=0.02)
