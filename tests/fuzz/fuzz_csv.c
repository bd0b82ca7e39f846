/*
 * fuzz_csv.c — harness 6: CSV rows, read by src/csv.c and by the reference
 * reader of the harnesses (fuzz_common.c), which must agree.
 *
 * The first byte chooses the number of columns (1 to 8, named c1, c2, ...,
 * which the facts of the Changsha policy do not declare, so that every
 * cell is passed on as a JSON string); the rest is the rows after the
 * header. With bit 3 of the first byte, the rest starts with a header of
 * its own: it must end at its first line end (pol_csv_header_end and the
 * reference agree), and a header the reference finds malformed must be
 * refused by pol_csv_plan, a quote it leaves open with the header's own
 * message; the rows after it are read as before. The rows are cut where pol_csv_record_end says, as batch cuts
 * them, and each is turned into facts JSON by pol_csv_row_json.
 * Properties: the records end where the reference says; a row is read
 * exactly when the reference finds it well-formed with as many cells as
 * columns; then its JSON holds each non-empty cell, byte for byte, under
 * its column's name and nothing else; a malformed row has a message.
 */
#include <gc.h>
#include <jansson.h>
#include <string.h>
#include "csv.h"
#include "fuzz.h"

#define MAX_COLUMNS 8

static const PolProgram *prog;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_init((*argv)[0]);
    prog = fuzz_policy_from_file("policies/changsha-srdi-2025.pol");
    fuzz_init_done();
    return 0;
}

/* The row [p, p+n) (without its line end) read both ways. */
static void check_row(const PolCsvPlan *plan, int ncolumns, PolCsvScratch *s, const char *p, size_t n, long row)
{
    const char *cells[MAX_COLUMNS + 1];
    size_t lens[MAX_COLUMNS + 1];
    int want = fuzz_csv_cells(p, n, cells, lens, ncolumns + 1);
    PolBuf json = {0};
    pol_buf_put(&json, "", 0);
    PolDiag err;
    const char *id;
    bool read = pol_csv_row_json(plan, p, n, s, &json, &err, &id);
    FUZZ_CHECK(read == (want == ncolumns), "row %ld: csv.c %s it, the reference found %d cells of %d", row,
               read ? "read" : "refused", want, ncolumns);
    if (!read) {
        FUZZ_CHECK(err.message && err.message[0], "row %ld refused without a message", row);
        return;
    }
    json_error_t je;
    json_t *obj = json_loadb(json.data, json.len, JSON_ALLOW_NUL, &je);
    if (!obj) {
        /* only bytes that are not UTF-8 may keep jansson from reading it */
        bool utf8 = true;
        for (int c = 0; c < ncolumns; c++)
            utf8 = utf8 && pol_utf8_valid(cells[c], lens[c]);
        FUZZ_CHECK(!utf8, "row %ld: not JSON: %s", row, je.text);
        return;
    }
    FUZZ_CHECK(json_is_object(obj), "row %ld: not an object", row);
    size_t present = 0;
    for (int c = 0; c < ncolumns; c++) {
        char key[16];
        snprintf(key, sizeof key, "c%d", c + 1);
        json_t *v = json_object_get(obj, key);
        if (lens[c] == 0) {
            FUZZ_CHECK(!v, "row %ld: the empty cell %d is present", row, c + 1);
            continue;
        }
        present++;
        FUZZ_CHECK(json_is_string(v) && json_string_length(v) == lens[c] &&
                       memcmp(json_string_value(v), cells[c], lens[c]) == 0,
                   "row %ld: cell %d differs from the reference", row, c + 1);
    }
    FUZZ_CHECK(json_object_size(obj) == present, "row %ld: %zu members for %zu cells", row, json_object_size(obj),
               present);
    json_decref(obj);
}

/* A header of its own at the start of [in, in+n): the bytes it takes. */
static size_t check_header(const char *in, size_t n)
{
    size_t e = pol_csv_header_end(in, n);
    size_t ref = 0;
    while (ref < n && in[ref] != '\n')
        ref++;
    ref = ref < n ? ref + 1 : 0;
    FUZZ_CHECK(e == ref, "the header ends after %zu bytes, the reference says %zu", e, ref);
    size_t len = e ? e - 1 : n;
    if (len && in[len - 1] == '\r')
        len--;
    const char **cells = GC_MALLOC((len + 1) * sizeof *cells);
    size_t *lens = GC_MALLOC((len + 1) * sizeof *lens);
    int ncells = fuzz_csv_cells(in, len, cells, lens, (int)len + 1);
    PolDiag herr;
    const char *unknown;
    pol_csv_plan(prog->facts, prog->id_member, in, len, POL_LANG_EN, &herr, &unknown);
    FUZZ_CHECK(ncells >= 0 || herr.message, "a header the reference finds malformed was accepted: %.*s",
               (int)(len > 200 ? 200 : len), in);
    /* a quote opened at a cell's start and still open at the line's end,
     * the header's first fault */
    enum { START, PLAIN, QUOTED, CLOSED, FAULT } st = START;
    for (size_t i = 0; i < len && st != FAULT; i++) {
        char c = in[i];
        if (st == QUOTED) {
            if (c == '"' && i + 1 < len && in[i + 1] == '"')
                i++;
            else if (c == '"')
                st = CLOSED;
        } else if (c == ',') {
            st = START;
        } else if (st == CLOSED || (st == PLAIN && c == '"')) {
            st = FAULT;
        } else {
            st = st == START && c == '"' ? QUOTED : PLAIN;
        }
    }
    FUZZ_CHECK(st != QUOTED || (herr.message && strstr(herr.message, "not closed on the header's line")),
               "a header's open quote refused with another message: %s", herr.message ? herr.message : "none");
    return e ? e : n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    fuzz_begin();
    int ncolumns = data[0] % MAX_COLUMNS + 1;
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    if (data[0] & 8) {
        size_t h = check_header(in, n);
        in += h;
        n -= h;
    }
    PolBuf header = {0};
    for (int c = 0; c < ncolumns; c++)
        pol_buf_printf(&header, c ? ",c%d" : "c%d", c + 1);
    PolDiag herr;
    const char *unknown;
    const PolCsvPlan *plan = pol_csv_plan(prog->facts, -1, header.data, header.len, POL_LANG_EN, &herr, &unknown);
    FUZZ_CHECK(!herr.message, "the header was refused: %s", herr.message);
    PolCsvScratch s = {0};
    FUZZ_OOM_OR_RETURN(data, size, (void)0);
    long row = 2;
    for (size_t at = 0; at < n; row++) {
        PolCsvScan scan = {0};
        size_t e = pol_csv_record_end(in + at, n - at, true, &scan);
        size_t ref = fuzz_csv_record(in + at, n - at);
        FUZZ_CHECK((e ? e : n - at) == ref, "row %ld at byte %zu: csv.c ends it after %zu bytes, the reference after %zu",
                   row, at, e ? e : n - at, ref);
        size_t len = ref;
        if (len && in[at + len - 1] == '\n')
            len--;
        if (len && in[at + len - 1] == '\r')
            len--;
        check_row(plan, ncolumns, &s, in + at, len, row);
        at += ref;
    }
    fuzz_end();
    return 0;
}
