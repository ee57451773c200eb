"""The one base class of the core's user-facing errors.

A core function raises a subclass of `KithError` when what the user asked for
cannot be done (a person not found, an edit that is not safe, a setting that
cannot be used); its message is written for the user. The adapters turn it into
their own kind of error in one place (the CLI: a Click error, exit status 1),
so no command catches them one by one.
"""

from __future__ import annotations


class KithError(Exception):
    """A request the core cannot carry out; the message says why, for the user."""
