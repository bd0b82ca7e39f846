/*
 * bench.c — in-process timings for `make bench` (bench/run.sh prints them).
 *
 *   bench POLICY FILE.ndjson [--n N] [--reps R]
 *
 * Loads the first N applicants (default 2000) of FILE, then measures, each
 * as the best of R repetitions (default 200):
 *   compile  parse + check + compile of POLICY (best of 200 runs)
 *   decode   pol_facts_decode of each line (the schema-directed decoder)
 *   vm       pol_eval_run on facts already decoded in memory
 *   hand     the hand-written C of bench/handwritten.c on the same facts
 *   json     pol_eval_run + pol_decision_json (the decision written as text)
 * and checks that the VM and the hand-written C agree on every measure of
 * every applicant (granted or not, and the amount). Prints `key value`
 * lines; exit 1 on a disagreement.
 */
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "arena.h"
#include "check.h"
#include "compile.h"
#include "decision.h"
#include "facts.h"
#include "handwritten.h"
#include "load.h"
#include "source.h"
#include "vm.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static PolProgram *compile(const char *path, const char *stdlib_dir)
{
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    PolLoadOptions lo = {stdlib_dir, {NULL, NULL, NULL}};
    PolDeclList decls = pol_load(path, &lo, &ds).decls;
    if (ds.errors)
        return NULL;
    PolChecked *checked = pol_check(decls, &ds);
    return checked ? pol_compile(checked, &ds) : NULL;
}

