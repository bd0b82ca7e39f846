/*
 * main.c — the polrun command line. It only wires the stages together:
 * load → check → compile → (decode facts → evaluate → write decision).
 *
 * Exit status: 0 ok, 1 policy error (or a failed test), 2 usage, 3 bad facts.
 */
#include <errno.h>
#include <fcntl.h>
#include <gc.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include "alloc.h"
#include "batch.h"
#include "cases.h"
#include "check.h"
#include "compile.h"
#include "decide.h"
#include "diag.h"
#include "diff.h"
#include "disasm.h"
#include "fmt.h"
#include "doc.h"
#include "graph.h"
#include "load.h"
#include "lsp.h"
#include "polc.h"
#include "serve.h"
#include "source.h"
#include "stack.h"
#include "stale.h"
#include "status.h"

#ifndef POLRUN_VERSION
#define POLRUN_VERSION "0.1.0"
#endif
#define POL_STR_(x) #x
#define POL_STR(x) POL_STR_(x)

/* In the coverage build, a process that ends by _exit or by a signal
 * writes its counts first (gcov writes them at exit, which neither
 * reaches): the out-of-memory paths and the signals of batch are then
 * counted as reached, as they are. */
#ifdef POL_COVERAGE
void __gcov_dump(void);
#define COUNTS_WRITTEN() __gcov_dump()
#else
#define COUNTS_WRITTEN() ((void)0)
#endif

#ifndef POLRUN_STDLIB
#define POLRUN_STDLIB "/usr/local/share/polrun/stdlib"
#endif

static const char usage_text[] =
    "usage: polrun COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  check POLICY [--stale DATE]       parse and type-check a policy (and list the dated\n"
    "                                    values not verified since DATE)\n"
    "  run POLICY --facts FILE           decide one applicant (FILE may be -)\n"
    "        [--date YYYY-MM-DD] [--explain[=json|text]]\n"
    "  batch POLICY [--date YYYY-MM-DD]  decide every applicant of stdin, in order\n"
    "        [--explain] [--jobs N] [--input ndjson|csv] [--output ndjson|csv] [--no-bom]\n"
    "  test POLICY CASE... [--update]    replay recorded cases\n"
    "  diff OLD NEW [--format text|json|csv] [--date YYYY-MM-DD] [--jobs N]\n"
    "        [--input ndjson|csv] [--no-bom] [--cases CASE...]\n"
    "                                    decide every applicant of stdin (or the cases)\n"
    "                                    under both versions and say what changed\n"
    "  compile POLICY -o FILE.polc       compile to a verified bytecode file\n"
    "  disasm POLICY|FILE.polc           print the policy's bytecode\n"
    "  graph POLICY                      the policy as a Graphviz dot graph\n"
    "  doc POLICY -o DIR                 the policy as an HTML page for reviewers\n"
    "        (DIR/index.html and DIR/style.css; Chinese unless --lang en)\n"
    "  fmt FILE... [--write|--check]     print .pol files in the canonical layout\n"
    "        [--keywords en|zh]          in English or Chinese keywords\n"
    "  serve POLICY... [--listen ADDR:PORT] [--threads N] [--token-file FILE]\n"
    "        [--decide-limit SIZE] [--batch-limit SIZE] [--max-connections N]\n"
    "        [--timeout S] [--time-limit S] [--grace S]\n"
    "                                    decide over HTTP; edits to the policies go live\n"
    "\n"
    "POLICY may be a .pol source or a compiled .polc file for run, batch, test and serve.\n"
    "\n"
    "options:\n"
    "  --error-format human|gnu|json   how diagnostics are printed (default human;\n"
    "                   gnu: file:line:col: error[E0301]: message, for editors)\n"
    "  --lang zh|en     the language of diagnostics (default: from LC_ALL,\n"
    "                   LC_MESSAGES or LANG; zh... is Chinese, else English)\n"
    "  --stdlib DIR     where `import` looks after the importing file's folder\n"
    "  --help, -h       this text\n"
    "  --version        the version\n"
    "An option given to a command it does not apply to is a usage error.\n"
    "\n"
    "exit status: 0 ok, 1 policy error or failed test, 2 usage, 3 bad facts;\n"
    "  diff: 0 no differences, 1 differences, 2 usage or trouble\n";

