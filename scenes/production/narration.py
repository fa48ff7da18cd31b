"""After a render: each beat's real time in the video, the voice track, the captions.

The scene's :class:`scenes.kit.narrator.Narrator` wrote its beats record during the render;
:func:`finish` reads it, mixes the narration into the video and writes the captions beside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from experiments.core.fileio import atomic_write_text
from scenes.kit.narrator import read_beats

if TYPE_CHECKING:
    from scenes.production.subtitles import Cue


@dataclass(frozen=True)
class Narrated:
    """What :func:`finish` wrote beside a rendered video."""

    beats: Path  # the beats record, with the beats' times in the video
    vtt: Path
    srt: Path
    voice: str
    missing_takes: tuple[str, ...]  # beats spoken by speech for want of a take ("recorded")
    captioned: Path | None  # the video with captions drawn in, when asked


def beat_spans(record: dict[str, Any], slide_files: list[Path], seconds: float):
    """(start, end) of each beat in the video: from the lengths of its slide videos (one per
    beat, cut from the same partial movies as the video) where they match the beats, else the
    scene's own clock; never past the video's end."""
    from scenes.production.media import video_duration

    beats = record["beats"]
    if len(slide_files) == len(beats):
        ends, t = [], 0.0
        for path in slide_files:
            t += video_duration(path)
            ends.append(t)
    else:
        ends = [float(b["end"]) for b in beats]
    starts = [0.0, *ends[:-1]]
    return [(min(a, seconds), min(b, seconds)) for a, b in zip(starts, ends, strict=True)]


def finish(
    record_path: Path,
    video: Path,
    slides_config: Path | None,
    burn_in: bool = False,
) -> Narrated:
    """Turn a scene's beats record into the files beside its ``video``: the record with the
    beats' real times (``<scene>.beats.json``), captions (``.vtt``, ``.srt``), the audio track
    muxed into the video (and each beat's part into its slide) when the beats have clips, and
    with ``burn_in`` ``<scene>.captioned.mp4``."""
    from scenes.production.media import video_duration
    from scenes.production.subtitles import write_captions
    from scenes.production.track import Placed, mix_track, mux_audio

    record = read_beats(record_path)
    seconds = video_duration(video)
    config = json.loads(slides_config.read_text()) if slides_config is not None else None
    slide_files = [Path(s["file"]) for s in config["slides"]] if config else []
    spans = beat_spans(record, slide_files, seconds)
    for beat, (start, end) in zip(record["beats"], spans, strict=True):
        beat["start"], beat["end"] = round(start, 4), round(end, 4)
    record["video_seconds"] = seconds
    clips = [
        Placed(Path(b["clip"]["path"]), b["start"] + float(b["clip"]["offset"]))
        for b in record["beats"]
        if b.get("clip")
    ]
    if clips:
        track = mix_track(clips, seconds)
        mux_audio(video, track, video)
        if config is not None and slides_config is not None and len(slide_files) == len(spans):
            _voice_slides(config, slides_config, track, spans)
    target = video.with_suffix(".beats.json")
    atomic_write_text(target, json.dumps(record, indent=1))
    vtt, srt = write_captions(cues_of(record), video)
    captioned = burn(video) if burn_in else None
    missing = tuple(
        b["name"]
        for b in record["beats"]
        if record["voice"] == "recorded" and b.get("clip") and b["clip"]["source"] != "recorded"
    )
    return Narrated(target, vtt, srt, str(record["voice"]), missing, captioned)


def captioned_path(video: Path) -> Path:
    return video.with_name(f"{video.stem}.captioned.mp4")


def cues_of(record: dict[str, Any]) -> list[Cue]:
    """The caption cues of a finished beats record (its beats' times are the video's)."""
    from scenes.production.subtitles import make_cues, narration_spans

    spans = [(float(b["start"]), float(b["end"])) for b in record["beats"]]
    return make_cues(narration_spans(record, spans))


def burn(video: Path) -> Path:
    """``<scene>.captioned.mp4``: ``video`` with the captions of its beats record drawn in."""
    from scenes.production.subtitles import burn_captions

    record = read_beats(video.with_suffix(".beats.json"))
    return burn_captions(video, cues_of(record), captioned_path(video))


def _voice_slides(
    config: dict[str, Any], config_path: Path, track: Any, spans: list[tuple[float, float]]
) -> None:
    """Give each slide video its beat's part of ``track``, as a new file (manim-slides reuses
    slide files by name, so a silent render later must not find a voiced one under its name)."""
    import hashlib

    from scenes.production.track import mux_audio, slice_track

    for slide, part in zip(config["slides"], slice_track(track, spans), strict=True):
        source = Path(slide["file"])
        digest = hashlib.sha256(part.tobytes()).hexdigest()[:12]
        stem = source.stem.split(".")[0]
        voiced = source.with_name(f"{stem}.voice-{digest}.mp4")
        if not voiced.exists():
            mux_audio(source, part, voiced)
        slide["file"] = slide["rev_file"] = str(voiced)
    atomic_write_text(config_path, json.dumps(config, indent=2))
