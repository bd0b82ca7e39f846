/*
 * test_polc.c — compiled policy files (.polc): the reader's refusals, each
 * asserted with its code and message, and what survives writing and
 * reading back. A program is compiled from a policy, changed in memory
 * where the writer would put a value no compiler makes, then written
 * (pol_polc_encode writes whatever it is given) and read.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "polc.h"
#include "source.h"
#include "support.h"

TestSuite(polc, .init = pol_test_capture_diagnostics);

#define SMALL \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "enum Kind { a, b }\n" \
    "record Item {\n  n: integer\n  kind: Kind\n}\n" \
    "facts {\n" \
    "  n: integer\n" \
    "  items: list of Item\n" \
    "}\n" \
    "define d: integer\n" \
    "  rule one when n > 1: 1\n" \
    "  default 0\n" \
    "measure m\n" \
    "  article \"1\"\n" \
    "  responsible \"Office\"\n" \
    "  when n > 1\n" \
    "  amount in kind\n"

/* Two or more of everything the file has a list of (but sources). */
#define RICH \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "enum Kind { a, b, c }\n" \
    "enum Size { small, large }\n" \
    "record Item {\n  n: integer\n  amt: money\n}\n" \
    "facts {\n" \
    "  kind: Kind\n" \
    "  n: integer, 0 to 9\n" \
    "  size: integer, required when kind is one of {a, c}\n" \
    "  rev: money\n" \
    "  items: list of Item\n" \
    "}\n" \
    "parameter rate: decimal\n" \
    "  from 2025-01-01: 30% source \"N1\"\n" \
    "  from 2026-01-01: 40% source \"N2\"\n" \
    "parameter cap2 = 100 元\n" \
    "scale s1\n" \
    "  up to 100 元: 5%, deduction 0 元\n" \
    "  above: 10%, deduction 5 元\n" \
    "scale s2\n" \
    "  up to 100 元: 5%\n" \
    "  above: 10%\n" \
    "define t: money = (s1(rev) + s2(rev)) rounded down to fen\n" \
    "define r: integer\n" \
    "  rule one when n > 1: 1\n" \
    "  rule two when n > 2: 2\n" \
    "  default 0\n" \
    "measure m\n" \
    "  article \"1\"\n" \
    "  responsible \"A\", \"B\"\n" \
    "  when n > 1\n" \
    "  when r > 0\n" \
    "  amount capped rate of rev rounded down to fen\n" \
    "    at most 100 元\n" \
    "    at most cap2\n"

