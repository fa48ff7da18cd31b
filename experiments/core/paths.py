"""Where generated files go. Everything generated lives under one build directory."""

from __future__ import annotations

import os
from pathlib import Path

from assets.env import BUILD_ENV

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS_DIR = REPO_ROOT / "assets"


def build_dir() -> Path:
    """The build directory: ``$HIDIM_BUILD`` if set (tests use this), else ``<repo>/build``."""
    env = os.environ.get(BUILD_ENV)
    return Path(env).resolve() if env else REPO_ROOT / "build"


def results_dir() -> Path:
    return build_dir() / "results"


def figures_dir() -> Path:
    return build_dir() / "figures"


def videos_dir() -> Path:
    return build_dir() / "videos"
