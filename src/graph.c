/*
 * graph.c — `polrun graph`: a picture of a policy as Graphviz dot.
 *
 * Nodes: measures (labelled with their article and title), the definitions
 * and parameters they use, and the facts they read; an edge says "uses".
 * Only what some measure depends on is drawn, so the picture reads from the
 * measures on the left to the facts on the right.
 */
#include <gc.h>
#include <string.h>
#include "graph.h"
#include "hash.h"
#include "message.h"
#include "source.h"

typedef struct Graph {
    FILE *out;
    PolNameTable nodes;     /* node ids already declared */
    PolNameTable edges;     /* "a\x1fb" already drawn */
} Graph;

/* Whether key is in set; it is from now on. */
static bool seen(PolNameTable *set, const char *key)
{
    return pol_names_put(set, key, strlen(key), 0) >= 0;
}

static void dot_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if (*s == '\n') {
            fputs("\\n", f);
            continue;
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

static void node(Graph *g, const char *id, const char *label, const char *attrs)
{
    if (seen(&g->nodes, id))
        return;
    fputs("  ", g->out);
    dot_string(g->out, id);
    fputs(" [label=", g->out);
    dot_string(g->out, label);
    fprintf(g->out, ", %s];\n", attrs);
}

static void edge(Graph *g, const char *from, const char *to)
{
    if (seen(&g->edges, pol_strdup_printf("%s\x1f%s", from, to)))
        return;
    fputs("  ", g->out);
    dot_string(g->out, from);
    fputs(" -> ", g->out);
    dot_string(g->out, to);
    fputs(";\n", g->out);
}

static void walk_decl(Graph *g, const PolDecl *d, const char *id);

/* Draws what e uses, as edges from `from`. */
static void walk_expr(Graph *g, const PolExpr *e, const char *from)
{
    if (!e)
        return;
    if (e->path && (e->kind == POL_E_NAME || e->kind == POL_E_MEMBER) && e->ref != POL_REF_LOCAL) {
        /* the outermost member chain of a fact read: one node per path */
        const char *id = pol_strdup_printf("fact:%s", e->path);
        node(g, id, e->path, "shape=ellipse, style=filled, fillcolor=\"#eef6ee\"");
        edge(g, from, id);
        return;
    }
    if (e->path && e->kind == POL_E_MEMBER) {
        /* a member of a list item: reads the list's path */
        const char *id = pol_strdup_printf("fact:%s", e->path);
        node(g, id, e->path, "shape=ellipse, style=filled, fillcolor=\"#eef6ee\"");
        edge(g, from, id);
        return;
    }
    if (e->ref_decl && (e->ref == POL_REF_DEFINE || e->ref == POL_REF_PARAM)) {
        const PolDecl *d = e->ref_decl;
        const char *id = pol_strdup_printf("%s:%s", d->kind == POL_D_PARAM ? "param" : "define", d->name);
        edge(g, from, id);
        walk_decl(g, d, id);
    }
    if (e->kind == POL_E_GRANTED && e->ref_decl)
        edge(g, from, pol_strdup_printf("measure:%s", e->ref_decl->name));
    walk_expr(g, e->left, from);
    walk_expr(g, e->right, from);
    walk_expr(g, e->cond, from);
    walk_expr(g, e->value, from);
    for (int i = 0; i < e->args.count; i++)
        walk_expr(g, e->args.items[i], from);
}

static void walk_decl(Graph *g, const PolDecl *d, const char *id)
{
    if (pol_names_get(&g->nodes, id, strlen(id)) >= 0)
        return;
    if (d->kind == POL_D_PARAM) {
        node(g, id, d->name, "shape=note, style=filled, fillcolor=\"#fff6dd\"");
        walk_expr(g, d->value, id);
        return;
    }
    node(g, id, d->name, "shape=box, style=\"rounded,filled\", fillcolor=\"#eef2fb\"");
    for (int i = 0; i < d->nrules; i++) {
        walk_expr(g, d->rules[i].cond, id);
        walk_expr(g, d->rules[i].value, id);
    }
}

void pol_graph(const PolChecked *k, FILE *out)
{
    Graph g = {out, {0}, {0}};
    const PolDecl *h = k->policy;
    fprintf(out, "digraph policy {\n");
    fprintf(out, "  graph [rankdir=LR, fontname=\"Noto Sans CJK SC,sans-serif\", label=");
    dot_string(out, pol_strdup_printf("%s\n%s%s%s", h->name, h->title ? h->title : "", h->source_doc ? " " : "",
                                      h->source_doc ? h->source_doc : ""));
    fprintf(out, ", labelloc=t];\n");
    fprintf(out, "  node [fontname=\"Noto Sans CJK SC,sans-serif\", fontsize=11];\n");
    fprintf(out, "  edge [color=\"#888888\"];\n");
    if (h->applies) {
        node(&g, "applies", pol_strdup_printf("every measure applies when\n%s", pol_span_text(h->applies->span)),
             "shape=hexagon, style=filled, fillcolor=\"#fbeeee\"");
        walk_expr(&g, h->applies, "applies");
    }
    for (int i = 0; i < k->measures.count; i++) {
        const PolDecl *m = k->measures.items[i];
        const char *id = pol_strdup_printf("measure:%s", m->name);
        const char *title = m->title_text && !(m->article && strcmp(m->article, m->title_text) == 0) ? m->title_text : "";
        node(&g, id, pol_strdup_printf("%s\n%s  %s", m->name, pol_article_label(POL_LANG_EN, m->article), title),
             "shape=box, style=\"bold,filled\", fillcolor=\"#dde8fb\"");
        for (int c = 0; c < m->nconds; c++)
            walk_expr(&g, m->conds[c], id);
        walk_expr(&g, m->amount, id);
        for (int c = 0; c < m->ncaps; c++)
            walk_expr(&g, m->caps[c].expr, id);
    }
    fprintf(out, "}\n");
}
