/*
 * handwritten.c — contract §4 of changsha-srdi-2025 as a plain C function.
 * For the benchmark only (see handwritten.h). Written from the contract's
 * table, one block per row; amounts in fen, 30% rounded down to the fen.
 */
#include <string.h>
#include "handwritten.h"
#include "num.h"

const char *const hand_measure_ids[HAND_MEASURES] = {
    "little_giant_first_award", "standard_setting_award", "ip_fast_track", "key_project_subsidy",
    "employment_guarantee", "talent_recommendation_right", "academician_workstation", "expert_workstation",
    "postdoc_station", "postdoc_base", "market_expansion_support", "digital_subsidy",
    "digital_municipal_matching", "land_premium_waiver", "service_org_subsidy"};

/* member positions */
static int f_kind, f_reg, f_sme, f_tier, f_lg, f_std, f_kp, f_ws, f_ov, f_dg, f_land, f_sv;
static int lg_first, lg_award, std_level, std_pub, kp_sel, kp_year, kp_assessed, kp_granted;
static int ws_type, ws_approved, ws_funded, ov_act;
static int dg_pilot, dg_proc, dg_assessed, dg_central, dg_muni;
static int land_m[6];
static int sv_out, sv_assessed, sv_granted;
/* enum values */
static int32_t k_enterprise, k_service, t_srdi, t_candidate, t_lg, lv_intl, lv_nat, lv_muni, st_type[4];
static int32_t start_day, last_day;

static const PolRecord *sub(const PolRecord *r, int m)
{
    const PolType *t = r->members[m].type;
    while (t->kind == POL_T_OPT || t->kind == POL_T_LIST)
        t = t->inner;
    return t->kind == POL_T_RECORD ? t->record : NULL;
}

static const PolEnum *enum_of(const PolRecord *r, int m)
{
    const PolType *t = r->members[m].type;
    while (t->kind == POL_T_OPT)
        t = t->inner;
    return t->kind == POL_T_ENUM ? t->enumeration : NULL;
}

bool hand_init(const PolRecord *f)
{
    static const char *const land_names[6] = {"industrial_land", "industrial_real_estate", "conforms_to_spatial_plan",
                                              "use_unchanged", "safety_ensured", "raises_utilization"};
    static const char *const stations[4] = {"academician", "expert", "postdoc_station", "postdoc_base"};
    f_kind = pol_record_find(f, "kind");
    f_reg = pol_record_find(f, "registered_in_changsha");
    f_sme = pol_record_find(f, "is_sme");
    f_tier = pol_record_find(f, "tier");
    f_lg = pol_record_find(f, "little_giant");
    f_std = pol_record_find(f, "standards");
    f_kp = pol_record_find(f, "key_project");
    f_ws = pol_record_find(f, "workstations");
    f_ov = pol_record_find(f, "overseas");
    f_dg = pol_record_find(f, "digital");
    f_land = pol_record_find(f, "land");
    f_sv = pol_record_find(f, "service");
    int all[] = {f_kind, f_reg, f_sme, f_tier, f_lg, f_std, f_kp, f_ws, f_ov, f_dg, f_land, f_sv};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] < 0)
            return false;
    const PolRecord *lg = sub(f, f_lg), *st = sub(f, f_std), *kp = sub(f, f_kp), *ws = sub(f, f_ws),
                    *ov = sub(f, f_ov), *dg = sub(f, f_dg), *ld = sub(f, f_land), *sv = sub(f, f_sv);
    if (!lg || !st || !kp || !ws || !ov || !dg || !ld || !sv)
        return false;
    lg_first = pol_record_find(lg, "first_recognized_on");
    lg_award = pol_record_find(lg, "award_received");
    std_level = pol_record_find(st, "level");
    std_pub = pol_record_find(st, "published_on");
    kp_sel = pol_record_find(kp, "selected");
    kp_year = pol_record_find(kp, "year");
    kp_assessed = pol_record_find(kp, "assessed_amount");
    kp_granted = pol_record_find(kp, "granted_this_year");
    ws_type = pol_record_find(ws, "type");
    ws_approved = pol_record_find(ws, "approved_on");
    ws_funded = pol_record_find(ws, "funded_before");
    ov_act = pol_record_find(ov, "activities");
    dg_pilot = pol_record_find(dg, "in_pilot");
    dg_proc = pol_record_find(dg, "procurement_total");
    dg_assessed = pol_record_find(dg, "assessed_amount");
    dg_central = pol_record_find(dg, "central_funds_used");
    dg_muni = pol_record_find(dg, "municipal_assessed_amount");
    for (int i = 0; i < 6; i++)
        land_m[i] = pol_record_find(ld, land_names[i]);
    sv_out = pol_record_find(sv, "outstanding_results");
    sv_assessed = pol_record_find(sv, "assessed_amount");
    sv_granted = pol_record_find(sv, "granted_before");
    const PolEnum *ke = enum_of(f, f_kind), *te = enum_of(f, f_tier), *le = enum_of(st, std_level),
                  *se = enum_of(ws, ws_type);
    if (!ke || !te || !le || !se)
        return false;
    k_enterprise = pol_enum_find(ke, "enterprise");
    k_service = pol_enum_find(ke, "service_org");
    t_srdi = pol_enum_find(te, "srdi_sme");
    t_candidate = pol_enum_find(te, "little_giant_candidate");
    t_lg = pol_enum_find(te, "little_giant");
    lv_intl = pol_enum_find(le, "international");
    lv_nat = pol_enum_find(le, "national");
    lv_muni = pol_enum_find(le, "municipal_local");
    for (int i = 0; i < 4; i++)
        st_type[i] = pol_enum_find(se, stations[i]);
    pol_date_from_ymd(2025, 3, 1, &start_day);
    pol_date_from_ymd(2028, 2, 29, &last_day);
    return true;
}

