/*
 * doc.c — `polrun doc`: the reviewer's page of a policy.
 *
 * Renders the checked tree as one static HTML page (no script) and its
 * style sheet. The page follows the policy: its header, then one section
 * per article with the article's quoted sentence on the left and, on the
 * right, each measure's rules as sentences — conditions as a list, the
 * amount and its ceilings in words and figures, the drafters' readings
 * marked as interpretations — then the parameters with their values, the
 * definitions (linked from every sentence that uses them) and the facts
 * to collect, as a table.
 *
 * Quotations and readings are the policy's comments: inside a declaration
 * or in the block right above it, a paragraph opening with “ is the quoted
 * text, one opening with `解读：` a reading in Chinese and one opening with
 * `Reading:` a reading in English (the page shows the reading of its
 * language, the other when there is only that one). The words of the page
 * are those of docs/glossary.md.
 */
#include <errno.h>
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "doc.h"
#include "num.h"
#include "source.h"
#include "text.h"

typedef struct Doc {
    PolBuf out;
    PolLang lang;
    const PolChecked *c;
} Doc;

/* The word of the page's language. */
static const char *W(const Doc *d, const char *en, const char *zh)
{
    return d->lang == POL_LANG_ZH ? zh : en;
}

static void put(Doc *d, const char *s)
{
    pol_buf_puts(&d->out, s);
}

static void putf(Doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(Doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pol_buf_vprintf(&d->out, fmt, ap);
    va_end(ap);
}

/* Text as HTML: & < > " escaped. */
static void esc(Doc *d, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': put(d, "&amp;"); break;
        case '<': put(d, "&lt;"); break;
        case '>': put(d, "&gt;"); break;
        case '"': put(d, "&quot;"); break;
        default: pol_buf_put(&d->out, s, 1);
        }
    }
}

/* A fragment of a link (what follows `#`): the bytes of a name outside
 * ASCII letters, digits and - . _ percent-encoded, so that it is a valid
 * URL whatever the name (an id may hold any character but space). */
static void href(Doc *d, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_')
            pol_buf_put(&d->out, s, 1);
        else
            putf(d, "%%%02X", c);
    }
}

/* ---- numbers in words and figures ---- */

static const char *const zh_digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* 0 < n < 10000 in Chinese numerals; leading: a group after others, whose
 * leading zeros are said (one 零) and whose 十 is 一十. */
static void zh_group(PolBuf *b, int n, bool leading)
{
    static const char *const unit[] = {"千", "百", "十", ""};
    int digits[4] = {n / 1000, n / 100 % 10, n / 10 % 10, n % 10};
    bool zero = false, started = leading;
    for (int i = 0; i < 4; i++) {
        if (digits[i] == 0) {
            zero = started;
            continue;
        }
        if (zero)
            pol_buf_puts(b, "零");
        zero = false;
        if (!(i == 2 && digits[i] == 1 && !started))
            pol_buf_puts(b, zh_digit[digits[i]]);
        pol_buf_puts(b, unit[i]);
        started = true;
    }
}

/* n >= 0 in Chinese numerals: 300000 → 三十万. */
static void zh_number(PolBuf *b, int64_t n)
{
    if (n == 0) {
        pol_buf_puts(b, "零");
        return;
    }
    static const char *const big[] = {"", "万", "亿", "万亿"};
    int groups[4] = {0};
    int k = 0;
    for (int64_t m = n; m > 0 && k < 4; m /= 10000)
        groups[k++] = (int)(m % 10000);
    if (n >= INT64_C(10000000000000000)) {   /* beyond 万亿: in figures */
        pol_buf_printf(b, "%lld", (long long)n);
        return;
    }
    bool started = false, zero = false;
    for (int i = k - 1; i >= 0; i--) {
        if (groups[i] == 0) {
            zero = started;
            continue;
        }
        if (zero && groups[i] >= 1000)   /* else zh_group says the 零 of its leading zeros */
            pol_buf_puts(b, "零");
        zero = false;
        zh_group(b, groups[i], started);
        pol_buf_puts(b, big[i]);
        started = true;
    }
}

