/*
 * never.h — conditions no input can make true (or false), tested anyway.
 *
 *   if (NEVER(n > cap)) return POL_ERR_...;    a defensive check
 *   while (ALWAYS(p != NULL)) ...              an invariant relied on
 *
 * In every build but coverage's the macros are their condition: the check
 * is made. `make coverage` defines POL_COVERAGE, where NEVER(x) is 0 and
 * ALWAYS(x) is 1, so that a branch the code's own invariants rule out is
 * not counted as a branch no test reaches (SQLite's ALWAYS and NEVER).
 * The condition must have no side effect (coverage's build drops it).
 * Each use says, beside it, why no input takes the branch; tools/coverage.py
 * counts them, and docs/robustness.md ("Coverage") explains the rule.
 * Out-of-memory branches are not marked: build/polrun-faults reaches them.
 */
#ifndef POL_NEVER_H
#define POL_NEVER_H

#ifdef POL_COVERAGE
#define NEVER(x) 0
#define ALWAYS(x) 1
#else
#define NEVER(x) (x)
#define ALWAYS(x) (x)
#endif

#endif