static int usage_error(PolLang lang, const char *fmt, const char *arg) __attribute__((format(printf, 2, 0)));

static int usage_error(PolLang lang, const char *fmt, const char *arg)
{
    fprintf(stderr, "polrun: ");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
    fprintf(stderr, "\n%s\n", pol_msg(lang, POL_MSG_usage_hint));
    return POL_EXIT_USAGE;
}

/* The options that belong to some commands only, as given (to name them
 * when given to another command). */
enum { OPT_FACTS, OPT_DATE, OPT_OUTPUT_FILE, OPT_EXPLAIN, OPT_FMT_MODE, OPT_UPDATE, OPT_JOBS, OPT_INPUT,
       OPT_OUTPUT_FORMAT, OPT_NO_BOM, OPT_SERVE, OPT_STALE, OPT_DIFF_FORMAT, OPT_CASES, OPT_KEYWORDS, OPT_COUNT };

typedef struct Options {
    PolLang lang;                 /* of every message (--lang, else the environment) */
    bool lang_given;              /* --lang was given (doc: the page is Chinese unless it says en) */
    PolDiagFormat format;         /* --error-format */
    PolDiags *ds;                 /* where every diagnostic goes: printed at once */
    const char *stdlib_dir;       /* where imports are looked for after the importing file's folder */
    const char *given[OPT_COUNT];  /* the spelling of each option given, else NULL */
    const char *command;
    const char *policy;
    const char *facts;
    const char *date;
    const char *stale;            /* check --stale DATE */
    const char *output;
    PolExplain explain;
    bool update;
    PolFmtMode fmt_mode;          /* fmt: --write, --check or --dump-ast */
    PolKeywordSet keywords;       /* fmt --keywords en|zh: the set to convert to */
    int jobs;                     /* batch: 0 when not given */
    const char *input_format, *output_format;
    bool no_bom;
    PolDiffFormat diff_format;    /* diff --format */
    bool cases;                   /* diff --cases */
    PolServeOptions serve;        /* serve: its own options (serve.h) */
    char **rest;
    int nrest;
} Options;

/* The stdlib directory: POLRUN_STDLIB, else the one beside the binary
 * (stdlib/ of a source tree for build/polrun, share/polrun/stdlib of an
 * installed bin/polrun), else the install prefix's (--stdlib overrides
 * it). The binary is argv[0] when it names a path, else (found on PATH)
 * the one /proc/self/exe names. */
static const char *find_stdlib(const char *argv0)
{
    const char *env = getenv("POLRUN_STDLIB");
    if (env)
        return env;
    const char *exe = argv0;
    if (!strchr(argv0, '/')) {
        static char self[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0)
            return POLRUN_STDLIB;
        self[n] = '\0';
        exe = self;
    }
    const char *slash = strrchr(exe, '/');
    const char *dev = pol_strdup_printf("%.*s/../stdlib", (int)(slash - exe), exe);
    if (access(dev, R_OK) == 0)
        return dev;
    const char *inst = pol_strdup_printf("%.*s/../share/polrun/stdlib", (int)(slash - exe), exe);
    if (access(inst, R_OK) == 0)
        return inst;
    return POLRUN_STDLIB;
}

static bool is_polc(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcmp(path + n - 5, ".polc") == 0;
}

/* A policy from source, checked. */
static PolChecked *check_policy(const Options *o, const char *path)
{
    PolLoadOptions lo = {o->stdlib_dir, {NULL, NULL, NULL}};
    PolLoaded loaded = pol_load(path, &lo, o->ds);
    if (o->ds->errors)
        return NULL;
    return pol_check(loaded.decls, o->ds);
}

/* A policy from source, or a compiled .polc file after verification. */
static PolProgram *load_policy(const Options *o, const char *path)
{
    if (is_polc(path))
        return pol_polc_read(path, o->ds);
    PolChecked *checked = check_policy(o, path);
    return checked ? pol_compile(checked, o->ds) : NULL;
}

