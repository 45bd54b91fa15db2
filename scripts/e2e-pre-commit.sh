#!/usr/bin/env bash
# End to end: the pre-commit framework installs keylint's hooks from a repository (`repo:` +
# `rev:`), as a user's .pre-commit-config.yaml would, then a clean commit passes and a commit
# adding a (synthetic) secret is blocked. The `repo:` is a bare clone of this checkout's HEAD
# (commit first: uncommitted changes are not in it). Needs pre-commit (Debian 12:
# `apt-get install pre-commit`, 3.0.4), git, node and npm; network only to the npm registry.
#   scripts/e2e-pre-commit.sh            (KEEP=1 keeps the temp folder)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
command -v pre-commit >/dev/null || { echo "e2e-pre-commit: pre-commit is not installed (apt-get install pre-commit, or pipx install pre-commit)"; exit 2; }
[ -f "$ROOT/dist/engine/index.js" ] || { echo "e2e-pre-commit: run npm run build first (the synthetic token comes from dist/)"; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/keylint-e2e-pre-commit-XXXXXX")"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
export PRE_COMMIT_HOME="$WORK/pre-commit-cache" GIT_CONFIG_GLOBAL="$WORK/gitconfig"
git config --global user.name "e2e" && git config --global user.email "e2e@example.com" && git config --global init.defaultBranch main

REV="$(git -C "$ROOT" rev-parse HEAD)"
git clone -q --bare "$ROOT" "$WORK/keylint.git"
echo "e2e-pre-commit: $(pre-commit --version), node $(node --version), npm $(npm --version); repo: file://$WORK/keylint.git rev: ${REV:0:12}"

mkdir "$WORK/app" && cd "$WORK/app" && git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: file://$WORK/keylint.git
    rev: $REV
    hooks:
      - id: keylint
      - id: keylint-pre-push
YAML
pre-commit install --hook-type pre-commit --hook-type pre-push

# First run: pre-commit clones the repo at rev, installs and packs it, and installs the tarball.
echo "# app" > README.md && git add -A
start=$(date +%s)
if ! pre-commit install-hooks > "$WORK/install.log" 2>&1; then cat "$WORK/install.log"; echo "e2e-pre-commit: FAIL: hook environment did not install"; exit 1; fi
echo "e2e-pre-commit: hook environment installed in $(( $(date +%s) - start )) s"
git commit -q -m "clean commit" || { echo "e2e-pre-commit: FAIL: a clean commit was blocked"; exit 1; }
echo "e2e-pre-commit: clean commit passed the hook"

TOKEN="$(node --input-type=module -e "import { expandExample } from '$ROOT/dist/engine/index.js'; process.stdout.write(expandExample('{{crc32:ghp_}}'))")"
printf 'GITHUB_TOKEN=%s\n' "$TOKEN" > deploy.env && git add deploy.env
if git commit -q -m "add token" > "$WORK/commit.log" 2>&1; then cat "$WORK/commit.log"; echo "e2e-pre-commit: FAIL: a commit adding a secret passed"; exit 1; fi
grep -q "github-pat" "$WORK/commit.log" || { cat "$WORK/commit.log"; echo "e2e-pre-commit: FAIL: the hook failed without reporting the secret"; exit 1; }
if grep -qF "$TOKEN" "$WORK/commit.log"; then echo "e2e-pre-commit: FAIL: the hook printed the whole secret"; exit 1; fi
echo "e2e-pre-commit: commit adding a secret was blocked:"
sed -n '1,12p' "$WORK/commit.log" | sed 's/^/    /'
echo "e2e-pre-commit: OK"
