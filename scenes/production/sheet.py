"""Contact sheets: a whole video at a glance, one frame every few seconds in a grid.

For authors reviewing a scene against the craft rules (``scenes/craft.py``) before a talk: a wipe
to an empty frame, a label off the edge or a readout that never moves shows at once.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from assets.theme import load_theme
from experiments.core.fileio import atomic_path

LABEL_HEIGHT = 22  # pixels of the time stamp strip under each frame


def sample_frames(video: Path, every: float) -> list[tuple[float, np.ndarray]]:
    """(time, RGB frame) at 0, every, 2 every, ... seconds: the first frame at or after each."""
    import av

    if every <= 0:
        raise ValueError(f"every must be positive (got {every})")
    picked: list[tuple[float, np.ndarray]] = []
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        next_time = 0.0
        for frame in container.decode(stream):
            if frame.time is None or frame.time + 1e-6 < next_time:
                continue
            picked.append((next_time, frame.to_ndarray(format="rgb24")))
            next_time += every
    return picked


def contact_sheet(
    video: Path, target: Path, *, every: float = 1.0, columns: int = 6, width: int = 320
) -> Path:
    """Write a grid of frames of ``video`` (one every ``every`` seconds, ``width`` pixels wide,
    each stamped with its time) to ``target`` as PNG, atomically."""
    from PIL import Image, ImageDraw, ImageFont

    frames = sample_frames(video, every)
    if not frames:
        raise RuntimeError(f"{video} has no frames")
    h, w = frames[0][1].shape[:2]
    height = round(width * h / w)
    rows = math.ceil(len(frames) / columns)
    cell_h = height + LABEL_HEIGHT
    video_theme = load_theme()["video"]
    sheet = Image.new("RGB", (columns * width, rows * cell_h), video_theme["background"])
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=15)
    for k, (t, pixels) in enumerate(frames):
        x, y = (k % columns) * width, (k // columns) * cell_h
        thumb = Image.fromarray(pixels).resize((width, height), Image.Resampling.LANCZOS)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x, y, x + width - 1, y + height - 1), outline="#303846")
        draw.text((x + 6, y + height + 3), f"{t:5.1f} s", fill=video_theme["muted"], font=font)
    with atomic_path(target) as tmp:
        sheet.save(tmp, format="PNG")
    return target


def sheet_path(video: Path) -> Path:
    """Where the contact sheet of ``video`` goes: beside it, ``<scene>-sheet.png``."""
    return video.with_name(f"{video.stem}-sheet.png")
