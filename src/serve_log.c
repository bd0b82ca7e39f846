/*
 * serve_log.c — the server's JSON log lines (serve_log.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "serve_log.h"

static int log_fd = 2;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void pol_serve_log_open(void)
{
    int fd = fcntl(2, F_DUPFD_CLOEXEC, 3);
    if (fd >= 0)
        log_fd = fd;
}

void pol_serve_time_text(const struct timespec *t, char buf[32])
{
    struct tm tm;
    time_t secs = t->tv_sec;
    gmtime_r(&secs, &tm);
    size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, 32 - n, ".%03ldZ", t->tv_nsec / 1000000);
}

double pol_serve_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

PolBuf pol_serve_log_begin(const char *event)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    char when[32];
    pol_serve_time_text(&now, when);
    PolBuf line = {0};
    pol_buf_printf(&line, "{\"time\":\"%s\",\"event\":\"%s\"", when, event);
    return line;
}

void pol_serve_log_text(PolBuf *line, const char *key, const char *text)
{
    pol_buf_printf(line, ",\"%s\":", key);
    if (text)
        pol_buf_json_string(line, text, strlen(text));
    else
        pol_buf_puts(line, "null");
}

void pol_serve_log_end(PolBuf *line)
{
    pol_buf_puts(line, "}\n");
    pthread_mutex_lock(&log_lock);
    size_t done = 0;
    while (done < line->len) {
        ssize_t n = write(log_fd, line->data + done, line->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;   /* a log that cannot be written must not stop the service */
        done += (size_t)n;
    }
    pthread_mutex_unlock(&log_lock);
}
