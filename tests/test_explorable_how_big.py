"""The how-big explorable in Chromium: every stored count of ``law-prediction`` on the charts and
in the list, each with its stored value, origin and source; a toggle per kind of count, by
keyboard; the page as it looked; a phone's width."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from tests import explorables
from tests.explorables import (
    PHONE,
    build_page,
    check_screenshot,
    open_page,
    readout,
    results_from,
    width_on_a_phone,
)

# the fixtures, bound here (an import would be "redefined" by each test's argument)
browser = explorables.browser
offline = explorables.offline

SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(v: float, plain_below: float = 1e4) -> str:
    """The page's text for a stored count: ``784``, ``6 × 10⁴``, ``4.704 × 10⁷``, ``10¹⁰``."""
    if v < plain_below and float(v).is_integer():
        return str(int(v))
    k = math.floor(math.log10(v))
    m = float(f"{v / 10**k:.12g}")
    if m >= 10:
        m, k = float(f"{m / 10:.12g}"), k + 1
    power = f"10{str(k).translate(SUP)}"
    return power if m == 1 else f"{m:.12g} × {power}"


def span(lo: float, hi: float) -> str:
    return sci(lo) if lo == hi else f"{sci(lo)} – {sci(hi)}"


@pytest.fixture(scope="module")
def how_big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """The how-big page from the quick preset's result, its data and the stored arrays."""
    from experiments.core.store import ResultStore

    store = ResultStore(tmp_path_factory.mktemp("explorable-results"))
    result = results_from(store)
    build = tmp_path_factory.mktemp("explorables") / "build"
    path, data = build_page("how-big", result, build)
    return path, data, result("law-prediction").arrays


def rows(arrays: dict) -> list[dict]:
    """Every stored row: its readout's name and what the page must show for it."""
    return [
        {
            "name": f"{arrays['dataset'][j]}-{arrays['quantity_id'][j]}".lower(),
            "kind": str(arrays["kind"][j]),
            "quantity": str(arrays["quantity"][j]),
            "low": float(arrays["params_low"][j]),
            "high": float(arrays["params_high"][j]),
            "origin": str(arrays["origin"][j]),
            "source": str(arrays["source"][j]),
        }
        for j in range(len(arrays["quantity_id"]))
    ]


def shown(page, row: dict) -> None:
    """Row ``row`` is listed with its stored value (exactly), origin and source, and drawn."""
    item = page.locator(f"#readout-{row['name']}")
    assert item.is_visible(), row["name"]
    value, text = readout(page, row["name"])
    assert value == row["low"]
    assert float(item.get_attribute("data-low")) == row["low"]
    assert float(item.get_attribute("data-high")) == row["high"]
    assert text == span(row["low"], row["high"])
    assert item.locator(".label").text_content() == f"{row['quantity']}: "
    assert item.locator(".origin").text_content() == row["origin"]
    assert item.locator(".source").text_content() == row["source"]
    mark = page.locator(f'#charts g[data-row="{row["name"]}"]')
    assert mark.count() == 1 and mark.locator("text").text_content() == row["quantity"]


def test_the_page_embeds_the_stored_rows_as_stored(how_big) -> None:
    path, data, arrays = how_big
    text = path.read_text(encoding="utf-8")
    embedded = json.loads(re.search(r'id="hidim-data">(.*?)</script>', text, re.S).group(1))
    assert embedded == data
    for key in ("params_low", "params_high", "n", "d", "d_eff_low", "d_eff_high"):
        np.testing.assert_array_equal(embedded[key], arrays[key])  # exact
    for key in ("quantity", "kind", "origin", "source", "paper_words", "d_eff_basis"):
        assert embedded[key] == [str(s) for s in arrays[key]]
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=", text)


def test_every_count_is_shown_with_its_value_origin_and_source(how_big, offline) -> None:
    path, _, arrays = how_big
    page = open_page(offline, path)
    for row in rows(arrays):
        shown(page, row)
    # each data set's chart, titled with its stored n and d; the paper's words quoted in full
    for i, ds in enumerate(str(s) for s in arrays["datasets"]):
        n, d = float(arrays["n"][i]), float(arrays["d"][i])
        title = page.locator(f"#chart-{ds.lower()} svg > text.title").text_content()
        assert title == f"{ds}: n = {sci(n)}, d {'=' if d < 1e4 else '≈'} {sci(d)}"
        quote = f"The paper ({arrays['input_source'][i]}): “{arrays['paper_words'][i]}”"
        assert quote in page.locator("#readouts .quote").all_inner_texts()
    # where d_eff is this project's reading, the page says the paper calls it speculative
    from experiments.topics.prediction import OUR_READING

    origins = zip(arrays["datasets"], arrays["d_eff_origin"], strict=True)
    read = [str(ds) for ds, origin in origins if origin == OUR_READING]
    notes = page.locator("#readouts .speculative").all_inner_texts()
    assert len(notes) == len(read) >= 1
    for ds, note in zip(read, notes, strict=True):
        assert note.startswith(f"{ds}:") and "speculative" in note
    assert offline.failures == [] and offline.errors == []


def test_each_kind_toggles_by_keyboard(how_big, offline) -> None:
    path, _, arrays = how_big
    page = open_page(offline, path)
    every = rows(arrays)
    kinds = list(dict.fromkeys(str(k) for k in arrays["kind"]))
    assert len(kinds) >= 4
    gpt3 = "#charts line[stroke-dasharray='6 4']"  # the reference, across every chart
    assert page.locator(gpt3).count() == len(arrays["datasets"])
    for kind in kinds:
        page.focus(f"#toggle-{kind}")
        page.keyboard.press("Space")
        assert not page.is_checked(f"#toggle-{kind}")
        for row in every:
            if row["kind"] == kind:  # gone from the list and the charts
                assert not page.locator(f"#readout-{row['name']}").is_visible()
                assert page.locator(f'#charts g[data-row="{row["name"]}"] *').count() == 0
            else:
                shown(page, row)
        if kind == "reference":
            assert page.locator(gpt3).count() == 0
        page.keyboard.press("Space")  # and back
        assert page.is_checked(f"#toggle-{kind}")
        for row in every:
            if row["kind"] == kind:
                shown(page, row)
    # all off: nothing listed or drawn
    for kind in kinds:
        page.focus(f"#toggle-{kind}")
        page.keyboard.press("Space")
    assert page.locator("#readouts .readout:visible").count() == 0
    assert page.locator("#charts g[data-row] *").count() == 0
    assert offline.failures == [] and offline.errors == []


def test_how_big_page_looks_as_it_did(how_big, offline) -> None:
    path, _, _ = how_big
    page = open_page(offline, path)
    check_screenshot(page, "how-big")


def test_how_big_page_fits_a_phone(how_big, offline) -> None:
    path, _, _ = how_big
    page = open_page(offline, path)
    assert width_on_a_phone(page) <= PHONE["width"]
    page.reload()  # opened on a phone: the narrower charts
    page.wait_for_selector("#charts svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert offline.errors == []