static const char *const en_small[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                       "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                       "seventeen", "eighteen", "nineteen"};
static const char *const en_tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

static void en_hundreds(PolBuf *b, int n)
{
    if (n >= 100) {
        pol_buf_printf(b, "%s hundred", en_small[n / 100]);
        n %= 100;
        if (n)
            pol_buf_puts(b, " ");
    }
    if (n >= 20) {
        pol_buf_puts(b, en_tens[n / 10]);
        if (n % 10)
            pol_buf_printf(b, "-%s", en_small[n % 10]);
    } else if (n > 0) {
        pol_buf_puts(b, en_small[n]);
    }
}

/* n >= 0 in English words: 300000 → three hundred thousand. */
static void en_number(PolBuf *b, int64_t n)
{
    if (n == 0) {
        pol_buf_puts(b, "zero");
        return;
    }
    static const char *const big[] = {"", " thousand", " million", " billion", " trillion", " quadrillion"};
    int groups[7] = {0};
    int k = 0;
    for (int64_t m = n; m > 0; m /= 1000)
        groups[k++] = (int)(m % 1000);
    if (k > 6) {
        pol_buf_printf(b, "%lld", (long long)n);
        return;
    }
    bool first = true;
    for (int i = k - 1; i >= 0; i--) {
        if (groups[i] == 0)
            continue;
        if (!first)
            pol_buf_puts(b, " ");
        en_hundreds(b, groups[i]);
        pol_buf_puts(b, big[i]);
        first = false;
    }
}

/* An amount in figures with thousands separated: 300,000.00. */
static const char *money_figures(int64_t fen)
{
    char raw[48];
    pol_money_format(fen, raw, sizeof raw);
    const char *dot = strchr(raw, '.');
    const char *digits = raw[0] == '-' ? raw + 1 : raw;
    size_t nint = (size_t)((dot ? dot : raw + strlen(raw)) - digits);
    PolBuf b = {0};
    if (raw[0] == '-')
        pol_buf_puts(&b, "-");
    for (size_t i = 0; i < nint; i++) {
        if (i > 0 && (nint - i) % 3 == 0)
            pol_buf_puts(&b, ",");
        pol_buf_put(&b, digits + i, 1);
    }
    if (dot)
        pol_buf_puts(&b, dot);
    return b.data;
}

/* An amount in words and figures: 三十万元（300,000.00 元）, three hundred
 * thousand yuan (300,000.00 yuan). */
static void money(Doc *d, int64_t fen)
{
    PolBuf b = {0};
    int64_t a = fen < 0 ? -fen : fen;
    int64_t yuan = a / 100, jiao = a % 100 / 10, f = a % 10;
    if (d->lang == POL_LANG_ZH) {
        if (fen < 0)
            pol_buf_puts(&b, "负");
        if (yuan || (!jiao && !f)) {
            zh_number(&b, yuan);
            pol_buf_puts(&b, "元");
        }
        if (jiao)
            pol_buf_printf(&b, "%s角", zh_digit[jiao]);
        else if (f && yuan)
            pol_buf_puts(&b, "零");
        if (f)
            pol_buf_printf(&b, "%s分", zh_digit[f]);
        putf(d, "<span class=\"money\">%s<span class=\"figures\">（%s 元）</span></span>", b.data, money_figures(fen));
    } else {
        if (fen < 0)
            pol_buf_puts(&b, "minus ");
        en_number(&b, yuan);
        pol_buf_puts(&b, yuan == 1 ? " yuan" : " yuan");
        if (a % 100) {
            pol_buf_puts(&b, " and ");
            en_number(&b, a % 100);
            pol_buf_puts(&b, " fen");
        }
        putf(d, "<span class=\"money\">%s<span class=\"figures\"> (%s yuan)</span></span>", b.data, money_figures(fen));
    }
}

static const char *date_text(int32_t date)
{
    char buf[16];
    pol_date_format(date, buf, sizeof buf);
    return GC_STRDUP(buf);
}

/* ---- expressions as sentences ---- */

static void expr(Doc *d, const PolExpr *e);

static void link_to(Doc *d, const char *kind, const char *name, const char *cls)
{
    putf(d, "<a class=\"%s\" href=\"#%s-", cls, kind);
    href(d, name);
    put(d, "\">");
    esc(d, name);
    put(d, "</a>");
}

static void fact_link(Doc *d, const char *path)
{
    put(d, "<a class=\"fact\" href=\"#fact-");
    href(d, path);
    put(d, "\"><code>");
    esc(d, path);
    put(d, "</code></a>");
}

static bool atomic(const PolExpr *e)
{
    return e->kind != POL_E_BINARY && e->kind != POL_E_IF && e->kind != POL_E_QUANT && e->kind != POL_E_OTHERWISE &&
           e->kind != POL_E_IN && e->kind != POL_E_PRESENT && e->kind != POL_E_UNARY && e->kind != POL_E_ROUND &&
           e->kind != POL_E_WITHIN;
}

/* e, in parentheses unless it is a single term. */
static void operand(Doc *d, const PolExpr *e)
{
    if (atomic(e)) {
        expr(d, e);
        return;
    }
    put(d, W(d, "(", "（"));
    expr(d, e);
    put(d, W(d, ")", "）"));
}

static bool is_fact_read(const PolExpr *e)
{
    return e->path && (e->kind == POL_E_NAME || e->kind == POL_E_MEMBER) && e->ref != POL_REF_LOCAL;
}

static const char *compare_word(const Doc *d, PolOp op, bool naming)
{
    switch (op) {
    case POL_OP_EQ: return naming ? W(d, "is", "为") : W(d, "equals", "等于");
    case POL_OP_NE: return naming ? W(d, "is not", "不为") : W(d, "does not equal", "不等于");
    case POL_OP_LT: return W(d, "is less than", "小于");
    case POL_OP_LE: return W(d, "is at most", "不大于");
    case POL_OP_GT: return W(d, "is more than", "大于");
    case POL_OP_GE: return W(d, "is at least", "不小于");
    default: return "?";
    }
}

static void binary(Doc *d, const PolExpr *e)
{
    switch (e->op) {
    case POL_OP_AND:
    case POL_OP_OR:
        operand(d, e->left);
        put(d, e->op == POL_OP_AND ? W(d, ", and ", "，且") : W(d, ", or ", "，或"));
        operand(d, e->right);
        return;
    case POL_OP_OF:
        if (d->lang == POL_LANG_ZH) {
            operand(d, e->right);
            put(d, " 的 ");
            operand(d, e->left);
        } else {
            operand(d, e->left);
            put(d, " of ");
            operand(d, e->right);
        }
        return;
    case POL_OP_ADD: case POL_OP_SUB: case POL_OP_MUL: case POL_OP_DIV: {
        static const char *const sym[] = {[POL_OP_ADD] = " + ", [POL_OP_SUB] = " − ", [POL_OP_MUL] = " × ",
                                          [POL_OP_DIV] = " ÷ "};
        operand(d, e->left);
        put(d, sym[e->op]);
        operand(d, e->right);
        return;
    }
    default: {
        bool naming = e->right->kind == POL_E_NAME && e->right->ref == POL_REF_ENUM_VALUE;
        naming = naming || e->right->kind == POL_E_BOOL || e->right->kind == POL_E_TEXT;
        operand(d, e->left);
        putf(d, " %s ", compare_word(d, e->op, naming));
        operand(d, e->right);
        return;
    }
    }
}

static void quant(Doc *d, const PolExpr *e)
{
    bool zh = d->lang == POL_LANG_ZH;
    if (e->quant == POL_Q_COUNT && !e->cond) {   /* a list's length */
        if (!zh)
            put(d, "the number of ");
        operand(d, e->left);
        if (zh)
            put(d, " 的项数");
        return;
    }
    operand(d, e->left);
    switch (e->quant) {
    case POL_Q_ANY: put(d, W(d, " has at least one item ", " 中至少有一项")); break;
    case POL_Q_ALL: put(d, W(d, ": every item ", " 中的每一项")); break;
    case POL_Q_COUNT: put(d, W(d, ": the number of items ", " 中")); break;
    case POL_Q_SUM: put(d, W(d, ": the sum of ", " 中")); break;
    }
    if (e->quant == POL_Q_SUM) {
        if (zh) {
            put(d, "各项 <var>");
            esc(d, e->name);
            put(d, "</var>");
            if (e->cond) {
                put(d, "（满足：");
                expr(d, e->cond);
                put(d, "）");
            }
            put(d, "的 ");
            operand(d, e->value);
            put(d, " 之和");
        } else {
            operand(d, e->value);
            put(d, " over the items <var>");
            esc(d, e->name);
            put(d, "</var>");
            if (e->cond) {
                put(d, " such that ");
                expr(d, e->cond);
            }
        }
        return;
    }
    if (zh && e->quant == POL_Q_COUNT) {
        put(d, "满足条件的项 <var>");
        esc(d, e->name);
        put(d, "</var> 的数目");
        if (e->cond) {
            put(d, "（条件：");
            expr(d, e->cond);
            put(d, "）");
        }
        return;
    }
    put(d, zh ? " <var>" : "<var>");
    esc(d, e->name);
    put(d, "</var>");
    if (e->cond) {
        put(d, e->quant == POL_Q_ALL ? W(d, " satisfies: ", " 都满足：") : W(d, " such that ", " 满足："));
        expr(d, e->cond);
    }
}

static void call(Doc *d, const PolExpr *e)
{
    if (e->ref == POL_REF_BUILTIN && e->args.count >= 1) {
        static const char *const en[] = {[POL_BI_MIN] = "the smaller of ", [POL_BI_MAX] = "the larger of ",
                                         [POL_BI_YEAR] = "the year of ", [POL_BI_MONTH] = "the month of ",
                                         [POL_BI_DAY] = "the day of "};
        if (e->ref_index == POL_BI_MIN || e->ref_index == POL_BI_MAX) {
            if (d->lang == POL_LANG_EN)
                put(d, en[e->ref_index]);
            for (int i = 0; i < e->args.count; i++) {
                if (i)
                    put(d, i == e->args.count - 1 ? W(d, " and ", " 与 ") : W(d, ", ", "、"));
                operand(d, e->args.items[i]);
            }
            if (d->lang == POL_LANG_ZH)
                put(d, e->ref_index == POL_BI_MIN ? " 中较小者" : " 中较大者");
            return;
        }
        if (d->lang == POL_LANG_EN) {
            put(d, en[e->ref_index]);
            operand(d, e->args.items[0]);
        } else {
            static const char *const zh[] = {[POL_BI_YEAR] = " 的年份", [POL_BI_MONTH] = " 的月份", [POL_BI_DAY] = " 的日"};
            operand(d, e->args.items[0]);
            put(d, zh[e->ref_index]);
        }
        return;
    }
    if (e->ref == POL_REF_SCALE && e->args.count == 1) {
        if (d->lang == POL_LANG_ZH) {
            operand(d, e->args.items[0]);
            put(d, " 按税率表 ");
            link_to(d, "scale", e->name, "scale");
            put(d, " 计算的结果");
        } else {
            put(d, "the scale ");
            link_to(d, "scale", e->name, "scale");
            put(d, " applied to ");
            operand(d, e->args.items[0]);
        }
        return;
    }
    if (e->ref == POL_REF_DEFINE)
        link_to(d, "define", e->name, "define");
    else
        esc(d, e->name);
    put(d, "(");
    for (int i = 0; i < e->args.count; i++) {
        if (i)
            put(d, ", ");
        expr(d, e->args.items[i]);
    }
    put(d, ")");
}

static const char *round_words(const Doc *d, const PolExpr *e)
{
    static const char *const en[] = {"rounded down", "rounded up", "rounded half up", "rounded half even"};
    static const char *const zh[] = {"向下取整", "向上取整", "四舍五入", "四舍六入五成双"};
    const char *mode = (d->lang == POL_LANG_ZH ? zh : en)[e->round_mode];
    if (e->round_unit == POL_UNIT_FEN)
        return pol_strdup_printf("%s%s", mode, W(d, " to the fen", "到分"));
    if (e->round_unit == POL_UNIT_YUAN)
        return pol_strdup_printf("%s%s", mode, W(d, " to the yuan", "到元"));
    return mode;
}

static void expr(Doc *d, const PolExpr *e)
{
    char buf[64];
    switch (e->kind) {
    case POL_E_BOOL:
        put(d, e->lit.b ? W(d, "yes", "是") : W(d, "no", "否"));
        return;
    case POL_E_INT:
    case POL_E_DEC:
    case POL_E_DUR:
        put(d, "<span class=\"number\">");
        esc(d, pol_span_text(e->span));
        put(d, "</span>");
        return;
    case POL_E_MONEY:
        money(d, e->lit.fen);
        return;
    case POL_E_DATE:
        pol_date_format(e->lit.date, buf, sizeof buf);
        put(d, buf);
        return;
    case POL_E_TEXT:
        put(d, W(d, "“", "“"));
        esc(d, e->lit.text);
        put(d, W(d, "”", "”"));
        return;
    case POL_E_NAME:
    case POL_E_MEMBER:
        if (is_fact_read(e)) {
            fact_link(d, e->path);
            return;
        }
        if (e->kind == POL_E_MEMBER) {
            expr(d, e->left);
            put(d, ".");
            esc(d, e->name);
            return;
        }
        switch (e->ref) {
        case POL_REF_PARAM: link_to(d, "param", e->name, "param"); return;
        case POL_REF_DEFINE: link_to(d, "define", e->name, "define"); return;
        case POL_REF_MEASURE: link_to(d, "measure", e->name, "measure"); return;
        case POL_REF_ENUM_VALUE:
            put(d, "<code>");
            esc(d, e->name);
            put(d, "</code>");
            return;
        default:
            put(d, "<var>");
            esc(d, e->name);
            put(d, "</var>");
            return;
        }
    case POL_E_CALL:
        call(d, e);
        return;
    case POL_E_UNARY:
        if (e->op == POL_OP_NEG) {
            put(d, "−");
            operand(d, e->left);
        } else if (atomic(e->left)) {
            expr(d, e->left);
            put(d, W(d, " is no", " 为否"));
        } else {
            put(d, W(d, "not ", "并非"));
            operand(d, e->left);
        }
        return;
    case POL_E_BINARY:
        binary(d, e);
        return;
    case POL_E_IF:
        if (d->lang == POL_LANG_ZH) {
            put(d, "若 ");
            expr(d, e->cond);
            put(d, "，为 ");
            operand(d, e->left);
            put(d, "；否则为 ");
            operand(d, e->right);
        } else {
            operand(d, e->left);
            put(d, " if ");
            expr(d, e->cond);
            put(d, ", otherwise ");
            operand(d, e->right);
        }
        return;
    case POL_E_IN:
        operand(d, e->left);
        put(d, W(d, " is one of ", " 为 "));
        for (int i = 0; i < e->args.count; i++) {
            if (i)
                put(d, i == e->args.count - 1 ? W(d, " or ", " 或 ") : W(d, ", ", "、"));
            expr(d, e->args.items[i]);
        }
        if (d->lang == POL_LANG_ZH)
            put(d, " 之一");
        return;
    case POL_E_OTHERWISE:
        operand(d, e->left);
        put(d, W(d, " (when not given: ", "（未提供时为 "));
        expr(d, e->right);
        put(d, W(d, ")", "）"));
        return;
    case POL_E_PRESENT:
        if (d->lang == POL_LANG_ZH) {
            put(d, e->negated ? "未提供 " : "已提供 ");
            operand(d, e->left);
        } else {
            operand(d, e->left);
            put(d, e->negated ? " is not given" : " is given");
        }
        return;
    case POL_E_GRANTED:
        if (d->lang == POL_LANG_ZH)
            put(d, "已给予措施 ");
        else
            put(d, "measure ");
        link_to(d, "measure", e->left->name, "measure");
        if (d->lang == POL_LANG_EN)
            put(d, " is granted");
        return;
    case POL_E_QUANT:
        quant(d, e);
        return;
    case POL_E_ROUND:
        operand(d, e->left);
        put(d, W(d, ", ", "，"));
        put(d, round_words(d, e));
        return;
    case POL_E_EVAL_DATE:
        put(d, W(d, "the evaluation date", "评估日期"));
        return;
    case POL_E_POLICY_START:
        put(d, W(d, "the first day in force", "施行期的第一天"));
        return;
    case POL_E_POLICY_END:
        put(d, W(d, "the last day in force", "施行期的最后一天"));
        return;
    case POL_E_WITHIN:
        operand(d, e->left);
        put(d, W(d, " is within the period in force", " 在施行期内"));
        return;
    case POL_E_EARLIER:
        put(d, W(d, "the items this measure granted before this one", "本措施此前已给予的各项"));
        return;
    case POL_E_SOURCE_OF:
        if (d->lang == POL_LANG_ZH) {
            link_to(d, "param", e->name, "param");
            put(d, " 的依据");
        } else {
            put(d, "the source of ");
            link_to(d, "param", e->name, "param");
        }
        return;
    }
    put(d, "<code>");   /* a construct this page does not word yet: as written */
    esc(d, pol_span_text(e->span));
    put(d, "</code>");
}

/* `from D [through E]` before a dated clause: the days it holds. */
static void range_words(Doc *d, const PolRange *r)
{
    if (!r->has)
        return;
    put(d, "<span class=\"dated\">");
    if (d->lang == POL_LANG_ZH) {
        if (r->has_through)
            putf(d, "%s 至 %s：", date_text(r->from), date_text(r->through));
        else
            putf(d, "自 %s 起：", date_text(r->from));
    } else {
        if (r->has_through)
            putf(d, "from %s through %s: ", date_text(r->from), date_text(r->through));
        else
            putf(d, "from %s: ", date_text(r->from));
    }
    put(d, "</span>");
}

/* What a value cites after it: (source: ...; verified D). */
static void cite_words(Doc *d, const PolCite *c)
{
    if (!c->source && !c->has_verified)
        return;
    put(d, W(d, " <span class=\"cite\">(", " <span class=\"cite\">（"));
    if (c->source) {
        put(d, W(d, "source: ", "依据："));
        esc(d, c->source);
    }
    if (c->has_verified)
        putf(d, "%s%s %s", c->source ? W(d, "; ", "；") : "", W(d, "verified", "核验于"), date_text(c->verified));
    put(d, W(d, ")</span>", "）</span>"));
}

/* ---- comments: quotations and readings ---- */

typedef enum { PARA_NOTE, PARA_QUOTE, PARA_READING_ZH, PARA_READING_EN } ParaKind;
typedef struct Para { ParaKind kind; PolBuf text; } Para;
typedef struct Paras { int count; Para items[32]; } Paras;

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ascii_end(const PolBuf *b)
{
    return b->len > 0 && (unsigned char)b->data[b->len - 1] < 0x80;
}

/* Adds one comment line to the paragraphs: a line opening with “, 解读：
 * or Reading: starts a paragraph, an empty line ends one, any other line
 * continues the last (joined with a space between Latin words, without
 * between Chinese ones). */
static void para_line(Paras *ps, const char *line, bool *open)
{
    const char *t = line;
    while (*t == ' ')
        t++;
    if (!*t || starts(t, "----")) {
        *open = false;
        return;
    }
    ParaKind kind = PARA_NOTE;
    bool fresh = !*open;
    if (starts(t, "\xe2\x80\x9c"))   /* “ */
        kind = PARA_QUOTE, fresh = true;
    else if (starts(t, "解读："))
        kind = PARA_READING_ZH, fresh = true, t += strlen("解读：");
    else if (starts(t, "Reading:"))
        kind = PARA_READING_EN, fresh = true, t += strlen("Reading:");
    while (*t == ' ')
        t++;
    if (fresh) {
        if (ps->count == (int)(sizeof ps->items / sizeof ps->items[0]))
            return;
        ps->items[ps->count++] = (Para){kind, {0}};
    }
    Para *p = &ps->items[ps->count - 1];
    if (p->text.len && ascii_end(&p->text) && (unsigned char)*t < 0x80)
        pol_buf_puts(&p->text, " ");
    pol_buf_puts(&p->text, t);
    *open = true;
}

/* The comment lines of a declaration: the block right above it (up to a
 * blank line, code or a rule of dashes) and those inside its lines. */
static Paras comments_of(PolSpan span)
{
    Paras ps = {0};
    if (!span.src)
        return ps;
    int first = span.first_line;
    while (first > 1) {
        const char *c = pol_source_comment(span.src, first - 1);
        if (!c || starts(c, "----"))
            break;
        first--;
    }
    bool open = false;
    for (int l = first; l <= span.last_line; l++) {
        const char *c = pol_source_comment(span.src, l);
        if (c)
            para_line(&ps, c, &open);
        else if (l >= span.first_line)
            open = false;
    }
    return ps;
}

/* The heading of the part of the policy a measure opens: the nearest
 * comment line with a 、 ("一、建立梯度培育体系") right under a rule of
 * dashes, above the measure and below the measure before it (parameters
 * and definitions may stand between the heading and the measure). NULL
 * when there is none. */
static const char *heading_above(const Doc *d, int index)
{
    const PolDecl *m = d->c->measures.items[index];
    PolSpan span = pol_decl_extent(m);
    if (!span.src)
        return NULL;
    int stop = 0;
    if (index > 0) {
        PolSpan prev = pol_decl_extent(d->c->measures.items[index - 1]);
        if (prev.src == span.src)
            stop = prev.last_line;
    }
    for (int l = span.first_line - 1; l > stop + 1 && l >= 2; l--) {
        const char *c = pol_source_comment(span.src, l);
        const char *rule = pol_source_comment(span.src, l - 1);
        if (c && rule && starts(rule, "----") && strstr(c, "、"))
            return c;
    }
    return NULL;
}

static void quotes(Doc *d, const Paras *ps)
{
    for (int i = 0; i < ps->count; i++) {
        if (ps->items[i].kind != PARA_QUOTE)
            continue;
        put(d, "<blockquote class=\"quote\"><p>");
        esc(d, ps->items[i].text.data);
        put(d, "</p></blockquote>\n");
    }
}

/* The readings in the page's language (else the others) and the notes. */
static void readings(Doc *d, const Paras *ps)
{
    ParaKind mine = d->lang == POL_LANG_ZH ? PARA_READING_ZH : PARA_READING_EN;
    ParaKind other = d->lang == POL_LANG_ZH ? PARA_READING_EN : PARA_READING_ZH;
    bool have_mine = false;
    for (int i = 0; i < ps->count; i++)
        have_mine = have_mine || ps->items[i].kind == mine;
    for (int i = 0; i < ps->count; i++) {
        const Para *p = &ps->items[i];
        if (p->kind == mine || (p->kind == other && !have_mine)) {
            putf(d, "<div class=\"reading\"><p><strong>%s</strong>", W(d, "Reading: ", "解读："));
            esc(d, p->text.data);
            putf(d, "</p><p class=\"reading-note\">%s</p></div>\n",
                 W(d, "An interpretation by the drafters, not the text of the article.",
                   "这是起草人员对条文的解读，不是条文原文。"));
        } else if (p->kind == PARA_NOTE) {
            put(d, "<p class=\"note\">");
            esc(d, p->text.data);
            put(d, "</p>\n");
        }
    }
}

/* ---- the page ---- */

static bool own_file(const Doc *d, const PolDecl *decl)
{
    return decl->span.src && d->c->policy->span.src && decl->span.src == d->c->policy->span.src;
}

static void article_title(Doc *d, const char *article)
{
    if (!pol_article_numbered(article))
        esc(d, article);   /* an article named, not numbered: 稳岗返还 */
    else if (d->lang == POL_LANG_ZH)
        putf(d, "第%s条", article);
    else
        putf(d, "Article %s", article);
}

static void header(Doc *d)
{
    const PolDecl *p = d->c->policy;
    put(d, "<header>\n<h1>");
    esc(d, p->title ? p->title : p->name);
    put(d, "</h1>\n<dl class=\"policy\">\n");
    putf(d, "<dt>%s</dt><dd><code>", W(d, "Policy", "政策"));
    esc(d, p->name);
    put(d, "</code></dd>\n");
    if (p->source_doc) {
        putf(d, "<dt>%s</dt><dd>", W(d, "Source", "依据"));
        esc(d, p->source_doc);
        put(d, "</dd>\n");
    }
    putf(d, "<dt>%s</dt><dd>%s %s %s</dd>\n", W(d, "In force", "施行期"), date_text(d->c->force_from),
         W(d, "through", "至"), date_text(d->c->force_last));
    if (p->date_member) {
        putf(d, "<dt>%s</dt><dd>", W(d, "Evaluation date", "评估日期"));
        put(d, W(d, "the fact ", "事实 "));
        fact_link(d, p->date_member);
        put(d, W(d, " of each applicant (or the date given to polrun)", "（或运行时给出的日期）"));
        put(d, "</dd>\n");
    }
    if (p->id_member) {
        putf(d, "<dt>%s</dt><dd>", W(d, "Applicant identified by", "申请人标识"));
        fact_link(d, p->id_member);
        put(d, "</dd>\n");
    }
    if (p->applies) {
        putf(d, "<dt>%s</dt><dd>", W(d, "Applies when", "适用条件"));
        expr(d, p->applies);
        put(d, "</dd>\n");
    }
    put(d, "</dl>\n");
    Paras ps = comments_of(pol_decl_extent(p));
    quotes(d, &ps);
    readings(d, &ps);
    put(d, "</header>\n");
}

static void contents(Doc *d)
{
    putf(d, "<nav>\n<h2>%s</h2>\n<ol>\n", W(d, "Contents", "目录"));
    const PolDeclList *ms = &d->c->measures;
    const char *last = NULL;
    for (int i = 0; i < ms->count; i++) {
        const PolDecl *m = ms->items[i];
        const char *art = m->article ? m->article : "";
        if (last && strcmp(last, art) == 0)
            continue;
        last = art;
        put(d, "<li><a href=\"#article-");
        href(d, art);
        put(d, "\">");
        article_title(d, art);
        put(d, "</a></li>\n");
    }
    putf(d, "<li><a href=\"#parameters\">%s</a></li>\n", W(d, "Parameters", "参数"));
    if (d->c->scales.count)
        putf(d, "<li><a href=\"#scales\">%s</a></li>\n", W(d, "Scales", "税率表"));
    putf(d, "<li><a href=\"#definitions\">%s</a></li>\n", W(d, "Definitions", "定义"));
    putf(d, "<li><a href=\"#facts\">%s</a></li>\n", W(d, "Facts to collect", "需要收集的事实"));
    put(d, "</ol>\n</nav>\n");
}

static void amount(Doc *d, const PolDecl *m)
{
    putf(d, "<p class=\"amount\"><strong>%s</strong>", W(d, "Amount: ", "金额："));
    switch (m->basis) {
    case POL_BASIS_FIXED:
        put(d, W(d, "a fixed amount, ", "固定金额，"));
        expr(d, m->amount);
        break;
    case POL_BASIS_CAPPED:
        put(d, W(d, "a capped amount: ", "封顶金额："));
        expr(d, m->amount);
        break;
    case POL_BASIS_COMPUTED:
        put(d, W(d, "a computed amount: ", "计算金额："));
        expr(d, m->amount);
        break;
    case POL_BASIS_PER_REGULATION:
        put(d, W(d, "per regulation: the amount is set by separate rules", "按规定：金额由另行制定的办法确定"));
        break;
    case POL_BASIS_NON_MONETARY:
        put(d, W(d, "in kind: a service or a right, no money", "非资金支持：提供服务或资格，不给予资金"));
        break;
    }
    put(d, W(d, ".", "。"));
    if (m->zero_granted)
        put(d, W(d, " Granted even when the amount is zero.", "金额为零时也给予。"));
    put(d, "</p>\n");
    if (m->ncaps) {
        putf(d, "<p class=\"ceilings-title\"><strong>%s</strong></p>\n<ul class=\"ceilings\">\n",
             W(d, "Ceilings: the amount is at most", "上限：金额不超过"));
        for (int i = 0; i < m->ncaps; i++) {
            put(d, "<li>");
            range_words(d, &m->caps[i].range);
            expr(d, m->caps[i].expr);
            if (m->caps[i].if_present)
                put(d, W(d, " (when it is given)", "（已提供时）"));
            put(d, "</li>\n");
        }
        put(d, "</ul>\n");
    }
    if (m->source) {
        putf(d, "<p class=\"source\"><strong>%s</strong>", W(d, "Source: ", "依据："));
        expr(d, m->source);
        put(d, "</p>\n");
    }
}

/* The conditions from..to of a measure, as a numbered list under a title. */
static void conditions(Doc *d, const PolDecl *m, int from, int to, const char *title)
{
    putf(d, "<p><strong>%s</strong></p>\n<ol class=\"conditions\">\n", title);
    for (int i = from; i < to; i++) {
        put(d, "<li>");
        range_words(d, &m->cond_ranges[i]);
        expr(d, m->conds[i]);
        put(d, "</li>\n");
    }
    put(d, "</ol>\n");
}

/* A per-item measure: the list it goes through, in what order, what each
 * grant names and the conditions of each item. */
static void for_each(Doc *d, const PolDecl *m, int first)
{
    putf(d, "<p class=\"for-each\"><strong>%s</strong>", W(d, "Item by item: ", "逐项给予："));
    if (d->lang == POL_LANG_ZH) {
        put(d, "对 ");
        operand(d, m->items);
        put(d, " 中的每个 <var>");
        esc(d, m->item_var);
        put(d, "</var>");
        if (m->order) {
            put(d, "（按 ");
            expr(d, m->order);
            put(d, " 的先后）");
        }
        put(d, "，逐项判断，每项单独给予。");
    } else {
        put(d, "for each <var>");
        esc(d, m->item_var);
        put(d, "</var> in ");
        operand(d, m->items);
        if (m->order) {
            put(d, ", in the order of ");
            expr(d, m->order);
        }
        put(d, ", each item is decided and granted on its own.");
    }
    put(d, "</p>\n");
    if (m->nsubject) {
        putf(d, "<p class=\"subject\"><strong>%s</strong>", W(d, "Each grant names: ", "每项给予的对象："));
        for (int i = 0; i < m->nsubject; i++) {
            if (i)
                put(d, W(d, ", ", "，"));
            put(d, "<code>");
            esc(d, m->subject_names[i]);
            putf(d, "</code>%s", W(d, " = ", " 为 "));
            expr(d, m->subject_values[i]);
        }
        put(d, W(d, ".</p>\n", "。</p>\n"));
    }
    if (first < m->nconds)
        conditions(d, m, first, m->nconds,
                   W(d, "Each item is granted when all of these hold:", "每一项同时满足以下条件时给予："));
}

static void measure(Doc *d, const PolDecl *m)
{
    put(d, "<article class=\"measure\" id=\"measure-");
    esc(d, m->name);
    put(d, "\">\n<h3>");
    esc(d, m->title_text ? m->title_text : m->name);
    put(d, " <code class=\"name\">");
    esc(d, m->name);
    put(d, "</code></h3>\n");
    Paras ps = comments_of(pol_decl_extent(m));
    put(d, "<div class=\"text\">\n");
    quotes(d, &ps);
    put(d, "</div>\n<div class=\"rules\">\n");
    if (m->nresponsible) {
        putf(d, "<p class=\"responsible\"><strong>%s</strong>", W(d, "Responsible: ", "责任单位："));
        for (int i = 0; i < m->nresponsible; i++) {
            if (i)
                put(d, W(d, ", ", "、"));
            esc(d, m->responsible[i]);
        }
        put(d, "</p>\n");
    }
    if (m->in_force.has) {
        putf(d, "<p class=\"in-force\"><strong>%s</strong>", W(d, "In force: ", "施行期："));
        if (m->in_force.has_through)
            putf(d, "%s %s %s", date_text(m->in_force.from), W(d, "through", "至"), date_text(m->in_force.through));
        else
            putf(d, "%s%s%s", W(d, "from ", "自 "), date_text(m->in_force.from), W(d, "", " 起"));
        put(d, "</p>\n");
    }
    int before = m->item_var ? m->item_conds : m->nconds;
    if (before)
        conditions(d, m, 0, before, W(d, "Granted when all of these hold:", "同时满足以下条件时给予："));
    else if (!m->item_var)
        putf(d, "<p>%s</p>\n", W(d, "Granted without conditions of its own.", "无其他条件。"));
    if (m->item_var)
        for_each(d, m, before);
    amount(d, m);
    readings(d, &ps);
    put(d, "</div>\n</article>\n");
}

static void articles(Doc *d)
{
    const PolDeclList *ms = &d->c->measures;
    for (int i = 0; i < ms->count;) {
        const char *art = ms->items[i]->article ? ms->items[i]->article : "";
        put(d, "<section class=\"article\" id=\"article-");
        esc(d, art);
        put(d, "\">\n<h2>");
        article_title(d, art);
        const char *heading = heading_above(d, i);
        if (heading) {
            const char *sep = strstr(heading, "、");
            put(d, "　");
            esc(d, sep + strlen("、"));
        }
        put(d, "</h2>\n");
        for (; i < ms->count && strcmp(ms->items[i]->article ? ms->items[i]->article : "", art) == 0; i++)
            measure(d, ms->items[i]);
        put(d, "</section>\n");
    }
}

static void type_words(Doc *d, const PolType *t)
{
    switch (t->kind) {
    case POL_T_BOOL: put(d, W(d, "yes or no", "真假值")); return;
    case POL_T_INT: put(d, W(d, "integer", "整数")); return;
    case POL_T_DEC: put(d, W(d, "decimal", "小数")); return;
    case POL_T_MONEY: put(d, W(d, "money (yuan)", "金额（元）")); return;
    case POL_T_UMONEY: put(d, W(d, "unrounded money", "未取整的金额")); return;
    case POL_T_DATE: put(d, W(d, "date", "日期")); return;
    case POL_T_DUR: put(d, W(d, "duration", "期限")); return;
    case POL_T_TEXT: put(d, W(d, "text", "文本")); return;
    case POL_T_ENUM:
        put(d, W(d, "one of ", ""));
        for (int i = 0; i < t->enumeration->count; i++) {
            if (i)
                put(d, W(d, ", ", "、"));
            put(d, "<code>");
            esc(d, t->enumeration->values[i]);
            put(d, "</code>");
        }
        put(d, W(d, "", " 之一"));
        return;
    case POL_T_RECORD: put(d, W(d, "a record (its members below)", "记录（成员见下）")); return;
    case POL_T_LIST:
        put(d, W(d, "a list of ", "列表，每项为"));
        type_words(d, t->inner);
        return;
    case POL_T_OPT: type_words(d, t->inner); return;
    case POL_T_ERROR: return;
    }
}

static const char *trailing_comment(const PolSpan span)
{
    if (!span.src)
        return NULL;
    size_t len;
    const char *t = pol_source_line(span.src, span.first_line, &len);
    bool in_text = false;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '"')
            in_text = !in_text;
        else if (t[i] == '#' && !in_text) {
            i++;
            while (i < len && t[i] == ' ')
                i++;
            return GC_STRNDUP(t + i, len - i);
        }
    }
    return NULL;
}