/* The file's checksum: FNV-1a of the payload (the format, docs/design.md). */
static uint32_t fnv1a(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

static void put_u32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* A file of the same header as bytes (magic, version) with payload[0..n):
 * its length and checksum made right. */
static uint8_t *with_payload(const uint8_t *bytes, const uint8_t *payload, size_t n, size_t *size)
{
    uint8_t *b = GC_MALLOC_ATOMIC(n + 14);
    memcpy(b, bytes, 6);
    put_u32(b + 6, (uint32_t)n);
    put_u32(b + 10, fnv1a(payload, n));
    memcpy(b + 14, payload, n);
    *size = n + 14;
    return b;
}

/* Reading size bytes: the program, or NULL after exactly one error, whose
 * code *code and message *msg are set. */
static PolProgram *read_back(const uint8_t *bytes, size_t size, PolDiagCode *code, const char **msg)
{
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    PolProgram *q = pol_polc_read_bytes(bytes, size, "t.polc", &ds);
    if (q) {
        cr_assert_eq(ds.errors, 0);
        return q;
    }
    cr_assert_eq(ds.errors, 1, "%d errors", ds.errors);
    *code = ds.items[0]->code;
    *msg = ds.items[0]->message;
    return NULL;
}

/* p written, then read: refused with code and exactly msg. */
static void refused(const PolProgram *p, PolDiagCode want, const char *want_msg)
{
    size_t len = 0;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    PolDiagCode code = POL_NO_CODE;
    const char *msg = NULL;
    cr_assert_null(read_back(bytes, len, &code, &msg), "accepted; wanted: %s", want_msg);
    cr_assert_eq(code, want, "%s", msg);
    cr_assert_str_eq(msg, want_msg);
}

/* ... refused as malformed (E1006), at whatever byte. */
static void malformed(const PolProgram *p)
{
    size_t len = 0;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    PolDiagCode code = POL_NO_CODE;
    const char *msg = NULL;
    cr_assert_null(read_back(bytes, len, &code, &msg), "accepted");
    cr_assert_eq(code, POL_E1006_malformed, "%s", msg);
    cr_assert(strncmp(msg, "t.polc is malformed (at byte ", 29) == 0, "%s", msg);
}

static PolProgram *round_trip(const PolProgram *p)
{
    size_t len = 0;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    PolDiagCode code = POL_NO_CODE;
    const char *msg = NULL;
    PolProgram *q = read_back(bytes, len, &code, &msg);
    cr_assert_not_null(q, "refused: %s", msg);
    return q;
}

/* -------------------------------------------------------------- header */

Test(polc, header_refusals)
{
    PolProgram *p = pol_test_compile(SMALL);
    size_t len = 0;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    uint8_t *b = GC_MALLOC_ATOMIC(len + 4);
    PolDiagCode code;
    const char *msg;

    cr_assert_null(read_back(bytes, 13, &code, &msg));
    cr_assert_eq(code, POL_E1002_not_compiled);
    cr_assert_str_eq(msg, "t.polc is not a compiled policy (no POLC magic number)");

    memcpy(b, bytes, len);
    b[0] = 'X';
    cr_assert_null(read_back(b, len, &code, &msg));
    cr_assert_eq(code, POL_E1002_not_compiled);

    memcpy(b, bytes, len);
    b[4] = 7;
    cr_assert_null(read_back(b, len, &code, &msg));
    cr_assert_eq(code, POL_E1003_other_version);
    cr_assert_str_eq(msg, "t.polc has format version 7; this polrun reads version 8: compile the policy again");

    cr_assert_null(read_back(bytes, len - 1, &code, &msg));
    cr_assert_eq(code, POL_E1004_truncated);
    cr_assert_str_eq(msg, "t.polc is truncated or has trailing bytes");

    memcpy(b, bytes, len);
    b[len - 1] ^= 1;
    cr_assert_null(read_back(b, len, &code, &msg));
    cr_assert_eq(code, POL_E1005_checksum);
    cr_assert_str_eq(msg, "t.polc is corrupted (checksum mismatch)");
}

/* SMALL's file (*bytes) and a copy of its payload to change, with a byte
 * more room; *n the payload's length. */
static uint8_t *small_payload(const uint8_t **bytes, size_t *n)
{
    size_t len = 0;
    *bytes = pol_polc_encode(pol_test_compile(SMALL), &len);
    *n = len - 14;
    uint8_t *payload = GC_MALLOC_ATOMIC(*n + 1);
    memcpy(payload, *bytes + 14, *n);
    return payload;
}

/* payload[0..n) under the header of bytes is malformed at byte `at`. */
static void malformed_at(const uint8_t *bytes, const uint8_t *payload, size_t n, size_t at)
{
    size_t size = 0;
    const uint8_t *b = with_payload(bytes, payload, n, &size);
    PolDiagCode code;
    const char *msg;
    cr_assert_null(read_back(b, size, &code, &msg));
    cr_assert_eq(code, POL_E1006_malformed);
    cr_assert_str_eq(msg, pol_strdup_printf("t.polc is malformed (at byte %zu of its payload)", at));
}

Test(polc, trailing_bytes_in_the_payload)
{
    const uint8_t *bytes;
    size_t n;
    uint8_t *payload = small_payload(&bytes, &n);
    payload[n] = 0;
    malformed_at(bytes, payload, n + 1, n);
}

/* Every payload cut short, its header made to match, is malformed: at
 * every stride-th byte after the sources' text, and at a few within it. */
static void every_cut(const PolProgram *p, size_t stride)
{
    size_t len = 0;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    const uint8_t *payload = bytes + 14;
    size_t n = len - 14;
    /* the sources come first: a count, then each one's name and text */
    size_t after = 4;
    for (uint32_t i = 0, count = get_u32(payload); i < count; i++) {
        after += 4 + get_u32(payload + after);
        after += 4 + get_u32(payload + after);
    }
    cr_assert_lt(after, n);
    for (size_t cut = 0; cut < n; cut += cut < 64 ? 1 : cut >= after ? stride : 97) {
        size_t size = 0;
        const uint8_t *b = with_payload(bytes, payload, cut, &size);
        PolDiagCode code = POL_NO_CODE;
        const char *msg = NULL;
        cr_assert_null(read_back(b, size, &code, &msg), "a payload cut at %zu of %zu is accepted", cut, n);
        cr_assert_eq(code, POL_E1006_malformed, "cut at %zu: %s", cut, msg);
    }
}

Test(polc, every_cut_is_malformed)
{
    every_cut(pol_test_compile(SMALL), 1);
    every_cut(pol_test_compile(RICH), 1);
    every_cut(pol_test_compile_file("tests/relief/relief.pol"), 7);   /* and a program of each feature, */
    every_cut(pol_test_compile_file("tests/items/skills.pol"), 3);    /* sampled */
}

/* ------------------------------------------------------------- fields */

Test(polc, member_types_the_reader_refuses)
{
    static const PolType below = {(PolTypeKind)-1, NULL, NULL, NULL}, above = {(PolTypeKind)(POL_T_OPT + 1), NULL, NULL, NULL};
    static const PolEnum stray_enum = {"Stray", 0, NULL, {0}, NULL, NULL};
    static const PolRecord stray_record = {"Stray", 0, NULL, {0}, NULL, NULL};
    const PolType *deep = &pol_type_int;
    for (int i = 0; i < 10; i++)
        deep = pol_type_list(deep);
    const PolType *bad[] = {&below, &above, deep, pol_type_enum(&stray_enum), pol_type_record(&stray_record)};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        PolProgram *p = pol_test_compile(SMALL);
        ((PolRecord *)(uintptr_t)p->facts)->members[0].type = bad[i];
        malformed(p);
    }
}

