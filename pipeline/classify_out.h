/*
 * classify_out.h — one readout's classification as the JSON object that
 * `politrend classify` prints:
 *   {"id","date","lang","theme": primary or null, "themes": [p >= 0.5, most
 *    probable first], "scores": {"<theme>": p, ...}}
 */
#ifndef PT_CLASSIFY_OUT_H
#define PT_CLASSIFY_OUT_H

#include <jansson.h>

#include "corpus/corpus.h"
#include "models/bundle.h"

/* The object for document d with probabilities probs[0..b->tax.n); the
 * primary theme needs threshold.  The caller owns the result. */
json_t *classification_json(const pt_bundle *b, const pt_doc *d, const double *probs, double threshold);

#endif
