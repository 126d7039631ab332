/*
 * extract.c — reading a readout's facts from its text (extract.h).
 *
 * The text is first brought to one form for matching: for Chinese,
 * traditional characters to simplified (OpenCC, only when the text has
 * some), full-width digits to ASCII, and white space dropped (a pasted text
 * breaks lines anywhere) except line breaks, which end sentences; for
 * English, runs of white space to one space and ASCII case folded in a
 * copy of the same length (so offsets agree and names keep their case).
 * Then the formula's sentence is found and its parts read.  Every pattern
 * is written out as code, not as a regular expression, so each rule can be
 * read and tested on its own.
 */
#include "extract.h"

#include <ctype.h>
#include <opencc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "cnnum.h"
#include "terms.h"

const char *const extract_field_names[PT_X_COUNT] = {"date", "cc", "session", "lecturers", "title", "lang", "source"};

unsigned extract_field_bit(const char *name)
{
    for (int k = 0; k < PT_X_COUNT; k++)
        if (strcmp(name, extract_field_names[k]) == 0)
            return 1u << k;
    return 0;
}

/* ---- dates ----------------------------------------------------------------- */

typedef struct {
    int y, m, d; /* 0: unknown */
} ymd;

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long day_number(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static ymd from_day_number(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    ymd r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

static int full(ymd a)
{
    return a.y >= 1900 && a.m >= 1 && a.m <= 12 && a.d >= 1 && a.d <= days_in_month(a.y, a.m);
}

/* Puts the year (and month) on a partial date from a reference date that
 * is not earlier than it: the session is never after its dispatch or its
 * publication. */
static ymd complete(ymd s, ymd ref)
{
    if (s.m == 0) {
        if (ref.m == 0 || s.d == 0)
            return s;
        s.m = ref.m;
        if (ref.d != 0 && s.d > ref.d) { /* 31日 in a dispatch of the 1st: the month before */
            s.m = ref.m == 1 ? 12 : ref.m - 1;
            if (s.y == 0 && ref.y != 0)
                s.y = ref.m == 1 ? ref.y - 1 : ref.y;
        }
    }
    if (s.y == 0 && ref.y != 0) {
        s.y = ref.y;
        if (ref.m != 0 && (s.m > ref.m || (s.m == ref.m && ref.d != 0 && s.d > ref.d)))
            s.y = ref.y - 1;
    }
    return s;
}

static ymd parse_iso(const char *s)
{
    ymd r = {0, 0, 0};
    if (s != NULL && strlen(s) >= 10 && sscanf(s, "%4d-%2d-%2d", &r.y, &r.m, &r.d) != 3)
        memset(&r, 0, sizeof r);
    return r;
}

static int run_of_digits(const char *s, size_t *n)
{
    size_t k = 0;
    while (isdigit((unsigned char)s[k]))
        k++;
    *n = k;
    return k > 0;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t k = 0; k < n; k++)
        v = v * 10 + (s[k] - '0');
    return v;
}

int extract_url_date(const char *url, char out[11])
{
    if (url == NULL)
        return 0;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : strchr(url, '/');
    if (p == NULL)
        return 0;
    /* Digit runs of the path, in order. */
    const char *runs[64];
    size_t lens[64], n = 0;
    for (const char *q = p; *q && n < 64;) {
        size_t len;
        if (run_of_digits(q, &len)) {
            runs[n] = q;
            lens[n++] = len;
            q += len;
        } else {
            q++;
        }
    }
    int best = 0;
    ymd found = {0, 0, 0};
    for (size_t k = 0; k < n && best < 3; k++) {
        const char *r = runs[k];
        size_t len = lens[k];
        ymd c = {0, 0, 0};
        int prec = 0;
        if (len == 8) {
            c = (ymd){num(r, 4), num(r + 4, 2), num(r + 6, 2)};
            prec = 3;
        } else if (len == 6 && k + 1 < n && lens[k + 1] == 2) {
            c = (ymd){num(r, 4), num(r + 4, 2), num(runs[k + 1], 2)};
            prec = 3;
        } else if (len == 6) {
            c = (ymd){num(r, 4), num(r + 4, 2), 0};
            prec = 2;
        } else if (len == 4 && k + 1 < n && lens[k + 1] == 4) {
            c = (ymd){num(r, 4), num(runs[k + 1], 2), num(runs[k + 1] + 2, 2)};
            prec = 3;
        } else if (len == 4 && k + 2 < n && lens[k + 1] <= 2 && lens[k + 2] <= 2) {
            c = (ymd){num(r, 4), num(runs[k + 1], (size_t)lens[k + 1]), num(runs[k + 2], (size_t)lens[k + 2])};
            prec = 3;
        } else if (len == 4 && k + 1 < n && lens[k + 1] <= 2) {
            c = (ymd){num(r, 4), num(runs[k + 1], (size_t)lens[k + 1]), 0};
            prec = 2;
        } else if (len == 4) {
            c = (ymd){num(r, 4), 0, 0};
            prec = 1;
        }
        if (c.y < 2000 || c.y > 2099)
            continue;
        if (prec == 3 && !full(c))
            prec = c.m >= 1 && c.m <= 12 ? 2 : 1;
        if (prec == 2 && (c.m < 1 || c.m > 12))
            prec = 1;
        if (prec > best) {
            best = prec;
            found = c;
            if (prec < 3)
                found.d = 0;
            if (prec < 2)
                found.m = 0;
        }
    }
    if (best == 0)
        return 0;
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", found.y, found.m % 100, found.d % 100);
    memcpy(out, buf, 10);
    out[10] = '\0';
    return best;
}

/* The reference date of a readout's publication: the page's publication
 * date, else the date in its address (possibly only a month or a year). */
static ymd publication(const char *url, const char *published)
{
    ymd p = parse_iso(published);
    if (full(p))
        return p;
    char u[11];
    int prec = extract_url_date(url, u);
    ymd r = {0, 0, 0};
    if (prec > 0)
        sscanf(u, "%4d-%2d-%2d", &r.y, &r.m, &r.d);
    return r;
}

/* Whole dates (with their year) written anywhere in the text. */
typedef struct {
    ymd d[16];
    int n;
} date_list;

static void date_list_add(date_list *l, ymd d)
{
    if (l->n < 16 && full(d))
        l->d[l->n++] = d;
}

/* YYYY-MM-DD, YYYY/MM/DD and YYYY.MM.DD (digits ASCII) in s. */
static void scan_numeric_dates(const char *s, size_t len, date_list *out)
{
    for (size_t p = 0; p + 10 <= len; p++) {
        if (p > 0 && isdigit((unsigned char)s[p - 1]))
            continue;
        size_t n;
        if (!isdigit((unsigned char)s[p]) || !run_of_digits(s + p, &n) || n != 4)
            continue;
        char sep = s[p + 4];
        if (sep != '-' && sep != '/' && sep != '.')
            continue;
        size_t mn, dn;
        if (!run_of_digits(s + p + 5, &mn) || mn > 2 || s[p + 5 + mn] != sep ||
            !run_of_digits(s + p + 6 + mn, &dn) || dn > 2)
            continue;
        ymd d = {num(s + p, 4), num(s + p + 5, mn), num(s + p + 6 + mn, dn)};
        if (d.y >= 1990 && d.y <= 2099)
            date_list_add(out, d);
    }
}

/* ---- byte helpers ------------------------------------------------------------ */

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || n > len)
        return NULL;
    return memmem(hay, len, needle, n);
}

