#!/usr/bin/env bash
# Runs a command inside a new network namespace that holds only loopback, so
# that tests probing hostile addresses cannot reach anything but this
# namespace, whatever the SSRF guard decides. Needs root (CI runs as root).
#
# Inside: `lo` up with 127.0.0.1/8 and ::1, plus 192.0.2.1 (TEST-NET-1) as a
# loopback address outside Moodle's default blocked hosts, for a peer the
# guard allows; and a hosts file naming addresses of this host
# (tests/netns/hosts, bind-mounted over /etc/hosts by `ip netns exec`).
# The namespace is deleted on exit, failure included.
#
#   tools/netns-run.sh COMMAND [ARGS...]
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "netns-run: the hostile-address tests need root to create a network namespace (ip netns add)" >&2
    exit 1
fi
namespace="mih-test-$$-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
cleanup() {
    ip netns delete "$namespace" 2>/dev/null || true
    rm -rf "/etc/netns/$namespace"
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP
ip netns add "$namespace"
mkdir -p "/etc/netns/$namespace"
cp "$(dirname "$0")/../tests/netns/hosts" "/etc/netns/$namespace/hosts"
ip -n "$namespace" link set lo up
ip -n "$namespace" addr add 192.0.2.1/32 dev lo
ip netns exec "$namespace" "$@"