static void fact_rows(Doc *d, const PolRecord *r, const char *prefix)
{
    for (int i = 0; i < r->count; i++) {
        const PolMember *m = &r->members[i];
        const char *path = *prefix ? pol_strdup_printf("%s.%s", prefix, m->name) : m->name;
        put(d, "<tr id=\"fact-");
        esc(d, path);
        put(d, "\"><td><code>");
        esc(d, path);
        put(d, "</code></td><td>");
        type_words(d, m->type);
        put(d, "</td><td>");
        switch (m->presence) {
        case POL_PRESENCE_REQUIRED: put(d, W(d, "required", "必须")); break;
        case POL_PRESENCE_NULLABLE: put(d, W(d, "required, may be null", "必须，可为 null")); break;
        case POL_PRESENCE_OPTIONAL: put(d, W(d, "optional", "可选")); break;
        case POL_PRESENCE_REQUIRED_WHEN: {
            const PolMember *k = &r->members[m->when_member];
            put(d, W(d, "required when ", "当 "));
            put(d, "<code>");
            esc(d, k->name);
            putf(d, "</code> %s <code>", m->nwhen == 1 ? W(d, "is", "为") : W(d, "is one of", "为以下之一"));
            for (int v = 0; v < m->nwhen; v++) {
                if (v)
                    put(d, ", ");
                esc(d, k->type->kind == POL_T_ENUM ? k->type->enumeration->values[m->when_values[v]] : "?");
            }
            put(d, W(d, "</code>", "</code> 时必须"));
            if (m->absent_otherwise)
                put(d, W(d, ", absent otherwise", "，否则不得出现"));
            break;
        }
        }
        bool items = m->type->kind == POL_T_LIST;
        if (m->has_min)
            putf(d, "%s%lld%s", W(d, "; at least ", items ? "；不少于 " : "；不小于 "), (long long)m->min,
                 items ? W(d, m->min == 1 ? " item" : " items", " 项") : "");
        if (m->has_max)
            putf(d, "%s%lld%s", W(d, "; at most ", items ? "；不多于 " : "；不大于 "), (long long)m->max,
                 items ? W(d, m->max == 1 ? " item" : " items", " 项") : "");
        put(d, "</td><td>");
        const char *note = trailing_comment(m->span);
        if (note)
            esc(d, note);
        put(d, "</td></tr>\n");
        const PolType *t = m->type;
        if (t->kind == POL_T_LIST)
            t = t->inner;
        if (t->kind == POL_T_RECORD)
            fact_rows(d, t->record, m->type->kind == POL_T_LIST ? pol_strdup_printf("%s[]", path) : path);
    }
}

