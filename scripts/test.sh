#!/usr/bin/env bash
# Installs what the checks need (skipping what is present) and runs every check: Rust unit and
# integration tests (the lessons' marked samples among them), then the browser tests (Playwright,
# system Chromium) against the release build. Exits non-zero on the first failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_apt_packages redis-server chromium bubblewrap python3-venv postgresql prometheus haproxy
ensure_build_tools
ensure_python_env
ensure_samples_env
raise_open_files_limit
cd "$ROOT"

say "installing the browser-test packages (no browser download)"
(cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

say "Rust unit and integration tests (real redis-server processes, real SQLite files)"
cargo test --features ssr

# The integration tests once more with the app's data in PostgreSQL: the tests start a throwaway
# server of their own (common/postgres.rs). The modules skipped never start the app, so they
# never touch its database.
say "Rust integration tests on PostgreSQL"
STREAMLAB_TEST_DATABASE=postgres cargo test --features ssr --test integration -- \
    --skip learner_server:: --skip learner_server_escapes:: --skip lesson_samples:: --skip lessons_check:: \
    --skip sandbox_redis_limits::

say "lesson files"
cargo run --quiet --features ssr -- lessons check lessons

build_release

say "browser tests (JavaScript off, then on)"
(cd end2end && npx playwright test)

say "all checks passed"
