"""The law-of-robustness explorable in Chromium: its slider stops only at the computed widths and
every readout there is the stored smoothness-curve result's (the mean over seeds as the paper
figure takes it, the fits as it counts them); a toggle per family hides and shows its curve.

The page is built from a small smoothness-curve (n = 40, d = 5, four widths, two seeds, a few
seconds on a CPU), not the quick preset (about a minute): the screenshot reference
(tests/reference/explorables/law-of-robustness.png, looked at) is of that small result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from tests import explorables
from tests.explorables import (
    PHONE,
    build_page,
    check_screenshot,
    kit_fmt,
    open_page,
    press,
    readout,
    results_from,
    slider_value,
    width_on_a_phone,
)

browser, offline = explorables.browser, explorables.offline  # the fixtures this module uses

SMALL = {
    "n": 40,
    "d": 5,
    "steps": 150,
    "p_over_n": (0.5, 1.0, 2.0, 5.0),  # p = n at the second stop, p = nd at the last
    "seeds": 2,
    "lip_random": 200,
    "lip_ascent_steps": 10,
    "n_test": 100,
}


@pytest.fixture(scope="module")
def law(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """The page from the small result, the data it embeds and the stored arrays."""
    from experiments.core.store import ResultStore

    store = ResultStore(tmp_path_factory.mktemp("explorable-results"))
    result = results_from(store, overrides={"smoothness-curve": SMALL})
    build = tmp_path_factory.mktemp("explorables") / "build"
    path, data = build_page("law-of-robustness", result, build)
    return path, data, result("smoothness-curve").arrays


def _fmt(v: float) -> str:
    return kit_fmt(v)


def _expect_stop(page, arrays, w: int) -> None:
    """Every family's readouts at stop ``w`` are the stored values there."""
    for m, model in enumerate(arrays["models"]):
        p, text = readout(page, f"p-{model}")
        assert p == arrays["p"][m, w] and text == str(arrays["p"][m, w])
        seeds = arrays["lip_lower"][m, :, w]
        lip, text = readout(page, f"lip-{model}")
        assert lip == pytest.approx(seeds.mean(), rel=1e-12)  # the mean over seeds
        assert text == _fmt(seeds.mean())
        note = page.inner_text(f"#readout-lip-{model} .note")
        assert f"{_fmt(seeds.min())} to {_fmt(seeds.max())}" in note  # the seeds' range
        mse, _ = readout(page, f"mse-{model}")
        assert mse == pytest.approx(arrays["train_mse"][m, :, w].mean(), rel=1e-12)
        fits = bool(arrays["fits"][m, :, w].all())  # the paper figure's: in every seed
        verdict = page.inner_text(f"#readout-mse-{model} .note").strip()
        assert verdict.startswith("a fit" if fits else "not a fit"), (model, w, verdict)
        scaling, _ = readout(page, f"law-{model}")
        assert scaling == arrays["law_scaling"][m, w]  # as stored, exact


def test_the_page_embeds_the_stored_result(law) -> None:
    path, data, arrays = law
    found = re.search(r'id="hidim-data">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
    assert found is not None
    embedded = json.loads(found.group(1))
    assert embedded == data
    for key in ("p_over_n", "p", "lip_lower", "train_mse", "fits", "law_scaling", "lip_floor"):
        np.testing.assert_array_equal(embedded[key], arrays[key])
    assert embedded["models"] == arrays["models"].tolist()
    assert (embedded["n"], embedded["d"], embedded["seeds"]) == (40, 5, 2)


def test_the_slider_stops_at_the_computed_widths_only(law, offline) -> None:
    path, _, arrays = law
    page = open_page(offline, path)
    stops = arrays["p_over_n"].tolist()
    assert slider_value(page, "p") == 1.0  # it opens at p = n
    _expect_stop(page, arrays, stops.index(1.0))
    press(page, "p", "Home")
    assert slider_value(page, "p") == stops[0]
    _expect_stop(page, arrays, 0)
    for w in range(1, len(stops)):  # one stop at a time, each a computed width
        press(page, "p", "ArrowRight")
        assert slider_value(page, "p") == stops[w]
        _expect_stop(page, arrays, w)
    press(page, "p", "ArrowRight")  # past the last stop: it stays there
    assert slider_value(page, "p") == stops[-1]
    press(page, "p", "Home")
    press(page, "p", "End")
    assert slider_value(page, "p") == stops[-1]
    _expect_stop(page, arrays, len(stops) - 1)
    assert page.get_attribute("#slider-p", "aria-valuetext") == (
        "parameters p/n = 5 (p ≈ 200)"  # the last stop, as configured: p = nd
    )
    # the floors: the mean over seeds, whatever the slider says
    for name, key in (("floor", "lip_floor"), ("floor-fit", "lip_floor_fit")):
        value, _ = readout(page, name)
        assert value == pytest.approx(np.nanmean(arrays[key]), rel=1e-12)
    assert offline.failures == [] and offline.errors == []


def test_a_toggle_hides_and_shows_its_family(law, offline) -> None:
    path, _, arrays = law
    page = open_page(offline, path)
    curve = "#chart-lip path[aria-label='Trained to be smooth']"
    assert page.locator(curve).count() == 1
    page.focus("#toggle-smooth")
    page.keyboard.press("Space")
    assert not page.is_checked("#toggle-smooth")
    assert page.locator(curve).count() == 0
    assert "Trained to be smooth" not in page.inner_text("#chart-lip .legend")
    assert "curve hidden" in page.inner_text("#readout-p-smooth .note")
    # the other families stay, and the hidden one's numbers are still read out
    assert page.locator("#chart-lip path[aria-label='Trained, plain loss']").count() == 1
    press(page, "p", "End")
    lip, _ = readout(page, "lip-smooth")
    assert lip == pytest.approx(arrays["lip_lower"][2, :, -1].mean(), rel=1e-12)
    page.focus("#toggle-smooth")
    page.keyboard.press("Space")
    assert page.locator(curve).count() == 1
    assert "curve hidden" not in page.inner_text("#readout-p-smooth .note")
    assert offline.errors == []


def test_the_page_looks_as_it_did(law, offline) -> None:
    path, _, _ = law
    page = open_page(offline, path)
    check_screenshot(page, "law-of-robustness")


def test_the_page_fits_a_phone(law, offline) -> None:
    path, _, _ = law
    page = open_page(offline, path)
    assert width_on_a_phone(page) <= PHONE["width"]