static void facts(Doc *d)
{
    putf(d, "<section id=\"facts\">\n<h2>%s</h2>\n", W(d, "Facts to collect", "需要收集的事实"));
    putf(d, "<p>%s</p>\n", W(d, "What each applicant must give (a member of a list of records is written list[].member).",
                             "每个申请人需要提供的情况（列表中每一项的成员写作 列表[].成员）。"));
    putf(d, "<table class=\"facts\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
         W(d, "Member", "成员"), W(d, "Kind of value", "类型"), W(d, "Required", "是否必须"), W(d, "Note", "说明"));
    if (d->c->facts)
        fact_rows(d, d->c->facts, "");
    put(d, "</tbody>\n</table>\n</section>\n");
}

static void parameters(Doc *d)
{
    putf(d, "<section id=\"parameters\">\n<h2>%s</h2>\n", W(d, "Parameters", "参数"));
    if (!d->c->params.count) {
        putf(d, "<p>%s</p>\n</section>\n", W(d, "None.", "无。"));
        return;
    }
    putf(d, "<table class=\"parameters\">\n<thead><tr><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
         W(d, "Parameter", "参数"), W(d, "Value", "值"));
    for (int i = 0; i < d->c->params.count; i++) {
        const PolDecl *p = d->c->params.items[i];
        put(d, "<tr id=\"param-");
        esc(d, p->name);
        put(d, "\"><td><code>");
        esc(d, p->name);
        put(d, "</code></td><td>");
        if (p->value)
            expr(d, p->value);
        if (p->steps.count) {
            put(d, "<ul class=\"steps\">\n");
            for (int k = 0; k < p->steps.count; k++) {
                const PolStepDecl *st = &p->steps.items[k];
                put(d, "<li>");
                range_words(d, &(PolRange){.has = true, .from = st->from});
                if (st->value)
                    expr(d, st->value);
                else
                    put(d, W(d, "not in force", "不施行"));
                cite_words(d, &st->cite);
                put(d, "</li>\n");
            }
            put(d, "</ul>");
        }
        put(d, "</td></tr>\n");
    }
    put(d, "</tbody>\n</table>\n</section>\n");
}

