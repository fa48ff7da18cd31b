"""What a chapter's video is made of, hashed: its stamp, and the list of what went into it.

A video is made from its chapter's scene, the scene kit and the assets the scene imports
(followed transitively, inside functions too), the theme, and the results it reads. The results
count by their keys, which already hash the code that computes them (``experiments.core.store``):
the experiments' source files are not inputs of their own, and neither is any production code
(the runner, slides, handout...), so an edit there re-renders no video. A stamp file beside each
output lists its inputs, so a user can see why a scene was rendered again.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from assets.theme import THEME_PATH
from experiments.core import paths
from experiments.core.registry import get_experiment
from experiments.core.sources import syntax_tree
from experiments.core.store import result_key
from scenes.kit.chapter import TALK_PATH, Chapter

Overrides = Mapping[str, Mapping[str, Any]]  # experiment name -> {setting: value}
# Modules whose source makes a video: followed from the chapter's scene.
VIDEO_PACKAGES = ("scenes.chapters", "scenes.kit", "assets")
# A scene that calls this reads the talk's order (another chapter's number).
TALK_READER = "chapter_number"


def _module_file(name: str, root: Path) -> Path | None:
    """The source file of module ``name`` under ``root`` if it makes videos, else None."""
    if not any(name == p or name.startswith(p + ".") for p in VIDEO_PACKAGES):
        return None
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported_names(tree: ast.AST) -> Iterator[str]:
    """Module names a source imports anywhere (inside functions too): ``from a.b import c``
    gives ``a.b`` and ``a.b.c`` (c may be a module)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _reads_talk(tree: ast.AST) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id == TALK_READER)
        or (isinstance(node, ast.Attribute) and node.attr == TALK_READER)
        for node in ast.walk(tree)
    )


def _only_docstring(tree: ast.Module) -> bool:
    """A module that runs nothing (a package's ``__init__.py`` that only says what it holds)."""
    return all(
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in tree.body
    )


def scene_sources(spec: Chapter, root: Path = paths.REPO_ROOT) -> list[Path]:
    """The files that make ``spec``'s video: its scene, every module of the kit, the chapter and
    the assets it imports (followed transitively), the theme, and the talk's order when the
    scene refers to another chapter by number; sorted.

    Read from the sources (their syntax trees), not from a running interpreter, so an import
    inside a function counts as much as one at the top. Parses: call it in the main thread
    (``scenes.production.parallel``)."""
    start = spec.path
    if root != paths.REPO_ROOT and spec.path.is_relative_to(paths.REPO_ROOT):  # a copy's
        start = root / spec.path.relative_to(paths.REPO_ROOT)
    seen: set[Path] = set()
    todo = [start]
    talk = False
    empty: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        tree = syntax_tree(path)
        if _only_docstring(tree):
            empty.add(path)
        talk = talk or _reads_talk(tree)
        for name in _imported_names(tree):
            found = _module_file(name, root)
            if found is not None and found not in seen:
                todo.append(found)
    seen.add(root / THEME_PATH.relative_to(paths.REPO_ROOT))
    if talk:
        seen.add(root / TALK_PATH.relative_to(paths.REPO_ROOT))
    return sorted(seen - empty)


@dataclass(frozen=True)
class Stamp:
    """The hash of a video's inputs, and the inputs themselves, as the stamp file lists them."""

    digest: str
    inputs: tuple[str, ...]  # files (relative paths), results (name and key), settings


def scene_stamp(
    spec: Chapter,
    quality: str,
    preset: str = "quick",
    overrides: Overrides | None = None,
    root: Path = paths.REPO_ROOT,
    voice: str = "none",
) -> Stamp:
    """The stamp of ``spec``'s video: its source files (:func:`scene_sources`), the results it
    reads (their keys, with ``overrides``), quality, preset, the Manim version and ``voice``
    (the voice's fingerprint: mode, engine and the bytes of every take)."""
    overrides = overrides or {}
    h = hashlib.sha256()
    inputs: list[str] = []
    for path in scene_sources(spec, root):
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        h.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
        inputs.append(relative)
    for name in spec.needs:
        exp = get_experiment(name)
        config = exp.config(preset, dict(overrides.get(name, {})))
        key = result_key(name, config, exp.version, exp.code)
        h.update(key.encode())
        inputs.append(f"result {name} {key}")
    settings = json.dumps({k: dict(v) for k, v in overrides.items() if v}, sort_keys=True)
    manim = importlib_metadata.version("manim")
    h.update(f"{quality}|{preset}|{settings}|{manim}".encode())
    inputs.append(f"{quality} quality, {preset} preset, settings {settings}, manim {manim}")
    if voice != "none":
        h.update(f"|voice={voice}".encode())
        inputs.append(f"voice {voice}")
    from scenes.kit.mathjax import engine, resolve

    if resolve() == "mathjax":
        h.update(f"|math=mathjax-{engine()}".encode())
        inputs.append(f"maths by MathJax {engine()}")
    return Stamp(h.hexdigest(), tuple(inputs))
