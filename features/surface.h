/*
 * surface.h — the words as written behind the model's tokens, for display
 * only (`explain`, `classify --explain`): the model keeps its internal
 * tokens (Snowball stems, word n-grams of stems, Chinese character bigrams,
 * tifa:<key>), and a person reads what the readouts say.
 *
 *  - an English token (a stem, or an n-gram of stems joined by a space)
 *    becomes the spelling the corpus uses most often for each of its words
 *    ("militari" -> "military", "new qualiti" -> "new quality");
 *  - a Chinese bigram becomes itself when phrase discovery (phrases.h) finds
 *    it as a word, otherwise the most frequent discovered phrase containing
 *    it (工智 -> 人工智能, 质生 -> 新质生产力); ICU words and single characters
 *    are already words;
 *  - tifa:<key> becomes the lexicon's "zh / en" forms.
 * A token the corpus cannot explain is shown as it is.
 *
 * Ownership: a surface_map owns its strings; surface_free releases them.
 */
#ifndef PT_SURFACE_H
#define PT_SURFACE_H

#include <stddef.h>

#include "base/error.h"
#include "corpus/corpus.h"
#include "features/lexicon.h"
#include "features/tokenize.h"

typedef struct surface_map surface_map;

/* Learns the surface forms of corpus c under tokeniser settings cfg (its
 * lexicon is loaded for the tifa forms when cfg names one).  Returns NULL
 * with err when the tokeniser, the lexicon or phrase discovery fails (text
 * that is not valid UTF-8 in strict mode names the readout). */
surface_map *surface_build(const pt_corpus *c, const tok_config *cfg, pt_error *err);

void surface_free(surface_map *m);

/* The display form of token (NUL-terminated), valid while m lives: a
 * string owned by m, or token itself when m knows nothing better. */
const char *surface_of(surface_map *m, const char *token);

#endif
