"""The narration track of a video: its clips mixed at their beats' starts, muxed into the video.

Runs after the render (``scenes.production.narration``); the clips themselves come from the
scene's voice (``scenes.kit.voice``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from experiments.core.fileio import atomic_path
from scenes.kit.voice import AUDIO_BITRATE, SAMPLE_RATE, normalise, read_audio
from scenes.production.mp4 import FASTSTART


@dataclass(frozen=True)
class Placed:
    """A clip and the second of the video it starts at."""

    path: Path
    start: float


def mix_track(clips: Iterable[Placed], seconds: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    """A mono track ``seconds`` long with each clip, loudness-normalised, at its start.

    A clip that would run past the end is cut there (the scene holds each beat until its
    narration ends, so this happens only to a clip that does not fit, and is an error)."""
    length = round(seconds * rate)
    track = np.zeros(length, np.float32)
    for clip in clips:
        samples = normalise(read_audio(clip.path, rate), rate)
        at = round(clip.start * rate)
        if at + len(samples) > length + int(0.05 * rate):
            raise RuntimeError(
                f"the narration {clip.path.name} ({len(samples) / rate:.2f} s from "
                f"{clip.start:.2f} s) runs past the end of the video ({seconds:.2f} s)"
            )
        end = min(at + len(samples), length)
        track[at:end] += samples[: end - at]
    return np.clip(track, -1.0, 1.0)


def mux_audio(video: Path, track: np.ndarray, target: Path, rate: int = SAMPLE_RATE) -> None:
    """Write ``target`` (atomically): ``video``'s video stream as it is, with ``track`` as its
    audio (AAC), any audio ``video`` had replaced."""
    import av

    with (
        atomic_path(target) as tmp,
        av.open(str(video)) as source,
        av.open(str(tmp), "w", format="mp4", options=FASTSTART) as out,
    ):
        v_in = source.streams.video[0]
        v_out = out.add_stream_from_template(template=v_in)
        a_out: Any = out.add_stream("aac", rate=rate, layout="mono")
        a_out.bit_rate = AUDIO_BITRATE
        for packet in source.demux(v_in):
            if packet.dts is None:
                continue
            packet.stream = v_out
            out.mux(packet)
        for frame in _audio_frames(track, rate):
            for packet in a_out.encode(frame):
                out.mux(packet)
        for packet in a_out.encode(None):
            out.mux(packet)


def _audio_frames(track: np.ndarray, rate: int, size: int = 1024) -> Iterable[Any]:
    import av

    pts = 0
    for i in range(0, len(track), size):
        chunk = np.ascontiguousarray(track[i : i + size].reshape(1, -1), dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
        frame.sample_rate = rate
        frame.pts = pts
        frame.time_base = Fraction(1, rate)
        pts += chunk.shape[1]
        yield frame


def audio_stream_seconds(video: Path) -> float | None:
    """The length of ``video``'s audio stream in seconds, None when it has none."""
    import av

    with av.open(str(video)) as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        samples = sum(f.samples for f in container.decode(audio=0))
        return samples / float(stream.rate)


def slice_track(track: np.ndarray, spans: Sequence[tuple[float, float]], rate: int = SAMPLE_RATE):
    """The parts of ``track`` between each (start, end) in seconds."""
    return [track[round(a * rate) : round(b * rate)] for a, b in spans]
