# polrun — build, test, demo, install.
#
#   make            build build/polrun
#   make demo       evaluate the bundled example applicants
#   make test       every test: units, golden diagnostics, cases, cross-check
#                   (SUITES="unit cli ..." runs only those: tests/README.md)
#   make test-locales  the locale-sensitive suites in four locales (minutes)
#   make bench      throughput against the targets (not part of test; minutes)
#   make install    PREFIX=/usr/local DESTDIR=
#
# `make demo` and `make test` first run `make deps`, which installs the
# Debian packages polrun needs when (and only when) they are missing.

CC       ?= cc
PREFIX   ?= /usr/local
BUILD    ?= build
BISON    ?= bison
FLEX     ?= flex

PKGS      = bdw-gc jansson libmicrohttpd nettle libutf8proc
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wconversion -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef \
            -Wmissing-declarations -Wredundant-decls -Wnested-externs -Wformat=2 -Wvla
OPT      ?= -O2 -g
CFLAGS_ALL = -std=c11 -D_XOPEN_SOURCE=700 $(OPT) $(WARN) -I$(BUILD)/gen -Isrc \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
# The generated scanner and parser are not ours to fix: they get the same
# flags minus the ones their skeletons cannot meet, plus GEN_EXTRA (the
# fuzzing build's, tests/fuzz/run.sh).
GEN_CFLAGS = $(filter-out -Wconversion -Wmissing-prototypes -Wmissing-declarations -Wredundant-decls -Wundef,$(CFLAGS_ALL)) \
             -Wno-unused-function -Wno-sign-compare $(GEN_EXTRA)
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm $(LDFLAGS)

