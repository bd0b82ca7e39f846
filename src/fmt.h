/*
 * fmt.h — polrun fmt: the canonical layout of .pol files.
 */
#ifndef POL_FMT_H
#define POL_FMT_H

#include <stddef.h>
#include <stdio.h>
#include "diag.h"
#include "keywords.h"
#include "source.h"

typedef enum PolFmtMode {
    POL_FMT_PRINT,      /* print the formatted text of each file */
    POL_FMT_WRITE,      /* rewrite each file that is not formatted */
    POL_FMT_CHECK,      /* list the files that are not formatted */
    POL_FMT_DUMP_AST    /* print each file's syntax tree without locations (astdump.h) */
} PolFmtMode;

/* The canonical layout of src, which must parse without errors (callers
 * parse first). Only whitespace between tokens changes: tokens and
 * comments are kept in order, spelled as written; lines end as the first
 * line of src does (\r\n or \n). NULL if the result would not scan to the
 * same tokens (an internal error, reported to ds). */
char *pol_fmt_text(const PolSource *src, size_t *len, PolDiags *ds);

/* `polrun fmt`: each path ("-": standard input; not with POL_FMT_WRITE,
 * which the caller refuses), the result on standard output or in the
 * files, what goes wrong to ds, and for each file that does not parse a
 * closing line to summary (NULL: none). Returns the exit status: 0, or 1
 * (a file does not parse, is not formatted under POL_FMT_CHECK, or cannot
 * be written). */
int pol_fmt_files(const char *const *paths, int npaths, PolFmtMode mode, PolDiags *ds, FILE *summary);
/* The same, each file converted to the keywords of set (`polrun fmt
 * --keywords`; POL_KW_UNDECIDED: kept as written). */
int pol_fmt_files_to(const char *const *paths, int npaths, PolFmtMode mode, PolKeywordSet set, PolDiags *ds, FILE *summary);

/* The canonical layout of src in the keywords of set: every keyword and
 * contextual word, the units of durations and dates written 2025年3月1日
 * (as 2025-03-01 in English) in the other set; names, text and comments as
 * written. The result must parse to the same tree, or NULL (reported). */
char *pol_fmt_convert(const PolSource *src, PolKeywordSet set, size_t *len, PolDiags *ds);

/* What a token is to an editor that colours it (the language server's
 * semantic tokens): a keyword (a contextual word in its place included),
 * a built-in type name, a name, a literal, text, a comment or an operator;
 * brackets and separators are not listed. */
typedef enum PolTokenClass {
    POL_TC_KEYWORD, POL_TC_TYPE, POL_TC_NAME, POL_TC_NUMBER, POL_TC_STRING, POL_TC_COMMENT, POL_TC_OPERATOR
} PolTokenClass;
typedef struct PolClassedToken {
    int line, col, end_col;     /* 1-based line; 0-based columns in characters, end exclusive */
    PolTokenClass cls;
} PolClassedToken;
/* The tokens of src in order, each on its line (a token over several
 * lines is left out), read as far as src scans and parses: a file with
 * errors gets its contextual words as far as the parser read them. */
PolClassedToken *pol_fmt_classify(const PolSource *src, int *count);

#endif
