#!/usr/bin/env bash
# A Debian trixie chroot with PHP 8.4 (CLI, fpm, curl, soap, mbstring) and the
# tools the .phpt suite calls, for running the suite against PHP 8.4 on this
# Debian 12 host (whose glibc is too old for trixie's PHP binaries). Needs root,
# as CI runs; debootstrap comes from tools/install-deps.sh. With
# MIH_CHROOT_PHP=8.2, the same on bookworm with PHP 8.2: a system of its own
# to install make dist's 8.2 package into, leaving the host's PHP alone.
#
#   tools/php-chroot.sh ensure          create the chroot, or check it is current
#   tools/php-chroot.sh run CMD [ARG..] run CMD inside it, in the current directory
#   tools/php-chroot.sh mirror          print the Debian mirror it comes from
#
# The chroot is cached outside the repository, so every clone on the machine
# reuses it: $MIH_CACHE/php8.4-trixie, php8.2-bookworm (MIH_CACHE defaults to /var/cache/mih).
# It is rebuilt when its recipe (suite, mirror, package list, set-up) changes;
# the recipe is kept in its stamp file.
#
# `run` works in private namespaces (unshare: mounts and PIDs), so that nothing
# it mounts is seen by the host and nothing it starts outlives it: when CMD
# ends, or this script is interrupted or killed, the kernel ends every process
# left inside and drops every mount. Inside: /proc, /dev, the host's /tmp (the
# tests' stores and peers' files live in sys_get_temp_dir()), a fresh /run, the
# host's /etc/hosts (so that under tools/netns-run.sh the namespace's hosts
# file applies), and the repository at the same path as outside. The suite
# talks to the host's RabbitMQ, PostgreSQL and MariaDB over loopback (the
# network is the host's); `rabbitmqctl` inside runs the host's own rabbitmqctl
# in the host's mount namespace (the broker and its Erlang cookie are the
# host's), which is the only way out of the chroot.
set -euo pipefail

php_version=${MIH_CHROOT_PHP:-8.4}
case $php_version in
    8.4) suite=trixie ;;
    8.2) suite=bookworm ;;
    *) echo "php-chroot: MIH_CHROOT_PHP=$php_version: 8.4 or 8.2" >&2; exit 2 ;;
esac
# What the suite needs: PHP and its extensions, php-amqplib (the tests' AMQP
# peer), php-fpm's peers (nginx, cgi-fcgi), the database clients, python3
# (sqlite3), stunnel4/openssl/socat (amqps, IPv6 relay), ss/pgrep/mount.
packages=(php$php_version-cli php$php_version-fpm php$php_version-curl php$php_version-soap
    php$php_version-mbstring php$php_version-bcmath php-amqplib nginx libfcgi-bin postgresql-client
    mariadb-client python3 stunnel4 socat openssl ca-certificates iproute2 procps util-linux mount)
# Bumped whenever the set-up below changes in a way the package list does not show.
recipe_version=3

repo=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${MIH_CACHE:-/var/cache/mih}
dir=$cache/php$php_version-$suite
root=$dir/root
stamp=$dir/stamp
# Where run-tests.php of the chroot's PHP is put (php$php_version-dev, which
# ships it, would pull a compiler into the chroot).
run_tests=/usr/local/lib/php/run-tests.php

die() {
    echo "php-chroot: $*" >&2
    exit 1
}

# The URI of the Debian archive whose path ends in /$1 that the host's apt
# uses, else deb.debian.org's; $2 names the variable that overrides it.
host_archive() {
    if [ -n "${!2:-}" ]; then
        echo "${!2}"
        return
    fi
    local uri
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | sed -nE "s#^(URIs:[[:space:]]*|deb[[:space:]]+(\\[[^]]*\\][[:space:]]+)?)([a-z]+://[^[:space:]]+/$1)/?([[:space:]].*)?\$#\\3#p" \
        | head -n 1 || true)
    echo "${uri:-http://deb.debian.org/$1}"
}

