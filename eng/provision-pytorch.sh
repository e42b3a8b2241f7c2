#!/usr/bin/env bash
# Makes sure the Python that the PyTorch back-end's tests run (PAR_PYTHON, default Debian's /usr/bin/python3) can
# import torch; where it cannot, installs Debian's python3-torch once, as root, from the system's own apt sources
# (Debian 12: torch 1.13.1 with gloo, about a minute and a half). Called by `./par test` before the suite runs,
# outside the libtorch compatibility runtime, whose overlaid library folder is read-only.
#   eng/provision-pytorch.sh LOG_DIR
set -euo pipefail
PYTHON="${PAR_PYTHON:-/usr/bin/python3}"
LOG="${1:-/tmp}/pytorch-install.log"

die() { echo "par: $*" >&2; exit 2; }
has_torch() { [ -x "$PYTHON" ] && "$PYTHON" -c 'import torch, torch.distributed' >/dev/null 2>&1; }

has_torch && exit 0
why="the PyTorch back-end's tests need PyTorch, and $PYTHON cannot import torch"
[ -z "${PAR_PYTHON:-}" ] || die "$why (PAR_PYTHON=$PAR_PYTHON). Install PyTorch for it, or unset PAR_PYTHON to use Debian's python3-torch."
command -v apt-get >/dev/null || die "$why. Install PyTorch (python3-torch on Debian/Ubuntu), or set PAR_PYTHON to a Python that has it."
[ "$(id -u)" = 0 ] || die "$why. Installing Debian's python3-torch needs root: re-run as root, run 'sudo apt-get install python3-torch', or set PAR_PYTHON to a Python with torch."

echo "par: $why; installing Debian's python3-torch (once, a few minutes; log: $LOG)." >&2
mkdir -p "$(dirname "$LOG")"
# A fresh machine may have no package lists yet.
if ! apt-cache show python3-torch >"$LOG" 2>&1; then
  apt-get update -qq >>"$LOG" 2>&1 || die "could not read the package index of the system's apt sources (network?). See $LOG."
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch >>"$LOG" 2>&1 \
  || die "could not install python3-torch from the system's apt sources. See $LOG."
has_torch || die "python3-torch is installed, but $PYTHON still cannot import torch. See $LOG."
