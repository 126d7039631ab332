/*
 * html.c — index.html, the page for people (internal.h).
 *
 * One self-contained file: inline CSS and inline SVG, no script, no font or
 * image from the network, so it reads the same offline.  Sections: theme
 * shares by year (stacked bars, one <g class="year"> per year), sessions
 * per year, a timeline of sessions coloured by primary theme against the
 * political dates, a year-by-year table (missing numbers, anniversaries,
 * rising terms), what is new each year (the phrases first seen that year
 * with their session and sentence) and a table of every session with its
 * theme and confidence.  Every string from the data is escaped (html_text); numbers
 * are formatted in the C locale, so the page is byte-for-byte reproducible.
 */
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "reports/internal.h"
#include "reports/review.h"

/* Okabe–Ito colours by taxonomy index, grey for no theme (page.c). */
static const char *colour(int theme)
{
    return rp_colour(theme);
}

/* Escapes for text and attribute values (page.c). */
static void html_text(strbuf *sb, const char *s)
{
    rp_html_text(sb, s);
}

static const char *theme_label(const report_ctx *r, int t)
{
    const char *name = rp_theme(r, t);
    return name ? name : "none";
}

static void tag(strbuf *sb, const report_ctx *r, int t)
{
    sb_printf(sb, "<span class=\"tag\" style=\"background:%s\">", colour(t));
    html_text(sb, theme_label(r, t));
    sb_puts(sb, "</span>");
}

static void legend(strbuf *sb, const report_ctx *r)
{
    sb_puts(sb, "<div class=\"legend\">");
    for (size_t t = 0; t <= r->in.tax->n; t++) {
        int th = t < r->in.tax->n ? (int)t : -1;
        sb_printf(sb, "<span><span class=\"sw\" style=\"background:%s\"></span>", colour(th));
        html_text(sb, th >= 0 ? r->in.tax->names[t] : "no theme");
        sb_puts(sb, "</span>");
    }
    sb_puts(sb, "</div>\n");
}

/* ---- charts ------------------------------------------------------------------ */

#define CH_LEFT 44
#define CH_TOP 12
#define CH_HEIGHT 240
#define CH_BOTTOM 34

static double year_step(size_t ny)
{
    double step = 1200.0 / (double)(ny ? ny : 1);
    return step > 64 ? 64 : step;
}

static void share_chart(strbuf *sb, const report_ctx *r)
{
    size_t ny = r->n_shown, n_themes = r->in.tax->n;
    double step = year_step(ny), bw = step * 0.72;
    int width = CH_LEFT + (int)(step * (double)ny) + 12, height = CH_TOP + CH_HEIGHT + CH_BOTTOM;
    sb_printf(sb, "<svg id=\"share-chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                  "aria-label=\"Share of sessions by primary theme, per year\">\n",
              width, height, width, height);
    for (int p = 0; p <= 100; p += 25) {
        double y = CH_TOP + CH_HEIGHT * (1.0 - p / 100.0);
        sb_printf(sb, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", CH_LEFT, width - 6, y, y);
        sb_printf(sb, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d%%</text>\n", CH_LEFT - 6,
                  y + 4, p);
    }
    for (size_t k = 0; k < ny; k++) {
        rp_tally t;
        rp_tally_sessions(r, r->shown[k], 0, &t);
        double x = CH_LEFT + step * (double)k + (step - bw) / 2, y = CH_TOP + CH_HEIGHT;
        sb_printf(sb, "<g class=\"year\" data-year=\"%d\"><title>%d: %zu session%s", r->shown[k], r->shown[k],
                  t.sessions, t.sessions == 1 ? "" : "s");
        for (size_t th = 0; th <= n_themes; th++) {
            size_t n = th < n_themes ? t.primary[th] : t.unassigned;
            if (n == 0)
                continue;
            sb_puts(sb, " · ");
            html_text(sb, th < n_themes ? r->in.tax->names[th] : "no theme");
            sb_printf(sb, " %zu (%.0f%%)", n, 100.0 * rp_share(n, t.sessions));
        }
        sb_puts(sb, "</title>\n");
        for (size_t th = 0; th <= n_themes; th++) {
            size_t n = th < n_themes ? t.primary[th] : t.unassigned;
            if (n == 0)
                continue;
            double h = CH_HEIGHT * rp_share(n, t.sessions);
            y -= h;
            sb_printf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x, y, bw, h,
                      colour(th < n_themes ? (int)th : -1));
        }
        sb_printf(sb, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text></g>\n",
                  x + bw / 2, CH_TOP + CH_HEIGHT + 16, r->shown[k]);
    }
    sb_printf(sb, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n</svg>\n", CH_LEFT, width - 6,
              CH_TOP + CH_HEIGHT, CH_TOP + CH_HEIGHT);
}

static void count_chart(strbuf *sb, const report_ctx *r)
{
    size_t ny = r->n_shown, max = 1;
    size_t *count = xcalloc(ny + 1, sizeof *count);
    for (size_t k = 0; k < ny; k++) {
        rp_tally t;
        rp_tally_sessions(r, r->shown[k], 0, &t);
        count[k] = t.sessions;
        max = count[k] > max ? count[k] : max;
    }
    const int plot = 160;
    double step = year_step(ny), bw = step * 0.72;
    int width = CH_LEFT + (int)(step * (double)ny) + 12, height = CH_TOP + plot + CH_BOTTOM;
    sb_printf(sb, "<svg id=\"count-chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                  "aria-label=\"Sessions per year\">\n",
              width, height, width, height);
    for (size_t v = 0; v <= max; v += (max > 10 ? 5 : (max > 4 ? 2 : 1))) {
        double y = CH_TOP + plot * (1.0 - (double)v / (double)max);
        sb_printf(sb, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", CH_LEFT, width - 6, y, y);
        sb_printf(sb, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%zu</text>\n", CH_LEFT - 6,
                  y + 4, v);
    }
    for (size_t k = 0; k < ny; k++) {
        double h = plot * (double)count[k] / (double)max;
        double x = CH_LEFT + step * (double)k + (step - bw) / 2, y = CH_TOP + plot - h;
        sb_printf(sb,
                  "<g class=\"count\"><title>%d: %zu session%s</title>"
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#5b6b7f\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%zu</text>"
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text></g>\n",
                  r->shown[k], count[k], count[k] == 1 ? "" : "s", x, y, bw, h, x + bw / 2, y - 4, count[k],
                  x + bw / 2, CH_TOP + plot + 16, r->shown[k]);
    }
    sb_printf(sb, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n</svg>\n", CH_LEFT, width - 6,
              CH_TOP + plot, CH_TOP + plot);
    free(count);
}

/* One row per year, day of the year across; dashed lines at the fixed
 * dates, grey triangles at calendar events. */
static void timeline(strbuf *sb, const report_ctx *r)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const int marks[][2] = {{7, 1}, {8, 1}, {10, 1}};
    static const char *const mark_names[] = {"July 1", "Aug 1", "Oct 1"};
    const int left = 56, plot = 1100, row = 24, top = 34;
    size_t ny = r->n_shown;
    int width = left + plot + 16, height = top + row * (int)ny + 10;
    sb_printf(sb, "<svg id=\"timeline\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                  "aria-label=\"Sessions by date, one row per year\">\n",
              width, height, width, height);
    for (int m = 0; m < 12; m++) {
        double x = left + plot * (double)(report_days_from_civil(2001, m + 1, 1) - report_days_from_civil(2001, 1, 1)) / 365.0;
        sb_printf(sb, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x, x, top - 6, height - 10);
        sb_printf(sb, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>\n", x + 3, top - 10, months[m]);
    }
    for (size_t k = 0; k < 3; k++) {
        double x = left + plot * (double)(report_days_from_civil(2001, marks[k][0], marks[k][1]) -
                                          report_days_from_civil(2001, 1, 1)) / 365.0;
        sb_printf(sb, "<line class=\"mark\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"><title>%s</title></line>\n", x,
                  x, top - 4, height - 10, mark_names[k]);
        sb_printf(sb, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#666\">%s</text>\n", x,
                  10, mark_names[k]);
    }
    for (size_t k = 0; k < ny; k++) {
        int year = r->shown[k];
        double cy = top + row * (double)k + row / 2.0;
        long jan1 = report_days_from_civil(year, 1, 1), len = report_days_from_civil(year + 1, 1, 1) - jan1;
        sb_printf(sb, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d</text>", left - 8, cy + 4,
                  year);
        sb_printf(sb, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>\n", left, left + plot, cy,
                  cy);
        for (size_t e = 0; r->in.cal && e < r->in.cal->n; e++) {
            const report_event *ev = &r->in.cal->v[e];
            if (ev->day < jan1 || ev->day >= jan1 + len)
                continue;
            double x = left + plot * (double)(ev->day - jan1) / (double)len;
            sb_printf(sb, "<path class=\"event\" d=\"M%.1f %.1fl-4 -7h8z\"><title>", x, cy - 4);
            html_text(sb, ev->date);
            sb_puts(sb, " ");
            html_text(sb, ev->name);
            sb_puts(sb, "</title></path>\n");
        }
        for (size_t i = 0; i < r->sessions.n; i++) {
            const report_session *s = &r->sessions.v[i];
            if (s->year != year)
                continue;
            double x = left + plot * (double)(s->day - jan1) / (double)len;
            sb_printf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"><title>",
                      x, cy, colour(s->primary));
            html_text(sb, s->id);
            sb_puts(sb, " · ");
            html_text(sb, s->date);
            sb_puts(sb, " · ");
            html_text(sb, theme_label(r, s->primary));
            if (s->title_doc >= 0) {
                sb_puts(sb, " · ");
                html_text(sb, r->in.corpus->docs[s->title_doc].title);
            }
            sb_puts(sb, "</title></circle>\n");
        }
    }
    sb_puts(sb, "</svg>\n");
}

/* ---- tables ---------------------------------------------------------------------- */

static void year_table(strbuf *sb, const report_ctx *r, json_t *const *years)
{
    sb_puts(sb, "<table id=\"year-table\"><thead><tr><th>Year</th><th>Sessions</th><th>Primary themes</th>"
                "<th>Missing numbers</th><th>Just before</th><th>Rising terms (G² against all earlier years)</th>"
                "</tr></thead><tbody>\n");
    for (size_t k = 0; k < r->n_shown; k++) {
        int year = r->shown[k];
        rp_tally t;
        rp_tally_sessions(r, year, 0, &t);
        sb_printf(sb, "<tr><td>%d</td><td class=\"num\">%zu</td><td>", year, t.sessions);
        for (size_t th = 0; th <= r->in.tax->n; th++) {
            size_t n = th < r->in.tax->n ? t.primary[th] : t.unassigned;
            if (n == 0)
                continue;
            tag(sb, r, th < r->in.tax->n ? (int)th : -1);
            sb_printf(sb, " %zu ", n);
        }
        sb_puts(sb, "</td><td>");
        size_t shown_missing = 0;
        for (size_t m = 0; m < r->n_missing; m++) {
            if (r->missing[m].year != year)
                continue;
            if (shown_missing++ < 12)
                sb_printf(sb, "%s%d-%d%s%s", shown_missing > 1 ? ", " : "", r->missing[m].cc, r->missing[m].number,
                          r->missing[m].year_certain ? "" : "?", r->missing[m].unpublished ? " (unpublished)" : "");
        }
        if (shown_missing > 12)
            sb_printf(sb, " … (%zu in all)", shown_missing);
        sb_puts(sb, "</td><td>");
        json_t *an = json_object_get(years[k], "anniversaries");
        for (size_t a = 0; a < json_array_size(an); a++) {
            json_t *x = json_array_get(an, a);
            json_t *ev = json_object_get(x, "event");
            sb_puts(sb, a ? "<br>" : "");
            html_text(sb, json_string_value(json_object_get(x, "session")));
            sb_printf(sb, ": %lld d before ", (long long)json_integer_value(json_object_get(x, "days_before")));
            html_text(sb, json_string_value(json_object_get(ev, "name")));
            sb_puts(sb, " (");
            html_text(sb, json_is_string(json_object_get(x, "primary")) ? json_string_value(json_object_get(x, "primary"))
                                                                        : "no theme");
            sb_puts(sb, ")");
        }
        sb_puts(sb, "</td><td class=\"terms\">");
        json_t *rising = json_object_get(json_object_get(years[k], "terms"), "rising");
        if (json_array_size(rising) == 0)
            sb_puts(sb, "<span class=\"src\">(no earlier year to compare with)</span>");
        for (size_t i = 0; i < json_array_size(rising) && i < 10; i++) {
            json_t *x = json_array_get(rising, i);
            sb_puts(sb, "<span>");
            html_text(sb, json_string_value(json_object_get(x, "term")));
            sb_printf(sb, " <small>%.1f</small></span>", json_real_value(json_object_get(x, "g2")));
        }
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</tbody></table>\n");
}

/* "New this year": per shown year, its new_phrases (at most
 * HTML_NEW_PHRASES) with the session and the sentence each first appeared
 * in; the corpus's first year says why it has none. */
#define HTML_NEW_PHRASES 10
static void new_phrases_section(strbuf *sb, const report_ctx *r, json_t *const *years)
{
    for (size_t k = 0; k < r->n_shown; k++) {
        json_t *np = json_object_get(years[k], "new_phrases");
        json_t *note = json_object_get(years[k], "new_phrases_note");
        sb_printf(sb, "<h3>%d</h3>\n", r->shown[k]);
        if (json_is_string(note)) {
            sb_puts(sb, "<p class=\"src\">");
            html_text(sb, json_string_value(note));
            sb_puts(sb, "</p>\n");
            continue;
        }
        if (json_array_size(np) == 0) {
            sb_puts(sb, "<p class=\"src\">No phrase first seen this year.</p>\n");
            continue;
        }
        sb_puts(sb, "<table class=\"new-phrases\"><thead><tr><th>Phrase</th><th>First seen</th><th>Session</th>"
                    "<th>Times</th><th>First said in</th></tr></thead><tbody>\n");
        for (size_t i = 0; i < json_array_size(np) && i < HTML_NEW_PHRASES; i++) {
            json_t *x = json_array_get(np, i);
            json_t *sess = json_object_get(x, "session");
            sb_puts(sb, "<tr><td>");
            html_text(sb, json_string_value(json_object_get(x, "phrase")));
            sb_puts(sb, "</td><td>");
            html_text(sb, json_string_value(json_object_get(x, "first_seen")));
            sb_puts(sb, "</td><td>");
            html_text(sb, json_is_string(sess) ? json_string_value(sess) : "–");
            sb_printf(sb, "</td><td class=\"num\">%lld</td><td>",
                      (long long)json_integer_value(json_object_get(x, "count")));
            html_text(sb, json_string_value(json_object_get(x, "context")));
            sb_puts(sb, "</td></tr>\n");
        }
        sb_puts(sb, "</tbody></table>\n");
    }
}

static void session_table(strbuf *sb, const report_ctx *r)
{
    const pt_corpus *c = r->in.corpus;
    sb_puts(sb, "<table id=\"session-table\"><thead><tr><th>Date</th><th>Session</th><th>Title</th>"
                "<th>Theme</th><th>Confidence</th><th>All themes</th><th>Label</th><th>Languages</th>"
                "<th>Lecturers</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        bool in_range = false;
        for (size_t k = 0; k < r->n_shown; k++)
            in_range |= r->shown[k] == s->year;
        if (!in_range)
            continue;
        sb_puts(sb, "<tr class=\"session\"><td>");
        html_text(sb, s->date);
        sb_puts(sb, "</td><td>");
        html_text(sb, s->id);
        sb_puts(sb, "</td><td>");
        html_text(sb, s->title_doc >= 0 ? c->docs[s->title_doc].title : "");
        sb_puts(sb, "</td><td>");
        tag(sb, r, s->primary);
        if (s->primary >= 0)
            sb_printf(sb, "</td><td class=\"num\">%.2f</td><td>", s->scores[s->primary]);
        else
            sb_puts(sb, "</td><td class=\"num\">–</td><td>");
        for (size_t j = 0; j < s->n_themes; j++) {
            sb_puts(sb, j ? ", " : "");
            html_text(sb, rp_theme(r, s->themes[j]));
        }
        sb_printf(sb, "</td><td class=\"src\">%s</td><td>", s->manual ? "manual" : "model");
        for (size_t j = 0; j < s->n_docs; j++) {
            const char *l = c->docs[s->docs[j]].lang;
            bool dup = false;
            for (size_t q = 0; q < j; q++)
                dup |= strcmp(c->docs[s->docs[q]].lang, l) == 0;
            if (dup)
                continue;
            sb_puts(sb, j ? " " : "");
            /* the language links to its readout's source when one is given */
            const char *url = NULL;
            for (size_t q = j; q < s->n_docs && url == NULL; q++)
                if (strcmp(c->docs[s->docs[q]].lang, l) == 0 && c->docs[s->docs[q]].url &&
                    (strncmp(c->docs[s->docs[q]].url, "https://", 8) == 0 ||
                     strncmp(c->docs[s->docs[q]].url, "http://", 7) == 0))
                    url = c->docs[s->docs[q]].url; /* only web addresses become links */
            if (url) {
                sb_puts(sb, "<a class=\"source\" href=\"");
                html_text(sb, url);
                sb_puts(sb, "\">");
            }
            html_text(sb, l);
            sb_puts(sb, url ? "</a>" : "");
        }
        sb_puts(sb, "</td><td>");
        if (s->lecturer_doc >= 0) {
            const pt_doc *d = &c->docs[s->lecturer_doc];
            for (size_t k = 0; k < d->n_lecturers; k++) {
                sb_puts(sb, k ? "; " : "");
                html_text(sb, d->lecturers[k].name);
                if (d->lecturers[k].affiliation) {
                    sb_puts(sb, ", ");
                    html_text(sb, d->lecturers[k].affiliation);
                }
                if (d->lecturers[k].role) {
                    sb_puts(sb, " <span class=\"src\">(");
                    html_text(sb, d->lecturers[k].role);
                    sb_puts(sb, ")</span>");
                }
            }
        }
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</tbody></table>\n");
}

/* ---- coverage and model quality --------------------------------------------------- */

/* The corpus's coverage per Central Committee term: sessions in the corpus
 * out of the numbers up to the highest known, and how many of the others
 * were held but never published (the rest are simply not collected).
 * Over the whole corpus, like the missing numbers. */
static void coverage(strbuf *sb, const report_ctx *r)
{
    sb_puts(sb, "<p class=\"meta coverage\">Coverage by Central Committee term: ");
    int shown = 0;
    for (int cc = 1; cc <= 1000; cc++) {
        size_t known = 0;
        int highest = 0;
        for (size_t k = 0; k < r->sessions.n; k++)
            if (r->sessions.v[k].cc == cc && r->sessions.v[k].number > 0) {
                known++;
                if (r->sessions.v[k].number > highest)
                    highest = r->sessions.v[k].number;
            }
        if (known == 0)
            continue;
        size_t unpublished = 0;
        for (size_t m = 0; m < r->n_missing; m++)
            unpublished += r->missing[m].cc == cc && r->missing[m].unpublished != NULL;
        size_t absent = (size_t)highest - known - unpublished;
        int tens = cc % 100, last = cc % 10;
        const char *suffix = (tens >= 11 && tens <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
        sb_printf(sb, "%s<span class=\"term\" data-cc=\"%d\">%d%s CC: %zu of sessions 1–%d in the corpus",
                  shown++ ? " · " : "", cc, cc, suffix, known, highest);
        if (unpublished)
            sb_printf(sb, ", %zu held but unpublished", unpublished);
        if (absent)
            sb_printf(sb, ", %zu not collected", absent);
        sb_puts(sb, "</span>");
    }
    if (!shown)
        sb_puts(sb, "no readout gives its term and session number");
    sb_puts(sb, "</p>\n");
}

/* Each theme's cross-validated F1 from the bundle, weak ones marked: an
 * analyst reading a share should know how far the model behind it goes. */
static void model_quality(strbuf *sb, const report_ctx *r)
{
    sb_puts(sb, "<section id=\"model\"><h2>How well the model knows each theme</h2>\n");
    const bundle_selection *cv = r->in.cv;
    if (cv == NULL || cv->n_themes != r->in.tax->n) {
        sb_puts(sb, "<p class=\"note\">The model was trained without cross-validation (a fixed --threshold): no "
                    "per-theme figures.</p>\n</section>\n");
        return;
    }
    sb_printf(sb, "<p class=\"note\">F1 of the primary theme by %zu-fold cross-validation at training; support is "
                  "the labelled readouts with that primary theme. Below 0.5 the model is weak on that theme: "
                  "its sessions are better labelled by hand.</p>\n<table class=\"quality\"><thead><tr><th>theme"
                  "</th><th>F1</th><th>support</th></tr></thead><tbody>\n", cv->folds);
    for (size_t t = 0; t < r->in.tax->n; t++) {
        sb_printf(sb, "<tr class=\"theme-f1%s\"><td>", cv->f1[t] < 0.5 ? " weak" : "");
        tag(sb, r, (int)t);
        sb_printf(sb, "</td><td class=\"num\">%.2f%s</td><td class=\"num\">%zu</td></tr>\n", cv->f1[t],
                  cv->f1[t] < 0.5 ? " (weak)" : "", cv->support[t]);
    }
    sb_puts(sb, "</tbody></table>\n</section>\n");
}

/* ---- the page ---------------------------------------------------------------------- */

char *report_html(const report_ctx *r, json_t *const *years, const json_t *trends, size_t *len)
{
    strbuf sb = {0};
    int first = r->shown[0], last = r->shown[r->n_shown - 1];
    size_t n_sessions = 0;
    for (size_t k = 0; k < r->n_shown; k++) {
        rp_tally t;
        rp_tally_sessions(r, r->shown[k], 0, &t);
        n_sessions += t.sessions;
    }
    sb_puts(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sb_printf(&sb, "<title>politrend: Politburo study sessions %d–%d</title>\n<style>\n%s</style>\n</head>\n<body>\n",
              first, last, rp_page_css);
    sb_printf(&sb, "<header><h1>Politburo collective study sessions, %d–%d</h1>\n", first, last);
    size_t n_unpublished = 0;
    for (size_t m = 0; m < r->n_missing; m++)
        n_unpublished += r->missing[m].unpublished != NULL;
    sb_printf(&sb, "<p class=\"meta\">%zu session%s in %zu year%s with sessions · %zu held but never published · ",
              n_sessions, n_sessions == 1 ? "" : "s", r->n_shown, r->n_shown == 1 ? "" : "s", n_unpublished);
    sb_puts(&sb, "generated by politrend ");
    html_text(&sb, r->in.version);
    sb_puts(&sb, " · model ");
    char short_sum[13] = "";
    if (r->in.model_checksum)
        snprintf(short_sum, sizeof short_sum, "%s", r->in.model_checksum);
    html_text(&sb, short_sum);
    sb_puts(&sb, "</p>\n<nav><a href=\"#shares\">Theme shares</a><a href=\"#counts\">Sessions per year</a>"
                 "<a href=\"#timeline-section\">Timeline</a><a href=\"#years\">Year by year</a>"
                 "<a href=\"#new\">New this year</a>");
    rp_dashboard_nav(&sb);
    sb_puts(&sb, "<a href=\"#sessions\">Every session</a><a href=\"#model\">Model</a></nav>\n");
    coverage(&sb, r);
    sb_puts(&sb, "</header>\n");

    sb_puts(&sb, "<section id=\"shares\"><h2>Theme shares by year</h2>\n<p class=\"note\">Share of each year's "
                 "sessions by primary theme (labelled sessions keep their labels; the others are "
                 "classified by the model).</p>\n");
    legend(&sb, r);
    share_chart(&sb, r);
    sb_puts(&sb, "</section>\n<section id=\"counts\"><h2>Sessions per year</h2>\n");
    count_chart(&sb, r);
    sb_puts(&sb, "</section>\n<section id=\"timeline-section\"><h2>Timeline</h2>\n<p class=\"note\">One row a "
                 "year; dots are sessions coloured by primary theme; dashed lines mark July 1 (Party "
                 "founding), August 1 (Army Day) and October 1 (National Day); triangles mark plenums and "
                 "congresses from the calendar.</p>\n");
    legend(&sb, r);
    timeline(&sb, r);
    sb_puts(&sb, "</section>\n<section id=\"years\"><h2>Year by year</h2>\n<p class=\"note\">A missing number "
                 "marked ? lies between sessions of different years and is listed under the year of the "
                 "next session.</p>\n");
    year_table(&sb, r, years);
    sb_puts(&sb, "</section>\n<section id=\"new\"><h2>New this year</h2>\n<p class=\"note\">Phrases found in the "
                 "readouts' own words and never seen in an earlier readout of either language, most salient "
                 "first, each with the sentence it first appeared in.</p>\n");
    new_phrases_section(&sb, r, years);
    sb_puts(&sb, "</section>\n");
    rp_dashboard(&sb, r, years, trends);
    sb_puts(&sb, "<section id=\"sessions\"><h2>Every session</h2>\n<p class=\"note\">Confidence is "
                 "the model's mean probability of the primary theme over the session's readouts.</p>\n");
    session_table(&sb, r);
    sb_puts(&sb, "</section>\n");
    model_quality(&sb, r);
    sb_puts(&sb, "<footer>Machine-readable data: the &lt;YEAR&gt;.json files and trends.json beside "
                 "this page (formats in reports/FORMAT.md).</footer>\n</body>\n</html>\n");
    *len = sb.len;
    return sb.data;
}
