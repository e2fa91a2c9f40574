#!/usr/bin/env bash
# Runs a command with Node.js 22 first on PATH (see node22.sh): `npm test` and `npm run dev` use it,
# so they run on production's Node whatever this machine ships.
set -euo pipefail
bin="$(bash "$(dirname "$0")/node22.sh")"
export PATH="$bin:$PATH"
exec "$@"
