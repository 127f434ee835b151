# Thin wrappers over scripts/run, which installs what is missing first.
.PHONY: all test check lint format setup bench clean

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

bench:
	bash bench/run.sh

clean:
	rm -rf .build
