"""The chapter rules: every chapter of the talk meets them, and each broken rule says how to meet
it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scenes.kit.chapter import Chapter
from scenes.kit.narrator import BeatRecord
from scenes.manifest import SCENES, get_scene
from scenes.production.rules import beat_problems, declaration_problems, talk_problems


@pytest.mark.parametrize("spec", SCENES, ids=lambda s: s.name)
def test_every_chapter_of_the_talk_meets_the_rules_of_its_declaration(spec: Chapter) -> None:
    assert declaration_problems(spec) == []


def test_the_talk_has_no_figure_twice_and_no_chapter_left_out() -> None:
    assert talk_problems(SCENES) == []


def elsewhere(spec: Chapter, scene: Path, **changes: object) -> Chapter:
    """``spec`` with its scene read from ``scene`` and ``changes`` to its declaration."""

    @dataclasses.dataclass(frozen=True)
    class Moved(Chapter):
        @property
        def path(self) -> Path:
            return scene

    fields = {f.name: getattr(spec, f.name) for f in dataclasses.fields(Chapter)}
    return Moved(**(fields | changes))  # type: ignore[arg-type]


def test_each_broken_rule_says_how_to_meet_it(tmp_path: Path) -> None:
    spec = get_scene("concentration")
    scene = tmp_path / "scene.py"
    scene.write_text('"""A scene that cites nothing."""\n\nclass Other:\n    pass\n')
    broken = elsewhere(
        spec, scene, caption=" ", needs=("concentratio",), figures=("band-measures",)
    )
    problems = declaration_problems(broken)
    assert problems[0].startswith("its caption is empty: give Chapter(caption=...)")
    assert "scene.py defines no class Concentration (Chapter(scene=...)" in problems[1]
    assert problems[2].startswith("its scene.py's docstring cites no science: say where")
    assert "unknown experiment 'concentratio'" in problems[3] and "did you mean" in problems[3]
    assert "unknown figure 'band-measures'" in problems[4]

    scene.write_text('"""Cites docs/science.md, section 99."""\n\nclass Concentration:\n    pass\n')
    assert declaration_problems(elsewhere(spec, scene)) == [
        "its scene.py cites docs/science.md sections [99], which do not exist"
    ]
    assert declaration_problems(elsewhere(spec, tmp_path / "missing.py"))[0].startswith(
        "it has no scene: write the Manim scene in"
    )


def test_a_chapter_needs_three_beats_each_with_notes() -> None:
    spec = get_scene("concentration")
    beats = [BeatRecord(0, "one", 0.0, 1.0, "said", "noted"), BeatRecord(1, "two", 1, 2, "", "")]
    assert beat_problems(spec, beats) == [
        "its scene has 2 beat(s); a chapter tells its story in at least 3: end each step with "
        "self.beat(seconds, notes, name=...)",
        "beat 2 ('two') has no speaker notes: give self.beat(seconds, notes, name=...) the "
        "sentence the lecturer says",
    ]


def test_the_pace_rules_catch_a_fast_caption_and_a_short_payoff_in_a_silent_video() -> None:
    from scenes.production.rules import pace_problems
    from scenes.production.subtitles import make_cues, narration_spans, to_vtt

    words = "one two three four five six seven eight nine ten eleven twelve"
    beats = [
        {"index": 0, "name": "slow", "start": 0.0, "end": 5.0, "narration": words, "held": 2.0},
        {"index": 1, "name": "fast", "start": 5.0, "end": 7.0, "narration": words, "held": 1.5},
    ]
    record = {"voice": "none", "beats": beats}
    spans = narration_spans(record, [(b["start"], b["end"]) for b in beats])
    captions = to_vtt(make_cues(spans))
    problems = pace_problems(record, captions)
    assert len(problems) == 2, problems
    assert (
        problems[0].startswith("the caption at 5.0 s reads at 6.")
        and "words a second" in problems[0]
    )
    assert problems[1].startswith("beat 2 ('fast') holds its last frame 1.5 s (at least 2)")
    # with a voice the captions follow the speech: only the payoff is checked
    assert pace_problems({**record, "voice": "festival"}, captions) == problems[1:]


def test_a_silent_beat_lasts_until_its_narration_is_read_and_holds_its_payoff() -> None:
    from types import SimpleNamespace

    from scenes.kit.narrator import MIN_HOLD, READING_RATE, Narrator
    from scenes.kit.voice import Voice

    narrator = Narrator("scene", Voice("none", "scene", None))
    scene = SimpleNamespace(renderer=SimpleNamespace(time=1.0))
    said = " ".join(["word"] * 28)  # 10 s at the reading rate
    assert narrator.hold(scene, 0.5, "first", said) == pytest.approx(28 / READING_RATE - 1.0)
    scene.renderer.time = 11.0
    narrator.end_beat(scene, "first", "notes")
    assert narrator.beats[0].held == pytest.approx(10.0)
    scene.renderer.time = 20.0  # a long animation: the short sentence needs no more time
    assert narrator.hold(scene, 0.5, "second", "Short.") == MIN_HOLD
