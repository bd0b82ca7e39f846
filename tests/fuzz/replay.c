/*
 * replay.c — runs a harness of tests/fuzz without libFuzzer: every file
 * named, and every file in every folder named, once, in name order.
 *   build/fuzz/replay-<harness> FILE|DIR...
 * A crash or a violated property aborts (exit status ≠ 0); otherwise it
 * prints "<n> inputs" and exits 0. Replaying nothing is a failure (exit
 * 1): a seed folder that vanished must not pass as a clean replay. Used by
 * tests/fuzz/regress.sh.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static long count;

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
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++)
        run_path(argv[i]);
    if (count == 0) {
        printf("0 inputs: nothing was replayed\n");
        return 1;
    }
    printf("%ld inputs\n", count);
    return 0;
}