/* A scale as the table of the law: each bracket's bound, rate and quick
 * deduction, with how they are applied. */
static void scale(Doc *d, const PolDecl *sc)
{
    put(d, "<article class=\"scale\" id=\"scale-");
    esc(d, sc->name);
    put(d, "\">\n<h3>");
    esc(d, sc->name);
    put(d, "</h3>\n");
    Paras ps = comments_of(pol_decl_extent(sc));
    quotes(d, &ps);
    if (sc->source_doc) {
        putf(d, "<p class=\"source\"><strong>%s</strong>", W(d, "Source: ", "依据："));
        esc(d, sc->source_doc);
        put(d, "</p>\n");
    }
    bool deductions = !sc->scale_marginal;
    putf(d, "<p>%s</p>\n",
         deductions ? W(d, "The result is the base times the rate of the bracket it falls in, less that bracket's "
                           "quick deduction.",
                        "结果为基数乘以其所在级的税率，减去该级的速算扣除数。")
                    : W(d, "Each rate applies to the part of the base within its bracket; the results are added.",
                        "超额累进：各级税率分别适用于基数落在该级的部分，再相加。"));
    putf(d, "<table class=\"scale\">\n<thead><tr><th>%s</th><th>%s</th>", W(d, "Base", "基数"), W(d, "Rate", "税率"));
    if (deductions)
        putf(d, "<th>%s</th>", W(d, "Quick deduction", "速算扣除数"));
    put(d, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < sc->nbrackets; i++) {
        const PolBracketDecl *b = &sc->brackets[i];
        put(d, "<tr><td>");
        if (b->bound) {
            if (i) {
                put(d, W(d, "above ", "超过 "));
                expr(d, sc->brackets[i - 1].bound);
                put(d, W(d, ", up to ", "至 "));
            } else {
                put(d, W(d, "up to ", "不超过 "));
            }
            expr(d, b->bound);
            if (i && d->lang == POL_LANG_ZH)
                put(d, " 的部分");
        } else {
            put(d, W(d, "above ", "超过 "));
            if (i)
                expr(d, sc->brackets[i - 1].bound);
            if (d->lang == POL_LANG_ZH)
                put(d, " 的部分");
        }
        put(d, "</td><td>");
        expr(d, b->rate);
        put(d, "</td>");
        if (deductions) {
            put(d, "<td>");
            if (b->deduction)
                expr(d, b->deduction);
            put(d, "</td>");
        }
        put(d, "</tr>\n");
    }
    put(d, "</tbody>\n</table>\n");
    readings(d, &ps);
    put(d, "</article>\n");
}

