#!/usr/bin/env bash
# make dist: what a site installs, in dist/ —
#   php<X.Y>-mih_<version>_amd64.deb   for each PHP given: the extension in that PHP's extension
#                                      directory, mods-available/mih.ini, enabled with phpenmod on
#                                      install and disabled on removal, depending on its phpapi-*;
#   php_mih-<version>_php<X.Y>-x86_64-linux-glibc.zip
#                                      the same .so as PIE's pre-packaged binary (composer.json);
#   moodle-local_integrationhub-<version>.zip
#                                      the plugin as Moodle's installer takes it (top folder
#                                      integrationhub);
#   SHA256SUMS.
#
# Usage: tools/make-dist.sh OUTDIR X.Y.Z=path/to/libmih.so [X.Y.Z=path/to/libmih.so ...]
# X.Y.Z: the version of the PHP headers the .so was built with. A build needs
# at least that PHP (8.2.36's headers call _femalloc, which 8.2.32 lacks), so
# the package depends on php<X.Y>-common of at least that version (php<X.Y>-cli
# and -fpm require their php-common's exact version).
# The version is the plugin's release (moodle-plugin/version.php), which Cargo.toml's must equal.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { echo "usage: $0 OUTDIR X.Y.Z=libmih.so [X.Y.Z=libmih.so ...]" >&2; exit 2; }
out=$(realpath -m "$1")
shift

release=$(sed -n "s/^\$plugin->release = '\(.*\)';/\1/p" moodle-plugin/version.php)
crate=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
if [ -z "$release" ] || [ "$release" != "$crate" ]; then
    echo "make-dist: the plugin's release ('$release') and Cargo.toml's version ('$crate') differ" >&2
    exit 1
fi
# Debian orders a pre-release below its release with '~' (3.0.0~beta < 3.0.0).
debversion="${release/-/\~}-1"

# The Zend module API of each PHP minor (PHP_API_VERSION in main/php.h, as
# `php-config --phpapi` prints it): the package depends on the matching phpapi-*.
phpapi() {
    case $1 in
        8.2) echo 20220829 ;;
        8.3) echo 20230831 ;;
        8.4) echo 20240924 ;;
        8.5) echo 20250925 ;;
        *) echo "make-dist: PHP $1 is not one this script knows the module API of" >&2; return 1 ;;
    esac
}

# The newest glibc symbol version the .so needs: the package's libc6 dependency.
glibc_needed() {
    objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1
}

rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for pair in "$@"; do
    headers=${pair%%=*}
    so=${pair#*=}
    php=$(echo "$headers" | cut -d. -f1,2)
    [[ $headers =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "make-dist: '$headers' is not a PHP version X.Y.Z" >&2; exit 2; }
    [ -f "$so" ] || { echo "make-dist: no extension at '$so' for PHP $php" >&2; exit 1; }
    api=$(phpapi "$php")
    package="php$php-mih"
    root="$work/$package"
    install -D -m 0644 "$so" "$root/usr/lib/php/$api/mih.so"
    strip --strip-unneeded "$root/usr/lib/php/$api/mih.so"
    install -D -m 0644 /dev/null "$root/etc/php/$php/mods-available/mih.ini"
    cat > "$root/etc/php/$php/mods-available/mih.ini" <<INI
; MIH, Integration Hub for Moodle (local_integrationhub); see \`php --ri mih\`
; priority=20
extension=mih.so
; Where the embedded store lives when mih::configure() names none (the Moodle
; plugin names one: \$CFG->dataroot/local_integrationhub/hub.sqlite).
; mih.store = /var/moodledata/local_integrationhub/hub.sqlite
; The longest one call may take, retries included (seconds, 1 to 3600; default 30).
; mih.max_call_seconds = 30
INI
    install -D -m 0644 README.md "$root/usr/share/doc/$package/README.md"
    mkdir -p "$root/DEBIAN"
    cat > "$root/DEBIAN/control" <<CONTROL
Package: $package
Version: $debversion
Architecture: amd64
Maintainer: MIH developers <mih@localhost>
Section: php
Priority: optional
Depends: phpapi-$api, php$php-common (>= $headers), php-common, libc6 (>= $(glibc_needed "$so"))
Installed-Size: $(du -k -s "$root" | cut -f1)
Homepage: https://moodle.org/plugins/local_integrationhub
Description: Integration Hub for Moodle: the mih extension for PHP $php
 Calls REST, AMQP and SOAP services from Moodle with authentication,
 timeouts, retries, a circuit breaker and a request log, and delivers Moodle
 events to them through the Event Bridge. The Moodle plugin
 local_integrationhub drives it.
CONTROL
    echo "/etc/php/$php/mods-available/mih.ini" > "$root/DEBIAN/conffiles"
    # The maintainer scripts do what Debian's own PHP extension packages do
    # (php8.2-curl's): php-common's helper enables the module for every
    # SAPI on configure and disables it on removal; purge drops its state.
    cat > "$root/DEBIAN/postinst" <<SCRIPT
#!/bin/sh
set -e
if [ "\$1" = configure ] && [ -e /usr/lib/php/php-maintscript-helper ]; then
    . /usr/lib/php/php-maintscript-helper
    php_invoke enmod $php ALL mih
fi
exit 0
SCRIPT
    cat > "$root/DEBIAN/postrm" <<SCRIPT
#!/bin/sh
set -e
if [ "\$1" = remove ] && [ -e /usr/lib/php/php-maintscript-helper ]; then
    . /usr/lib/php/php-maintscript-helper
    php_invoke dismod $php ALL mih
fi
if [ "\$1" = purge ]; then
    if [ -x /usr/sbin/phpdismod ]; then
        phpdismod -v $php -s ALL -p mih >/dev/null 2>&1 || true
    fi
    rm -f /var/lib/php/modules/$php/*/*_by_maint/mih /var/lib/php/modules/$php/*/*_by_admin/mih
    find /etc/php/$php -type l -lname '*/mods-available/mih.ini' -delete 2>/dev/null || true
fi
exit 0
SCRIPT
    chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
    dpkg-deb --root-owner-group --build "$root" "$out/${package}_${debversion}_amd64.deb" >/dev/null

    # PIE's pre-packaged binary: the .so named as the extension, in a ZIP
    # named as PIE looks for it (php_<ext>-<version>_php<X.Y>-<arch>-<os>-<libc>.zip).
    mkdir -p "$work/pie-$php"
    cp "$root/usr/lib/php/$api/mih.so" "$work/pie-$php/mih.so"
    (cd "$work/pie-$php" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write("mih.so")' "$out/php_mih-${release}_php$php-x86_64-linux-glibc.zip")
done

# The Moodle plugin, its top folder named as the plugin's directory.
python3 - "$out/moodle-local_integrationhub-$release.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk("moodle-plugin"):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            z.write(path, os.path.join("integrationhub", os.path.relpath(path, "moodle-plugin")))
PY

(cd "$out" && sha256sum -- *.deb *.zip > SHA256SUMS)
echo "make-dist: $(ls "$out" | tr '\n' ' ')"