Test(polc, constants_of_every_kind_survive)
{
    PolProgram *p = pol_test_compile(SMALL);
    static const PolValueTag tags[] = {POL_V_ABSENT, POL_V_BOOL, POL_V_INT, POL_V_DEC, POL_V_MONEY,
                                       POL_V_DATE, POL_V_DUR, POL_V_TEXT, POL_V_ENUM};
    int n = (int)(sizeof tags / sizeof *tags);
    PolValue *c = GC_MALLOC((size_t)(p->nconsts + n) * sizeof *c);
    memcpy(c, p->consts, (size_t)p->nconsts * sizeof *c);
    for (int i = 0; i < n; i++) {
        PolValue v = pol_absent();
        v.tag = tags[i];
        switch (tags[i]) {
        case POL_V_BOOL: v.as.b = true; break;
        case POL_V_INT: v.as.i = -9000000000; break;
        case POL_V_DEC: v.as.dec = (PolDec){-7, 3}; break;
        case POL_V_MONEY: v.as.fen = 12345; break;
        case POL_V_DATE: v.as.date = 739000; break;
        case POL_V_DUR: v.as.dur.months = 14; v.as.dur.days = 3; break;
        case POL_V_TEXT: v.as.text = pol_text_new("文本", 6); break;
        case POL_V_ENUM: v.as.enum_index = 1; break;
        default: break;
        }
        c[p->nconsts + i] = v;
    }
    int first = p->nconsts;
    p->consts = c;
    p->nconsts += n;
    PolProgram *q = round_trip(p);
    cr_assert_eq(q->nconsts, p->nconsts);
    for (int i = first; i < q->nconsts; i++)
        cr_assert_eq(q->consts[i].tag, p->consts[i].tag);
    cr_assert_eq(q->consts[first + 1].as.b, true);
    cr_assert_eq(q->consts[first + 2].as.i, -9000000000);
    cr_assert_eq(q->consts[first + 3].as.dec.num, -7);
    cr_assert_eq(q->consts[first + 3].as.dec.den, 3);
    cr_assert_eq(q->consts[first + 4].as.fen, 12345);
    cr_assert_eq(q->consts[first + 5].as.date, 739000);
    cr_assert_eq(q->consts[first + 6].as.dur.months, 14);
    cr_assert_eq(q->consts[first + 6].as.dur.days, 3);
    cr_assert_str_eq(q->consts[first + 7].as.text->bytes, "文本");
    cr_assert_eq(q->consts[first + 8].as.enum_index, 1);
}