static void scales(Doc *d)
{
    if (!d->c->scales.count)
        return;
    putf(d, "<section id=\"scales\">\n<h2>%s</h2>\n", W(d, "Scales", "税率表"));
    for (int i = 0; i < d->c->scales.count; i++)
        scale(d, d->c->scales.items[i]);
    put(d, "</section>\n");
}

static void rule(Doc *d, const PolRule *r)
{
    put(d, "<li>");
    if (r->kind == POL_RULE_DEFAULT) {
        put(d, W(d, "otherwise: ", "其他情况下为 "));
        expr(d, r->value);
        put(d, "</li>\n");
        return;
    }
    if (r->kind == POL_RULE_EXCEPTION) {
        put(d, W(d, "exception", "例外"));
        if (r->target) {
            put(d, W(d, " to rule ", "（对规则 "));
            esc(d, r->target);
            put(d, W(d, "", "）"));
        }
    } else {
        put(d, W(d, "rule", "规则"));
    }
    if (r->label) {
        put(d, " <code>");
        esc(d, r->label);
        put(d, "</code>");
    }
    put(d, W(d, ": ", "："));
    range_words(d, &r->range);
    if (r->cond) {
        put(d, W(d, "when ", "当 "));
        expr(d, r->cond);
        put(d, W(d, ", ", " 时，为 "));
    }
    expr(d, r->value);
    cite_words(d, &r->cite);
    put(d, "</li>\n");
}

