/*
 * dashboard.c — the sections of index.html that show what the reports know
 * beyond the yearly shares (review.h): theme share per Central Committee
 * term (100% stacked bars), the cadence of sessions per term (every
 * interval, with its median and range), who briefed (lecturers rolled up to
 * parent bodies, and their roles, year by year), each theme's trend slope
 * with its standard error, the length of readouts by year, and links to the
 * year reviews (the model's quality per theme is html.c's section).
 *
 * Drawn from trends.json where it holds the figure (so page and JSON
 * agree) and from the context for what no JSON lists (single intervals,
 * readout lengths).  Inline SVG with a <title> tooltip on every mark and
 * a table beside every chart, so the page reads without a script and the
 * numbers can be copied.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "reports/internal.h"
#include "reports/review.h"

/* Colours of the parent bodies and roles (categories, not themes): a
 * twelve-colour set that stays apart in print, then greys. */
static const char *const cat_palette[] = {"#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948",
                                          "#B07AA1", "#FF9DA7", "#9C755F", "#2F4B7C", "#A0CBE8", "#8CD17D"};
#define N_CAT_PALETTE (sizeof cat_palette / sizeof cat_palette[0])

static const char *cat_colour(size_t k, size_t n)
{
    if (k + 1 == n)
        return "#BAB0AC"; /* the last category is the rest: other, unspecified */
    return k < N_CAT_PALETTE ? cat_palette[k] : "#79706E";
}

static void esc(strbuf *sb, const char *s)
{
    rp_html_text(sb, s);
}

static const char *ordinal(int n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

void rp_dashboard_nav(strbuf *sb)
{
    sb_puts(sb, "<a href=\"#share-by-term\">By term</a><a href=\"#cadence\">Cadence</a>"
                "<a href=\"#briefers\">Who briefed</a><a href=\"#trend-slopes\">Trends</a>"
                "<a href=\"#readout-length\">Readout length</a>"
                "<a href=\"#reviews\">Year reviews</a>");
}

/* ---- theme share per term -------------------------------------------------------- */

static void share_by_term(strbuf *sb, const report_ctx *r, const json_t *trends)
{
    json_t *terms = json_object_get(trends, "cc_terms"), *cad = json_object_get(trends, "cadence");
    size_t n = json_array_size(terms), n_themes = r->in.tax->n;
    const int left = 250, plot = 860, row = 30, top = 8;
    int width = left + plot + 20, height = top + row * (int)n + 24;
    sb_puts(sb, "<section id=\"share-by-term\"><h2>Theme share per Central Committee term</h2>\n<p class=\"note\">"
                "Each bar is one term's sessions (within the years shown), split by primary theme.</p>\n");
    sb_puts(sb, "<div class=\"legend\">");
    for (size_t t = 0; t <= n_themes; t++) {
        sb_printf(sb, "<span><span class=\"sw\" style=\"background:%s\"></span>", rp_colour(t < n_themes ? (int)t : -1));
        esc(sb, t < n_themes ? r->in.tax->names[t] : "no theme");
        sb_puts(sb, "</span>");
    }
    sb_puts(sb, "</div>\n");
    sb_printf(sb, "<svg id=\"term-share-chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                  "aria-label=\"Theme share per Central Committee term\">\n",
              width, height, width, height);
    for (int p = 0; p <= 100; p += 25) {
        double x = left + plot * p / 100.0;
        sb_printf(sb, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/><text x=\"%.1f\" y=\"%d\" "
                      "font-size=\"11\" text-anchor=\"middle\">%d%%</text>\n",
                  x, x, top, height - 20, x, height - 6, p);
    }
    for (size_t k = 0; k < n; k++) {
        json_t *term = json_array_get(terms, k);
        json_t *cc = json_object_get(term, "cc");
        long long sessions = json_integer_value(json_object_get(term, "sessions"));
        double y = top + row * (double)k;
        char label[96];
        if (json_is_integer(cc)) {
            int c = (int)json_integer_value(cc);
            const char *first = NULL, *last = NULL;
            for (size_t j = 0; j < json_array_size(cad); j++)
                if (json_integer_value(json_object_get(json_array_get(cad, j), "cc")) == c) {
                    first = json_string_value(json_object_get(json_array_get(cad, j), "first"));
                    last = json_string_value(json_object_get(json_array_get(cad, j), "last"));
                }
            snprintf(label, sizeof label, "%d%s CC, %.4s–%.4s: %lld sessions", c, ordinal(c), first ? first : "?",
                     last ? last : "?", sessions);
        } else {
            snprintf(label, sizeof label, "no term given: %lld sessions", sessions);
        }
        sb_printf(sb, "<g class=\"term\"><text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">", left - 8,
                  y + row / 2.0 + 4);
        esc(sb, label);
        sb_puts(sb, "</text>\n");
        double x = left;
        json_t *th = json_object_get(term, "themes");
        for (size_t t = 0; t <= n_themes; t++) {
            json_t *e = t < n_themes ? json_object_get(th, r->in.tax->names[t]) : json_object_get(term, "unassigned");
            double share = json_number_value(json_object_get(e, "share"));
            long long count = json_integer_value(json_object_get(e, "count"));
            if (count == 0)
                continue;
            double w = plot * share;
            sb_printf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>", x, y + 4, w,
                      row - 8, rp_colour(t < n_themes ? (int)t : -1));
            esc(sb, label);
            sb_puts(sb, " · ");
            esc(sb, t < n_themes ? r->in.tax->names[t] : "no theme");
            sb_printf(sb, " %lld (%.0f%%)</title></rect>", count, 100 * share);
            if (w > 34)
                sb_printf(sb, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
                              "style=\"fill:#fff\">%.0f%%</text>",
                          x + w / 2, y + row / 2.0 + 4, 100 * share);
            sb_puts(sb, "\n");
            x += w;
        }
        sb_puts(sb, "</g>\n");
    }
    sb_puts(sb, "</svg>\n</section>\n");
}

/* ---- cadence ------------------------------------------------------------------------ */

static bool year_shown(const report_ctx *r, int year)
{
    for (size_t k = 0; k < r->n_shown; k++)
        if (r->shown[k] == year)
            return true;
    return false;
}

static void cadence(strbuf *sb, const report_ctx *r, const json_t *trends)
{
    json_t *cad = json_object_get(trends, "cadence");
    size_t n = json_array_size(cad);
    long max_days = 30;
    for (size_t k = 0; k < n; k++) {
        json_t *m = json_object_get(json_array_get(cad, k), "max_days");
        if (json_is_integer(m) && json_integer_value(m) > max_days)
            max_days = (long)json_integer_value(m);
    }
    max_days = (max_days + 29) / 30 * 30;
    const int left = 110, plot = 900, row = 34, top = 10;
    int width = left + plot + 30, height = top + row * (int)n + 30;
    sb_puts(sb, "<section id=\"cadence\"><h2>Cadence: days between sessions</h2>\n<p class=\"note\">One row per "
                "term: a tick for every pair of sessions numbered n and n+1 (a pair with a missing number between "
                "them is not counted), the diamond at the median.</p>\n");
    sb_printf(sb, "<svg id=\"cadence-chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                  "aria-label=\"Days between consecutive sessions, per term\">\n",
              width, height, width, height);
    for (long d = 0; d <= max_days; d += max_days > 240 ? 60 : 30) {
        double x = left + plot * (double)d / (double)max_days;
        sb_printf(sb, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/><text x=\"%.1f\" y=\"%d\" "
                      "font-size=\"11\" text-anchor=\"middle\">%ld d</text>\n",
                  x, x, top, height - 24, x, height - 8, d);
    }
    for (size_t k = 0; k < n; k++) {
        json_t *e = json_array_get(cad, k);
        int cc = (int)json_integer_value(json_object_get(e, "cc"));
        double cy = top + row * (double)k + row / 2.0;
        sb_printf(sb, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">%d%s CC</text>", left - 8, cy + 4,
                  cc, ordinal(cc));
        sb_printf(sb, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>\n", left, left + plot, cy, cy);
        for (size_t i = 0; i + 1 < r->sessions.n; i++) {
            const report_session *a = &r->sessions.v[i];
            if (a->cc != cc || !year_shown(r, a->year))
                continue;
            for (size_t j = 0; j < r->sessions.n; j++) {
                const report_session *b = &r->sessions.v[j];
                if (b->cc != cc || b->number != a->number + 1 || !year_shown(r, b->year))
                    continue;
                double x = left + plot * (double)(b->day - a->day) / (double)max_days;
                sb_printf(sb, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#4E79A7\" "
                              "stroke-width=\"2\" opacity=\"0.7\"><title>",
                          x, x, cy - 8, cy + 8);
                esc(sb, a->id);
                sb_puts(sb, " → ");
                esc(sb, b->id);
                sb_printf(sb, ": %ld days</title></line>\n", b->day - a->day);
            }
        }
        json_t *med = json_object_get(e, "median_days");
        if (json_is_number(med)) {
            double x = left + plot * json_number_value(med) / (double)max_days;
            sb_printf(sb, "<path d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" fill=\"#E15759\"><title>%d%s CC: median %.1f days, "
                          "%lld to %lld, %lld intervals</title></path>\n",
                      x, cy - 6, cc, ordinal(cc), json_number_value(med),
                      json_integer_value(json_object_get(e, "min_days")),
                      json_integer_value(json_object_get(e, "max_days")),
                      json_integer_value(json_object_get(e, "intervals")));
        }
    }
    sb_puts(sb, "</svg>\n<table id=\"cadence-table\"><thead><tr><th>Term</th><th>Sessions</th><th>First</th>"
                "<th>Last</th><th>Intervals</th><th>Median days</th><th>Shortest</th><th>Longest</th></tr></thead>"
                "<tbody>\n");
    for (size_t k = 0; k < n; k++) {
        json_t *e = json_array_get(cad, k);
        int cc = (int)json_integer_value(json_object_get(e, "cc"));
        sb_printf(sb, "<tr><td>%d%s CC</td><td class=\"num\">%lld</td><td>", cc, ordinal(cc),
                  json_integer_value(json_object_get(e, "sessions")));
        esc(sb, json_string_value(json_object_get(e, "first")));
        sb_puts(sb, "</td><td>");
        esc(sb, json_string_value(json_object_get(e, "last")));
        sb_printf(sb, "</td><td class=\"num\">%lld</td>", json_integer_value(json_object_get(e, "intervals")));
        json_t *med = json_object_get(e, "median_days");
        if (json_is_number(med))
            sb_printf(sb, "<td class=\"num\">%.1f</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>\n",
                      json_number_value(med), json_integer_value(json_object_get(e, "min_days")),
                      json_integer_value(json_object_get(e, "max_days")));
        else
            sb_puts(sb, "<td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td></tr>\n");
    }
    sb_puts(sb, "</tbody></table>\n</section>\n");
}

/* ---- who briefed --------------------------------------------------------------------- */

/* Stacked bars of counts per shown year: counts[k * n_cat + c]. */
static void stacked_years(strbuf *sb, const report_ctx *r, const char *id, const char *label, const size_t *counts,
                          const char *const *names, size_t n_cat)
{
    size_t ny = r->n_shown, max = 1;
    for (size_t k = 0; k < ny; k++) {
        size_t s = 0;
        for (size_t c = 0; c < n_cat; c++)
            s += counts[k * n_cat + c];
        max = s > max ? s : max;
    }
    const int left = 44, plot = 200, top = 10;
    double step = 1200.0 / (double)(ny ? ny : 1);
    step = step > 64 ? 64 : step;
    double bw = step * 0.72;
    int width = left + (int)(step * (double)ny) + 12, height = top + plot + 30;
    sb_puts(sb, "<h3>");
    esc(sb, label);
    sb_puts(sb, "</h3>\n<div class=\"legend\">");
    for (size_t c = 0; c < n_cat; c++) {
        sb_printf(sb, "<span><span class=\"sw\" style=\"background:%s\"></span>", cat_colour(c, n_cat));
        esc(sb, names[c]);
        sb_puts(sb, "</span>");
    }
    sb_puts(sb, "</div>\n");
    sb_printf(sb, "<svg id=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"", id,
              width, height, width, height);
    esc(sb, label);
    sb_puts(sb, "\">\n");
    size_t tick = max > 20 ? 10 : (max > 8 ? 4 : (max > 4 ? 2 : 1));
    for (size_t v = 0; v <= max; v += tick) {
        double y = top + plot * (1.0 - (double)v / (double)max);
        sb_printf(sb, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%d\" y=\"%.1f\" "
                      "font-size=\"11\" text-anchor=\"end\">%zu</text>\n",
                  left, width - 6, y, y, left - 6, y + 4, v);
    }
    for (size_t k = 0; k < ny; k++) {
        double x = left + step * (double)k + (step - bw) / 2, y = top + plot;
        sb_printf(sb, "<g class=\"briefers-year\" data-year=\"%d\"><title>%d:", r->shown[k], r->shown[k]);
        for (size_t c = 0; c < n_cat; c++)
            if (counts[k * n_cat + c]) {
                sb_puts(sb, " · ");
                esc(sb, names[c]);
                sb_printf(sb, " %zu", counts[k * n_cat + c]);
            }
        sb_puts(sb, "</title>\n");
        for (size_t c = 0; c < n_cat; c++) {
            size_t v = counts[k * n_cat + c];
            if (v == 0)
                continue;
            double h = plot * (double)v / (double)max;
            y -= h;
            sb_printf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x, y, bw, h,
                      cat_colour(c, n_cat));
        }
        sb_printf(sb, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text></g>\n", x + bw / 2,
                  top + plot + 16, r->shown[k]);
    }
    sb_printf(sb, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n</svg>\n", left, width - 6,
              top + plot, top + plot);
}

typedef struct {
    size_t lecturers, sessions;
    long last_session;
    strbuf examples;
    size_t n_examples;
} body_row;

static void briefers(strbuf *sb, const report_ctx *r)
{
    const rp_bodies *b = r->in.bodies;
    /* Categories: the file's bodies, self-study, not stated, other (last). */
    size_t n_cat = (b ? b->n_names : 0) + 3;
    const char **names = xcalloc(n_cat, sizeof *names);
    for (size_t k = 0; b && k < b->n_names; k++)
        names[k] = b->names[k];
    names[n_cat - 3] = RP_BODY_SELF_STUDY;
    names[n_cat - 2] = RP_BODY_NOT_STATED;
    names[n_cat - 1] = RP_BODY_OTHER;
    size_t n_roles = 0;
    while (pt_roles[n_roles])
        n_roles++;
    const char **role_names = xcalloc(n_roles + 1, sizeof *role_names);
    for (size_t k = 0; k < n_roles; k++)
        role_names[k] = pt_roles[k];
    role_names[n_roles] = "unspecified";

    size_t *by_body = xcalloc(r->n_shown * n_cat + 1, sizeof *by_body);
    size_t *by_role = xcalloc(r->n_shown * (n_roles + 1) + 1, sizeof *by_role);
    body_row *rows = xcalloc(n_cat, sizeof *rows);
    for (size_t c = 0; c < n_cat; c++)
        rows[c].last_session = -1;
    const pt_corpus *corpus = r->in.corpus;
    for (size_t k = 0; k < r->n_shown; k++)
        for (size_t i = 0; i < r->sessions.n; i++) {
            const report_session *s = &r->sessions.v[i];
            if (s->year != r->shown[k] || s->lecturer_doc < 0)
                continue;
            const pt_doc *d = &corpus->docs[s->lecturer_doc];
            for (size_t l = 0; l < d->n_lecturers; l++) {
                const pt_lecturer *lec = &d->lecturers[l];
                const char *body = rp_body_of(b, lec->affiliation, lec->role);
                size_t c = 0;
                while (c + 1 < n_cat && strcmp(names[c], body) != 0)
                    c++;
                by_body[k * n_cat + c]++;
                size_t ro = 0;
                while (ro < n_roles && !(lec->role && strcmp(lec->role, pt_roles[ro]) == 0))
                    ro++;
                by_role[k * (n_roles + 1) + ro]++;
                rows[c].lecturers++;
                if (rows[c].last_session != (long)i) {
                    rows[c].sessions++;
                    rows[c].last_session = (long)i;
                }
                if (rows[c].n_examples < 3 && lec->affiliation && c != n_cat - 3) {
                    sb_puts(&rows[c].examples, rows[c].n_examples++ ? "; " : "");
                    esc(&rows[c].examples, lec->affiliation);
                    sb_puts(&rows[c].examples, " (");
                    esc(&rows[c].examples, s->id);
                    sb_puts(&rows[c].examples, ")");
                }
            }
        }
    sb_puts(sb, "<section id=\"briefers\"><h2>Who briefed the Politburo</h2>\n<p class=\"note\">Lecturers per year "
                "by the parent body of their first-named post (patterns in reports/bodies.tsv, editable), then by "
                "the role the readouts give them. A session's lecturers are counted once, from its English readout "
                "when it has one.</p>\n");
    stacked_years(sb, r, "briefers-chart", "Lecturers per year by parent body", by_body, names, n_cat);
    stacked_years(sb, r, "roles-chart", "Lecturers per year by role", by_role, role_names, n_roles + 1);
    sb_puts(sb, "<table id=\"briefers-table\"><thead><tr><th>Parent body</th><th>Lecturers</th><th>Sessions</th>"
                "<th>For example</th></tr></thead><tbody>\n");
    for (size_t c = 0; c < n_cat; c++) {
        if (rows[c].lecturers == 0)
            continue;
        sb_printf(sb, "<tr><td><span class=\"sw\" style=\"background:%s\"></span>", cat_colour(c, n_cat));
        esc(sb, names[c]);
        sb_printf(sb, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"src\">%s</td></tr>\n",
                  rows[c].lecturers, rows[c].sessions, rows[c].examples.data ? rows[c].examples.data : "");
    }
    sb_puts(sb, "</tbody></table>\n</section>\n");
    for (size_t c = 0; c < n_cat; c++)
        sb_free(&rows[c].examples);
    free(rows);
    free(by_role);
    free(by_body);
    free(role_names);
    free(names);
}

/* ---- trend slopes ------------------------------------------------------------------- */

static void trend_slopes(strbuf *sb, const report_ctx *r, const json_t *trends)
{
    json_t *themes = json_object_get(trends, "themes");
    size_t n = r->in.tax->n;
    double span = 0.01;
    for (size_t t = 0; t < n; t++) {
        json_t *f = json_object_get(json_object_get(json_object_get(themes, r->in.tax->names[t]), "trend"), "share");
        double s = json_number_value(json_object_get(f, "slope")), se = json_number_value(json_object_get(f, "slope_se"));
        span = fmax(span, fabs(s) + 2 * se);
    }
    const int width = 260, height = 22;
    sb_puts(sb, "<section id=\"trend-slopes\"><h2>Trends: how each theme's share moves</h2>\n<p class=\"note\">Slope "
                "of the yearly share (percentage points a year, least squares weighted by the year's sessions) with "
                "its standard error; the bar spans ±2 standard errors. A bar that crosses zero is no clear trend. "
                "The count slope is the unweighted fit of the yearly counts.</p>\n");
    sb_printf(sb, "<table id=\"trend-table\"><thead><tr><th>Theme</th><th>Share slope (pp / year)</th>"
                  "<th>± 2 SE <small>(scale ±%.1f pp)</small></th><th>Count slope (sessions / year)</th>"
                  "<th>Years</th></tr></thead><tbody>\n",
              100 * span);
    for (size_t t = 0; t < n; t++) {
        json_t *tr = json_object_get(json_object_get(themes, r->in.tax->names[t]), "trend");
        json_t *fs = json_object_get(tr, "share"), *fc = json_object_get(tr, "count");
        sb_printf(sb, "<tr class=\"trend\"><td><span class=\"tag\" style=\"background:%s\">", rp_colour((int)t));
        esc(sb, r->in.tax->names[t]);
        sb_puts(sb, "</span></td>");
        json_t *s = json_object_get(fs, "slope"), *se = json_object_get(fs, "slope_se");
        if (json_is_number(s) && json_is_number(se)) {
            double v = json_number_value(s), e = json_number_value(se);
            sb_printf(sb, "<td class=\"num\">%+.2f ± %.2f</td><td>", 100 * v, 100 * e);
            double mid = width / 2.0, scale = (width / 2.0 - 6) / span;
            sb_printf(sb, "<svg class=\"slope\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                          "aria-label=\"slope %+.2f, standard error %.2f\">",
                      width, height, width, height, 100 * v, 100 * e);
            sb_printf(sb, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"2\" y2=\"%d\"/>", mid, mid, height - 2);
            sb_printf(sb, "<rect x=\"%.1f\" y=\"7\" width=\"%.1f\" height=\"8\" fill=\"%s\" opacity=\"0.35\"/>",
                      mid + scale * (v - 2 * e), scale * 4 * e, rp_colour((int)t));
            sb_printf(sb, "<circle cx=\"%.1f\" cy=\"11\" r=\"4\" fill=\"%s\"/></svg></td>", mid + scale * v,
                      rp_colour((int)t));
        } else {
            sb_puts(sb, "<td class=\"num\">–</td><td class=\"src\">too few years</td>");
        }
        json_t *cs = json_object_get(fc, "slope"), *cse = json_object_get(fc, "slope_se");
        if (json_is_number(cs) && json_is_number(cse))
            sb_printf(sb, "<td class=\"num\">%+.3f ± %.3f</td>", json_number_value(cs), json_number_value(cse));
        else
            sb_puts(sb, "<td class=\"num\">–</td>");
        sb_printf(sb, "<td class=\"num\">%zu</td></tr>\n", json_array_size(json_object_get(fs, "years_used")));
    }
    sb_puts(sb, "</tbody></table>\n</section>\n");
}

