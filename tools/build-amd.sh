#!/usr/bin/env bash
# Builds the plugin's AMD modules (amd/src -> amd/build) with pinned Babel and
# Terser from the npm registry, cached in ~/.cache/mih-amd-tools.
#   tools/build-amd.sh           rebuild moodle-plugin/amd/build
#   tools/build-amd.sh --check   fail when amd/build is not what amd/src builds to
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${HOME}/.cache/mih-amd-tools"
if [ ! -d "$tools/node_modules/terser" ]; then
    mkdir -p "$tools"
    (cd "$tools" && npm init -y >/dev/null &&
        npm install --silent --no-audit --no-fund @babel/core@7.29.13 @babel/plugin-transform-modules-amd@7 terser@5.51.4)
fi
export MIH_AMD_TOOLS="$tools/node_modules"
if [ "${1:-}" = "--check" ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    node tools/build-amd.mjs moodle-plugin "$out"
    if diff -r moodle-plugin/amd/build "$out" >/dev/null; then
        echo "amd/build is current"
    else
        echo "moodle-plugin/amd/build is out of date: run tools/build-amd.sh"
        exit 1
    fi
else
    node tools/build-amd.mjs moodle-plugin moodle-plugin/amd/build
fi
