"""Errors a user can cause, kept apart from programming errors.

The command line turns a :class:`UserError` into one line on stderr and exit status 2, and any
other failure into one line and exit status 1.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class UserError(Exception):
    """A problem with what the user asked for (a name, a value, a missing tool)."""


class MissingToolError(Exception):
    """An external program the work needs is not installed (exit status 1, not 2)."""


def unknown_name(kind: str, name: str, known: Iterable[str], where: str = "") -> UserError:
    """Build the error for an unknown ``name``, with a close-match suggestion if there is one.

    ``where`` names what the name was looked up in (e.g. ``"for ball-slices"``).
    """
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    where = f" {where}" if where else ""
    return UserError(f"unknown {kind} '{name}'{where}{hint} (known: {', '.join(known)})")
