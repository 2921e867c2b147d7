#!/usr/bin/env bash
# The README's test command: installs what the tests need on a new Debian machine, then runs
# lint, type check and every vitest suite, with the Neo4j backend tested against a real server.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[test-all] installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "[test-all] npm ci"
npm ci --no-audit --no-fund --loglevel=error

neo4j_pid=""
cleanup() { if [ -n "$neo4j_pid" ]; then npm run --silent neo4j -- stop || true; fi; }
trap cleanup EXIT
if npm run 2>/dev/null | grep -q '^  neo4j$'; then
  echo "[test-all] starting a local Neo4j server"
  export NEO4J_URI
  NEO4J_URI=$(npm run --silent neo4j -- start)
  neo4j_pid=started
  echo "[test-all] Neo4j at $NEO4J_URI"
fi

echo "[test-all] lint"
npm run --silent lint
echo "[test-all] typecheck"
npm run --silent typecheck
echo "[test-all] tests"
npx vitest run
