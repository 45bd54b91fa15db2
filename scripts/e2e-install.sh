#!/usr/bin/env bash
# End to end, as a user adding keylint to a project: pack this checkout, install the tarball
# into a fresh temp project, then with that project's own ESLint (9, then 10):
#   keylint scan · a commit through the installed hook (.git/hooks, then the husky flow from
#   docs/install.md verbatim) · eslint with keylint/eslint · the webhook's install hint.
# Prints install time, package count and installed size; fails if any install script or
# native build ran. Network: the npm registry only.   KEEP=1 keeps the temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/keylint-e2e-install-XXXXXX")"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL="$WORK/gitconfig" npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
git config --global user.name e2e && git config --global user.email e2e@example.com && git config --global init.defaultBranch main

say() { echo "e2e-install: $*"; }
fail() { echo "e2e-install: FAIL: $*"; exit 1; }
# expect CODE CMD...: runs CMD, fails unless it exits CODE; its output is in $WORK/last.log.
expect() { local want=$1; shift; set +e; "$@" > "$WORK/last.log" 2>&1; local got=$?; set -e; [ "$got" = "$want" ] || { cat "$WORK/last.log"; fail "$* exited $got, expected $want"; }; }
secs() { echo "$(( $(date +%s%N) / 1000000 ))"; }

say "node $(node --version), npm $(npm --version)"
( cd "$ROOT" && npm pack --pack-destination "$WORK" > "$WORK/pack.out" 2> "$WORK/pack.err" ) || { cat "$WORK/pack.err"; fail "npm pack"; }
TARBALL="$WORK/$(tail -n 1 "$WORK/pack.out")"
[ "$(wc -l < "$WORK/pack.out")" = 1 ] || { cat "$WORK/pack.out"; fail "npm pack printed more than the tarball name on stdout (pre-commit < 4.6.1 reads it as the name)"; }
say "packed $(basename "$TARBALL"): $(du -k "$TARBALL" | cut -f1) KB, $(tar -tzf "$TARBALL" | wc -l) files"
TOKEN="$(node --input-type=module -e "import { expandExample } from '$ROOT/dist/engine/index.js'; process.stdout.write(expandExample('{{crc32:ghp_}}'))")"

# No package in node_modules may have an install script or a native build, and npm must not have run one.
check_no_scripts() {
  local dir=$1 log=$2
  if grep -E "npm (info|verbose) run .* (preinstall|install|postinstall) " "$log"; then fail "an install script ran"; fi
  local found
  found="$(cd "$dir" && find node_modules -name package.json -not -path '*/test/*' -print0 | xargs -0 node -e '
    for (const f of process.argv.slice(1)) { try { const p = require(require("path").resolve(f)); const s = p.scripts || {};
      if (p.name && (s.preinstall || s.install || s.postinstall)) console.log(`${p.name}: ${s.preinstall || s.install || s.postinstall}`); } catch {} }')"
  [ -z "$found" ] || { echo "$found"; fail "packages with install scripts are installed"; }
  [ -z "$(cd "$dir" && find node_modules \( -name binding.gyp -o -name '*.node' \) | head -1)" ] || fail "a native addon is installed"
}

