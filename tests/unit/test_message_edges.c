/*
 * test_message_edges.c — the language of messages (message.h) at its
 * edges: chosen from LC_ALL, LC_MESSAGES and LANG in that order, empty
 * ones passed over; --lang's two words and nothing else; every system
 * error polrun words itself, in both languages, the others as the system
 * says them; an article without a number; the space between a Han
 * character of CJK Extension A and code.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <gc.h>
#include <stdlib.h>
#include <string.h>
#include "message.h"

static void setup(void)
{
    GC_INIT();
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
}

#define T(name) Test(message_edges, name, .init = setup)

T(language_from_the_environment_in_order)
{
    cr_assert_eq(pol_lang_from_env(), POL_LANG_EN, "none set: English");
    setenv("LANG", "zh_CN.UTF-8", 1);
    cr_assert_eq(pol_lang_from_env(), POL_LANG_ZH);
    setenv("LC_MESSAGES", "", 1);   /* empty: passed over */
    cr_assert_eq(pol_lang_from_env(), POL_LANG_ZH);
    setenv("LC_MESSAGES", "C", 1);
    cr_assert_eq(pol_lang_from_env(), POL_LANG_EN, "LC_MESSAGES before LANG");
    setenv("LC_ALL", "zh_TW.UTF-8", 1);
    cr_assert_eq(pol_lang_from_env(), POL_LANG_ZH, "LC_ALL first");
    setenv("LC_ALL", "", 1);
    cr_assert_eq(pol_lang_from_env(), POL_LANG_EN, "an empty LC_ALL passed over");
}

T(lang_option_takes_two_words)
{
    PolLang lang = POL_LANG_EN;
    cr_assert(pol_lang_parse("zh", &lang));
    cr_assert_eq(lang, POL_LANG_ZH);
    cr_assert(pol_lang_parse("en", &lang));
    cr_assert_eq(lang, POL_LANG_EN);
    static const char *const refused[] = {"zh_CN", "ZH", "", "e", "english"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        lang = POL_LANG_ZH;
        cr_assert_not(pol_lang_parse(refused[i], &lang), "`%s` taken", refused[i]);
        cr_assert_eq(lang, POL_LANG_ZH, "left as it was");
    }
}

T(system_errors_in_each_language)
{
    static const struct { int e; const char *en, *zh; } worded[] = {
        {ENOENT, "No such file or directory", "没有这个文件或目录"},
        {EACCES, "Permission denied", "没有读取权限"},
        {EISDIR, "Is a directory", "这是一个目录"},
        {EIO, "Input/output error", "输入输出错误"},
        {ENOSPC, "No space left on device", "设备上没有剩余空间"},
        {EFBIG, "File too large", "文件过大"},
        {EPIPE, "Broken pipe", "管道已断开"},
    };
    for (size_t i = 0; i < sizeof worded / sizeof *worded; i++) {
        cr_assert_str_eq(pol_strerror(POL_LANG_EN, worded[i].e), worded[i].en);
        cr_assert_str_eq(pol_strerror(POL_LANG_ZH, worded[i].e), worded[i].zh);
    }
    /* another: the system's words, in either language */
    cr_assert_str_eq(pol_strerror(POL_LANG_ZH, EMLINK), strerror(EMLINK));
    cr_assert_str_eq(pol_strerror(POL_LANG_EN, EMLINK), strerror(EMLINK));
}

T(article_labels)
{
    cr_assert_str_eq(pol_article_label(POL_LANG_EN, NULL), "?");
    cr_assert_str_eq(pol_article_label(POL_LANG_ZH, NULL), "?");
    cr_assert_str_eq(pol_article_label(POL_LANG_EN, "三"), "art. 三");
    cr_assert_str_eq(pol_article_label(POL_LANG_ZH, "三"), "第三条");
    cr_assert_str_eq(pol_article_label(POL_LANG_ZH, "附则"), "附则", "a heading that is no number, as it is");
}

T(han_of_extension_a_is_spaced_from_code)
{
    /* U+3400 (CJK Extension A) and U+4E00 (the main block) alike */
    cr_assert_str_eq(pol_localize(POL_LANG_ZH, "\xe3\x90\x80`x`\xe4\xb8\x80"), "\xe3\x90\x80 `x` \xe4\xb8\x80");
    /* English is left alone */
    cr_assert_str_eq(pol_localize(POL_LANG_EN, "\xe3\x90\x80`x`"), "\xe3\x90\x80`x`");
}