static int parse_options(int argc, char **argv, Options *o)
{
    pol_serve_options_init(&o->serve);
    o->serve.lang = o->lang;
    o->serve.stdlib_dir = o->stdlib_dir;
    o->rest = GC_MALLOC((size_t)argc * sizeof *o->rest);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int served = pol_serve_parse_option(&o->serve, argc, argv, &i);
        if (served < 0)
            return POL_EXIT_USAGE;
        if (served > 0) {
            o->given[OPT_SERVE] = o->serve.given;
            continue;
        }
        if (strcmp(a, "--facts") == 0 || strcmp(a, "--date") == 0 || strcmp(a, "--stdlib") == 0 || strcmp(a, "-o") == 0 ||
            strcmp(a, "--stale") == 0) {
            if (i + 1 >= argc)
                return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_needs_value), a);
            const char *v = argv[++i];
            if (strcmp(a, "--facts") == 0) o->facts = v, o->given[OPT_FACTS] = a;
            else if (strcmp(a, "--date") == 0) o->date = v, o->given[OPT_DATE] = a;
            else if (strcmp(a, "--stale") == 0) o->stale = v, o->given[OPT_STALE] = a;
            else if (strcmp(a, "-o") == 0) o->output = v, o->given[OPT_OUTPUT_FILE] = a;
            else o->stdlib_dir = v;
        } else if (strncmp(a, "--facts=", 8) == 0) {
            o->facts = a + 8;
            o->given[OPT_FACTS] = "--facts";
        } else if (strncmp(a, "--date=", 7) == 0) {
            o->date = a + 7;
            o->given[OPT_DATE] = "--date";
        } else if (strncmp(a, "--stale=", 8) == 0) {
            o->stale = a + 8;
            o->given[OPT_STALE] = "--stale";
        } else if (strcmp(a, "--explain") == 0 || strcmp(a, "--explain=json") == 0) {
            o->explain = POL_EXPLAIN_JSON;
            o->given[OPT_EXPLAIN] = a;
        } else if (strcmp(a, "--explain=text") == 0) {
            o->explain = POL_EXPLAIN_TEXT;
            o->given[OPT_EXPLAIN] = a;
        } else if (strcmp(a, "--write") == 0 || strcmp(a, "--check") == 0 || strcmp(a, "--dump-ast") == 0) {
            PolFmtMode m = a[2] == 'w' ? POL_FMT_WRITE : a[2] == 'c' ? POL_FMT_CHECK : POL_FMT_DUMP_AST;
            if (o->fmt_mode != POL_FMT_PRINT && o->fmt_mode != m)
                return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_fmt_mode), a);
            o->fmt_mode = m;
            o->given[OPT_FMT_MODE] = a;
        } else if (strncmp(a, "--keywords=", 11) == 0 || strcmp(a, "--keywords") == 0) {
            if (a[10] != '=' && i + 1 >= argc)
                return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_needs_value), a);
            const char *v = a[10] == '=' ? a + 11 : argv[++i];
            if (strcmp(v, "en") == 0) o->keywords = POL_KW_EN;
            else if (strcmp(v, "zh") == 0) o->keywords = POL_KW_ZH;
            else return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_keywords), v);
            o->given[OPT_KEYWORDS] = "--keywords";
        } else if (strncmp(a, "--error-format=", 15) == 0 || strcmp(a, "--error-format") == 0) {
            if (a[14] != '=' && i + 1 >= argc)
                return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_needs_value), a);
            const char *v = a[14] == '=' ? a + 15 : argv[++i];
            if (strcmp(v, "human") == 0) o->format = POL_FORMAT_HUMAN;
            else if (strcmp(v, "gnu") == 0) o->format = POL_FORMAT_GNU;
            else if (strcmp(v, "json") == 0) o->format = POL_FORMAT_JSON;
            else return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_error_format), v);
        } else if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
            if (a[6] != '=')
                i++;   /* read (and checked) by main */
        } else if (strcmp(a, "--update") == 0) {
            o->update = true;
            o->given[OPT_UPDATE] = a;
        } else if (strcmp(a, "--jobs") == 0 || strncmp(a, "--jobs=", 7) == 0 || strcmp(a, "--input") == 0 ||
                   strncmp(a, "--input=", 8) == 0 || strcmp(a, "--output") == 0 || strncmp(a, "--output=", 9) == 0) {
            const char *eq = strchr(a, '=');
            if (!eq && i + 1 >= argc)
                return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_needs_value), a);
            const char *v = eq ? eq + 1 : argv[++i];
            if (a[2] == 'j') {
                char *end;
                long n = strtol(v, &end, 10);
                if (*v < '0' || *v > '9' || *end || n < 1 || n > POL_BATCH_MAX_JOBS)
                    return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_jobs, v, POL_BATCH_MAX_JOBS));
                o->jobs = (int)n;
                o->given[OPT_JOBS] = "--jobs";
            } else if (strcmp(v, "ndjson") != 0 && strcmp(v, "csv") != 0) {
                return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_io_format, a[2] == 'i' ? "--input" : "--output", v));
            } else if (a[2] == 'i') {
                o->input_format = v;
                o->given[OPT_INPUT] = "--input";
            } else {
                o->output_format = v;
                o->given[OPT_OUTPUT_FORMAT] = "--output";
            }
        } else if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
            if (a[8] != '=' && i + 1 >= argc)
                return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_needs_value), a);
            const char *v = a[8] == '=' ? a + 9 : argv[++i];
            if (strcmp(v, "text") == 0) o->diff_format = POL_DIFF_TEXT;
            else if (strcmp(v, "json") == 0) o->diff_format = POL_DIFF_JSON;
            else if (strcmp(v, "csv") == 0) o->diff_format = POL_DIFF_CSV;
            else return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_diff_format), v);
            o->given[OPT_DIFF_FORMAT] = "--format";
        } else if (strcmp(a, "--cases") == 0) {
            o->cases = true;
            o->given[OPT_CASES] = a;
        } else if (strcmp(a, "--no-bom") == 0) {
            o->no_bom = true;
            o->given[OPT_NO_BOM] = a;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_unknown_option), a);
        } else if (!o->command) {
            o->command = a;
        } else if (!o->policy) {
            o->policy = a;
        } else {
            o->rest[o->nrest++] = argv[i];
        }
    }
    return -1;
}

static int cmd_check(const Options *o)
{
    int32_t since = 0;
    if (o->stale && !pol_date_parse(o->stale, strlen(o->stale), &since))
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_stale_date), o->stale);
    PolProgram *p = load_policy(o, o->policy);
    int errors = o->ds->errors;
    if (!p && o->format == POL_FORMAT_HUMAN)
        fprintf(stderr, "\n%s\n", pol_msg(o->lang, POL_MSG_check_failed, o->policy, errors, errors == 1 ? "" : "s"));
    if (!p)
        return POL_EXIT_POLICY;
    if (o->format == POL_FORMAT_HUMAN)   /* tools read the diagnostics alone */
        fprintf(stderr, "%s\n", pol_msg(o->lang, POL_MSG_check_ok, o->policy, p->nmeasures, p->ndefines, p->nparams));
    printf("%s\n", p->digest);   /* what its decisions will name (polc.h) */
    if (!o->stale)
        return POL_EXIT_OK;
    int n = pol_stale_steps(p, since, o->lang, stdout);
    fflush(stdout);
    if (n == 0) {
        fprintf(stderr, "%s\n", pol_msg(o->lang, POL_MSG_stale_none, o->policy, o->stale));
        return POL_EXIT_OK;
    }
    fprintf(stderr, "%s\n", pol_msg(o->lang, POL_MSG_stale_summary, o->policy, n, n == 1 ? "" : "s", o->stale));
    return POL_EXIT_POLICY;
}

static int parse_date_option(const Options *o, int32_t *date)
{
    if (!o->date)
        return -1;
    if (!pol_date_parse(o->date, strlen(o->date), date))
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_bad_date), o->date);
    return 0;
}

static int cmd_run(const Options *o)
{
    if (!o->facts)
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_run_facts), "run");
    int32_t date = -1;
    int d = parse_date_option(o, &date);
    if (d > 0)
        return d;
    PolProgram *p = load_policy(o, o->policy);
    if (!p)
        return POL_EXIT_POLICY;
    PolSource *facts = pol_source_read(o->facts);
    if (!facts) {
        pol_diag(o->ds, POL_E0901_cannot_read_facts, (PolSpan){0}, NULL, o->facts, pol_strerror(o->lang, errno));
        return POL_EXIT_FACTS;
    }
    PolDecider *dr = pol_decider_new(p);
    PolBuf out = {0};
    PolDecideError err;
    PolDecideOptions opts = {date, d == 0, POL_DECISION_PRETTY, o->explain, o->lang, NULL};
    if (!pol_decide(dr, facts->text, facts->len, &opts, &out, &err)) {
        err.diag.file = o->facts;
        pol_diags_add(o->ds, &err.diag);
        return err.bad_facts ? POL_EXIT_FACTS : POL_EXIT_POLICY;
    }
    fwrite(out.data, 1, out.len, stdout);
    fputc('\n', stdout);
    return POL_EXIT_OK;
}

