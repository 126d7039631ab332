/*
 * project.c — reading and writing politrend.conf (project.h).  The file is
 * small and written by people as well as by `politrend init`, so every
 * line that is not understood is an error naming the line, never ignored.
 */
#include "project.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsio.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "pipeline/train_opts.h"

void project_set(char **slot, const char *value)
{
    if (value == NULL)
        return;
    free(*slot);
    *slot = xstrdup(value);
}

void project_set_corpora(project_conf *p, char *const *paths, size_t n)
{
    if (n == 0)
        return;
    for (size_t k = 0; k < p->n_corpora; k++)
        free(p->corpora[k]);
    free(p->corpora);
    p->corpora = xcalloc(n, sizeof *p->corpora);
    for (size_t k = 0; k < n; k++)
        p->corpora[k] = xstrdup(paths[k]);
    p->n_corpora = n;
}

void project_free(project_conf *p)
{
    for (size_t k = 0; k < p->n_corpora; k++)
        free(p->corpora[k]);
    free(p->corpora);
    free(p->store);
    free(p->model);
    free(p->out);
    free(p->inbox);
    free(p->quarantine);
    for (size_t k = 0; k < p->n_settings; k++) {
        free(p->settings[k].key);
        free(p->settings[k].value);
    }
    free(p->settings);
    memset(p, 0, sizeof *p);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Applies one `key = value` line. */
static int apply_line(project_conf *p, char *line, const char *path, long lineno, pt_error *err)
{
    char *eq = strchr(line, '=');
    if (eq == NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 'key = value', not '%.80s'", path, lineno, line);
    *eq = '\0';
    char *key = trim(line), *value = trim(eq + 1);
    if (*value == '\0')
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: '%s' has no value", path, lineno, key);
    if (strcmp(key, "corpus") == 0) {
        p->corpora = xreallocarray(p->corpora, p->n_corpora + 1, sizeof *p->corpora);
        p->corpora[p->n_corpora++] = xstrdup(value);
        return 0;
    }
    char **slot = strcmp(key, "store") == 0        ? &p->store
                  : strcmp(key, "model") == 0      ? &p->model
                  : strcmp(key, "out") == 0        ? &p->out
                  : strcmp(key, "inbox") == 0      ? &p->inbox
                  : strcmp(key, "quarantine") == 0 ? &p->quarantine
                                                   : NULL;
    if (slot != NULL) {
        project_set(slot, value);
        return 0;
    }
    /* A training setting: checked now, on a scratch configuration, so that
     * a bad value is an error naming the line for every command. */
    train_config scratch;
    train_config_default(&scratch);
    train_cmd scratch_tc;
    memset(&scratch_tc, 0, sizeof scratch_tc);
    char why[256];
    int applied = train_conf_apply(key, value, &scratch, &scratch_tc, why, sizeof why);
    if (applied == 0)
        return pt_fail(err, PT_ERR_DATA,
                       "%s:%ld: unknown key '%.80s' (known: corpus, store, model, out, inbox, quarantine, %s)", path,
                       lineno, key, train_conf_keys);
    if (applied < 0)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: %s: %s", path, lineno, key, why);
    p->settings = xreallocarray(p->settings, p->n_settings + 1, sizeof *p->settings);
    p->settings[p->n_settings++] = (project_setting){xstrdup(key), xstrdup(value), lineno};
    return 0;
}

int project_load(project_conf *p, const char *path, pt_error *err)
{
    memset(p, 0, sizeof *p);
    p->store = xstrdup("corpus/local.jsonl");
    p->model = xstrdup("out/model");
    p->out = xstrdup("out/reports");
    p->inbox = xstrdup("inbox");
    struct stat st;
    if (path == NULL || (stat(path, &st) != 0 && errno == ENOENT))
        return 0;
    char *data;
    size_t len;
    if (fsio_read_all(path, (size_t)1 << 20, &data, &len, err) != 0) {
        project_free(p);
        return -1;
    }
    if (memchr(data, '\0', len) != NULL) {
        free(data);
        project_free(p);
        return pt_fail(err, PT_ERR_DATA, "%s: a NUL byte: not a politrend.conf text file", path);
    }
    p->found = true;
    long lineno = 0;
    int rc = 0;
    for (char *line = data; rc == 0 && line != NULL && *line != '\0';) {
        char *nl = strchr(line, '\n');
        if (nl != NULL)
            *nl = '\0';
        lineno++;
        char *t = trim(line);
        if (*t != '\0' && *t != '#')
            rc = apply_line(p, t, path, lineno, err);
        line = nl ? nl + 1 : NULL;
    }
    free(data);
    if (rc != 0)
        project_free(p);
    return rc;
}

int project_write(const project_conf *p, const char *path, pt_error *err)
{
    strbuf sb = {0};
    sb_puts(&sb, "# politrend.conf: the corpora, store, model and output every politrend command\n"
                 "# uses when no option says otherwise (an option overrides it for one command).\n"
                 "# Lines 'key = value'; paths relative to this directory.\n"
                 "#\n"
                 "# corpus: labelled readouts besides the store, one line each (none: the\n"
                 "#         embedded corpus shipped with politrend)\n");
    for (size_t k = 0; k < p->n_corpora; k++)
        sb_printf(&sb, "corpus = %s\n", p->corpora[k]);
    if (p->n_corpora == 0)
        sb_puts(&sb, "# corpus = more.jsonl   (none given: the embedded corpus)\n");
    sb_printf(&sb, "# store: the readouts you ingest, label and forget\nstore = %s\n", p->store);
    sb_printf(&sb, "# model: the model bundle train writes and run and report use\nmodel = %s\n", p->model);
    sb_printf(&sb, "# out: the reports (<YEAR>.json, trends.json, index.html)\nout = %s\n", p->out);
    sb_printf(&sb, "# inbox: where run looks for new readouts (ingested ones move to inbox/done)\ninbox = %s\n",
              p->inbox);
    sb_puts(&sb, "# quarantine: where run moves rejected inbox files, each with a .why file\n");
    if (p->quarantine)
        sb_printf(&sb, "quarantine = %s\n", p->quarantine);
    else
        sb_printf(&sb, "# quarantine = %s/quarantine   (the default)\n", p->inbox);
    sb_puts(&sb, "#\n"
                 "# Training settings: train, run, evaluate and tokens use them, so that run reuses\n"
                 "# what train made (an option overrides one for that command; a later line\n"
                 "# overrides an earlier one).  Uncomment to set; the values shown are the\n"
                 "# defaults, or examples where the line above says what unset means.\n");
    for (size_t k = 0; k < p->n_settings; k++)
        sb_printf(&sb, "%s = %s\n", p->settings[k].key, p->settings[k].value);
    sb_puts(&sb, "# SVM cost C; grid = yes chooses C (and gamma) by cross-validation instead\n"
                 "# C = 1\n"
                 "# grid = no\n"
                 "# seed for the solvers and the folds; cross-validation folds (2-50)\n"
                 "# seed = 1\n"
                 "# folds = 5\n"
                 "# kernel: linear or rbf; solver: auto, libsvm or liblinear; gamma: rbf only\n"
                 "# (unset: scaled to the data)\n"
                 "# kernel = linear\n"
                 "# solver = auto\n"
                 "# gamma = 0.1\n"
                 "# probability under which no primary theme is given (unset: chosen by\n"
                 "# cross-validation); themes weighted by their rarity\n"
                 "# threshold = 0.5\n"
                 "# class-weights = yes\n"
                 "# your own taxonomy, lexicon and formulae (unset: politrend's corpus/themes.tsv,\n"
                 "# features/lexicon.tsv, features/formulae.tsv; none: no lexicon, no formulae)\n"
                 "# themes = my-themes.tsv\n"
                 "# lexicon = my-lexicon.tsv\n"
                 "# formulae = my-formulae.tsv\n"
                 "# the tokeniser and TF-IDF (see 'politrend train --help')\n"
                 "# tifa-weight = 3\n"
                 "# tifa-themes = yes\n"
                 "# segmenter = bigram\n"
                 "# ngram = 2\n"
                 "# stem = yes\n"
                 "# fold-spelling = yes\n"
                 "# min-df = 1\n"
                 "# max-df = 1.0\n"
                 "# max-features = 0\n"
                 "# sublinear-tf = yes\n"
                 "# worker processes (unset: one per core; the model is the same for any)\n"
                 "# jobs = 2\n");
    int rc = fsio_write_atomic(path, sb.data, sb.len, err);
    sb_free(&sb);
    return rc;
}