static int at(const char *s, size_t len, size_t pos, const char *lit)
{
    size_t n = strlen(lit);
    return pos + n <= len && memcmp(s + pos, lit, n) == 0;
}

static int ends_with_at(const char *s, size_t pos, const char *lit)
{
    size_t n = strlen(lit);
    return pos >= n && memcmp(s + pos - n, lit, n) == 0;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t k = 0; k < len; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            n++;
    return n;
}

static char *dup_trim(const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == ','))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ','))
        len--;
    return len ? xstrndup(s, len) : NULL;
}

static void add_lecturer(extract_facts *f, char *name, char *affiliation)
{
    if (name == NULL || f->n_lecturers == PT_MAX_LECTURERS) {
        free(name);
        free(affiliation);
        return;
    }
    if (f->lecturers == NULL)
        f->lecturers = xcalloc(PT_MAX_LECTURERS, sizeof *f->lecturers);
    f->lecturers[f->n_lecturers].name = name;
    f->lecturers[f->n_lecturers].affiliation = affiliation;
    f->n_lecturers++;
}

/* ---- Chinese ------------------------------------------------------------------ */

/* The text in one form for matching (see the top of the file). */
static char *zh_normalise(const char *text, size_t len, size_t *out_len)
{
    char *conv = NULL;
    /* Characters of the formula that differ in traditional script. */
    if (find(text, len, "學習") || find(text, len, "進行") || find(text, len, "講解") || find(text, len, "屆")) {
        static opencc_t cc = (opencc_t)-1;
        static int tried = 0;
        if (!tried) {
            tried = 1;
            cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
        }
        if (cc != (opencc_t)-1)
            conv = opencc_convert_utf8(cc, text, len);
    }
    const char *src = conv ? conv : text;
    size_t n = conv ? strlen(conv) : len;
    char *z = xmalloc(n + 1);
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)src;
    for (size_t i = 0; i < n;) {
        if (u[i] == '\n' || u[i] == '\r') {
            if (o > 0 && z[o - 1] != '\n')
                z[o++] = '\n';
            i++;
        } else if (u[i] == ' ' || u[i] == '\t' || u[i] == '\f' || u[i] == '\v') {
            i++;
        } else if (i + 1 < n && u[i] == 0xC2 && u[i + 1] == 0xA0) {
            i += 2;
        } else if (i + 2 < n && u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
            i += 3;
        } else if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99) {
            z[o++] = (char)('0' + (u[i + 2] - 0x90));
            i += 3;
        } else {
            z[o++] = (char)u[i++];
        }
    }
    z[o] = '\0';
    if (conv)
        opencc_convert_utf8_free(conv);
    *out_len = o;
    return z;
}

/* Where the sentence holding pos starts: after the last 。！？； or line
 * break before it. */
static size_t zh_sentence_start(const char *z, size_t pos, size_t lo)
{
    static const char *const ends[] = {"。", "！", "？", "；", "\n", NULL};
    size_t best = lo;
    for (int k = 0; ends[k]; k++) {
        size_t n = strlen(ends[k]);
        for (size_t p = pos; p >= lo + n; p--) {
            if (memcmp(z + p - n, ends[k], n) == 0) {
                if (p > best)
                    best = p;
                break;
            }
        }
    }
    return best;
}

/* A date written [YYYY年][M月]D日 that ends with the 日 at r.  Returns 1 and
 * fills *out (y and m 0 when absent). */
static int zh_date_ending(const char *z, size_t r, ymd *out)
{
    size_t ds, ms, ys;
    long d = cnnum_parse_before(z, r, &ds);
    if (d < 1 || d > 31)
        return 0;
    ymd v = {0, 0, (int)d};
    if (ends_with_at(z, ds, "月")) {
        long m = cnnum_parse_before(z, ds - 3, &ms);
        if (m >= 1 && m <= 12) {
            v.m = (int)m;
            if (ends_with_at(z, ms, "年")) {
                long y = cnnum_parse_before(z, ms - 3, &ys);
                if (y >= 1900 && y <= 2100)
                    v.y = (int)y;
            }
        }
    }
    *out = v;
    return 1;
}

/* The first date in [lo, hi) that is not a dispatch's ("…日电"). */
static int zh_first_date(const char *z, size_t zl, size_t lo, size_t hi, ymd *out)
{
    for (size_t p = lo; p + 3 <= hi; p++) {
        if (!at(z, hi, p, "日"))
            continue;
        if (at(z, zl, p + 3, "电") || at(z, zl, p + 3, "讯"))
            continue;
        if (zh_date_ending(z, p, out))
            return 1;
    }
    return 0;
}

/* The dispatch line's date: the first "…日电" (or 日讯) of the text. */
static int zh_dispatch(const char *z, size_t len, ymd *out)
{
    for (size_t p = 0; p + 6 <= len; p++)
        if ((at(z, len, p, "日电") || at(z, len, p, "日讯")) && zh_date_ending(z, p, out))
            return 1;
    return 0;
}

/* 第N次 right before pos (the 集体学习). */
static int zh_number_before(const char *z, size_t pos)
{
    if (!ends_with_at(z, pos, "次"))
        return 0;
    size_t s;
    long v = cnnum_parse_before(z, pos - 3, &s);
    if (v < 1 || v > 999 || !ends_with_at(z, s, "第"))
        return 0;
    return (int)v;
}

/* The term of the Politburo the text names: N届中央政治局 (N届中央委员会
 * or N届三中全会 name other bodies, often of an earlier term). */
static int zh_stated_cc(const char *z, size_t len)
{
    for (const char *p = z; (p = find(p, len - (size_t)(p - z), "届")) != NULL; p += 3) {
        size_t pos = (size_t)(p - z), s;
        if (!(at(z, len, pos + 3, "中央政治局") || at(z, len, pos + 3, "中共中央政治局")))
            continue;
        long v = cnnum_parse_before(z, pos, &s);
        if (v >= 1 && v <= 99)
            return (int)v;
    }
    return 0;
}

static const char *const zh_titles[] = {
    "首席专家", "特聘教授", "副教授", "教授", "副研究员", "研究员", "副院长", "院长", "副主任", "主任",
    "副部长", "部长", "副校长", "校长", "院士", "副所长", "所长", "副局长", "局长", "书记", "副主席", "主席",
    "司令员", "政委", "专家", "博士", "总工程师", "工程师", "行长", "会长", "理事长", "董事长", "总经理",
    "社长", "馆长", "教员", "讲师", "主编", "署长", "秘书长", "委员", "组长", "少将", "中将", "上将",
    "大校", "总监", "干部", NULL};

/* Characters that end the name of an organisation (院, 大学, 部 ...): a
 * lecturer named before the title ("某某研究院李某研究员") starts after one. */
static const char *const zh_org_ends[] = {"院", "学", "部", "委", "局", "所", "心", "会", "校", "室", "社",
                                          "馆", "行", "司", "处", "厅", "署", "办", "团", "军", NULL};

/* The end of the last title word in piece[0, len), with its start in
 * *tstart; 0 when there is none. */
static size_t zh_last_title(const char *piece, size_t len, size_t *tstart)
{
    size_t best = 0;
    for (int k = 0; zh_titles[k]; k++) {
        size_t n = strlen(zh_titles[k]);
        for (size_t p = len; p >= n; p--) {
            if (memcmp(piece + p - n, zh_titles[k], n) == 0) {
                if (p > best) {
                    best = p;
                    *tstart = p - n;
                }
                break;
            }
        }
    }
    return best;
}

/* When piece[0, len) ends with a title word preceded by a name
 * ("某某研究院李某研究员"): the name's bounds, found as the 3 or 2
 * characters after the end of an organisation's name.  Returns 0 when the
 * piece is a title alone ("清华大学副校长"). */
static int zh_name_before_title(const char *piece, size_t tstart, size_t *ns)
{
    for (size_t chars = 3; chars >= 2; chars--) {
        size_t p = tstart, c = 0;
        while (p > 0 && c < chars) {
            p--;
            while (p > 0 && ((unsigned char)piece[p] & 0xC0) == 0x80)
                p--;
            c++;
        }
        if (c != chars || p == 0)
            continue;
        for (int k = 0; zh_org_ends[k]; k++) {
            if (ends_with_at(piece, p, zh_org_ends[k])) {
                *ns = p;
                return 1;
            }
        }
    }
    return 0;
}

/* One lecturer from "单位职务姓名" (or "单位姓名职务"): the name, and the
 * rest (organisation and title) as the affiliation. */
static void zh_lecturer(extract_facts *f, const char *piece, size_t len)
{
    if (ends_with_at(piece, len, "同志"))
        len -= 6;
    if (len == 0)
        return;
    size_t tstart = 0, tend = zh_last_title(piece, len, &tstart);
    if (tend == 0) {
        if (count_chars(piece, len) <= 4)
            add_lecturer(f, xstrndup(piece, len), NULL); /* a name alone */
        return;
    }
    if (tend < len) { /* 单位职务姓名 */
        size_t chars = count_chars(piece + tend, len - tend);
        if (chars < 2 || chars > 4)
            return; /* not a name the rules can delimit: left out rather than guessed */
        add_lecturer(f, xstrndup(piece + tend, len - tend), xstrndup(piece, tend));
        return;
    }
    size_t ns;
    if (!zh_name_before_title(piece, tstart, &ns))
        return;
    char *aff = xmalloc(ns + (len - tstart) + 1);
    memcpy(aff, piece, ns);
    memcpy(aff + ns, piece + tstart, len - tstart);
    aff[ns + len - tstart] = '\0';
    add_lecturer(f, xstrndup(piece + ns, tstart - ns), aff);
}

/* A piece that is only a title ("清华大学副校长" in
 * "清华大学副校长、中国工程院院士某某同志"): it belongs to the next piece. */
static int zh_title_only(const char *piece, size_t len)
{
    size_t tstart = 0, tend = zh_last_title(piece, len, &tstart), ns;
    return tend == len && len > 0 && !zh_name_before_title(piece, tstart, &ns);
}

/* Whether z[0, p) ends with a title word (教授, 研究员 ...). */
static int zh_ends_with_title(const char *z, size_t p)
{
    for (int k = 0; zh_titles[k]; k++)
        if (ends_with_at(z, p, zh_titles[k]))
            return 1;
    return 0;
}

/* Where the clause naming the lecturers ends, for the 讲解 at pos: before
 * 就这个问题 (or 就此...) and 进行(了)/作(了), or 0 when this 讲解 is not
 * given by anyone named ("认真听取了讲解"). */
static size_t zh_lecture_clause_end(const char *z, size_t pos)
{
    static const char *const verbs[] = {"进行了", "进行", "作了", "做了", "作", "分别", NULL};
    static const char *const topics[] = {"就这个问题", "就这一问题", "就此问题", "就这些问题", "就上述问题",
                                         "就有关问题", "就此", NULL};
    size_t p = pos;
    int verb = 0;
    for (int again = 1; again;) {
        again = 0;
        for (int k = 0; verbs[k]; k++) {
            if (ends_with_at(z, p, verbs[k])) {
                p -= strlen(verbs[k]);
                verb = again = 1;
                break;
            }
        }
    }
    if (!verb)
        return 0;
    for (int k = 0; topics[k]; k++) {
        if (ends_with_at(z, p, topics[k])) {
            p -= strlen(topics[k]);
            break;
        }
    }
    return p;
}

/* "……同志就这个问题进行讲解", "某某大学某某教授和某某教授进行了讲解": the
 * clause before, split into lecturers. */
static void zh_lecturers(extract_facts *f, const char *z, size_t len)
{
    for (const char *hit = z; (hit = find(hit, len - (size_t)(hit - z), "讲解")) != NULL; hit += 6) {
        size_t end = zh_lecture_clause_end(z, (size_t)(hit - z));
        if (end == 0)
            continue;
        size_t start = zh_sentence_start(z, end, 0);
        const char *comma = NULL;
        for (const char *p = z + start; (p = find(p, end - (size_t)(p - z), "，")) != NULL; p += 3)
            comma = p;
        if (comma)
            start = (size_t)(comma - z) + 3;
        static const char *const leads[] = {"由", "请", "邀请", NULL};
        for (int k = 0; leads[k]; k++)
            if (at(z, end, start, leads[k]))
                start += strlen(leads[k]);
        if (start >= end)
            continue;
        /* Pieces: split at 、, and at 和 or 以及 after 同志 or a title; a
         * piece that is only a title (清华大学副校长、院士某某) belongs to the
         * next one. */
        size_t piece = start, p = start;
        while (p <= end) {
            int sep = 0;
            if (p == end)
                sep = 1;
            else if (at(z, end, p, "、"))
                sep = 3;
            else if (at(z, end, p, "和") && (ends_with_at(z, p, "同志") || zh_ends_with_title(z, p)))
                sep = 3;
            else if (at(z, end, p, "以及") && (ends_with_at(z, p, "同志") || zh_ends_with_title(z, p)))
                sep = 6;
            if (!sep) {
                p++;
                continue;
            }
            size_t plen = p - piece;
            if (p == end || !zh_title_only(z + piece, plen)) {
                zh_lecturer(f, z + piece, plen);
                piece = p + (sep == 1 ? 0 : (size_t)sep);
            }
            p += (size_t)sep;
            if (sep == 1)
                break;
        }
        if (f->n_lecturers > 0)
            return;
    }
}

/* 今天/今日 (0) or 昨天/昨日 (1) in [lo, hi): days before the dispatch;
 * -1 when neither. */
static int zh_relative_day(const char *z, size_t lo, size_t hi)
{
    if (find(z + lo, hi - lo, "今天") || find(z + lo, hi - lo, "今日"))
        return 0;
    if (find(z + lo, hi - lo, "昨天") || find(z + lo, hi - lo, "昨日"))
        return 1;
    return -1;
}

static void zh_read(const char *text, size_t len, ymd *session, ymd *dispatch, int *days_back, date_list *dates,
                    extract_facts *f)
{
    size_t zl;
    char *z = zh_normalise(text, len, &zl);
    scan_numeric_dates(z, zl, dates);
    for (size_t p = 0; p + 3 <= zl; p++) {
        ymd d;
        if (at(z, zl, p, "日") && zh_date_ending(z, p, &d) && d.y != 0)
            date_list_add(dates, d);
    }
    int have_date = 0;
    for (const char *p = z; (p = find(p, zl - (size_t)(p - z), "集体学习")) != NULL; p += 12) {
        size_t q = (size_t)(p - z);
        size_t lo = q > 1500 ? q - 1500 : 0;
        size_t s0 = zh_sentence_start(z, q, lo);
        const char *pb = NULL;
        for (const char *r = z + s0; (r = find(r, q - (size_t)(r - z), "政治局")) != NULL; r += 9)
            pb = r;
        /* A line broken inside the formula (a pasted text): the line
         * before belongs to the sentence when it does not end one. */
        if (pb == NULL && s0 > lo + 1 && z[s0 - 1] == '\n' && !ends_with_at(z, s0 - 1, "。") &&
            !ends_with_at(z, s0 - 1, "！") && !ends_with_at(z, s0 - 1, "？")) {
            s0 = zh_sentence_start(z, s0 - 1, lo);
            for (const char *r = z + s0; (r = find(r, q - (size_t)(r - z), "政治局")) != NULL; r += 9)
                pb = r;
        }
        if (pb == NULL)
            continue;
        f->formula = true;
        if (f->session == 0)
            f->session = zh_number_before(z, q);
        if (!have_date && zh_first_date(z, zl, s0, q, session))
            have_date = 1;
        if (!have_date && *days_back < 0)
            *days_back = zh_relative_day(z, s0, q);
        if (f->session != 0 && have_date)
            break;
    }
    if (f->formula) {
        zh_dispatch(z, zl, dispatch);
        f->cc = zh_stated_cc(z, zl);
        zh_lecturers(f, z, zl);
    }
    free(z);
}

