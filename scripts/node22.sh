#!/usr/bin/env bash
# Prints the folder of a Node.js 22 binary: the machine's own when it is Node 22, else one installed
# once into .cache/node22 from the npm registry (the `node` package, which fetches the official binary
# for this platform as a registry package). Production, CI and the tests all run Node 22 LTS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wanted="${SAMSYN_NODE_MAJOR:-22}"

current="$(node --version 2>/dev/null || echo none)"
if [[ "$current" == v${wanted}.* ]]; then
  dirname "$(command -v node)"
  exit 0
fi

prefix="$root/.cache/node$wanted"
bin="$prefix/node_modules/node/bin"
if [[ -x "$bin/node" ]] && [[ "$("$bin/node" --version)" == v${wanted}.* ]]; then
  echo "$bin"
  exit 0
fi

echo "node22: this machine runs Node $current; installing Node $wanted into ${prefix#"$root"/} (once)" >&2
mkdir -p "$prefix"
# The package's own install step fetches the platform binary (a registry package): it must run.
npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$prefix" "node@$wanted" >&2
[[ -x "$bin/node" ]] || { echo "node22: ERROR: $bin/node was not installed" >&2; exit 1; }
echo "node22: $("$bin/node" --version)" >&2
echo "$bin"
