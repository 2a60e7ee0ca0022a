#!/usr/bin/env bash
# Installs what the checks need (skipping what is present) and runs every check: Rust unit and
# integration tests (the lessons' marked samples among them), then the browser tests (Playwright,
# system Chromium) against the release site: its wasm bundle, served by the server binary the Rust
# tests were built with. Exits non-zero on the first failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# fonts-noto-cjk: Korean pages in the browser tests and their screenshots need a CJK font.
ensure_apt_packages redis-server chromium bubblewrap python3-venv postgresql prometheus haproxy fonts-noto-cjk
ensure_build_tools
ensure_python_env
ensure_samples_env
raise_open_files_limit
cd "$ROOT"

say "installing the browser-test packages (no browser download)"
(cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

say "building the Rust tests"
# Built by cargo, run without it: cargo holds its package-cache lock for as long as a command runs,
# tests included, and the release build below would wait on that lock the whole time.
built=$(cargo test --features ssr --no-run --message-format=json-render-diagnostics | built_executables)
executable() { awk -v kind="$1" -v name="$2" '$1 == kind && $2 == name { print $3 }' <<<"$built"; }

say "lesson files"
# The binary the tests were built with: `cargo run` would build it again without the tests'
# dependencies' features, most of the server over again.
"$(executable bin streamlab)" lessons check lessons

start_site_build

# Four tests at a time on two cores: most of a test's time is spent waiting (for a redis-server,
# a reconnect, a timeout it proves), and the tests wait on state, never on a timer's window.
tests_at_once=4
say "Rust unit and integration tests (real redis-server processes, real SQLite files)"
while read -r kind name path; do
    [ "$kind" = test ] || continue
    say "  $name"
    "$path" --test-threads "$tests_at_once"
done <<<"$built"

# The integration tests once more with the app's data in PostgreSQL: the tests start a throwaway
# server of their own (common/postgres.rs). Skipped: the modules that never start the app
# (learner_server, learner_server_escapes, lesson_samples, lessons_check, sandbox_redis_limits),
# and those that test the sandbox engine itself (what crosses, its frames, the console, private
# messages, the jailed server A), which keep nothing of the site's beyond the session every other
# module's tests write and read too.
say "Rust integration tests on PostgreSQL"
# Two at a time here: its tests keep PostgreSQL's processes busy too (four at a time measured
# 155 s against 141 s with two).
STREAMLAB_TEST_DATABASE=postgres "$(executable test integration)" --test-threads 2 \
    --skip learner_server:: --skip learner_server_escapes:: --skip lesson_samples:: --skip lessons_check:: \
    --skip sandbox_redis_limits:: --skip sandbox_delivery:: --skip sandbox_protocol:: --skip console:: \
    --skip private_messages:: --skip learner_server_sandbox::

await_site_build

say "browser tests (JavaScript off, then on)"
# The server binary the Rust tests ran, built without optimisation: a release build of the server
# (25 min of this CI's 41 on two busy cores, its own copy of every dependency) would test the
# same code again. The browser gets the release bundle, as a learner does.
(cd end2end && STREAMLAB_BIN="$(executable bin streamlab)" npx playwright test)

say "all checks passed"
