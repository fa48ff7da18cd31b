"""Read the shared theme (``assets/theme.json``) used by both paper figures and videos.

The screen theme (``video``) is dark. A light variant for print (``video_light``: a white
background, near-black text, and palette colours only where a dark-screen colour is unreadable on
white) is selected by the environment variable ``HIDIM_THEME=light``, read when the theme is
first loaded: the light handout renders its scenes in child processes with it set. Unset, the
theme is exactly the dark one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from assets.env import THEME_ENV

THEME_PATH = Path(__file__).with_name("theme.json")
VARIANTS = ("dark", "light")  # dark: the screen theme (the default); light: for print


def _freeze(obj: Any) -> Any:
    if isinstance(obj, dict):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


def theme_variant() -> str:
    """The video theme's variant named by ``HIDIM_THEME`` (``dark`` when unset)."""
    variant = os.environ.get(THEME_ENV, "").strip() or "dark"
    if variant not in VARIANTS:
        raise ValueError(f"{THEME_ENV}={variant!r}: the theme variants are {', '.join(VARIANTS)}")
    return variant


@cache
def _load(variant: str) -> Mapping[str, Any]:
    theme = json.loads(THEME_PATH.read_text())
    light = theme.pop("video_light")
    if variant == "light":
        # the light variant replaces the screen colours; sizes, fonts and strokes stay
        theme["video"] = {**theme["video"], **{k: v for k, v in light.items() if k[0] != "_"}}
    return _freeze(theme)


def load_theme(variant: str | None = None) -> Mapping[str, Any]:
    """The theme as a read-only mapping: ``palette``, ``sequence``, ``paper``, ``video`` (the
    screen theme, or its light variant: ``variant``, else as ``HIDIM_THEME`` says)."""
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"no theme variant {variant!r} (the variants: {', '.join(VARIANTS)})")
    return _load(variant or theme_variant())


def color(role: str, medium: str = "paper") -> str:
    """Hex colour of a named object (``gaussian``, ``ball``, ``smooth`` ...) in a medium
    (``paper`` or ``video``): the same everywhere, except that the role ``foreground`` (the
    Gaussian, the reference every law is compared with) is the medium's foreground colour, and
    that the light video variant replaces the few colours unreadable on white."""
    theme = load_theme()
    palette = theme["palette"]
    if role not in palette:
        raise KeyError(f"no colour for {role!r} in {THEME_PATH.name} (has: {', '.join(palette)})")
    value = theme[medium].get("palette", {}).get(role, palette[role])
    return str(theme[medium]["foreground"] if value == "foreground" else value)


def sequence_colors(n: int) -> list[str]:
    """``n`` colours for a series (dimensions, widths), the first ``n`` of the theme's sequence:
    distinct hues, so more than the sequence holds is an error, not a repeated colour."""
    seq = load_theme()["sequence"]
    if n > len(seq):
        raise ValueError(f"{n} series in one panel, but the theme has {len(seq)} series colours")
    return list(seq[:n])
