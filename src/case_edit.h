/*
 * case_edit.h — the expectation of a case, compared and rewritten
 * (docs/cases.md): an entitlement the case records is compared by the
 * members it gives, and `polrun test --update` rewrites the values the
 * case records where they stand, keeping its layout.
 */
#ifndef POL_CASE_EDIT_H
#define POL_CASE_EDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether the decision's member `key` (got, may be NULL) is what the case
 * expects (want): equal, except in `entitlements`, where each object the
 * case gives is compared by the members it gives (the list's length and
 * order still count). */
bool pol_case_member_matches(const char *key, json_t *want, json_t *got);

/* What the decision's member shows beside the expectation in a failure's
 * diff: got itself, or in `entitlements` each object cut to the members
 * the case gives (those past the case's list whole). A new reference;
 * NULL when got is NULL. */
json_t *pol_case_member_shown(const char *key, json_t *want, json_t *got);

/* The expectation text expect[0..len) (the JSON after `expect:`) with the
 * values it records replaced by those of actual[0..actual_len) (the
 * decision, or the error object, as JSON text; in expect, a line that
 * starts with `#` is a comment, as in a case file), where they stand: a
 * member the case records and the decision no longer has is removed, an
 * entitlement the decision gains is added in the style of those recorded
 * (their members, on one line or over several), one it loses is removed;
 * everything else — spacing, line breaks, member order, members the case
 * leaves out — stays as written. Returns the new text (GC heap, *out_len
 * its length), or NULL when either text is not JSON as this reads it (the
 * caller then writes the expectation whole). */
char *pol_case_update_expect(const char *expect, size_t len, const char *actual, size_t actual_len, size_t *out_len);

#endif
