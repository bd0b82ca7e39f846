/*
 * value.c — constructors for runtime values.
 */
#include <gc.h>
#include <string.h>
#include "value.h"

PolValue pol_absent(void) { PolValue v; memset(&v, 0, sizeof v); v.tag = POL_V_ABSENT; return v; }
PolValue pol_bool(bool b) { PolValue v = pol_absent(); v.tag = POL_V_BOOL; v.as.b = b; return v; }
PolValue pol_int(int64_t i) { PolValue v = pol_absent(); v.tag = POL_V_INT; v.as.i = i; return v; }
PolValue pol_money(int64_t fen) { PolValue v = pol_absent(); v.tag = POL_V_MONEY; v.as.fen = fen; return v; }
PolValue pol_date(int32_t days) { PolValue v = pol_absent(); v.tag = POL_V_DATE; v.as.date = days; return v; }
PolValue pol_enum_value(int32_t index) { PolValue v = pol_absent(); v.tag = POL_V_ENUM; v.as.enum_index = index; return v; }

PolText *pol_text_new(const char *bytes, uint32_t len)
{
    PolText *t = GC_MALLOC_ATOMIC(sizeof *t + (size_t)len + 1);
    t->len = len;
    memcpy(t->bytes, bytes, len);
    t->bytes[len] = '\0';
    return t;
}

PolRecordValue *pol_record_new(int32_t count)
{
    /* GC_MALLOC zeroes memory, and a zeroed PolValue is ABSENT. */
    PolRecordValue *r = GC_MALLOC(sizeof *r + (size_t)count * sizeof(PolValue));
    r->count = count;
    return r;
}

PolListValue *pol_list_new(int32_t count)
{
    PolListValue *l = GC_MALLOC(sizeof *l + (size_t)count * sizeof(PolValue));
    l->count = count;
    return l;
}
