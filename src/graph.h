/*
 * graph.h — a checked policy as a Graphviz dot graph.
 */
#ifndef POL_GRAPH_H
#define POL_GRAPH_H

#include <stdio.h>
#include "check.h"

/* Writes measures, the definitions and parameters they use, and the facts
 * they read, as a dot digraph. */
void pol_graph(const PolChecked *checked, FILE *out);

#endif