/* Batch's signals that reach a handler (see cmd_batch): their number goes
 * down a pipe to the reader. Only write(2), which is async-signal-safe. */
static int batch_signal_pipe = -1;

static void batch_on_signal(int sig)
{
    int saved = errno;
    unsigned char c = (unsigned char)sig;
    if (write(batch_signal_pipe, &c, 1) < 0) {
        /* the pipe is full: a signal is waiting to be read already */
    }
    errno = saved;
}

static int cmd_batch(const Options *o)
{
    int32_t date = -1;
    int d = parse_date_option(o, &date);
    if (d > 0)
        return d;
    PolProgram *p = load_policy(o, o->policy);
    if (!p)
        return POL_EXIT_POLICY;
    bool csv_out = o->output_format && strcmp(o->output_format, "csv") == 0;
    if (o->explain == POL_EXPLAIN_TEXT)
        return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_batch_explain_text));
    if (o->explain && csv_out)
        return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_not_with_csv_output, o->given[OPT_EXPLAIN]));
    if (o->no_bom && !csv_out)
        return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_needs_csv_output, "--no-bom"));
    PolBatchOptions bo = {
        .date = date,
        .have_date = d == 0,
        .jobs = o->jobs ? o->jobs : 1,
        .input = o->input_format && strcmp(o->input_format, "csv") == 0 ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .output = csv_out ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .bom = !o->no_bom,
        .explain = o->explain == POL_EXPLAIN_JSON,
        .lang = o->lang,
    };
    /* SIGINT, SIGTERM and SIGHUP stop the reading, not the process: blocked
     * here, before the workers start (they inherit the mask), and read from
     * a signalfd between reads. One ignored when polrun started (nohup)
     * stays ignored. The collector, while it holds the other threads
     * stopped, lets SIGINT and SIGTERM through to them (so that a stopped
     * process can still be ended): one arriving then meets the handler,
     * which passes it on through a pipe the reader watches too. */
    sigset_t set, old;
    sigemptyset(&set);
    static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    int spipe[2] = {-1, -1};
    if (pipe(spipe) == 0) {
        for (int k = 0; k < 2; k++)
            fcntl(spipe[k], F_SETFD, FD_CLOEXEC);
        fcntl(spipe[1], F_SETFL, O_NONBLOCK);   /* a handler never waits */
        batch_signal_pipe = spipe[1];
    }
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        struct sigaction sa;
        if (sigaction(stops[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN) {
            sigaddset(&set, stops[i]);
            if (batch_signal_pipe >= 0) {
                memset(&sa, 0, sizeof sa);
                sa.sa_handler = batch_on_signal;
                sa.sa_flags = SA_RESTART;
                sigfillset(&sa.sa_mask);
                sigaction(stops[i], &sa, NULL);
            }
        }
    }
    pthread_sigmask(SIG_BLOCK, &set, &old);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    bo.signal_fd = sfd > 0 ? sfd : 0;   /* none: the signals are let through again */
    bo.signal_pipe = spipe[0] > 0 ? spipe[0] : 0;
    if (sfd <= 0)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    int status = pol_batch(p, &bo, STDIN_FILENO, stdout, o->ds);
    if (status > POL_EXIT_SIGNAL) {
        /* end by the signal itself, now that the answers end at a line */
        int sig = status - POL_EXIT_SIGNAL;
        fflush(NULL);
        COUNTS_WRITTEN();
        signal(sig, SIG_DFL);
        raise(sig);                      /* pending: blocked */
        sigdelset(&old, sig);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    return status;
}

static int cmd_diff(const Options *o)
{
    if (o->nrest < 1)
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_diff_policies), "diff");
    if (o->cases && o->nrest < 2)
        return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_diff_cases));
    if (!o->cases && o->nrest > 1)
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_unexpected_argument), o->rest[1]);
    if (o->cases && o->given[OPT_INPUT])
        return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_diff_cases_input));
    if (o->no_bom && o->diff_format != POL_DIFF_CSV)
        return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_diff_no_bom));
    int32_t date = -1;
    int d = parse_date_option(o, &date);
    if (d > 0)
        return d;
    PolProgram *old = load_policy(o, o->policy);
    PolProgram *new_ = load_policy(o, o->rest[0]);   /* both checked: every error of each said */
    if (!old || !new_)
        return POL_DIFF_TROUBLE;
    PolDiffOptions dop = {
        .date = date,
        .have_date = d == 0,
        .jobs = o->jobs ? o->jobs : 1,
        .input = o->input_format && strcmp(o->input_format, "csv") == 0 ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .format = o->diff_format,
        .bom = !o->no_bom,
        .lang = o->lang,
    };
    if (o->cases)
        return pol_diff_cases(old, new_, &dop, o->rest + 1, o->nrest - 1, stdout, o->ds);
    return pol_diff(old, new_, &dop, STDIN_FILENO, stdout, o->ds);
}

