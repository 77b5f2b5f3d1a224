# MIH — Integration Hub for Moodle. `make demo` and `make test` install what
# they need first (tools/install-deps.sh), so a fresh Debian 12 machine with
# the Rust toolchain needs nothing else.

PHP          ?= php8.2
RUN_TESTS    := $(shell ls /usr/lib/php/*/build/run-tests.php 2>/dev/null | head -n 1)
RELEASE_SO   := target/release/libmih.so
DEBUG_SO     := target/debug/libmih.so
# The debug build for PHP 8.4 (tools/build-php84.sh), run in a trixie chroot (tools/php-chroot.sh)
DEBUG_SO_84  := target/php8.4/debug/libmih.so

.PHONY: deps build demo test test-rust test-phpt test-netns test-phpt-8.4 test-netns-8.4 test-dist test-plugin amd stubs check-stubs dist bench fuzz clean

deps:
	@tools/install-deps.sh

## build: the extension a site loads, target/release/libmih.so
build: deps
	cargo build --release

## demo: a loopback HTTP service called through the loaded extension
demo: build
	$(PHP) -n -d extension=sockets -d extension=mbstring -d extension=soap -d extension=$(CURDIR)/$(RELEASE_SO) php/examples/demo.php

## test: formatting, clippy, Rust tests, the .phpt suites (PHP 8.2, then 8.4), the plugin checks, stub freshness
test: deps test-rust test-phpt test-netns test-phpt-8.4 test-netns-8.4 test-dist test-plugin check-stubs

test-rust:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test

# The .phpt suite runs against the debug build: stubs need it anyway, and it
# keeps debug assertions on.
$(DEBUG_SO): $(shell find src -name '*.rs') Cargo.toml Cargo.lock
	cargo build

# $(call run_phpt,PHP,run-tests.php,libmih.so): the command running .phpt files (named after it) with that PHP
run_phpt = TEST_PHP_EXECUTABLE=$(1) $(1) -n $(2) -n -q --show-diff \
	-d extension=sockets -d extension=mbstring -d extension=soap -d extension=curl -d extension=$(3)

RUN_PHPT = $(call run_phpt,$$(command -v $(PHP)),$(RUN_TESTS),$(CURDIR)/$(DEBUG_SO))
# PHP 8.4 inside the trixie chroot, with the run-tests.php that tools/php-chroot.sh puts there
RUN_PHPT_84 = tools/php-chroot.sh run env $(call run_phpt,/usr/bin/php8.4,/usr/local/lib/php/run-tests.php,$(CURDIR)/$(DEBUG_SO_84))

test-phpt: $(DEBUG_SO)
	$(RUN_PHPT) tests/phpt

## test-netns: the tests that probe hostile addresses (SSRF guard), inside a
## network namespace holding only loopback (tools/netns-run.sh; needs root)
test-netns: $(DEBUG_SO)
	tools/netns-run.sh env $(RUN_PHPT) tests/netns

# PHP 8.4: trixie's php8.4 does not run on Debian 12, so the suites run in a
# chroot cached outside the repository (tools/php-chroot.sh; root), against a
# build made with trixie's php8.4-dev headers (tools/build-php84.sh).
$(DEBUG_SO_84): $(shell find src -name '*.rs') Cargo.toml Cargo.lock tools/build-php84.sh
	tools/build-php84.sh

## test-phpt-8.4: the .phpt suite against PHP 8.4
test-phpt-8.4: $(DEBUG_SO_84)
	$(RUN_PHPT_84) tests/phpt

## test-netns-8.4: the hostile-address tests against PHP 8.4
test-netns-8.4: $(DEBUG_SO_84)
	tools/netns-run.sh $(RUN_PHPT_84) tests/netns

## dist: what a site installs, in dist/ (tools/make-dist.sh): the php8.2-mih
## and php8.4-mih Debian packages, PIE's pre-packaged binaries (composer.json),
## the plugin's ZIP for Moodle's installer, SHA256SUMS
dist: deps
	cargo build --release
	tools/build-php84.sh --release
	tools/make-dist.sh dist $$(php-config8.2 --version)=$(RELEASE_SO) $$(tools/build-php84.sh --php-version)=target/php8.4/release/libmih.so

## test-dist: make dist's packages, made by the same script from the debug
## builds the suites ran (a release build of each PHP would double the test's
## build time), each installed, loaded, used, removed and purged in a system
## with its PHP (a bookworm and a trixie chroot), where the other PHP's is refused;
## PIE's ZIPs as composer.json makes PIE look for them
test-dist: $(DEBUG_SO) $(DEBUG_SO_84)
	tools/make-dist.sh target/dist-test $$(php-config8.2 --version)=$(DEBUG_SO) $$(tools/build-php84.sh --php-version)=$(DEBUG_SO_84)
	tools/check-pie-assets.sh target/dist-test
	MIH_CHROOT_PHP=8.2 tools/php-chroot.sh run tools/test-dist.sh 8.2 target/dist-test target/dist-test/php8.4-mih_*.deb
	tools/php-chroot.sh run tools/test-dist.sh 8.4 target/dist-test target/dist-test/php8.2-mih_*.deb

## test-plugin: every plugin file passes php -l, every string it uses is in
## lang/en, every text from the extension reaches its pages escaped, and
## amd/build is what amd/src builds to
test-plugin:
	$(PHP) -n tools/check_plugin.php moodle-plugin
	$(PHP) -n tools/check_escaping.php moodle-plugin
	tools/build-amd.sh --check

## amd: rebuild the plugin's AMD modules (amd/src -> amd/build)
amd:
	tools/build-amd.sh

## stubs: regenerate stubs/mih.php from the code
stubs: $(DEBUG_SO)
	cargo php stubs -o stubs/mih.php $(DEBUG_SO)
	$(PHP) -n -d extension=$(CURDIR)/$(DEBUG_SO) tools/stubs_complete.php stubs/mih.php

check-stubs: $(DEBUG_SO)
	@tmp=$$(mktemp -d) && \
	cargo php stubs -o $$tmp/mih.php $(DEBUG_SO) >/dev/null && \
	$(PHP) -n -d extension=$(CURDIR)/$(DEBUG_SO) tools/stubs_complete.php $$tmp/mih.php && \
	if diff -u stubs/mih.php $$tmp/mih.php; then echo "stubs are current"; rm -rf $$tmp; \
	else echo "stubs/mih.php is out of date: run 'make stubs'"; rm -rf $$tmp; exit 1; fi

## bench: mih::request against raw PHP curl, same nginx peer, one run
bench: build
	@tools/install-deps.sh bench
	$(PHP) -n -d extension=curl -d extension=$(CURDIR)/$(RELEASE_SO) php/bench/rest.php
	$(PHP) -n -d extension=curl -d extension=$(CURDIR)/$(RELEASE_SO) php/bench/stores.php
	$(PHP) -n -d extension=$(CURDIR)/$(RELEASE_SO) php/bench/bridge.php
	$(PHP) -n -d extension=$(CURDIR)/$(RELEASE_SO) php/bench/outbox.php
	$(PHP) -n -d extension=curl -d extension=$(CURDIR)/$(RELEASE_SO) php/bench/fpm.php
	$(PHP) -n -d extension=sockets -d extension=mbstring -d extension=$(CURDIR)/$(RELEASE_SO) php/bench/amqp.php
	$(PHP) -n -d extension=soap -d extension=$(CURDIR)/$(RELEASE_SO) php/bench/soap.php

## fuzz: each fuzz target (template, template_large, amqp_url, amqp_endpoint, wsdl, soap_response)
## under libFuzzer for FUZZ_SECONDS (default 60). cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP
## lets the machine's stable toolchain accept them.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= template template_large amqp_url amqp_endpoint wsdl soap_response
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
	cd fuzz && for target in $(FUZZ_TARGETS); do \
		RUSTC_BOOTSTRAP=1 cargo fuzz run $$target --fuzz-dir . -- -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

clean:
	cargo clean
