/*
 * reader.c — reading readouts from JSON Lines, plain-text files and saved
 * web pages (formats in corpus.h), validating each record as it arrives
 * and reading from its text the facts it does not give (extract.h).
 */
#include "corpus.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "extract.h"
#include "html.h"
#include "suggest.h"

const char *const pt_roles[] = {"academic", "think-tank", "official", "military", "self-study", NULL};

static corpus_limits limits = {PT_MAX_TEXT_BYTES, PT_MAX_LINE_BYTES};

void corpus_set_limits(const corpus_limits *l)
{
    limits = *l;
}

corpus_limits corpus_get_limits(void)
{
    return limits;
}

void corpus_init(pt_corpus *c)
{
    memset(c, 0, sizeof *c);
}

static void doc_free(pt_doc *d)
{
    free(d->id);
    free(d->date);
    free(d->title);
    free(d->kind);
    for (size_t k = 0; k < d->n_lecturers; k++) {
        free(d->lecturers[k].name);
        free(d->lecturers[k].affiliation);
        free(d->lecturers[k].role);
    }
    free(d->lecturers);
    free(d->themes);
    free(d->text);
    free(d->source);
    free(d->url);
    free(d->published);
    free(d->file);
    memset(d, 0, sizeof *d);
}

void corpus_free(pt_corpus *c)
{
    for (size_t k = 0; k < c->n; k++)
        doc_free(&c->docs[k]);
    free(c->docs);
    corpus_init(c);
}

static pt_doc *corpus_push(pt_corpus *c)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->docs = xreallocarray(c->docs, c->cap, sizeof *c->docs);
    }
    pt_doc *d = &c->docs[c->n++];
    memset(d, 0, sizeof *d);
    return d;
}

/* ---- field checks shared by both formats -------------------------------- */

int corpus_parse_date(const char *s, int *year, int *month, int *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && !isdigit((unsigned char)s[k]))
            return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = days[m - 1] + (m == 2 && leap);
    if (d > max)
        return -1;
    *year = y;
    *month = m;
    *day = d;
    return 0;
}

int corpus_valid_date(const char *s)
{
    int y, m, d;
    return corpus_parse_date(s, &y, &m, &d) == 0;
}

int corpus_doc_year(const pt_doc *d)
{
    if (d->date == NULL)
        return 0;
    return atoi(d->date); /* validated as YYYY-MM-DD: the leading digits are the year */
}

const char *corpus_detect_lang(const char *text, size_t len)
{
    size_t han = 0, latin = 0;
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t used;
        if (utf8_decode(u + i, len - i, &cp, &used) == UTF8_OK) {
            if (utf8_is_han(cp))
                han++;
            else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
                latin++;
        }
        i += used;
    }
    /* A Chinese character carries about as much as a short English word
     * (four or five letters), so weigh them accordingly. */
    return han * 4 >= latin && han > 0 ? "zh" : "en";
}

static int is_blank_text(const char *s, size_t len)
{
    for (size_t k = 0; k < len; k++)
        if (!isspace((unsigned char)s[k]))
            return 0;
    return 1;
}

static int set_themes(pt_doc *d, char **names, size_t n, const char *where,
                      const pt_taxonomy *tax, pt_error *err)
{
    d->labelled = true;
    d->themes = xcalloc(n ? n : 1, sizeof *d->themes);
    for (size_t k = 0; k < n; k++) {
        int t = taxonomy_find(tax, names[k]);
        for (size_t j = 0; t < 0 && j < tax->n; j++)
            if (strcasecmp(tax->names[j], names[k]) == 0)
                t = (int)j; /* Economy, ECONOMY: the same theme */
        if (t < 0) {
            const char *near = suggest_closest(names[k], (const char *const *)tax->names, tax->n);
            if (near != NULL)
                return pt_fail(err, PT_ERR_DATA, "%s: unknown theme '%s' (did you mean %s? separate themes with ',' or ';'; see corpus/themes.tsv)",
                               where, names[k], near);
            return pt_fail(err, PT_ERR_DATA, "%s: unknown theme '%s' (the taxonomy has %zu themes; see corpus/themes.tsv)",
                           where, names[k], tax->n);
        }
        for (size_t j = 0; j < d->n_themes; j++)
            if (d->themes[j] == t)
                return pt_fail(err, PT_ERR_DATA, "%s: theme '%s' is listed twice", where, names[k]);
        d->themes[d->n_themes++] = t;
    }
    return 0;
}

