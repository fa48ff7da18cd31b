"""The storyboard's craft rules, checked on every scene: readable text (scripts and grey notes
included), the title-safe area, no blank first frame and no empty frame mid-scene, one statement
at a time, the pace of captions and payoffs, and each beat's last frame against a reviewed
reference."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes.kit.chapter import SCENES_DIR
from scenes.kit.mathjax import tex_tools_found
from scenes.manifest import SCENES
from scenes.production.craft import (
    MIN_DIGIT_HEIGHT,
    SceneReport,
    frame_is_blank,
    frame_is_empty,
    inspect_scene,
    smallest_script,
)
from scenes.production.rules import MIN_BEATS
from tests.conftest import REFERENCE_DIR, compare_images

pytestmark = pytest.mark.skipif(
    not tex_tools_found(), reason="LaTeX not installed (make test installs it)"
)
REFERENCE_SIZE = (320, 180)  # beat frames are compared at this size
_REPORTS: dict[str, SceneReport] = {}


def report_of(name: str, tmp_path_factory: pytest.TempPathFactory) -> SceneReport:
    """Each scene rendered once per test session (preview size, 5 frames a second)."""
    if name not in _REPORTS:
        spec = next(s for s in SCENES if s.name == name)
        media = tmp_path_factory.mktemp(f"craft-{name}")
        _REPORTS[name] = inspect_scene(spec.module, spec.cls, media)
    return _REPORTS[name]


NAMES = [s.name for s in SCENES]


@pytest.mark.parametrize("name", NAMES)
def test_text_is_readable_and_inside_the_title_safe_area_at_every_beat(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    report = report_of(name, tmp_path_factory)
    assert len(report.beats) >= MIN_BEATS, (
        f"{name} has {len(report.beats)} beat(s); a chapter tells its story in at least "
        f"{MIN_BEATS}: end each step with self.beat(seconds, notes, name=...)"
    )
    problems = [f"beat {b.index + 1}: {v}" for b in report.beats for v in b.violations]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_no_frame_is_empty_after_the_first_moments_and_before_the_end(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    report = report_of(name, tmp_path_factory)
    empty = report.empty_between(1.5, 0.5)
    assert not empty, f"frames with nothing below the title at {empty} s"
    assert not report.opens_blank, "the first frame (the thumbnail) is blank: show the title"


@pytest.mark.parametrize("name", NAMES)
def test_one_statement_at_a_time(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    report = report_of(name, tmp_path_factory)
    assert not report.statements_at, f"two statements on screen at {report.statements_at} s"


@pytest.mark.parametrize("name", NAMES)
def test_captions_read_at_a_human_pace_and_payoffs_are_held(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    report = report_of(name, tmp_path_factory)
    assert not report.pace, "\n".join(report.pace)


@pytest.mark.parametrize("name", NAMES)
def test_every_beat_ends_on_its_reviewed_frame_with_notes(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = REFERENCE_DIR / "scenes" / name
    if not folder.is_dir() and not os.environ.get("HIDIM_UPDATE_REFERENCES"):
        pytest.skip(
            f"no reviewed frames of chapter '{name}' yet: write them with "
            f"HIDIM_UPDATE_REFERENCES=1 .venv/bin/python -m pytest tests/test_craft.py -k {name}, "
            f"look at each of {folder}/beat-*.png, and commit them"
        )
    report = report_of(name, tmp_path_factory)
    for beat in report.beats:
        assert beat.notes.strip(), f"beat {beat.index + 1} has no speaker notes"
        small = Image.fromarray(beat.frame[..., :3]).resize(
            REFERENCE_SIZE, Image.Resampling.LANCZOS
        )
        compare_images(
            np.asarray(small),
            folder / f"beat-{beat.index}.png",
            max_rms=8.0,
            max_bad_fraction=0.01,
        )
    # a beat removed or added is a change to review too
    assert len(list(folder.glob("beat-*.png"))) == len(report.beats)


def test_the_checks_catch_small_text_the_margin_and_an_empty_frame(tmp_path: Path) -> None:
    """The checker itself, on a scene that breaks every rule once."""
    from manim import DOWN, LEFT, RIGHT, UP, Dot, MathTex, Text, tempconfig

    from scenes.kit import widgets as w
    from scenes.kit.theme import BACKGROUND, MUTED, Size, ThemedScene
    from scenes.production.craft import safe_area_violations, text_size_violations

    seen: dict[str, list[str]] = {}

    class Broken(ThemedScene):
        def construct(self) -> None:
            self.add(
                Text("tiny", font_size=12),
                MathTex("x", font_size=30).shift(DOWN),  # maths needs a larger size than text
                Text("fine", font_size=40).scale(0.5).shift(DOWN * 2),  # scaled down after
                Dot().move_to(RIGHT * 6.9),  # in the margin
                Text("edge", font_size=40).move_to(LEFT * 6.6),  # its glyphs reach the margin
                # digits big enough, but the exponent drawn at 0.7 of them is not
                w.math("2^{20}", size=Size.TICK).shift(UP),
                # a grey note at the tick size: smaller than body text
                w.text("a note", size=Size.TICK, color=MUTED).shift(UP * 2),
                # a tick label may be that small, and a large power of ten is fine
                w.text("0.5", size=Size.TICK, color=MUTED).shift(UP * 2 + RIGHT * 3),
                w.math("10^{3}", size=Size.CAPTION, color=MUTED).shift(UP + RIGHT * 3),
            )
            seen["size"] = text_size_violations(self)
            seen["safe"] = safe_area_violations(self)

    with tempconfig({"write_to_movie": False, "media_dir": str(tmp_path), "verbosity": "WARNING"}):
        Broken().render()
    assert [v.split(":")[0] for v in seen["size"]] == [
        "Text('tiny')",
        "MathTex('x')",
        "Text('fine')",
        "MathTex('2^{20}')",
        "Text('a note')",
    ]
    assert "its script '{20}' is drawn 0.174 tall" in seen["size"][3]
    dot, edge = seen["safe"]
    assert dot.startswith("Dot is outside the title-safe area") and "move it 0." in dot
    assert dot.endswith("left, or make it smaller by a size role")
    # a glyph is named by the text it belongs to, with how far and where to move it
    assert edge.startswith("Text('edge') is outside the title-safe area") and " right" in edge
    background = np.full((90, 160, 3), [int(str(BACKGROUND)[i : i + 2], 16) for i in (1, 3, 5)])
    assert frame_is_empty(background)
    background[80, 10] = 255  # one bright pixel below the title band is content
    assert not frame_is_empty(background)
    background[80, 10] = background[0, 0]
    background[5, 10] = 255  # inside the title band it does not count
    assert frame_is_empty(background)
    assert not frame_is_blank(background)  # but the first frame is not blank: it has a title
    background[5, 10] = background[0, 0]
    assert frame_is_blank(background)


def test_a_label_run_into_another_is_a_collision_and_one_beside_it_is_not(tmp_path: Path) -> None:
    from manim import RIGHT, tempconfig

    from scenes.kit import widgets as w
    from scenes.kit.theme import Size, ThemedScene
    from scenes.production.craft import collision_violations

    seen: list[list[str]] = []

    class Labels(ThemedScene):
        def construct(self) -> None:
            tick = w.text("1", size=Size.TICK)
            label = w.text("data floor", size=Size.LABEL).move_to(tick.get_center() + 0.1 * RIGHT)
            self.add(tick, label)
            seen.append(collision_violations(self))
            label.next_to(tick, RIGHT, buff=0.1)
            seen.append(collision_violations(self))

    with tempconfig({"write_to_movie": False, "media_dir": str(tmp_path), "verbosity": "WARNING"}):
        Labels().render()
    assert len(seen[0]) == 1 and seen[0][0].startswith("Text('1') runs into Text('data floor')")
    assert seen[1] == []


@pytest.mark.parametrize(
    ("tex", "scale"),
    [
        ("x + y", 1.0),
        ("2^{20}", 0.7),  # an exponent: script size
        (r"\hat{D}_n", 0.7),
        (r"\frac{a}{b}", 1.0),  # display maths: a fraction's parts at text size
        (r"\tfrac{1}{2}", 0.7),
        (r"e^{-z^2/2}", 0.5),  # a script of a script: scriptscript size
        (r"e^{-\frac{x}{2}}", 0.5),  # a fraction inside a script
        (r"\sqrt[3]{x}", 0.5),  # a root's index
        (r"\mathrm{Lip} \gtrsim \sqrt{nd/p}", 1.0),
        (r"\text{a}_{\{i\}} b", 0.7),  # escaped braces do not end the group
    ],
)
def test_scripts_are_measured_at_the_size_tex_sets_them(tex: str, scale: float) -> None:
    assert smallest_script(tex)[0] == scale


def test_a_cross_fade_of_statements_is_seen_and_a_replacement_is_not(tmp_path: Path) -> None:
    from manim import FadeTransform, tempconfig

    from scenes.kit import widgets as w
    from scenes.kit.theme import ThemedScene
    from scenes.production.craft import statements_on_screen

    counts: dict[str, list[int]] = {"fade": [], "replace": []}

    class Swaps(ThemedScene):
        def construct(self) -> None:
            for way in ("fade", "replace"):
                old, new = w.statement(r"\text{one}"), w.statement(r"\text{two}")
                self.add(old)
                seen = counts[way]
                self.add_updater(lambda dt, seen=seen: seen.append(statements_on_screen(self)))
                swap = FadeTransform(old, new) if way == "fade" else w.replace_statement(old, new)
                self.play(swap, run_time=1.0)
                self.updaters.clear()
                self.remove(*self.mobjects)

    settings = {"write_to_movie": False, "media_dir": str(tmp_path), "verbosity": "WARNING"}
    with tempconfig({**settings, "frame_rate": 10}):
        Swaps().render()
    assert max(counts["fade"]) == 2
    assert max(counts["replace"]) == 1 and len(counts["replace"]) >= 10


def test_maths_and_text_digits_are_equally_tall_and_readable_at_the_smallest_size() -> None:
    from scenes.kit import widgets as w
    from scenes.kit.theme import Size

    for size in (Size.TICK, Size.LABEL, Size.TITLE):
        text, maths = w.text("0", size=size).height, w.math("0", size=size).height
        assert maths == pytest.approx(text, rel=0.05)
    assert w.text("0", size=Size.TICK).height >= MIN_DIGIT_HEIGHT
    assert w.math("0", size=Size.TICK).height >= MIN_DIGIT_HEIGHT


def test_scene_code_names_sizes_by_role_not_by_number() -> None:
    literal = re.compile(r"\b(font_)?size\s*=\s*\d")
    for path in sorted(SCENES_DIR.rglob("*.py")):
        if path.name in ("craft.py", "sheet.py"):  # measuring fonts, and a PIL label
            continue
        lines = [
            n for n, line in enumerate(path.read_text().splitlines(), 1) if literal.search(line)
        ]
        assert not lines, (
            f"{path.name}: literal font sizes on lines {lines} (use scenes.kit.theme.Size)"
        )
