"""The chapters of the talk: one folder each, ``__init__.py`` its declaration and ``scene.py``
its scene.

A chapter imports the scene kit, the assets and the experiments' read API, never another chapter
or the production code. Their order is ``scenes/talk.toml``.
"""
