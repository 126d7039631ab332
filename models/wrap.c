/*
 * wrap.c — synopses wrapped in readout formulae (wrap.h).
 *
 * Every sentence here was written for politrend from the shape of a readout;
 * none is copied.  Names in page furniture ("Editor: Wang Lin") are made up.
 */
#include "wrap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Part k of the wrapping picks variant (hash >> 5k) mod n. */
static size_t pick(uint64_t h, unsigned part, size_t n)
{
    return (size_t)((h >> (5 * part)) % n);
}

typedef struct {
    int y, m, d; /* 0 when the readout has no date */
} ymd;

static ymd parse_date(const char *date)
{
    ymd r = {0, 0, 0};
    if (date != NULL && sscanf(date, "%4d-%2d-%2d", &r.y, &r.m, &r.d) != 3)
        r.y = r.m = r.d = 0;
    if (r.m < 1 || r.m > 12)
        r.y = r.m = r.d = 0;
    return r;
}

static const char *const month_full[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
static const char *const month_ap[] = {"Jan.", "Feb.", "March", "April", "May",  "June",
                                       "July", "Aug.", "Sept.", "Oct.",  "Nov.", "Dec."};

static void ordinal(int n, char *out, size_t cap)
{
    const char *sfx = "th";
    if (n % 100 < 11 || n % 100 > 13) {
        if (n % 10 == 1)
            sfx = "st";
        else if (n % 10 == 2)
            sfx = "nd";
        else if (n % 10 == 3)
            sfx = "rd";
    }
    snprintf(out, cap, "%d%s", n, sfx);
}

/* 1..99 in Chinese numerals (十, 十九, 二十五). */
static void zh_number(int n, char *out, size_t cap)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n > 99) {
        snprintf(out, cap, "%d", n);
        return;
    }
    if (n < 10)
        snprintf(out, cap, "%s", d[n]);
    else
        snprintf(out, cap, "%s十%s", n / 10 == 1 ? "" : d[n / 10], d[n % 10]);
}

static int self_study(const pt_doc *d)
{
    if (d->n_lecturers == 0)
        return 1;
    return d->lecturers[0].role != NULL && strcmp(d->lecturers[0].role, "self-study") == 0;
}

/* The names of the readout's speakers joined by sep (at most four). */
static void speakers(const pt_doc *d, const char *sep, strbuf *sb)
{
    for (size_t k = 0; k < d->n_lecturers && k < 4; k++) {
        if (k > 0)
            sb_puts(sb, sep);
        sb_puts(sb, d->lecturers[k].name);
    }
}

static void wrap_en(const pt_doc *d, uint64_t h, strbuf *sb)
{
    ymd t = parse_date(d->date);
    char ord[16] = "", cc[16] = "";
    ordinal(d->session > 0 ? d->session : 1, ord, sizeof ord);
    ordinal(d->cc > 0 ? d->cc : 20, cc, sizeof cc);
    const char *title = d->title ? d->title : "the current situation";
    const char *month = t.m ? month_full[t.m - 1] : "";

    if (t.m) {
        switch (pick(h, 0, 4)) {
        case 0: sb_printf(sb, "BEIJING, %s %d (Xinhua) -- ", month_ap[t.m - 1], t.d); break;
        case 1: sb_printf(sb, "Beijing, %s %d, %d -- ", month, t.d, t.y); break;
        case 2: sb_printf(sb, "BEIJING, %s %d (Xinhua) \u2014 ", month_ap[t.m - 1], t.d); break;
        default: break;
        }
        switch (pick(h, 1, 4)) {
        case 0:
            sb_printf(sb, "The Political Bureau of the Communist Party of China (CPC) Central Committee held its %s "
                          "group study session on %s %d. ", ord, month, t.d);
            break;
        case 1:
            sb_printf(sb, "The CPC Central Committee's Political Bureau held a collective study session on %s on the "
                          "afternoon of %s %d. ", title, month, t.d);
            break;
        case 2:
            sb_printf(sb, "Members of the Political Bureau of the %s CPC Central Committee gathered on %s %d, %d for "
                          "a group study session on %s. ", cc, month, t.d, t.y, title);
            break;
        default:
            sb_printf(sb, "On %s %d, the Political Bureau of the CPC Central Committee held a study session "
                          "focusing on %s. ", month, t.d, title);
            break;
        }
    }
    static const char *const presiding[] = {
        "Xi Jinping, general secretary of the CPC Central Committee, presided over the session and delivered an "
        "important speech. ",
        "Presiding over the study session, Xi Jinping, general secretary of the CPC Central Committee, stressed "
        "the importance of the topic for the cause of the Party and the country. ",
        "Xi Jinping, general secretary of the Communist Party of China Central Committee, chaired the session and "
        "delivered a speech. ",
        "Xi, also Chinese president and chairman of the Central Military Commission, presided over the study "
        "session. ",
    };
    sb_puts(sb, presiding[pick(h, 2, COUNT(presiding))]);
    if (self_study(d)) {
        if (d->n_lecturers > 0) {
            sb_puts(sb, "Members of the Political Bureau, including ");
            speakers(d, ", ", sb);
            sb_puts(sb, ", spoke at the session in light of the work they oversee. ");
        }
    } else {
        const pt_lecturer *l = &d->lecturers[0];
        const char *aff = l->affiliation ? l->affiliation : "a research institution";
        switch (pick(h, 3, 4)) {
        case 0: sb_printf(sb, "%s, %s, gave a lecture on the issue and put forward suggestions. ", l->name, aff); break;
        case 1: sb_printf(sb, "Comrade %s of %s explained the topic and offered views on related work. ", l->name, aff); break;
        case 2: sb_printf(sb, "%s, from %s, lectured on the subject and made suggestions. ", l->name, aff); break;
        default: sb_printf(sb, "The session heard a lecture by %s (%s). ", l->name, aff); break;
        }
    }
    static const char *const members[] = {
        "Members of the Political Bureau listened attentively to the lecture and held discussions. ",
        ("The members of the Political Bureau of the CPC Central Committee listened carefully to the explanation "
         "and discussed the matter. "), /* one sentence, split for width */
        "",
    };
    int members_first = pick(h, 4, 2) == 0;
    if (members_first)
        sb_puts(sb, members[pick(h, 5, COUNT(members))]);
    sb_append(sb, d->text, d->text_len);
    sb_puts(sb, " ");
    if (!members_first)
        sb_puts(sb, members[pick(h, 5, COUNT(members))]);
    static const char *const closing[] = {
        "Xi called on Party committees and governments at all levels to put the decisions of the CPC Central "
        "Committee into effect and to shoulder their responsibilities in the new era.",
        "(Editor: Wang Lin)",
        "He urged the whole Party to keep in mind the requirements of the new era and to make fresh contributions "
        "on the new journey.",
        "",
    };
    sb_puts(sb, closing[pick(h, 6, COUNT(closing))]);
}

