# ser - the README's commands.  CMake + CTest do the work; this wraps them.
#   make demo     install packages, build, analyse a call with the default model
#   make model    re-make the shipped default model (needs the corpora)
#   make test     install packages, build, run every test (also under ASan+UBSan),
#                 and every fuzz target for FUZZ_CI_SECONDS (libFuzzer, ASan+UBSan)
#   make fuzz     every fuzz target for FUZZ_SECONDS (docs/hardening.md)
#   make soak     STREAMS concurrent calls against ser serve for SOAK_SECONDS
#   make install  install library, headers, pkg-config file, program, man page

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
FUZZ_CI_SECONDS ?= 15
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

.PHONY: all deps bench-deps build demo model crosscorpus test test-fast test-asan test-fuzz fuzz fuzz-build soak bench eval install clean

DATA ?=

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The call demo with the default model; DATA=../shared/data plays real
# recordings (EmoDB speaker 16, held out of the model), else espeak-ng speech.
demo: build
	@DATA=$(DATA) scripts/demo $(BUILD)/ser

# The shipped default model (models/README.md), from RAVDESS + EmoDB under
# DATA (default ../shared/data); deterministic.
model: build
	DATA=$(or $(DATA),../shared/data) scripts/make-model $(BUILD)/ser

# Leave-one-corpus-out table over RAVDESS, EmoDB, TurEV-DB (models/README.md).
crosscorpus: build
	DATA=$(or $(DATA),../shared/data) bench/crosscorpus.sh $(BUILD)/ser

test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSER_SANITIZE=ON $(CMAKE_ARGS)

test-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (fuzz/): clang, ASan+UBSan, their own build folder.
$(FUZZ_BUILD)/CMakeCache.txt:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSER_FUZZ=ON -DSER_BUILD_TESTS=OFF $(CMAKE_ARGS)

fuzz-build: deps $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets

fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

test-fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_CI_SECONDS)

test: test-fast test-asan test-fuzz

# A bounded soak of `ser serve` (tests/soak/soak.sh): STREAMS concurrent
# real-time calls with connect/disconnect churn for SOAK_SECONDS; errors and
# idle RSS drift (< 5 %).  Not part of `make test`.
STREAMS ?= 200
SOAK_SECONDS ?= 600
soak: build
	STREAMS=$(STREAMS) SOAK_SECONDS=$(SOAK_SECONDS) tests/soak/soak.sh $(BUILD)

# Seed set over RAVDESS, 1 and 2 threads, vs librosa (ANCHORS.md); then our
# SVM grid / forest search vs scikit-learn's on the same CSV and folds, 1 and
# 2 jobs (RAVDESS-4 random, split seed 0; SEEDS="0 1 2 3 4" for all); then
# `ser serve` capacity: concurrent real-time streams with p99 event latency
# < 250 ms and memory per stream, SVM / forest / CNN (bench/stream_capacity.sh,
# ~15 min); then our CNN vs PyTorch, seconds per epoch on the same images
# (bench/cnn_vs_torch.sh, EPOCHS=3).  Run it once.
bench-deps:
	@scripts/install-deps --bench

bench: build bench-deps
	bench/features_corpus.sh $(BUILD)/ser
	bench/ml_vs_sklearn.sh $(BUILD)/ser
	bench/stream_capacity.sh $(BUILD)/ser $(BUILD)/ws_load
	bench/cnn_vs_torch.sh $(BUILD)/ser

# The four reported protocols (../shared/data/README.md), SVM and forest,
# without and with per-speaker normalisation: long, not part of `make test`.
# KINDS="svm forest boost", SET=full, EXTRA="--class-weight balanced" to vary;
# KINDS=cnn NORMS=on PROTOCOLS=ravdess4-random for the CNN with per-speaker bands (~20 min
# on 2 idle cores; ravdess8-si ~35 min).
eval: build
	bench/protocols.sh $(BUILD)/ser

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
