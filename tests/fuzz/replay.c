/*
 * replay.c — runs a harness of tests/fuzz without libFuzzer: every file
 * named, and every file in every folder named, once, in name order.
 *   build/fuzz/replay-<harness> FILE|DIR...
 * A crash or a violated property aborts (exit status ≠ 0); otherwise it
 * prints "<n> inputs" and exits 0. Replaying nothing is a failure (exit
 * 1): a seed folder that vanished must not pass as a clean replay. Used by
 * tests/fuzz/regress.sh.
 *
 * With POLRUN_FUZZ_OOM=sweep in the environment, in a build with the
 * fuzzing shim (build-shim, `make sanitize`), each input is run once more
 * counting the collector's allocations it makes, then once with each of
 * allocations 1 to 16 failing and every half again after that (16, 24,
 * 36, ...) up to the count: each run must end in the out-of-memory
 * handler with the harness's properties holding (fuzz.h), and nothing may
 * leak (LeakSanitizer, at exit). It prints "<n> inputs, <m> runs out of
 * memory".
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

#ifdef POL_GC_SHIM_H   /* the reader's buffers are its own, not the input's (gc_shim.h) */
#undef malloc
#undef realloc
#undef free
#endif

static long count, oom_runs;
static int sweep;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) {
        perror("malloc");
        exit(2);
    }
    /* a copy of exactly len bytes, as libFuzzer gives, so overreads show */
    unsigned char *exact = malloc(len ? len : 1);
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    if (sweep) {
        fuzz_oom_force = LONG_MAX;
        LLVMFuzzerTestOneInput(exact, len);
        long made = fuzz_oom_allocations();
        for (long n = 1; n <= made; n = n < 16 ? n + 1 : n + n / 2) {
            fuzz_oom_force = n;
            LLVMFuzzerTestOneInput(exact, len);
            oom_runs++;
        }
        fuzz_oom_force = -1;
    }
    free(exact);
    count++;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(2);
    }
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        exit(2);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap)
            names = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *names);
        size_t k = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(k);
        snprintf(names[n], k, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        run_path(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    const char *oom = getenv("POLRUN_FUZZ_OOM");
    sweep = oom && strcmp(oom, "sweep") == 0;
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++)
        run_path(argv[i]);
    if (count == 0) {
        printf("0 inputs: nothing was replayed\n");
        return 1;
    }
    if (sweep)
        printf("%ld inputs, %ld runs out of memory\n", count, oom_runs);
    else
        printf("%ld inputs\n", count);
    return 0;
}
