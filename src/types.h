/*
 * types.h — the types of the language and the schema of the facts.
 *
 * A PolType is immutable once built and shared freely. Enums and records
 * are declared in policy source; the facts schema is the record declared by
 * the `facts` block. Who knows the facts layout (a record value per
 * object, members in schema order): facts.c (the decoder), check.c (member
 * resolution), vm.c (reads members by index), decision.c (the paths of the
 * values read) and csv.c (columns to members).
 */
#ifndef POL_TYPES_H
#define POL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "span.h"

struct PolNameTable;

typedef enum PolTypeKind {
    POL_T_ERROR,     /* a type error was already reported: accept anything */
    POL_T_BOOL,
    POL_T_INT,
    POL_T_DEC,       /* exact decimal: rates, percentages */
    POL_T_MONEY,     /* CNY, in fen */
    POL_T_UMONEY,    /* money not yet rounded (money × rate); must be rounded */
    POL_T_DATE,
    POL_T_DUR,
    POL_T_TEXT,
    POL_T_ENUM,
    POL_T_RECORD,
    POL_T_LIST,      /* list of `inner` */
    POL_T_OPT        /* `inner` or absent */
} PolTypeKind;

typedef struct PolEnum PolEnum;
typedef struct PolRecord PolRecord;

typedef struct PolType {
    PolTypeKind kind;
    const struct PolType *inner;   /* LIST, OPT */
    const PolEnum *enumeration;    /* ENUM */
    const PolRecord *record;       /* RECORD */
} PolType;

struct PolEnum {
    const char *name;
    int count;
    const char **values;           /* spelled as in source and in JSON */
    PolSpan span;
    const struct PolNameTable *index;   /* values by name (pol_enum_index); NULL: looked through */
    const struct PolNameKeys *keys;     /* for the facts decoder (pol_enum_index); NULL: none */
};

/* How a member of a facts record may appear in JSON. */
typedef enum PolPresence {
    POL_PRESENCE_REQUIRED,     /* key required, value not null */
    POL_PRESENCE_NULLABLE,     /* `T or null`: key required, value may be null */
    POL_PRESENCE_OPTIONAL,     /* `optional T`: key may be absent; null means absent */
    POL_PRESENCE_REQUIRED_WHEN /* `T, required when m = v` (or `m is one of {...}`):
                                  optional unless sibling m has one of the values */
} PolPresence;

typedef struct PolMember {
    const char *name;
    const PolType *type;       /* the declared type, without the optional wrapper */
    const PolType *value_type; /* the type expressions see: OPT(type) unless required;
                                  an optional list is a plain (possibly empty) list */
    PolPresence presence;
    int when_member;           /* REQUIRED_WHEN: index of the sibling enum member */
    int nwhen;                 /* ... and the indices of the values that make it required, */
    const int *when_values;    /*     ascending, without repeats */
    bool absent_otherwise;     /* REQUIRED_WHEN: absent (or null) unless required */
    /* Bounds: of an integer (`at least N`, `at most N`, `N to M`), or of the
     * number of items of a list (`... items`). An integer bounded `N to M`
     * is written as digits, without a sign (no_sign: so `-0` is refused). */
    bool has_min, has_max;
    int64_t min, max;
    bool no_sign;
    PolSpan span;
} PolMember;

/* Whether member m of a record value is required, the enum value of its
 * sibling (when_member) being `value` (-1: absent). */
bool pol_member_required_by(const PolMember *m, int value);

/* Names as the facts decoder compares them with the strings of JSON (the
 * members of a record, the values of an enum), made once when they are all
 * there (pol_record_index, pol_enum_index) for at most 64 names: each name
 * as whole words, and a perfect hash of the names (no two in one slot,
 * pol_key_hash), so that a key is found with one compare whatever its
 * place. */
typedef struct PolNameKeys {
    const uint32_t *len;          /* of each name */
    const uint64_t *const *words; /* each name and a quote '"' in 8-byte words, padded with
                                     zeros to whole blocks of 16 bytes */
    const int8_t *slot;           /* pol_key_hash -> name, -1 none; NULL: no perfect hash found */
    uint64_t mult;                /* ... its multiplier */
    int shift;                    /* ... and 64 minus the bits of a slot */
} PolNameKeys;

/* A record's member names, and the presence of its members as bit masks,
 * so that the keys a record needs are checked with one test. */
typedef struct PolRecordKeys {
    PolNameKeys names;
    uint64_t required;            /* members whose key must be there (REQUIRED, NULLABLE) */
    uint64_t checked;             /* members the presence check must look at when every
                                     required key is there: REQUIRED_WHEN, lists with a lower bound */
    uint64_t lists;               /* members that are lists (a list not given is empty) */
} PolRecordKeys;

/* The slot of the key k[0..n) in a perfect hash of multiplier mult: from
 * its length and its first and last eight bytes (fewer when shorter), all
 * read inside the key. */
static inline uint64_t pol_key_hash(const unsigned char *k, size_t n, uint64_t mult, int shift)
{
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        memcpy(&a, k, 8);
        memcpy(&b, k + n - 8, 8);
    } else if (n >= 4) {
        uint32_t x, y;
        memcpy(&x, k, 4);
        memcpy(&y, k + n - 4, 4);
        a = x;
        b = y;
    } else if (n > 0) {
        a = (uint64_t)k[0] | (uint64_t)k[n / 2] << 8 | (uint64_t)k[n - 1] << 16;
    }
    uint64_t h = (a * UINT64_C(0x9E3779B97F4A7C15)) ^ (b * UINT64_C(0xC2B2AE3D27D4EB4F)) ^ n;
    return (h * mult) >> shift;
}

struct PolRecord {
    const char *name;
    int count;
    PolMember *members;
    PolSpan span;
    const struct PolNameTable *index;   /* members by name (pol_record_index); NULL: looked through */
    const PolRecordKeys *keys;          /* for the facts decoder (pol_record_index); NULL: none */
};

extern const PolType pol_type_error, pol_type_bool, pol_type_int, pol_type_dec,
    pol_type_money, pol_type_umoney, pol_type_date, pol_type_dur, pol_type_text;

const PolType *pol_type_enum(const PolEnum *e);
const PolType *pol_type_record(const PolRecord *r);
const PolType *pol_type_list(const PolType *elem);
const PolType *pol_type_opt(const PolType *inner);  /* OPT(OPT(t)) is OPT(t) */
bool pol_type_equal(const PolType *a, const PolType *b);
/* A drafter's name for the type: "money", "optional date", "list of Standard". */
const char *pol_type_name(const PolType *t);
/* Index of the member or value called name, -1 when none (the first,
 * should two have the name). */
int pol_record_find(const PolRecord *r, const char *name);
int pol_enum_find(const PolEnum *e, const char *name);
/* The same for a name of len bytes, not ended by NUL (a key of JSON). */
int pol_record_find_n(const PolRecord *r, const char *name, size_t len);
int pol_enum_find_n(const PolEnum *e, const char *name, size_t len);
/* Once a record's members (an enum's values) are all there: indexes them
 * by name (hash.h) when there are enough of them that looking through them
 * would cost more, so that finding one costs the same however many there
 * are. A policy may declare a hundred thousand. A record of at most 64
 * members also gets its PolRecordKeys (its members' types, presence and
 * bounds must be set by then). */
void pol_record_index(PolRecord *r);
void pol_enum_index(PolEnum *e);

#endif
