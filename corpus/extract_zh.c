/*
 * extract_zh.c — the Chinese study-session formula (extract_parts.h,
 * described in extract.h): 中共中央政治局5月27日下午就……进行第二十三次集体学习,
 * the dispatch line 新华社北京5月28日电, a term named as 十八届中央政治局, and
 * the lecturers of ……同志就这个问题进行讲解.
 *
 * The text is first brought to one form for matching: traditional
 * characters to simplified (OpenCC, only when the text has some), full-width
 * digits to ASCII, and white space dropped (a pasted text breaks lines
 * anywhere) except line breaks, which may end sentences.
 */
#include "extract_parts.h"

#include <opencc.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "cnnum.h"

/* The text in one form for matching (see the top of the file); the caller
 * frees it. */
static char *zh_normalise(const char *text, size_t len, size_t *out_len)
{
    char *conv = NULL;
    /* Characters of the formula that differ in traditional script. */
    if (xt_find(text, len, "學習") || xt_find(text, len, "進行") || xt_find(text, len, "講解") || xt_find(text, len, "屆")) {
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
    if (xt_ends_with(z, ds, "月")) {
        long m = cnnum_parse_before(z, ds - 3, &ms);
        if (m >= 1 && m <= 12) {
            v.m = (int)m;
            if (xt_ends_with(z, ms, "年")) {
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
        if (!xt_at(z, hi, p, "日"))
            continue;
        if (xt_at(z, zl, p + 3, "电") || xt_at(z, zl, p + 3, "讯"))
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
        if ((xt_at(z, len, p, "日电") || xt_at(z, len, p, "日讯")) && zh_date_ending(z, p, out))
            return 1;
    return 0;
}

/* 第N次 right before pos (the 集体学习). */
static int zh_number_before(const char *z, size_t pos)
{
    if (!xt_ends_with(z, pos, "次"))
        return 0;
    size_t s;
    long v = cnnum_parse_before(z, pos - 3, &s);
    if (v < 1 || v > 999 || !xt_ends_with(z, s, "第"))
        return 0;
    return (int)v;
}

/* The term of the Politburo the text names: N届中央政治局 (N届中央委员会
 * or N届三中全会 name other bodies, often of an earlier term). */
static int zh_stated_cc(const char *z, size_t len)
{
    for (const char *p = z; (p = xt_find(p, len - (size_t)(p - z), "届")) != NULL; p += 3) {
        size_t pos = (size_t)(p - z), s;
        if (!(xt_at(z, len, pos + 3, "中央政治局") || xt_at(z, len, pos + 3, "中共中央政治局")))
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
            if (xt_ends_with(piece, p, zh_org_ends[k])) {
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
    if (xt_ends_with(piece, len, "同志"))
        len -= 6;
    if (len == 0)
        return;
    size_t tstart = 0, tend = zh_last_title(piece, len, &tstart);
    if (tend == 0) {
        if (xt_count_chars(piece, len) <= 4)
            xt_add_lecturer(f, xstrndup(piece, len), NULL); /* a name alone */
        return;
    }
    if (tend < len) { /* 单位职务姓名 */
        size_t chars = xt_count_chars(piece + tend, len - tend);
        if (chars < 2 || chars > 4)
            return; /* not a name the rules can delimit: left out rather than guessed */
        xt_add_lecturer(f, xstrndup(piece + tend, len - tend), xstrndup(piece, tend));
        return;
    }
    size_t ns;
    if (!zh_name_before_title(piece, tstart, &ns))
        return;
    char *aff = xmalloc(ns + (len - tstart) + 1);
    memcpy(aff, piece, ns);
    memcpy(aff + ns, piece + tstart, len - tstart);
    aff[ns + len - tstart] = '\0';
    xt_add_lecturer(f, xstrndup(piece + ns, tstart - ns), aff);
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
        if (xt_ends_with(z, p, zh_titles[k]))
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
            if (xt_ends_with(z, p, verbs[k])) {
                p -= strlen(verbs[k]);
                verb = again = 1;
                break;
            }
        }
    }
    if (!verb)
        return 0;
    for (int k = 0; topics[k]; k++) {
        if (xt_ends_with(z, p, topics[k])) {
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
    for (const char *hit = z; (hit = xt_find(hit, len - (size_t)(hit - z), "讲解")) != NULL; hit += 6) {
        size_t end = zh_lecture_clause_end(z, (size_t)(hit - z));
        if (end == 0)
            continue;
        size_t start = zh_sentence_start(z, end, 0);
        const char *comma = NULL;
        for (const char *p = z + start; (p = xt_find(p, end - (size_t)(p - z), "，")) != NULL; p += 3)
            comma = p;
        if (comma)
            start = (size_t)(comma - z) + 3;
        static const char *const leads[] = {"由", "请", "邀请", NULL};
        for (int k = 0; leads[k]; k++)
            if (xt_at(z, end, start, leads[k]))
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
            else if (xt_at(z, end, p, "、"))
                sep = 3;
            else if (xt_at(z, end, p, "和") && (xt_ends_with(z, p, "同志") || zh_ends_with_title(z, p)))
                sep = 3;
            else if (xt_at(z, end, p, "以及") && (xt_ends_with(z, p, "同志") || zh_ends_with_title(z, p)))
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
    if (xt_find(z + lo, hi - lo, "今天") || xt_find(z + lo, hi - lo, "今日"))
        return 0;
    if (xt_find(z + lo, hi - lo, "昨天") || xt_find(z + lo, hi - lo, "昨日"))
        return 1;
    return -1;
}

void xt_zh_read(const char *text, size_t len, ymd *session, ymd *dispatch, int *days_back, date_list *dates,
                    extract_facts *f)
{
    /* Most texts are not readouts of a study session: without 政治局 and
     * 学习 (a line break may split 集体 from 学习) there is nothing to read. */
    if (xt_find(text, len, "政治局") == NULL || (xt_find(text, len, "学习") == NULL && xt_find(text, len, "學習") == NULL))
        return;
    size_t zl;
    char *z = zh_normalise(text, len, &zl);
    xt_scan_numeric_dates(z, zl, dates);
    for (size_t p = 0; p + 3 <= zl; p++) {
        ymd d;
        if (xt_at(z, zl, p, "日") && zh_date_ending(z, p, &d) && d.y != 0)
            xt_date_list_add(dates, d);
    }
    int have_date = 0;
    for (const char *p = z; (p = xt_find(p, zl - (size_t)(p - z), "集体学习")) != NULL; p += 12) {
        size_t q = (size_t)(p - z);
        size_t lo = q > 1500 ? q - 1500 : 0;
        size_t s0 = zh_sentence_start(z, q, lo);
        const char *pb = NULL;
        for (const char *r = z + s0; (r = xt_find(r, q - (size_t)(r - z), "政治局")) != NULL; r += 9)
            pb = r;
        /* A line broken inside the formula (a pasted text): the line
         * before belongs to the sentence when it does not end one. */
        if (pb == NULL && s0 > lo + 1 && z[s0 - 1] == '\n' && !xt_ends_with(z, s0 - 1, "。") &&
            !xt_ends_with(z, s0 - 1, "！") && !xt_ends_with(z, s0 - 1, "？")) {
            s0 = zh_sentence_start(z, s0 - 1, lo);
            for (const char *r = z + s0; (r = xt_find(r, q - (size_t)(r - z), "政治局")) != NULL; r += 9)
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

