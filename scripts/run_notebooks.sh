#!/usr/bin/env bash
# Execute every notebooks/*.ipynb against the tables of `slant analyze -o OUT_DIR`.
#
#   scripts/run_notebooks.sh OUT_DIR
#
# Installs notebooks/requirements.txt into a venv ($SLANT_VENV, default
# ~/.cache/slant-notebooks-venv; reused when it already has the pinned versions), then runs each
# notebook with nbclient on a copy, with SLANT_OUT=OUT_DIR, so the stored notebooks stay free of
# outputs. Exits non-zero, showing the failing cell and its error, if any cell fails.
# Installs the Python module (python/) into it too. Optional: SLANT_NB_OUTPUT (directory to
# keep the executed notebooks in), SLANT_FIGURES (directory to save the charts as PNG),
# PYTHON (interpreter that creates the venv, default python3), SLANT_NB_TIMEOUT (seconds per cell).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR   (a directory written by \`slant analyze -o OUT_DIR\`)" >&2
  exit 2
fi
if [ ! -f "$1/manifest.json" ]; then
  echo "$0: $1 has no manifest.json: run \`slant analyze -o $1\` first" >&2
  exit 1
fi
out=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
req="$root/notebooks/requirements.txt"
venv="${SLANT_VENV:-$HOME/.cache/slant-notebooks-venv}"
python="${PYTHON:-python3}"

# Does the venv have exactly the pinned versions? (name==version lines of requirements.txt)
has_pins() {
  "$venv/bin/python" - "$req" <<'PY' 2>/dev/null
import re, sys
from importlib.metadata import PackageNotFoundError, version
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, pinned = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line).groups()
    try:
        if version(name) != pinned:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
}

start=$SECONDS
if [ -x "$venv/bin/python" ] && has_pins; then
  echo "== venv $venv already has notebooks/requirements.txt"
else
  echo "== installing notebooks/requirements.txt into $venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  has_pins || { echo "$0: $venv lacks the pinned versions after pip install" >&2; exit 1; }
  echo "   ($((SECONDS - start)) s)"
fi

# the Python module (python/, built by maturin; cargo keeps the Rust part built), which
# notebooks 02 and 03 use; 01 reads the Parquet tables alone, as R would
start=$SECONDS
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$root/python"
echo "== the slant module built and installed into $venv ($((SECONDS - start)) s)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/notebooks" "$work/jupyter" "$work/ipython" "$work/ipc"
cp "$root"/notebooks/*.ipynb "$work/notebooks/"

# Isolated from the user's Jupyter and IPython setup: the kernel is the venv's own python3.
export SLANT_OUT="$out" MPLBACKEND=Agg
export JUPYTER_DATA_DIR="$work/jupyter" JUPYTER_RUNTIME_DIR="$work/jupyter/runtime" IPYTHONDIR="$work/ipython"
unset JUPYTER_PATH JUPYTER_CONFIG_DIR

start=$SECONDS
"$venv/bin/python" - "$work/notebooks" "$work/ipc" "${SLANT_NB_OUTPUT:-}" <<'PY'
import os, re, sys, time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

folder, sockets, keep = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
timeout = int(os.environ.get("SLANT_NB_TIMEOUT", "600"))
failed = []
for path in sorted(folder.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    began = time.monotonic()
    # the kernel talks over Unix sockets in the temporary directory, not TCP ports
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(sockets / path.stem))
    client = NotebookClient(nb, km=kernel, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
        print(f"   ok    {path.name} ({time.monotonic() - began:.1f} s)", flush=True)
    except CellExecutionError as error:  # the failing cell, its source and its traceback
        failed.append(path.name)
        message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # no terminal colours in logs
        print(f"   FAIL  {path.name}\n{message}", file=sys.stderr, flush=True)
    except Exception as error:  # a cell timed out, the kernel died or did not start
        failed.append(path.name)
        print(f"   FAIL  {path.name}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
    finally:
        if kernel.has_kernel:  # nbclient leaves a kernel it was given running
            kernel.shutdown_kernel(now=False)
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, Path(keep) / path.name)
if failed:
    sys.exit(f"run_notebooks: {len(failed)} notebook(s) failed: {', '.join(failed)}")
PY
echo "== notebooks ran on $out in $((SECONDS - start)) s"
