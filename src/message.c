/*
 * message.c — the registry's messages (MSG), and text shown in a language.
 */
#include <errno.h>
#include <gc.h>
#include <stdlib.h>
#include <string.h>
#include "message.h"
#include "text.h"

static const char *const msg_table[POL_MSG_COUNT][2] = {
#define MSG(name, en, zh) [POL_MSG_##name] = {en, zh},
#include "diagnostics.h"
#undef MSG
};

static int lang_index(PolLang lang)
{
    return lang == POL_LANG_ZH ? 1 : 0;
}

PolLang pol_lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? POL_LANG_ZH : POL_LANG_EN;
    }
    return POL_LANG_EN;
}

bool pol_lang_parse(const char *s, PolLang *lang)
{
    if (strcmp(s, "en") == 0)
        *lang = POL_LANG_EN;
    else if (strcmp(s, "zh") == 0)
        *lang = POL_LANG_ZH;
    else
        return false;
    return true;
}

/* ---- Chinese spacing ---- */

static bool is_han(unsigned c)
{
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/* Chinese text with a space between a Han character and `code` next to it;
 * the code itself is never touched. */
static const char *zh_spaced(const char *s)
{
    size_t n = strlen(s);
    char *out = GC_MALLOC_ATOMIC(n * 2 + 1);
    size_t k = 0;
    bool in_code = false;
    unsigned prev = 0;   /* the last character outside code, or '`' closing code */
    for (const char *p = s; *p;) {
        size_t len = pol_utf8_char_len(p, (size_t)(s + n - p));
        unsigned c = pol_utf8_len(p, len) == len ? pol_utf8_decode(p, len) : 0;
        if (*p == '`') {
            if (!in_code && is_han(prev))
                out[k++] = ' ';
            in_code = !in_code;
        } else if (!in_code && prev == '`' && is_han(c)) {
            out[k++] = ' ';
        }
        if (!in_code || *p == '`')
            prev = *p == '`' ? '`' : c;
        memcpy(out + k, p, len);
        k += len;
        p += len;
    }
    out[k] = '\0';
    return out;
}

const char *pol_localize(PolLang lang, const char *s)
{
    return s && lang == POL_LANG_ZH ? zh_spaced(s) : s;
}

/* ---- articles ---- */

bool pol_article_numbered(const char *article)
{
    static const char *const numerals[] = {"〇", "零", "一", "二", "三", "四", "五", "六", "七",
                                           "八", "九", "十", "百", "千", "两"};
    if (!article || !*article)
        return false;
    for (const char *s = article; *s;) {
        if ((*s >= '0' && *s <= '9') || *s == '.') {
            s++;
            continue;
        }
        size_t i = 0, n = sizeof numerals / sizeof numerals[0];
        while (i < n && strncmp(s, numerals[i], strlen(numerals[i])) != 0)
            i++;
        if (i == n)
            return false;
        s += strlen(numerals[i]);
    }
    return true;
}

const char *pol_article_label(PolLang lang, const char *article)
{
    if (!article)
        return "?";
    return pol_article_numbered(article) ? pol_msg(lang, POL_MSG_article_numbered, article) : article;
}

/* ---- messages ---- */

const char *pol_msg_format(PolLang lang, PolMsg m)
{
    return msg_table[m][lang_index(lang)];
}

const char *pol_vmsg(PolLang lang, PolMsg m, va_list ap)
{
    return pol_localize(lang, pol_strdup_vprintf(pol_msg_format(lang, m), ap));
}

const char *pol_msg(PolLang lang, PolMsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    const char *s = pol_vmsg(lang, m, ap);
    va_end(ap);
    return s;
}

const char *pol_strerror(PolLang lang, int errnum)
{
    switch (errnum) {
    case ENOENT: return pol_msg(lang, POL_MSG_errno_noent);
    case EACCES: return pol_msg(lang, POL_MSG_errno_acces);
    case EISDIR: return pol_msg(lang, POL_MSG_errno_isdir);
    case EIO: return pol_msg(lang, POL_MSG_errno_io);
    case ENOSPC: return pol_msg(lang, POL_MSG_errno_nospc);
    case EFBIG: return pol_msg(lang, POL_MSG_errno_fbig);
    case EPIPE: return pol_msg(lang, POL_MSG_errno_pipe);
    default: return strerror(errnum);
    }
}
