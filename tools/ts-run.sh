#!/usr/bin/env bash
# Runs a TypeScript entry point of the monorepo without building (swc transpile, path aliases).
set -euo pipefail
cd "$(dirname "$0")/.."
export TS_NODE_PROJECT=tsconfig.base.json TS_NODE_TRANSPILE_ONLY=true TS_NODE_SWC=true
exec node -r ts-node/register -r tsconfig-paths/register "$@"
