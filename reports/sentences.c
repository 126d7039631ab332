/*
 * sentences.c — the key sentences of a session as the year report lists
 * them (review.h): for each language the session's readouts are in (sorted
 * by language code), the readouts in that language are pooled and ranked
 * together by keysent.h, so a session told twice in English still gets two
 * to four English sentences, not twice as many.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/keysent.h"
#include "reports/review.h"

json_t *rp_key_sentences_json(const report_ctx *r, const report_session *s)
{
    const pt_corpus *c = r->in.corpus;
    json_t *arr = json_array();
    const char *langs[8];
    size_t n_langs = 0;
    for (size_t j = 0; j < s->n_docs; j++) {
        const char *l = c->docs[s->docs[j]].lang;
        size_t k = 0;
        while (k < n_langs && strcmp(langs[k], l) != 0)
            k++;
        if (k == n_langs && n_langs < sizeof langs / sizeof langs[0])
            langs[n_langs++] = l;
    }
    for (size_t i = 1; i < n_langs; i++)
        for (size_t j = i; j > 0 && strcmp(langs[j], langs[j - 1]) < 0; j--) {
            const char *t = langs[j];
            langs[j] = langs[j - 1];
            langs[j - 1] = t;
        }
    const char **texts = xcalloc(s->n_docs + 1, sizeof *texts);
    size_t *lens = xcalloc(s->n_docs + 1, sizeof *lens), *doc = xcalloc(s->n_docs + 1, sizeof *doc);
    for (size_t li = 0; li < n_langs; li++) {
        size_t n = 0;
        for (size_t j = 0; j < s->n_docs; j++) {
            const pt_doc *d = &c->docs[s->docs[j]];
            if (strcmp(d->lang, langs[li]) != 0)
                continue;
            texts[n] = d->text;
            lens[n] = d->text_len;
            doc[n++] = s->docs[j];
        }
        ks_span *v = NULL;
        size_t m = ks_select(texts, lens, n, &v);
        for (size_t k = 0; k < m; k++) {
            const pt_doc *d = &c->docs[doc[v[k].text]];
            json_t *o = json_object();
            json_object_set_new(o, "text", json_stringn(d->text + v[k].start, v[k].len));
            json_object_set_new(o, "lang", json_string(d->lang));
            json_object_set_new(o, "readout", json_string(d->id));
            json_array_append_new(arr, o);
        }
        free(v);
    }
    free(doc);
    free(lens);
    free(texts);
    return arr;
}
