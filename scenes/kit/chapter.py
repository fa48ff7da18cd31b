r"""A chapter's declaration: everything the toolkit knows of a chapter besides its scene's code.

A chapter is a folder ``scenes/chapters/<name>/`` (its name with ``_`` for ``-``): ``scene.py``
holds the Manim scene, and ``__init__.py`` declares the chapter once, as plain data that imports
no Manim::

    CHAPTER = Chapter(
        title="Almost all of the sphere is near the equator",
        scene="Concentration",          # the class in scene.py
        needs=("concentration",),       # the experiments whose results it draws
        figures=("band-measure",),      # the paper figures that belong to it, in gallery order
        caption=r"On a turning sphere the band $|x_1| \leq t$ ...",
        explorable=Explorable(          # optional: explorable.py and explorable.js beside it
            title="Drag d and t: the band's share of the sphere",
            hint="Widen the band, then raise d: ...",
        ),
    )

Its place in the talk is its line in ``scenes/talk.toml``; its number is computed from there
(:func:`chapter_number`), never typed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from experiments.core.errors import UserError, unknown_name

SCENES_DIR = Path(__file__).resolve().parents[1]
CHAPTERS_DIR = SCENES_DIR / "chapters"
TALK_PATH = SCENES_DIR / "talk.toml"  # the chapters in talk order, one line each

# A check of the configurations a chapter would draw (experiment name -> config): the reason it
# cannot show them, or None when it can.
ConfigCheck = Callable[[Mapping[str, Any]], str | None]


@dataclass(frozen=True)
class Explorable:
    """The chapter's explorable: a small interactive figure of its results, shown in its gallery
    section and linked from its slides. Two files beside the chapter's ``__init__.py`` make it:
    ``explorable.py`` with ``data(result)``, which returns the numbers it shows (``result(name)``
    is the stored result the scene draws), and ``explorable.js``, which draws them with the kit
    (``scenes/production/explorables/kit.js``; docs/explorables.md)."""

    title: str  # what it lets the reader do, one line
    hint: str  # a sentence saying what to try


@dataclass(frozen=True)
class Chapter:
    """One chapter of the talk, as its ``__init__.py`` declares it (the name is its folder's)."""

    title: str  # the one line the chapter says (slides, gallery, handout, script)
    scene: str  # the Manim scene class in the chapter's scene.py
    needs: tuple[str, ...]  # the experiments whose results the scene draws
    caption: str  # what the video shows, TeX between dollars (the gallery typesets it)
    figures: tuple[str, ...] = ()  # its paper figures, in the order the gallery shows them
    check: ConfigCheck | None = None  # can the scene show these configurations?
    explorable: Explorable | None = None  # its interactive figure, if it has one
    name: str = ""  # filled in from the folder by the manifest

    @property
    def package(self) -> str:
        return self.name.replace("-", "_")

    @property
    def module(self) -> str:
        """The dotted name of the module of the chapter's scene."""
        return f"scenes.chapters.{self.package}.scene"

    @property
    def cls(self) -> str:
        return self.scene

    @property
    def path(self) -> Path:
        """The file of the chapter's scene (what Manim is given)."""
        return CHAPTERS_DIR / self.package / "scene.py"

    @property
    def folder(self) -> Path:
        return CHAPTERS_DIR / self.package

    @property
    def number(self) -> int:
        """Its place in the talk, from 1."""
        return chapter_number(self.name)

    def require(self, configs: Mapping[str, Any]) -> None:
        """A :class:`UserError` (one line, exit 2) if the scene cannot show these configs."""
        problem = self.check(configs) if self.check is not None else None
        if problem:
            raise UserError(f"scene '{self.name}' {problem}")


def listed(values: tuple[Any, ...]) -> str:
    """Values of a setting as ``--set`` writes them (``3,10,100``): for a check's message."""
    return ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


@cache
def _talk(path: Path = TALK_PATH) -> tuple[str, ...]:
    try:
        with path.open("rb") as f:
            names = tomllib.load(f)["chapters"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise UserError(f"{path}: cannot read the talk's chapters ({exc})") from None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise UserError(f"{path}: 'chapters' must be a list of chapter names")
    if len(set(names)) != len(names):
        raise UserError(f"{path}: a chapter is listed twice")
    return tuple(names)


def talk_order() -> tuple[str, ...]:
    """The names of the talk's chapters, in order (``scenes/talk.toml``)."""
    return _talk()


def chapter_number(name: str) -> int:
    """The number of chapter ``name`` in the talk, from 1: for narration, notes and captions
    that refer to another chapter ("as chapter 4 showed"), so inserting a chapter renumbers
    them all by itself."""
    order = talk_order()
    if name not in order:
        raise unknown_name("chapter", name, order)
    return order.index(name) + 1