round() {
  local eslint_major=$1 hook_flow=$2 app="$WORK/app-eslint$1"
  say "--- project with ESLint $eslint_major, hook via $hook_flow"
  mkdir -p "$app/src" && cd "$app" && git init -q
  printf '{ "name": "app", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
  printf 'node_modules/\n' > .gitignore

  local t0; t0=$(secs)
  npm install --save-dev --foreground-scripts --loglevel=info "$TARBALL" > "$WORK/install-$1.log" 2>&1 || { tail -20 "$WORK/install-$1.log"; fail "npm install keylint"; }
  local ms=$(( $(secs) - t0 ))
  check_no_scripts "$app" "$WORK/install-$1.log"
  say "keylint installed in $((ms / 1000)).$(( (ms % 1000) / 100 )) s: $(npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l) packages, $(du -sk node_modules | cut -f1) KB in node_modules; no install script, no native build"
  for p in eslint fastify pg better-sqlite3 re2 typescript @typescript-eslint/parser; do [ ! -e "node_modules/$p" ] || fail "$p was installed with keylint"; done

  t0=$(secs)
  npm install --save-dev --foreground-scripts --loglevel=info "eslint@$eslint_major" > "$WORK/eslint-$1.log" 2>&1 || { tail -20 "$WORK/eslint-$1.log"; fail "npm install eslint@$eslint_major"; }
  check_no_scripts "$app" "$WORK/eslint-$1.log"
  say "eslint $(node -p 'require("eslint/package.json").version') added in $(( ($(secs) - t0) / 1000 )) s; eslint copies in the tree: $(find node_modules -path '*/eslint/package.json' -not -path '*/@*' | grep -c '/eslint/package.json')"

  # scan
  echo 'export const answer = 42;' > src/clean.js
  expect 0 npx --no keylint scan .
  printf 'export const token = "%s";\n' "$TOKEN" > src/leak.js
  expect 1 npx --no keylint scan .
  grep -q "github-pat" "$WORK/last.log" || fail "scan did not report the token"
  ! grep -qF "$TOKEN" "$WORK/last.log" || fail "scan printed the whole token"
  say "keylint scan: clean tree exit 0, tree with a token exit 1 (github-pat, redacted)"

  # eslint with the project's own ESLint and keylint/eslint
  printf "import keylint from 'keylint/eslint';\nexport default [keylint.configs.recommended];\n" > eslint.config.js
  expect 1 npx --no eslint src
  grep -q "keylint/no-hardcoded-secrets" "$WORK/last.log" || fail "eslint did not report keylint/no-hardcoded-secrets"
  expect 0 npx --no eslint src/clean.js
  say "eslint $eslint_major: src/leak.js reported by keylint/no-hardcoded-secrets, src/clean.js clean"
  rm src/leak.js

  # a commit through the installed hook
  if [ "$hook_flow" = husky ]; then
    # docs/install.md, verbatim
    npm install --save-dev husky > "$WORK/husky-$1.log" 2>&1 || { tail -20 "$WORK/husky-$1.log"; fail "npm install husky"; }
    npx husky init
    : > .husky/pre-commit
    npx keylint hook install
  else
    npx keylint hook install
  fi
  git add -A && expect 0 git commit -q -m "clean"
  printf 'GITHUB_TOKEN=%s\n' "$TOKEN" > deploy.env && git add deploy.env
  expect 1 git commit -q -m "leak"
  grep -q "github-pat" "$WORK/last.log" || fail "the hook did not report the token"
  [ "$(git rev-list --count HEAD)" = 1 ] || fail "the commit with a token went in"
  git rm -q --cached deploy.env && rm deploy.env
  say "hook ($hook_flow): clean commit passed, commit adding a token blocked"

  # the webhook's dependencies are not installed: a one-line hint, exit 2
  expect 2 npx --no keylint keys list --database-url postgres://127.0.0.1:1/x
  [ "$(cat "$WORK/last.log")" = 'keylint: the Postgres store (--database-url) needs the optional package pg: install it with `npm install pg@^8`' ] || { cat "$WORK/last.log"; fail "no install hint for pg"; }
  # The SQLite store comes first and needs Node 22.13+: check fastify's hint on Node 22 (the npm package node@22).
  expect 2 npx -y -p node@22 node node_modules/keylint/bin/keylint.js webhook serve --db k.sqlite --port 0
  # (Node may add its ExperimentalWarning for SQLite on stderr: the hint must be a line of its own.)
  grep -qxF 'keylint: the webhook server needs the optional package fastify: install it with `npm install fastify@^5`' "$WORK/last.log" || { cat "$WORK/last.log"; fail "no install hint for fastify on Node 22"; }
  say "webhook without its optional packages (Node 22): $(grep '^keylint:' "$WORK/last.log")"
  if ! node -e 'process.exit(process.getBuiltinModule?.("node:sqlite")?.DatabaseSync ? 0 : 1)'; then
    expect 2 npx --no keylint keys list --db k.sqlite
    grep -q '^keylint: the SQLite store needs Node 22.13+' "$WORK/last.log" || { cat "$WORK/last.log"; fail "no Node hint for SQLite"; }
    say "SQLite store on Node $(node --version): $(head -1 "$WORK/last.log")"
  fi
  cd "$WORK"
}

round 9 git-hooks
round 10 husky
say "OK"
