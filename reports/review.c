/*
 * review.c — review-<YEAR>.md, the year in review as a newsletter writer
 * would publish it (review.h), written from the year report so that the
 * review and <YEAR>.json never disagree.
 *
 * Layout: a title and a lead paragraph; one "##" section per session in
 * date order (date, number, title, lecturers with their posts and roles,
 * themes with the model's probabilities and the label's origin, the
 * calendar note, the readouts, the key sentences in each language, the
 * phrases the session used first); then "The year in summary" (themes
 * against the previous year, sessions held but unpublished, phrases said
 * more and less, phrases first seen, who briefed).  Only core CommonMark
 * (headings, paragraphs, lists, block quotes, emphasis): no tables or raw
 * HTML, so it pastes into any Markdown editor.  Every string from the data
 * is escaped (md_text) so that a title with an asterisk stays a title.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/internal.h"
#include "reports/review.h"

#define REVIEW_PHRASES 8   /* phrases listed as said more / said less */

/* ---- Markdown text ------------------------------------------------------------ */

/* Appends s as Markdown text: line breaks become spaces and the characters
 * that could start emphasis, code, links, HTML or entities are escaped.
 * at_start: s begins a block (a list item, a quote), so a leading '#', '-',
 * '+', '=' or "1." that would open another block is escaped too. */
static void md_text_at(strbuf *sb, const char *s, bool at_start)
{
    if (s == NULL)
        return;
    if (at_start) {
        size_t d = 0;
        while (s[d] >= '0' && s[d] <= '9')
            d++;
        if (d > 0 && (s[d] == '.' || s[d] == ')')) {
            sb_append(sb, s, d);
            sb_puts(sb, "\\");
            s += d;
        } else if (s[0] == '#' || s[0] == '-' || s[0] == '+' || s[0] == '=') {
            sb_puts(sb, "\\");
        }
    }
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (c == '\n' || c == '\r' || c == '\t') {
            sb_puts(sb, " ");
            continue;
        }
        bool esc = c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' ||
                   (c == '&' && (p[1] == '#' || (((unsigned char)p[1] | 0x20) >= 'a' && ((unsigned char)p[1] | 0x20) <= 'z'))) ||
                   (c == '!' && p[1] == '[');
        if (esc)
            sb_puts(sb, "\\");
        sb_append(sb, &c, 1);
    }
}

static void md_text(strbuf *sb, const char *s)
{
    md_text_at(sb, s, false);
}

/* ---- small readers of the year report ------------------------------------------- */

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static long long jint(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static const char *const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};

/* "Wednesday 31 January 2024" for a YYYY-MM-DD date. */
static void long_date(strbuf *sb, const char *date, bool weekday)
{
    static const char *const days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    int y, m, d;
    long day;
    if (date == NULL || report_parse_date(date, &y, &m, &d, &day) != 0) {
        md_text(sb, date ? date : "date unknown");
        return;
    }
    long w = (day + 4) % 7; /* 1970-01-01 was a Thursday */
    if (w < 0)
        w += 7;
    if (weekday)
        sb_printf(sb, "%s ", days[w]);
    sb_printf(sb, "%d %s %d", d, month_names[m - 1], y);
}

static const char *ordinal_suffix(long long n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

static const char *lang_name(const char *l)
{
    if (l && strcmp(l, "en") == 0)
        return "English";
    if (l && strcmp(l, "zh") == 0)
        return "Chinese";
    return l ? l : "unknown language";
}

static void plural(strbuf *sb, long long n, const char *one, const char *many)
{
    sb_printf(sb, "%lld %s", n, n == 1 ? one : many);
}

/* ---- one session ----------------------------------------------------------------- */

static void lecturers_line(strbuf *sb, const json_t *s)
{
    json_t *lect = json_object_get(s, "lecturers");
    sb_puts(sb, "- **Lecturers:** ");
    if (json_array_size(lect) == 0)
        sb_puts(sb, "none named in the readouts");
    for (size_t k = 0; k < json_array_size(lect); k++) {
        json_t *l = json_array_get(lect, k);
        sb_puts(sb, k ? "; " : "");
        md_text(sb, jstr(l, "name"));
        if (jstr(l, "affiliation")) {
            sb_puts(sb, ", ");
            md_text(sb, jstr(l, "affiliation"));
        }
        if (jstr(l, "role")) {
            sb_puts(sb, " (");
            md_text(sb, jstr(l, "role"));
            sb_puts(sb, ")");
        }
    }
    sb_puts(sb, "\n");
}

static void themes_line(strbuf *sb, const json_t *s)
{
    json_t *scores = json_object_get(s, "scores"), *themes = json_object_get(s, "themes");
    bool manual = jstr(s, "label_source") && strcmp(jstr(s, "label_source"), "manual") == 0;
    sb_puts(sb, "- **Themes:** ");
    if (json_array_size(themes) == 0)
        sb_puts(sb, "none");
    for (size_t k = 0; k < json_array_size(themes); k++) {
        const char *t = json_string_value(json_array_get(themes, k));
        sb_puts(sb, k ? ", " : "");
        md_text(sb, t);
        sb_printf(sb, " (%s%.2f)", k == 0 && jstr(s, "primary") ? "primary; model probability " : "model ",
                  json_number_value(json_object_get(scores, t)));
    }
    sb_puts(sb, manual ? " · labelled by hand" : " · chosen by the model");
    if (!manual && jstr(s, "primary") == NULL)
        sb_puts(sb, " (no theme reached the model's threshold)");
    sb_puts(sb, "\n");
}

static void calendar_line(strbuf *sb, const json_t *y, const char *id)
{
    json_t *an = json_object_get(y, "anniversaries");
    size_t n = 0;
    sb_puts(sb, "- **Calendar:** ");
    for (size_t k = 0; k < json_array_size(an); k++) {
        json_t *a = json_array_get(an, k);
        if (strcmp(jstr(a, "session"), id) != 0)
            continue;
        json_t *ev = json_object_get(a, "event");
        long long d = jint(a, "days_before");
        sb_puts(sb, n++ ? "; " : "");
        if (d == 0)
            sb_puts(sb, "on the day of ");
        else
            sb_printf(sb, "%lld day%s before ", d, d == 1 ? "" : "s");
        const char *name = jstr(ev, "name");
        if (strcmp(jstr(ev, "kind"), "fixed") == 0) {
            /* "the Party founding anniversary", but "Army Day", "National Day" */
            sb_puts(sb, strstr(name, " Day (") ? "" : "the ");
            md_text(sb, name);
        } else {
            sb_puts(sb, "the ");
            md_text(sb, jstr(ev, "name"));
            sb_puts(sb, " (");
            long_date(sb, jstr(ev, "date"), false);
            sb_puts(sb, ")");
        }
    }
    if (n == 0)
        sb_printf(sb, "not within %d days of July 1, August 1, October 1 or a plenum or congress", REPORT_ANNIV_DAYS);
    sb_puts(sb, "\n");
}

static void readouts_line(strbuf *sb, const json_t *s)
{
    json_t *ro = json_object_get(s, "readouts");
    sb_puts(sb, "- **Readouts:** ");
    for (size_t k = 0; k < json_array_size(ro); k++) {
        json_t *d = json_array_get(ro, k);
        sb_puts(sb, k ? ", " : "");
        md_text(sb, jstr(d, "id"));
        sb_printf(sb, " (%s", lang_name(jstr(d, "lang")));
        const char *url = jstr(d, "source");
        if (url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0) &&
            strpbrk(url, " <>()\\") == NULL) {
            sb_puts(sb, ", [source](");
            sb_puts(sb, url);
            sb_puts(sb, ")");
        }
        sb_puts(sb, ")");
    }
    sb_puts(sb, "\n");
}

static void key_sentences(strbuf *sb, const json_t *s)
{
    json_t *ks = json_object_get(s, "key_sentences");
    const char *lang = NULL;
    for (size_t k = 0; k < json_array_size(ks); k++) {
        json_t *e = json_array_get(ks, k);
        const char *l = jstr(e, "lang");
        if (lang == NULL || strcmp(lang, l) != 0) {
            sb_printf(sb, "\n**Key sentences (%s)**\n\n", lang_name(l));
            lang = l;
        } else {
            sb_puts(sb, ">\n");
        }
        sb_puts(sb, "> ");
        md_text_at(sb, jstr(e, "text"), true);
        sb_puts(sb, "\n");
    }
}

/* The phrases this session used before any other: the open-vocabulary
 * new_phrases of the year report when it has them, else the lexicon's
 * first_seen.tifa. */
static void first_used(strbuf *sb, const json_t *y, const char *id)
{
    json_t *np = json_object_get(y, "new_phrases");
    size_t n = 0;
    if (json_is_array(np)) {
        for (size_t k = 0; k < json_array_size(np); k++) {
            json_t *p = json_array_get(np, k);
            if (jstr(p, "session") == NULL || strcmp(jstr(p, "session"), id) != 0)
                continue;
            sb_puts(sb, n++ ? "" : "\n**First used here**\n\n");
            sb_puts(sb, "- ");
            md_text_at(sb, jstr(p, "phrase"), true);
            sb_puts(sb, " — ");
            plural(sb, jint(p, "count"), "time", "times");
            sb_puts(sb, " in ");
            plural(sb, jint(p, "readouts"), "readout", "readouts");
            if (jstr(p, "context")) {
                sb_puts(sb, ": “");
                md_text(sb, jstr(p, "context"));
                sb_puts(sb, "”");
            }
            sb_puts(sb, "\n");
        }
        return;
    }
    json_t *tifa = json_object_get(json_object_get(y, "first_seen"), "tifa");
    for (size_t k = 0; k < json_array_size(tifa); k++) {
        json_t *p = json_array_get(tifa, k);
        if (strcmp(jstr(p, "session"), id) != 0)
            continue;
        sb_puts(sb, n++ ? "" : "\n**First used here** (set phrases of the lexicon never said before)\n\n");
        sb_puts(sb, "- ");
        const char *zh = jstr(p, "zh"), *en = jstr(p, "en");
        md_text_at(sb, zh ? zh : jstr(p, "key"), true);
        if (en) {
            sb_puts(sb, " (*");
            md_text(sb, en);
            sb_puts(sb, "*)");
        }
        sb_puts(sb, " — ");
        plural(sb, jint(p, "count"), "time", "times");
        sb_puts(sb, " this year\n");
    }
}

static void session_section(strbuf *sb, const json_t *y, const json_t *s)
{
    const char *id = jstr(s, "id");
    sb_puts(sb, "\n## ");
    md_text(sb, id);
    if (strcmp(id, jstr(s, "date")) != 0) { /* a session without a number is named by its date */
        sb_puts(sb, " · ");
        long_date(sb, jstr(s, "date"), false);
    }
    if (jstr(s, "title")) {
        sb_puts(sb, " · ");
        md_text(sb, jstr(s, "title"));
    }
    sb_puts(sb, "\n\n- **Date:** ");
    long_date(sb, jstr(s, "date"), true);
    sb_puts(sb, "\n- **Session:** ");
    if (json_is_integer(json_object_get(s, "session")))
        sb_printf(sb, "the %lld%s collective study session of the %lld%s Central Committee\n", jint(s, "session"),
                  ordinal_suffix(jint(s, "session")), jint(s, "cc"), ordinal_suffix(jint(s, "cc")));
    else
        sb_puts(sb, "not numbered in the readouts\n");
    /* Titles in the other languages, when they differ from the one shown. */
    json_t *ro = json_object_get(s, "readouts");
    for (size_t k = 0; k < json_array_size(ro); k++) {
        json_t *d = json_array_get(ro, k);
        const char *t = jstr(d, "title");
        if (t && (jstr(s, "title") == NULL || strcmp(t, jstr(s, "title")) != 0)) {
            sb_printf(sb, "- **Title (%s):** ", lang_name(jstr(d, "lang")));
            md_text(sb, t);
            sb_puts(sb, "\n");
        }
    }
    lecturers_line(sb, s);
    themes_line(sb, s);
    calendar_line(sb, y, id);
    readouts_line(sb, s);
    key_sentences(sb, s);
    first_used(sb, y, id);
}

/* ---- the summary ------------------------------------------------------------------ */

static void themes_summary(strbuf *sb, const report_ctx *r, const json_t *y, const json_t *prev)
{
    long long py = prev ? jint(prev, "year") : 0;
    if (prev)
        sb_printf(sb, "\n### Themes against %lld\n\n", py);
    else
        sb_puts(sb, "\n### Themes\n\n");
    json_t *th = json_object_get(y, "themes"), *pth = prev ? json_object_get(prev, "themes") : NULL;
    for (size_t t = 0; t <= r->in.tax->n; t++) {
        const char *name = t < r->in.tax->n ? r->in.tax->names[t] : NULL;
        json_t *cur = name ? json_object_get(th, name) : json_object_get(y, "unassigned");
        json_t *old = prev ? (name ? json_object_get(pth, name) : json_object_get(prev, "unassigned")) : NULL;
        long long c = jint(cur, "count"), p = old ? jint(old, "count") : 0;
        if (c == 0 && p == 0)
            continue;
        sb_puts(sb, "- ");
        md_text_at(sb, name ? name : "no primary theme", true);
        sb_puts(sb, ": ");
        plural(sb, c, "session", "sessions");
        if (prev)
            sb_printf(sb, " (%lld: %lld, %s%lld)", py, p, c - p > 0 ? "+" : (c - p < 0 ? "−" : "±"),
                      c - p < 0 ? p - c : c - p);
        sb_puts(sb, "\n");
    }
}

static void unpublished_summary(strbuf *sb, const json_t *y)
{
    json_t *ms = json_object_get(y, "missing_sessions");
    size_t held = 0, lacking = 0;
    sb_puts(sb, "\n### Held but unpublished\n\n");
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < json_array_size(ms); k++) {
            json_t *m = json_array_get(ms, k);
            json_t *unp = json_object_get(m, "unpublished");
            bool is_held = unp == NULL || json_is_true(unp);
            if (is_held != (pass == 0))
                continue;
            if (pass == 1 && lacking++ == 0)
                sb_puts(sb, "\nNumbers the corpus lacks (readouts published but not collected):\n\n");
            if (pass == 0)
                held++;
            json_t *pv = json_object_get(m, "previous"), *nx = json_object_get(m, "next");
            sb_puts(sb, "- ");
            md_text_at(sb, jstr(m, "id"), true);
            sb_puts(sb, ": numbered between ");
            md_text(sb, jstr(pv, "id"));
            sb_puts(sb, " (");
            long_date(sb, jstr(pv, "date"), false);
            sb_puts(sb, ") and ");
            md_text(sb, jstr(nx, "id"));
            sb_puts(sb, " (");
            long_date(sb, jstr(nx, "date"), false);
            sb_puts(sb, ")");
            if (pass == 0)
                sb_puts(sb, unp ? "; held, its readout never published" : "; held, no readout in the corpus");
            if (!json_is_true(json_object_get(m, "year_certain")))
                sb_puts(sb, "; it may have been held the year before");
            if (jstr(m, "note")) { /* corpus/unpublished.tsv's note */
                sb_puts(sb, " (");
                md_text(sb, jstr(m, "note"));
                sb_puts(sb, ")");
            }
            sb_puts(sb, "\n");
        }
        if (pass == 0 && held == 0)
            sb_puts(sb, "Every session number of the year has a readout.\n");
    }
}

static void phrase_item(strbuf *sb, const json_t *p, long long py)
{
    const char *zh = jstr(p, "zh"), *en = jstr(p, "en");
    sb_puts(sb, "- ");
    md_text_at(sb, zh ? zh : jstr(p, "key"), true);
    if (en) {
        sb_puts(sb, " (*");
        md_text(sb, en);
        sb_puts(sb, "*)");
    }
    sb_printf(sb, ": %lld (%lld: %lld)\n", jint(p, "count"), py, jint(p, "previous_count"));
}

static void phrases_summary(strbuf *sb, const json_t *y)
{
    json_t *tifa = json_object_get(y, "tifa"), *ph = json_object_get(tifa, "phrases");
    if (!json_is_integer(json_object_get(tifa, "previous_year")))
        return;
    long long py = jint(tifa, "previous_year");
    sb_printf(sb, "\n### Set phrases said more and less than in %lld\n\n", py);
    /* phrases are by count; the largest changes first, ties by that order */
    for (int sign = 1; sign >= -1; sign -= 2) {
        size_t n = json_array_size(ph), shown = 0;
        bool *used = xcalloc(n + 1, sizeof *used);
        sb_puts(sb, sign > 0 ? "Said more:\n\n" : "\nSaid less:\n\n");
        while (shown < REVIEW_PHRASES) {
            long best = -1;
            long long best_change = 0;
            for (size_t k = 0; k < n; k++) {
                long long ch = jint(json_array_get(ph, k), "change") * sign;
                if (!used[k] && ch > 0 && ch > best_change) {
                    best = (long)k;
                    best_change = ch;
                }
            }
            if (best < 0)
                break;
            used[best] = true;
            phrase_item(sb, json_array_get(ph, (size_t)best), py);
            shown++;
        }
        if (shown == 0)
            sb_puts(sb, "- none\n");
        free(used);
    }
}

static void first_seen_summary(strbuf *sb, const json_t *y)
{
    json_t *np = json_object_get(y, "new_phrases");
    sb_puts(sb, "\n### First seen this year\n\n");
    size_t n = 0;
    if (json_is_array(np)) {
        for (size_t k = 0; k < json_array_size(np) && k < 20; k++, n++) {
            json_t *p = json_array_get(np, k);
            sb_puts(sb, "- ");
            md_text_at(sb, jstr(p, "phrase"), true);
            sb_puts(sb, " — first ");
            long_date(sb, jstr(p, "first_seen"), false);
            if (jstr(p, "session")) {
                sb_puts(sb, " (");
                md_text(sb, jstr(p, "session"));
                sb_puts(sb, ")");
            }
            sb_printf(sb, ", %lld in all\n", jint(p, "count"));
        }
    } else {
        json_t *tifa = json_object_get(json_object_get(y, "first_seen"), "tifa");
        for (size_t k = 0; k < json_array_size(tifa); k++, n++) {
            json_t *p = json_array_get(tifa, k);
            sb_puts(sb, "- ");
            md_text_at(sb, jstr(p, "zh") ? jstr(p, "zh") : jstr(p, "key"), true);
            if (jstr(p, "en")) {
                sb_puts(sb, " (*");
                md_text(sb, jstr(p, "en"));
                sb_puts(sb, "*)");
            }
            sb_puts(sb, " — first in ");
            md_text(sb, jstr(p, "session"));
            sb_puts(sb, " (");
            long_date(sb, jstr(p, "date"), false);
            sb_puts(sb, ")\n");
        }
    }
    if (n == 0)
        sb_puts(sb, "No phrase of the record was first said this year.\n");
}

typedef struct {
    const char *body;
    size_t lecturers;
    strbuf who, sessions;
    const char *last_session;
} body_tally;

static void briefers_summary(strbuf *sb, const report_ctx *r, const json_t *y)
{
    json_t *list = json_object_get(json_object_get(y, "sessions"), "list");
    body_tally *bt = NULL;
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *s = json_array_get(list, i);
        json_t *lect = json_object_get(s, "lecturers");
        for (size_t k = 0; k < json_array_size(lect); k++) {
            json_t *l = json_array_get(lect, k);
            const char *body = rp_body_of(r->in.bodies, jstr(l, "affiliation"), jstr(l, "role"));
            size_t b = 0;
            while (b < n && strcmp(bt[b].body, body) != 0)
                b++;
            if (b == n) {
                bt = xreallocarray(bt, n + 1, sizeof *bt);
                memset(&bt[n], 0, sizeof bt[n]);
                bt[n++].body = body;
            }
            bt[b].lecturers++;
            sb_puts(&bt[b].who, bt[b].who.len ? "; " : "");
            md_text(&bt[b].who, jstr(l, "name"));
            if (jstr(l, "affiliation") && strcmp(body, RP_BODY_SELF_STUDY) != 0) {
                sb_puts(&bt[b].who, ", ");
                md_text(&bt[b].who, jstr(l, "affiliation"));
            }
            if (bt[b].last_session == NULL || strcmp(bt[b].last_session, jstr(s, "id")) != 0) {
                sb_puts(&bt[b].sessions, bt[b].sessions.len ? ", " : "");
                md_text(&bt[b].sessions, jstr(s, "id"));
                bt[b].last_session = jstr(s, "id");
            }
        }
    }
    sb_puts(sb, "\n### Who briefed\n\n");
    if (n == 0)
        sb_puts(sb, "No lecturer is named in the year's readouts.\n");
    for (size_t b = 0; b < n; b++) {
        sb_puts(sb, "- **");
        md_text(sb, bt[b].body);
        sb_puts(sb, "** (");
        sb_puts(sb, bt[b].sessions.data);
        sb_puts(sb, "): ");
        sb_puts(sb, bt[b].who.data);
        sb_puts(sb, "\n");
        sb_free(&bt[b].who);
        sb_free(&bt[b].sessions);
    }
    free(bt);
    if (n == 0)
        return;
    json_t *roles = json_object_get(json_object_get(y, "lecturers"), "roles");
    sb_puts(sb, "\nBy role: ");
    size_t shown = 0;
    for (size_t k = 0; pt_roles[k]; k++) {
        json_t *x = json_object_get(roles, pt_roles[k]);
        long long nl = jint(x, "lecturers");
        if (nl == 0)
            continue;
        sb_printf(sb, "%s%s ", shown++ ? ", " : "", pt_roles[k]);
        plural(sb, nl, "lecturer", "lecturers");
        sb_printf(sb, " in %lld session%s", jint(x, "sessions"), jint(x, "sessions") == 1 ? "" : "s");
    }
    sb_puts(sb, shown ? ".\n" : "no roles given.\n");
}

/* ---- the review -------------------------------------------------------------------- */

char *rp_review_markdown(const report_ctx *r, const json_t *y, const json_t *prev)
{
    strbuf sb = {0};
    long long year = jint(y, "year");
    json_t *list = json_object_get(json_object_get(y, "sessions"), "list");
    size_t n = json_array_size(list), held = 0;
    bool said = false; /* the report says which numbers were held but never published */
    strbuf held_ids = {0};
    json_t *ms = json_object_get(y, "missing_sessions");
    for (size_t k = 0; k < json_array_size(ms); k++) {
        json_t *unp = json_object_get(json_array_get(ms, k), "unpublished");
        said |= unp != NULL;
        if (unp == NULL || json_is_true(unp)) {
            sb_puts(&held_ids, held++ ? ", " : "");
            md_text(&held_ids, jstr(json_array_get(ms, k), "id"));
        }
    }
    sb_printf(&sb, "# The Politburo's collective study sessions in %lld\n\n", year);
    sb_printf(&sb, "In %lld the Politburo of the CPC Central Committee held ", year);
    plural(&sb, (long long)n, "collective study session", "collective study sessions");
    sb_puts(&sb, " with a published readout");
    if (held)
        sb_printf(&sb, "; %s %s %s held but %s", held == 1 ? "session" : "sessions", held_ids.data,
                  held == 1 ? "was" : "were",
                  said ? "never published" : (held == 1 ? "has no readout in the corpus" : "have no readout in the corpus"));
    sb_free(&held_ids);
    sb_puts(&sb, ". By primary theme: ");
    json_t *th = json_object_get(y, "themes");
    size_t shown = 0;
    for (size_t t = 0; t < r->in.tax->n; t++) {
        long long c = jint(json_object_get(th, r->in.tax->names[t]), "count");
        if (c == 0)
            continue;
        sb_printf(&sb, "%s", shown++ ? ", " : "");
        md_text(&sb, r->in.tax->names[t]);
        sb_printf(&sb, " %lld", c);
    }
    long long un = jint(json_object_get(y, "unassigned"), "count");
    if (un)
        sb_printf(&sb, "%sno theme %lld", shown++ ? ", " : "", un);
    sb_puts(&sb, shown ? ".\n" : "none.\n");
    sb_puts(&sb, "\n*Written by politrend ");
    md_text(&sb, r->in.version);
    sb_puts(&sb, " from the readouts; themes are the readouts' own labels where they carry them and the "
                 "model's otherwise; key sentences are extracted by TextRank, not written.*\n");

    for (size_t i = 0; i < n; i++)
        session_section(&sb, y, json_array_get(list, i));

    sb_puts(&sb, "\n## The year in summary\n");
    themes_summary(&sb, r, y, prev);
    unpublished_summary(&sb, y);
    phrases_summary(&sb, y);
    first_seen_summary(&sb, y);
    briefers_summary(&sb, r, y);
    return sb.data;
}
