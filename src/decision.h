/*
 * decision.h — writing a decision (and its explanation) from a finished
 * evaluation: as JSON, as a CSV row, or as text; and the answer for an
 * applicant that could not be decided, in JSON and in CSV.
 *
 * The JSON member order is part of the contract: id, policy, the
 * evaluation date (named as the `as of` member, else as_of),
 * in_force, entitlements, total, digest (the program's, polc.h), then
 * explanation. Money is a string with exactly two decimals. A CSV row has
 * the columns of pol_decision_csv_header. The total is computed here once,
 * for both.
 */
#ifndef POL_DECISION_H
#define POL_DECISION_H

#include <stdbool.h>
#include "bytecode.h"
#include "message.h"
#include "text.h"
#include "vm.h"

typedef enum PolExplain { POL_EXPLAIN_NONE, POL_EXPLAIN_JSON, POL_EXPLAIN_TEXT } PolExplain;

/* How a decision is written: JSON indented over several lines (run), JSON
 * on one line (batch), or a CSV row (batch --output csv). */
typedef enum PolDecisionFormat { POL_DECISION_PRETTY, POL_DECISION_LINE, POL_DECISION_CSV } PolDecisionFormat;

/* What every decision of a program writes whatever the applicant (each
 * entitlement's fixed members, in both JSON layouts): most of a decision's
 * bytes, so they are made once per program, by the first call, and kept
 * in it (every decider of a batch's jobs, of the server's requests and of
 * `polrun test` shares them). Read-only once made: threads share it. */
typedef struct PolDecisionLayout PolDecisionLayout;
const PolDecisionLayout *pol_decision_layout(const PolProgram *p);

/* Appends the decision of ev (after a successful pol_eval_run) as JSON,
 * pretty or on one line, with the explanation when explain (ev traced). */
void pol_decision_json(PolBuf *out, const PolEval *ev, const PolDecisionLayout *layout, bool pretty, bool explain);
/* Appends a readable explanation tree (--explain=text; ev traced), in the
 * words of lang. */
void pol_decision_explain_text(PolBuf *out, const PolEval *ev, PolLang lang);
/* Appends {"line": N, "id": ..., "error": {"path": ..., "message": ...}}
 * on one line: the answer of batch for an applicant not decided. id may
 * be NULL. */
void pol_decision_error_json(PolBuf *out, long line, const char *id, const char *path, const char *message);

/* id,<the evaluation date: as_of or the `as of` member>,in_force,<one column per measure>,total,digest,error — with CRLF. */
/* What a granted measure came to: its amount, or for a per-item measure
 * the sum of the amounts of its granted items; *has_amount false when it
 * was granted without one. False when the sum does not fit in fen. The
 * value of a measure in a CSV row and in polrun diff. */
bool pol_decision_measure_amount(const PolMeasureResult *r, int64_t *amount, bool *has_amount);

void pol_decision_csv_header(PolBuf *out, const PolProgram *p);
/* s[0..n) as one CSV cell: quoted when it holds a comma, a quote or a line end. */
void pol_decision_csv_cell(PolBuf *out, const char *s, size_t n);
/* The same for text that may hold what an applicant wrote (an id, a
 * message): one that a spreadsheet would take for a formula (it begins
 * with = + - @, a tab or a CR, after any apostrophes) is quoted and
 * written after one more apostrophe. */
void pol_decision_csv_text(PolBuf *out, const char *s, size_t n);
/* The row of a decided applicant (ev after a successful evaluation). */
void pol_decision_csv_row(PolBuf *out, const PolEval *ev);
/* The row of an applicant that could not be decided, its error cell in
 * lang. id may be NULL. */
void pol_decision_csv_error(PolBuf *out, const PolProgram *p, long line, const char *id, const char *path,
                            const char *message, PolLang lang);

#endif
