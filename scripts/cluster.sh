#!/usr/bin/env bash
# A whole cluster on this machine, on loopback: PostgreSQL (the shared store), a platform Redis
# (news between nodes), three app nodes and HAProxy in front of them (deploy/haproxy-config.sh).
# Prints the one URL learners use; Ctrl-C stops everything. Data stays in data/cluster/ (or the
# directory STREAMLAB_CLUSTER_STATE names: the browser tests run a cluster of their own).
#   ./scripts/cluster.sh              # nodes n1, n2, n3 behind http://127.0.0.1:8080
#   STREAMLAB_CLUSTER_NODES=2 STREAMLAB_CLUSTER_LISTEN=0.0.0.0:8080 ./scripts/cluster.sh --public-url http://HOST:8080
# Arguments are passed to every node (see `target/release/streamlab --help`).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_apt_packages redis-server bubblewrap python3-venv postgresql haproxy curl
ensure_build_tools
ensure_python_env
raise_open_files_limit
cd "$ROOT"
# STREAMLAB_BIN: a server binary already built (the checks pass the one their tests were built
# with); without it, the release build, brought up to date first.
binary=${STREAMLAB_BIN:-}
if [ -z "$binary" ]; then
    build_release
    binary=target/release/streamlab
fi

nodes=${STREAMLAB_CLUSTER_NODES:-3}
listen=${STREAMLAB_CLUSTER_LISTEN:-127.0.0.1:8080}
first_port=${STREAMLAB_CLUSTER_FIRST_PORT:-3101}
redis_port=${STREAMLAB_CLUSTER_REDIS_PORT:-6390}
state=${STREAMLAB_CLUSTER_STATE:-$ROOT/data/cluster}
mkdir -p "$state"
children=()
stop_all() {
    trap - EXIT INT TERM
    say "stopping the cluster"
    for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# PostgreSQL: initdb refuses root, so as root it runs as Debian's `postgres` user, in directories
# that user owns; its socket lives in a short directory of its own (a socket path is at most 107 bytes).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi
socket_dir=$(mktemp -d /tmp/streamlab-cluster.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$state" "$socket_dir"; fi
if [ ! -e "$state/postgres/PG_VERSION" ]; then
    say "creating the cluster's PostgreSQL database in $state/postgres"
    "${as_pg[@]}" "$pg_bin/initdb" -D "$state/postgres" -A trust -U streamlab -E UTF8 --locale=C >/dev/null
fi
"${as_pg[@]}" "$pg_bin/postgres" -D "$state/postgres" -k "$socket_dir" -c listen_addresses= \
    >"$state/postgres.log" 2>&1 &
children+=($!)
for _ in $(seq 100); do
    "$pg_bin/pg_isready" -q -h "$socket_dir" && break
    sleep 0.1
done
"$pg_bin/psql" -h "$socket_dir" -U streamlab -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'streamlab'" \
    | grep -q 1 || "$pg_bin/createdb" -h "$socket_dir" -U streamlab streamlab
database_url="postgres://streamlab@localhost/streamlab?host=$socket_dir"

say "platform Redis on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$state/redis.log" 2>&1 &
children+=($!)

servers=()
for n in $(seq "$nodes"); do
    port=$((first_port + n - 1))
    mkdir -p "$state/n$n"
    "$binary" --listen "127.0.0.1:$port" --node-id "n$n" --data-dir "$state/n$n" \
        --database-url "$database_url" --platform-redis-url "redis://127.0.0.1:$redis_port" \
        --trusted-proxy-header X-Forwarded-For --public-url "http://$listen" "$@" >"$state/n$n.log" 2>&1 &
    children+=($!)
    servers+=("n$n=127.0.0.1:$port")
    # One at a time: the first runs the migrations.
    for _ in $(seq 300); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
        sleep 0.1
    done
    say "node n$n on 127.0.0.1:$port (log: $state/n$n.log, metrics: http://127.0.0.1:$port/metrics)"
done

deploy/haproxy-config.sh "$listen" "${servers[@]}" >"$state/haproxy.cfg"
haproxy -f "$state/haproxy.cfg" -db >"$state/haproxy.log" 2>&1 &
children+=($!)
say "the site, through HAProxy: http://$listen   (Ctrl-C stops the cluster)"
# A part that stops (a node killed, say) leaves the others running, as a real cluster's would:
# its learners move to the other nodes.
while [ -n "$(jobs -rp)" ]; do
    wait -n || true
    say "a part of the cluster stopped (see $state/*.log); the others run on"
done
