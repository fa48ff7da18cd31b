"""Manim scenes that animate computed results, in three layers: ``chapters`` (one folder a
chapter), ``kit`` (what a chapter uses inside Manim) and ``production`` (what renders and
packages). ``talk.toml`` orders the chapters; ``manifest`` reads their declarations.

Importing this package, the manifest or a chapter's declaration does not import Manim (so
``render.py list`` stays fast); a chapter's ``scene.py`` and the kit's ``widgets`` do.
"""
