/*
 * corpus.h — readouts as politrend holds them, and reading them from disk.
 *
 * Three input formats (documented in README.md):
 *  - JSON Lines (*.jsonl, or "-" when the first byte is '{'): one readout an
 *    object, keys id, date, cc, session, lang, title, kind, lecturers,
 *    themes, text.  Only text is required; unknown keys are ignored.
 *  - Plain text (*.txt): header lines "Key: value" (Title, Date, Session as
 *    "20-11", Lang, Themes comma-separated, Lecturer repeatable as
 *    "Name (Affiliation)", Id, Kind, Source as the page's address), a blank
 *    line, then the body.
 *  - Saved web pages (*.html, *.htm, or "-" when the first byte is '<'):
 *    one readout a page, its article body, headline, address and
 *    publication date (html.h).
 * A directory means every *.jsonl, *.txt, *.html and *.htm inside it, in
 * sorted order.  Facts a readout does not give are read from its text
 * (extract.h); fields given always win.
 *
 * Every record is validated as it is read; the first problem stops the read
 * with an error naming FILE:LINE (and the id when there is one).  Nothing is
 * skipped silently.  Ownership: a pt_corpus owns its documents and every
 * string in them; corpus_free releases all of it.
 */
#ifndef PT_CORPUS_H
#define PT_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "taxonomy.h"

/* Limits: past them a readout is an error, not a truncation.  These are the
 * defaults; corpus_set_limits changes them for the whole process (the
 * command reads POLITREND_MAX_TEXT_BYTES and POLITREND_MAX_LINE_BYTES). */
#define PT_MAX_TEXT_BYTES  (4u << 20)   /* one document's text          */
#define PT_MAX_LINE_BYTES  (8u << 20)   /* one JSON line / one txt file */
#define PT_LIMIT_CEILING   (1u << 30)   /* no limit may be set above 1 GiB */

typedef struct {
    size_t max_text_bytes;
    size_t max_line_bytes;
} corpus_limits;

/* Sets the limits every later read applies (each from 1 to
 * PT_LIMIT_CEILING; the caller validates).  Not thread-safe: call at
 * start-up. */
void corpus_set_limits(const corpus_limits *l);

/* The limits in force. */
corpus_limits corpus_get_limits(void);
#define PT_MAX_LECTURERS   64

/* Bounds of a session's numbers: what a Central Committee term can hold.
 * A five-year term meets for a study session about monthly at most (the
 * most any term has held is 44), and the 20th term began in 2022; 99 leaves
 * room in both.  The bound also bounds the reports: at most 97 missing
 * numbers per term, so a few readouts cannot make a report of millions. */
#define PT_MAX_CC          99
#define PT_MAX_SESSION     99

/* Lecturer roles, as the corpus issue defines them. */
extern const char *const pt_roles[];   /* NULL-terminated */

typedef struct {
    char *name;
    char *affiliation;   /* may be NULL */
    char *role;          /* one of pt_roles, or NULL when not given */
} pt_lecturer;

typedef struct {
    char *id;            /* given, or "doc-" + 12 hex digits of the text's SHA-256 */
    char *date;          /* "YYYY-MM-DD", a real calendar date, or NULL */
    int cc;              /* Central Committee term, 1..PT_MAX_CC, 0 when unknown */
    int session;         /* session number within the term, 1..PT_MAX_SESSION, 0 when unknown */
    char lang[3];        /* "en" or "zh"; detected from the script when not given */
    char *title;         /* may be NULL */
    char *kind;          /* e.g. "synopsis"; may be NULL */
    pt_lecturer *lecturers;
    size_t n_lecturers;
    bool labelled;       /* the record carried a themes field (possibly empty) */
    int *themes;         /* taxonomy indices, primary first */
    size_t n_themes;
    char *text;          /* raw text as given (valid UTF-8, no NUL) */
    size_t text_len;
    char *source;        /* file the record came from ("-" for stdin) */
    long line;           /* line of the record in that file (1 for .txt) */
    char *url;           /* the page's address ("source" in JSON, Source: in .txt), may be NULL */
    char *published;     /* a page's publication date, YYYY-MM-DD ("published"), may be NULL */
    char *file;          /* the file it was first read from, as given ("file"), may be NULL */
    unsigned extracted;  /* PT_X_* bits (extract.h): the fields read from the text */
    bool plain;          /* the text holds no study-session formula */
    bool year_fitted;    /* the date's year was fitted to the named term (extract.h), not read */
} pt_doc;

typedef struct {
    pt_doc *docs;
    size_t n, cap;
    bool lenient;        /* set before reading: invalid UTF-8 -> U+FFFD instead of an error */
    size_t n_replaced;   /* replacements made while reading leniently */
} pt_corpus;

void corpus_init(pt_corpus *c);
void corpus_free(pt_corpus *c);

/* Reads a file, a directory or "-" (stdin) and appends its readouts to c.
 * Theme labels are checked against tax.  Returns 0, or -1 with err set:
 * PT_ERR_NOINPUT when the path cannot be opened, PT_ERR_DATA naming FILE:LINE
 * for a bad record.  On error c keeps what was appended before the bad
 * record (the caller normally discards the corpus). */
int corpus_read_path(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err);

/* Parses one JSON object (a JSON Lines record) into doc.  where is the
 * "FILE:LINE" used in messages.  Returns 0 or -1 with err set. */
int corpus_parse_json(pt_doc *doc, const char *json, size_t len, const char *where,
                      const pt_taxonomy *tax, pt_error *err);

/* Reads one file (.txt: one readout; anything else: JSON Lines) and appends
 * its readouts to c.  Errors as corpus_read_path. */
int corpus_read_file(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err);

/* 1 when path names a saved web page (*.html or *.htm, any case). */
int corpus_is_page(const char *path);

/* Lists the input files a path stands for: the path itself, or for a
 * directory its *.jsonl, *.txt, *.html and *.htm files in byte order.  The caller frees
 * the list with corpus_free_list.  Returns 0 or -1 (PT_ERR_NOINPUT). */
int corpus_list_inputs(const char *path, char ***files, size_t *n_files, pt_error *err);
void corpus_free_list(char **files, size_t n);

/* Validates and parses one JSON Lines record read from path at lineno
 * into d (zeroed first; source and line set).  Returns 0, or -1 with err
 * naming PATH:LINE, leaving d empty. */
int corpus_parse_line(pt_doc *d, const char *line, size_t len, const char *path, long lineno,
                      const pt_taxonomy *tax, pt_error *err);

/* Releases the strings of one document (not the document itself). */
void corpus_doc_free(pt_doc *d);

/* Checks that no two documents share an id.  Returns 0, or -1 naming both
 * places. */
int corpus_check_unique_ids(const pt_corpus *c, pt_error *err);

/* Checks that every document carries a themes field (train needs labels). */
int corpus_check_labelled(const pt_corpus *c, pt_error *err);

/* Returns 1 when s is a real calendar date written YYYY-MM-DD. */
int corpus_valid_date(const char *s);

/* The one date parser: a real calendar date written YYYY-MM-DD (year 1900
 * or later) into *year, *month, *day.  Returns 0, or -1 (nothing set) when
 * s is not one. */
int corpus_parse_date(const char *s, int *year, int *month, int *day);

/* Guesses "zh" or "en" from the script of text (Han characters, utf8_is_han, vs Latin letters). */
const char *corpus_detect_lang(const char *text, size_t len);

/* The year of a document's date, or 0 when it has none. */
int corpus_doc_year(const pt_doc *d);

#endif
