/*
 * lsp_rpc.h — JSON-RPC 2.0 messages with the Language Server Protocol's
 * framing: a header ("Content-Length: N", maybe "Content-Type: ..."), an
 * empty line, then N bytes of JSON.
 *
 * The reader never gives up on its input: a header without a length, a
 * length too large or a body that is not JSON becomes an error the server
 * answers (JSON-RPC "parse error"), and reading goes on at the next header.
 * Only the end of the input ends it.
 */
#ifndef POL_LSP_RPC_H
#define POL_LSP_RPC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* JSON-RPC and LSP error codes */
enum {
    POL_RPC_PARSE_ERROR = -32700,
    POL_RPC_INVALID_REQUEST = -32600,
    POL_RPC_METHOD_NOT_FOUND = -32601,
    POL_RPC_INVALID_PARAMS = -32602,
    POL_RPC_INTERNAL_ERROR = -32603,
    POL_RPC_SERVER_NOT_INITIALIZED = -32002,
    POL_RPC_REQUEST_FAILED = -32803,
    POL_RPC_CONTENT_MODIFIED = -32801
};

/* The largest message body accepted (a 5 MB document escaped as JSON fits
 * several times over). */
#define POL_RPC_MAX_BODY ((size_t)64 << 20)

typedef struct PolRpcReader {
    int fd;
    char *buf;               /* malloc */
    size_t len, cap;
    bool eof;
    size_t skip;             /* bytes of a refused body still to discard */
} PolRpcReader;

typedef enum PolRpcRead {
    POL_RPC_MESSAGE,         /* *msg is a parsed message (new reference) */
    POL_RPC_BAD,             /* a message that could not be read: *error says why */
    POL_RPC_NONE,            /* no whole message buffered yet */
    POL_RPC_EOF              /* the input ended */
} PolRpcRead;

void pol_rpc_reader_init(PolRpcReader *r, int fd);
/* Reads what the descriptor has (one read(2): call when poll says it is
 * readable). False at the end of the input or on an error. */
bool pol_rpc_fill(PolRpcReader *r);
/* The next message already buffered, if any. error: a static English
 * message for POL_RPC_BAD. */
PolRpcRead pol_rpc_next(PolRpcReader *r, json_t **msg, const char **error);

/* Writes a message with its header to fd; false when it cannot be written. */
bool pol_rpc_write(int fd, json_t *msg);
/* The three shapes of a message. Each steals the reference to its json_t
 * arguments (id is copied). */
json_t *pol_rpc_result(json_t *id, json_t *result);
json_t *pol_rpc_error(json_t *id, int code, const char *message);
json_t *pol_rpc_notification(const char *method, json_t *params);
json_t *pol_rpc_request(long id, const char *method, json_t *params);

#endif
