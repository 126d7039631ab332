/*
 * extract_parts.h — what the readers of extract.c share: partial dates,
 * the whole dates a text holds, byte-string helpers, and the Chinese and
 * English readers of the formula (extract_zh.c, extract_en.c).  Internal
 * to corpus/: the public interface is extract.h.
 */
#ifndef PT_EXTRACT_PARTS_H
#define PT_EXTRACT_PARTS_H

#include <stddef.h>

#include "extract.h"

/* A date as a text gives it: each part 0 when unknown. */
typedef struct {
    int y, m, d;
} ymd;

/* Whole dates (with their year) written anywhere in a text, in order. */
typedef struct {
    ymd d[16];
    int n;
} date_list;

/* Days in month m (1-12) of year y. */
int xt_days_in_month(int y, int m);

/* 1 when a is a whole calendar date from 1900 on. */
int xt_full(ymd a);

/* 1 when s starts with ASCII digits; *n is how many. */
int xt_digits(const char *s, size_t *n);

/* The value of the n ASCII digits at s. */
int xt_num(const char *s, size_t n);

/* Appends d to l when it is whole and l has room (16). */
void xt_date_list_add(date_list *l, ymd d);

/* Appends every YYYY-MM-DD, YYYY/MM/DD and YYYY.MM.DD (ASCII digits,
 * years 1990-2099) of s[0, len) to out. */
void xt_scan_numeric_dates(const char *s, size_t len, date_list *out);

/* needle in hay[0, len), or NULL. */
const char *xt_find(const char *hay, size_t len, const char *needle);

/* 1 when the literal lit starts at s + pos and ends within len. */
int xt_at(const char *s, size_t len, size_t pos, const char *lit);

/* 1 when the literal lit ends exactly at s + pos. */
int xt_ends_with(const char *s, size_t pos, const char *lit);

/* UTF-8 characters in s[0, len). */
size_t xt_count_chars(const char *s, size_t len);

/* A copy of s[0, len) without leading and trailing spaces and commas, or
 * NULL when nothing is left. */
char *xt_dup_trim(const char *s, size_t len);

/* Appends a lecturer to f (taking name and affiliation; both freed when f
 * is full or name is NULL). */
void xt_add_lecturer(extract_facts *f, char *name, char *affiliation);

/* The Chinese formula in text: sets f->formula, f->session, f->cc (a term
 * the text names), f's lecturers; *session the formula's date (parts 0
 * when absent), *dispatch the dispatch line's, *days_back 0 for 今天 or 1
 * for 昨天 when the formula has no date (else left alone); appends the
 * text's whole dates to dates. */
void xt_zh_read(const char *text, size_t len, ymd *session, ymd *dispatch, int *days_back, date_list *dates,
                extract_facts *f);

/* The English formula in text: as xt_zh_read, with *weekday (1 Sunday to
 * 7 Saturday) when the session is dated by its weekday only. */
void xt_en_read(const char *text, size_t len, ymd *session, ymd *dispatch, int *weekday, date_list *dates,
                extract_facts *f);

#endif
