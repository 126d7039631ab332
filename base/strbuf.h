/*
 * strbuf.h — a growing byte buffer, always NUL-terminated, for building
 * files (vocab.tsv, reports) before they are written atomically.
 */
#ifndef PT_STRBUF_H
#define PT_STRBUF_H

#include <stddef.h>

typedef struct {
    char *data;   /* NUL-terminated; NULL until the first append */
    size_t len, cap;
} strbuf;

void sb_append(strbuf *sb, const char *s, size_t len);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(strbuf *sb);

#endif
