/*
 * span.h — where something is in the policy source.
 */
#ifndef POL_SPAN_H
#define POL_SPAN_H

typedef struct PolSource PolSource;   /* source.h */

typedef struct PolSpan {
    const PolSource *src;   /* NULL for things made by the implementation */
    int first_line, first_col, last_line, last_col; /* 1-based, columns in characters, last inclusive */
} PolSpan;

#endif