Test(polc, constants_the_reader_refuses)
{
    PolProgram *p = pol_test_compile(SMALL);
    PolValue v = pol_absent();
    v.tag = POL_V_DEC;
    v.as.dec = (PolDec){1, 0};
    p->consts[0] = v;
    malformed(p);
    p = pol_test_compile(SMALL);
    v.tag = (PolValueTag)99;
    p->consts[0] = v;
    malformed(p);
}

Test(polc, tables_the_reader_refuses)
{
    PolProgram *p = pol_test_compile(SMALL);
    p->scheme = (PolSchemeKind)(POL_SCHEME_SERVICE + 1);
    malformed(p);
    p = pol_test_compile(SMALL);
    p->scheme = (PolSchemeKind)-1;
    malformed(p);
    p = pol_test_compile(SMALL);
    p->defines[0].rules[0].kind = (PolRuleKind)(POL_RULE_EXCEPTION + 1);
    malformed(p);
    p = pol_test_compile(SMALL);
    p->measures[0].basis = (PolBasis)(POL_BASIS_COMPUTED + 1);
    malformed(p);
    p = pol_test_compile(SMALL);
    PolMember *m = &((PolRecord *)(uintptr_t)p->facts)->members[0];
    m->presence = (PolPresence)(POL_PRESENCE_REQUIRED_WHEN + 1);
    malformed(p);
    p = pol_test_compile(SMALL);
    m = &((PolRecord *)(uintptr_t)p->facts)->members[0];
    m->when_member = p->facts->count;
    malformed(p);
    p = pol_test_compile(SMALL);
    p->measures[0].nresponsible = -1;   /* a count below zero */
    malformed(p);
    p = pol_test_compile(SMALL);
    p->measures[0].id = NULL;   /* a name that must be there */
    malformed(p);
}

Test(polc, a_program_that_fails_verification)
{
    PolProgram *p = pol_test_compile(SMALL);
    p->id_member = p->facts->count;
    refused(p, POL_E1007_fails_verification, "t.polc fails verification: invalid policy: id member out of range");
}

Test(polc, places_without_a_source)
{
    /* a span of no source is written as such, and read back so */
    PolProgram *p = pol_test_compile(SMALL);
    cr_assert_not_null(p->spans[0].src);
    p->spans[0].src = NULL;
    PolProgram *q = round_trip(p);
    cr_assert_null(q->spans[0].src);
    cr_assert_not_null(q->spans[1].src);
    cr_assert_str_eq(q->spans[1].src->path, "t.pol");
}

Test(polc, at_most_256_sources)
{
    /* places in the 257th source file and after are kept without it */
    PolProgram *p = pol_test_compile(SMALL);
    cr_assert_geq(p->nspans, 1);
    PolSpan *spans = GC_MALLOC((size_t)(p->nspans + 300) * sizeof *spans);
    memcpy(spans, p->spans, (size_t)p->nspans * sizeof *spans);
    for (int i = 0; i < 300; i++) {
        const char *name = pol_strdup_printf("f%d.pol", i);
        spans[p->nspans + i] = (PolSpan){pol_source_from_text(name, "x", 1), 1, 1, 1, 1};
    }
    int first = p->nspans;
    p->spans = spans;
    p->nspans += 300;
    PolProgram *q = round_trip(p);
    cr_assert_eq(q->nspans, p->nspans);
    cr_assert_str_eq(q->spans[first].src->path, "f0.pol");
    cr_assert_str_eq(q->spans[first + 254].src->path, "f254.pol");   /* t.pol is the first of 256 */
    cr_assert_null(q->spans[first + 255].src);
    cr_assert_null(q->spans[first + 299].src);
    cr_assert_eq(q->spans[first + 299].first_line, 1);
}

