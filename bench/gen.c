/*
 * gen.c — deterministic synthetic applicants for changsha-srdi-2025, fast.
 *
 *   bench/gen [--count N] [--seed S] [--invalid PERCENT] [--format ndjson|csv]
 *
 * Prints N applicants (default 1000000), one NDJSON line each, or a CSV file
 * with a header row and one row each. The same arguments always give the
 * same bytes (splitmix64 from SEED). With the same SEED and COUNT the NDJSON
 * and CSV outputs describe the same applicants, so the decisions of
 * `polrun batch` and `polrun batch --input csv` can be compared line by line.
 *
 * The applicants look like a register export: compact JSON, Chinese names,
 * money as JSON numbers or strings, optional objects present or absent,
 * lists of standards and workstations, dates around the period in force.
 * With --invalid P, about P percent of the lines carry one defect each (a
 * third decimal, a wrong enum word, an unknown or missing key, a date that
 * does not exist, a truncated line, an empty line); the others are valid.
 *
 * For the benchmark and the batch tests only; shares no code with polrun.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* uniform in [0, n) */
static uint32_t below(uint32_t n) { return (uint32_t)(((next_u64() >> 32) * (uint64_t)n) >> 32); }
static bool chance(uint32_t percent) { return below(100) < percent; }

/* ---- output buffer ---- */

static char out[1 << 16];
static size_t out_len;

static void flush_out(void)
{
    fwrite(out, 1, out_len, stdout);
    out_len = 0;
}

static void put(const char *s, size_t n)
{
    if (out_len + n > sizeof out)
        flush_out();
    memcpy(out + out_len, s, n);
    out_len += n;
}

static void puts_(const char *s) { put(s, strlen(s)); }

/* ---- dates: days since 1970-01-01, proleptic Gregorian ---- */

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static void fmt_date(int32_t days, char *buf)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    unsigned v[3] = {(unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u};
    buf[0] = (char)('0' + v[0] / 1000); buf[1] = (char)('0' + v[0] / 100 % 10);
    buf[2] = (char)('0' + v[0] / 10 % 10); buf[3] = (char)('0' + v[0] % 10);
    buf[4] = '-'; buf[5] = (char)('0' + v[1] / 10); buf[6] = (char)('0' + v[1] % 10);
    buf[7] = '-'; buf[8] = (char)('0' + v[2] / 10); buf[9] = (char)('0' + v[2] % 10);
    buf[10] = '\0';
}

/* ---- the applicant ---- */

enum { NONE = -1 };
static const char *const tiers[] = {"none", "srdi_sme", "little_giant_candidate", "little_giant"};
static const char *const levels[] = {"international", "national", "industry", "provincial_local", "municipal_local", "group"};
static const char *const stations[] = {"academician", "expert", "postdoc_station", "postdoc_base"};

typedef struct Standard { int level; int32_t published_on; } Standard;
typedef struct Station { int type; int32_t approved_on; bool funded_before; } Station;

typedef struct Applicant {
    uint64_t serial;
    int name;                      /* NONE or a name number */
    bool service_org, registered, is_sme;
    int tier;
    int32_t as_of;
    bool has_lg; int32_t lg_first; bool lg_first_null, lg_award;
    int nstandards; Standard standards[3];
    bool has_kp, kp_selected; int kp_year; int64_t kp_assessed, kp_granted;
    int nstations; Station stations[3];
    bool has_overseas; int activities;
    bool has_digital, dg_pilot, dg_has_assessed, dg_central;
    int64_t dg_procurement, dg_assessed, dg_municipal;
    bool has_land; bool land[6];
    bool has_service, sv_outstanding; int64_t sv_assessed, sv_granted;
} Applicant;

static const char *const name_a[] = {"长沙", "湘江", "麓谷", "星城", "岳麓", "芙蓉", "天心", "望城", "浏阳", "宁乡"};
static const char *const name_b[] = {"智造", "芯联", "云图", "精工", "华电", "新材", "康达", "远航", "中科", "博源", "Ünïcødé", "\"量子\""};
static const char *const name_c[] = {"科技", "电子", "材料", "机械", "生物", "软件", "装备", "信息"};

