"""Errors the core reports to users: one line, naming the file and the problem."""

from __future__ import annotations

from pathlib import Path

from newsreader.core.sanitize import visible


class InputError(Exception):
    """Bad input: a file or folder that cannot be read as articles."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        # A file name can hold anything, escape sequences too: shown with them escaped.
        super().__init__(f"{visible(self.path)}: {visible(problem)}")


class NotAnArticle(InputError):
    """A readable file that holds no article (a page without one, XML that is not a feed, ...).

    In a folder such files are skipped and counted rather than reported as errors.
    """
