"""The isoperimetry chapter's explorable in Chromium: the band |x_1| <= t of S^(d-1) (its closed
form against the concentration experiment's stored band_measure and band_vs_d) and the caps on
S^2 (readouts the isoperimetry experiment's stored sigma(A_t), sigma(C_t)), moved by keyboard."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from tests.explorables import (
    PHONE,
    browser,  # noqa: F401 - fixture
    build_page,
    check_screenshot,
    offline,  # noqa: F401 - fixture
    open_page,
    press,
    readout,
    results_from,
    slider_value,
    width_on_a_phone,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from experiments.core.store import ResultStore

    return ResultStore(tmp_path_factory.mktemp("explorable-results"))


@pytest.fixture(scope="module")
def iso(store, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict, dict]:
    """The page from the quick presets' results, its data, and the two results' arrays."""
    result = results_from(store)
    build = tmp_path_factory.mktemp("explorables") / "build"
    path, data = build_page("isoperimetry", result, build)
    return path, data, result("concentration").arrays, result("isoperimetry").arrays


def test_the_page_embeds_the_stored_arrays(iso) -> None:
    path, data, band, caps = iso
    text = path.read_text(encoding="utf-8")
    embedded = json.loads(re.search(r'id="hidim-data">(.*?)</script>', text, re.S).group(1))
    assert embedded == data
    for key, stored in [
        ("band_t", band["band_t"]),
        ("band_measure", band["band_measure"]),
        ("band_dims", band["dims"]),
        ("t", caps["t"]),
        ("set_share", caps["set_share"]),
        ("cap_share", caps["cap_share"]),
    ]:
        np.testing.assert_array_equal(embedded[key], stored)  # as stored, exact
    assert embedded["area"] == float(caps["area"])
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=", text)


def test_band_closed_form_matches_the_stored_arrays(iso, offline) -> None:  # noqa: F811
    """The page's I_{t^2}(1/2, (d-1)/2) against band_measure (every stored d and t) and
    band_vs_d (every stored d of the curves against d), and its Gaussian limit, to 1e-9."""
    path, _, band, _ = iso
    page = open_page(offline, path)
    t = band["band_t"].tolist()
    for i, d in enumerate(int(d) for d in band["dims"]):
        got = page.evaluate("([ts, d]) => ts.map((t) => window.hidim.band(t, d))", [t, d])
        np.testing.assert_allclose(got, band["band_measure"][i], rtol=0, atol=1e-9)
    ds = [int(d) for d in band["band_d"]]
    for j, tv in enumerate(band["band_t_values"].tolist()):
        got = page.evaluate("([t, ds]) => ds.map((d) => window.hidim.band(t, d))", [tv, ds])
        np.testing.assert_allclose(got, band["band_vs_d"][j], rtol=0, atol=1e-9)
    s = band["band_s"].tolist()
    got = page.evaluate("(ss) => ss.map((s) => window.hidim.limit(s))", s)
    np.testing.assert_allclose(got, band["band_limit"], rtol=0, atol=1e-9)


def test_band_sliders_move_by_keyboard_to_the_stored_values(iso, offline) -> None:  # noqa: F811
    path, _, band, _ = iso
    page = open_page(offline, path)
    dims = [int(d) for d in band["dims"]]
    stops = sorted(set(band["band_d"].tolist()) | set(dims))
    bt = band["band_t"]
    # at first: d = 100, t = 0.1 (a stored grid point)
    assert slider_value(page, "d") == 100 and slider_value(page, "t") == 0.1
    k = int(np.flatnonzero(bt == 0.1)[0])
    share, text = readout(page, "band")
    assert share == pytest.approx(band["band_measure"][dims.index(100), k], abs=1e-9)
    assert text == f"{share:.4f}"
    assert readout(page, "outside")[0] == pytest.approx(1 - share, abs=1e-15)
    assert readout(page, "scaled")[0] == pytest.approx(1.0, rel=1e-12)  # 0.1 sqrt(100)
    # d to its lowest stop, then up by ArrowRight to each stored dimension
    press(page, "d", "Home")
    assert slider_value(page, "d") == stops[0]
    at = 0
    for i, d in enumerate(dims):
        press(page, "d", "ArrowRight", stops.index(d) - at)
        at = stops.index(d)
        assert slider_value(page, "d") == d
        assert readout(page, "band")[0] == pytest.approx(band["band_measure"][i, k], abs=1e-9)
    # t by keyboard along the stored grid, at d = max(dims): Home, 20 steps, End
    press(page, "t", "Home")
    assert slider_value(page, "t") == 0 and readout(page, "band")[0] == 0
    press(page, "t", "ArrowRight", 20)
    assert slider_value(page, "t") == bt[20]
    assert readout(page, "band")[0] == pytest.approx(band["band_measure"][-1, 20], abs=1e-9)
    press(page, "t", "End")
    assert slider_value(page, "t") == 1 and readout(page, "band")[0] == pytest.approx(1, abs=1e-12)
    # a t of the curves against d, and d to the largest of them: the stored band_vs_d
    j = 1
    tj = band["band_t_values"][j]
    press(page, "t", "Home")
    press(page, "t", "ArrowRight", int(np.flatnonzero(bt == tj)[0]))
    press(page, "d", "End")
    assert slider_value(page, "d") == band["band_d"][-1]
    assert readout(page, "band")[0] == pytest.approx(band["band_vs_d"][j, -1], abs=1e-9)
    assert readout(page, "limit")[0] == pytest.approx(
        2 * special.ndtr(tj * np.sqrt(band["band_d"][-1])) - 1, abs=1e-9
    )
    assert offline.failures == [] and offline.errors == []


def test_caps_slider_moves_by_keyboard_to_the_stored_shares(iso, offline) -> None:  # noqa: F811
    path, _, _, caps = iso
    page = open_page(offline, path)
    t, a, c = caps["t"], caps["set_share"], caps["cap_share"]
    assert readout(page, "area")[0] == float(caps["area"])
    press(page, "r", "Home")
    assert slider_value(page, "r") == 0
    assert readout(page, "set")[0] == a[0] == pytest.approx(float(caps["area"]), abs=1e-12)
    assert readout(page, "cap")[0] == c[0]
    for steps, at in [(40, 40), (60, 100), (20, 120)]:
        press(page, "r", "ArrowRight", steps)
        assert slider_value(page, "r") == t[at]
        assert readout(page, "set")[0] == a[at]  # the stored value itself
        assert readout(page, "cap")[0] == c[at]
        gap, text = readout(page, "gap")
        assert gap == a[at] - c[at] and gap >= 0
        assert float(text) == pytest.approx(gap, rel=1e-3)  # four digits, as text
    press(page, "r", "End")
    assert slider_value(page, "r") == t[-1]
    assert readout(page, "set")[0] == a[-1] == 1
    assert readout(page, "cap")[0] == c[-1]
    assert offline.failures == [] and offline.errors == []


def test_the_page_looks_as_it_did(iso, offline) -> None:  # noqa: F811
    path, _, _, _ = iso
    page = open_page(offline, path)
    check_screenshot(page, "isoperimetry")


def test_the_page_fits_a_phone(iso, offline) -> None:  # noqa: F811
    path, _, _, _ = iso
    page = open_page(offline, path)
    assert width_on_a_phone(page) <= PHONE["width"]
