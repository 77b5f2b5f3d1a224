#!/usr/bin/env bash
# Checks make dist's PIE assets against composer.json as PIE reads them: a
# php-ext package whose download-url-method takes pre-packaged binaries, and for
# each PHP a ZIP named as PIE's PrePackagedBinaryAssetName looks for it on
# Linux/glibc, NTS, x86_64 — php_<extension-name>-<version>_php<X.Y>-x86_64-linux-glibc.zip —
# holding <extension-name>.so, the file PIE copies into the extension directory.
#
#   tools/check-pie-assets.sh DISTDIR
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$1
release=$(sed -n "s/^\$plugin->release = '\(.*\)';/\1/p" moodle-plugin/version.php)
python3 - "$dist" "$release" <<'PY'
import glob, json, os, re, sys, zipfile

dist, release = sys.argv[1], sys.argv[2]
composer = json.load(open("composer.json"))
ext = composer.get("php-ext", {})
problems = []
if composer.get("type") != "php-ext":
    problems.append(f"composer.json: type is {composer.get('type')!r}, PIE wants 'php-ext'")
name = ext.get("extension-name", composer["name"].split("/")[-1])
methods = ext.get("download-url-method", ["composer-default"])
if "pre-packaged-binary" not in (methods if isinstance(methods, list) else [methods]):
    problems.append("composer.json: download-url-method lacks pre-packaged-binary (a Rust extension has no phpize build)")
if ext.get("support-zts", True):
    problems.append("composer.json: support-zts must be false (the builds are NTS)")
debs = sorted(glob.glob(os.path.join(dist, "php*-mih_*_amd64.deb")))
for deb in debs:
    php = re.match(r"php(\d+\.\d+)-", os.path.basename(deb)).group(1)
    asset = os.path.join(dist, f"php_{name}-{release}_php{php}-x86_64-linux-glibc.zip".lower())
    if not os.path.exists(asset):
        problems.append(f"no PIE asset {os.path.basename(asset)} beside {os.path.basename(deb)}")
        continue
    members = zipfile.ZipFile(asset).namelist()
    if f"{name}.so" not in members:
        problems.append(f"{os.path.basename(asset)} holds {members}, not {name}.so")
    else:
        print(f"ok: {os.path.basename(asset)} holds {name}.so")
if not debs:
    problems.append(f"no packages in {dist}")
for problem in problems:
    print(f"FAILED: {problem}")
sys.exit(1 if problems else 0)
PY
