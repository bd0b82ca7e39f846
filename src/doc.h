/*
 * doc.h — `polrun doc`: a checked policy as a static HTML page for a legal
 * reviewer who does not read code (docs/cli.md).
 */
#ifndef POL_DOC_H
#define POL_DOC_H

#include <stdbool.h>
#include "check.h"
#include "diag.h"
#include "message.h"

/* The page: each article's quoted text beside its measures' rules written
 * as sentences (in lang), conditions as a list, amounts and ceilings in
 * words and figures, readings marked as interpretations, parameters with
 * their values, definitions linked where they are used, and the facts to
 * collect as a table. Plain HTML, no script; its style is pol_doc_css,
 * linked as "style.css". */
const char *pol_doc_html(const PolChecked *checked, PolLang lang);

/* The style sheet of the page. */
extern const char pol_doc_css[];

/* Writes dir/index.html and dir/style.css, making dir (not its parents)
 * when it is missing. False after reporting E1001 (the file and the reason)
 * to ds when a file cannot be written. */
bool pol_doc_write(const PolChecked *checked, PolLang lang, const char *dir, PolDiags *ds);

#endif
