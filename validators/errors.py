"""The one exception: validation cannot go on (missing file, unreadable CSV, bad encoding)."""


class CannotRun(Exception):
    """Raised when a check cannot even start; the message is one line for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
