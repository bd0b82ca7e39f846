/*
 * csv.h — reading CSV (RFC 4180) for `polrun batch --input csv`.
 *
 * Input: a header row names the facts members, one column each; a dotted
 * name (`digital.procurement_total`) is a member of a nested record. Each
 * row is turned into the facts JSON of one applicant and decoded by the
 * ordinary facts decoder, so a CSV applicant is checked exactly as an NDJSON
 * one and its errors carry the same JSON paths (which name the column).
 * How a cell is written into that JSON follows the type the policy's facts
 * schema gives its column, never a list of known names:
 *   - an empty cell is an absent member (a nested record whose cells are all
 *     empty is absent); for a `T or null` member of a present record, null;
 *   - bool: true / false (also TRUE / FALSE and True / False, as spreadsheets
 *     write them); integer: the digits as a JSON number;
 *   - a list or record column: the cell holds that value as JSON;
 *   - anything else (text, enum words, dates, money, decimals): a JSON string,
 *     which the decoder reads by the member's type;
 *   - any cell that does not fit its column's form is passed on as a string,
 *     so the decoder reports it with the column's path and what was expected.
 * Output rows are written by decision.c (pol_decision_csv_row).
 */
#ifndef POL_CSV_H
#define POL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"
#include "text.h"
#include "types.h"

typedef struct PolCsvPlan PolCsvPlan;

/* Columns of a header; a header with more answers every row with an error. */
#define POL_CSV_MAX_COLUMNS 10000

/* Where a record ends. A quote opens a quoted cell only at the start of a
 * cell; anywhere else it is a byte of its cell (which makes the row
 * malformed, see pol_csv_row_json), so a stray quote cannot hide the line
 * ends after it. A quoted cell that holds a line end and then turns out
 * malformed (text after its closing quote, or still open at the end of
 * the input) ends the record at its first line end instead: that line is
 * answered with an error and the lines after it are rows again. Nothing
 * else ever ends a record inside quotes. */
typedef struct PolCsvScan {
    size_t scanned;           /* where the previous call stopped */
    size_t line_end;          /* just past the first line end inside quotes, 0 none */
    int state;                /* of the cell at `scanned` */
} PolCsvScan;

/* Returns the offset just past the line end that closes the record
 * starting at p, or 0 when [p, p+n) holds no complete record. at_end: no
 * more input will follow p+n. *scan is all zero at a record's start and
 * carries the scan over calls on a growing record (p the same, n larger),
 * so that a record is scanned only once; it is zero again after a record
 * was found. */
size_t pol_csv_record_end(const char *p, size_t n, bool at_end, PolCsvScan *scan);

/* The first line end inside the quotes of the record scanned so far (0
 * none): where a record ends when it cannot be held whole. */
size_t pol_csv_first_line_end(const PolCsvScan *scan);

/* Where the header ends: just past the first line end of the input (0
 * none in [p, p+n) yet). The header is the first line, whatever its
 * quotes: a column name holds no line end, so a quote the header leaves
 * open is refused at its line end (pol_csv_plan) instead of taking the
 * rows after it. */
size_t pol_csv_header_end(const char *p, size_t n);

/* Reads the header record (without its line end); id_member is the facts
 * member that identifies an applicant (-1 none), read from malformed rows
 * for their error line; the errors of rows are in lang. Never NULL: a
 * header that cannot be used gives a plan whose every row is answered with
 * *err (check err->message, NULL when the header is good). Columns that
 * name no facts member are listed in *unknown (comma separated, may be
 * empty) for a warning. */
PolCsvPlan *pol_csv_plan(const PolRecord *schema, int id_member, const char *rec, size_t len, PolLang lang,
                         PolDiag *err, const char **unknown);

/* Per-thread scratch for pol_csv_row_json. */
typedef struct PolCsvScratch {
    char *cells;            /* unescaped cell contents */
    size_t cap;
    size_t *offs;           /* cell i is cells[offs[2i] .. offs[2i+1]) */
    int ncap;
    int nsplit;             /* cells read whole from the last row */
    bool *present;          /* per plan node */
    int npresent;
} PolCsvScratch;

/* Turns one data row (without its line end) into facts JSON, appended to
 * json. False when the row is not well-formed CSV or has the wrong number
 * of cells: *err says why (a path and a message, no code), and *id (may be
 * NULL) receives the id cell when it could be read (in scratch,
 * NUL-terminated). */
bool pol_csv_row_json(const PolCsvPlan *plan, const char *rec, size_t len, PolCsvScratch *s, PolBuf *json,
                      PolDiag *err, const char **id);

#endif
