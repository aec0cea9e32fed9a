"""The project's one exception type, caught at the CLI edge."""

from __future__ import annotations


class SampingError(Exception):
    """A problem the user can act on; its message is a translated sentence."""

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class UsageProblem(SampingError):
    """Bad usage of a command (exit code 2, like the CLI framework's own usage errors)."""

    exit_code = 2