/* ---- English --------------------------------------------------------------------- */

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
        if (at(l, len, pos, months[k]) && word_end(l, len, pos + n)) {
            *used = n;
            return k + 1;
        }
        static const char *const abbrevs[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sept", "oct", "nov", "dec"};
        size_t m = strlen(abbrevs[k]);
        if (k != 4 && at(l, len, pos, abbrevs[k])) {
            if (word_end(l, len, pos + m)) {
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
    int d = num(l + pos, n);
    if (at(l, len, pos + n, "st") || at(l, len, pos + n, "nd") || at(l, len, pos + n, "rd") ||
        at(l, len, pos + n, "th"))
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
                    run_of_digits(l + q + 2, &yn);
                    if (yn == 4)
                        out->y = num(l + q + 2, 4), q += 6;
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
            if (word_start(l, p) && at(l, hi, p, weekdays[k]) && word_end(l, hi, p + strlen(weekdays[k])))
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
    run_of_digits(w, &dn);
    if (dn > 0) {
        if (n != dn + 2 || dn > 3)
            return 0;
        const char *suf = w + dn;
        if (memcmp(suf, "st", 2) && memcmp(suf, "nd", 2) && memcmp(suf, "rd", 2) && memcmp(suf, "th", 2))
            return 0;
        return num(w, dn);
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
        if (at(l, hi, p + 1, "plenary"))
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
        const char *p = find(l, len, keys[k]);
        if (p != NULL && (size_t)(p - l) < best)
            best = (size_t)(p - l);
    }
    for (size_t pos = best; pos < len;) {
        size_t lo, hi;
        en_sentence(l, len, pos, &lo, &hi);
        int bureau = !need_bureau || find(l + lo, hi - lo, "political bureau") || find(l + lo, hi - lo, "politburo");
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
            const char *p = find(l + hi, len - hi, keys[k]);
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
    if (!find(l, len, "political bureau") && !find(l, len, "politburo"))
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
        const char *p = find(l + lo, hi - lo, marks[k]);
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
    const char *x = find(l + cut, hi - cut, "(xinhua)");
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
        const char *p = find(s, n, preps[k]);
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
    return dup_trim(a, an);
}

/* "X, a professor at Y, and Z, president of W, gave lectures". */
static void en_lecturers(extract_facts *f, const char *e, const char *l, size_t len)
{
    static const char *const verbs[] = {" gave a lecture", " gave lectures", " lectured", " delivered a lecture",
                                        " delivered lectures", " gave an explanation", " explained the issue",
                                        " gave a talk", NULL};
    size_t at_verb = len;
    for (int k = 0; verbs[k]; k++) {
        const char *p = find(l, len, verbs[k]);
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
            const char *x = find(part, n, preps[k]);
            if (x != NULL && (size_t)(x - part) < cut)
                cut = (size_t)(x - part);
        }
        if (en_name_like(part, cut)) {
            if (name)
                add_lecturer(f, name, desc_hi > desc_lo ? en_affiliation(e + desc_lo, desc_hi - desc_lo) : NULL);
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
        add_lecturer(f, name, desc_hi > desc_lo ? en_affiliation(e + desc_lo, desc_hi - desc_lo) : NULL);
}

/* The term of the Politburo the text names: "the Political Bureau of the
 * 18th CPC Central Committee" (a plenary session "of the 18th CPC Central
 * Committee" is often an earlier term's, so the bureau must be named). */
static int en_stated_cc(const char *l, size_t len)
{
    static const char *const keys[] = {"political bureau of the ", NULL};
    for (int k = 0; keys[k]; k++) {
        for (const char *p = l; (p = find(p, len - (size_t)(p - l), keys[k])) != NULL; p++) {
            size_t q = (size_t)(p - l) + strlen(keys[k]), e = q;
            while (e < len && (isalnum((unsigned char)l[e]) || l[e] == '-'))
                e++;
            int v = en_ordinal_before(l, e);
            if (v >= 1 && v <= 99 && (at(l, len, e, " cpc central committee") || at(l, len, e, " central committee")))
                return v;
        }
    }
    return 0;
}

static void en_read(const char *text, size_t len, ymd *session, ymd *dispatch, int *weekday, date_list *dates,
                    extract_facts *f)
{
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
    scan_numeric_dates(l, n, dates);
    ymd td;
    for (size_t pos = 0, end; pos < n && en_first_date(l, pos, n, &td, &end); pos = end)
        if (td.y != 0)
            date_list_add(dates, td);
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
        if (en_dateline(l, n, para, dispatch, &dl_end) || en_dateline(l, n, 0, dispatch, &dl_end)) {
            if (dl_end > lo && dl_end < hi)
                lo = dl_end;
        }
        size_t dend;
        if (!en_first_date(l, lo, hi, session, &dend))
            *weekday = en_weekday(l, lo, hi);
        f->cc = en_stated_cc(l, n);
        en_lecturers(f, e, l, n);
    }
    free(e);
    free(l);
}

/* ---- the title and the whole ---------------------------------------------------------- */

/* A first line that reads as a headline: short, not a sentence, with more
 * text after it. */
static char *headline(const char *text, size_t len, int zh)
{
    size_t s = 0;
    while (s < len && isspace((unsigned char)text[s]))
        s++;
    const char *nl = memchr(text + s, '\n', len - s);
    if (nl == NULL)
        return NULL;
    size_t e = (size_t)(nl - text);
    while (e > s && isspace((unsigned char)text[e - 1]))
        e--;
    size_t chars = count_chars(text + s, e - s);
    if (chars < 4 || chars > (zh ? 60u : 200u))
        return NULL;
    static const char *const stops[] = {"。", ".", "!", "?", "！", "？", "”", "\"", "：", ":", ")", "）", NULL};
    for (int k = 0; stops[k]; k++)
        if (ends_with_at(text + s, e - s, stops[k]))
            return NULL;
    if (find(text + s, e - s, "(Xinhua)") || find(text + s, e - s, "日电"))
        return NULL;
    return xstrndup(text + s, e - s);
}

/* Sessions come about every 46 days (2002-2022: 8 a year): the day of
 * the term a session numbered n is expected on. */
#define PT_DAYS_PER_SESSION 45.6

/* How far (days) a session numbered n on date d is from where the cadence
 * puts it in term cc; a large number when the term is unknown. */
#define PT_CADENCE_SLACK 365.0
static double cadence_error(int cc, int n, ymd d)
{
    char start[11], next[11];
    if (!terms_bounds(cc, start, next) || !full(d))
        return 1e9;
    ymd s = parse_iso(start);
    double err = (double)(day_number(d.y, d.m, d.d) - day_number(s.y, s.m, s.d)) - (n - 1) * PT_DAYS_PER_SESSION;
    return err < 0 ? -err : err;
}

/* The year of month m, day d that puts session n of term cc nearest the
 * day the cadence of sessions expects, within the term.  Returns 1 with
 * *out, or 0 when the term is not in the table. */
static int fit_year_to_term(int cc, int n, int m, int d, ymd *out)
{
    char start[11], next[11];
    if (!terms_bounds(cc, start, next))
        return 0;
    ymd s = parse_iso(start), e = next[0] ? parse_iso(next) : (ymd){s.y + 6, s.m, s.d};
    long s_dn = day_number(s.y, s.m, s.d), e_dn = day_number(e.y, e.m, e.d);
    double want = (n - 1) * PT_DAYS_PER_SESSION;
    double best_err = 1e9;
    int found = 0;
    for (int y = s.y; y <= e.y; y++) {
        ymd c = {y, m, d};
        if (!full(c))
            continue;
        long dn = day_number(y, m, d);
        if (dn < s_dn || dn >= e_dn)
            continue;
        double err = (double)(dn - s_dn) - want;
        if (err < 0)
            err = -err;
        if (err < best_err) {
            best_err = err;
            *out = c;
            found = 1;
        }
    }
    return found;
}

void extract_facts_read(const char *text, size_t len, const char *lang, const char *url, const char *published,
                        extract_facts *f)
{
    memset(f, 0, sizeof *f);
    ymd session = {0, 0, 0}, dispatch = {0, 0, 0};
    date_list dates = {.n = 0};
    int weekday = 0, days_back = -1, zh = strcmp(lang, "zh") == 0;
    if (zh)
        zh_read(text, len, &session, &dispatch, &days_back, &dates, f);
    else
        en_read(text, len, &session, &dispatch, &weekday, &dates, f);
    int stated_cc = f->cc;
    /* A whole date in the text on the session's or the dispatch's day
     * (a page's "2013年09月30日 19:00" line) gives the year outright. */
    for (int k = 0; k < dates.n && session.y == 0 && dispatch.y == 0; k++) {
        ymd t = dates.d[k];
        if (session.m != 0 && t.m == session.m && t.d == session.d)
            session.y = t.y;
        else if (dispatch.m != 0 && t.m == dispatch.m && t.d == dispatch.d)
            dispatch.y = t.y;
    }
    int year_stated = session.y != 0 || dispatch.y != 0;
    ymd pub = publication(url, published);
    if (pub.y == 0 && dates.n > 0)
        pub = dates.d[0]; /* the first whole date of the text, as the publication's */
    if (dispatch.d != 0)
        dispatch = complete(dispatch, pub);
    ymd ref = dispatch.d != 0 ? dispatch : pub;
    ymd date = {0, 0, 0};
    if (session.d != 0) {
        date = complete(session, ref);
    } else if (days_back >= 0 && full(ref)) {
        date = from_day_number(day_number(ref.y, ref.m, ref.d) - days_back);
    } else if (weekday != 0 && full(ref)) {
        long dn = day_number(ref.y, ref.m, ref.d);
        int wd = (int)(((dn % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday (4) */
        date = from_day_number(dn - ((wd - (weekday - 1) + 7) % 7));
    } else if (!zh && f->formula && dispatch.d != 0) {
        date = dispatch; /* no day of its own: the session of the dispatch's day */
    }
    /* When no source states the year, the year taken from the page's date
     * or address must agree with the session's number: with a term named
     * in the text, and with the cadence of sessions (no session of
     * 2002-2026 was more than 189 days off it; a year more than a year off
     * comes from an address or a reprint dated long after).  Otherwise the
     * year is the one that fits the number in the term, flagged as fitted. */
    if (f->session > 0 && session.m != 0 && session.d != 0 && !year_stated) {
        int term = stated_cc, refit = 0;
        if (full(date)) {
            char iso[48];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.y, date.m, date.d);
            int dcc = terms_cc_for_date(iso);
            if (term == 0)
                term = dcc;
            refit = dcc != term || cadence_error(term, f->session, date) > PT_CADENCE_SLACK;
        } else {
            refit = term != 0;
        }
        ymd fit;
        if (refit && term != 0 && fit_year_to_term(term, f->session, session.m, session.d, &fit) &&
            cadence_error(term, f->session, fit) <= PT_CADENCE_SLACK) {
            date = fit;
            f->year_fitted = true;
        }
    }
    if (full(date) && date.y <= 9999) {
        char buf[48];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.y, date.m, date.d);
        memcpy(f->date, buf, 11);
    }
    int from_date = terms_cc_for_date(f->date[0] ? f->date : NULL);
    if (from_date != 0)
        f->cc = from_date;
    f->title = headline(text, len, zh);
}

void extract_facts_free(extract_facts *f)
{
    for (size_t k = 0; k < f->n_lecturers; k++) {
        free(f->lecturers[k].name);
        free(f->lecturers[k].affiliation);
    }
    free(f->lecturers);
    free(f->title);
    memset(f, 0, sizeof *f);
}

void extract_fill(pt_doc *d)
{
    if (d->text == NULL)
        return;
    if (d->lang[0] == '\0') {
        memcpy(d->lang, corpus_detect_lang(d->text, d->text_len), 3);
        d->extracted |= PT_X_LANG;
    }
    /* Nothing to read when every fact is given. */
    if (d->date != NULL && d->cc > 0 && d->session > 0 && d->n_lecturers > 0 && d->title != NULL)
        return;
    extract_facts f;
    extract_facts_read(d->text, d->text_len, d->lang, d->url, d->published, &f);
    d->plain = !f.formula;
    if (f.formula) {
        if (d->date == NULL && f.date[0]) {
            d->date = xstrdup(f.date);
            d->extracted |= PT_X_DATE;
            d->year_fitted = f.year_fitted;
        }
        if (d->session == 0 && f.session > 0) {
            d->session = f.session;
            d->extracted |= PT_X_SESSION;
        }
        if (d->cc == 0) {
            /* The term follows from the date; one named in the text counts
             * only when there is no date. */
            int cc = d->date ? terms_cc_for_date(d->date) : f.cc;
            if (cc > 0) {
                d->cc = cc;
                d->extracted |= PT_X_CC;
            }
        }
        if (d->n_lecturers == 0 && f.n_lecturers > 0) {
            d->lecturers = f.lecturers;
            d->n_lecturers = f.n_lecturers;
            f.lecturers = NULL;
            f.n_lecturers = 0;
            d->extracted |= PT_X_LECTURERS;
        }
    } else if (d->date == NULL) {
        /* A plain readout: its date is its publication's, when known. */
        ymd pub = publication(d->url, d->published);
        if (full(pub)) {
            char buf[48];
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", pub.y, pub.m, pub.d);
            d->date = xstrndup(buf, 10);
            d->extracted |= PT_X_DATE;
        }
    }
    if (d->title == NULL && f.title != NULL) {
        d->title = f.title;
        f.title = NULL;
        d->extracted |= PT_X_TITLE;
    }
    extract_facts_free(&f);
}