Test(polc, items_of_the_facts_record)
{
    /* a type may name the facts record itself (record 0 of the file) */
    PolProgram *p = pol_test_compile(SMALL);
    PolMeasureInfo *m = &p->measures[0];
    m->item_type = pol_type_record(p->facts);
    m->item_var = "x";
    m->items_text = "items";
    m->item_conds = m->nconds;
    PolProgram *q = round_trip(p);
    cr_assert_eq(q->measures[0].item_type->kind, POL_T_RECORD);
    cr_assert_eq(q->measures[0].item_type->record, q->facts);
}

/* ------------------------------------------------------ files on disk */

Test(polc, a_file_that_cannot_be_read)
{
    cr_assert_null(pol_polc_read("/nonexistent/t.polc", &pol_test_ds));
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert_str_eq(pol_test_ds.items[0]->message, "cannot read /nonexistent/t.polc: No such file or directory");
    cr_assert_eq(pol_test_ds.items[0]->code, POL_E0701_cannot_read);
}

Test(polc, a_file_written_and_read)
{
    PolProgram *p = pol_test_compile_file("tests/example/example.pol");
    char path[] = "/tmp/polc-test-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert(pol_polc_write(p, path, &pol_test_ds));
    PolProgram *q = pol_polc_read(path, &pol_test_ds);
    unlink(path);
    cr_assert_not_null(q, "%s", pol_test_diagnostics());
    cr_assert_str_eq(q->digest, pol_polc_digest(p));
}

Test(polc, files_that_cannot_be_written)
{
    /* a folder that is not there; a full disk, the file larger than the
     * stream's buffer (fwrite fails) and smaller (fclose fails) */
    PolProgram *big = pol_test_compile_file("tests/example/example.pol"), *tiny = pol_test_compile(SMALL);
    size_t len = 0;
    pol_polc_encode(tiny, &len);
    cr_assert_lt(len, BUFSIZ, "SMALL's .polc is %zu bytes", len);
    cr_assert_not(pol_polc_write(big, "/nonexistent/t.polc", &pol_test_ds));
    cr_assert_not(pol_polc_write(big, "/dev/full", &pol_test_ds));
    cr_assert_not(pol_polc_write(tiny, "/dev/full", &pol_test_ds));
    cr_assert_eq(pol_test_ds.errors, 3);
    cr_assert_eq(pol_test_ds.items[0]->code, POL_E1001_cannot_write);
    cr_assert_str_eq(pol_test_ds.items[0]->message, "cannot write /nonexistent/t.polc: No such file or directory");
    cr_assert_str_eq(pol_test_ds.items[1]->message, "cannot write /dev/full: No space left on device");
    cr_assert_str_eq(pol_test_ds.items[2]->message, "cannot write /dev/full: No space left on device");
}

Test(polc, record_index_past_the_table)
{
    /* facts `items: list of Item`: after the member's name, its type:
     * LIST, then RECORD and the record's number, made one past the last */
    const uint8_t *bytes;
    size_t n;
    uint8_t *payload = small_payload(&bytes, &n);
    static const uint8_t name[] = {5, 0, 0, 0, 'i', 't', 'e', 'm', 's'};
    uint8_t *at = NULL;
    for (size_t i = 0; !at && i + sizeof name <= n; i++)
        if (memcmp(payload + i, name, sizeof name) == 0)
            at = payload + i + sizeof name;
    cr_assert_not_null(at);
    cr_assert_eq(get_u32(at), POL_T_LIST);
    cr_assert_eq(get_u32(at + 4), POL_T_RECORD);
    cr_assert_eq(get_u32(at + 8), 1);   /* Item: the facts are record 0 */
    put_u32(at + 8, 2);
    malformed_at(bytes, payload, n, (size_t)(at + 12 - payload));
}
