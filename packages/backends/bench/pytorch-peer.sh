#!/bin/sh
# Installs Debian's python3-torch when the system python lacks torch (needs root), then runs the peer.
# Not a test dependency: only `npm run bench -- --peer` calls this.
set -e
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch
fi
exec /usr/bin/python3 "$(dirname "$0")/pytorch-peer.py" "$@"