static void definition(Doc *d, const PolDecl *f)
{
    put(d, "<article class=\"definition\" id=\"define-");
    esc(d, f->name);
    put(d, "\">\n<h3><code>");
    esc(d, f->name);
    if (f->nparams) {
        put(d, "(");
        for (int i = 0; i < f->nparams; i++) {
            if (i)
                put(d, ", ");
            putf(d, "<var>%s</var>", f->params[i].name);
        }
        put(d, ")");
    }
    put(d, "</code>");
    if (!own_file(d, f) && f->span.src) {
        put(d, " <span class=\"from\">");
        put(d, W(d, "(from ", "（见 "));
        esc(d, f->span.src->name ? f->span.src->name : f->span.src->path);
        put(d, W(d, ")", "）"));
        put(d, "</span>");
    }
    put(d, "</h3>\n");
    Paras ps = comments_of(pol_decl_extent(f));
    quotes(d, &ps);
    if (f->nrules == 1 && f->rules[0].kind == POL_RULE_BASE && !f->rules[0].cond && !f->rules[0].label) {
        put(d, "<p>");
        putf(d, "%s", W(d, "Is: ", "为："));
        expr(d, f->rules[0].value);
        put(d, "</p>\n");
    } else {
        put(d, "<ul class=\"rules\">\n");
        for (int i = 0; i < f->nrules; i++)
            rule(d, &f->rules[i]);
        put(d, "</ul>\n");
    }
    readings(d, &ps);
    put(d, "</article>\n");
}

