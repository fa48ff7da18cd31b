"""MP4 files ready for the web: the index (``moov``) before the media data (``mdat``).

A player fetching a video over HTTP needs the index to start; written after the data (as Manim
and manim-slides write it), the whole file must arrive first. :func:`faststart` rewrites a file
with its index first, copying the streams as they are (no re-encoding); the project's own
writers (the voice-over's mux, the captions drawn in) write it so from the start
(:data:`FASTSTART`).
"""

from __future__ import annotations

import struct
from pathlib import Path

from experiments.core.fileio import atomic_path

FASTSTART = {"movflags": "+faststart"}  # PyAV/FFmpeg muxer options of an MP4 written for the web


def top_atoms(path: Path) -> list[str]:
    """The types of the top-level boxes of an MP4 file, in order (``ftyp``, ``moov``, ...)."""
    names = []
    with open(path, "rb") as f:
        while True:
            head = f.read(8)
            if len(head) < 8:
                break
            size, kind = struct.unpack(">I4s", head)
            names.append(kind.decode("latin-1"))
            if size == 1:  # a 64-bit size follows
                size = struct.unpack(">Q", f.read(8))[0] - 8
            elif size == 0:  # the box runs to the end of the file
                break
            f.seek(size - 8, 1)
    return names


def is_faststart(path: Path) -> bool:
    atoms = top_atoms(path)
    return "moov" in atoms and "mdat" in atoms and atoms.index("moov") < atoms.index("mdat")


def faststart(source: Path, target: Path | None = None) -> Path:
    """``source`` rewritten with its index first at ``target`` (default: in place, atomically),
    every stream copied; a file already so is copied as it is (or left alone in place)."""
    import shutil

    import av

    target = target or source
    if is_faststart(source):
        if target != source:
            with atomic_path(target) as tmp:
                shutil.copyfile(source, tmp)
        return target
    with (
        atomic_path(target) as tmp,
        av.open(str(source)) as src,
        av.open(str(tmp), "w", format="mp4", options=FASTSTART) as out,
    ):
        streams = {s.index: out.add_stream_from_template(template=s) for s in src.streams}
        for packet in src.demux(*src.streams):
            if packet.dts is None:
                continue
            packet.stream = streams[packet.stream.index]
            out.mux(packet)
    return target