/* Checks what every record needs whatever its format, and fills derived
 * fields (id from the text's hash, lang from the script). */
static int finish_doc(pt_doc *d, const char *where, pt_error *err)
{
    if (d->text == NULL)
        return pt_fail(err, PT_ERR_DATA, "%s: readout has no text", where);
    if (d->text_len > limits.max_text_bytes)
        return pt_fail(err, PT_ERR_DATA, "%s: text is %zu bytes, more than the limit of %zu",
                       where, d->text_len, limits.max_text_bytes);
    if (memchr(d->text, '\0', d->text_len) != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s: text contains a NUL byte", where);
    if (is_blank_text(d->text, d->text_len))
        return pt_fail(err, PT_ERR_DATA, "%s: text is empty", where);
    if (d->date != NULL && !corpus_valid_date(d->date))
        return pt_fail(err, PT_ERR_DATA, "%s: date '%s' is not a calendar date written YYYY-MM-DD",
                       where, d->date);
    extract_fill(d);
    if (d->id == NULL) {
        char hex[65];
        sha256_hex(d->text, d->text_len, hex);
        d->id = xmalloc(17);
        snprintf(d->id, 17, "doc-%.12s", hex);
    }
    if (d->lang[0] == '\0')
        memcpy(d->lang, corpus_detect_lang(d->text, d->text_len), 3);
    return 0;
}

static int check_lang(pt_doc *d, const char *lang, const char *where, pt_error *err)
{
    if (strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
        return pt_fail(err, PT_ERR_DATA, "%s: lang '%s' is not supported (use \"en\" or \"zh\")", where, lang);
    memcpy(d->lang, lang, 3);
    return 0;
}

static int check_role(const char *role, const char *where, pt_error *err)
{
    for (int k = 0; pt_roles[k]; k++)
        if (strcmp(role, pt_roles[k]) == 0)
            return 0;
    return pt_fail(err, PT_ERR_DATA,
                   "%s: lecturer role '%s' is not one of academic, think-tank, official, military, self-study",
                   where, role);
}

/* ---- JSON Lines ----------------------------------------------------------- */

static int json_string_field(json_t *obj, const char *key, char **out, const char *where, pt_error *err)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return pt_fail(err, PT_ERR_DATA, "%s: field '%s' must be a string", where, key);
    *out = xstrndup(json_string_value(v), json_string_length(v));
    return 0;
}

static int json_int_field(json_t *obj, const char *key, int max, int *out, const char *where, pt_error *err)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > max)
        return pt_fail(err, PT_ERR_DATA, "%s: field '%s' must be a whole number from 1 to %d", where, key, max);
    *out = (int)json_integer_value(v);
    return 0;
}

