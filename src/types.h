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

struct PolRecord {
    const char *name;
    int count;
    PolMember *members;
    PolSpan span;
    const struct PolNameTable *index;   /* members by name (pol_record_index); NULL: looked through */
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
 * are. A policy may declare a hundred thousand. */
void pol_record_index(PolRecord *r);
void pol_enum_index(PolEnum *e);

#endif
