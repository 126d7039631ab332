/*
 * error.h — the error value every politrend stage returns.
 *
 * Library code (corpus, features, models, reports) never prints and never
 * exits: a function that can fail takes a `pt_error *` and, on failure, fills
 * it with a kind and a one-line message that already names the file and line
 * or the document id ("corpus/x.jsonl:12: unknown theme 'econ'").  Only
 * pipeline/ turns a kind into an exit code (sysexits.h) and prints
 * "politrend: <message>".  It lives in base/, the ground floor, so
 * every stage may include this header.
 */
#ifndef PT_ERROR_H
#define PT_ERROR_H

#include <stddef.h>

typedef enum {
    PT_OK = 0,
    PT_ERR_USAGE,    /* the command line is wrong            -> EX_USAGE    (64) */
    PT_ERR_DATA,     /* an input file's content is wrong     -> EX_DATAERR  (65) */
    PT_ERR_NOINPUT,  /* an input file is missing/unreadable  -> EX_NOINPUT  (66) */
    PT_ERR_INTERNAL, /* a bug or a library failure           -> EX_SOFTWARE (70) */
    PT_ERR_CANTCREAT,/* an output cannot be created          -> EX_CANTCREAT(73) */
    PT_ERR_IO,       /* reading or writing failed midway     -> EX_IOERR    (74) */
    PT_ERR_TEMPFAIL  /* a lock is held and we may not wait   -> EX_TEMPFAIL (75) */
} pt_status;

typedef struct {
    pt_status status;
    char msg[1024];
} pt_error;

/* Fills err (when not NULL) with a status and a printf-style message.
 * Always returns -1, so callers can write `return pt_fail(err, ...);`. */
int pt_fail(pt_error *err, pt_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes an existing message with more context ("FILE:LINE: "). */
void pt_error_prefix(pt_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Resets err to PT_OK with an empty message. */
void pt_error_clear(pt_error *err);

#endif