static void definitions(Doc *d)
{
    putf(d, "<section id=\"definitions\">\n<h2>%s</h2>\n", W(d, "Definitions", "定义"));
    for (int i = 0; i < d->c->defines.count; i++)
        definition(d, d->c->defines.items[i]);
    put(d, "</section>\n");
}

const char *pol_doc_html(const PolChecked *checked, PolLang lang)
{
    Doc d = {{0}, lang, checked};
    const PolDecl *p = checked->policy;
    putf(&d, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", W(&d, "en", "zh-CN"));
    put(&d, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(&d, p->title ? p->title : p->name);
    put(&d, "</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n");
    header(&d);
    contents(&d);
    put(&d, "<main>\n");
    articles(&d);
    parameters(&d);
    scales(&d);
    definitions(&d);
    facts(&d);
    put(&d, "</main>\n<footer><p>");
    put(&d, W(&d, "Written by <code>polrun doc</code> from the policy file; the decisions are those of the file.",
              "本页由 <code>polrun doc</code> 根据政策文件生成；决定以政策文件为准。"));
    put(&d, "</p></footer>\n</body>\n</html>\n");
    return d.out.data;
}

const char pol_doc_css[] =
    "/* The reviewer's page of a policy (polrun doc). */\n"
    "body { margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #1d1d1f; background: #fff;\n"
    "       font: 16px/1.6 \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif; }\n"
    "h1 { font-size: 1.7rem; margin: 0.5rem 0; }\n"
    "h2 { font-size: 1.35rem; border-bottom: 2px solid #2b5797; padding-bottom: 0.2rem; margin-top: 2.5rem; }\n"
    "h3 { font-size: 1.1rem; margin: 0 0 0.5rem; grid-column: 1 / -1; }\n"
    "code { font-family: \"DejaVu Sans Mono\", monospace; font-size: 0.9em; background: #f2f4f7; padding: 0 0.2em;\n"
    "       border-radius: 3px; }\n"
    "code.name { color: #667; background: none; font-weight: normal; }\n"
    "var { font-style: italic; }\n"
    "a { color: #2b5797; text-decoration: none; } a:hover { text-decoration: underline; }\n"
    "dl.policy { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }\n"
    "dl.policy dt { font-weight: bold; } dl.policy dd { margin: 0; }\n"
    "nav ol { columns: 3; }\n"
    "article.measure { display: grid; grid-template-columns: 2fr 3fr; gap: 1rem 2rem; padding: 1rem 0;\n"
    "                  border-bottom: 1px solid #dde; }\n"
    "blockquote.quote { margin: 0 0 0.8rem; padding: 0.5rem 1rem; border-left: 4px solid #8a8f98;\n"
    "                   background: #f7f7f9; font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", serif; }\n"
    "blockquote.quote p { margin: 0; }\n"
    "ol.conditions li, ul.ceilings li { margin: 0.2rem 0; }\n"
    ".money .figures { color: #555; }\n"
    ".reading { border: 1px solid #e0b84c; background: #fff8e1; padding: 0.4rem 0.8rem; margin: 0.8rem 0;\n"
    "           border-radius: 4px; }\n"
    ".reading p { margin: 0.2rem 0; } .reading-note { font-size: 0.85em; color: #7a5a00; }\n"
    ".note { color: #555; }\n"
    "article.definition { padding: 0.6rem 0; border-bottom: 1px solid #eee; }\n"
    ".from { font-weight: normal; font-size: 0.85em; color: #667; }\n"
    "table { border-collapse: collapse; width: 100%; }\n"
    "th, td { border: 1px solid #ccd; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }\n"
    "th { background: #eef2f8; }\n"
    ":target { outline: 2px solid #2b5797; }\n"
    "footer { margin-top: 3rem; font-size: 0.85em; color: #667; }\n"
    "@media (max-width: 50rem) { article.measure { grid-template-columns: 1fr; } nav ol { columns: 1; } }\n"
    "@media print { nav { display: none; } a { color: inherit; } article.measure { break-inside: avoid; } }\n";

static bool write_file(const char *dir, const char *name, const char *text, PolDiags *ds)
{
    const char *path = pol_strdup_printf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    size_t n = strlen(text);
    bool ok = f && fwrite(text, 1, n, f) == n;
    int err = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok)
        pol_diag(ds, POL_E1001_cannot_write, (PolSpan){0}, NULL, path, pol_strerror(ds->lang, err ? err : EIO));
    return ok;
}

bool pol_doc_write(const PolChecked *checked, PolLang lang, const char *dir, PolDiags *ds)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        pol_diag(ds, POL_E1001_cannot_write, (PolSpan){0}, NULL, dir, pol_strerror(ds->lang, errno));
        return false;
    }
    return write_file(dir, "index.html", pol_doc_html(checked, lang), ds) &&
           write_file(dir, "style.css", pol_doc_css, ds);
}