SRC       = $(filter-out src/main.c,$(wildcard src/*.c))
OBJ       = $(SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o
UNIT_SRC  = $(wildcard tests/unit/test_*.c) tests/unit/support.c
# the fuzzing harnesses (tests/fuzz); defined before `test` uses it
FUZZ_HARNESSES = policy program facts polc batch csv

.PHONY: all deps demo test test-locales install clean bench fuzz sanitize coverage
all: $(BUILD)/polrun

deps:
	@sh tools/deps.sh

$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: grammar/parser.y
	@mkdir -p $(BUILD)/gen
	$(BISON) -Wall -Werror --header=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: grammar/lexer.l
	@mkdir -p $(BUILD)/gen
	$(FLEX) --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

# Each object depends on the headers it includes, as the compiler lists
# them (-MMD, in $(BUILD)/obj/*.d; -MP: a header that is gone is no
# error). The generated headers come first: some files include them.
GENERATED = $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h

$(BUILD)/obj/parser.o: $(BUILD)/gen/parser.c | $(GENERATED)
	@mkdir -p $(BUILD)/obj
	@echo "CC $<"; $(CC) $(GEN_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/lexer.o: $(BUILD)/gen/lexer.c | $(GENERATED)
	@mkdir -p $(BUILD)/obj
	@echo "CC $<"; $(CC) $(GEN_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: src/%.c | $(GENERATED)
	@mkdir -p $(BUILD)/obj
	@echo "CC $<"; $(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# pthread_getattr_np and gettid are GNU: _GNU_SOURCE must come before any
# header, and make sanitize force-includes src/gc_stress.h before the file.
$(BUILD)/obj/stack.o: CFLAGS_ALL += -D_GNU_SOURCE
# F_GETPIPE_SZ (batch's output to a pipe)
$(BUILD)/obj/batch.o: CFLAGS_ALL += -D_GNU_SOURCE
# fopencookie (the batch harness's failing output)
$(BUILD)/fuzz/replay-batch $(BUILD)/fuzz/fuzz-batch $(BUILD)/fuzz/oom-batch: CFLAGS_ALL += -D_GNU_SOURCE
# test_replace.c: setresuid, setresgid, setgroups
$(BUILD)/unit_tests: CFLAGS_ALL += -D_GNU_SOURCE

-include $(wildcard $(BUILD)/obj/*.d)

# The server uses Linux's own interfaces (inotify, eventfd, memfd_create,
# O_TMPFILE, fopencookie, pipe2): its files, and only they, see them.
$(BUILD)/obj/serve.o $(BUILD)/obj/serve_batch.o $(BUILD)/obj/serve_engine.o $(BUILD)/obj/serve_policy.o: CFLAGS_ALL += -D_GNU_SOURCE

# The standard library of an installed polrun, when none is found beside it
$(BUILD)/obj/main.o: CFLAGS_ALL += -DPOLRUN_STDLIB='"$(PREFIX)/share/polrun/stdlib"'

$(BUILD)/libpolrun.a: $(OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/polrun: $(BUILD)/obj/main.o $(BUILD)/libpolrun.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS)

# polrun with injected allocation failures, for tests/memory only: alloc.c
# built with POL_ALLOC_FAULTS (outside obj/, so that it is no part of the
# library) fails the Nth allocation of the collector that POLRUN_FAIL_ALLOC
# names, through the wrappers that --wrap links in its place.
FAULT_WRAP = -Wl,--wrap=GC_malloc,--wrap=GC_malloc_atomic,--wrap=GC_realloc,--wrap=GC_strdup
$(BUILD)/faults/alloc.o: src/alloc.c src/alloc.h
	@mkdir -p $(BUILD)/faults
	@echo "CC $< (faults)"; $(CC) $(CFLAGS_ALL) -DPOL_ALLOC_FAULTS -c $< -o $@

$(BUILD)/polrun-faults: $(BUILD)/obj/main.o $(BUILD)/faults/alloc.o $(BUILD)/libpolrun.a
	$(CC) $(CFLAGS_ALL) $(FAULT_WRAP) -o $@ $^ $(LIBS)

$(BUILD)/unit_tests: $(UNIT_SRC) tests/unit/support.h $(BUILD)/libpolrun.a
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -Wno-missing-declarations -o $@ $(UNIT_SRC) $(BUILD)/libpolrun.a $(LIBS) -lcriterion

# The benchmark: a generator of synthetic applicants and the in-process
# timer (VM, hand-written C, decoder). BENCH_N applicants, default 1000000.
BENCH_N  ?= 1000000
$(BUILD)/bench-gen: bench/gen.c
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_ALL) -o $@ bench/gen.c

$(BUILD)/bench-vm: bench/bench.c bench/handwritten.c bench/handwritten.h $(BUILD)/libpolrun.a
	$(CC) $(CFLAGS_ALL) -Ibench -o $@ bench/bench.c bench/handwritten.c $(BUILD)/libpolrun.a $(LIBS)

bench: deps $(BUILD)/polrun $(BUILD)/bench-gen $(BUILD)/bench-vm
	@sh tools/deps.sh bench
	@sh bench/run.sh $(BUILD) $(BENCH_N)

docs/bytecode.md: src/opcodes.h tools/gen-bytecode-doc.sh
	sh tools/gen-bytecode-doc.sh src/opcodes.h > $@

demo: deps $(BUILD)/polrun
	@sh tools/demo.sh $(BUILD)/polrun

test: deps $(BUILD)/polrun $(BUILD)/polrun-faults $(BUILD)/unit_tests $(FUZZ_HARNESSES:%=$(BUILD)/fuzz/replay-%) $(BUILD)/fuzz/mutate-polc
	@SUITES="$(SUITES)" sh tests/run.sh $(BUILD)/polrun $(BUILD)/unit_tests

# The locale-sensitive suites in C, C.UTF-8, tr_TR.UTF-8 and an uninstalled
# zh_CN.UTF-8 (tests/locales/run.sh; make test runs a subset of them)
test-locales: deps $(BUILD)/polrun $(BUILD)/unit_tests
	@sh tests/locales/run.sh --full $(BUILD)/polrun $(BUILD)/unit_tests

install: $(BUILD)/polrun
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/polrun/stdlib \
	           $(DESTDIR)$(PREFIX)/share/doc/polrun $(DESTDIR)$(PREFIX)/share/polrun/policies
	install -m 755 $(BUILD)/polrun $(DESTDIR)$(PREFIX)/bin/polrun
	install -m 644 stdlib/*.pol $(DESTDIR)$(PREFIX)/share/polrun/stdlib/
	install -m 644 docs/*.md README.md examples/systemd/polrun.service $(DESTDIR)$(PREFIX)/share/doc/polrun/
	cp -R policies/. $(DESTDIR)$(PREFIX)/share/polrun/policies/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 docs/polrun.1 $(DESTDIR)$(PREFIX)/share/man/man1/polrun.1
	install -d $(DESTDIR)$(PREFIX)/share/emacs/site-lisp
	install -m 644 editors/emacs/pol-mode.el $(DESTDIR)$(PREFIX)/share/emacs/site-lisp/pol-mode.el
	for d in ftdetect ftplugin indent syntax; do \
	    install -d $(DESTDIR)$(PREFIX)/share/vim/vimfiles/$$d && \
	    install -m 644 editors/vim/$$d/pol.vim $(DESTDIR)$(PREFIX)/share/vim/vimfiles/$$d/pol.vim || exit 1; \
	done

# ---- robustness (docs/robustness.md) ----
#   make fuzz FUZZ_SECONDS=N   each libFuzzer harness of tests/fuzz for N seconds
#                              (clang; build-fuzz/, corpora in build-fuzz/corpus/)
#   make sanitize              every test with ASan+UBSan binaries (build-san/),
#                              then cases, cross-check and fuzz seeds under GC
#                              stress (a collection every few allocations)
# The harnesses also run without libFuzzer on their regression inputs and
# seeds in `make test` (replay-*, built by any compiler).
FUZZ_SECONDS  ?= 60
FUZZ_COMMON    = tests/fuzz/fuzz_common.c tests/fuzz/fuzz.h
FUZZ_SAN       = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/fuzz/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_COMMON) $(BUILD)/libpolrun.a
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(CFLAGS_ALL) -Itests/fuzz -o $@ $< tests/fuzz/replay.c tests/fuzz/fuzz_common.c $(BUILD)/libpolrun.a $(LIBS)

$(BUILD)/fuzz/mutate-polc: tests/fuzz/mutate.c tests/fuzz/fuzz_polc.c $(FUZZ_COMMON) $(BUILD)/libpolrun.a
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(CFLAGS_ALL) -Itests/fuzz -o $@ tests/fuzz/mutate.c tests/fuzz/fuzz_polc.c tests/fuzz/fuzz_common.c $(BUILD)/libpolrun.a $(LIBS)

# libFuzzer binaries: only in a build made with CC=clang and the collector
# replaced by tests/fuzz/gc_shim.c (see tests/fuzz/run.sh)
# (the shim maps its big blocks itself: mmap's MAP_ANONYMOUS, madvise)
$(BUILD)/fuzz/fuzz-%: CFLAGS_ALL += -D_DEFAULT_SOURCE
$(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/gc_shim.c tests/fuzz/gc_shim.h $(FUZZ_COMMON) $(BUILD)/libpolrun.a
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -Itests/fuzz -o $@ $< tests/fuzz/fuzz_common.c tests/fuzz/gc_shim.c $(BUILD)/libpolrun.a $(LIBS)

# The replays again with the collector replaced by the fuzzing shim, in
# build-shim (make sanitize): every input also run out of memory at
# allocation after allocation (POLRUN_FUZZ_OOM=sweep, replay.c), with
# LeakSanitizer, which the collector rules out elsewhere
$(BUILD)/fuzz/oom-%: CFLAGS_ALL += -D_DEFAULT_SOURCE
$(BUILD)/fuzz/oom-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/gc_shim.c tests/fuzz/gc_shim.h $(FUZZ_COMMON) $(BUILD)/libpolrun.a
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(CFLAGS_ALL) -Itests/fuzz -o $@ $< tests/fuzz/replay.c tests/fuzz/fuzz_common.c tests/fuzz/gc_shim.c $(BUILD)/libpolrun.a $(LIBS)

fuzz: deps $(BUILD)/polrun
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

# build-san: ASan+UBSan, and the collector stress hooks of src/gc_stress.h
# (built again from scratch when these flags change)
SAN_OPT    = -O1 -g $(FUZZ_SAN)
SAN_CFLAGS = -DPOL_GC_STRESS -include src/gc_stress.h
SHIM_CFLAGS = -include tests/fuzz/gc_shim.h -Wno-error
sanitize: deps
	@mkdir -p build-san
	@echo "$(CC) $(SAN_OPT) $(SAN_CFLAGS)" | cmp -s - build-san/.flags || \
	    { rm -rf build-san; mkdir -p build-san; echo "$(CC) $(SAN_OPT) $(SAN_CFLAGS)" > build-san/.flags; }
	$(MAKE) BUILD=build-san OPT="$(SAN_OPT)" CFLAGS="$(SAN_CFLAGS)" \
	    build-san/polrun build-san/polrun-faults build-san/unit_tests $(FUZZ_HARNESSES:%=build-san/fuzz/replay-%) build-san/fuzz/mutate-polc
	@mkdir -p build-shim
	@echo "$(CC) $(SAN_OPT) $(SHIM_CFLAGS)" | cmp -s - build-shim/.flags || \
	    { rm -rf build-shim; mkdir -p build-shim; echo "$(CC) $(SAN_OPT) $(SHIM_CFLAGS)" > build-shim/.flags; }
	$(MAKE) BUILD=build-shim OPT="$(SAN_OPT)" CFLAGS="$(SHIM_CFLAGS)" $(FUZZ_HARNESSES:%=build-shim/fuzz/oom-%)
	@sh tests/fuzz/sanitize.sh build-san

# ---- coverage (docs/robustness.md, "Coverage") ----
#   make coverage   make test with gcov instrumentation (build-cov/), then
#                   lcov's lines and branches of src/ per file, the whole
#                   against the target, and an HTML report in
#                   build-cov/html/index.html (the generated scanner and
#                   parser are not counted)
COV_OPT = -O0 -g --coverage -DPOL_COVERAGE
coverage:
	@sh tools/deps.sh coverage
	@mkdir -p build-cov
	@echo "$(CC) $(COV_OPT)" | cmp -s - build-cov/.flags || \
	    { rm -rf build-cov; mkdir -p build-cov; echo "$(CC) $(COV_OPT)" > build-cov/.flags; }
	@lcov --quiet --zerocounters --directory build-cov
	$(MAKE) BUILD=build-cov OPT="$(COV_OPT)" test
	@lcov --quiet --rc lcov_branch_coverage=1 --capture --directory build-cov --output-file build-cov/all.info
	@lcov --quiet --rc lcov_branch_coverage=1 --extract build-cov/all.info "$(CURDIR)/src/*" \
	    --output-file build-cov/src.info
	@genhtml --quiet --branch-coverage --output-directory build-cov/html build-cov/src.info
	@python3 tools/coverage.py build-cov/src.info
	@echo "coverage: the report is build-cov/html/index.html"

clean:
	rm -rf $(BUILD)
