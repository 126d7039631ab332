/*
 * train_settings.c — a bundle's settings against a command's
 * (train_settings.h).  Each setting is compared as the bundle records it;
 * the lexicon and the formulae by their content, since the bundle keeps a
 * copy of each, and whether each was the shipped file (the manifest says).
 */
#include "train_settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"

/* Lexicon and formulae files larger than this are not a lexicon. */
#define SETTINGS_MAX_FILE ((size_t)64 << 20)

typedef struct {
    strbuf *what;
    strbuf *shipped;        /* shipped files that changed: not differences */
    strbuf give, leave_out; /* options to give; options to leave out ("without X") */
    int n;
} diff_ctx;

/* One difference: "name bundle (this run: mine)", and the option that
 * would match the bundle ("without --x": one to leave out). */
static void differ(diff_ctx *d, const char *name, const char *bundle, const char *mine, const char *option)
{
    sb_printf(d->what, "%s%s %s (this run: %s)", d->n ? ", " : "", name, bundle, mine);
    if (strncmp(option, "without ", 8) == 0)
        sb_printf(&d->leave_out, "%s%s", d->leave_out.len ? ", " : "", option + 8);
    else
        sb_printf(&d->give, "%s%s", d->give.len ? " " : "", option);
    d->n++;
}

/* x as the shortest of %.15g and %.17g that reads back as x, so that the
 * option suggested gives exactly the bundle's value. */
static const char *num(char *buf, size_t size, double x)
{
    snprintf(buf, size, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, size, "%.17g", x);
    return buf;
}

static const char *on_off(bool b)
{
    return b ? "on" : "off";
}

/* A switch the shared options turn off with --no-NAME. */
static void flag(diff_ctx *d, const char *name, bool bundle, bool mine, const char *no_option)
{
    if (bundle == mine)
        return;
    char option[64];
    snprintf(option, sizeof option, "%s%s", bundle ? "without " : "", no_option);
    differ(d, name, on_off(bundle), on_off(mine), option);
}

static void number(diff_ctx *d, const char *name, double bundle, double mine, const char *option_name)
{
    if (bundle == mine)
        return;
    char b[40], m[40], option[64];
    snprintf(option, sizeof option, "%s %s", option_name, num(b, sizeof b, bundle));
    differ(d, name, b, num(m, sizeof m, mine), option);
}

static bool has_file(const char *path)
{
    return path != NULL && path[0] != '\0';
}

/* A shipped file (lexicon, formulae, taxonomy) that changed with an
 * upgrade: noted apart, for the caller to retrain. */
static void shipped_changed(diff_ctx *d, const char *name)
{
    sb_printf(d->shipped, "%s%s", d->shipped->len ? " and " : "", name);
}

/* The bundle's copy of a file (lexicon, formulae) against the file the
 * command would use; both_shipped: each was politrend's shipped file, so
 * other content is an upgrade, not a difference.  Returns 0 or -1 with err. */
static int same_file(diff_ctx *d, const char *name, const char *bundle, const char *mine, const char *no_option,
                     bool both_shipped, pt_error *err)
{
    char option[4200];
    if (!has_file(bundle) && !has_file(mine))
        return 0;
    if (!has_file(mine) || !has_file(bundle)) {
        if (has_file(bundle))
            snprintf(option, sizeof option, "--%s %s", name, bundle);
        else
            snprintf(option, sizeof option, "%s", no_option);
        differ(d, name, has_file(bundle) ? bundle : "none", has_file(mine) ? mine : "none", option);
        return 0;
    }
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    if (fsio_read_all(bundle, SETTINGS_MAX_FILE, &a, &na, err) != 0)
        return -1;
    if (fsio_read_all(mine, SETTINGS_MAX_FILE, &b, &nb, err) != 0) {
        free(a);
        return -1;
    }
    bool changed = na != nb || memcmp(a, b, na) != 0;
    if (changed && both_shipped) {
        shipped_changed(d, name);
    } else if (changed) {
        char shown[4200];
        snprintf(shown, sizeof shown, "%s, not the same", mine);
        snprintf(option, sizeof option, "--%s %s", name, bundle);
        differ(d, name, bundle, shown, option);
    }
    free(a);
    free(b);
    return 0;
}

static void themes(diff_ctx *d, const pt_taxonomy *bundle, const pt_taxonomy *mine, bool both_shipped)
{
    bool same = bundle->n == mine->n;
    for (size_t t = 0; same && t < bundle->n; t++)
        same = strcmp(bundle->names[t], mine->names[t]) == 0;
    if (same)
        return;
    if (both_shipped) {
        shipped_changed(d, "taxonomy");
        return;
    }
    strbuf b = {0}, m = {0};
    for (size_t t = 0; t < bundle->n; t++)
        sb_printf(&b, "%s%s", t ? ", " : "", bundle->names[t]);
    for (size_t t = 0; t < mine->n; t++)
        sb_printf(&m, "%s%s", t ? ", " : "", mine->names[t]);
    differ(d, "themes", b.data ? b.data : "none", m.data ? m.data : "none", "--themes <a taxonomy of those themes>");
    sb_free(&b);
    sb_free(&m);
}

static void threshold(diff_ctx *d, const pt_bundle *b, const train_recipe *r)
{
    char bv[40], mv[40], option[64];
    const char *bundle = b->selection.threshold_by_cv ? "chosen by cross-validation" : num(bv, sizeof bv, b->threshold);
    const char *mine = r->threshold_by_cv ? "chosen by cross-validation" : num(mv, sizeof mv, r->cfg->threshold);
    if (b->selection.threshold_by_cv && r->threshold_by_cv) {
        if (b->selection.folds > 0 && b->selection.folds != r->folds) {
            snprintf(bv, sizeof bv, "%zu", b->selection.folds);
            snprintf(mv, sizeof mv, "%zu", r->folds);
            snprintf(option, sizeof option, "--folds %zu", b->selection.folds);
            differ(d, "cross-validation folds", bv, mv, option);
        }
        return;
    }
    if (!b->selection.threshold_by_cv && !r->threshold_by_cv && b->threshold == r->cfg->threshold)
        return;
    if (b->selection.threshold_by_cv)
        snprintf(option, sizeof option, "without --threshold");
    else
        snprintf(option, sizeof option, "--threshold %s", bv);
    differ(d, "threshold", bundle, mine, option);
}

/* C: compared only when neither b nor r chose it by a grid search. */
static void cost(diff_ctx *d, const pt_bundle *b, const train_recipe *r)
{
    bool b_grid = b->selection.by_grid || b->selection.n_grid > 0;
    char bv[40], mv[40], option[64];
    if (b_grid != r->grid) {
        /* --no-grid, not "without --grid": the grid may be politrend.conf's. */
        num(bv, sizeof bv, b->params.C);
        snprintf(option, sizeof option, b_grid ? "--grid" : "--no-grid -C %s", bv);
        const char *mine = r->grid ? "chosen by --grid" : num(mv, sizeof mv, r->cfg->svm.C);
        differ(d, "C", b_grid ? "chosen by --grid" : bv, mine, option);
    } else if (!b_grid)
        number(d, "C", b->params.C, r->cfg->svm.C, "-C");
}

int train_settings_diff(const pt_bundle *b, const train_recipe *r, strbuf *what, strbuf *options, strbuf *shipped,
                        pt_error *err)
{
    diff_ctx d = {.what = what, .shipped = shipped};
    const train_config *c = r->cfg;
    char bv[40], mv[40], option[80];
    themes(&d, &b->tax, r->tax, b->themes_shipped && r->themes_shipped);
    if (b->tok.segmenter != c->tok.segmenter) {
        snprintf(option, sizeof option, "--segmenter %s", tok_segmenter_name(b->tok.segmenter));
        differ(&d, "Chinese segmenter", tok_segmenter_name(b->tok.segmenter), tok_segmenter_name(c->tok.segmenter),
               option);
    }
    number(&d, "English n-grams up to", b->tok.ngram_max, c->tok.ngram_max, "--ngram");
    flag(&d, "stemming", b->tok.stem, c->tok.stem, "--no-stem");
    if (same_file(&d, "lexicon", b->tok.lexicon_path, c->tok.lexicon_path, "--no-lexicon",
                  b->lexicon_shipped && r->lexicon_shipped, err) != 0 ||
        same_file(&d, "formulae", b->tok.formulae_path, c->tok.formulae_path, "--no-formulae",
                  b->formulae_shipped && r->formulae_shipped, err) != 0) {
        sb_free(&d.give);
        sb_free(&d.leave_out);
        return -1;
    }
    flag(&d, "British spellings folded", b->tok.fold_spelling, c->tok.fold_spelling, "--no-fold-spelling");
    flag(&d, "lexicon theme tokens", b->tok.tifa_themes, c->tok.tifa_themes, "--no-tifa-themes");
    number(&d, "min-df", (double)b->tfidf.cfg.min_df, (double)c->tfidf.min_df, "--min-df");
    number(&d, "max-df", b->tfidf.cfg.max_df, c->tfidf.max_df, "--max-df");
    number(&d, "max-features", (double)b->tfidf.cfg.max_features, (double)c->tfidf.max_features, "--max-features");
    flag(&d, "sublinear tf", b->tfidf.cfg.sublinear_tf, c->tfidf.sublinear_tf, "--no-sublinear-tf");
    number(&d, "tifa weight", b->tifa_weight, c->tifa_weight, "--tifa-weight");
    if (b->params.kernel != c->svm.kernel) {
        snprintf(option, sizeof option, "--kernel %s", svmx_kernel_name(b->params.kernel));
        differ(&d, "kernel", svmx_kernel_name(b->params.kernel), svmx_kernel_name(c->svm.kernel), option);
    }
    svmx_solver sb = svmx_solver_for(&b->params, b->n_docs), sm = svmx_solver_for(&c->svm, r->n_docs);
    if (b->params.kernel == c->svm.kernel && sb != sm) {
        snprintf(option, sizeof option, "--solver %s", svmx_solver_name(sb));
        differ(&d, "solver", svmx_solver_name(sb), svmx_solver_name(sm), option);
    }
    cost(&d, b, r);
    bool grid = r->grid || b->selection.by_grid || b->selection.n_grid > 0; /* gamma chosen with C */
    if (!grid && b->params.kernel == SVMX_RBF && c->svm.kernel == SVMX_RBF && b->params.gamma != c->svm.gamma) {
        /* 0: scaled to the training rows (svmx_scale_gamma). */
        const char *scaled = "scaled to the data";
        if (b->params.gamma > 0)
            snprintf(option, sizeof option, "--gamma %s", num(bv, sizeof bv, b->params.gamma));
        else
            snprintf(option, sizeof option, "without --gamma");
        differ(&d, "gamma", b->params.gamma > 0 ? bv : scaled,
               c->svm.gamma > 0 ? num(mv, sizeof mv, c->svm.gamma) : scaled, option);
    }
    flag(&d, "class weights", b->params.class_weights, c->svm.class_weights, "--no-class-weights");
    number(&d, "seed", b->params.seed, c->svm.seed, "--seed");
    threshold(&d, b, r);
    if (d.give.len)
        sb_puts(options, d.give.data);
    if (d.leave_out.len)
        sb_printf(options, "%swithout %s", d.give.len ? ", and " : "", d.leave_out.data);
    sb_free(&d.give);
    sb_free(&d.leave_out);
    return d.n;
}
