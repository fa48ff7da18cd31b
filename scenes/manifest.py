"""The talk's chapters, in talk order: videos, slides, the handout and the gallery alike.

The order is ``scenes/talk.toml``; each chapter declares itself in its folder's ``__init__.py``
(:class:`scenes.kit.chapter.Chapter`). Reading them imports no Manim, so the command line lists
and checks names quickly.
"""

from __future__ import annotations

import dataclasses
import importlib

from experiments.core.errors import UserError, unknown_name
from scenes.kit.chapter import CHAPTERS_DIR, Chapter, talk_order


def load_chapter(name: str) -> Chapter:
    """The declaration of chapter ``name`` (``scenes/chapters/<name>/__init__.py``)."""
    package = name.replace("-", "_")
    if not (CHAPTERS_DIR / package / "__init__.py").is_file():
        raise UserError(
            f"scenes/talk.toml lists chapter '{name}', but there is no folder "
            f"scenes/chapters/{package}/ with an __init__.py"
        )
    declared = getattr(importlib.import_module(f"scenes.chapters.{package}"), "CHAPTER", None)
    if not isinstance(declared, Chapter):
        raise UserError(
            f"scenes/chapters/{package}/__init__.py must declare CHAPTER = Chapter(...) "
            "(see scenes/kit/chapter.py)"
        )
    return dataclasses.replace(declared, name=name)


SCENES: tuple[Chapter, ...] = tuple(load_chapter(name) for name in talk_order())


def get_scene(name: str) -> Chapter:
    for spec in SCENES:
        if spec.name == name:
            return spec
    raise unknown_name("scene", name, [s.name for s in SCENES])
