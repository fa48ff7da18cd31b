"""Python source files read as syntax trees: once per version of a file, one parse at a time.

The toolkit reads its own sources to follow imports (a scene's stamp) and to find the names a
topic module registers (the registries). CPython 3.11 keeps the recursion depth of its AST
constructor per interpreter, not per thread, so two ``ast.parse`` calls in two threads at once
can fail ("SystemError: AST constructor recursion depth mismatch", cpython#106905) when a thread
switch lands inside one of them (a finalizer run by the garbage collector is enough). Parsing is
therefore done before any pool of threads starts (``scenes.production.parallel``), and every
parse here holds one lock as well, so no two of this module's parses ever overlap.
"""

from __future__ import annotations

import ast
import threading
from pathlib import Path

_lock = threading.Lock()
# path -> (its bytes, their tree): a file is parsed again only once its text has changed
_trees: dict[Path, tuple[bytes, ast.Module]] = {}


def syntax_tree(path: Path) -> ast.Module:
    """The syntax tree of the Python file ``path`` (a ``SyntaxError`` names the file and line).

    Trees are shared between callers: walk them, never change them."""
    path = Path(path)
    with _lock:
        text = path.read_bytes()
        cached = _trees.get(path)
        if cached is not None and cached[0] == text:
            return cached[1]
        tree = ast.parse(text, filename=str(path))
        _trees[path] = (text, tree)
        return tree


def forget_trees() -> None:
    """Drop every cached tree (tests that count parses start from none)."""
    with _lock:
        _trees.clear()
