#!/bin/sh
# Runs the PyTorch peer. IFA_PEER_PYTHON picks the interpreter (e.g. one with the official PyTorch wheel);
# by default the system python, installing Debian's python3-torch (1.13, needs root) when it lacks torch.
# Not a test dependency: only `npm run bench -- --peer` calls this.
set -e
if [ -n "$IFA_PEER_PYTHON" ]; then
  exec "$IFA_PEER_PYTHON" "$(dirname "$0")/pytorch-peer.py" "$@"
fi
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch
fi
exec /usr/bin/python3 "$(dirname "$0")/pytorch-peer.py" "$@"
