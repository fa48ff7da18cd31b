"""A rendered video's length, its last frame and its poster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from experiments.core.fileio import atomic_path


def video_duration(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(container.duration or 0) / 1e6


def last_frame_image(video: Path) -> Any:
    """The last frame of ``video`` as a PIL image (an error if it has none)."""
    import av

    last = None
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            last = frame
    if last is None:
        raise RuntimeError(f"{video} has no frames")
    return last.to_image()


def write_poster(video: Path, poster: Path) -> None:
    """Save the last frame of ``video`` as a PNG (atomically)."""
    image = last_frame_image(video)
    with atomic_path(poster) as tmp:
        image.save(tmp, format="PNG")
