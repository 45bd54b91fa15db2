#!/usr/bin/env bash
# Runs tests on Node 20 (this machine's node), 22 and 24 (the npm packages node@22 and node@24,
# fetched by npx from the npm registry). Default: a smoke subset that covers what differs by
# runtime (the SQLite store on node:sqlite, the webhook, the Action bundle, CLI and ESLint);
# --full runs the whole suite on each. Needs `npm run build` first.
#   scripts/node-matrix.sh [--full] [20 22 24]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
FULL=0
VERSIONS=()
for a in "$@"; do case "$a" in --full) FULL=1 ;; *) VERSIONS+=("$a") ;; esac; done
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(20 22 24)
SMOKE=(test/webhook test/action test/cli/scan.test.ts test/cli/staged.test.ts test/cli/hook.test.ts test/eslint/plugin.test.ts test/scan)

node_for() {
  if [ "$1" = "$(node -p 'process.versions.node.split(".")[0]')" ]; then command -v node; return; fi
  npx -y -p "node@$1" node -p process.execPath
}

status=0
for v in "${VERSIONS[@]}"; do
  bin="$(node_for "$v")"
  echo "node-matrix: Node $("$bin" --version) ($bin)"
  # The CLI and the bundled Action start on this runtime.
  "$bin" bin/keylint.js scan . > /dev/null || { echo "node-matrix: keylint scan . failed on Node $v"; status=1; }
  if [ "$FULL" = 1 ]; then args=(); else args=("${SMOKE[@]}"); fi
  start=$(date +%s)
  if "$bin" node_modules/vitest/vitest.mjs run "${args[@]}" > "/tmp/keylint-node-matrix-$v.log" 2>&1; then result=passed; else result=FAILED; status=1; fi
  echo "node-matrix: Node $v: $result in $(( $(date +%s) - start )) s: $(sed 's/\x1b\[[0-9;]*m//g' "/tmp/keylint-node-matrix-$v.log" | grep -E '^ +Tests ' | tr -s ' ')  (log: /tmp/keylint-node-matrix-$v.log)"
  grep -h "tests skipped\|skipped:" "/tmp/keylint-node-matrix-$v.log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u | sed 's/^/    /' || true
done
exit $status
