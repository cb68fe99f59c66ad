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

.PHONY: run test tools build rust-test e2e lint fmt bench-search

run: build
	$(BIN) serve --demo

test: build rust-test e2e

tools:
	bash .ci/install-tools

build: tools
	cargo leptos build --release --precompress
	@# The site carries its asset hashes, so a copied site/ works beside any binary of this build.
	cp $(CARGO_TARGET_DIR)/release/hash.txt $(SITE)/hash.txt

rust-test: tools
	cargo fmt --check
	cargo test --release --features ssr

e2e: build
	BIN=$(BIN) bash end2end/run.sh
	BIN=$(BIN) bash end2end/two-nodes.sh
	BIN=$(BIN) bash end2end/deploy.sh

# The search benchmark (issue 3's budgets). By hand at full size: make bench-search DOCS=1000000
DOCS ?= 100000
bench-search: tools
	cargo bench --features ssr --bench search -- --docs $(DOCS) $(BENCH_ARGS)

lint: tools
	cargo clippy --release --features ssr --all-targets -- -D warnings
	cargo clippy --release --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt
