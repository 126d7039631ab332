/*
 * extract_en.c — the English study-session formula (extract_parts.h,
 * described in extract.h): "held its 20th group study session on Friday
 * afternoon", the dateline "BEIJING, May 28 (Xinhua) --", a term named as
 * "the Political Bureau of the 18th CPC Central Committee", and the
 * lecturers of "X, a professor at Y, gave a lecture".
 *
 * Matching runs over a copy of the text with white space folded to single
 * spaces and ASCII case folded, of the same length as a case-kept copy, so
 * that offsets agree and names keep their case.
 */
#include "extract_parts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static const char *const months[] = {"january", "february", "march",     "april",   "may",      "june",
                                     "july",    "august",   "september", "october", "november", "december"};
static const char *const weekdays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

static int word_start(const char *l, size_t pos)
{
    return pos == 0 || !isalnum((unsigned char)l[pos - 1]);
}

static int word_end(const char *l, size_t len, size_t pos)
{
    return pos >= len || !isalpha((unsigned char)l[pos]);
}

/* A month name (or its abbreviation "Sept.", "Aug") at pos; returns 1-12
 * and the bytes used. */
static int month_at(const char *l, size_t len, size_t pos, size_t *used)
{
    if (!word_start(l, pos))
        return 0;
    for (int k = 0; k < 12; k++) {
        size_t n = strlen(months[k]);
        if (xt_at(l, len, pos, months[k]) && word_end(l, len, pos + n)) {
            *used = n;
            return k + 1;
        }
        static const char *const abbrevs[][2] = {{"jan", NULL}, {"feb", NULL}, {"mar", NULL}, {"apr", NULL},
                                                 {"may", NULL}, {"jun", "june"}, {"jul", "july"}, {"aug", NULL},
                                                 {"sept", "sep"}, {"oct", NULL}, {"nov", NULL}, {"dec", NULL}};
        for (int v = 0; v < 2 && k != 4; v++) {
            const char *ab = abbrevs[k][v];
            size_t m = ab ? strlen(ab) : 0;
            if (ab != NULL && xt_at(l, len, pos, ab) && word_end(l, len, pos + m)) {
                *used = m + (pos + m < len && l[pos + m] == '.');
                return k + 1;
            }
        }
    }
    return 0;
}

/* A day number 1-31 with an optional st/nd/rd/th at pos. */
static int day_at(const char *l, size_t len, size_t pos, size_t *used)
{
    size_t n = 0;
    while (pos + n < len && n < 3 && isdigit((unsigned char)l[pos + n]))
        n++;
    if (n == 0 || n > 2 || (pos + n < len && isdigit((unsigned char)l[pos + n])))
        return 0;
    int d = xt_num(l + pos, n);
    if (xt_at(l, len, pos + n, "st") || xt_at(l, len, pos + n, "nd") || xt_at(l, len, pos + n, "rd") ||
        xt_at(l, len, pos + n, "th"))
        n += 2;
    if (!word_end(l, len, pos + n) && !(pos + n < len && l[pos + n] == ','))
        return 0;
    *used = n;
    return d >= 1 && d <= 31 ? d : 0;
}

/* "May 27", "May 27, 2023", "27 May" in [lo, hi). */
static int en_first_date(const char *l, size_t lo, size_t hi, ymd *out, size_t *end)
{
    for (size_t p = lo; p < hi; p++) {
        size_t used, dused;
        int m = month_at(l, hi, p, &used);
        if (m) {
            size_t q = p + used;
            while (q < hi && l[q] == ' ')
                q++;
            int d = day_at(l, hi, q, &dused);
            if (d) {
                *out = (ymd){0, m, d};
                q += dused;
                if (q + 6 <= hi && l[q] == ',' && l[q + 1] == ' ' && isdigit((unsigned char)l[q + 2])) {
                    size_t yn;
                    xt_digits(l + q + 2, &yn);
                    if (yn == 4)
                        out->y = xt_num(l + q + 2, 4), q += 6;
                }
                *end = q;
                return 1;
            }
        }
        if (isdigit((unsigned char)l[p]) && word_start(l, p)) {
            int d = day_at(l, hi, p, &dused);
            size_t q = p + dused;
            if (d && q < hi && l[q] == ' ' && (m = month_at(l, hi, q + 1, &used)) != 0) {
                *out = (ymd){0, m, d};
                *end = q + 1 + used;
                return 1;
            }
        }
    }
    return 0;
}

static int en_weekday(const char *l, size_t lo, size_t hi)
{
    for (size_t p = lo; p < hi; p++)
        for (int k = 0; k < 7; k++)
            if (word_start(l, p) && xt_at(l, hi, p, weekdays[k]) && word_end(l, hi, p + strlen(weekdays[k])))
                return k + 1; /* 1 = Sunday */
    return 0;
}

/* An ordinal ending at pos (the space before the next word excluded):
 * "20th", "twentieth", "twenty-third", "twenty third". */
static int en_ordinal_before(const char *l, size_t pos)
{
    size_t s = pos;
    while (s > 0 && (isalnum((unsigned char)l[s - 1]) || l[s - 1] == '-'))
        s--;
    size_t n = pos - s;
    if (n == 0)
        return 0;
    const char *w = l + s;
    size_t dn;
    xt_digits(w, &dn);
    if (dn > 0) {
        if (n != dn + 2 || dn > 3)
            return 0;
        const char *suf = w + dn;
        if (memcmp(suf, "st", 2) && memcmp(suf, "nd", 2) && memcmp(suf, "rd", 2) && memcmp(suf, "th", 2))
            return 0;
        return xt_num(w, dn);
    }
    static const char *const units[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                                        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                                        "nineteenth"};
    static const char *const tens_ord[] = {"twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth"};
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty", "sixty"};
    int unit = 0;
    const char *u = w;
    size_t un = n;
    const char *dash = memchr(w, '-', n);
    if (dash != NULL) {
        u = dash + 1;
        un = n - (size_t)(u - w);
    }
    for (int k = 0; k < 19; k++)
        if (un == strlen(units[k]) && memcmp(u, units[k], un) == 0)
            unit = k + 1;
    for (int k = 0; k < 5 && dash == NULL; k++)
        if (n == strlen(tens_ord[k]) && memcmp(w, tens_ord[k], n) == 0)
            return 20 + 10 * k;
    if (unit == 0)
        return 0;
    size_t ts = s, tlen = 0;
    if (dash != NULL) {
        ts = s;
        tlen = (size_t)(dash - w);
    } else if (s >= 2 && l[s - 1] == ' ') {
        /* "twenty third": the tens word before */
        size_t e = s - 1;
        ts = e;
        while (ts > 0 && isalpha((unsigned char)l[ts - 1]))
            ts--;
        tlen = e - ts;
    }
    if (unit > 9 && dash != NULL)
        return 0;
    for (int k = 0; k < 5 && tlen > 0; k++)
        if (tlen == strlen(tens[k]) && memcmp(l + ts, tens[k], tlen) == 0 && unit <= 9)
            return 20 + 10 * k + unit;
    return dash == NULL ? unit : 0;
}

/* A period at dot that ends an abbreviation ("Dec.", "Mr.", "U.S."),
 * not a sentence. */
static int abbreviation_dot(const char *l, size_t dot)
{
    static const char *const words[] = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                                        "nov", "dec", "mr", "mrs", "ms", "dr", "st", "no", "prof", "gen", "vs",
                                        "u.s", "u.n", "e.g", "i.e", NULL};
    size_t s = dot;
    while (s > 0 && (isalpha((unsigned char)l[s - 1]) || l[s - 1] == '.'))
        s--;
    size_t n = dot - s;
    if (n == 1)
        return 1; /* an initial */
    for (int k = 0; words[k]; k++)
        if (n == strlen(words[k]) && memcmp(l + s, words[k], n) == 0)
            return 1;
    return 0;
}

static int sentence_end_at(const char *l, size_t len, size_t e)
{
    if (!strchr(".?!", l[e]) || l[e] == '\0')
        return 0;
    if (!(e + 1 == len || l[e + 1] == ' ' || l[e + 1] == '\n'))
        return 0;
    return l[e] != '.' || !abbreviation_dot(l, e);
}

/* Sentence bounds around pos: a period, ? or ! followed by a space (not
 * after an abbreviation), or a line break. */
static void en_sentence(const char *l, size_t len, size_t pos, size_t *lo, size_t *hi)
{
    size_t s = pos;
    while (s > 0 && l[s - 1] != '\n' && !(s >= 2 && l[s - 1] == ' ' && sentence_end_at(l, len, s - 2)))
        s--;
    size_t e = pos;
    while (e < len && l[e] != '\n' && !sentence_end_at(l, len, e))
        e++;
    *lo = s;
    *hi = e;
}

/* The first ordinal in [lo, hi) followed within four words by "study",
 * "learning" or (unless study_only: outside the formula's sentence "the
 * first session of the NPC" is another meeting) "session"; never
 * "plenary session".  0 when there is none. */
static int en_number_in(const char *l, size_t lo, size_t hi, int study_only)
{
    for (size_t p = lo; p < hi; p++) {
        if (l[p] != ' ' || p == 0)
            continue;
        int v = en_ordinal_before(l, p);
        if (v <= 0)
            continue;
        if (xt_at(l, hi, p + 1, "plenary"))
            continue; /* "the second plenary session" is another meeting */
        size_t q = p, words = 0;
        while (q < hi && words < 4) {
            while (q < hi && l[q] == ' ')
                q++;
            size_t w0 = q;
            while (q < hi && l[q] != ' ')
                q++;
            words++;
            if (q - w0 >= 5 && (!memcmp(l + w0, "study", 5) || !memcmp(l + w0, "learn", 5) ||
                                (!study_only && q - w0 >= 7 && !memcmp(l + w0, "session", 7))))
                return v;
        }
    }
    return 0;
}

/* The study-session mention and its number: an ordinal followed within
 * three words by "study" or "session" ("its 20th group study session",
 * "the twentieth collective study", "the 20th session of its collective
 * study"), in a sentence naming the Political Bureau. */
static int en_formula_in(const char *l, size_t len, int need_bureau, size_t *where, int *number)
{
    static const char *const keys[] = {"study session", "collective study", "group study", "group learning",
                                       "collective learning", NULL};
    size_t best = len;
    for (int k = 0; keys[k]; k++) {
        const char *p = xt_find(l, len, keys[k]);
        if (p != NULL && (size_t)(p - l) < best)
            best = (size_t)(p - l);
    }
    for (size_t pos = best; pos < len;) {
        size_t lo, hi;
        en_sentence(l, len, pos, &lo, &hi);
        int bureau = !need_bureau || xt_find(l + lo, hi - lo, "political bureau") || xt_find(l + lo, hi - lo, "politburo");
        if (bureau && (need_bureau || en_number_in(l, lo, hi, 0) > 0)) {
            *where = pos;
            *number = en_number_in(l, lo, hi, 0);
            /* "presiding over a group study session ..." and, later, "It
             * was the 11th group study session": the number from there. */
            if (*number == 0)
                *number = en_number_in(l, hi, len, 1);
            return 1;
        }
        /* the next mention */
        size_t next = len;
        for (int k = 0; keys[k]; k++) {
            const char *p = xt_find(l + hi, len - hi, keys[k]);
            if (p != NULL && (size_t)(p - l) < next)
                next = (size_t)(p - l);
        }
        pos = next;
    }
    return 0;
}

/* The formula in a sentence naming the Political Bureau; failing that,
 * when the text names it somewhere, a numbered study session anywhere. */
static int en_formula(const char *l, size_t len, size_t *where, int *number)
{
    if (en_formula_in(l, len, 1, where, number))
        return 1;
    if (!xt_find(l, len, "political bureau") && !xt_find(l, len, "politburo"))
        return 0;
    return en_formula_in(l, len, 0, where, number);
}

/* The dateline "BEIJING, May 28 (Xinhua) --" of the paragraph at lo:
 * returns 1 with its date, and where it ends. */
static int en_dateline(const char *l, size_t len, size_t lo, ymd *out, size_t *end)
{
    size_t hi = lo + 160 < len ? lo + 160 : len;
    const char *nl = memchr(l + lo, '\n', hi - lo);
    if (nl)
        hi = (size_t)(nl - l);
    size_t cut = hi;
    static const char *const marks[] = {"(xinhua)", " -- ", " — ", " – ", "--", NULL};
    for (int k = 0; marks[k]; k++) {
        const char *p = xt_find(l + lo, hi - lo, marks[k]);
        if (p != NULL && (size_t)(p - l) < cut)
            cut = (size_t)(p - l);
    }
    if (cut == hi)
        return 0;
    size_t dend;
    if (!en_first_date(l, lo, cut, out, &dend))
        return 0;
    /* past the mark and its dashes */
    size_t e = cut;
    const char *x = xt_find(l + cut, hi - cut, "(xinhua)");
    if (x == l + cut)
        e += 8;
    while (e < hi && (l[e] == ' ' || l[e] == '-' || (unsigned char)l[e] >= 0x80))
        e++;
    *end = e;
    return 1;
}

static int en_name_like(const char *s, size_t n)
{
    size_t words = 0, k = 0;
    while (k < n) {
        while (k < n && s[k] == ' ')
            k++;
        if (k >= n)
            break;
        if (!isupper((unsigned char)s[k]))
            return 0;
        while (k < n && s[k] != ' ') {
            if (!isalpha((unsigned char)s[k]) && s[k] != '-' && s[k] != '\'' && s[k] != '.')
                return 0;
            k++;
        }
        words++;
    }
    return words >= 2 && words <= 4;
}

/* "a professor at Y" -> "Y". */
static char *en_affiliation(const char *s, size_t n)
{
    static const char *const preps[] = {" at ", " of ", " with ", " from ", NULL};
    size_t best = n, plen = 0;
    for (int k = 0; preps[k]; k++) {
        const char *p = xt_find(s, n, preps[k]);
        if (p != NULL && (size_t)(p - s) < best) {
            best = (size_t)(p - s);
            plen = strlen(preps[k]);
        }
    }
    const char *a = s;
    size_t an = n;
    if (best < n) {
        a = s + best + plen;
        an = n - best - plen;
    }
    if (an > 4 && !memcmp(a, "the ", 4))
        a += 4, an -= 4;
    return xt_dup_trim(a, an);
}

/* "X, a professor at Y, and Z, president of W, gave lectures". */
static void en_lecturers(extract_facts *f, const char *e, const char *l, size_t len)
{
    static const char *const verbs[] = {" gave a lecture", " gave lectures", " lectured", " delivered a lecture",
                                        " delivered lectures", " gave an explanation", " explained the issue",
                                        " gave a talk", NULL};
    size_t at_verb = len;
    for (int k = 0; verbs[k]; k++) {
        const char *p = xt_find(l, len, verbs[k]);
        if (p != NULL && (size_t)(p - l) < at_verb)
            at_verb = (size_t)(p - l);
    }
    if (at_verb == len)
        return;
    size_t lo, hi;
    en_sentence(l, len, at_verb, &lo, &hi);
    char *name = NULL;
    size_t desc_lo = 0, desc_hi = 0;
    size_t p = lo;
    while (p < at_verb) {
        size_t q = p;
        while (q < at_verb && e[q] != ',')
            q++;
        /* "Li Si of Fudan University and Wang Wu": a part that opens with
         * a name ends where " and " brings the next one. */
        for (size_t a = p; a + 5 < q; a++) {
            if (memcmp(e + a, " and ", 5) != 0 || a == p)
                continue;
            size_t lead = p;
            while (lead < a && e[lead] == ' ')
                lead++;
            if (!isupper((unsigned char)e[lead]) || !en_name_like(e + a + 5, q - a - 5))
                continue;
            q = a;
            break;
        }
        const char *part = e + p;
        size_t n = q - p;
        while (n > 0 && *part == ' ')
            part++, n--;
        if (n > 4 && !memcmp(part, "and ", 4))
            part += 4, n -= 4;
        while (n > 0 && part[n - 1] == ' ')
            n--;
        static const char *const honorifics[] = {"Professor ", "Prof. ", "Dr. ", "Mr. ", "Ms. ", NULL};
        for (int k = 0; honorifics[k]; k++)
            if (n > strlen(honorifics[k]) && !memcmp(part, honorifics[k], strlen(honorifics[k])))
                part += strlen(honorifics[k]), n -= strlen(honorifics[k]);
        /* "Zhang San of Peking University" in one part */
        size_t cut = n;
        static const char *const preps[] = {" of ", " from ", " at ", NULL};
        for (int k = 0; preps[k]; k++) {
            const char *x = xt_find(part, n, preps[k]);
            if (x != NULL && (size_t)(x - part) < cut)
                cut = (size_t)(x - part);
        }
        if (en_name_like(part, cut)) {
            if (name)
                xt_add_lecturer(f, name, desc_hi > desc_lo ? en_affiliation(e + desc_lo, desc_hi - desc_lo) : NULL);
            name = xstrndup(part, cut);
            desc_lo = cut < n ? (size_t)(part - e) + cut : 0;
            desc_hi = cut < n ? (size_t)(part - e) + n : 0;
        } else if (name != NULL && desc_hi == desc_lo) {
            desc_lo = (size_t)(part - e);
            desc_hi = desc_lo + n;
        }
        p = q + 1;
    }
    if (name)
        xt_add_lecturer(f, name, desc_hi > desc_lo ? en_affiliation(e + desc_lo, desc_hi - desc_lo) : NULL);
}

/* The term of the Politburo the text names: "the Political Bureau of the
 * 18th CPC Central Committee" (a plenary session "of the 18th CPC Central
 * Committee" is often an earlier term's, so the bureau must be named). */
static int en_stated_cc(const char *l, size_t len)
{
    static const char *const keys[] = {"political bureau of the ", NULL};
    for (int k = 0; keys[k]; k++) {
        for (const char *p = l; (p = xt_find(p, len - (size_t)(p - l), keys[k])) != NULL; p++) {
            size_t q = (size_t)(p - l) + strlen(keys[k]), e = q;
            while (e < len && (isalnum((unsigned char)l[e]) || l[e] == '-'))
                e++;
            int v = en_ordinal_before(l, e);
            if (v >= 1 && v <= 99 && (xt_at(l, len, e, " cpc central committee") || xt_at(l, len, e, " central committee")))
                return v;
        }
    }
    return 0;
}

void xt_en_read(const char *text, size_t len, ymd *session, ymd *dispatch, int *weekday, date_list *dates,
                    extract_facts *f)
{
    /* Most texts are not readouts of a study session: without a study and
     * the Political Bureau (in any case) there is nothing to read. */
    if ((xt_find(text, len, "tudy") == NULL && xt_find(text, len, "TUDY") == NULL &&
         xt_find(text, len, "earning") == NULL && xt_find(text, len, "EARNING") == NULL) ||
        (xt_find(text, len, "olitburo") == NULL && xt_find(text, len, "olitical") == NULL &&
         xt_find(text, len, "OLITBURO") == NULL && xt_find(text, len, "OLITICAL") == NULL))
        return;
    /* e: white space folded; l: the same, ASCII-lowercased. */
    char *e = xmalloc(len + 1), *l = xmalloc(len + 1);
    size_t n = 0;
    for (size_t k = 0; k < len; k++) {
        char c = text[k];
        if (c == '\n' || c == '\r') {
            while (n > 0 && e[n - 1] == ' ')
                n--;
            if (n > 0 && e[n - 1] != '\n')
                e[n++] = '\n';
        } else if (isspace((unsigned char)c)) {
            if (n > 0 && e[n - 1] != ' ' && e[n - 1] != '\n')
                e[n++] = ' ';
        } else {
            e[n++] = c;
        }
    }
    e[n] = '\0';
    for (size_t k = 0; k <= n; k++)
        l[k] = (char)tolower((unsigned char)e[k]);
    xt_scan_numeric_dates(l, n, dates);
    ymd td;
    for (size_t pos = 0, end; pos < n && en_first_date(l, pos, n, &td, &end); pos = end)
        if (td.y != 0)
            xt_date_list_add(dates, td);
    size_t where;
    int number;
    if (en_formula(l, n, &where, &number)) {
        f->formula = true;
        f->session = number;
        size_t lo, hi, dl_end = 0;
        en_sentence(l, n, where, &lo, &hi);
        /* The dateline opens the formula's paragraph, or the text. */
        size_t para = where;
        while (para > 0 && l[para - 1] != '\n')
            para--;
        int have_dateline = en_dateline(l, n, para, dispatch, &dl_end);
        /* else one of the first lines (a headline may come first) */
        for (size_t line = 0, k = 0; !have_dateline && k < 4 && line < n; k++) {
            have_dateline = en_dateline(l, n, line, dispatch, &dl_end);
            const char *nl = memchr(l + line, '\n', n - line);
            line = nl ? (size_t)(nl - l) + 1 : n;
        }
        if (have_dateline && dl_end > lo && dl_end < hi)
            lo = dl_end;
        size_t dend;
        if (!en_first_date(l, lo, hi, session, &dend))
            *weekday = en_weekday(l, lo, hi);
        /* A headline holds the number; the dateline's sentence the day. */
        if (session->d == 0 && *weekday == 0 && have_dateline && (dl_end < lo || dl_end >= hi)) {
            size_t lo2, hi2;
            en_sentence(l, n, dl_end, &lo2, &hi2);
            if (dl_end > lo2)
                lo2 = dl_end;
            if (!en_first_date(l, lo2, hi2, session, &dend))
                *weekday = en_weekday(l, lo2, hi2);
        }
        f->cc = en_stated_cc(l, n);
        en_lecturers(f, e, l, n);
    }
    free(e);
    free(l);
}