static void grant(HandResult *r, int m) { r->granted[m] = true; }

static void grant_fen(HandResult *r, int m, int64_t fen)
{
    r->has_amount[m] = true;
    r->amount[m] = fen > 0 ? fen : 0;
    r->granted[m] = fen > 0;
}

void hand_decide(PolValue facts, int32_t d, HandResult *r)
{
    memset(r, 0, sizeof *r);
    if (d < start_day || d > last_day)
        return;
    const PolValue *f = facts.as.record->members;
    if (!f[f_reg].as.b)
        return;
    bool enterprise = f[f_kind].as.enum_index == k_enterprise;
    int32_t tier = f[f_tier].tag == POL_V_ENUM ? f[f_tier].as.enum_index : -1;
    bool srdi = tier == t_srdi || tier == t_candidate || tier == t_lg;
    bool lg = tier == t_lg;

    if (enterprise && lg && f[f_lg].tag == POL_V_RECORD) {           /* 1 */
        const PolValue *g = f[f_lg].as.record->members;
        if (g[lg_first].tag == POL_V_DATE && g[lg_first].as.date >= start_day && g[lg_first].as.date <= d &&
            !g[lg_award].as.b)
            grant_fen(r, 0, 50000000);
    }
    if (enterprise && srdi) {
        const PolListValue *l = f[f_std].as.list;                     /* 2 */
        for (int32_t i = 0; i < l->count; i++) {
            const PolValue *s = l->items[i].as.record->members;
            int32_t lv = s[std_level].as.enum_index;
            if ((lv == lv_intl || lv == lv_nat || lv == lv_muni) && s[std_pub].as.date >= start_day &&
                s[std_pub].as.date <= d) {
                grant(r, 1);
                break;
            }
        }
        grant(r, 2);                                                  /* 3 */
        grant(r, 4);                                                  /* 5 */
    }
    if (enterprise && tier == t_candidate && f[f_kp].tag == POL_V_RECORD) { /* 4 */
        const PolValue *k = f[f_kp].as.record->members;
        if (k[kp_sel].as.b && k[kp_year].as.i >= 2025) {
            int y, mo, dd;
            pol_date_to_ymd(d, &y, &mo, &dd);
            if (k[kp_year].as.i <= y) {
                int64_t cap = 30000000 - k[kp_granted].as.fen;
                int64_t a = k[kp_assessed].as.fen;
                grant_fen(r, 3, a < cap ? a : cap);
            }
        }
    }
    if (enterprise && lg) {
        grant(r, 5);                                                  /* 6 */
        static const int64_t fixed[4] = {100000000, 60000000, 100000000, 60000000};
        const PolListValue *l = f[f_ws].as.list;                      /* 7-10 */
        for (int t = 0; t < 4; t++)
            for (int32_t i = 0; i < l->count; i++) {
                const PolValue *w = l->items[i].as.record->members;
                if (w[ws_type].as.enum_index == st_type[t] && w[ws_approved].as.date >= start_day &&
                    w[ws_approved].as.date <= d && !w[ws_funded].as.b) {
                    grant_fen(r, 6 + t, fixed[t]);
                    break;
                }
            }
    }
    if (enterprise && srdi && f[f_ov].tag == POL_V_RECORD && f[f_ov].as.record->members[ov_act].as.i >= 1)
        grant(r, 10);                                                 /* 11 */
    if (enterprise && f[f_sme].tag == POL_V_BOOL && f[f_sme].as.b && f[f_dg].tag == POL_V_RECORD) {
        const PolValue *g = f[f_dg].as.record->members;               /* 12, 13 */
        if (g[dg_pilot].as.b) {
            int64_t a = g[dg_proc].as.fen * 3 / 10;                   /* 30%, down to the fen */
            if (a > 30000000)
                a = 30000000;
            if (g[dg_assessed].tag == POL_V_MONEY && g[dg_assessed].as.fen < a)
                a = g[dg_assessed].as.fen;
            grant_fen(r, 11, a);
            if (r->granted[11] && g[dg_central].as.b) {
                int64_t m = g[dg_muni].as.fen;
                grant_fen(r, 12, m < 30000000 ? m : 30000000);
            }
        }
    }
    if (enterprise && srdi && f[f_land].tag == POL_V_RECORD) {       /* 14 */
        const PolValue *l = f[f_land].as.record->members;
        if (l[land_m[0]].as.b && !l[land_m[1]].as.b && l[land_m[2]].as.b && l[land_m[3]].as.b &&
            l[land_m[4]].as.b && l[land_m[5]].as.b)
            grant(r, 13);
    }
    if (f[f_kind].as.enum_index == k_service && f[f_sv].tag == POL_V_RECORD) { /* 15 */
        const PolValue *s = f[f_sv].as.record->members;
        if (s[sv_out].as.b) {
            int64_t cap = 20000000 - s[sv_granted].as.fen;
            int64_t a = s[sv_assessed].as.fen;
            grant_fen(r, 14, a < cap ? a : cap);
        }
    }
}
