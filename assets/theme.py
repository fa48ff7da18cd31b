"""Read the shared theme (``assets/theme.json``) used by both paper figures and videos."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

THEME_PATH = Path(__file__).with_name("theme.json")


def _freeze(obj: Any) -> Any:
    if isinstance(obj, dict):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


@cache
def load_theme() -> Mapping[str, Any]:
    """The theme as a read-only mapping: ``palette``, ``sequence``, ``paper``, ``video``."""
    return _freeze(json.loads(THEME_PATH.read_text()))


def color(role: str, medium: str = "paper") -> str:
    """Hex colour of a named object (``gaussian``, ``ball``, ``smooth`` ...) in a medium
    (``paper`` or ``video``): the same everywhere, except that the role ``foreground`` (the
    Gaussian, the reference every law is compared with) is the medium's foreground colour."""
    theme = load_theme()
    palette = theme["palette"]
    if role not in palette:
        raise KeyError(f"no colour for {role!r} in {THEME_PATH.name} (has: {', '.join(palette)})")
    value = palette[role]
    return str(theme[medium]["foreground"] if value == "foreground" else value)


def sequence_colors(n: int) -> list[str]:
    """``n`` colours for a series (dimensions, widths), the first ``n`` of the theme's sequence:
    distinct hues, so more than the sequence holds is an error, not a repeated colour."""
    seq = load_theme()["sequence"]
    if n > len(seq):
        raise ValueError(f"{n} series in one panel, but the theme has {len(seq)} series colours")
    return list(seq[:n])