static int32_t date_between(int32_t from, int32_t to) { return from + (int32_t)below((uint32_t)(to - from + 1)); }

/* money in fen, with some amounts on the ceilings */
static int64_t money(int64_t hi_yuan)
{
    switch (below(8)) {
    case 0: return 30000000;                 /* 300000.00 */
    case 1: return 20000000;                 /* 200000.00 */
    case 2: return (int64_t)below(100) * 100; /* whole yuan, small */
    default: return (int64_t)(next_u64() % (uint64_t)(hi_yuan * 100));
    }
}

static void make(Applicant *a, uint64_t serial)
{
    memset(a, 0, sizeof *a);
    int32_t start = days_from_civil(2025, 3, 1);
    a->serial = serial;
    a->name = chance(70) ? (int)below(10 * 12 * 8) : NONE;
    a->service_org = chance(8);
    a->registered = chance(92);
    a->is_sme = chance(85);
    a->tier = (int)below(4);
    a->as_of = chance(94) ? date_between(start, days_from_civil(2028, 2, 29))
                          : date_between(days_from_civil(2024, 6, 1), days_from_civil(2029, 1, 1));
    if (!a->service_org && chance(a->tier == 3 ? 60 : 5)) {
        a->has_lg = true;
        a->lg_first_null = chance(15);
        a->lg_first = date_between(start - 400, a->as_of + 30);
        a->lg_award = chance(20);
    }
    if (chance(30)) {
        a->nstandards = 1 + (int)below(3);
        for (int i = 0; i < a->nstandards; i++)
            a->standards[i] = (Standard){(int)below(6), date_between(start - 300, a->as_of + 10)};
    }
    if (chance(25)) {
        a->has_kp = true;
        a->kp_selected = chance(80);
        a->kp_year = 2024 + (int)below(5);
        a->kp_assessed = money(600000);
        a->kp_granted = chance(60) ? 0 : money(300000);
    }
    if (chance(20)) {
        a->nstations = 1 + (int)below(3);
        for (int i = 0; i < a->nstations; i++)
            a->stations[i] = (Station){(int)below(4), date_between(start - 200, a->as_of + 10), chance(15)};
    }
    if (chance(30)) {
        a->has_overseas = true;
        a->activities = (int)below(6);
    }
    if (chance(35)) {
        a->has_digital = true;
        a->dg_pilot = chance(75);
        a->dg_procurement = money(3000000);
        a->dg_has_assessed = chance(50);
        a->dg_assessed = money(400000);
        a->dg_central = chance(60);
        a->dg_municipal = money(400000);
    }
    if (chance(15)) {
        a->has_land = true;
        for (int i = 0; i < 6; i++)
            a->land[i] = i == 1 ? chance(10) : chance(90);
    }
    if (a->service_org && chance(75)) {
        a->has_service = true;
        a->sv_outstanding = chance(70);
        a->sv_assessed = money(400000);
        a->sv_granted = chance(50) ? 0 : money(200000);
    }
}

static void name_text(const Applicant *a, char *buf, size_t cap)
{
    int n = a->name;
    snprintf(buf, cap, "%s%s%s有限公司", name_a[n % 10], name_b[(n / 10) % 12], name_c[(n / 120) % 8]);
}