# The Debian mirror, and the security archive, the host's apt uses.
mirror() { host_archive debian MIH_DEBIAN_MIRROR; }
security_mirror() { host_archive debian-security MIH_DEBIAN_SECURITY_MIRROR; }

recipe() {
    printf 'suite=%s\nmirror=%s\nsecurity=%s\nrecipe=%s\npackages=%s\n' "$suite" "$(mirror)" "$(security_mirror)" \
        "$recipe_version" "${packages[*]}"
}

# Refuses to go on if anything is mounted at or under $1 in this mount
# namespace: removing such a tree would remove what the mount shows.
check_unmounted() {
    if awk -v d="$1" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        die "something is mounted under $1 (see /proc/self/mountinfo); unmount it first"
    fi
}

# Runs this script with ARGS in new mount and PID namespaces, as their PID 1,
# and waits for it. However this script ends (done, interrupted, killed), the
# kernel then ends every process inside and drops every mount made there:
# setpriv gives unshare SIGKILL when this script dies, unshare --kill-child
# gives PID 1 SIGKILL when unshare dies, and the end of PID 1 ends the
# namespaces. (In the foreground, so that Ctrl-C reaches the command inside as
# it would outside.)
in_namespaces() {
    setpriv --pdeathsig KILL -- unshare --mount --propagation private --pid --fork --kill-child -- "$0" "$@" 9>&-
}

# Mounts what a command inside $1 needs; runs in the private namespaces.
mount_basics() {
    mount -t proc proc "$1/proc"
    mount --rbind /dev "$1/dev"
}

