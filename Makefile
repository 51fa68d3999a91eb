# herald: the two commands a newcomer needs (make demo, make test) and the
# rest of the developer loop. CMake does the real build; this file wraps it.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
SAN_BUILD ?= build-san
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30

.PHONY: all web deps deps-bench demo demo-online test test-fast test-san bench eval fuzz format clean

all: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# The dashboard alone (also built by `all`): <build>/web/index.html + assets.
web: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) --target web

deps:
	@scripts/install-deps

deps-bench:
	@scripts/install-deps --bench

demo: all
	scripts/demo $(BUILD)/herald

# The same on real feeds (data/sources/default.opml); needs internet.
demo-online: all
	scripts/demo $(BUILD)/herald --online

# The whole suite: the normal build, then the same tests under ASan + UBSan.
test: all test-san
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-fast: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-san: deps
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON >/dev/null
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: all deps-bench
	bench/run-all $(BUILD)

eval: all deps-bench
	bench/eval-all $(BUILD)

fuzz: deps
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DHERALD_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target \
	  $$(basename -s .c tests/fuzz/fuzz_*.c)
	scripts/fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
