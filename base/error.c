/*
 * error.c — filling and prefixing pt_error values (see error.h).
 */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int pt_fail(pt_error *err, pt_status status, const char *fmt, ...)
{
    if (err == NULL)
        return -1;
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

void pt_error_prefix(pt_error *err, const char *fmt, ...)
{
    if (err == NULL)
        return;
    char prefix[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    /* Keep what fits of prefix + message; the prefix is the context. */
    char joined[sizeof prefix + sizeof err->msg];
    snprintf(joined, sizeof joined, "%s%s", prefix, err->msg);
    memcpy(err->msg, joined, sizeof err->msg - 1);
    err->msg[sizeof err->msg - 1] = '\0';
}

void pt_error_clear(pt_error *err)
{
    if (err == NULL)
        return;
    err->status = PT_OK;
    err->msg[0] = '\0';
}
