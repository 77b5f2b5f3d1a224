#!/usr/bin/env bash
# Installs what building and testing MIH needs on Debian 12, skipping what
# is there already: PHP 8.2 (CLI, headers, curl, soap, fpm, mbstring and
# bcmath for php-amqplib, the tests' AMQP consumer), libclang for bindgen,
# cargo-php for the stubs, Node.js (when missing) for the plugin's AMD build,
# and the PostgreSQL and MariaDB clients the server-store tests create their
# databases with; debootstrap for the PHP 8.4 chroot (tools/php-chroot.sh).
# `install-deps.sh bench` adds the
# benchmarks' Guzzle and wrk (the production-shape load). nginx fronts php-fpm in the load test and is the
# benchmarks' peer (over HTTPS too, with a throwaway CA made by openssl); php-amqplib is also the AMQP
# benchmarks' plain PHP client. RabbitMQ is not installed: the AMQP benchmarks use a local one when it runs.
set -euo pipefail

packages=(php8.2-cli php8.2-dev php8.2-curl php8.2-soap php8.2-fpm php8.2-mbstring php8.2-bcmath php-amqplib stunnel4 socat iproute2 openssl libfcgi-bin nginx-light postgresql-client mariadb-client libclang-dev debootstrap)
# Node.js builds and checks the plugin's AMD modules; any recent one will do.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "${1:-}" = "bench" ]; then
    packages+=(php-guzzlehttp-guzzle wrk)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}"
fi

if ! command -v cargo-php >/dev/null 2>&1; then
    cargo install cargo-php --version 0.2.2 --locked
fi