static void wrap_zh(const pt_doc *d, uint64_t h, strbuf *sb)
{
    ymd t = parse_date(d->date);
    char num[32];
    zh_number(d->session > 0 ? d->session : 1, num, sizeof num);
    const char *title = d->title ? d->title : "当前形势";
    if (t.m) {
        switch (pick(h, 0, 3)) {
        case 0: sb_printf(sb, "新华社北京%d月%d日电 ", t.m, t.d); break;
        case 1: sb_puts(sb, "央视网消息（新闻联播）："); break;
        default: break;
        }
        switch (pick(h, 1, 3)) {
        case 0: sb_printf(sb, "中共中央政治局%d月%d日下午就%s进行第%s次集体学习。", t.m, t.d, title, num); break;
        case 1: sb_printf(sb, "%d年%d月%d日，中共中央政治局就%s举行第%s次集体学习。", t.y, t.m, t.d, title, num); break;
        default: sb_printf(sb, "中共中央政治局近日就%s进行集体学习。", title); break;
        }
    }
    static const char *const presiding[] = {
        "中共中央总书记习近平在主持学习时强调，要深刻认识这项工作的重大意义，切实把党中央决策部署落到实处。",
        "中共中央总书记习近平主持学习并发表重要讲话。",
        "习近平在主持学习时发表了重要讲话。",
    };
    sb_puts(sb, presiding[pick(h, 2, COUNT(presiding))]);
    if (self_study(d)) {
        if (d->n_lecturers > 0) {
            speakers(d, "、", sb);
            sb_puts(sb, "等同志结合分管领域工作作了发言。");
        }
    } else {
        const pt_lecturer *l = &d->lecturers[0];
        const char *aff = l->affiliation ? l->affiliation : "";
        switch (pick(h, 3, 3)) {
        case 0: sb_printf(sb, "%s%s同志就这个问题进行讲解，提出了工作上的意见和建议。", aff, l->name); break;
        case 1: sb_printf(sb, "%s%s就这一问题作了讲解，并谈了意见和建议。", aff, l->name); break;
        default: sb_printf(sb, "学习中，%s%s作了讲解。", aff, l->name); break;
        }
    }
    static const char *const members[] = {"中央政治局各位同志认真听取了讲解，并进行了讨论。", ""};
    int members_first = pick(h, 4, 2) == 0;
    if (members_first)
        sb_puts(sb, members[pick(h, 5, COUNT(members))]);
    sb_append(sb, d->text, d->text_len);
    if (!members_first)
        sb_puts(sb, members[pick(h, 5, COUNT(members))]);
    static const char *const closing[] = {
        "习近平强调，各级党委和政府要增强责任感和紧迫感，在新时代新征程上展现新作为。",
        "（责任编辑：王林）",
        "",
    };
    sb_puts(sb, closing[pick(h, 6, COUNT(closing))]);
}

void wrap_doc(const pt_doc *d, strbuf *sb)
{
    uint64_t h = fnv1a(d->id ? d->id : "");
    if (strcmp(d->lang, "zh") == 0)
        wrap_zh(d, h, sb);
    else
        wrap_en(d, h, sb);
}

void wrap_corpus(const pt_corpus *c, pt_corpus *out)
{
    corpus_init(out);
    out->docs = xcalloc(c->n ? c->n : 1, sizeof *out->docs);
    out->n = out->cap = c->n;
    for (size_t k = 0; k < c->n; k++) {
        out->docs[k] = c->docs[k];
        strbuf sb = {0};
        wrap_doc(&c->docs[k], &sb);
        out->docs[k].text = sb.data ? sb.data : xstrdup("");
        out->docs[k].text_len = sb.len;
    }
}

void wrap_corpus_free(pt_corpus *out)
{
    for (size_t k = 0; k < out->n; k++)
        free(out->docs[k].text);
    free(out->docs);
    memset(out, 0, sizeof *out);
}
