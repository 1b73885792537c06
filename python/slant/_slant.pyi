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
