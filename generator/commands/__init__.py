"""One module per CLI command: each adds its parser (`add_parser`) and runs it (`run`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..core.errors import SiteError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line itself (exit status 2)."""


def print_problems(problems: Sequence[SiteError]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
