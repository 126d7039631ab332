/*
 * formulae.h — the set formulae of a readout (datelines, the convening
 * sentence, who presided and spoke, who lectured, how the members listened,
 * news-page furniture), found and cut out of the text before it is
 * tokenised, for training and classification alike.
 *
 * Why: a real readout wraps a few sentences of content in the same formulae
 * every time ("... presided over the session and delivered an important
 * speech", 中共中央政治局……进行第X次集体学习, 主持学习时强调).  The synopses
 * the model is trained on have few of them, so on real text those words
 * pull every readout towards the theme whose synopses happen to share them
 * (party-building: "Political Bureau", "Central Committee").  Cutting them
 * out lets the features see the content.
 *
 * The file (features/formulae.tsv; its header explains the format) is
 * editable: one pattern a line, `lang<TAB>pattern`, lang `en` or `zh`, `#`
 * comments and blank lines ignored.  A pattern is literal text with slots:
 *   {num}    digits (an English ordinal suffix st/nd/rd/th allowed) or
 *            Chinese numerals 〇零一二三四五六七八九十百千两
 *   {month}  an English month name or its abbreviation (with or without .)
 *   {name}   English: one to four words; Chinese: two to four Han characters
 *   {gap}    one to 160 bytes of anything but sentence punctuation
 *            (. ! ? ; 。！？； newline)
 * A space in a pattern matches one or more spaces, tabs or newlines of the
 * text (zero or more in a zh pattern).  Patterns are normalised as the text
 * is (normalize.h: NFKC, case folding, traditional -> simplified, spelling),
 * so case and full-width punctuation do not matter.  A pattern must begin
 * with literal text or {num}.  An en pattern matches only at word boundaries.  Where
 * several patterns match at one place, the longest match wins; matches do
 * not overlap, the earliest wins.  Each match is replaced by a line break,
 * so no word n-gram or character bigram spans the cut.
 *
 * Ownership: form_load returns a set the caller frees with form_free; it is
 * read-only afterwards and may be shared between threads.
 */
#ifndef PT_FORMULAE_H
#define PT_FORMULAE_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "features/normalize.h"

#define FORM_FILE_MAX (4u << 20) /* bytes of the file                */
#define FORM_LINE_MAX 1024  /* bytes of a line (comments too)          */
#define FORM_ITEMS_MAX 48   /* literal pieces, spaces and slots of one */
#define FORM_GAP_MAX 160    /* bytes a {gap} slot may span              */

typedef struct formulae formulae;

/* Loads the patterns of path, normalising them with norm.  Returns NULL
 * with err set: PT_ERR_NOINPUT when the file cannot be read, PT_ERR_DATA
 * naming file and line for a bad line (unknown language, unknown slot, a
 * pattern that begins with a slot or a space, too long). */
formulae *form_load(const char *path, normalizer *norm, pt_error *err);

/* Frees f.  NULL is allowed. */
void form_free(formulae *f);

/* Number of patterns.  Can't fail. */
size_t form_count(const formulae *f);

/* Cuts every formula out of the normalised text s[0..n).  When at least one
 * matches, out is reset and receives the text with each match replaced by
 * "\n"; the number of matches is returned.  When none matches, out is left
 * alone and 0 is returned (use s as it is).  *cut_bytes (may be NULL)
 * receives the number of bytes cut.  Can't fail. */
size_t form_strip(const formulae *f, const char *s, size_t n, strbuf *out, size_t *cut_bytes);

#endif