static int cmd_test(const Options *o)
{
    if (o->nrest == 0)
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_test_cases), "test");
    PolProgram *p = load_policy(o, o->policy);
    if (!p)
        return POL_EXIT_POLICY;
    return pol_test_cases(p, o->rest, o->nrest, o->update, stdout, o->ds) ? POL_EXIT_POLICY : POL_EXIT_OK;
}

static int cmd_compile(const Options *o)
{
    if (!o->output)
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_compile_output), "compile");
    PolProgram *p = load_policy(o, o->policy);
    if (!p)
        return POL_EXIT_POLICY;
    if (!pol_polc_write(p, o->output, o->ds))
        return POL_EXIT_POLICY;
    printf("%s\n", p->digest);   /* the SHA-256 of the file written */
    return POL_EXIT_OK;
}

static int cmd_graph(const Options *o)
{
    PolChecked *checked = check_policy(o, o->policy);
    if (!checked)
        return POL_EXIT_POLICY;
    pol_graph(checked, stdout);
    return POL_EXIT_OK;
}

/* The page is for reviewers of a Chinese policy: in Chinese unless --lang
 * asks for English (the environment chooses only the messages). */
static int cmd_doc(const Options *o)
{
    if (!o->output)
        return usage_error(o->lang, pol_msg_format(o->lang, POL_MSG_usage_doc_output), "doc");
    PolChecked *checked = check_policy(o, o->policy);
    if (!checked)
        return POL_EXIT_POLICY;
    return pol_doc_write(checked, o->lang_given ? o->lang : POL_LANG_ZH, o->output, o->ds) ? POL_EXIT_OK
                                                                                          : POL_EXIT_POLICY;
}

static int cmd_fmt(const Options *o)
{
    const char **files = GC_MALLOC(((size_t)o->nrest + 1) * sizeof *files);
    files[0] = o->policy;
    for (int i = 0; i < o->nrest; i++)
        files[i + 1] = o->rest[i];
    for (int i = 0; i <= o->nrest; i++)
        if (o->fmt_mode == POL_FMT_WRITE && strcmp(files[i], "-") == 0)
            return usage_error(o->lang, "%s", pol_msg(o->lang, POL_MSG_usage_fmt_write_stdin));
    return pol_fmt_files_to(files, o->nrest + 1, o->fmt_mode, o->keywords, o->ds, o->format == POL_FORMAT_HUMAN ? stderr : NULL);
}

static int cmd_lsp(const Options *o)
{
    (void)o;
    PolLspOptions lo = {o->stdlib_dir, o->lang, POLRUN_VERSION};
    return pol_lsp_main(&lo);
}

static int cmd_serve(const Options *o)
{
    const char **paths = GC_MALLOC(((size_t)o->nrest + 1) * sizeof *paths);
    paths[0] = o->policy;
    for (int i = 0; i < o->nrest; i++)
        paths[i + 1] = o->rest[i];
    return pol_serve(&o->serve, paths, o->nrest + 1, o->ds);
}

static int cmd_disasm(const Options *o)
{
    PolProgram *p = load_policy(o, o->policy);
    if (!p)
        return POL_EXIT_POLICY;
    pol_disasm(p, stdout);
    return POL_EXIT_OK;
}

/* POLRUN_GC_STRESS=1 (tests, docs/robustness.md): the collector collects
 * whenever it may, not when the heap has grown by a fraction, so that an
 * object reachable only through memory it does not scan is freed and
 * reused at once, in every test that runs under it. */
