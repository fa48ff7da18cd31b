"""The beats of a scene as it renders: their names, narration, times in the video and clips.

Each ``beat()`` of a scene (``scenes.theme``) asks its :class:`Narrator` how long to hold (its
own seconds, or longer when its narration needs it) and then records the beat. With
``HIDIM_BEATS_FILE`` set (the runner sets it) the record is written there as JSON after every
beat, so the runner can write captions and the audio track from what the render really did.

The record (``<scene>.beats.json`` beside the video):
``{"scene": ..., "voice": ..., "beats": [{"index", "name", "start", "end", "narration",
"notes", "clip": null | {"path", "offset", "seconds", "source"}}]}``; times in seconds of the
video, ``offset`` the clip's start from its beat's start.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from experiments.errors import UserError
from experiments.fileio import atomic_write_text
from scenes.voice import LEAD, NAME_PATTERN, PAUSE, VOICE_ENV, Clip, Voice, env_model

if TYPE_CHECKING:
    from scenes.subtitles import Cue

BEATS_ENV = "HIDIM_BEATS_FILE"  # where a scene writes its beats (set by the runner)
# A preview (set by the runner): {"beat": its number from 1, "name": its id, "frame": bool}. The
# scene skips every animation before that beat and renders from it on; with "frame" it stops at
# the beat's end, where Manim (run with -s) saves the frame.
PREVIEW_ENV = "HIDIM_PREVIEW"
SCENE_NAME_ENV = "HIDIM_SCENE_NAME"  # the manifest name of the scene rendering (for its takes)


@dataclass
class BeatRecord:
    index: int
    name: str
    start: float
    end: float
    narration: str
    notes: str
    clip: dict[str, Any] | None = None


@dataclass
class Narrator:
    """Keeps a scene's beats and, with a voice, the clip of each and how long to hold it."""

    scene: str
    voice: Voice
    target: Path | None = None
    beats: list[BeatRecord] = field(default_factory=list)
    _pending: tuple[str, str, float, Clip | None] | None = None
    preview: dict[str, Any] | None = None  # see PREVIEW_ENV

    @classmethod
    def from_env(cls, class_name: str) -> Narrator:
        scene = os.environ.get(SCENE_NAME_ENV) or class_name
        mode = os.environ.get(VOICE_ENV) or "none"
        raw = os.environ.get(BEATS_ENV)
        preview = json.loads(os.environ[PREVIEW_ENV]) if os.environ.get(PREVIEW_ENV) else None
        target = Path(raw) if raw else None
        return cls(scene, Voice(mode, scene, env_model()), target, [], None, preview)

    def start(self) -> None:
        """Before the scene's first animation: with a preview from a later beat, skip until it
        (Manim skips every animation numbered below ``from_animation_number``)."""
        from manim import config

        preview = self.preview
        if preview is not None and not preview.get("frame") and int(preview["beat"]) > 1:
            config.from_animation_number = 10**9

    def _preview_after(self, scene: Any, record: BeatRecord) -> None:
        """At the end of beat ``record``: resume rendering when the preview's beat is next, or,
        when only its frame is wanted, stop at the end of it."""
        from manim import config
        from manim.utils.exceptions import EndSceneEarlyException

        assert self.preview is not None
        number, name = int(self.preview["beat"]), self.preview.get("name")
        if record.index + 1 == number:
            if name is not None and record.name != name:
                raise UserError(
                    f"beat {number} of scene '{self.scene}' is now '{record.name}', not '{name}': "
                    "the beats changed; ask for it again"
                )
            if self.preview.get("frame"):
                raise EndSceneEarlyException()
        elif record.index + 2 == number and not self.preview.get("frame"):
            config.from_animation_number = int(scene.renderer.num_plays)

    def hold(self, scene: Any, seconds: float, name: str, narration: str) -> float:
        """How long beat ``name`` holds its last frame: ``seconds``, or until its narration
        (started :data:`LEAD` after the beat's start) has ended plus :data:`PAUSE`."""
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise UserError(f"beat name {name!r}: use lowercase letters, digits and hyphens")
        if any(b.name == name for b in self.beats):
            raise UserError(f"scene '{self.scene}' has two beats named '{name}'")
        start = self.beats[-1].end if self.beats else 0.0
        narration = " ".join(narration.split())
        clip = self.voice.clip(name, narration)
        hold = seconds
        if clip is not None:
            elapsed = float(scene.renderer.time) - start
            hold = max(seconds, LEAD + clip.seconds + PAUSE - elapsed)
        self._pending = (name, narration, start, clip)
        return hold

    def end_beat(self, scene: Any, name: str, notes: str) -> None:
        """Record beat ``name``, which ends now, and write the record."""
        assert self._pending is not None and self._pending[0] == name, "end_beat without hold"
        _, narration, start, clip = self._pending
        self._pending = None
        clip_record = None
        if clip is not None:
            clip_record = {
                "path": str(clip.path),
                "offset": LEAD,
                "seconds": clip.seconds,
                "source": clip.source,
            }
        end = float(scene.renderer.time)
        record = BeatRecord(len(self.beats), name, start, end, narration, notes, clip_record)
        self.beats.append(record)
        if self.target is not None:
            data = {
                "scene": self.scene,
                "voice": self.voice.mode,
                "beats": [asdict(b) for b in self.beats],
            }
            atomic_write_text(self.target, json.dumps(data, indent=1))
        if self.preview is not None:
            self._preview_after(scene, record)


def read_beats(path: Path) -> dict[str, Any]:
    """A beats record written by :class:`Narrator`."""
    return dict(json.loads(path.read_text()))


# --- after the render: the real beat times, the track, the captions ------------------------------


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
    from scenes.runner import video_duration

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
    from scenes.runner import video_duration
    from scenes.subtitles import write_captions
    from scenes.voice import Placed, mix_track, mux_audio

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
    from scenes.subtitles import make_cues, narration_spans

    spans = [(float(b["start"]), float(b["end"])) for b in record["beats"]]
    return make_cues(narration_spans(record, spans))


def burn(video: Path) -> Path:
    """``<scene>.captioned.mp4``: ``video`` with the captions of its beats record drawn in."""
    from scenes.subtitles import burn_captions

    record = read_beats(video.with_suffix(".beats.json"))
    return burn_captions(video, cues_of(record), captioned_path(video))


def _voice_slides(
    config: dict[str, Any], config_path: Path, track: Any, spans: list[tuple[float, float]]
) -> None:
    """Give each slide video its beat's part of ``track``, as a new file (manim-slides reuses
    slide files by name, so a silent render later must not find a voiced one under its name)."""
    import hashlib

    from scenes.voice import mux_audio, slice_track

    for slide, part in zip(config["slides"], slice_track(track, spans), strict=True):
        source = Path(slide["file"])
        digest = hashlib.sha256(part.tobytes()).hexdigest()[:12]
        stem = source.stem.split(".")[0]
        voiced = source.with_name(f"{stem}.voice-{digest}.mp4")
        if not voiced.exists():
            mux_audio(source, part, voiced)
        slide["file"] = slide["rev_file"] = str(voiced)
    atomic_write_text(config_path, json.dumps(config, indent=2))
