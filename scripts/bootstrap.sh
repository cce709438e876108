#!/usr/bin/env bash
# Install everything the app needs on a fresh machine: uv, the Python environment in .venv,
# the front-end build (GOV.UK Frontend) and, with --test, the system packages the tests use.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true

say() { printf '==> %s\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; exit 1; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    say "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# WeasyPrint needs Pango; the fonts for PDFs ship with the project.
if command -v apt-get >/dev/null; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0
  if $want_test; then apt_install chromium poppler-utils; fi
fi

if command -v uv >/dev/null; then
  UV=uv
else
  if [[ ! -x .tools/bin/uv ]]; then
    say "Installing uv into .tools/"
    python3 -m venv .tools
    .tools/bin/pip install --quiet uv
  fi
  UV=.tools/bin/uv
fi
export UV_PROJECT_ENVIRONMENT="$PWD/.venv"
say "Python environment (.venv)"
"$UV" sync --frozen --quiet

stamp=static/dist/.built-from
lock_sum=$(find package-lock.json scripts/build_static.mjs static/src -type f -print0 | sort -z \
  | xargs -0 cat | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$lock_sum" ]]; then
  say "Building GOV.UK Frontend assets (npm)"
  npm ci --no-audit --no-fund --silent
  npm run --silent build
  echo "$lock_sum" > "$stamp"
fi

# The browser tests inject axe-core from node_modules (a devDependency), even when the
# assets above were already built.
if $want_test && [[ ! -f node_modules/axe-core/axe.min.js ]]; then
  say "Installing the npm packages the tests use"
  npm ci --no-audit --no-fund --silent
fi
