"""Isoperimetry on the sphere: exact shares of neighbourhoods against closed forms and sampling."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from experiments.core.store import Result, load
from experiments.topics.isoperimetry import (
    cap_radius,
    cap_share,
    geodesic_to_cap,
    geodesic_to_two_caps,
    hemisphere_share,
    two_cap_share,
)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    from experiments.core.store import ResultStore

    return load("isoperimetry", store=ResultStore(tmp_path_factory.mktemp("iso")))


def test_cap_share_is_archimedes_on_s2_and_the_sphere_integral_elsewhere() -> None:
    r = np.linspace(0.0, np.pi, 37)
    assert np.allclose(cap_share(r, 3), (1.0 - np.cos(r)) / 2.0, atol=1e-14)
    # S^(d-1): the share of a cap of radius r is the integral of sin^(d-2) from 0 to r, normalised
    for d in (2, 4, 7, 50):
        total = integrate.quad(lambda u, d=d: np.sin(u) ** (d - 2), 0.0, np.pi)[0]
        for radius in (0.3, 1.2, 2.5):
            part = integrate.quad(lambda u, d=d: np.sin(u) ** (d - 2), 0.0, radius)[0]
            assert cap_share(radius, d) == pytest.approx(part / total, abs=1e-10)
    for d in (3, 10, 1000):
        for share in (0.01, 0.5, 0.9):
            assert cap_share(cap_radius(share, d), d) == pytest.approx(share, abs=1e-12)
    with pytest.raises(ValueError):
        cap_radius(1.0, 3)


def test_shares_on_s2_follow_the_closed_forms(result: Result) -> None:
    t, alpha, theta0 = result["t"], float(result["alpha"]), float(result["theta0"])
    # equal areas at t = 0
    assert result["set_share"][0] == pytest.approx(result["cap_share"][0], abs=1e-14)
    assert result["area"] == pytest.approx(1.0 - np.cos(alpha), abs=1e-14)
    assert np.cos(theta0) == pytest.approx(2.0 * np.cos(alpha) - 1.0, abs=1e-12)
    # C_t is the cap of radius theta0 + t: (1 - cos(theta0 + t)) / 2
    assert np.allclose(result["cap_share"], (1.0 - np.cos(theta0 + t)) / 2.0, atol=1e-14)
    # A_t is two caps of radius alpha + t until they meet at the equator, then everything
    two = np.where(alpha + t < np.pi / 2, 1.0 - np.cos(alpha + t), 1.0)
    assert np.allclose(result["set_share"], two, atol=1e-14)
    assert t[-1] == pytest.approx(np.pi - theta0) and result["cap_share"][-1] == pytest.approx(1)


def test_the_cap_grows_least_at_every_t(result: Result) -> None:
    assert np.all(result["set_share"] >= result["cap_share"] - 1e-12)
    # strictly, once they have started to grow and before both are the whole sphere
    inside = (result["t"] > 0) & (result["cap_share"] < 1 - 1e-9)
    assert np.all(result["set_share"][inside] > result["cap_share"][inside])
    # and in S^(d-1), at the same share
    for k, d in enumerate(result["dims"]):
        set_d, cap_d = result["set_share_d"][k], result["cap_share_d"][k]
        assert set_d[0] == pytest.approx(float(result["area"]), abs=1e-9), d
        assert cap_d[0] == pytest.approx(float(result["area"]), abs=1e-9), d
        assert np.all(set_d >= cap_d - 1e-12), d


def test_monte_carlo_agrees_with_the_exact_shares_within_its_error(result: Result) -> None:
    mc_t = result["mc_t"]
    for sampled, se, exact in (
        (result["set_share_mc"], result["set_share_mc_se"], result["set_share"]),
        (result["cap_share_mc"], result["cap_share_mc_se"], result["cap_share"]),
    ):
        expected = np.interp(mc_t, result["t"], exact)
        # five standard errors (and a floor where the share is 0 or 1 and the error is 0)
        assert np.all(np.abs(sampled - expected) <= 5 * se + 1e-12)
    # the sampled shares also order as the theorem says, within their error
    gap = result["set_share_mc"] - result["cap_share_mc"]
    assert np.all(gap >= -5 * (result["set_share_mc_se"] + result["cap_share_mc_se"]))


def test_distances_to_the_sets_are_geodesic() -> None:
    points = np.array([[0, 0, 1.0], [1.0, 0, 0], [0, 1.0, 0], [0, 0, -1.0]])
    assert np.allclose(geodesic_to_two_caps(points, 0.5), [0, np.pi / 2 - 0.5, np.pi / 2 - 0.5, 0])
    centre = np.array([1.0, 0, 0])
    assert np.allclose(
        geodesic_to_cap(points, centre, 0.5), [np.pi / 2 - 0.5, 0, 1.0708, 1.0708], atol=1e-4
    )


def test_the_hemisphere_grows_past_the_gaussian_bound(result: Result) -> None:
    t = result["t_d"]
    assert np.allclose(hemisphere_share(t, 3), (1.0 + np.sin(t)) / 2.0, atol=1e-14)
    for k, d in enumerate(result["dims"]):
        share, bound = result["hemi_share"][k], result["hemi_bound"][k]
        assert share[0] == pytest.approx(0.5) and share[-1] == pytest.approx(1.0)
        assert np.allclose(bound, 1.0 - np.exp(-d * t**2 / 2.0))
        assert np.all(share >= bound), d
        # the sharper form: the missing share, the cap beyond sin t, is at most half of
        # exp(-d t^2 / 2) (log domain, so that tiny shares do not round to 0)
        missing = cap_share(np.pi / 2 - t, int(d))
        positive = missing > 0
        assert np.all(np.log(missing[positive]) <= np.log(0.5) - d * t[positive] ** 2 / 2 + 1e-9)


def test_two_caps_cover_the_sphere_once_they_meet() -> None:
    assert two_cap_share(0.5, np.array([np.pi / 2 - 0.5]), 3)[0] == 1.0
    assert two_cap_share(0.5, np.array([0.0]), 10)[0] == pytest.approx(2 * cap_share(0.5, 10))


def test_the_missing_share_bound_holds_from_d_3_and_the_geodesic_one_fails_on_the_circle() -> None:
    """docs/science.md, the hemisphere: the complement of the t-neighbourhood of a hemisphere is at
    most (1/2) e^(-d t^2/2), geodesic and Euclidean, for d = 3 ... 1000; at d = 2 the Euclidean
    one still holds and the geodesic one, 1/2 - t/pi, does not (0.1403 > 0.1395 at t = 1.13)."""
    t = np.linspace(0.0, np.pi / 2, 4001)[1:-1]  # geodesic
    chord = np.linspace(0.0, np.sqrt(2.0), 4001)[1:-1]  # Euclidean, up to where H_t is all
    beyond = np.arccos(chord * np.sqrt(1.0 - chord**2 / 4.0))  # the cap left out, its radius
    for d in (2, 3, 4, 5, 10, 30, 100, 300, 1000):
        euclidean = cap_share(beyond, d)
        assert np.all(euclidean <= 0.5 * np.exp(-d * chord**2 / 2) * (1 + 1e-12)), d
        geodesic = cap_share(np.pi / 2 - t, d)
        holds = np.all(geodesic <= 0.5 * np.exp(-d * t**2 / 2) * (1 + 1e-12))
        assert holds == (d >= 3), d
    circle = cap_share(np.array([np.pi / 2 - 1.13]), 2)[0]
    assert circle == pytest.approx(0.5 - 1.13 / np.pi, abs=1e-12)
    assert round(circle, 4) == 0.1403 and round(0.5 * np.exp(-(1.13**2)), 4) == 0.1395
