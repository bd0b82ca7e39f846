/*
 * facts.h — decoding one applicant's facts (a JSON object) straight into
 * typed values, validated against the facts schema of the policy.
 *
 * The decoder is the project's own: jansson turns numbers into doubles, and
 * money must be read exactly from its digits ("123456.78", a third decimal
 * refused). It is schema-directed: every member is checked and converted
 * while it is read, and the first error stops decoding with the JSON path of
 * the offending value.
 */
#ifndef POL_FACTS_H
#define POL_FACTS_H

#include <stddef.h>
#include "arena.h"
#include "diagnostics.h"
#include "types.h"
#include "value.h"

/* Limits on one facts record. */
#define POL_FACTS_MAX_DEPTH 64          /* nesting of arrays and objects */
#define POL_FACTS_MAX_BYTES (16u << 20) /* one record's JSON text */
#define POL_FACTS_MAX_STRING (1u << 20) /* one string value, in bytes */
#define POL_FACTS_MAX_LIST 100000       /* members of one list */

typedef struct PolFactsError {
    char path[512];     /* "$.digital.procurement_total", "$.standards[2].level", "$" */
    char message[512];  /* "expected money (yuan, at most two decimals), got 12.345", in
                         * the language of pol_diags.lang */
    PolDiagCode code;   /* E09xx: the message's code in src/diagnostics.h */
    long line, column;  /* position in the JSON text, 1-based */
} PolFactsError;

/*
 * Decodes json[0..len) as an object of the record type `schema`.
 * On success returns true and sets *out to a POL_V_RECORD whose members are
 * in schema order: absent optional members are POL_V_ABSENT, absent
 * optional lists are empty lists. On failure returns false and fills *err.
 * Also used for the id of a bad batch line: *id_out (may be NULL) receives
 * the top-level "id" string when it could be read, else NULL.
 */
bool pol_facts_decode(const PolRecord *schema, const char *json, size_t len,
                      PolValue *out, PolFactsError *err, const PolText **id_out);

/* While an arena is set for the calling thread, pol_facts_decode allocates
 * the values it decodes (and the id it reports) there instead of on the
 * collected heap. NULL sets the heap again. */
void pol_facts_set_arena(PolArena *a);

/* The error pol_facts_decode gives facts of len bytes, over the limit, for
 * a reader that stops before it has read them whole (path "$"). */
void pol_facts_too_large(size_t len, PolFactsError *err);

#endif
