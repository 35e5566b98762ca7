"""The one exception a user can cause: it carries a single line to print, and the exit code."""


class TrainerError(Exception):
    """A problem with the user's input or data: printed as one line, exit code 2, nothing changed."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code
