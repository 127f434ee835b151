# Thin wrappers over scripts/run, which installs what is missing first.
.PHONY: all test check lint format setup bench fuzz fuzz-check fuzz-tools clean

all:
	bash scripts/run main

test:
	bash scripts/run test

# The fast loop: builds, then runs the unit tests that need no browser, engine, Python consumer or fuzzer
# (SOPC_FAST=1 skips the tests tagged .browser, .engine, .consumer, .slow). Installs nothing.
check:
	bash scripts/run check

# The style: `make lint` checks it (the test command does too), `make format` applies .swift-format.
lint:
	bash scripts/run lint

format:
	swift format --in-place --recursive --parallel Package.swift Sources Tests

setup:
	bash scripts/run setup

# Every line of issue 14's table in one run, into bench/RESULTS.md (RUNS, BUILD_RUNS, BIG_RUNS: see bench/run.sh).
bench:
	bash bench/run.sh

# The full fuzz target (checker, reports, outputs) for SECONDS (default 600), as `make test` runs it for 60 s.
fuzz:
	bash scripts/fuzz $(SECONDS)

# The fast target, front end and checker alone, for 10^7 inputs (or SECONDS, default 3600), one process per core:
# docs/GUARANTEES.md, numbers in bench/FUZZ.md.
fuzz-check:
	FUZZ_RUNS=$${FUZZ_RUNS:-10000000} FUZZ_MAX_LEN=$${FUZZ_MAX_LEN:-1024} bash scripts/fuzz --check $(or $(SECONDS),3600)

# Hostile inputs for import, run and simulate, the language server and the preview, SECONDS each (default 120):
# the real programs, a process a run (scripts/fuzz-tools; numbers in bench/FUZZ.md).
fuzz-tools:
	python3 scripts/fuzz-tools --seconds $(or $(SECONDS),120)

clean:
	rm -rf .build
