"""The beats of a scene as it renders: their names, narration, times in the video and clips.

Each ``beat()`` of a scene (``scenes.kit.theme``) asks its :class:`Narrator` how long to hold (its
own seconds, or longer when its narration needs it) and then records the beat. With
``HIDIM_BEATS_FILE`` set (the runner sets it) the record is written there as JSON after every
beat, so the runner can write captions and the audio track from what the render really did.

The record (``<scene>.beats.json`` beside the video):
``{"scene": ..., "voice": ..., "beats": [{"index", "name", "start", "end", "narration",
"notes", "held", "clip": null | {"path", "offset", "seconds", "source"}}]}``; times in seconds of
the video, ``held`` how long the beat's last frame (its payoff) stays on screen, ``offset`` the
clip's start from its beat's start.

The pace rules of the storyboard are kept here, where a beat's length is decided: a payoff is
held at least :data:`MIN_HOLD` seconds, and a silent beat lasts long enough for its caption to be
read at :data:`READING_RATE` words a second (a voiced beat lasts as long as its clip).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assets.env import BEATS_ENV, PREVIEW_ENV, SCENE_NAME_ENV, VOICE_ENV
from experiments.core.errors import UserError
from experiments.core.fileio import atomic_write_text
from scenes.kit.voice import LEAD, NAME_PATTERN, PAUSE, Clip, Voice, env_model

MIN_HOLD = 2.0  # seconds a beat's last frame, its payoff, stays on screen at the least
READING_RATE = 2.8  # words a second a silent beat's captions are paced at (the rule: at most 3)


def reading_seconds(narration: str) -> float:
    """How long a silent beat showing ``narration`` as captions lasts at the least."""
    return len(narration.split()) / READING_RATE


@dataclass
class BeatRecord:
    index: int
    name: str
    start: float
    end: float
    narration: str
    notes: str
    clip: dict[str, Any] | None = None
    held: float = 0.0  # seconds the last frame is held (the beat's end less its last animation's)


@dataclass
class Narrator:
    """Keeps a scene's beats and, with a voice, the clip of each and how long to hold it."""

    scene: str
    voice: Voice
    target: Path | None = None
    beats: list[BeatRecord] = field(default_factory=list)
    _pending: tuple[str, str, float, Clip | None, float] | None = None
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
                    "the scene changed while the preview started; ask for it again"
                )
            if self.preview.get("frame"):
                raise EndSceneEarlyException()
        elif record.index + 2 == number and not self.preview.get("frame"):
            config.from_animation_number = int(scene.renderer.num_plays)

    def hold(self, scene: Any, seconds: float, name: str, narration: str) -> float:
        """How long beat ``name`` holds its last frame: ``seconds``, at least :data:`MIN_HOLD`,
        and more when its narration needs it: with a voice until the clip (started :data:`LEAD`
        after the beat's start) has ended plus :data:`PAUSE`; silent, until the beat has lasted
        :func:`reading_seconds` of its narration, so its captions read at a human pace."""
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise UserError(f"beat name {name!r}: use lowercase letters, digits and hyphens")
        if any(b.name == name for b in self.beats):
            raise UserError(f"scene '{self.scene}' has two beats named '{name}'")
        start = self.beats[-1].end if self.beats else 0.0
        narration = " ".join(narration.split())
        clip = self.voice.clip(name, narration)
        elapsed = float(scene.renderer.time) - start
        # with a voice, until its clip has ended; silent, until its captions are read
        needed = LEAD + clip.seconds + PAUSE if clip is not None else reading_seconds(narration)
        # to the millisecond: a render and a cached rerun add up the scene's time in different
        # steps, and a hold that differed in its last bits would hash differently in Manim's cache
        hold = round(max(seconds, MIN_HOLD, needed - elapsed), 3)
        self._pending = (name, narration, start, clip, float(scene.renderer.time))
        return hold

    def end_beat(self, scene: Any, name: str, notes: str) -> None:
        """Record beat ``name``, which ends now, and write the record."""
        assert self._pending is not None and self._pending[0] == name, "end_beat without hold"
        _, narration, start, clip, held_from = self._pending
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
        record = BeatRecord(
            len(self.beats), name, start, end, narration, notes, clip_record, end - held_from
        )
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