/* ---- readout length ------------------------------------------------------------------ */

/* English: words (runs of non-space characters with a letter or digit);
 * Chinese: Han characters (U+3400–U+4DBF, U+4E00–U+9FFF), not punctuation. */
static size_t readout_length(const pt_doc *d)
{
    size_t n = 0, i = 0;
    const unsigned char *s = (const unsigned char *)d->text;
    bool zh = strcmp(d->lang, "zh") == 0, counted = false; /* the current word is counted */
    while (i < d->text_len) {
        uint32_t cp = 0;
        size_t used = 1;
        if (utf8_decode(s + i, d->text_len - i, &cp, &used) != UTF8_OK) {
            cp = 0xFFFD;
            used = 1;
        }
        i += used;
        if (zh) {
            n += (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
            continue;
        }
        /* a word is a run of non-space characters with a letter or digit in it */
        bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
        bool alnum = (cp < 0x80 && (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9'))) ||
                     (cp >= 0xC0 && cp <= 0x24F);
        if (space) {
            counted = false;
        } else if (alnum && !counted) {
            n++;
            counted = true;
        }
    }
    return n;
}

/* The smallest of 1, 2, 2.5, 5 times a power of ten that is at least v,
 * so an axis reads in round numbers. */
static double nice_ceil(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
        if (steps[k] * p >= v)
            return steps[k] * p;
    return 10 * p;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : (x > y);
}

static void readout_lengths(strbuf *sb, const report_ctx *r)
{
    static const char *const langs[] = {"en", "zh"};
    static const char *const unit[] = {"English readouts: words", "Chinese readouts: characters"};
    static const char *const fill[] = {"#4E79A7", "#E15759"};
    size_t ny = r->n_shown;
    double *median = xcalloc(2 * ny + 1, sizeof *median);
    size_t *count = xcalloc(2 * ny + 1, sizeof *count), *lo = xcalloc(2 * ny + 1, sizeof *lo),
           *hi = xcalloc(2 * ny + 1, sizeof *hi);
    for (size_t k = 0; k < ny; k++) {
        size_t nd;
        size_t *docs = rp_year_docs(r, r->shown[k], &nd);
        size_t *len = xcalloc(nd + 1, sizeof *len);
        for (size_t l = 0; l < 2; l++) {
            size_t m = 0;
            for (size_t j = 0; j < nd; j++)
                if (strcmp(r->in.corpus->docs[docs[j]].lang, langs[l]) == 0)
                    len[m++] = readout_length(&r->in.corpus->docs[docs[j]]);
            qsort(len, m, sizeof *len, cmp_size);
            count[l * ny + k] = m;
            if (m) {
                median[l * ny + k] = m % 2 ? (double)len[m / 2] : ((double)len[m / 2 - 1] + (double)len[m / 2]) / 2;
                lo[l * ny + k] = len[0];
                hi[l * ny + k] = len[m - 1];
            }
        }
        free(len);
        free(docs);
    }
    sb_puts(sb, "<section id=\"readout-length\"><h2>Readout length by year</h2>\n<p class=\"note\">Median length of "
                "the year's readouts (bars), shortest to longest (line); English in words, Chinese in characters. "
                "The embedded corpus holds synopses, so its lengths are the synopses'.</p>\n");
    for (size_t l = 0; l < 2; l++) {
        double max = 1;
        for (size_t k = 0; k < ny; k++)
            max = fmax(max, (double)hi[l * ny + k]);
        max = nice_ceil(max);
        const int left = 50, plot = 130, top = 22;
        double step = 1200.0 / (double)(ny ? ny : 1);
        step = step > 64 ? 64 : step;
        double bw = step * 0.6;
        int width = left + (int)(step * (double)ny) + 12, height = top + plot + 28;
        sb_printf(sb, "<svg id=\"length-%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                      "aria-label=\"%s\"><text x=\"%d\" y=\"14\" font-size=\"12\">%s</text>\n",
                  langs[l], width, height, width, height, unit[l], left, unit[l]);
        for (int g = 0; g <= 4; g++) {
            double v = max * g / 4.0, y = top + plot * (1.0 - g / 4.0);
            sb_printf(sb, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%d\" y=\"%.1f\" "
                          "font-size=\"10\" text-anchor=\"end\">%.0f</text>\n",
                      left, width - 6, y, y, left - 5, y + 4, v);
        }
        for (size_t k = 0; k < ny; k++) {
            size_t i = l * ny + k;
            double x = left + step * (double)k + (step - bw) / 2;
            if (count[i]) {
                double h = plot * median[i] / max;
                sb_printf(sb, "<g class=\"length\"><title>%d: %zu readout%s, median %.0f, %zu to %zu</title>"
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" opacity=\"0.8\"/>"
                              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/></g>\n",
                          r->shown[k], count[i], count[i] == 1 ? "" : "s", median[i], lo[i], hi[i], x, top + plot - h, bw,
                          h, fill[l], x + bw / 2, x + bw / 2, top + plot * (1.0 - (double)lo[i] / max),
                          top + plot * (1.0 - (double)hi[i] / max));
            }
            sb_printf(sb, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>\n", x + bw / 2,
                      top + plot + 14, r->shown[k]);
        }
        sb_puts(sb, "</svg>\n");
    }
    sb_puts(sb, "</section>\n");
    free(hi);
    free(lo);
    free(count);
    free(median);
}

/* ---- the reviews ------------------------------------------------------------------------- */

static void reviews(strbuf *sb, const report_ctx *r)
{
    sb_puts(sb, "<section id=\"reviews\"><h2>The year in review</h2>\n<p class=\"note\">Each year's sessions "
                "with their lecturers, calendar, key sentences and first-used phrases, and the year's summary "
                "(also as Markdown for a newsletter).</p>\n<p class=\"reviews\">");
    for (size_t k = 0; k < r->n_shown; k++)
        sb_printf(sb, "%s<a href=\"review-%d.html\">%d</a> <small>(<a href=\"review-%d.md\">md</a>)</small>",
                  k ? " · " : "", r->shown[k], r->shown[k], r->shown[k]);
    sb_puts(sb, "</p></section>\n");
}

void rp_dashboard(strbuf *sb, const report_ctx *r, json_t *const *years, const json_t *trends)
{
    (void)years;
    share_by_term(sb, r, trends);
    cadence(sb, r, trends);
    briefers(sb, r);
    trend_slopes(sb, r, trends);
    readout_lengths(sb, r);
    reviews(sb, r);
}
