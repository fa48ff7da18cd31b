"""The talk's narration as a script: every beat of every scene, in talk order, with its id.

The narration lives in the scenes' code (``say=`` of each ``beat()``, computed numbers
included), so the script is read from a run of each scene with its animations jumped to their
ends (a child process per scene, cached by the scene's stamp like its video). Each beat's time
is its time in the silent video; a take or the speech voice lengthens a beat whose narration is
longer.

``python -m scenes.production.script NAME TARGET MEDIA`` is the child process.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from experiments.core import paths
from experiments.core.fileio import atomic_write_text
from scenes.kit.chapter import Chapter
from scenes.kit.narrator import BeatRecord
from scenes.kit.voice import LEAD, PAUSE, audio_seconds, take_path
from scenes.manifest import SCENES, get_scene
from scenes.production.parallel import Work, each_scene

# a beat as the script shows it: its record from a silent run (no clip)
ScriptBeat = BeatRecord


def script_dir() -> Path:
    return paths.build_dir() / "script"


def scene_beats(
    spec: Chapter,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> list[ScriptBeat]:
    """The beats of ``spec`` (rendered in a child process unless its stamp is unchanged)."""
    return prepare_beats(spec, preset, overrides)()


def prepare_beats(
    spec: Chapter,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> Work[list[ScriptBeat]]:
    """:func:`scene_beats` in its two parts (``scenes.production.parallel``): the stamp here, in the
    calling thread; the child process, if need be, in the work returned."""
    from scenes.production.process import (
        last_error_line,
        require_scene_tools,
        run_logged,
        scene_env,
    )
    from scenes.production.stamps import scene_stamp

    overrides = {k: dict(v) for k, v in (overrides or {}).items() if k in spec.needs and v}
    target = script_dir() / f"{spec.name}.json"
    stamp = scene_stamp(spec, "script", preset, overrides)
    if target.exists():
        try:
            data = json.loads(target.read_text())
            if data.get("stamp") == stamp.digest:
                beats = [ScriptBeat(**b) for b in data["beats"]]
                return lambda: beats
        except (ValueError, TypeError, KeyError):
            pass
    require_scene_tools()
    log_path = paths.videos_dir() / "logs" / f"{spec.name}.script.log"
    media = paths.build_dir() / "manim" / f"{spec.name}-script"
    env = scene_env(preset, overrides)
    draft = target.with_name(target.name + ".draft")
    cmd = [sys.executable, "-m", "scenes.production.script", spec.name, str(draft), str(media)]

    def run() -> list[ScriptBeat]:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        draft.unlink(missing_ok=True)
        returncode = run_logged(cmd, env, log_path)
        if returncode != 0 or not draft.exists():
            raise RuntimeError(
                f"scene '{spec.name}' failed to run for its script (exit {returncode}); "
                f"{last_error_line(log_path)}; full log: {log_path}"
            )
        beats = json.loads(draft.read_text())
        draft.unlink()
        record = {"stamp": stamp.digest, "inputs": list(stamp.inputs), "beats": beats}
        atomic_write_text(target, json.dumps(record, indent=1))
        return [ScriptBeat(**b) for b in beats]

    return run


def talk_beats(
    specs: Sequence[Chapter],
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    jobs: int | None = None,
) -> list[tuple[Chapter, list[ScriptBeat]]]:
    """Every scene's beats in talk order, scenes run in parallel (``jobs`` at a time); every
    scene that fails is named (``SceneFailuresError``) once the others are done."""
    specs = [s for s in SCENES if s in specs]
    found = each_scene(specs, lambda s: prepare_beats(s, preset, overrides), jobs).results()
    return list(zip(specs, found, strict=True))


def _clock(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m)}:{s:04.1f}"


def script_markdown(scenes: Sequence[tuple[Chapter, list[ScriptBeat]]]) -> str:
    """The script: a section per scene (numbered as its chapter of the talk), a paragraph per
    beat, with its id, time and take."""
    lines = [
        "# The talk's narration",
        "",
        "Each beat: its id (the name of its take, `assets/voice/SCENE/ID.wav`), its time in the "
        "silent video, and the sentence said and captioned. A beat lasts as long as its "
        f"animation or its narration plus {LEAD + PAUSE:.1f} s, whichever is longer. Where the "
        "speaker notes say more, they follow the narration as a quote.",
        "",
    ]
    chapters = {spec.name: k for k, spec in enumerate(SCENES, start=1)}
    for spec, beats in scenes:
        number = chapters.get(spec.name, 0)
        total = beats[-1].end if beats else 0.0
        lines += [
            f"## {number}. {spec.name}: {spec.title}",
            "",
            f"{len(beats)} beats, {total:.1f} s silent.",
            "",
        ]
        for beat in beats:
            take = take_path(spec.name, beat.name)
            took = (
                f"; take recorded, {audio_seconds(take):.1f} s"
                if take.is_file()
                else "; no take recorded"
            )
            lines += [
                f"### {beat.index + 1}. `{beat.name}` ({_clock(beat.start)}-{_clock(beat.end)}, "
                f"{beat.end - beat.start:.1f} s{took})",
                "",
                beat.narration,
                "",
            ]
            if beat.notes and " ".join(beat.notes.split()) != beat.narration:
                lines += [f"> Notes: {' '.join(beat.notes.split())}", ""]
    return "\n".join(lines)


def _run_in_this_process(name: str, target: Path, media: Path) -> None:
    """The child process of :func:`scene_beats`: run scene ``name`` with its animations jumped
    to their ends and write its beats as JSON to ``target``."""
    from scenes.production.craft import inspect_scene

    spec = get_scene(name)
    report = inspect_scene(spec.module, spec.cls, media, width=854, animate=False)
    beats, start = [], 0.0
    for beat in report.beats:
        beats.append(
            {
                "index": beat.index,
                "name": beat.name,
                "start": round(start, 3),
                "end": round(beat.time, 3),
                "narration": beat.narration,
                "notes": beat.notes,
            }
        )
        start = beat.time
    atomic_write_text(target, json.dumps(beats, indent=1))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=_run_in_this_process.__doc__)
    parser.add_argument("scene")
    parser.add_argument("target", type=Path)
    parser.add_argument("media", type=Path)
    args = parser.parse_args(argv)
    _run_in_this_process(args.scene, args.target, args.media)


if __name__ == "__main__":
    main()
