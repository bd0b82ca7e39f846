/*
 * serve_policy.h — the policies a server decides with, their versions, and
 * hot reload.
 *
 * A policy is named by its file name without the extension
 * (policies/changsha-srdi-2025.pol is `changsha-srdi-2025`) and holds an
 * atomic pointer to its current version: an immutable compiled program
 * with its number (1, 2, ... for each load that checks), the file's
 * modification time and the digest of its decisions. A request
 * acquires the pointer once and is decided entirely by that version; the
 * loader swaps in a new version with one atomic store and never waits for
 * a request, nor a request for the loader.
 *
 * The loader is one background thread. It watches (inotify) the folders
 * of every file a policy read — its own file and everything it imports —
 * so that an edit saved in place, or written to a new file and renamed
 * over the old one, is seen; it waits for the edits to settle, loads,
 * checks and compiles the policy aside, and swaps it in if it checks. A
 * policy that does not check leaves the last good version serving; its
 * diagnostics are kept for GET /v1/policies/{policy} and logged. SIGHUP
 * (pol_serve_policies_reload_all) reloads every policy.
 *
 * Memory: the version before the current one stays alive while requests
 * still hold it; the collector frees it after its last request. The
 * loader compiles a new version only once that has happened (it asks for
 * a collection), so at most two versions of a policy are in memory: the
 * one serving and the one being built or being left by its last requests.
 * A finalizer counts the versions not yet freed (pol_serve_policy_stats).
 */
#ifndef POL_SERVE_POLICY_H
#define POL_SERVE_POLICY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "bytecode.h"
#include "decide.h"
#include "text.h"

typedef struct PolServePolicy PolServePolicy;
typedef struct PolServeVersion PolServeVersion;

/* What one request uses to decide: a decider of the version and a buffer
 * for the answer, taken from and returned to the version's pool. */
typedef struct PolServeSlot {
    struct PolServeSlot *next;
    PolDecider *decider;
    PolBuf out;
} PolServeSlot;

/* The table of policies: paths[i] is served under names[i]; none has a
 * version yet. Their imports are looked for in stdlib_dir after their own
 * folder, the diagnostics of their loads are in lang. */
void pol_serve_policies_init(const char *const *paths, const char *const *names, int n, PolLang lang,
                             const char *stdlib_dir);
/* Loads every policy once (synchronously: the server starts with what
 * checks; one that does not check is logged and loaded again when its
 * files change) and starts the loader, which waits settle_seconds after a
 * change for the next one. False (after a log line) only when the loader
 * cannot run. */
bool pol_serve_policies_start(double settle_seconds);
/* Stops the loader (before the process exits). */
void pol_serve_policies_stop(void);
/* Asks the loader to reload every policy now (SIGHUP). Async-signal-safe. */
void pol_serve_policies_reload_all(void);

int pol_serve_policy_count(void);
PolServePolicy *pol_serve_policy_at(int i);
/* The policy of that name (len bytes), NULL if none. */
PolServePolicy *pol_serve_policy_find(const char *name, size_t len);
const char *pol_serve_policy_name(const PolServePolicy *p);
int pol_serve_policy_index(const PolServePolicy *p);
/* True when every policy has a version that checks. */
bool pol_serve_policies_ready(void);

/* The current version with one more holder, or NULL when the policy has
 * never checked. Release it when the request no longer needs it. */
PolServeVersion *pol_serve_version_acquire(PolServePolicy *p);
void pol_serve_version_release(PolServeVersion *v);

const PolProgram *pol_serve_version_program(const PolServeVersion *v);
long pol_serve_version_number(const PolServeVersion *v);
/* "sha256:...": the digest of the version's decisions (polc.h). */
const char *pol_serve_version_digest(const PolServeVersion *v);

PolServeSlot *pol_serve_version_slot(PolServeVersion *v);
void pol_serve_version_slot_return(PolServeVersion *v, PolServeSlot *s);

/* The JSON object GET /v1/policies/{policy} answers. */
void pol_serve_policy_json(PolBuf *out, PolServePolicy *p);

typedef struct PolServePolicyStats {
    long version;             /* number of the current version, 0 none */
    long reloads, failures;   /* loads that checked (after the first), loads that did not */
    long versions_in_memory;  /* versions made and not yet freed by the collector */
    long most_in_memory;      /* the most there ever were at once */
    bool loaded;
} PolServePolicyStats;
void pol_serve_policy_stats(const PolServePolicy *p, PolServePolicyStats *s);

#endif
