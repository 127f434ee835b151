# Thin wrappers over scripts/run, which installs what is missing first.
.PHONY: all test setup bench clean

all:
	bash scripts/run main

test:
	bash scripts/run test

setup:
	bash scripts/run setup

bench:
	bash bench/run.sh

clean:
	rm -rf .build
