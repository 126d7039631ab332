/*
 * tokenize.h — turns a readout's text into the tokens the model sees.
 *
 * The tokeniser is the single place that decides what later stages can see,
 * and it is swappable: everything downstream only receives token strings
 * through a sink callback.  Pipeline per document:
 *
 *   strict UTF-8 decode (or lenient: invalid bytes -> U+FFFD, counted)
 *   -> NFKC + case folding (utf8proc)
 *   -> traditional -> simplified Chinese (OpenCC t2s)
 *   -> British spellings folded to American (fold_spelling, spelling.h)
 *   -> readout formulae cut out (formulae_path, formulae.h)
 *   -> lexicon phrases (longest match) emitted as "tifa:<key>" tokens, each
 *      followed, when tifa_themes is set, by "tifa:@<theme>" (the entry's
 *      theme in the lexicon), so that a phrase the training readouts never
 *      used still counts towards its theme through the phrases they did use
 *   -> English/Latin runs: words (inner - and ' kept, possessive 's dropped),
 *      stop words dropped, Snowball stemming, word n-grams up to ngram_max,
 *      numbers only inside n-grams
 *   -> Han runs: character bigrams (a lone character kept as itself) or ICU
 *      dictionary words, Chinese stop words/function characters dropped.
 *
 * Ownership: a tokenizer owns its scratch buffers and is not thread-safe;
 * use one per thread.  Tokens handed to the sink are valid only during the
 * call.  No heap allocation happens per token.
 */
#ifndef PT_TOKENIZE_H
#define PT_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

typedef enum {
    SEG_BIGRAM = 0, /* overlapping Han character bigrams                */
    SEG_ICU = 1     /* ICU word break iterator (dictionary words)        */
} tok_segmenter;

/* The largest ngram_max: the one limit the options, the bundle manifest
 * and the tokeniser all check.  TOK_NGRAM_MAX_STR is it as text, for help
 * messages. */
#define TOK_NGRAM_MAX 5
#define TOK_STR_(x) #x
#define TOK_STR(x) TOK_STR_(x)
#define TOK_NGRAM_MAX_STR TOK_STR(TOK_NGRAM_MAX)

typedef struct {
    tok_segmenter segmenter; /* Chinese segmentation                      */
    int ngram_max;           /* English word n-grams 1..ngram_max (1..TOK_NGRAM_MAX) */
    bool stem;               /* Snowball English stemming                 */
    bool lenient;            /* invalid UTF-8 -> U+FFFD instead of error  */
    const char *lexicon_path;/* tifa lexicon TSV; NULL or "" = none        */
    const char *formulae_path;/* readout formulae TSV; NULL or "" = none   */
    bool fold_spelling;      /* British -> American spelling (spelling.h) */
    bool tifa_themes;        /* each lexicon phrase also emits tifa:@<theme> */
} tok_config;

/* Fills cfg with the defaults (the values `politrend train` uses when no
 * option is given).  Can't fail. */
void tok_config_default(tok_config *cfg);

/* Names used on the command line and in the bundle manifest. */
const char *tok_segmenter_name(tok_segmenter seg);
/* Returns 0 and sets *seg for "bigram" or "icu"; -1 for anything else. */
int tok_segmenter_parse(const char *name, tok_segmenter *seg);

typedef struct tokenizer tokenizer;

/* Opens a tokenizer (loads the lexicon, opens OpenCC, ICU and the stemmer).
 * Returns NULL with err set (PT_ERR_NOINPUT / PT_ERR_DATA naming the lexicon
 * or formulae file and line, PT_ERR_INTERNAL when a library cannot be opened; also
 * PT_ERR_USAGE when cfg->segmenter or cfg->ngram_max is out of range). */
tokenizer *tok_open(const tok_config *cfg, pt_error *err);
/* Frees t and everything it owns.  NULL is allowed. */
void tok_close(tokenizer *t);

/* Opens a second tokenizer that gives exactly the tokens t gives, for use
 * on another thread: its own normaliser, stemmer, ICU iterator and scratch
 * buffers, and t's lexicon and formulae shared read-only (no second load).  The clone
 * must be closed before t.  Returns NULL with err set as tok_open. */
tokenizer *tok_clone(const tokenizer *t, pt_error *err);

/* The lexicon t loaded (shared by its clones), or NULL when cfg named
 * none.  Owned by t: valid until t is closed.  Can't fail. */
const struct lexicon *tok_lexicon(const tokenizer *t);

/* Receives one token: UTF-8 bytes, not NUL-terminated.  Return 0 to go on,
 * non-zero to stop tokenising (tok_run then returns that value). */
typedef int (*tok_sink)(void *ctx, const char *token, size_t len);

/* Tokenises text[0..len).  Returns 0 on success; -1 with err set when the
 * text is not valid UTF-8 and the tokenizer is strict (the message gives the
 * byte offset: "invalid UTF-8 at byte 17: overlong encoding"); or the sink's
 * non-zero value.  *n_replaced (may be NULL) receives the number of U+FFFD
 * substitutions made in lenient mode. */
int tok_run(tokenizer *t, const char *text, size_t len, tok_sink sink,
            void *ctx, size_t *n_replaced, pt_error *err);

/* True when w[0..len) (lowercase) is in the English stop list the
 * tokeniser drops; phrase discovery (phrases.h) uses the same list so that
 * a phrase never starts or ends on a word the model ignores.  Can't fail. */
bool tok_is_stop_en(const char *w, size_t len);

#endif