# (in private namespaces) creates the chroot in $1.
build() {
    local target=$1 mirror
    mirror=$(mirror)
    echo "php-chroot: debootstrap $suite from $mirror into $target"
    debootstrap --variant=minbase "$suite" "$target" "$mirror" >"$target.log" 2>&1 \
        || { tail -n 30 "$target.log" >&2; die "debootstrap failed (whole log: $target.log)"; }
    # No service starts when a package is installed (nginx would listen on the host's port 80).
    printf '#!/bin/sh\nexit 101\n' >"$target/usr/sbin/policy-rc.d"
    chmod 755 "$target/usr/sbin/policy-rc.d"
    mount_basics "$target"
    # With the suite's updates and security fixes, as a site runs it (a build
    # against bookworm-security's PHP headers needs that PHP).
    printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' "$mirror" "$suite" "$mirror" "$suite" \
        "$(security_mirror)" "$suite" >"$target/etc/apt/sources.list"
    echo "php-chroot: installing ${packages[*]}"
    chroot "$target" env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        sh -ec 'apt-get update -q; apt-get upgrade -y -q; apt-get install -y -q --no-install-recommends "$@"' sh \
        "${packages[@]}" >>"$target.log" 2>&1 \
        || { tail -n 30 "$target.log" >&2; die "apt-get install failed in the chroot (whole log: $target.log)"; }
    # run-tests.php from php-dev, without the rest of the package.
    chroot "$target" sh -ec "cd /tmp && apt-get download -q php$php_version-dev >/dev/null 2>&1
        mkdir -p ${run_tests%/*}
        dpkg-deb --fsys-tarfile php$php_version-dev_*.deb | tar -xO --wildcards './usr/lib/php/*/build/run-tests.php' >$run_tests
        rm php$php_version-dev_*.deb
        test -s $run_tests" >>"$target.log" 2>&1 || die "could not extract run-tests.php from php$php_version-dev (log: $target.log)"
    # trixie's MariaDB client wants TLS by default; the host's server on loopback offers none.
    mkdir -p "$target/etc/mysql/conf.d"
    printf '[client]\nskip-ssl\n' >"$target/etc/mysql/conf.d/mih-test.cnf"
    # rabbitmqctl: the host's, in the host's mount namespace (reached through what `run` puts in /run/mih).
    cat >"$target/usr/local/sbin/rabbitmqctl" <<'SHIM'
#!/bin/sh
# The host's rabbitmqctl, for the host's broker (tools/php-chroot.sh).
[ -r /run/mih/host-pid ] || { echo "rabbitmqctl: not run by tools/php-chroot.sh run" >&2; exit 69; }
exec nsenter --mount="/run/mih/host-proc/$(cat /run/mih/host-pid)/ns/mnt" -- /usr/sbin/rabbitmqctl "$@"
SHIM
    chmod 755 "$target/usr/local/sbin/rabbitmqctl"
    chroot "$target" apt-get clean
    rm -rf "$target/var/lib/apt/lists/"*
}

# Takes the chroot's lock on fd 9: exclusive while checking or building, shared
# while running, so that a rebuild waits for running suites.
lock() {
    if [ -z "${locked:-}" ]; then
        mkdir -p "$cache"
        exec 9>"$cache/php$php_version-$suite.lock"
        locked=1
    fi
    flock "$1" 9
}

ensure() {
    local want
    want=$(recipe)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$root/usr/bin/php$php_version" ]; then
        return
    fi
    command -v debootstrap >/dev/null || die "debootstrap is missing: run tools/install-deps.sh (or apt-get install debootstrap)"
    mkdir -p "$dir"
    local new=$dir/root.new
    check_unmounted "$new"
    rm -rf "$new" "$new.log"
    mkdir "$new"
    local started=$SECONDS
    # In private namespaces: debootstrap's and apt's mounts vanish with them, interrupted or not.
    if ! in_namespaces __build "$new"; then
        check_unmounted "$new"
        rm -rf "$new"
        die "building the chroot failed; nothing was kept (log: $new.log)"
    fi
    check_unmounted "$root"
    rm -rf "$root" "$stamp"
    mv "$new" "$root"
    mv "$new.log" "$dir/build.log"
    echo "$want" >"$stamp"
    echo "php-chroot: $root ready in $((SECONDS - started)) s ($(du -sh "$root" | cut -f1))"
}

# (in private namespaces, PID 1) mounts what the suite needs and runs the command.
inner_run() {
    local host_pid=$1
    shift
    mount_basics "$root"
    mount --bind /tmp "$root/tmp"
    mount -t tmpfs -o mode=0755,size=64m tmpfs "$root/run"
    # For the rabbitmqctl stand-in: the host's /proc (this namespace's has other PIDs) and the PID of
    # this script's caller, whose mount namespace is the host's.
    mkdir -p "$root/run/mih/host-proc"
    mount --bind /proc "$root/run/mih/host-proc"
    echo "$host_pid" >"$root/run/mih/host-pid"
    mount --bind -o ro /etc/hosts "$root/etc/hosts"
    mkdir -p "$root$repo"
    mount --bind "$repo" "$root$repo"
    local cwd
    cwd=$(pwd -P)
    # PID 1 of the namespace: the command is its child, so that orphans are reaped here.
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
        /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@"
}

case "${1:-}" in
    ensure | run)
        [ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mounts); CI runs as root"
        ;;
esac
case "${1:-}" in
    ensure)
        lock -x
        ensure
        ;;
    run)
        shift
        [ $# -gt 0 ] || die "usage: $0 run COMMAND [ARGS...]"
        case "$(pwd -P)/" in
            "$repo"/* | /tmp/*) ;;
            *) die "run it from inside the repository ($repo) or /tmp: only those are visible in the chroot" ;;
        esac
        lock -x
        ensure
        lock -s
        in_namespaces __run "$$" "$@"
        ;;
    mirror)
        mirror
        ;;
    __build)
        build "$2"
        ;;
    __run)
        shift
        inner_run "$@"
        ;;
    *)
        die "usage: $0 ensure | run COMMAND [ARGS...] | mirror"
        ;;
esac
