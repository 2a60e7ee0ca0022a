# Shared by scripts/run.sh and scripts/test.sh: install what is missing, skip what is present.
# Each `ensure_*` prints one line about what it found or did. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"     # 0.3.11 needs rustc 1.96 or newer
BINARYEN_BIN="$ROOT/tools/node_modules/.bin"

# Each line carries the time since the script started: CI's log then shows where its time goes.
say() { printf '\033[1m==> [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages. As root they are installed; otherwise we say the one command to run.
ensure_apt_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "Debian packages present: $*"
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        die "missing Debian packages; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    fi
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Whether the virtual environment $1 was installed from requirements file $2 as it is now.
venv_is_current() {
    [ -x "$1/bin/python" ] && [ "$(cat "$1/.requirements.sha256" 2>/dev/null)" = "$(sha256sum "$2" | cut -d' ' -f1)" ]
}

# Installs requirements file $2, pinned, without resolving (every package is listed), into a new
# environment at $3 reached as $1 (the same path, or a symlink to it), with Debian's interpreter,
# and records what it was installed from.
install_venv() {
    local venv="$1" requirements="$2" target="${3:-$1}"
    rm -rf "$venv" "$target"
    mkdir -p "$(dirname "$target")"
    /usr/bin/python3 -m venv "$target"
    [ "$target" = "$venv" ] || ln -s "$target" "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
    sha256sum "$requirements" | cut -d' ' -f1 > "$venv/.requirements.sha256"
}

# The Python environment learners' servers run in: Debian's interpreter (the jail binds /usr and
# nothing else of the system), the pinned packages, reinstalled when requirements.txt changes.
ensure_python_env() {
    local venv="$ROOT/python/.venv" requirements="$ROOT/python/requirements.txt"
    if venv_is_current "$venv" "$requirements"; then
        say "Python environment present: python/.venv"
        return
    fi
    # The jail runs as nobody when we are root, and must reach the environment: a checkout in a
    # closed directory (/root…) keeps it outside, behind a symlink the app resolves.
    local target="$venv"
    if [ "$(id -u)" -eq 0 ] && ! setpriv --reuid 65534 --regid 65534 --clear-groups test -r "$requirements"; then
        target="/var/lib/streamlab/python-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
    fi
    say "installing the learners' Python environment into ${target}"
    install_venv "$venv" "$requirements" "$target"
}

# The environment the lessons' marked samples are run in by the tests (lessons/README.md,
# "Samples the test suite runs"): its own, with what the lessons teach (python-socketio, aiohttp
# for its client), so the jail's stays minimal. Reinstalled when its requirements.txt changes.
ensure_samples_env() {
    local venv="$ROOT/lessons/samples/.venv" requirements="$ROOT/lessons/samples/requirements.txt"
    if venv_is_current "$venv" "$requirements"; then
        say "lesson samples' Python environment present: lessons/samples/.venv"
        return
    fi
    say "installing the lesson samples' Python environment into lessons/samples/.venv"
    install_venv "$venv" "$requirements"
}

ensure_rust() {
    command -v cargo >/dev/null || die "cargo is missing; install Rust with rustup (https://rustup.rs), then run this again"
}

ensure_wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "wasm32 target present"
    else
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_cargo_leptos() {
    if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
        say "cargo-leptos $CARGO_LEPTOS_VERSION present"
    else
        say "building cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores, once)"
        # no_downloads: use wasm-bindgen and wasm-opt from PATH instead of downloading them.
        cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
    fi
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
    local wanted
    wanted="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
    [ -n "$wanted" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
    if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wanted"; then
        say "wasm-bindgen $wanted present"
    else
        say "building wasm-bindgen-cli $wanted (about 2 minutes, once)"
        # Not --locked: that release's lockfile names a crate the registry no longer serves.
        cargo install wasm-bindgen-cli --version "$wanted" --force
    fi
}

# wasm-opt for release builds, from npm (see tools/package.json for why not Debian's).
ensure_wasm_opt() {
    if [ -x "$BINARYEN_BIN/wasm-opt" ]; then
        say "wasm-opt present"
    else
        say "installing wasm-opt (binaryen from npm)"
        (cd "$ROOT/tools" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    export PATH="$BINARYEN_BIN:$PATH"
}

ensure_node() {
    command -v npm >/dev/null || ensure_apt_packages nodejs npm
}

ensure_build_tools() {
    ensure_rust
    ensure_node
    ensure_wasm_target
    ensure_cargo_leptos
    ensure_wasm_bindgen
    ensure_wasm_opt
}

# Sandboxes open many sockets; use the hard limit on open files, not the soft default.
raise_open_files_limit() {
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# What `cargo leptos build --release` writes into the site (the browser's bundle, its chunks, the
# style and the public files), and the server binary beside it.
# The site's files are named by their hashes (`hash-files`); its `hash.txt`, put there last, names them.
SITE_OUTPUTS=(target/site/hash.txt)
RELEASE_OUTPUTS=(target/release/streamlab "${SITE_OUTPUTS[@]}")

# True when every one of the outputs named exists and is newer than every source it is built from.
# cargo-leptos re-runs wasm-bindgen and wasm-opt (~30 s) even when nothing changed; this skips that.
outputs_are_fresh() {
    local output newer_than_any=()
    for output in "$@"; do
        [ -e "$ROOT/$output" ] || return 1
        newer_than_any+=(${newer_than_any:+-o} -newer "$output")
    done
    # One walk over the sources: any file newer than any output makes the build stale.
    [ -z "$(cd "$ROOT" && find src style public migrations Cargo.toml Cargo.lock .cargo \( "${newer_than_any[@]}" \) -print -quit)" ]
}

build_release() {
    if outputs_are_fresh "${RELEASE_OUTPUTS[@]}"; then
        say "release site up to date"
        return
    fi
    say "building the release site (server and wasm bundle)"
    # --split: the sandbox's running views and the live stream load as chunks of their own (#[lazy]).
    # --precompress: each file beside its brotli and gzip forms, sent as they are (no CPU per download).
    drop_precompressed_site
    (cd "$ROOT" && cargo leptos build --release --split --precompress)
    regzip_site
    keep_hashes_with_site
}

# A build without --precompress (`cargo leptos watch`, say) leaves the last release's `.br` and
# `.gz` beside newer files, and the server would send those: gone before each release build.
drop_precompressed_site() {
    rm -f "$ROOT"/target/site/pkg/*.br "$ROOT"/target/site/pkg/*.gz
}

# cargo-leptos gzips its precompressed files at a low level (the bundle: 686 KB, against 578 KB
# at gzip's best); for the browsers that take gzip but not brotli, they are made again at -9.
regzip_site() {
    local file
    for file in "$ROOT"/target/site/pkg/*.gz; do
        [ -e "$file" ] || continue
        gzip -9 -n -c "${file%.gz}" >"$file"
    done
}

# The site alone (the release wasm bundle, style, public files), for a server built another way:
# the checks run the browser tests against the server binary their Rust tests were built with.
build_site() {
    if outputs_are_fresh "${SITE_OUTPUTS[@]}"; then
        say "release site (the browser's bundle) up to date"
        return
    fi
    say "building the release site (the browser's bundle)"
    drop_precompressed_site
    (cd "$ROOT" && cargo leptos build --release --split --precompress --frontend-only)
    regzip_site
    keep_hashes_with_site
}

# cargo-leptos writes the files' hashes beside the server binary of the build
# (`target/release/hash.txt`); a server built another way (the tests' debug build) finds them in
# the site's root, where they travel with the files they name.
keep_hashes_with_site() {
    cp "$ROOT/target/release/hash.txt" "$ROOT/target/site/hash.txt"
}

# Reads cargo's JSON messages (`--message-format=json…`) on stdin and prints each executable
# built, as "test|bin target-name path", one a line.
built_executables() {
    python3 -c '
import json, sys
for line in sys.stdin:
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if message.get("reason") == "compiler-artifact" and message.get("executable"):
        kind = "test" if message["profile"]["test"] else "bin"
        print(kind, message["target"]["name"], message["executable"])
'
}

# The site's build (`build_site`) in the background, at a lower CPU priority, into a log of its
# own: the Rust tests spend most of their time waiting (for a redis-server, a reconnect, a timeout
# they prove), and the build takes the cores they leave idle. Start it once the tests are built and
# run them without cargo (cargo holds a lock on its package cache while any command runs, and this
# build would wait on it). `await_site_build` collects it.
SITE_BUILD_LOG="$ROOT/target/site-build.log"
start_site_build() {
    mkdir -p "$ROOT/target"
    say "building the release site in the background (log: ${SITE_BUILD_LOG#"$ROOT"/})"
    # A session of its own, so that a check that fails first stops the whole build with it. A
    # new session is also a scheduling group of its own on Linux (autogroup), inside which `nice`
    # alone would count for nothing: the group is given the lower priority too.
    setsid nice -n 10 bash -c "{ echo 10 >/proc/self/autogroup; } 2>/dev/null; source '$ROOT/scripts/lib.sh' && build_site" \
        >"$SITE_BUILD_LOG" 2>&1 &
    SITE_BUILD_PID=$!
    trap 'kill -- -"$SITE_BUILD_PID" 2>/dev/null || true' EXIT
}

await_site_build() {
    say "waiting for the release site's build"
    if ! wait "$SITE_BUILD_PID"; then
        tail -n 60 "$SITE_BUILD_LOG" >&2
        die "the release site's build failed (all of it: ${SITE_BUILD_LOG#"$ROOT"/})"
    fi
    trap - EXIT
    tail -n 3 "$SITE_BUILD_LOG"
}
