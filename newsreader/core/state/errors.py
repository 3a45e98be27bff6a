"""What can go wrong with the state file, each as one line that names the file."""

from __future__ import annotations

from pathlib import Path

__all__ = ["StateBusy", "StateCorrupt", "StateError", "StateReadOnly", "StateTooLarge", "StateWriteError"]


class StateError(Exception):
    """A problem with the state file, shown to users as ``path: problem``."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class StateCorrupt(StateError):
    """The file is not a state file we can read. It is kept as it is and never written over."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        backup: Path | None = None,
    ) -> None:
        self.line = line
        self.column = column
        self.backup = backup
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(path, f"{where}{problem}")

    def advice(self) -> str:
        """What the user can do, one line."""
        keep = "kept as it is; nothing will be saved over it."
        if self.backup is not None:
            return f"{keep} Newest good backup: {self.backup} ('newsreader restore-backup' puts it in place)."
        return f"{keep} No backup was found; fix the file by hand or move it away to start afresh."


class StateTooLarge(StateCorrupt):
    """The file is over the size newsreader can save in reasonable time. Kept, never written over."""

    def advice(self) -> str:
        return ("kept as it is; nothing will be saved over it. 'newsreader export' still reads it: "
                "export your notes, move the file away (or 'newsreader restore-backup' an older one), "
                "then 'newsreader import-notes' what you need.")


class StateBusy(StateError):
    """Another newsreader holds the lock on the state file."""


class StateReadOnly(StateError):
    """The state was opened read-only, so a change cannot be saved."""


class StateWriteError(StateError):
    """A change could not be written to disk (disk full, permissions, ...)."""
