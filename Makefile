# The two commands of the README: `make run` and `make test`. Both install what is missing first
# (scripts/install-deps), then configure and build with the CMake preset (default: RelWithDebInfo).
PRESET ?= default
BUILD_DIR := build/$(PRESET)

.PHONY: run test build deps clean

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

test: build
	@ctest --preset $(PRESET)

run: build
	@scripts/run-demo $(BUILD_DIR)/app/postlab

clean:
	rm -rf build
