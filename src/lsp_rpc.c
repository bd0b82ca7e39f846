/*
 * lsp_rpc.c — framing and JSON-RPC messages of the language server (see
 * lsp_rpc.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lsp_rpc.h"
#include "text.h"

void pol_rpc_reader_init(PolRpcReader *r, int fd)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
}

bool pol_rpc_fill(PolRpcReader *r)
{
    if (r->eof)
        return false;
    if (r->cap - r->len < 65536) {
        size_t cap = r->cap ? r->cap * 2 : 1 << 17;
        char *b = realloc(r->buf, cap);
        if (!b)
            return false;
        r->buf = b;
        r->cap = cap;
    }
    ssize_t n;
    do
        n = read(r->fd, r->buf + r->len, r->cap - r->len);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        r->eof = true;
        return false;
    }
    r->len += (size_t)n;
    /* a refused body is dropped as it arrives, never held */
    if (r->skip) {
        size_t k = r->skip < r->len ? r->skip : r->len;
        memmove(r->buf, r->buf + k, r->len - k);
        r->len -= k;
        r->skip -= k;
    }
    /* a buffer that only grew for one large message shrinks back */
    if (r->len == 0 && r->cap > ((size_t)1 << 22)) {
        free(r->buf);
        r->buf = NULL;
        r->cap = 0;
    }
    return true;
}

static void consume(PolRpcReader *r, size_t n)
{
    memmove(r->buf, r->buf + n, r->len - n);
    r->len -= n;
}

/* The end of the header block ("\r\n\r\n", or "\n\n" from a careless
 * client), or 0 when it has not arrived. *body: where the body starts. */
static size_t header_end(const char *b, size_t len, size_t *body)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (b[i] == '\n' && b[i + 1] == '\n') {
            *body = i + 2;
            return i;
        }
        if (i + 3 < len && b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
            *body = i + 4;
            return i;
        }
    }
    return 0;
}

PolRpcRead pol_rpc_next(PolRpcReader *r, json_t **msg, const char **error)
{
    *msg = NULL;
    if (r->skip)
        return r->eof ? POL_RPC_EOF : POL_RPC_NONE;
    /* blank lines between messages are tolerated */
    size_t lead = 0;
    while (lead < r->len && (r->buf[lead] == '\r' || r->buf[lead] == '\n'))
        lead++;
    if (lead)
        consume(r, lead);
    size_t body;
    size_t end = header_end(r->buf, r->len, &body);
    if (end == 0) {
        if (r->len > 65536) {   /* 64 KiB of header: not a header */
            r->len = 0;
            *error = "a message header longer than 64 KiB";
            return POL_RPC_BAD;
        }
        return r->eof ? POL_RPC_EOF : POL_RPC_NONE;
    }
    long length = -1;
    bool bad_length = false;
    for (size_t i = 0; i < end;) {
        size_t j = i;
        while (j < end && r->buf[j] != '\n')
            j++;
        size_t n = j - i;
        if (n > 15 && pol_ascii_eq_nocase(r->buf + i, "Content-Length:", 15)) {
            char num[32];
            size_t k = i + 15, m = 0;
            while (k < j && (r->buf[k] == ' ' || r->buf[k] == '\t'))
                k++;
            while (k < j && m + 1 < sizeof num && r->buf[k] >= '0' && r->buf[k] <= '9')
                num[m++] = r->buf[k++];
            num[m] = '\0';
            while (k < j && (r->buf[k] == ' ' || r->buf[k] == '\t' || r->buf[k] == '\r'))
                k++;
            if (m == 0 || m > 12 || k != j)
                bad_length = true;
            else
                length = strtol(num, NULL, 10);
        }
        i = j + 1;
    }
    if (length < 0 || bad_length) {
        consume(r, body);
        *error = "a message header without a valid Content-Length";
        return POL_RPC_BAD;
    }
    if ((size_t)length > POL_RPC_MAX_BODY) {
        consume(r, body);
        size_t have = r->len < (size_t)length ? r->len : (size_t)length;
        consume(r, have);
        r->skip = (size_t)length - have;
        *error = "a message larger than 64 MiB";
        return POL_RPC_BAD;
    }
    if (r->len - body < (size_t)length)
        return r->eof ? POL_RPC_EOF : POL_RPC_NONE;
    json_error_t jerr;
    json_t *j = json_loadb(r->buf + body, (size_t)length, JSON_ALLOW_NUL, &jerr);
    consume(r, body + (size_t)length);
    if (!j) {
        *error = "the message is not valid JSON";
        return POL_RPC_BAD;
    }
    *msg = j;
    return POL_RPC_MESSAGE;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

bool pol_rpc_write(int fd, json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT);
    if (!body)
        return false;
    size_t n = strlen(body);
    char head[64];
    int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    bool ok = write_all(fd, head, (size_t)h) && write_all(fd, body, n);
    free(body);
    return ok;
}

static json_t *message(void)
{
    json_t *m = json_object();
    json_object_set_new(m, "jsonrpc", json_string("2.0"));
    return m;
}

json_t *pol_rpc_result(json_t *id, json_t *result)
{
    json_t *m = message();
    json_object_set(m, "id", id ? id : json_null());
    json_object_set_new(m, "result", result ? result : json_null());
    return m;
}

json_t *pol_rpc_error(json_t *id, int code, const char *text)
{
    json_t *m = message();
    json_object_set(m, "id", id ? id : json_null());
    json_t *e = json_object();
    json_object_set_new(e, "code", json_integer(code));
    json_object_set_new(e, "message", json_string(text));
    json_object_set_new(m, "error", e);
    return m;
}

json_t *pol_rpc_notification(const char *method, json_t *params)
{
    json_t *m = message();
    json_object_set_new(m, "method", json_string(method));
    json_object_set_new(m, "params", params ? params : json_object());
    return m;
}

json_t *pol_rpc_request(long id, const char *method, json_t *params)
{
    json_t *m = pol_rpc_notification(method, params);
    json_object_set_new(m, "id", json_integer(id));
    return m;
}
