#!/usr/bin/env bash
# Builds the dashboard into OUTDIR (CMake's <build>/web): `npm ci` in web/
# first when web/node_modules is missing or older than package-lock.json
# (under a lock, since several build directories share this checkout), then
# the esbuild step (build.mjs). Usage: web/build.sh OUTDIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: web/build.sh OUTDIR}"
if ! command -v node >/dev/null 2>&1; then
    echo "web: node is not installed (scripts/install-deps installs it)" >&2
    exit 1
fi
stamp="$here/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
    (
        flock 9
        if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
            echo "web: npm ci in web/"
            cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
        fi
    ) 9>"$here/.npm-ci.lock"
fi
exec node "$here/build.mjs" "$out"
