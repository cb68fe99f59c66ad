# The two commands of the README:
#   make run    install what is missing, build, migrate, fill the demo data, serve on :3000
#   make test   install what is missing, build, and run every test (Rust on SQLite and
#               PostgreSQL, Playwright in Chromium with and without JavaScript)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

CACHE ?= $(HOME)/.cache/collectivepower
# A target directory outside the checkout keeps fresh clones (CI) warm.
export CARGO_TARGET_DIR ?= $(CACHE)/target
export PATH := $(CACHE)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Read at compile time by leptos_config; the same value for cargo-leptos and plain cargo means
# the server build and the test build share their compiled dependencies.
export LEPTOS_OUTPUT_NAME := collectivepower

BIN := $(CARGO_TARGET_DIR)/release/collectivepower
SITE := $(CARGO_TARGET_DIR)/site
# Each stage prints how long it took (and `.ci/run` sums them up in a table).
STAGE := bash .ci/stage

.PHONY: run test tools build test-build rust-test e2e lint fmt bench-search

run: build
	$(BIN) serve --demo

test: build rust-test e2e

tools:
	$(STAGE) tools bash .ci/install-tools

build: tools
	$(STAGE) "site build (WASM+server)" cargo leptos build --release --precompress
	@# The site carries its asset hashes, so a copied site/ works beside any binary of this build.
	cp $(CARGO_TARGET_DIR)/release/hash.txt $(SITE)/hash.txt

# The `tests` profile (Cargo.toml): dependencies optimised as in release, the crate at opt-level 1.
test-build: tools
	$(STAGE) "test build" cargo test --profile tests --features ssr --no-run

rust-test: test-build
	cargo fmt --check
	$(STAGE) "Rust tests" cargo test --profile tests --features ssr

e2e: build
	$(STAGE) Playwright env BIN=$(BIN) bash end2end/run.sh
	$(STAGE) two-nodes env BIN=$(BIN) bash end2end/two-nodes.sh
	$(STAGE) deploy env BIN=$(BIN) bash end2end/deploy.sh
	@# Issue 17: each common page's first load on a phone (Chromium, brotli as served), held to its ceiling.
	$(STAGE) "first load" env BIN=$(BIN) CHECK=1 bash bench/first-load.sh

# The search benchmark (issue 3's budgets). By hand at full size: make bench-search DOCS=1000000
DOCS ?= 100000
bench-search: tools
	@# `--profile release`: the library is the one the server build compiled.
	$(STAGE) bench cargo bench --profile release --features ssr --bench search -- --docs $(DOCS) $(BENCH_ARGS)

lint: tools
	@# The house plan (ARCHITECTURE.md): no router import below the top, no cycle between features.
	python3 .ci/check-layers
	$(STAGE) "lint (server)" cargo clippy --release --features ssr --all-targets -- -D warnings
	$(STAGE) "lint (WASM)" cargo clippy --release --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt
