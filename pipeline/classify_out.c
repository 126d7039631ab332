/*
 * classify_out.c — the JSON line `classify` (and `run`) writes for one
 * readout (classify_out.h).
 */
#include "classify_out.h"

#include <math.h>

#include "models/train.h"

/* The themes a readout is said to carry (predict_themes). */
static json_t *confident_themes(const pt_bundle *b, const double *probs)
{
    int order[PT_MAX_THEMES];
    size_t n = predict_themes(probs, b->tax.n, order);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(b->tax.names[order[i]]));
    return arr;
}

json_t *classification_json(const pt_bundle *b, const pt_doc *d, const double *probs, double threshold)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(d->id));
    json_object_set_new(o, "date", d->date ? json_string(d->date) : json_null());
    json_object_set_new(o, "lang", json_string(d->lang));
    int primary = predict_primary(probs, b->tax.n, threshold);
    json_object_set_new(o, "theme", primary >= 0 ? json_string(b->tax.names[primary]) : json_null());
    json_object_set_new(o, "themes", confident_themes(b, probs));
    json_t *scores = json_object();
    for (size_t t = 0; t < b->tax.n; t++)
        /* libsvm's probabilities are finite for a validated model; were one
         * not, null keeps the line well-formed (jansson refuses NaN). */
        json_object_set_new(scores, b->tax.names[t], isfinite(probs[t]) ? json_real(probs[t]) : json_null());
    json_object_set_new(o, "scores", scores);
    return o;
}
