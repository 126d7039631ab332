/*
 * extract.h — the facts a readout states in its own words: the session's
 * date, its number, the Central Committee term, the lecturers, the title.
 *
 * Chinese readouts open with a fixed formula,
 *     中共中央政治局5月27日下午就……进行第二十三次集体学习
 * (possibly after a dispatch line "新华社北京5月28日电", whose date is the
 * dispatch's, not the session's), and name the lecturers with
 *     中国人民大学教授某某同志就这个问题进行讲解.
 * English ones say "the Political Bureau of the CPC Central Committee held
 * its 20th group study session on Friday afternoon", often after a dateline
 * "BEIJING, May 28 (Xinhua) --", and "X, a professor at Y, gave a lecture".
 *
 * The year comes from the formula or the dispatch line when they give one,
 * otherwise from the publication date of the page or the date in its
 * address (the session is never after its publication: a session month and
 * day later in the year than the publication's belong to the year before).
 * A weekday ("on Friday") is the last such day on or before the dispatch
 * date.  The term follows from the date (terms.h); a term named in the text
 * (十八届中央政治局, "the 18th CPC Central Committee") is used only when the
 * date cannot be read, and to choose the year when the text names its term
 * but no source gives the year, or an address gives one of another term:
 * the year that puts the session's number nearest the cadence of sessions
 * in that term (one about every 46 days), flagged as such.  A lecturer's
 * role follows from the affiliation the text gives (roles.h).  Nothing
 * else is guessed: what the text does not say stays unknown.
 */
#ifndef PT_EXTRACT_H
#define PT_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "corpus.h"

/* The fields a record may say were read from its text (pt_doc.extracted),
 * in the order they are listed in "extracted". */
enum {
    PT_X_DATE = 1 << 0,
    PT_X_CC = 1 << 1,
    PT_X_SESSION = 1 << 2,
    PT_X_LECTURERS = 1 << 3,
    PT_X_TITLE = 1 << 4,
    PT_X_LANG = 1 << 5,
    PT_X_SOURCE = 1 << 6,
};
#define PT_X_COUNT 7

/* The names of the bits above, by bit position ("date", "cc", ...). */
extern const char *const extract_field_names[PT_X_COUNT];

/* The bit of a field name, or 0 when the name is not one of them. */
unsigned extract_field_bit(const char *name);

typedef struct {
    bool formula;            /* a study-session formula was found */
    char date[11];           /* the session's date, YYYY-MM-DD, or "" */
    int session;             /* its number, 0 when not stated */
    int cc;                  /* the term: from the date, else as stated, else 0 */
    pt_lecturer *lecturers;  /* name, affiliation (may be NULL), role NULL */
    size_t n_lecturers;
    char *title;             /* a headline line opening the text, or NULL */
    bool year_fitted;        /* the year is not stated: it is the one that fits the number in the named term */
} extract_facts;

/* Reads the facts of text (len bytes of valid UTF-8) in language lang
 * ("zh" or "en"); url (may be NULL) and published (YYYY-MM-DD, may be NULL)
 * anchor the year.  f is overwritten; free it with extract_facts_free. */
void extract_facts_read(const char *text, size_t len, const char *lang, const char *url, const char *published,
                        extract_facts *f);

void extract_facts_free(extract_facts *f);

/* The date an address carries (/2023-05/30/, /20230530/, /2023/0530/,
 * /202305/30/, ...): writes YYYY-MM-DD and returns 3 for a whole date,
 * YYYY-MM-00 and 2 for a month, YYYY-00-00 and 1 for a year alone; 0 when
 * it holds none. */
int extract_url_date(const char *url, char out[11]);

/* Fills what d lacks (fields given in headers or JSON always win) from its
 * text: date, session, cc, lecturers, title; marks each in d->extracted,
 * and sets d->plain when the text holds no study-session formula (a plain
 * readout then takes its date from its publication date or address). */
void extract_fill(pt_doc *d);

#endif
