"""Manim scenes that animate computed results. ``scenes.manifest`` lists them in talk order.

Importing this package does not import manim (so ``render.py list`` stays fast); scene modules
and ``scenes.widgets`` do.
"""
