/*
 * cnnum.h — reading the numbers of Chinese readouts: Chinese numerals
 * (十一, 二十三, 四十二, 一百零五, 二〇二三) and ASCII or full-width digits
 * (23, ２３), as they appear in 第二十三次 or 5月27日.
 */
#ifndef PT_CNNUM_H
#define PT_CNNUM_H

#include <stddef.h>

/* Reads the longest number at the start of s (len bytes of UTF-8): a run of
 * Chinese numeral characters (零〇一二两三四五六七八九十百千) or a run of
 * digits (ASCII or full-width, not mixed with numerals).  Returns its value
 * (0 to 99999) and sets *used to the bytes read, or returns -1 (and *used 0)
 * when s does not start with a number or the number is larger. */
long cnnum_parse(const char *s, size_t len, size_t *used);

/* Reads the longest number that ends exactly at s + end (looking backwards
 * over numeral or digit characters of one kind).  Returns its value and
 * sets *start to its first byte, or returns -1. */
long cnnum_parse_before(const char *s, size_t end, size_t *start);

#endif
