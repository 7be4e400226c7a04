"""One exception hierarchy and one exit-code table for the whole toolkit.

The library raises these; only the CLI turns them into exit codes (see README, "Exit codes").
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``lakip`` command; documented in the README."""

    OK = 0
    PARTIAL = 1  # some files or pages failed, everything else was written
    USAGE = 2  # bad flags or arguments (Typer's own code)
    INPUT_NOT_FOUND = 3
    UNSUPPORTED_INPUT = 4  # not a PDF, image or text dump
    CORRUPT_INPUT = 5  # truncated, damaged or empty file
    ENCRYPTED_INPUT = 6  # needs --password
    NO_CONTENT = 7  # readable, but no pages / no text at all
    TOO_LARGE = 8  # over a resource limit (page size, page count, pixels)
    TIMEOUT = 9  # per-file time limit reached
    MISSING_DEPENDENCY = 10  # tesseract or a language pack is not installed
    INVALID_DATA = 11  # a catalogue, gazetteer or output failed schema validation
    OUTPUT_ERROR = 12  # the output cannot be written: no permission, disk full, a file in the way
    OUTPUT_BUSY = 13  # another batch is writing into the same output folder
    INTERNAL = 70  # a bug: please report it


class LakipError(Exception):
    """Base of every error lakip raises on purpose; the message says what to do next."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, *, path: str | None = None, page: int | None = None) -> None:
        self.message = message
        self.path = path
        self.page = page
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}"
            if self.page is not None:
                where += f" page {self.page}"
            where += ": "
        return f"{where}{self.message}".replace("\n", " ")


class UsageError(LakipError):
    """The arguments ask for something lakip will not do (e.g. overwrite a file under review)."""

    exit_code = ExitCode.USAGE


class InputNotFoundError(LakipError):
    exit_code = ExitCode.INPUT_NOT_FOUND


class UnsupportedInputError(LakipError):
    exit_code = ExitCode.UNSUPPORTED_INPUT


class CorruptInputError(LakipError):
    exit_code = ExitCode.CORRUPT_INPUT


class EncryptedInputError(LakipError):
    exit_code = ExitCode.ENCRYPTED_INPUT


class NoContentError(LakipError):
    exit_code = ExitCode.NO_CONTENT


class TooLargeError(LakipError):
    exit_code = ExitCode.TOO_LARGE


class ExtractionTimeoutError(LakipError):
    exit_code = ExitCode.TIMEOUT


class MissingDependencyError(LakipError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class InvalidDataError(LakipError):
    exit_code = ExitCode.INVALID_DATA


class OutputError(LakipError):
    exit_code = ExitCode.OUTPUT_ERROR


class OutputBusyError(LakipError):
    exit_code = ExitCode.OUTPUT_BUSY
