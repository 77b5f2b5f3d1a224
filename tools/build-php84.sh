#!/usr/bin/env bash
# Builds the extension for PHP 8.4 on this Debian 12 host, into
# target/php8.4 (so that the PHP 8.2 build in target/ stays as it is):
#
#   tools/build-php84.sh [CARGO BUILD ARGS...]     e.g. --release
#   tools/build-php84.sh --php-version             the PHP version of the headers
#                                                  (the oldest PHP the build loads in)
#
# ext-php-rs's build script needs only two things from PHP: `$PHP -i` (the
# lines PHP Version, PHP API, Thread Safety, Debug Build) and
# `$PHP_CONFIG --includes`. trixie's php8.4 does not run here (it needs a
# newer glibc), so this unpacks trixie's php8.4-dev (the headers and
# php-config) and answers `-i` from those headers with a stand-in script.
# The download goes through a private apt configuration (the host's mirror,
# its sources left alone) and is cached outside the repository, in
# $MIH_CACHE/php8.4-dev (MIH_CACHE: /var/cache/mih for root,
# ~/.cache/mih otherwise); tools/php-chroot.sh runs the result.
set -euo pipefail

suite=trixie
php_version=8.4
repo=$(cd "$(dirname "$0")/.." && pwd -P)
if [ -z "${MIH_CACHE:-}" ]; then
    if [ "$(id -u)" -eq 0 ]; then MIH_CACHE=/var/cache/mih; else MIH_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/mih; fi
fi
dir=$MIH_CACHE/php$php_version-dev
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

die() {
    echo "build-php84: $*" >&2
    exit 1
}

# The host's Debian mirror, as the chroot uses it.
mirror=$("$(dirname "$0")/php-chroot.sh" mirror)

# One fetch at a time (another clone may be building too).
mkdir -p "$MIH_CACHE"
exec 8>"$dir.lock"
flock -x 8
want="suite=$suite mirror=$mirror package=php$php_version-dev"
if [ ! -f "$dir/stamp" ] || [ "$(cat "$dir/stamp")" != "$want" ]; then
    [ -r "$keyring" ] || die "$keyring is missing (apt-get install debian-archive-keyring)"
    echo "build-php84: fetching php$php_version-dev from $suite ($mirror) into $dir"
    rm -rf "$dir"
    mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/deb"
    echo "deb [signed-by=$keyring] $mirror $suite main" >"$dir/apt/sources.list"
    apt=(-q -o "Dir::Etc::sourcelist=$dir/apt/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$dir/apt/lists"
        -o "Dir::Cache=$dir/apt/cache" -o Dir::State::status=/dev/null -o APT::Sandbox::User=root
        -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false
        -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false)
    apt-get "${apt[@]}" update >"$dir/apt.log" 2>&1 || { cat "$dir/apt.log" >&2; die "apt-get update for $suite failed"; }
    (cd "$dir/deb" && apt-get "${apt[@]}" download "php$php_version-dev") >>"$dir/apt.log" 2>&1 \
        || { cat "$dir/apt.log" >&2; die "apt-get download php$php_version-dev failed"; }
    dpkg -x "$dir"/deb/php"$php_version"-dev_*.deb "$dir/root"
    rm -rf "$dir/apt/lists" "$dir/apt/cache"
    echo "$want" >"$dir/stamp"
fi

include=$(ls -d "$dir"/root/usr/include/php/[0-9]* 2>/dev/null | head -n 1)
[ -n "$include" ] || die "no headers under $dir/root/usr/include/php (remove $dir and run again)"
define() { sed -nE "s/^#define $1 \"?([^\"]*)\"?\$/\\1/p" "$include/$2" | head -n 1; }
version=$(define PHP_VERSION main/php_version.h)
api=$(define PHP_API_VERSION main/php.h)
debug=$(define ZEND_DEBUG main/php_config.h)
grep -q '^#define ZTS 1' "$include/main/php_config.h" && zts=enabled || zts=disabled
[ -n "$version" ] && [ -n "$api" ] && [ -n "$debug" ] || die "could not read the PHP version, API or ZEND_DEBUG from $include"

if [ "${1:-}" = "--php-version" ]; then
    echo "$version"
    exit 0
fi

# The stand-in `php -i`, and php-config pointing at the unpacked prefix.
mkdir -p "$dir/bin"
cat >"$dir/bin/php.new" <<EOF
#!/bin/sh
# Stand-in for trixie's php$php_version for ext-php-rs's build script (tools/build-php84.sh): answers -i only.
[ "\$1" = "-i" ] || { echo "php$php_version stand-in: only -i is answered" >&2; exit 1; }
printf '%s\n' 'PHP Version => $version' 'PHP API => $api' 'Debug Build => $([ "$debug" = 1 ] && echo yes || echo no)' 'Thread Safety => $zts'
EOF
sed "s#^prefix=\"/usr\"\$#prefix=\"$dir/root/usr\"#" "$dir/root/usr/bin/php-config$php_version" >"$dir/bin/php-config.new"
for file in php php-config; do
    chmod 755 "$dir/bin/$file.new"
    if cmp -s "$dir/bin/$file.new" "$dir/bin/$file"; then rm "$dir/bin/$file.new"; else mv "$dir/bin/$file.new" "$dir/bin/$file"; fi
done
case "$("$dir/bin/php-config" --includes)" in
    "-I$include "*) ;;
    *) die "php-config does not point at $include: $("$dir/bin/php-config" --includes)" ;;
esac

exec 8>&-

cd "$repo"
echo "build-php84: PHP $version (API $api), headers from $include"
PHP="$dir/bin/php" PHP_CONFIG="$dir/bin/php-config" CARGO_TARGET_DIR="$repo/target/php$php_version" exec cargo build "$@"
