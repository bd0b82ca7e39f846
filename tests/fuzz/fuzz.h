/*
 * fuzz.h — what the libFuzzer harnesses of tests/fuzz share.
 *
 * Each harness defines LLVMFuzzerInitialize and LLVMFuzzerTestOneInput. It
 * is linked either with libFuzzer (clang -fsanitize=fuzzer,address,undefined,
 * `make fuzz`, build-fuzz/, with the collector replaced by gc_shim.c) or
 * with replay.c, a plain main() that runs the harness on files (`make
 * test`: the regression inputs and the seed corpus, any compiler, the
 * real collector).
 *
 * Harnesses also check properties (a decision is valid JSON, a batch
 * answers every line, ...): a violation is reported and aborts, which
 * libFuzzer records as a crash like any other.
 */
#ifndef POL_FUZZ_H
#define POL_FUZZ_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "bytecode.h"
#include "check.h"
#include "decide.h"
#include "diag.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Once, from LLVMFuzzerInitialize: the collector, stderr to /dev/null (the
 * sanitizers and libFuzzer write to the original), the stdlib beside the
 * build directory, and (fuzzing build) permanent allocation until
 * fuzz_init_done. */
void fuzz_init(const char *argv0);
void fuzz_init_done(void);
/* /dev/null, opened by fuzz_init (stderr points at it too): where the
 * harnesses write what they only need to produce (a graph, a listing). */
extern FILE *fuzz_null;
/* Where the harnesses report: rendered to fuzz_null (human format, until
 * fuzz_diagnostics_format), so that every renderer runs. */
extern PolDiags fuzz_ds;
void fuzz_diagnostics_format(PolDiagFormat f);
/* Around each input: an empty fuzz_ds (English, human format); frees what
 * the input allocated (fuzzing build). */
void fuzz_begin(void);
void fuzz_end(void);

/* Out of memory on purpose (fuzzing build): every harness runs some inputs
 * with one allocation of the collector failing, as it fails when memory
 * runs out, and checks that the run ends in polrun's out-of-memory handler
 * (alloc.h), where polrun prints E0719 and exits 1: no crash on the NULL,
 * no allocation made after it, nothing left allocated (the shim frees what
 * the abandoned run held, so LeakSanitizer sees what else was lost), and
 * no partial output (batch: whole lines only).
 * fuzz_oom_pick: the allocation to fail, taken from the input (a hash of
 * its bytes): 0, none, for seven inputs in eight; else 1 to 32768, as
 * often under 16 as from 16384 on. A harness calls fuzz_oom_arm(n) on the thread that
 * runs the input, then `if (setjmp(fuzz_oom_jump))`: the handler jumps
 * there when the allocation failed (on another thread it is a violated
 * property); fuzz_oom_landed() then gives back what polrun's handler took
 * and returns the size that failed. fuzz_oom_disarm() when the run ended
 * without it. In the replay build (the real collector) nothing is failed:
 * fuzz_oom_pick is always 0. */
extern jmp_buf fuzz_oom_jump;
long fuzz_oom_pick(const uint8_t *data, size_t size);
/* The usual use, in LLVMFuzzerTestOneInput after fuzz_begin: arms the
 * failure fuzz_oom_pick chooses for the input; if it is reached, the
 * statements `landed` run, then fuzz_end, and the function returns 0. (A
 * macro: setjmp must be called in the frame that is jumped back to.) */
#define FUZZ_OOM_OR_RETURN(data, size, landed) \
    do { \
        long oom_ = fuzz_oom_pick((data), (size)); \
        if (oom_) { \
            fuzz_oom_arm(oom_); \
            if (setjmp(fuzz_oom_jump)) { \
                fuzz_oom_landed(); \
                landed; \
                fuzz_end(); \
                return 0; \
            } \
        } \
    } while (0)
/* The sweep of replay.c (POLRUN_FUZZ_OOM=sweep, fuzzing shim only): when
 * 0 or more, fuzz_oom_pick gives it for every input (and batch takes it
 * whatever its option byte); LONG_MAX fails nothing and counts.
 * fuzz_oom_allocations: the allocations made since the last arming. */
extern long fuzz_oom_force;
long fuzz_oom_allocations(void);
void fuzz_oom_arm(long n);
size_t fuzz_oom_landed(void);
void fuzz_oom_disarm(void);

/* A failed property: message on the real stderr, then abort. */
#define FUZZ_CHECK(cond, ...) do { if (!(cond)) fuzz_fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)
void fuzz_fail(const char *file, int line, const char *fmt, ...) __attribute__((noreturn, format(printf, 3, 4)));

/* A private temporary folder (removed at exit). */
const char *fuzz_tmpdir(void);

/* The repository's root (where policies/ and stdlib/ are), found from argv0. */
extern const char *fuzz_root;

/* Loads and checks policy source text (written to a file in a private
 * temporary directory, so that imports resolve as they do for polrun).
 * NULL when it has errors. */
PolChecked *fuzz_check_text(const uint8_t *data, size_t size);
/* Loads, checks and compiles a policy file of the repository. */
PolProgram *fuzz_policy_from_file(const char *relpath);

/* What a decider kept from one input to the next allocates while it
 * decides, kept in it between decisions, is freed by fuzz_end() with
 * everything else of the input: the trace of reads (grown on first use).
 * Forgotten here, before and after each input (and where an input is
 * abandoned), or the next input uses freed memory (the real collector
 * keeps it alive through the evaluator). */
void fuzz_decider_forget(PolDecider *d);

/* Facts JSON for p's schema, built from its declaration: variant 0 gives
 * every member a present, "true" value; 1 leaves out what may be left out
 * and uses false/zero/first values; 2 uses the last enum words and empty
 * lists. */
void fuzz_facts_for(const PolProgram *p, int variant, PolBuf *out);

/* Runs facts through pol_decide in every explanation mode and checks
 * that a decision is valid JSON and a failure has a path and a message.
 * Returns the plain decision (GC heap) or NULL. */
const char *fuzz_decide(PolDecider *d, const char *json, size_t len, int32_t date, bool have_date);

/* Whether [s, s+n) is one valid JSON value (jansson). */
bool fuzz_json_valid(const char *s, size_t n);

/* The reference CSV reader of the harnesses, written apart from src/csv.c.
 * fuzz_csv_record: the length of the record at p (with its line end) by
 * the rule of csv.h: a quote opens a quoted cell at a cell's start only;
 * a quoted cell that holds a line end and is then malformed (text after
 * its closing quote, or never closed) ends the record at that first line
 * end. fuzz_csv_cells: the cells of a record without its line end,
 * unescaped (GC heap), at most max; -1 when it is empty or not RFC 4180. */
size_t fuzz_csv_record(const char *p, size_t n);
int fuzz_csv_cells(const char *p, size_t n, const char **cells, size_t *lens, int max);

#endif
