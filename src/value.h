/*
 * value.h — runtime values of the VM and of decoded facts.
 *
 * A PolValue is a small tagged union passed by value. Records, lists and
 * texts live on the Boehm GC heap and are immutable once built.
 */
#ifndef POL_VALUE_H
#define POL_VALUE_H

#include <stdbool.h>
#include <stdint.h>
#include "num.h"

typedef enum PolValueTag {
    POL_V_ABSENT,   /* an absent optional value */
    POL_V_BOOL,
    POL_V_INT,
    POL_V_DEC,
    POL_V_MONEY,
    POL_V_UMONEY,
    POL_V_DATE,
    POL_V_DUR,
    POL_V_TEXT,
    POL_V_ENUM,
    POL_V_RECORD,
    POL_V_LIST,
    POL_V_EMPTY     /* internal to the VM: "no rule applies" while joining rules */
} PolValueTag;

typedef struct PolText { uint32_t len; char bytes[]; } PolText;  /* UTF-8, NUL-terminated */
typedef struct PolRecordValue PolRecordValue;
typedef struct PolListValue PolListValue;

typedef struct PolValue {
    PolValueTag tag;
    union {
        bool b;
        int64_t i;          /* INT */
        int64_t fen;        /* MONEY */
        PolDec dec;
        PolUMoney umoney;
        int32_t date;
        PolDuration dur;
        const PolText *text;
        int32_t enum_index;
        const PolRecordValue *record;
        const PolListValue *list;
    } as;
} PolValue;

struct PolRecordValue { int32_t count; PolValue members[]; };
struct PolListValue { int32_t count; PolValue items[]; };

PolValue pol_absent(void);
PolValue pol_bool(bool b);
PolValue pol_int(int64_t i);
PolValue pol_money(int64_t fen);
PolValue pol_date(int32_t days);
PolValue pol_enum_value(int32_t index);
PolText *pol_text_new(const char *bytes, uint32_t len);             /* GC heap */
PolRecordValue *pol_record_new(int32_t count);                      /* members ABSENT */
PolListValue *pol_list_new(int32_t count);

#endif
