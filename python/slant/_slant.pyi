"""The native part of slant (Rust, built by maturin): runs slant's commands in this process."""

from typing import List, Tuple

class SlantError(Exception):
    """A failure of slant, with the command line's message (file, line or field, what to do)."""

def run(args: List[str], progress: bool = False) -> int:
    """Runs `slant ARGS...` with the GIL released; 0 on success. Raises SlantError."""

def version() -> str:
    """The version of the slant library the module was built from."""

def run_captured(args: List[str], progress: bool = False) -> Tuple[int, bytes]:
    """`run`, returning what the command prints to stdout instead of printing it."""

SLOTS: int
"""Slots of a MinHash signature."""
BUCKET_COMPARISONS: int
"""Members of an LSH bucket each document is compared with, at most (those before it)."""

class Job:
    """One `slant analyze` over a Spark DataFrame (slant.spark): the flags after
    `slant analyze`, with `-o DIR` and no corpus."""

    def __init__(self, words: List[str], progress: bool = False) -> None: ...
    def near_duplicate(self) -> float: ...
    def repeat(self) -> Tuple[int, float]: ...
    def fingerprints(self, batch: bytes, what: str) -> bytes:
        """Stage 1 on an Arrow IPC stream of rows; an IPC stream of fingerprints."""
    def check(self, facts: str, fields: List[str]) -> None:
        """Raises SlantError as `slant analyze` fails on bad records or missing --by columns."""
    def measurer(self, fields: List[str], copies: bytes, repeated: bytes) -> "Measurer": ...
    def finish(self, facts: str, fields: List[str], tables: List[bytes]) -> None:
        """Writes the output directory from documents, hits, counts and quotes (IPC)."""

class Measurer:
    """Stage 3: the compiled lexicons with the copies and repeated lines."""

    def measure(self, batch: bytes, what: str) -> Tuple[bytes, bytes, bytes, bytes]:
        """The rows of documents, hits, counts and quotes of a batch (IPC streams)."""
