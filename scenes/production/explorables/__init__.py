"""Explorables: each chapter's interactive figure, one self-contained HTML page per chapter.

``build/explorables/<chapter>.html`` holds everything it needs inline: the page's style in the
theme's colours, the chapter's numbers as JSON, the kit (``kit.js``: sliders, readouts, SVG
charts and the special functions, our own code, no library) and the chapter's
``explorable.js``. Nothing comes from the network, so it works from ``file://`` offline; the
gallery shows it in the chapter's section and the slides link to it.

The numbers are the results the chapter's scene draws: the chapter's ``explorable.py`` picks
them (``data(result)``) from the store, at the scenes' preset, and they are written into the page
as they are stored (NaN as null). Nothing is typed by hand.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assets.theme import load_theme
from experiments.core import paths
from experiments.core.errors import UserError
from experiments.core.export import _json_array
from experiments.core.fileio import atomic_write_text
from experiments.core.store import Result
from scenes.kit.chapter import Chapter
from scenes.manifest import SCENES
from scenes.production.outputs import explorable_path

__all__ = ["explorable_path", "render_explorable", "write_explorable", "write_explorables"]

HERE = Path(__file__).parent
KIT = HERE / "kit.js"
TEMPLATE = HERE / "page.html"
DATA_FUNCTION = "data"  # what a chapter's explorable.py defines
SCRIPT = "explorable.js"  # the chapter's drawing code


def with_explorables(specs: tuple[Chapter, ...] = SCENES) -> list[Chapter]:
    """The chapters that declare an explorable, in talk order."""
    return [spec for spec in specs if spec.explorable is not None]


def _jsonable(value: Any) -> Any:
    """Arrays as nested lists (NaN and infinities as null, as the JSON export writes them);
    mappings and sequences element by element."""
    if isinstance(value, np.ndarray | np.generic):
        return _json_array(np.asarray(value))
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _data_function(spec: Chapter) -> Callable[[Callable[[str], Result]], Mapping[str, Any]]:
    source = spec.folder / "explorable.py"
    if not source.is_file():
        raise UserError(
            f"chapter '{spec.name}' declares an explorable but has no "
            f"scenes/chapters/{spec.package}/explorable.py (docs/explorables.md)"
        )
    module = importlib.import_module(f"scenes.chapters.{spec.package}.explorable")
    function = getattr(module, DATA_FUNCTION, None)
    if not callable(function):
        raise UserError(
            f"scenes/chapters/{spec.package}/explorable.py must define "
            f"{DATA_FUNCTION}(result) -> dict (docs/explorables.md)"
        )
    return function


def explorable_data(spec: Chapter, result: Callable[[str], Result] | None = None) -> dict[str, Any]:
    """Chapter ``spec``'s numbers as the page embeds them (JSON-ready). ``result(name)`` gives a
    stored result; by default the one the chapter's scene draws (the scenes' preset)."""
    if result is None:
        from scenes.kit.theme import scene_result

        result = scene_result
    picked = _data_function(spec)(result)
    if not isinstance(picked, Mapping):
        raise UserError(
            f"scenes/chapters/{spec.package}/explorable.py: data() must return a dict, "
            f"not {type(picked).__name__}"
        )
    return _jsonable(picked)


def _script_text(text: str) -> str:
    # a literal "</script" inside inlined code or JSON would end the element early
    return text.replace("</", "<\\/")


def page_theme() -> dict[str, Any]:
    """The colours an explorable uses: the videos' background and text, and the palette."""
    theme = load_theme()
    video = theme["video"]
    return {
        "background": video["background"],
        "foreground": video["foreground"],
        "muted": video["muted"],
        "palette": {k: v for k, v in theme["palette"].items() if v.startswith("#")},
        "sequence": list(theme["sequence"]),
    }


def render_explorable(spec: Chapter, data: Mapping[str, Any]) -> str:
    """The self-contained page of chapter ``spec``'s explorable showing ``data``."""
    assert spec.explorable is not None
    script = spec.folder / SCRIPT
    if not script.is_file():
        raise UserError(
            f"chapter '{spec.name}' declares an explorable but has no "
            f"scenes/chapters/{spec.package}/{SCRIPT} (docs/explorables.md)"
        )
    from scenes.production.gallery import caption_html

    theme = page_theme()
    fills = {
        "TITLE": html.escape(spec.explorable.title),
        # the title's maths ($nd$) drawn as the gallery draws it; its text escaped
        "CHAPTER": f"{spec.number}. {caption_html(spec.title)}",
        "HINT": html.escape(spec.explorable.hint),
        "NAME": html.escape(spec.name),
        "BACKGROUND": theme["background"],
        "FOREGROUND": theme["foreground"],
        "MUTED": theme["muted"],
        "LINK": theme["palette"].get("ball", theme["foreground"]),
        "THEME_JSON": _script_text(json.dumps(theme)),
        "DATA_JSON": _script_text(json.dumps(data, allow_nan=False)),
        "KIT_JS": _script_text(KIT.read_text(encoding="utf-8")),
        "CHAPTER_JS": _script_text(script.read_text(encoding="utf-8")),
    }
    # one pass: text put in is never searched again
    return re.sub(r"@@([A-Z_]+)@@", lambda m: fills[m.group(1)], TEMPLATE.read_text("utf-8"))


def results_at(
    preset: str = "quick", overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> Callable[[str], Result]:
    """``result(name)``: the stored result at ``preset`` with ``overrides[name]`` (computed on
    a miss), as the scenes read it."""
    from experiments.core.store import load

    def result(name: str) -> Result:
        return load(name, preset=preset, overrides=(overrides or {}).get(name))

    return result


def write_explorable(
    spec: Chapter, build: Path | None = None, result: Callable[[str], Result] | None = None
) -> Path:
    """Write chapter ``spec``'s explorable page (atomically) from ``result`` (by default the
    results the scenes draw) and return its path."""
    build = build or paths.build_dir()
    target = explorable_path(build, spec.name)
    atomic_write_text(target, render_explorable(spec, explorable_data(spec, result)))
    return target


def write_explorables(
    build: Path | None = None, preset: str = "quick", settings: Sequence[str] = ()
) -> list[Path]:
    """Every chapter's explorable page, in talk order, from the results at ``preset`` with the
    ``--set`` items ``settings`` (each given to the scenes' experiments that have its key), as
    the videos were made."""
    from experiments.core.cli import overrides_by_experiment

    needs = sorted({e for spec in SCENES for e in spec.needs})
    result = results_at(preset, overrides_by_experiment(needs, settings))
    return [write_explorable(spec, build, result) for spec in with_explorables()]
