"""``render.py scenes watch``: render again whenever what a scene is made of changes.

What a scene is made of is its stamp's sources (every project module it imports, followed
transitively) and the theme. They are polled (their size and modification time) every
``interval`` seconds; a change re-renders: the preview from a beat, its frame, or the video
(whose stamp skips it if nothing it reads changed). A failed render is reported in one line and
the watch goes on, so a typo is fixed and seen at the next save.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[Path, tuple[int, int]]


def snapshot(files: Iterable[Path]) -> Snapshot:
    """Size and modification time (ns) of each file; a missing file counts as (-1, -1)."""
    out: Snapshot = {}
    for path in files:
        try:
            st = path.stat()
            out[path] = (st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            out[path] = (-1, -1)
    return out


def changed(before: Snapshot, after: Snapshot) -> list[Path]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def watch(
    files: Callable[[], list[Path]],
    render: Callable[[], str],
    report: Callable[[str], None],
    interval: float = 0.5,
    rounds: int | None = None,
) -> None:
    """Render once, then again after every change of ``files()`` (asked again after each
    render, as an edit may add an import; between renders only the files' sizes and times are
    read), reporting each result or failure; until Ctrl-C (or ``rounds`` polls, for tests)."""

    def attempt() -> None:
        try:
            report(render())
        except Exception as exc:  # the watch outlives a broken edit
            report(f"failed: {exc.__class__.__name__}: {exc}")

    # each snapshot is taken before its render: an edit saved while it renders is seen next
    watched = files()  # read from the sources: asked again only at a change
    seen = snapshot(watched)
    attempt()
    count = 0
    while rounds is None or count < rounds:
        time.sleep(interval)
        count += 1
        now = snapshot(watched)
        edits = changed(seen, now)
        if edits:
            report("changed: " + ", ".join(p.name for p in edits))
            watched = files()
            now = snapshot(watched)
            attempt()
        seen = now
