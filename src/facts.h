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
#include "diag.h"
#include "types.h"
#include "value.h"

/* Limits on one facts record. */
#define POL_FACTS_MAX_DEPTH 64          /* nesting of arrays and objects */
#define POL_FACTS_MAX_BYTES (16u << 20) /* one record's JSON text */
#define POL_FACTS_MAX_STRING (1u << 20) /* one string value, in bytes */
#define POL_FACTS_MAX_LIST 100000       /* members of one list */

/* How to decode. */
typedef struct PolFactsOptions {
    PolLang lang;           /* of the error message */
    PolArena *arena;        /* where the values go (the caller resets it); NULL: the collected heap */
    int id_member;          /* the member of the schema that names the applicant (`identified by`), -1 none */
} PolFactsOptions;

/*
 * Decodes json[0..len) as an object of the record type `schema` (o NULL:
 * English, the collected heap).
 * On success returns true and sets *out to a POL_V_RECORD whose members are
 * in schema order: absent optional members are POL_V_ABSENT, absent
 * optional lists are empty lists. On failure returns false and fills *err
 * (may be NULL): the code (E09xx; POL_NO_CODE when memory ran out), the
 * JSON path, its line and column, the message (at most 512 bytes, as the
 * path). Also used for the id of a bad batch line: *id_out (may be NULL)
 * receives the value of the id member (o->id_member, a text) when it
 * could be read, even from facts refused for something else, else NULL;
 * never anything without an id member.
 */
bool pol_facts_decode(const PolRecord *schema, const char *json, size_t len, const PolFactsOptions *o,
                      PolValue *out, PolDiag *err, const PolText **id_out);

/* The error pol_facts_decode gives facts of len bytes, over the limit, for
 * a reader that stops before it has read them whole (path "$"). */
PolDiag pol_facts_too_large(size_t len, PolLang lang);

#endif
