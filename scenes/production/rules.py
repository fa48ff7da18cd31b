"""The rules every chapter meets, as checks whose messages say how to meet them.

:func:`declaration_problems` reads a chapter's declaration and files (fast, nothing rendered);
:func:`beat_problems` looks at the beats a run of its scene recorded. ``render.py scenes check``
runs both (and, with ``--craft``, the craft rules of ``scenes.production.craft``); the tests run
them on every chapter of the talk.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from experiments.core import paths
from experiments.core.errors import UserError
from experiments.core.registry import get_experiment
from experiments.core.sources import syntax_tree
from scenes.kit.chapter import CHAPTERS_DIR, Chapter, talk_order
from scenes.kit.narrator import MIN_HOLD, BeatRecord

MAX_WORDS_PER_SECOND = 3.0  # a silent video's captions, cue by cue (speech runs at about 2.5)

MIN_BEATS = 3  # a chapter tells its story in steps: at least this many beats
SCIENCE = paths.REPO_ROOT / "docs" / "science.md"
CITATION = re.compile(
    r"docs/science\.md,\s+sections?\s+(\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*)|docs/chapters/([\w-]+)\.md"
)


def science_sections() -> set[int]:
    """The numbered sections of docs/science.md."""
    return {int(n) for n in re.findall(r"^## (\d+)\. ", SCIENCE.read_text(), flags=re.M)}


def _citation_problem(spec: Chapter, docstring: str) -> str | None:
    text = " ".join(docstring.split())
    found = list(CITATION.finditer(text))
    if not found:
        return (
            f"its scene.py's docstring cites no science: say where the maths it shows is "
            f"written, as 'docs/science.md, section N' or 'docs/chapters/{spec.name}.md'"
        )
    known = science_sections()
    for match in found:
        if match[1]:
            missing = sorted({int(n) for n in re.findall(r"\d+", match[1])} - known)
            if missing:
                return f"its scene.py cites docs/science.md sections {missing}, which do not exist"
        elif not (paths.REPO_ROOT / "docs" / "chapters" / f"{match[2]}.md").is_file():
            return f"its scene.py cites docs/chapters/{match[2]}.md, which does not exist"
    return None


def declaration_problems(spec: Chapter) -> list[str]:
    """What is wrong with chapter ``spec``'s declaration and files, each with how to fix it."""
    from figures import get_figure

    problems = []
    where = f"scenes/chapters/{spec.package}/__init__.py"
    if not spec.title.strip():
        problems.append(f"its title is empty: give Chapter(title=...) in {where}")
    if not spec.caption.strip():
        problems.append(
            f"its caption is empty: give Chapter(caption=...) in {where}, saying what the "
            "video shows (TeX between dollars), for the gallery"
        )
    if not spec.path.is_file():
        problems.append(f"it has no scene: write the Manim scene in {spec.path}")
        return problems
    tree = syntax_tree(spec.path)
    classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    if spec.scene not in classes:
        problems.append(
            f"scene.py defines no class {spec.scene} (Chapter(scene=...) in {where}); "
            f"it defines: {', '.join(sorted(classes)) or 'none'}"
        )
    cited = _citation_problem(spec, ast.get_docstring(tree) or "")
    if cited:
        problems.append(cited)
    for name in spec.needs:
        try:
            get_experiment(name)
        except UserError as exc:
            problems.append(f"it reads {exc} (Chapter(needs=...) in {where})")
    for name in spec.figures:
        try:
            get_figure(name)
        except UserError as exc:
            problems.append(f"it shows {exc} (Chapter(figures=...) in {where})")
    return problems


def talk_problems(specs: Sequence[Chapter]) -> list[str]:
    """What is wrong across the talk: a figure in two chapters, a chapter folder not in it."""
    problems = []
    named = Counter(f for spec in specs for f in spec.figures)
    for figure, count in sorted(named.items()):
        if count > 1:
            owners = ", ".join(s.name for s in specs if figure in s.figures)
            problems.append(f"figure '{figure}' belongs to {count} chapters ({owners}): keep one")
    listed = {name.replace("-", "_") for name in talk_order()}
    for folder in sorted(CHAPTERS_DIR.iterdir()):
        if (folder / "__init__.py").is_file() and folder.name not in listed:
            problems.append(
                f"scenes/chapters/{folder.name}/ is not in the talk: add the line "
                f'"{folder.name.replace("_", "-")}", to scenes/talk.toml where it belongs'
            )
    return problems


def beat_problems(spec: Chapter, beats: Sequence[BeatRecord]) -> list[str]:
    """What is wrong with the beats a run of ``spec``'s scene recorded."""
    problems = []
    if len(beats) < MIN_BEATS:
        problems.append(
            f"its scene has {len(beats)} beat(s); a chapter tells its story in at least "
            f"{MIN_BEATS}: end each step with self.beat(seconds, notes, name=...)"
        )
    for beat in beats:
        if not beat.notes.strip():
            problems.append(
                f"beat {beat.index + 1} ('{beat.name}') has no speaker notes: give "
                "self.beat(seconds, notes, name=...) the sentence the lecturer says"
            )
    return problems


def pace_problems(record: Mapping[str, Any], captions: str) -> list[str]:
    """The storyboard's pace rules on a beats record (``<scene>.beats.json``) and its captions
    (WebVTT or SubRip text): in a silent video no cue reads faster than
    :data:`MAX_WORDS_PER_SECOND`; in every video each beat's last frame, its payoff, is held at
    least ``MIN_HOLD`` seconds."""
    from scenes.production.subtitles import parse_cues

    problems = []
    if record.get("voice", "none") == "none":
        for start, end, text in parse_cues(captions):
            words = len(text.split())
            rate = words / max(end - start, 1e-3)
            if rate > MAX_WORDS_PER_SECOND + 1e-6:
                shown = " ".join(text.split())
                problems.append(
                    f"the caption at {start:.1f} s reads at {rate:.1f} words a second (at most "
                    f"{MAX_WORDS_PER_SECOND:g}): {shown[:40]!r}... give its beat more time or "
                    "fewer words"
                )
    for beat in record["beats"]:
        held = float(beat.get("held", 0.0))
        if held < MIN_HOLD - 1e-6:
            problems.append(
                f"beat {int(beat['index']) + 1} ('{beat['name']}') holds its last frame "
                f"{held:.1f} s (at least {MIN_HOLD:g}): let the payoff sit"
            )
    return problems
