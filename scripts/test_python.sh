#!/usr/bin/env bash
# Build and install the Python module (python/, maturin and PyO3) into a venv, then run its
# pytest suite against the `slant` binary.
#
#   scripts/test_python.sh SLANT_BIN
#
# The venv is $SLANT_PY_VENV (default ~/.cache/slant-python-venv); python/requirements-test.txt
# is installed into it pinned, and `pip install ./python` builds the module (maturin, pinned in
# python/pyproject.toml, comes from PyPI; the Rust build shares $CARGO_TARGET_DIR when set).
# SLANT_FAKES (optional): FA-KES's JSONL, for the test of a real corpus.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 SLANT_BIN" >&2
  exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
venv="${SLANT_PY_VENV:-$HOME/.cache/slant-python-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$root/python/requirements-test.txt"
# a fresh build of the module each time (the Rust part is cached by cargo)
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$root/python"
cd "$root"
SLANT_BIN="$bin" "$venv/bin/python" -m pytest -q python/tests
