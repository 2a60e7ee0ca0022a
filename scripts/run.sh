#!/usr/bin/env bash
# Installs what the site needs (skipping what is present) and serves the release build on
# http://127.0.0.1:3000. Stop it with Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_apt_packages redis-server bubblewrap python3-venv
ensure_build_tools
ensure_python_env
raise_open_files_limit
cd "$ROOT"
build_release
say "serving on http://127.0.0.1:3000"
exec target/release/streamlab "$@"
