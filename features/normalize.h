/*
 * normalize.h — the text normaliser that runs before tokenisation, and the
 * character classes the tokeniser and the lexicon share.
 *
 * norm_run() turns one document into the form features are computed from
 * (the caller keeps the raw text for display):
 *
 *   1. strict UTF-8 decoding with base/utf8.c's policy, or lenient
 *      decoding where each invalid sequence becomes U+FFFD and is counted;
 *   2. HTML character references left by scrapers are decoded once
 *      (&amp;amp; gives "&amp;", not "&"): the named ones in the table in
 *      normalize.c and numeric ones (&#12289; &#x3001;).  A reference needs
 *      its ';'; an unknown name, or a number that is 0, a surrogate or above
 *      U+10FFFF, is left as literal text;
 *   3. NFKC with Unicode case folding and removal of default-ignorable
 *      characters (soft hyphen, zero-width space, BOM) — utf8proc's
 *      NFKC_Casefold: COMPOSE|COMPAT|CASEFOLD|IGNORE|STABLE;
 *   4. extra foldings for the tokeniser: U+2019 (right single quote, the
 *      usual typographic apostrophe) becomes ', U+2010/U+2011 (hyphens)
 *      become -, NEL becomes LF, and every other control character except
 *      TAB, LF and CR (NUL and DEL included) becomes a space;
 *   5. traditional -> simplified Chinese with OpenCC's t2s.json, one call
 *      per document.  The call is skipped for a document none of whose
 *      characters t2s changes on its own (found once per process by
 *      converting every BMP CJK character): such a document is already
 *      simplified, and OpenCC runs at a few MB/s.  A document with any
 *      traditional character (or any supplementary-plane ideograph) is
 *      converted whole, so t2s's phrase rules apply to it;
 *   6. when norm_set_fold_spelling is on (it is off after norm_open),
 *      British spellings become American ones (spelling.h): "defence" is
 *      normalised to "defense", "mobilisation" to "mobilization".
 *
 * Ownership: a normaliser owns its output buffer and its OpenCC handle; it
 * is not thread-safe, use one per thread.
 */
#ifndef PT_NORMALIZE_H
#define PT_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/utf8.h"

typedef struct normalizer normalizer;

/* Opens a normaliser (OpenCC t2s).  Returns NULL with err set to
 * PT_ERR_INTERNAL when OpenCC cannot be opened (out of memory exits). */
normalizer *norm_open(pt_error *err);

/* Frees n and everything it owns.  NULL is allowed. */
void norm_close(normalizer *n);

/* Largest document norm_run accepts, in bytes (larger -> PT_ERR_DATA). */
#define NORM_MAX_INPUT ((size_t)256 << 20)

/* Normalises text[0..len) as described above.  On success returns 0 and
 * points *out at out_len bytes of valid UTF-8 owned by n (NUL-terminated,
 * and with no NUL inside), valid until the next norm_run or norm_close.
 * Strict mode (lenient false): invalid UTF-8 returns -1 with err set to
 * PT_ERR_DATA "invalid UTF-8 at byte 17: overlong encoding" (the offset is
 * into text).  Lenient mode: *n_replaced (may be NULL) receives the number
 * of U+FFFD substitutions.  Also -1 with PT_ERR_DATA for a document over
 * NORM_MAX_INPUT, PT_ERR_INTERNAL when utf8proc or OpenCC fails. */
int norm_run(normalizer *n, const char *text, size_t len, bool lenient,
             const char **out, size_t *out_len, size_t *n_replaced,
             pt_error *err);

/* Turns step 6 (British -> American spelling) on or off for the next
 * norm_run calls.  Can't fail. */
void norm_set_fold_spelling(normalizer *n, bool on);

/* ------------------------------------------------------------------ */
/* Character classes of normalised text.                               */

typedef enum {
    NC_SPACE = 0,  /* space, tab, other separators, controls, unassigned   */
    NC_WORD,       /* a letter, digit or mark that is not Han              */
    NC_HAN,        /* a Han ideograph (incl. 々 and 〇)                     */
    NC_HYPHEN,     /* '-': inside a word when between two word characters  */
    NC_APOS,       /* '\'': inside a word when between two word characters */
    NC_QUOTE,      /* " and U+2018..U+201F: do not break a phrase          */
    NC_PUNCT,      /* other punctuation and symbols: break a phrase        */
    NC_SENTENCE    /* . ! ? ; newline, 。 and kin: end a sentence           */
} norm_class;

/* Class of each ASCII byte (defined in normalize.c). */
extern const unsigned char norm_ascii_class[128];

/* Class of any code point; the ASCII table is used for cp < 0x80.
 * Can't fail. */
norm_class norm_classify(uint32_t cp);

/* One step of a scan for the words of English text s[0..len) as written:
 * runs of word characters with inner apostrophes (U+2019 too) and, when
 * hyphens is set, inner hyphens.  From *pos, passes the next word, if any,
 * and the one character after it that is not part of a word.  Returns
 * false once the scan is over (*pos past len); else true, with [*ws, *we)
 * the word passed (*ws == *we: none) and *c the class of the character
 * after it (NC_SPACE at the end of s).  Start with *pos 0.  Can't fail. */
bool norm_scan_word(const char *s, size_t len, bool hyphens, size_t *pos, size_t *ws, size_t *we, norm_class *c);

/* Decodes the code point at s[*pos] of text already known to be valid
 * UTF-8 (norm_run output) and advances *pos.  A malformed byte (which
 * norm_run never produces) decodes as U+FFFD, one byte.  Can't fail. */
static inline uint32_t norm_next_cp(const char *s, size_t len, size_t *pos)
{
    const unsigned char *u = (const unsigned char *)s + *pos;
    size_t left = len - *pos;
    if (u[0] < 0x80) {
        *pos += 1;
        return u[0];
    }
    if (u[0] >= 0xE0 && u[0] < 0xF0 && left >= 3) {
        *pos += 3;
        return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
               (u[2] & 0x3F);
    }
    if (u[0] >= 0xC2 && u[0] < 0xE0 && left >= 2) {
        *pos += 2;
        return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if (u[0] >= 0xF0 && u[0] < 0xF5 && left >= 4) {
        *pos += 4;
        return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
               ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
    }
    *pos += 1;
    return 0xFFFD;
}

#endif