int main(int argc, char **argv)
{
    GC_INIT();
    if (argc < 3) {
        fprintf(stderr, "usage: bench POLICY FILE.ndjson [--n N] [--reps R]\n");
        return 2;
    }
    const char *policy = argv[1], *file = argv[2];
    long want = 2000;
    int reps = 200;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--n") == 0)
            want = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--reps") == 0)
            reps = atoi(argv[i + 1]);
    }
    const char *stdlib_dir = getenv("POLRUN_STDLIB");
    if (!stdlib_dir)
        stdlib_dir = "stdlib";

    /* 1. parse + check + compile */
    PolProgram *p = NULL;
    double best = 1e9;
    for (int i = 0; i < 200; i++) {
        double t0 = now();
        p = compile(policy, stdlib_dir);
        double t = now() - t0;
        if (!p)
            return 1;
        if (t < best)
            best = t;
    }
    printf("compile_ms %.3f\n", best * 1e3);

    /* the applicants' text, in memory */
    FILE *in = fopen(file, "rb");
    if (!in) {
        perror(file);
        return 2;
    }
    char **lines = malloc((size_t)want * sizeof *lines);
    size_t *lens = malloc((size_t)want * sizeof *lens);
    long n = 0;
    size_t bytes = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while (n < want && (got = getline(&line, &cap, in)) > 0) {
        lines[n] = malloc((size_t)got);
        memcpy(lines[n], line, (size_t)got);
        lens[n] = (size_t)got - (line[got - 1] == '\n');
        bytes += (size_t)got;
        n++;
    }
    fclose(in);
    printf("applicants %ld\nbytes %zu\n", n, bytes);

    /* 2. decode, as batch does: into an arena reset for each applicant */
    PolValue *facts = GC_MALLOC((size_t)n * sizeof *facts);
    int32_t *dates = GC_MALLOC_ATOMIC((size_t)n * sizeof *dates);
    PolArena scratch = {0};
    PolFactsOptions in_scratch = {POL_LANG_EN, &scratch, p->id_member};
    best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (long i = 0; i < n; i++) {
            PolDiag err;
            PolValue v;
            pol_arena_reset(&scratch);
            pol_facts_decode(p->facts, lines[i], lens[i], &in_scratch, &v, &err, NULL);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("decode_ns %.1f\ndecode_mb_s %.1f\n", best * 1e9 / (double)n, (double)bytes / best / 1e6);
    /* then every applicant decoded and kept in memory, one after another */
    PolArena keep = {0};
    PolFactsOptions in_keep = {POL_LANG_EN, &keep, p->id_member};
    for (long i = 0; i < n; i++) {
        PolDiag err;
        if (!pol_facts_decode(p->facts, lines[i], lens[i], &in_keep, &facts[i], &err, NULL))
            facts[i] = pol_absent();
    }
    /* keep the good ones, with their evaluation dates */
    long m = 0;
    for (long i = 0; i < n; i++) {
        if (facts[i].tag != POL_V_RECORD || p->date_member < 0)
            continue;
        PolValue d = facts[i].as.record->members[p->date_member];
        if (d.tag != POL_V_DATE)
            continue;
        facts[m] = facts[i];
        dates[m] = d.as.date;
        m++;
    }
    printf("decided %ld\n", m);
    if (m == 0)
        return 1;

    /* 3. VM only */
    PolEval *ev = pol_eval_new(p);
    best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (long i = 0; i < m; i++)
            if (!pol_eval_run(ev, facts[i], dates[i], false)) {
                fprintf(stderr, "bench: runtime error: %s\n", pol_eval_error(ev, POL_LANG_EN).message);
                return 1;
            }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    double vm = best;
    printf("vm_ns %.1f\n", vm * 1e9 / (double)m);

    /* 4. hand-written C */
    if (!hand_init(p->facts)) {
        fprintf(stderr, "bench: the policy's facts are not the Changsha facts\n");
        return 1;
    }
    HandResult hr;
    volatile int64_t sink = 0;
    best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (long i = 0; i < m; i++) {
            hand_decide(facts[i], dates[i], &hr);
            sink += hr.amount[0];
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    double hand = best;
    printf("hand_ns %.1f\nvm_over_hand %.2f\n", hand * 1e9 / (double)m, vm / hand);

    /* they must agree */
    int map[HAND_MEASURES];
    for (int k = 0; k < HAND_MEASURES; k++) {
        map[k] = -1;
        for (int j = 0; j < p->nmeasures; j++)
            if (strcmp(p->measures[j].id, hand_measure_ids[k]) == 0)
                map[k] = j;
        if (map[k] < 0) {
            fprintf(stderr, "bench: the policy has no measure %s\n", hand_measure_ids[k]);
            return 1;
        }
    }
    long disagree = 0, granted = 0;
    for (long i = 0; i < m; i++) {
        pol_eval_run(ev, facts[i], dates[i], false);
        hand_decide(facts[i], dates[i], &hr);
        for (int k = 0; k < HAND_MEASURES; k++) {
            const PolMeasureResult *mr = &ev->measures[map[k]];
            bool g = mr->outcome == POL_MEASURE_GRANTED;
            granted += g;
            if (g != hr.granted[k] || (g && mr->has_amount != hr.has_amount[k]) ||
                (g && mr->has_amount && mr->amount != hr.amount[k])) {
                if (disagree++ < 5)
                    fprintf(stderr, "bench: applicant %ld, %s: vm %s %lld, hand %s %lld\n", i + 1,
                            hand_measure_ids[k], g ? "granted" : "not granted", (long long)mr->amount,
                            hr.granted[k] ? "granted" : "not granted", (long long)hr.amount[k]);
            }
        }
    }
    printf("granted %ld\ndisagreements %ld\n", granted, disagree);

    /* 5. VM + the decision as JSON */
    PolBuf out = {GC_MALLOC_ATOMIC(1 << 16), 0, 1 << 16};
    const PolDecisionLayout *layout = pol_decision_layout(p);
    best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (long i = 0; i < m; i++) {
            pol_eval_run(ev, facts[i], dates[i], false);
            out.len = 0;
            pol_decision_json(&out, ev, layout, false, false);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("vm_json_ns %.1f\n", best * 1e9 / (double)m);
    (void)sink;
    return disagree ? 1 : 0;
}