static void fmt_money(int64_t fen, char *buf, size_t cap)
{
    /* 500000, 500000.5 or 500000.25: the shortest exact form, as registers write it */
    if (fen % 100 == 0)
        snprintf(buf, cap, "%lld", (long long)(fen / 100));
    else if (fen % 10 == 0)
        snprintf(buf, cap, "%lld.%lld", (long long)(fen / 100), (long long)(fen % 100 / 10));
    else
        snprintf(buf, cap, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* ---- NDJSON ---- */

static void j_key(const char *k, bool *first)
{
    if (!*first)
        put(",", 1);
    *first = false;
    put("\"", 1);
    puts_(k);
    put("\":", 2);
}

static void j_str(const char *s)
{
    put("\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            put("\\", 1);
        put(p, 1);
    }
    put("\"", 1);
}

static void j_bool(bool b) { puts_(b ? "true" : "false"); }

static void j_date(int32_t d)
{
    char b[16];
    fmt_date(d, b);
    j_str(b);
}

static void j_money(int64_t fen)
{
    char b[32];
    fmt_money(fen, b, sizeof b);
    if (fen % 7 == 0)
        j_str(b);                  /* some registers write money as strings */
    else
        puts_(b);
}

static void j_int(long v)
{
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    puts_(b);
}

/* defects, by number; -1 none */
enum { D_NONE = -1, D_DECIMALS, D_ENUM, D_UNKNOWN, D_MISSING, D_DATE, D_TRUNCATED, D_EMPTY, D_NEGATIVE, D_COUNT };

static void ndjson(const Applicant *a, int defect)
{
    if (defect == D_EMPTY) {
        put("\n", 1);
        return;
    }
    size_t line_start = out_len;
    char b[160];
    bool f = true;
    put("{", 1);
    snprintf(b, sizeof b, "9143%014llu", (unsigned long long)a->serial);
    j_key("id", &f); j_str(b);
    if (a->name != NONE) {
        name_text(a, b, sizeof b);
        j_key("name", &f); j_str(b);
    }
    if (defect != D_MISSING) {
        j_key("kind", &f); j_str(a->service_org ? "service_org" : "enterprise");
    }
    j_key("registered_in_changsha", &f); j_bool(a->registered);
    if (!a->service_org) {
        j_key("is_sme", &f); j_bool(a->is_sme);
        j_key("tier", &f); j_str(defect == D_ENUM ? "little giant" : tiers[a->tier]);
    }
    if (defect == D_DATE) {
        j_key("as_of", &f); j_str("2025-02-30");
    } else {
        j_key("as_of", &f); j_date(a->as_of);
    }
    if (defect == D_UNKNOWN) {
        j_key("registered_in_changsa", &f); j_bool(true);
    }
    if (a->has_lg) {
        bool g = true;
        j_key("little_giant", &f); put("{", 1);
        j_key("first_recognized_on", &g);
        if (a->lg_first_null) puts_("null"); else j_date(a->lg_first);
        j_key("award_received", &g); j_bool(a->lg_award);
        put("}", 1);
    }
    if (a->nstandards) {
        j_key("standards", &f); put("[", 1);
        for (int i = 0; i < a->nstandards; i++) {
            bool g = true;
            if (i) put(",", 1);
            put("{", 1);
            j_key("level", &g); j_str(levels[a->standards[i].level]);
            j_key("published_on", &g); j_date(a->standards[i].published_on);
            put("}", 1);
        }
        put("]", 1);
    }
    if (a->has_kp) {
        bool g = true;
        j_key("key_project", &f); put("{", 1);
        j_key("selected", &g); j_bool(a->kp_selected);
        j_key("year", &g); j_int(a->kp_year);
        j_key("assessed_amount", &g); j_money(a->kp_assessed);
        j_key("granted_this_year", &g); j_money(a->kp_granted);
        put("}", 1);
    }
    if (a->nstations) {
        j_key("workstations", &f); put("[", 1);
        for (int i = 0; i < a->nstations; i++) {
            bool g = true;
            if (i) put(",", 1);
            put("{", 1);
            j_key("type", &g); j_str(stations[a->stations[i].type]);
            j_key("approved_on", &g); j_date(a->stations[i].approved_on);
            j_key("funded_before", &g); j_bool(a->stations[i].funded_before);
            put("}", 1);
        }
        put("]", 1);
    }
    if (a->has_overseas) {
        bool g = true;
        j_key("overseas", &f); put("{", 1);
        j_key("activities", &g); j_int(a->activities);
        put("}", 1);
    }
    if (a->has_digital || defect == D_DECIMALS || defect == D_NEGATIVE) {
        bool g = true;
        j_key("digital", &f); put("{", 1);
        j_key("in_pilot", &g); j_bool(a->dg_pilot);
        j_key("procurement_total", &g);
        if (defect == D_DECIMALS) puts_("1234.567");
        else if (defect == D_NEGATIVE) puts_("-20");
        else j_money(a->dg_procurement);
        if (a->dg_has_assessed) { j_key("assessed_amount", &g); j_money(a->dg_assessed); }
        j_key("central_funds_used", &g); j_bool(a->dg_central);
        j_key("municipal_assessed_amount", &g); j_money(a->dg_municipal);
        put("}", 1);
    }
    if (a->has_land) {
        static const char *const k[] = {"industrial_land", "industrial_real_estate", "conforms_to_spatial_plan",
                                        "use_unchanged", "safety_ensured", "raises_utilization"};
        bool g = true;
        j_key("land", &f); put("{", 1);
        for (int i = 0; i < 6; i++) { j_key(k[i], &g); j_bool(a->land[i]); }
        put("}", 1);
    }
    if (a->has_service) {
        bool g = true;
        j_key("service", &f); put("{", 1);
        j_key("outstanding_results", &g); j_bool(a->sv_outstanding);
        j_key("assessed_amount", &g); j_money(a->sv_assessed);
        j_key("granted_before", &g); j_money(a->sv_granted);
        put("}", 1);
    }
    put("}", 1);
    if (defect == D_TRUNCATED)
        out_len = line_start + (out_len - line_start) / 2;
    put("\n", 1);
}

/* ---- CSV ---- */

static const char csv_header[] =
    "id,name,kind,registered_in_changsha,is_sme,tier,as_of,"
    "little_giant.first_recognized_on,little_giant.award_received,standards,"
    "key_project.selected,key_project.year,key_project.assessed_amount,key_project.granted_this_year,"
    "workstations,overseas.activities,"
    "digital.in_pilot,digital.procurement_total,digital.assessed_amount,digital.central_funds_used,"
    "digital.municipal_assessed_amount,"
    "land.industrial_land,land.industrial_real_estate,land.conforms_to_spatial_plan,land.use_unchanged,"
    "land.safety_ensured,land.raises_utilization,"
    "service.outstanding_results,service.assessed_amount,service.granted_before\r\n";

/* one cell, quoted when it must be (RFC 4180) */
static void c_cell(const char *s, bool first)
{
    if (!first)
        put(",", 1);
    if (!strpbrk(s, ",\"\r\n")) {
        puts_(s);
        return;
    }
    put("\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put("\"", 1);
        put(p, 1);
    }
    put("\"", 1);
}

static void c_bool(bool b) { c_cell(b ? "true" : "false", false); }
static void c_date(int32_t d) { char b[16]; fmt_date(d, b); c_cell(b, false); }
static void c_money(int64_t fen) { char b[32]; fmt_money(fen, b, sizeof b); c_cell(b, false); }
static void c_empty(int n) { for (int i = 0; i < n; i++) put(",", 1); }

static void csv(const Applicant *a, int defect)
{
    char b[400];
    snprintf(b, sizeof b, "9143%014llu", (unsigned long long)a->serial);
    c_cell(b, true);
    if (a->name != NONE) {
        name_text(a, b, sizeof b);
        c_cell(b, false);
    } else {
        c_empty(1);
    }
    c_cell(defect == D_MISSING ? "" : a->service_org ? "service_org" : "enterprise", false);
    c_bool(a->registered);
    if (!a->service_org) {
        c_bool(a->is_sme);
        c_cell(defect == D_ENUM ? "little giant" : tiers[a->tier], false);
    } else {
        c_empty(2);
    }
    if (defect == D_DATE) c_cell("2025-02-30", false); else c_date(a->as_of);
    if (a->has_lg) {
        if (a->lg_first_null) c_empty(1); else c_date(a->lg_first);
        c_bool(a->lg_award);
    } else {
        c_empty(2);
    }
    if (a->nstandards) {
        size_t n = 0;
        n += (size_t)snprintf(b + n, sizeof b - n, "[");
        for (int i = 0; i < a->nstandards; i++) {
            char d[16];
            fmt_date(a->standards[i].published_on, d);
            n += (size_t)snprintf(b + n, sizeof b - n, "%s{\"level\":\"%s\",\"published_on\":\"%s\"}", i ? "," : "",
                                  levels[a->standards[i].level], d);
        }
        snprintf(b + n, sizeof b - n, "]");
        c_cell(b, false);
    } else {
        c_empty(1);
    }
    if (a->has_kp) {
        c_bool(a->kp_selected);
        snprintf(b, sizeof b, "%d", a->kp_year);
        c_cell(b, false);
        c_money(a->kp_assessed);
        c_money(a->kp_granted);
    } else {
        c_empty(4);
    }
    if (a->nstations) {
        size_t n = 0;
        n += (size_t)snprintf(b + n, sizeof b - n, "[");
        for (int i = 0; i < a->nstations; i++) {
            char d[16];
            fmt_date(a->stations[i].approved_on, d);
            n += (size_t)snprintf(b + n, sizeof b - n, "%s{\"type\":\"%s\",\"approved_on\":\"%s\",\"funded_before\":%s}",
                                  i ? "," : "", stations[a->stations[i].type], d,
                                  a->stations[i].funded_before ? "true" : "false");
        }
        snprintf(b + n, sizeof b - n, "]");
        c_cell(b, false);
    } else {
        c_empty(1);
    }
    if (a->has_overseas) {
        snprintf(b, sizeof b, "%d", a->activities);
        c_cell(b, false);
    } else {
        c_empty(1);
    }
    if (a->has_digital || defect == D_DECIMALS || defect == D_NEGATIVE) {
        c_bool(a->dg_pilot);
        if (defect == D_DECIMALS) c_cell("1234.567", false);
        else if (defect == D_NEGATIVE) c_cell("-20", false);
        else c_money(a->dg_procurement);
        if (a->dg_has_assessed) c_money(a->dg_assessed); else c_empty(1);
        c_bool(a->dg_central);
        c_money(a->dg_municipal);
    } else {
        c_empty(5);
    }
    if (a->has_land) {
        for (int i = 0; i < 6; i++)
            c_bool(a->land[i]);
    } else {
        c_empty(6);
    }
    if (a->has_service) {
        c_bool(a->sv_outstanding);
        c_money(a->sv_assessed);
        c_money(a->sv_granted);
    } else {
        c_empty(3);
    }
    if (defect == D_TRUNCATED || defect == D_EMPTY || defect == D_UNKNOWN)
        c_cell("surplus cell", false);   /* a row with one cell too many */
    put("\r\n", 2);
}

int main(int argc, char **argv)
{
    unsigned long long count = 1000000, seed = 1;
    unsigned invalid = 0;
    bool as_csv = false;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--count") == 0 && v) count = strtoull(v, NULL, 10), i++;
        else if (strcmp(argv[i], "--seed") == 0 && v) seed = strtoull(v, NULL, 10), i++;
        else if (strcmp(argv[i], "--invalid") == 0 && v) invalid = (unsigned)strtoul(v, NULL, 10), i++;
        else if (strcmp(argv[i], "--format") == 0 && v && (strcmp(v, "csv") == 0 || strcmp(v, "ndjson") == 0))
            as_csv = strcmp(v, "csv") == 0, i++;
        else {
            fprintf(stderr, "usage: gen [--count N] [--seed S] [--invalid PERCENT] [--format ndjson|csv]\n");
            return 2;
        }
    }
    rng_state = seed;
    if (as_csv)
        put(csv_header, sizeof csv_header - 1);
    Applicant a;
    for (unsigned long long n = 1; n <= count; n++) {
        make(&a, n);
        int defect = invalid && chance(invalid) ? (int)below(D_COUNT) : D_NONE;
        if (as_csv)
            csv(&a, defect);
        else
            ndjson(&a, defect);
    }
    flush_out();
    return fflush(stdout) == 0 ? 0 : 1;
}
