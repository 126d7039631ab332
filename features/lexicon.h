/*
 * lexicon.h — the tifa (提法, set phrase) lexicon and its longest-match
 * lookup.
 *
 * The lexicon is a user-editable TSV file (features/lexicon.tsv explains the
 * format in its header): one entry per line, `key<TAB>theme<TAB>zh forms
 * separated by |<TAB>en forms separated by |`, `#` comment lines and blank
 * lines ignored.  key is lowercase ASCII letters, digits and inner hyphens
 * (at most LEX_KEY_MAX bytes, unique); theme is spelled as a taxonomy
 * theme name and must be one of the taxonomy in use, or none
 * (lex_check_themes).  Every entry has at least
 * one Chinese and one English form, and a lexicon has at least one entry
 * (one of only comments is refused: --no-lexicon says "none").
 *
 * Forms are matched against normalised text (normalize.h), so at load time
 * they are normalised the same way:
 *   - a Chinese form is normalised (NFKC, case folding, t2s) and compared
 *     byte for byte; it must begin with a Han character, and a match may
 *     begin at any Han character of the text;
 *   - an English form is normalised and reduced to its words (maximal runs
 *     of word characters) joined by one space, a possessive 's dropped
 *     ("People's Congress" -> "people congress").  It matches a run of
 *     text words that starts at the start of a word or of a hyphenated
 *     part, spells the same words, and ends at the end of a word or part;
 *     between two words the text may have any run of spaces, hyphens,
 *     apostrophes (and a possessive 's), quotes and punctuation except
 *     sentence punctuation (. ! ? ; 。 newline).  So "new-quality productive
 *     forces" and "New Quality Productive Forces" match the same form.  An
 *     English form may not contain Han characters or sentence punctuation.
 * At one position the longest matching form wins (longest in bytes of its
 * normalised or reduced spelling).  Two forms that normalise to the same
 * spelling are a load error.
 *
 * Ownership: lex_load returns a lexicon the caller frees with lex_free;
 * every string it hands out is owned by the lexicon.  A loaded lexicon is
 * read-only and may be shared between threads.
 */
#ifndef PT_LEXICON_H
#define PT_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/error.h"
#include "corpus/taxonomy.h"
#include "features/normalize.h"

typedef struct lexicon lexicon;

#define LEX_KEY_MAX 64          /* bytes of a key                          */

/* The token of a lexicon phrase is LEX_TOKEN_PREFIX followed by its key
 * ("tifa:new-quality-productive-forces"); the tokeniser emits it, the
 * reports tell phrases from other terms by it. */
#define LEX_TOKEN_PREFIX "tifa:"
#define LEX_TOKEN_PREFIX_LEN (sizeof LEX_TOKEN_PREFIX - 1)

/* With tifa themes on (tokenize.h), each lexicon phrase also gives the
 * token LEX_THEME_TOKEN_PREFIX followed by its theme ("tifa:@economy"): a
 * feature for the classifier, shown to people as "any tifa phrase of
 * economy", never a phrase of the reports. */
#define LEX_THEME_TOKEN_PREFIX LEX_TOKEN_PREFIX "@"
#define LEX_THEME_TOKEN_PREFIX_LEN (sizeof LEX_THEME_TOKEN_PREFIX - 1)

/* True when term (NUL-terminated) is a theme token (above).  Can't fail. */
static inline bool lex_is_theme_token(const char *term)
{
    return strncmp(term, LEX_THEME_TOKEN_PREFIX, LEX_THEME_TOKEN_PREFIX_LEN) == 0;
}

/* True when term (NUL-terminated) is a lexicon phrase's token (a theme
 * token included).  Can't fail. */
static inline bool lex_is_token(const char *term)
{
    return strncmp(term, LEX_TOKEN_PREFIX, LEX_TOKEN_PREFIX_LEN) == 0;
}
#define LEX_LINE_MAX 4096       /* bytes of a line, newline excluded       */
#define LEX_FILE_MAX (16u << 20)/* bytes of the whole file                 */

/* Loads the lexicon at path, normalising its forms with a normaliser of its
 * own.  The file is read by lines_each (base/lines.h).  Returns NULL with
 * err set: PT_ERR_NOINPUT when the file cannot be opened ("features/
 * lexicon.tsv: cannot open: No such file or directory") or is not a regular
 * file (a FIFO is refused, not waited on), PT_ERR_IO when it cannot be
 * read, PT_ERR_DATA naming file and line for bad content
 * ("features/lexicon.tsv:12: expected 4 tab-separated fields"),
 * PT_ERR_INTERNAL when a library fails.  Out of memory exits (xalloc.h). */
lexicon *lex_load(const char *path, pt_error *err);

/* Same as lex_load, with the caller's normaliser (saves opening OpenCC a
 * second time).  norm is only used during the call. */
lexicon *lex_load_with(const char *path, normalizer *norm, pt_error *err);

/* Frees lex and its strings.  NULL is allowed. */
void lex_free(lexicon *lex);

/* Number of entries.  Can't fail. */
size_t lex_count(const lexicon *lex);

/* Fields of entry i (i < lex_count, entries in file order).  lex_zh and
 * lex_en give the first Chinese and first English form as written in the
 * file (trimmed).  lex_token gives "tifa:<key>", the token the tokeniser
 * emits.  Can't fail. */
const char *lex_key(const lexicon *lex, size_t i);
const char *lex_theme(const lexicon *lex, size_t i);
const char *lex_zh(const lexicon *lex, size_t i);
const char *lex_en(const lexicon *lex, size_t i);
const char *lex_token(const lexicon *lex, size_t i);

/* Index of the entry with this key, or -1 when absent.  Can't fail. */
long lex_find(const lexicon *lex, const char *key);

/* The theme of an entry that belongs to none of the taxonomy's. */
#define LEX_THEME_NONE "none"

/* Checks every entry's theme against the taxonomy in use (a user file
 * like the lexicon, so the lexicon keeps no list of its own): it must be
 * one of tax's themes or LEX_THEME_NONE.  path names the lexicon.  Returns
 * 0, or -1 with PT_ERR_DATA "PATH:LINE: unknown theme 'x' (the taxonomy has
 * 5 themes, or use none)". */
int lex_check_themes(const lexicon *lex, const char *path, const pt_taxonomy *tax, pt_error *err);

/* Longest Chinese form that starts at s[pos] of normalised text s[0..len),
 * where cp is the (Han) code point at pos.  Returns the entry index and sets
 * *end to the byte after the match, or returns -1.  Can't fail. */
long lex_match_zh(const lexicon *lex, const char *s, size_t len, size_t pos,
                  uint32_t cp, size_t *end);

/* Longest English form that starts at s[pos] of normalised text, where pos
 * is the start of a word or of a part after a hyphen inside a word, and
 * s[pos..run_end) is the maximal run of word characters (NC_WORD) there.
 * Returns the entry index and sets *end to the byte after the match, or
 * returns -1.  Can't fail. */
long lex_match_en(const lexicon *lex, const char *s, size_t len, size_t pos,
                  size_t run_end, size_t *end);

#endif
