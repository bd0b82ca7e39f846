/*
 * message.h — the messages (MSG) of the registry src/diagnostics.h in
 * words, English or Chinese; the codes' texts are diag.h's.
 *
 * The language is an argument of every function here, never a setting of
 * the process: a server may answer one request in English and the next in
 * Chinese, on any thread.
 */
#ifndef POL_MESSAGE_H
#define POL_MESSAGE_H

#include <stdarg.h>
#include <stdbool.h>
#include "diagnostics.h"

typedef enum PolLang { POL_LANG_EN, POL_LANG_ZH } PolLang;

/* The language of the environment: LC_ALL, else LC_MESSAGES, else LANG;
 * one starting with "zh" is Chinese, anything else English. */
PolLang pol_lang_from_env(void);
/* "zh" or "en"; false for anything else. */
bool pol_lang_parse(const char *s, PolLang *lang);

/* Message m (MSG of the registry) formatted in lang, on the GC heap. In
 * Chinese, a space is put between a Han character and `code` next to it
 * (pol_localize). */
const char *pol_msg(PolLang lang, PolMsg m, ...);
const char *pol_vmsg(PolLang lang, PolMsg m, va_list ap);
/* Its printf format in lang, for printf-like functions. */
const char *pol_msg_format(PolLang lang, PolMsg m);

/* Text in lang as it is shown: in Chinese, a space between a Han character
 * and inline code in backticks where none separates them; s itself
 * otherwise. NULL stays NULL. */
const char *pol_localize(PolLang lang, const char *s);
/* Whether an article's name is a number ("3", "3.2", "十二"): such an
 * article is called 第十二条 / art. 12; one named otherwise ("稳岗返还")
 * by its name. */
bool pol_article_numbered(const char *article);
/* How a message names an article: 第三条 or art. 3 when numbered, else
 * its name as written. */
const char *pol_article_label(PolLang lang, const char *article);
/* strerror in lang for the common cases. */
const char *pol_strerror(PolLang lang, int errnum);

#endif
