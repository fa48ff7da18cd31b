"""Configurations: presets, --set parsing, bounds and the messages users see."""

from __future__ import annotations

import numpy as np
import pytest

from experiments.core.config import parse_set_options
from experiments.core.errors import UserError
from experiments.topics.geometry import BallSlicesConfig


def test_quick_preset_is_the_defaults_and_paper_differs() -> None:
    assert BallSlicesConfig.from_preset("quick") == BallSlicesConfig()
    paper = BallSlicesConfig.from_preset("paper")
    assert paper.mc_samples > BallSlicesConfig().mc_samples
    assert 10_000 in paper.dims


def test_text_overrides_are_parsed_by_type() -> None:
    cfg = BallSlicesConfig.from_preset(
        "quick", {"dims": "3, 7,33,250", "mc_samples": "1e4", "z_max": "5", "seed": "7"}
    )
    assert cfg.dims == (3, 7, 33, 250)
    assert cfg.mc_samples == 10_000 and isinstance(cfg.mc_samples, int)
    assert cfg.z_max == 5.0 and cfg.seed == 7


def test_python_values_are_coerced_the_same_way() -> None:
    a = BallSlicesConfig(dims=[3, 7], mc_samples=np.int64(500))
    b = BallSlicesConfig(dims="3,7", mc_samples="500")
    assert a == b and a.dims == (3, 7)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("dims", "-3", "dims must be between 1 and 10000000 (got -3)"),
        ("dims", "abc", "dims must be an integer (got 'abc')"),
        ("dims", "2.5", "dims must be an integer (got '2.5')"),
        ("dims", "", "dims needs at least 1 value(s) (got 0)"),
        ("mc_samples", "10", "mc_samples must be between 100 and 100000000 (got 10)"),
        ("z_max", "nan", "z_max must be a finite number (got 'nan')"),
        ("seed", "-1", "seed must be between 0 and 4294967295 (got -1)"),
    ],
)
def test_bad_values_name_the_problem_and_the_allowed_range(key, value, message) -> None:
    with pytest.raises(UserError) as info:
        BallSlicesConfig.from_preset("quick", {key: value})
    assert str(info.value) == message


def test_unknown_key_and_preset_suggest_a_close_match() -> None:
    with pytest.raises(UserError, match="unknown setting 'dim'; did you mean 'dims'"):
        BallSlicesConfig.from_preset("quick", {"dim": "3"})
    with pytest.raises(UserError, match="unknown preset 'papr'; did you mean 'paper'"):
        BallSlicesConfig.from_preset("papr")


def test_configs_are_frozen() -> None:
    cfg = BallSlicesConfig()
    with pytest.raises(AttributeError):
        cfg.seed = 3  # type: ignore[misc]


def test_parse_set_options() -> None:
    assert parse_set_options(["dims=3,7", "seed=1"]) == {"dims": "3,7", "seed": "1"}
    with pytest.raises(UserError, match="--set expects KEY=VALUE"):
        parse_set_options(["dims"])