static void gc_stress_from_env(void)
{
    const char *s = getenv("POLRUN_GC_STRESS");
    if (!s || !*s || strcmp(s, "0") == 0)
        return;
    GC_set_free_space_divisor(1000000);
    GC_set_min_bytes_allocd(1);
}

/* The collector's advice that a program allocates very large blocks
 * repeatedly (each evaluator's 3 MB value stack: batch and serve make one
 * a thread) is for whoever tunes the program, not for the drafter reading
 * standard error, and whether it is given depends on where the collector
 * finds room, which varies from run to run: a golden once failed on it
 * under make sanitize. Every other warning of the collector is printed as
 * before. */
static GC_warn_proc gc_warn_default;

static void gc_warning(char *msg, GC_word arg)
{
    if (strstr(msg, "Repeated allocation of very large block"))
        return;
    /* memory running out is said once, by E0719 (out_of_memory) */
    if (strstr(msg, "Failed to expand heap") || strstr(msg, "Out of Memory!"))
        return;
    gc_warn_default(msg, arg);
}

/* Out of memory (alloc.h): E0719 on standard error and status 1, from
 * whichever thread ran out. Nothing may be allocated by then, so the
 * diagnostic is rendered beforehand, in the language and format of the
 * command line, as the first diagnostic and after others; it is written
 * with write(2) and the process ends with _exit, leaving standard
 * output as written so far (batch writes whole blocks of lines and
 * holds an end until a block is out: pol_oom_hold). */
static char oom_first[2048], oom_after[2048];
static size_t oom_first_len, oom_after_len;
static const PolDiagPrinter *oom_printer;

static size_t oom_render(char *to, size_t room, PolLang lang, PolDiagFormat format, bool first)
{
    PolDiag d = pol_diag_make(lang, POL_E0719_memory_exhausted, (PolSpan){0});
    PolBuf b = {0};
    pol_diag_render(&b, &d, format, first);
    size_t n = b.len < room ? b.len : room;
    memcpy(to, b.data, n);
    return n;
}

static void oom_prepare(const PolDiagPrinter *printer, PolLang lang)
{
    oom_first_len = oom_render(oom_first, sizeof oom_first, lang, printer->format, true);
    oom_after_len = oom_render(oom_after, sizeof oom_after, lang, printer->format, false);
    oom_printer = printer;
}

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void out_of_memory(size_t bytes)
{
    (void)bytes;
    fflush(stderr);
    if (!oom_printer) {   /* before the rendering could be made: the registry's text as it is */
        const char *parts[] = {"error[", pol_diag_code(POL_E0719_memory_exhausted), "]: ",
                               pol_diag_format(POL_E0719_memory_exhausted, POL_LANG_EN), "\n"};
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
            write_all(parts[i], strlen(parts[i]));
    } else if (oom_printer->printed) {
        write_all(oom_after, oom_after_len);
    } else {
        write_all(oom_first, oom_first_len);
    }
    COUNTS_WRITTEN();
    _exit(POL_EXIT_POLICY);
}

/* A command's output that could not be written (a full disk, a closed
 * pipe) is an error, never a silent exit 0: E1001, exit 1. batch (E1202)
 * and fmt report their own, as they write. */
static int output_written(const Options *o, int status, bool reported)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return status;
    if (!reported)
        pol_diag(o->ds, POL_E1001_cannot_write, (PolSpan){0}, NULL, pol_msg(o->lang, POL_MSG_standard_output),
                 pol_strerror(o->lang, errno ? errno : EIO));
    return status == POL_EXIT_OK ? POL_EXIT_POLICY : status;
}


