#!/usr/bin/env bash
# Installs make dist's package for PHP X.Y the usual way, checks PHP loads it,
# removes it and purges it, checking that nothing is left behind. Run inside a
# Debian system holding that PHP (tools/php-chroot.sh run ...), as root:
#
#   tools/test-dist.sh X.Y DISTDIR [OTHER.DEB]
#
# With OTHER.DEB (a package built for another PHP), also checks that dpkg
# refuses it here for want of its phpapi-*.
set -euo pipefail

php=$1
dist=$2
other=${3:-}
deb=$(ls "$dist"/php"$php"-mih_*_amd64.deb)
version=$(dpkg-deb -f "$deb" Version)
failed=0

check() {
    local what=$1
    shift
    if "$@"; then
        echo "ok: $what"
    else
        echo "FAILED: $what"
        failed=1
    fi
}

# What the package may leave: its files, the links enabling it, phpenmod's state.
leftovers() {
    find /usr/lib/php /etc/php /var/lib/php/modules /usr/share/doc -name '*mih*' 2>/dev/null
    dpkg-query -W -f='${Status}\n' "php$php-mih" 2>/dev/null | grep -v '^unknown ok not-installed$' || true
}

trap 'dpkg --purge "php$php-mih" >/dev/null 2>&1 || true' EXIT

check "nothing of MIH before the install" test -z "$(leftovers)"
dpkg -i "$deb" >/dev/null
check "dpkg -i: php$php-mih $version installed" \
    sh -c "dpkg-query -W -f='\${Status}' php$php-mih | grep -q 'install ok installed'"
# The extension's own version, as Debian spells it before the revision (3.0.0~beta-1: 3.0.0-beta).
expected=$(echo "$version" | sed 's/-[0-9]*$//; s/~/-/')
ri=$(php"$php" --ri mih 2>&1 || true)
check "php --ri mih shows it, version $expected" sh -c 'echo "$1" | grep -q "^version => $2$"' _ "$ri" "$expected"
check "enabled for every SAPI installed (cli and fpm)" \
    test -L "/etc/php/$php/cli/conf.d/20-mih.ini" -a -L "/etc/php/$php/fpm/conf.d/20-mih.ini"
check "a call works: to a closed port, a failed response naming why" php"$php" -r '
    $dir = sys_get_temp_dir() . "/mih-dist-" . getmypid();
    \local_integrationhub\mih::configure(["store" => "$dir/hub.sqlite"]);
    \local_integrationhub\services::save(["name" => "probe", "base_url" => "http://127.0.0.1:9", "max_retries" => 0]);
    $response = \local_integrationhub\mih::request("probe", "/");
    exec("rm -rf " . escapeshellarg($dir));
    exit(!$response->success && $response->error !== "" ? 0 : 1);'

dpkg -r "php$php-mih" >/dev/null
leftovers | sed 's/^/  after dpkg -r: /'
check "dpkg -r: PHP no longer loads it" sh -c "! php$php -m | grep -qx mih"
# What Debian keeps after a removal: the configuration file, and phpenmod's
# record that the package disabled the module (so that a reinstall enables
# it again, unless the admin disabled it).
check "dpkg -r: only the configuration file and phpenmod's record stay" \
    test "$(leftovers | grep -v -e "^/etc/php/$php/mods-available/mih.ini$" -e "^/var/lib/php/modules/$php/[a-z0-9]*/[a-z]*_by_maint/mih$" \
        -e '^deinstall ok config-files$')" = ""
dpkg --purge "php$php-mih" >/dev/null
check "dpkg --purge: nothing left behind" test -z "$(leftovers)"

if [ -n "$other" ]; then
    package=$(dpkg-deb -f "$other" Package)
    refusal=$(dpkg -i "$other" 2>&1 || true)
    check "$package is refused here: $(echo "$refusal" | grep -o "depends on phpapi-[0-9]*" | head -n 1)" \
        sh -c 'echo "$1" | grep -q "depends on phpapi-"' _ "$refusal"
    check "$package is not left installed" \
        sh -c "! dpkg-query -W -f='\${Status}' $package 2>/dev/null | grep -q 'install ok installed'"
    dpkg --purge "$package" >/dev/null 2>&1 || true
fi
exit $failed
