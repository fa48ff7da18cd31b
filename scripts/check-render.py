"""Check what `make render` must leave behind: the gallery, the talk's slides and handout, every
scene's video, poster and captions, and every chapter's explorable. One line per missing file;
exit 1 if any is missing.

    .venv/bin/python scripts/check-render.py [--quality preview]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from experiments.core import paths
from scenes.manifest import SCENES
from scenes.production.outputs import explorable_path
from scenes.production.slides import deck_path


def expected_files(quality: str) -> list[Path]:
    """Every file a full render at ``quality`` writes that a user opens."""
    videos = paths.videos_dir() / quality
    talk = list(SCENES)
    files = [
        paths.build_dir() / "index.html",
        deck_path(talk, quality),
        deck_path(talk, quality, ".pdf"),
    ]
    for spec in talk:
        files += [videos / f"{spec.name}{suffix}" for suffix in (".mp4", ".png", ".vtt")]
        if spec.explorable is not None:
            files.append(explorable_path(paths.build_dir(), spec.name))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", default="preview")
    quality = parser.parse_args().quality
    files = expected_files(quality)
    missing = [f for f in files if not f.is_file() or f.stat().st_size == 0]
    for f in missing:
        print(f"check-render: missing or empty: {f}", file=sys.stderr)
    if not missing:
        print(f"check-render: all {len(files)} files of the {quality} render are there")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
