#!/usr/bin/env bash
# Make sure /usr/bin/chromium exists (the e2e tests drive it with playwright-core).
# Idempotent: returns at once when Chromium is already installed. Installing needs root and apt.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: $CHROMIUM present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

fail() {
  echo "ensure-chromium: ERROR: $*" >&2
  echo "ensure-chromium: install it by hand (as root): apt-get update && apt-get install -y chromium" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "$CHROMIUM is missing and apt-get is not available on this machine."
[ "$(id -u)" = "0" ] || fail "$CHROMIUM is missing and installing it needs root (current uid $(id -u))."

echo "ensure-chromium: $CHROMIUM is missing; running: apt-get update"
DEBIAN_FRONTEND=noninteractive apt-get update || fail "'apt-get update' failed (exit $?)."

echo "ensure-chromium: running: apt-get install -y chromium"
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || fail "'apt-get install -y chromium' failed (exit $?)."

[ -x "$CHROMIUM" ] || fail "apt-get finished but $CHROMIUM still does not exist."
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