int main(int argc, char **argv)
{
    GC_INIT();
    pol_alloc_on_oom(out_of_memory);
    json_set_alloc_funcs(pol_malloc, free);
    gc_warn_default = GC_get_warn_proc();
    GC_set_warn_proc(gc_warning);
    gc_stress_from_env();
    Options o;
    memset(&o, 0, sizeof o);
    o.stdlib_dir = find_stdlib(argv[0]);
    /* the language first: every message after this one is in it */
    o.lang = pol_lang_from_env();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 >= argc)
            return usage_error(o.lang, pol_msg_format(o.lang, POL_MSG_usage_needs_value), argv[i]);
        const char *v = strncmp(argv[i], "--lang=", 7) == 0 ? argv[i] + 7 : strcmp(argv[i], "--lang") == 0 ? argv[++i] : NULL;
        if (v && !pol_lang_parse(v, &o.lang))
            return usage_error(o.lang, pol_msg_format(o.lang, POL_MSG_usage_lang), v);
        o.lang_given = o.lang_given || v;
    }
    PolDiags ds;
    pol_diags_init(&ds, o.lang);
    PolDiagPrinter printer = {stderr, POL_FORMAT_HUMAN, false};   /* diagnostics printed as they come */
    ds.sink = pol_diag_print;
    ds.sink_data = &printer;
    o.ds = &ds;
    oom_prepare(&printer, o.lang);
    for (int i = 1; i < argc; i++) {
        /* their text is output like a command's: not written, it is E1001 */
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return output_written(&o, POL_EXIT_OK, false);
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("polrun %s\n", POLRUN_VERSION);
            return output_written(&o, POL_EXIT_OK, false);
        }
    }
    int r = parse_options(argc, argv, &o);
    if (r >= 0)
        return r;
    printer.format = o.format;
    oom_prepare(&printer, o.lang);
    if (!o.command)
        return usage_error(o.lang, "%s", pol_msg(o.lang, POL_MSG_usage_no_command_given));
#define O(x) (1u << OPT_##x)
    /* options: those it takes; writes_own: it reports its own output errors;
     * files: whether it takes a policy (or files) */
    static const struct { const char *name; int (*fn)(const Options *); unsigned options; bool writes_own, files; } commands[] = {
        {"check", cmd_check, O(STALE), false, true},
        {"run", cmd_run, O(FACTS) | O(DATE) | O(EXPLAIN), false, true},
        {"batch", cmd_batch, O(DATE) | O(EXPLAIN) | O(JOBS) | O(INPUT) | O(OUTPUT_FORMAT) | O(NO_BOM), true, true},
        {"test", cmd_test, O(UPDATE), false, true},
        {"diff", cmd_diff, O(DATE) | O(JOBS) | O(INPUT) | O(NO_BOM) | O(DIFF_FORMAT) | O(CASES), true, true},
        {"disasm", cmd_disasm, 0, false, true},
        {"graph", cmd_graph, 0, false, true},
        {"doc", cmd_doc, O(OUTPUT_FILE), false, true},
        {"compile", cmd_compile, O(OUTPUT_FILE), false, true},
        {"fmt", cmd_fmt, O(FMT_MODE) | O(KEYWORDS), true, true},
        {"lsp", cmd_lsp, 0, true, false},
        {"serve", cmd_serve, O(SERVE), false, true},
    };
#undef O
    size_t stack = pol_stack_size();
    if (stack != 0 && stack < POL_STACK_MIN) {
        pol_diag(&ds, POL_E0720_stack_below_minimum, (PolSpan){0}, NULL, stack / 1024, POL_STACK_MIN / 1024);
        return POL_EXIT_POLICY;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(o.command, commands[i].name) != 0)
            continue;
        /* an option that does nothing for this command is a mistake to say, not to ignore */
        for (int k = 0; k < OPT_COUNT; k++)
            if (o.given[k] && !(commands[i].options & (1u << k)))
                return usage_error(o.lang, "%s", pol_msg(o.lang, POL_MSG_usage_option_not_for, o.given[k], o.command));
        if (!commands[i].files) {
            if (o.policy)
                return usage_error(o.lang, pol_msg_format(o.lang, POL_MSG_usage_unexpected_argument), o.policy);
            return commands[i].fn(&o);
        }
        if (!o.policy)
            return usage_error(o.lang, pol_msg_format(o.lang, POL_MSG_usage_policy), o.command);
        if (o.nrest && strcmp(o.command, "test") != 0 && strcmp(o.command, "fmt") != 0 && strcmp(o.command, "serve") != 0 &&
            strcmp(o.command, "diff") != 0)
            return usage_error(o.lang, pol_msg_format(o.lang, POL_MSG_usage_unexpected_argument), o.rest[0]);
        return output_written(&o, commands[i].fn(&o), commands[i].writes_own);
    }
    return usage_error(o.lang, pol_msg_format(o.lang, POL_MSG_usage_unknown_command), o.command);
}
