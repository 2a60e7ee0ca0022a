#!/usr/bin/env bash
# Prints an HAProxy (2.6) configuration for a streamlab cluster:
#   deploy/haproxy-config.sh LISTEN NODE=HOST:PORT [NODE=HOST:PORT …] > haproxy.cfg
# e.g. deploy/haproxy-config.sh 0.0.0.0:80 n1=10.0.0.11:3000 n2=10.0.0.12:3000
# NODE is each node's --node-id. Run the nodes with --trusted-proxy-header X-Forwarded-For (and
# --trusted-proxies naming this proxy's address when it is not on their host).
#
# How it routes (docs/sandbox-protocol.md, "Which node"):
# - a sandbox id in the path (/api/sandboxes/ID…, /sandbox/ID/…) names its node: sent there, with
#   or without a cookie (a curl or websocat user holding the token has none);
# - anything else goes to the node the `node` cookie names (the app sets it: the page's live
#   stream and the panel's calls, which carry the sandbox id in their body, reach the node that
#   holds the learner's sandboxes), or, without one or when that node is down, to any healthy one;
# - WebSockets and server-sent events pass through unbuffered, with long idle timeouts;
# - /metrics is each node's own: never answered through here;
# - a node that fails two health checks (/healthz, every second; it may take 5 s to answer), or
#   refuses a connection, is out until it answers a health check again.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 LISTEN NODE=HOST:PORT [NODE=HOST:PORT …]" >&2
    exit 2
fi
listen=$1
shift

cat <<CONFIG
global
    # No maxconn: HAProxy sizes it from the open-files limit it is given (two descriptors a
    # connection); raise that limit for a large class.
    hard-stop-after 10s

defaults
    mode http
    option forwardfor
    option redispatch
    retries 1
    # A node killed mid-request answers nothing: the request goes once more, to another node
    # (a refused connection always did; this covers a kept-alive connection to the dead node).
    retry-on conn-failure empty-response response-timeout
    timeout connect 2s
    # A health check may take this long: a node busy with a class arriving at once is slow, not
    # dead (a dead one refuses the connection at once, and is out after two checks).
    timeout check 5s
    timeout client 60s
    timeout server 60s
    # WebSockets (chat clients, the Redis console) stay open while idle.
    timeout tunnel 1h
    timeout http-keep-alive 10s
    timeout http-request 10s

frontend site
    bind ${listen}
    http-request deny deny_status 404 if { path /metrics }
    acl sandbox_api path_beg /api/sandboxes/
    acl sandbox_socket path_beg /sandbox/
    http-request set-var(txn.node) path,field(4,/),field(1,.) if sandbox_api
    http-request set-var(txn.node) path,field(3,/),field(1,.) if sandbox_socket
    use_backend node_%[var(txn.node)] if { var(txn.node) -m found }
    default_backend nodes

backend nodes
    balance roundrobin
    # Passive: the app sets the cookie, HAProxy only reads it.
    cookie node
    option httpchk GET /healthz
    http-check expect status 200
CONFIG
# A connection the node refuses (or that times out) takes it out at once, before its next health
# checks: a dead node's whole class asks again within the same second, and each request would
# otherwise try it first (a host that died without refusing costs `timeout connect` each).
fail_fast="observe layer4 error-limit 1 on-error mark-down"
for node in "$@"; do
    name=${node%%=*}
    address=${node#*=}
    echo "    server ${name} ${address} check inter 1s fall 2 rise 1 cookie ${name} ${fail_fast}"
done
for node in "$@"; do
    name=${node%%=*}
    address=${node#*=}
    cat <<CONFIG

backend node_${name}
    option httpchk GET /healthz
    http-check expect status 200
    server ${name} ${address} check inter 1s fall 2 rise 1 ${fail_fast}
CONFIG
done