/* "extracted": the names of the fields read from the text (extract.h). */
static int json_extracted(pt_doc *d, json_t *obj, const char *where, pt_error *err)
{
    json_t *arr = json_object_get(obj, "extracted");
    if (arr == NULL || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return pt_fail(err, PT_ERR_DATA, "%s: field 'extracted' must be an array of field names", where);
    for (size_t k = 0; k < json_array_size(arr); k++) {
        json_t *v = json_array_get(arr, k);
        unsigned bit = json_is_string(v) ? extract_field_bit(json_string_value(v)) : 0;
        if (bit == 0)
            return pt_fail(err, PT_ERR_DATA,
                           "%s: 'extracted' lists only date, cc, session, lecturers, title, lang, source", where);
        d->extracted |= bit;
    }
    return 0;
}

static int json_lecturers(pt_doc *d, json_t *obj, const char *where, pt_error *err)
{
    json_t *arr = json_object_get(obj, "lecturers");
    if (arr == NULL || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return pt_fail(err, PT_ERR_DATA, "%s: field 'lecturers' must be an array", where);
    size_t n = json_array_size(arr);
    if (n > PT_MAX_LECTURERS)
        return pt_fail(err, PT_ERR_DATA, "%s: more than %d lecturers", where, PT_MAX_LECTURERS);
    d->lecturers = xcalloc(n ? n : 1, sizeof *d->lecturers);
    for (size_t k = 0; k < n; k++) {
        json_t *l = json_array_get(arr, k);
        if (!json_is_object(l))
            return pt_fail(err, PT_ERR_DATA, "%s: lecturer %zu must be an object with a name", where, k + 1);
        pt_lecturer *lec = &d->lecturers[d->n_lecturers++];
        if (json_string_field(l, "name", &lec->name, where, err) != 0 ||
            json_string_field(l, "affiliation", &lec->affiliation, where, err) != 0 ||
            json_string_field(l, "role", &lec->role, where, err) != 0)
            return -1;
        if (lec->name == NULL || lec->name[0] == '\0')
            return pt_fail(err, PT_ERR_DATA, "%s: lecturer %zu has no name", where, k + 1);
        if (lec->role != NULL && check_role(lec->role, where, err) != 0)
            return -1;
    }
    return 0;
}

static int json_themes(pt_doc *d, json_t *obj, const char *where, const pt_taxonomy *tax, pt_error *err)
{
    json_t *arr = json_object_get(obj, "themes");
    if (arr == NULL || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return pt_fail(err, PT_ERR_DATA, "%s: field 'themes' must be an array of theme names", where);
    size_t n = json_array_size(arr);
    if (n > PT_MAX_THEMES)
        return pt_fail(err, PT_ERR_DATA, "%s: more than %d themes", where, PT_MAX_THEMES);
    char *names[PT_MAX_THEMES];
    for (size_t k = 0; k < n; k++) {
        json_t *v = json_array_get(arr, k);
        if (!json_is_string(v))
            return pt_fail(err, PT_ERR_DATA, "%s: themes must be strings", where);
        names[k] = (char *)json_string_value(v);
    }
    return set_themes(d, names, n, where, tax, err);
}

/* A corpus synopsis (kind "synopsis") is a complete record: every field of
 * the corpus format must be there, so the shipped corpus cannot lose a fact
 * unnoticed. */
static int check_synopsis(json_t *obj, const char *where, pt_error *err)
{
    static const char *const required[] = {"id", "date", "cc", "session", "lang", "title", "lecturers",
                                           "themes", NULL};
    for (int k = 0; required[k]; k++)
        if (json_object_get(obj, required[k]) == NULL)
            return pt_fail(err, PT_ERR_DATA, "%s: synopsis record has no '%s' field", where, required[k]);
    return 0;
}

int corpus_parse_json(pt_doc *d, const char *json, size_t len, const char *where,
                      const pt_taxonomy *tax, pt_error *err)
{
    json_error_t jerr;
    json_t *obj = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (obj == NULL)
        return pt_fail(err, PT_ERR_DATA, "%s: malformed JSON: %s (column %d)", where, jerr.text, jerr.column);
    int rc = -1;
    char *lang = NULL;
    if (!json_is_object(obj)) {
        pt_fail(err, PT_ERR_DATA, "%s: a readout must be a JSON object", where);
        goto done;
    }
    if (json_string_field(obj, "id", &d->id, where, err) != 0 ||
        json_string_field(obj, "date", &d->date, where, err) != 0 ||
        json_string_field(obj, "title", &d->title, where, err) != 0 ||
        json_string_field(obj, "kind", &d->kind, where, err) != 0 ||
        json_string_field(obj, "lang", &lang, where, err) != 0 ||
        json_int_field(obj, "cc", PT_MAX_CC, &d->cc, where, err) != 0 ||
        json_int_field(obj, "session", PT_MAX_SESSION, &d->session, where, err) != 0 ||
        json_string_field(obj, "source", &d->url, where, err) != 0 ||
        json_string_field(obj, "published", &d->published, where, err) != 0 ||
        json_string_field(obj, "file", &d->file, where, err) != 0 ||
        json_extracted(d, obj, where, err) != 0 ||
        json_lecturers(d, obj, where, err) != 0 ||
        json_themes(d, obj, where, tax, err) != 0)
        goto done;
    if (lang != NULL && check_lang(d, lang, where, err) != 0)
        goto done;
    if (d->published != NULL && !corpus_valid_date(d->published)) {
        pt_fail(err, PT_ERR_DATA, "%s: published '%s' is not a calendar date written YYYY-MM-DD", where, d->published);
        goto done;
    }
    if (d->id != NULL && d->id[0] == '\0') {
        pt_fail(err, PT_ERR_DATA, "%s: id is empty", where);
        goto done;
    }
    json_t *text = json_object_get(obj, "text");
    if (text == NULL || json_is_null(text)) {
        pt_fail(err, PT_ERR_DATA, "%s: readout has no 'text' field", where);
        goto done;
    }
    if (!json_is_string(text)) {
        pt_fail(err, PT_ERR_DATA, "%s: field 'text' must be a string", where);
        goto done;
    }
    d->text_len = json_string_length(text);
    d->text = xstrndup(json_string_value(text), d->text_len);
    if (d->kind != NULL && strcmp(d->kind, "synopsis") == 0 && check_synopsis(obj, where, err) != 0)
        goto done;
    rc = finish_doc(d, where, err);
done:
    free(lang);
    json_decref(obj);
    return rc;
}

int corpus_parse_line(pt_doc *d, const char *line, size_t len, const char *path, long lineno,
                      const pt_taxonomy *tax, pt_error *err)
{
    char where[4200];
    snprintf(where, sizeof where, "%s:%ld", path, lineno);
    memset(d, 0, sizeof *d);
    size_t bad;
    utf8_status st = utf8_validate(line, len, &bad);
    if (st != UTF8_OK)
        return pt_fail(err, PT_ERR_DATA, "%s: invalid UTF-8 at byte %zu of the line: %s", where, bad + 1,
                       utf8_status_text(st));
    d->source = xstrdup(path);
    d->line = lineno;
    if (corpus_parse_json(d, line, len, where, tax, err) != 0) {
        doc_free(d);
        return -1;
    }
    return 0;
}

void corpus_doc_free(pt_doc *d)
{
    doc_free(d);
}

/* Reads one line of at most max bytes (newline excluded) into *buf.
 * Returns 1 for a line, 0 at end of file, -1 when the line is too long. */
static int read_line(FILE *f, char **buf, size_t *cap, size_t max, size_t *len)
{
    *len = 0;
    int c = 0;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (*len >= max)
            return -1;
        if (*len + 1 >= *cap) {
            *cap = *cap ? 2 * *cap : 4096;
            *buf = xreallocarray(*buf, *cap, 1);
        }
        (*buf)[(*len)++] = (char)c;
    }
    if (c == EOF && *len == 0)
        return 0;
    if (*cap == 0) {
        *cap = 4096;
        *buf = xreallocarray(*buf, *cap, 1);
    }
    (*buf)[*len] = '\0';
    return 1;
}

static int read_jsonl(pt_corpus *c, FILE *f, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    char *line = NULL;
    size_t cap = 0, len = 0;
    long lineno = 0;
    size_t before = c->n;
    int rc = 0, got;
    char where[4200];
    while ((got = read_line(f, &line, &cap, limits.max_line_bytes, &len)) != 0) {
        lineno++;
        snprintf(where, sizeof where, "%s:%ld", path, lineno);
        if (got < 0) {
            rc = pt_fail(err, PT_ERR_DATA, "%s: line longer than the limit of %zu bytes", where,
                         limits.max_line_bytes);
            break;
        }
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            memmove(line, line + 3, len - 2); /* a byte order mark, as in a .txt file; NUL included */
            len -= 3;
        }
        if (is_blank_text(line, len))
            continue;
        char *repaired = NULL;
        if (c->lenient && utf8_validate(line, len, NULL) != UTF8_OK)
            repaired = utf8_repair(line, len, &len, &c->n_replaced);
        pt_doc *d = corpus_push(c);
        int bad = corpus_parse_line(d, repaired ? repaired : line, len, path, lineno, tax, err) != 0;
        free(repaired);
        if (bad) {
            c->n--;
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f))
        rc = pt_fail(err, PT_ERR_IO, "%s: read error", path);
    if (rc == 0 && c->n == before)
        rc = pt_fail(err, PT_ERR_DATA, "%s: no readouts in this file", path);
    free(line);
    return rc;
}

/* ---- plain text ----------------------------------------------------------- */

static const char *const txt_keys[] = {"id", "title", "date", "session", "lang", "themes",
                                       "lecturer", "kind", "source", NULL};
/* The keys as messages name them, in the order of the documentation. */
static const char *const txt_key_names[] = {"Title", "Date", "Session", "Lang", "Themes", "Lecturer", "Source",
                                            "Id", "Kind"};
#define TXT_KEY_LIST "Title, Date, Session, Lang, Themes, Lecturer, Source, Id, Kind"

static const char *header_key(const char *line, char key[16]);

/* A line shaped like a header, "Word: value" (one word of ASCII letters,
 * digits, '-' or '_', at most 20 bytes, then a colon and a space or the
 * end): its key is copied into key. */
static int header_shaped(const char *line, char key[24])
{
    size_t n = 0;
    if (!isalpha((unsigned char)line[0]))
        return 0;
    while (isalnum((unsigned char)line[n]) || line[n] == '-' || line[n] == '_')
        n++;
    if (n > 20 || line[n] != ':' || (line[n + 1] != ' ' && line[n + 1] != '\t' && line[n + 1] != '\0'))
        return 0;
    memcpy(key, line, n);
    key[n] = '\0';
    return 1;
}

/* The error for a header-shaped line whose key is not known, or 0 when it
 * is not taken for a header: on the first line, only a near miss of a key
 * ("Titel") or a line followed by a header or a blank line is one. */
static int unknown_header(const char *line, long lineno, const char *next, const char *where, pt_error *err)
{
    char key[24], lower[16];
    if (!header_shaped(line, key))
        return 0;
    const char *near = suggest_closest(key, txt_key_names, sizeof txt_key_names / sizeof txt_key_names[0]);
    int next_is_header = next != NULL && (next[0] == '\0' || next[0] == '\n' || next[0] == '\r' ||
                                          header_key(next, lower) != NULL);
    if (near == NULL && lineno == 1 && !next_is_header)
        return 0;
    if (near != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s: unknown header '%s' (did you mean %s?)", where, key, near);
    return pt_fail(err, PT_ERR_DATA, "%s: unknown header '%s' (the headers are " TXT_KEY_LIST
                   "; a blank line ends them)", where, key);
}

/* Returns the header key of line (lowercased into key) or NULL when the line
 * is not "Key: value" with a known key. */
static const char *header_key(const char *line, char key[16])
{
    const char *colon = strchr(line, ':');
    if (colon == NULL || colon - line >= 15)
        return NULL;
    size_t n = (size_t)(colon - line);
    for (size_t k = 0; k < n; k++)
        key[k] = (char)tolower((unsigned char)line[k]);
    key[n] = '\0';
    for (int k = 0; txt_keys[k]; k++)
        if (strcmp(key, txt_keys[k]) == 0)
            return txt_keys[k];
    return NULL;
}

static char *trimmed(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* A whole number written with digits only (no sign, no space: sscanf's %d
 * took "+20" and " 20"), from 1 to max.  Returns the number, or 0. */
static int strict_number(const char *s, size_t n, int max)
{
    if (n == 0 || n > 4)
        return 0;
    int v = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return 0;
        v = v * 10 + (s[k] - '0');
    }
    return v <= max ? v : 0;
}

static int txt_session(pt_doc *d, const char *value, const char *where, pt_error *err)
{
    const char *dash = strchr(value, '-');
    int cc = dash ? strict_number(value, (size_t)(dash - value), PT_MAX_CC) : 0;
    int session = dash ? strict_number(dash + 1, strlen(dash + 1), PT_MAX_SESSION) : 0;
    if (cc == 0 || session == 0)
        return pt_fail(err, PT_ERR_DATA,
                       "%s: Session '%s' must be written TERM-NUMBER, e.g. 20-11 (term 1 to %d, number 1 to %d)",
                       where, value, PT_MAX_CC, PT_MAX_SESSION);
    d->cc = cc;
    d->session = session;
    return 0;
}

static int txt_themes(pt_doc *d, char *value, const char *where, const pt_taxonomy *tax, pt_error *err)
{
    char *names[PT_MAX_THEMES];
    size_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(value, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
        while (isspace((unsigned char)*tok))
            tok++;
        size_t len = strlen(tok);
        while (len > 0 && isspace((unsigned char)tok[len - 1]))
            tok[--len] = '\0';
        if (len == 0)
            continue;
        if (n == PT_MAX_THEMES)
            return pt_fail(err, PT_ERR_DATA, "%s: more than %d themes", where, PT_MAX_THEMES);
        names[n++] = tok;
    }
    return set_themes(d, names, n, where, tax, err);
}

/* "Name (Affiliation); role" — affiliation and role are optional. */
static int txt_lecturer(pt_doc *d, const char *value, const char *where, pt_error *err)
{
    if (d->n_lecturers == PT_MAX_LECTURERS)
        return pt_fail(err, PT_ERR_DATA, "%s: more than %d lecturers", where, PT_MAX_LECTURERS);
    if (d->n_lecturers == 0)
        d->lecturers = xcalloc(PT_MAX_LECTURERS, sizeof *d->lecturers);
    pt_lecturer *lec = &d->lecturers[d->n_lecturers++];
    char *v = xstrdup(value);
    char *semi = strrchr(v, ';');
    if (semi != NULL) {
        *semi = '\0';
        lec->role = trimmed(semi + 1);
    }
    char *open = strchr(v, '(');
    char *close = open ? strrchr(open, ')') : NULL;
    if (open != NULL && close != NULL) {
        *close = '\0';
        lec->affiliation = trimmed(open + 1);
        *open = '\0';
    }
    lec->name = trimmed(v);
    free(v);
    if (lec->name[0] == '\0')
        return pt_fail(err, PT_ERR_DATA, "%s: Lecturer has no name", where);
    if (lec->role != NULL && check_role(lec->role, where, err) != 0)
        return -1;
    return 0;
}

static int txt_header(pt_doc *d, const char *key, char *value, const char *where,
                      const pt_taxonomy *tax, pt_error *err)
{
    if (strcmp(key, "themes") == 0)
        return d->labelled ? pt_fail(err, PT_ERR_DATA, "%s: Themes given twice", where)
                           : txt_themes(d, value, where, tax, err);
    if (strcmp(key, "lecturer") == 0)
        return txt_lecturer(d, value, where, err);
    if (strcmp(key, "session") == 0)
        return txt_session(d, value, where, err);
    if (strcmp(key, "lang") == 0)
        return check_lang(d, value, where, err);
    if (strcmp(key, "date") == 0 && d->date == NULL && !corpus_valid_date(value))
        return pt_fail(err, PT_ERR_DATA, "%s: date '%s' is not a calendar date written YYYY-MM-DD", where, value);
    char **slot = strcmp(key, "id") == 0       ? &d->id
                  : strcmp(key, "title") == 0  ? &d->title
                  : strcmp(key, "date") == 0   ? &d->date
                  : strcmp(key, "source") == 0 ? &d->url
                                               : &d->kind;
    if (*slot != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s: header '%s' given twice", where, key);
    if (slot == &d->id && value[0] == '\0')
        return pt_fail(err, PT_ERR_DATA, "%s: id is empty", where); /* as for JSON Lines */
    *slot = xstrdup(value);
    return 0;
}

/* A synopsis is a complete record in either format (check_synopsis): every
 * header but Lecturer (a .txt cannot say "no lecturers") must be there. */
static int txt_check_synopsis(const pt_doc *d, const char *path, pt_error *err)
{
    const char *missing = d->id == NULL        ? "Id"
                          : d->title == NULL   ? "Title"
                          : d->date == NULL    ? "Date"
                          : d->session == 0    ? "Session"
                          : d->lang[0] == '\0' ? "Lang"
                          : !d->labelled       ? "Themes"
                                               : NULL;
    if (missing != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:1: synopsis record has no '%s' header", path, missing);
    return 0;
}

static long line_of_offset(const char *s, size_t off)
{
    long line = 1;
    for (size_t k = 0; k < off; k++)
        if (s[k] == '\n')
            line++;
    return line;
}

static int read_txt(pt_corpus *c, FILE *f, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    /* A text file is one readout: read it whole, within the limit. */
    char *buf;
    size_t len;
    if (fsio_read_stream(f, path, limits.max_line_bytes, &buf, &len, err) != 0)
        return -1;
    char where[4200];
    size_t bad;
    utf8_status st = utf8_validate(buf, len, &bad);
    if (st != UTF8_OK && c->lenient) {
        char *repaired = utf8_repair(buf, len, &len, &c->n_replaced);
        free(buf);
        buf = repaired;
        st = UTF8_OK;
    }
    if (st != UTF8_OK) {
        long line = line_of_offset(buf, bad);
        free(buf);
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: invalid UTF-8 at byte %zu of the file: %s",
                       path, line, bad + 1, utf8_status_text(st));
    }
    if (memchr(buf, '\0', len) != NULL) {
        long line = line_of_offset(buf, (size_t)((char *)memchr(buf, '\0', len) - buf));
        free(buf);
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: file contains a NUL byte", path, line);
    }

    pt_doc *d = corpus_push(c);
    d->source = xstrdup(path);
    d->file = xstrdup(path);
    d->line = 1;
    size_t pos = 0;
    long lineno = 0;
    int rc = 0, source_only = 0;
    char key[16];
    /* Skip a UTF-8 byte order mark, common in files saved on Windows. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    /* Headers only when the first line is one: a file may be body alone. */
    while (pos < len) {
        char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        char *line = xstrndup(buf + pos, end - pos);
        size_t ll = strlen(line);
        if (ll > 0 && line[ll - 1] == '\r')
            line[--ll] = '\0';
        lineno++;
        snprintf(where, sizeof where, "%s:%ld", path, lineno);
        const char *k = header_key(line, key);
        if (is_blank_text(line, ll)) {
            free(line);
            pos = end + 1;
            break;
        }
        if (k == NULL) {
            rc = unknown_header(line, lineno, nl ? nl + 1 : NULL, where, err);
            if (rc == 0 && lineno == 2 && source_only) {
                /* "Source: <URL>" pasted right above the text: the text starts here. */
                free(line);
                lineno = 1;
                break;
            }
            if (rc == 0 && lineno > 1)
                rc = pt_fail(err, PT_ERR_DATA,
                             "%s: expected a header 'Key: value' (" TXT_KEY_LIST ") or a blank line before the body",
                             where);
            if (rc != 0) {
                free(line);
                break;
            }
            free(line);
            if (lineno == 1)
                lineno = 0; /* no headers: the whole file is the body */
            break;
        }
        char *value = trimmed(strchr(line, ':') + 1);
        source_only = lineno == 1 && strcmp(k, "source") == 0;
        rc = txt_header(d, k, value, where, tax, err);
        free(value);
        free(line);
        pos = end + 1;
        if (rc != 0)
            break;
    }
    if (rc == 0 && d->kind != NULL && strcmp(d->kind, "synopsis") == 0)
        rc = txt_check_synopsis(d, path, err);
    if (rc == 0) {
        if (pos > len)
            pos = len;
        d->text_len = len - pos;
        d->text = xstrndup(buf + pos, d->text_len);
        snprintf(where, sizeof where, "%s:%ld", path, lineno + 1);
        rc = finish_doc(d, where, err);
    }
    free(buf);
    if (rc != 0) {
        doc_free(d);
        c->n--;
    }
    return rc;
}

/* ---- saved web pages ---------------------------------------------------------- */

/* A page is one readout: html.h reads it, finish_doc checks it and reads
 * its facts.  What came from the page's markup rather than the headers a
 * user typed (title, address) counts as extracted. */
static int read_html(pt_corpus *c, FILE *f, const char *path, pt_error *err)
{
    html_page page;
    if (html_page_read(f, path, limits.max_line_bytes, &page, err) != 0)
        return -1;
    pt_doc *d = corpus_push(c);
    d->source = xstrdup(path);
    d->file = xstrdup(path);
    d->line = 1;
    d->text = page.text;
    d->text_len = page.text_len;
    d->title = page.title;
    d->url = page.url;
    d->published = page.published;
    d->extracted = (d->title ? PT_X_TITLE : 0) | (d->url ? PT_X_SOURCE : 0);
    int rc = finish_doc(d, path, err);
    if (rc != 0) {
        doc_free(d);
        c->n--;
    }
    return rc;
}

int corpus_is_page(const char *path)
{
    size_t n = strlen(path);
    return (n >= 5 && strcasecmp(path + n - 5, ".html") == 0) || (n >= 4 && strcasecmp(path + n - 4, ".htm") == 0);
}

/* ---- paths ------------------------------------------------------------------ */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int corpus_list_inputs(const char *path, char ***files, size_t *n_files, pt_error *err)
{
    *files = NULL;
    *n_files = 0;
    struct stat st;
    if (stat(path, &st) != 0)
        return pt_fail(err, PT_ERR_NOINPUT, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode)) {
        *files = xcalloc(1, sizeof **files);
        (*files)[0] = xstrdup(path);
        *n_files = 1;
        return 0;
    }
    DIR *dir = opendir(path);
    if (dir == NULL)
        return pt_fail(err, PT_ERR_NOINPUT, "%s: cannot open directory: %s", path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' ||
            !(path_has_suffix(e->d_name, ".jsonl") || path_has_suffix(e->d_name, ".txt") || corpus_is_page(e->d_name)))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            names = xreallocarray(names, cap, sizeof *names);
        }
        names[n++] = path_join(path, e->d_name);
    }
    closedir(dir);
    if (n == 0)
        return pt_fail(err, PT_ERR_NOINPUT, "%s: directory holds no *.jsonl, *.txt or *.html files", path);
    /* strcmp, not the locale's collation: the same order on every machine. */
    qsort(names, n, sizeof *names, cmp_names);
    *files = names;
    *n_files = n;
    return 0;
}

void corpus_free_list(char **files, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(files[k]);
    free(files);
}

int corpus_read_file(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    FILE *f = fsio_open_regular(path, err); /* a FIFO would hang the run, holding its locks */
    if (f == NULL)
        return -1;
    int rc = path_has_suffix(path, ".txt") ? read_txt(c, f, path, tax, err)
             : corpus_is_page(path)   ? read_html(c, f, path, err)
                                      : read_jsonl(c, f, path, tax, err);
    fclose(f);
    return rc;
}

/* Standard input with a few bytes already read put back in front of it
 * (ungetc promises one byte only): the cookie of a fopencookie stream. */
typedef struct {
    unsigned char head[4];
    size_t n_head, pos;
} stdin_cookie;

static ssize_t stdin_cookie_read(void *cookie, char *buf, size_t size)
{
    stdin_cookie *c = cookie;
    if (c->pos < c->n_head) {
        size_t n = c->n_head - c->pos < size ? c->n_head - c->pos : size;
        memcpy(buf, c->head + c->pos, n);
        c->pos += n;
        return (ssize_t)n;
    }
    size_t got = fread(buf, 1, size, stdin);
    return got == 0 && ferror(stdin) ? -1 : (ssize_t)got;
}

static int read_stdin(pt_corpus *c, const pt_taxonomy *tax, pt_error *err)
{
    /* As for a file: a byte order mark is skipped before the format is
     * decided, or a JSON Lines stream saved on Windows would be taken for
     * one plain-text readout. */
    stdin_cookie cookie = {.n_head = 0};
    int ch;
    while (cookie.n_head < 3 && (ch = getc(stdin)) != EOF)
        cookie.head[cookie.n_head++] = (unsigned char)ch;
    if (cookie.n_head == 3 && memcmp(cookie.head, "\xEF\xBB\xBF", 3) == 0)
        cookie.pos = 3;
    cookie_io_functions_t io = {.read = stdin_cookie_read};
    FILE *in = fopencookie(&cookie, "r", io);
    if (in == NULL)
        return pt_fail(err, PT_ERR_IO, "-: cannot read standard input: %s", strerror(errno));
    int first;
    do
        first = getc(in);
    while (first == ' ' || first == '\t' || first == '\n' || first == '\r');
    int rc;
    if (first == EOF) {
        rc = pt_fail(err, PT_ERR_DATA, "-: standard input is empty");
    } else {
        ungetc(first, in);
        rc = first == '<'   ? read_html(c, in, "-", err)
             : first == '{' ? read_jsonl(c, in, "-", tax, err)
                            : read_txt(c, in, "-", tax, err);
    }
    fclose(in);
    return rc;
}

int corpus_read_path(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    if (strcmp(path, "-") == 0)
        return read_stdin(c, tax, err);
    char **files;
    size_t n;
    if (corpus_list_inputs(path, &files, &n, err) != 0)
        return -1;
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++)
        rc = corpus_read_file(c, files[k], tax, err);
    corpus_free_list(files, n);
    return rc;
}

/* ---- whole-corpus checks --------------------------------------------------- */

static int cmp_doc_ptr_id(const void *a, const void *b)
{
    const pt_doc *x = *(const pt_doc *const *)a, *y = *(const pt_doc *const *)b;
    return strcmp(x->id, y->id);
}

int corpus_check_unique_ids(const pt_corpus *c, pt_error *err)
{
    const pt_doc **sorted = xcalloc(c->n ? c->n : 1, sizeof *sorted);
    for (size_t k = 0; k < c->n; k++)
        sorted[k] = &c->docs[k];
    qsort(sorted, c->n, sizeof *sorted, cmp_doc_ptr_id);
    int rc = 0;
    for (size_t k = 1; k < c->n; k++) {
        if (strcmp(sorted[k - 1]->id, sorted[k]->id) == 0) {
            const pt_doc *a = sorted[k - 1], *b = sorted[k];
            if (a->source == b->source || strcmp(a->source, b->source) != 0 || a->line > b->line) {
                const pt_doc *t = a; /* name the earlier place first */
                if (strcmp(a->source, b->source) > 0 || (strcmp(a->source, b->source) == 0 && a->line > b->line)) {
                    a = b;
                    b = t;
                }
            }
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: duplicate id '%s' (first at %s:%ld)",
                         b->source, b->line, b->id, a->source, a->line);
            break;
        }
    }
    free(sorted);
    return rc;
}

int corpus_check_labelled(const pt_corpus *c, pt_error *err)
{
    for (size_t k = 0; k < c->n; k++) {
        const pt_doc *d = &c->docs[k];
        if (!d->labelled)
            return pt_fail(err, PT_ERR_DATA,
                           "%s:%ld: readout '%s' has no themes field; training needs labelled readouts (use [] for none of the themes)",
                           d->source, d->line, d->id);
    }
    return 0;
}
