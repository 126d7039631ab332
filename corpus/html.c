/*
 * html.c — saved web pages as readouts (html.h): libxml2 builds the DOM,
 * this file scores its blocks to find the article body and turns that body
 * into text with paragraph breaks.
 *
 * Why text density rather than a list of sites: news sites change their
 * templates every few years and a saved page may come from any of them;
 * the article is nearly always the one block where long paragraphs of few
 * links gather, and class/id names only tip close calls.
 */
#include "html.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fsio.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "corpus.h"

/* What the scoring keeps about each element (indexed through _private). */
typedef struct {
    xmlNode *node;
    size_t text, link;       /* characters in the subtree, and within links */
    size_t own, own_link;    /* characters of its own inline text (not in child blocks) */
    double score;
} elem_info;

typedef struct {
    elem_info *e;
    size_t n, cap;
} dom_scores;

static const char *const skip_tags[] = {"script", "style", "noscript", "template", "nav", "header", "footer",
                                        "aside", "form", "button", "select", "textarea", "iframe", "svg",
                                        "figure", "figcaption", "video", "audio", "object", "embed", "canvas",
                                        "map", "head", "title", "input", "img", "picture", "source", NULL};

static const char *const block_tags[] = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt",
                                         "dd", "table", "tbody", "thead", "tr", "td", "th", "h1", "h2", "h3",
                                         "h4", "h5", "h6", "blockquote", "pre", "hr", "center", "address",
                                         "body", "html", "caption", NULL};

/* Class and id fragments that mark page furniture, never the article. */
static const char *const negative_hints[] = {
    "nav", "menu", "foot", "share", "social", "relat", "recommend", "comment", "sidebar", "aside", "breadcrumb",
    "crumb", "copyright", "advert", "banner", "caption", "popup", "subscribe", "toolbar", "login", "search",
    "qrcode", "weixin", "wechat", "xgxw", "tuijian", "hotnews", "pager", "pagination", "logo", "widget",
    "sponsor", "promo", "newsletter", "masthead", "topbar", "info", "time", "source", "byline", "function",
    "tags", "jiucuo",
    NULL};

/* Class and id fragments that article containers carry on news sites. */
static const char *const positive_hints[] = {"article", "content", "main", "detail", "body", "text", "story",
                                             "entry", "post", "rm_txt", "cnt_bd", "trs_editor", "zhengwen",
                                             "cont", NULL};

static int name_in(const xmlChar *name, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (strcmp((const char *)name, list[k]) == 0)
            return 1;
    return 0;
}

static int is_block(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && (name_in(n->name, block_tags) || strcmp((const char *)n->name, "br") == 0);
}

/* -1 furniture, +1 article-like, 0 neither, from the class and id. */
static int class_hint(xmlNode *n)
{
    int hint = 0;
    static const char *const attrs[] = {"class", "id", NULL};
    for (int a = 0; attrs[a]; a++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
        if (v == NULL)
            continue;
        char *low = xstrdup((const char *)v);
        xmlFree(v);
        for (char *p = low; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        for (int k = 0; negative_hints[k]; k++)
            if (strstr(low, negative_hints[k]) != NULL)
                hint = -1;
        for (int k = 0; hint == 0 && positive_hints[k]; k++)
            if (strstr(low, positive_hints[k]) != NULL)
                hint = 1;
        free(low);
        if (hint < 0)
            return -1; /* furniture wins over any other hint */
    }
    return hint;
}

static int skipped(xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (name_in(n->name, skip_tags))
        return 1;
    if (strcmp((const char *)n->name, "body") == 0 || strcmp((const char *)n->name, "html") == 0)
        return 0;
    return class_hint(n) < 0;
}

/* Characters (code points that are not white space) of a text node. */
static size_t text_chars(const xmlChar *s)
{
    size_t n = 0;
    for (const unsigned char *p = s; *p; p++)
        if ((*p & 0xC0) != 0x80 && !isspace(*p))
            n++;
    return n;
}

static elem_info *info_of(dom_scores *d, xmlNode *n)
{
    uintptr_t k = (uintptr_t)n->_private;
    return k ? &d->e[k - 1] : NULL;
}

/* Measures the subtree at n; adds to *own and *own_link the inline text that
 * belongs to the nearest enclosing block.  Returns the subtree's characters
 * and sets *link to those inside <a>. */
static size_t measure(dom_scores *d, xmlNode *n, int in_link, size_t *link, size_t *own, size_t *own_link)
{
    *link = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        size_t c = n->content ? text_chars(n->content) : 0;
        *own += c;
        if (in_link) {
            *own_link += c;
            *link = c;
        }
        return c;
    }
    if (n->type != XML_ELEMENT_NODE || skipped(n))
        return 0;
    int a = strcmp((const char *)n->name, "a") == 0 || in_link;
    int block = is_block(n);
    size_t idx = 0;
    if (block) {
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 256;
            d->e = xreallocarray(d->e, d->cap, sizeof *d->e);
        }
        idx = d->n++;
        memset(&d->e[idx], 0, sizeof d->e[idx]);
        d->e[idx].node = n;
        n->_private = (void *)(uintptr_t)(idx + 1);
    }
    size_t total = 0, total_link = 0, my_own = 0, my_own_link = 0;
    for (xmlNode *c = n->children; c; c = c->next) {
        size_t l;
        total += measure(d, c, a, &l, block ? &my_own : own, block ? &my_own_link : own_link);
        total_link += l;
    }
    if (block) {
        elem_info *e = &d->e[idx]; /* d->e may have moved while measuring the children */
        e->text = total;
        e->link = total_link;
        e->own = my_own;
        e->own_link = my_own_link;
    }
    *link = total_link;
    return total;
}

/* Adds each text block's weight to itself (a container with its own
 * <br>-separated text), its parent and its grandparent. */
static void score_blocks(dom_scores *d)
{
    for (size_t k = 0; k < d->n; k++) {
        elem_info *e = &d->e[k];
        if (e->own < PT_HTML_MIN_BLOCK || 2 * e->own_link >= e->own)
            continue;
        double w = (double)(e->own - e->own_link);
        const char *name = (const char *)e->node->name;
        if (strcmp(name, "p") != 0 && strcmp(name, "li") != 0 && strcmp(name, "pre") != 0 &&
            strcmp(name, "blockquote") != 0)
            e->score += w;
        xmlNode *p = e->node->parent;
        elem_info *pi = p ? info_of(d, p) : NULL;
        if (pi != NULL)
            pi->score += w;
        xmlNode *g = p ? p->parent : NULL;
        elem_info *gi = g ? info_of(d, g) : NULL;
        if (gi != NULL)
            gi->score += w / 2;
    }
}

static elem_info *best_block(dom_scores *d)
{
    elem_info *best = NULL;
    double best_score = 0;
    for (size_t k = 0; k < d->n; k++) {
        elem_info *e = &d->e[k];
        if (e->score <= 0 || e->text == 0)
            continue;
        double s = e->score * (1.0 - (double)e->link / (double)e->text);
        if (class_hint(e->node) > 0)
            s *= 1.5;
        if (s > best_score) {
            best_score = s;
            best = e;
        }
    }
    return best;
}

/* ---- text ------------------------------------------------------------------ */

typedef struct {
    strbuf sb;
    int pending_break;  /* a paragraph break before the next text */
    int pending_space;  /* collapsed white space before the next text: 1 line break, 2 space, 3 hard space */
} text_out;

/* CJK characters and punctuation, kana, full-width forms. */
static int is_cjk(uint32_t cp)
{
    return cp >= 0x2E80 && cp != 0xFFFD;
}

static uint32_t last_cp(const strbuf *sb)
{
    if (sb->len == 0)
        return 0;
    size_t k = sb->len - 1;
    while (k > 0 && ((unsigned char)sb->data[k] & 0xC0) == 0x80)
        k--;
    uint32_t cp;
    size_t used;
    if (utf8_decode((const unsigned char *)sb->data + k, sb->len - k, &cp, &used) != UTF8_OK)
        return 0;
    return cp;
}

/* White space as HTML collapses it (*hard 0), or the no-break and
 * ideographic spaces (*hard 1), which pages use to indent paragraphs and,
 * inside one, to separate a dispatch line from the text. */
static size_t space_at(const unsigned char *s, size_t len, int *hard)
{
    *hard = 0;
    if (len >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f'))
        return 1;
    *hard = 1;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

static void emit_text(text_out *t, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        int hard;
        size_t sp = space_at(u + i, len - i, &hard);
        if (sp > 0) {
            /* 1: a line break of the page's source; 2: a space; 3: a hard one */
            int kind = hard ? 3 : (u[i] == '\n' || u[i] == '\r') ? 1 : 2;
            if (t->pending_space < kind)
                t->pending_space = kind;
            i += sp;
            continue;
        }
        uint32_t cp = 0;
        size_t used = 1;
        int bad = utf8_decode(u + i, len - i, &cp, &used) != UTF8_OK;
        if (bad) {
            used = 1; /* libxml2 hands over UTF-8; never trust it blindly */
            cp = 0xFFFD;
        }
        if (t->pending_break && t->sb.len > 0) {
            sb_puts(&t->sb, "\n\n");
        } else if (t->pending_space && t->sb.len > 0 && !t->pending_break) {
            /* Browsers show a space there; between two Chinese characters
             * it is only the line break of the page's source. */
            if (t->pending_space >= 2 || !(is_cjk(last_cp(&t->sb)) && is_cjk(cp)))
                sb_puts(&t->sb, " ");
        }
        t->pending_break = 0;
        t->pending_space = 0;
        if (bad)
            sb_puts(&t->sb, "\xEF\xBF\xBD");
        else
            sb_append(&t->sb, s + i, used);
        i += used;
    }
}

static int attr_contains(xmlNode *n, const char *attr, const char *what)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (v == NULL)
        return 0;
    char *low = xstrdup((const char *)v);
    xmlFree(v);
    char *w = low;
    for (char *p = low; *p; p++)
        if (!isspace((unsigned char)*p))
            *w++ = (char)tolower((unsigned char)*p);
    *w = '\0';
    int found = strstr(low, what) != NULL;
    free(low);
    return found;
}

static int has_img(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            (strcmp((const char *)c->name, "img") == 0 || strcmp((const char *)c->name, "picture") == 0 || has_img(c)))
            return 1;
    return 0;
}

/* Blocks inside the article that are not its text: link lists, share
 * bars, and captions (short centred paragraphs, or short ones beside a
 * picture). */
static int furniture_block(dom_scores *d, xmlNode *n, xmlNode *root)
{
    elem_info *e = d ? info_of(d, n) : NULL;
    if (e == NULL || n == root)
        return 0;
    const char *name = (const char *)n->name;
    if (strcmp(name, "h1") == 0)
        return 1; /* the headline: it is the title, not the body */
    if (e->text > 0 && (double)e->link > 0.5 * (double)e->text)
        return 1;
    int para = strcmp(name, "p") == 0 || strcmp(name, "div") == 0 || strcmp(name, "center") == 0;
    if (para && e->text < 100 &&
        (has_img(n) || strcmp(name, "center") == 0 || attr_contains(n, "align", "center") ||
         attr_contains(n, "style", "text-align:center")))
        return 1;
    return 0;
}

static void emit_node(dom_scores *d, text_out *t, xmlNode *n, xmlNode *root)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            emit_text(t, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE || (n != root && skipped(n)))
        return;
    if (strcmp((const char *)n->name, "br") == 0 || strcmp((const char *)n->name, "hr") == 0) {
        t->pending_break = 1;
        return;
    }
    int block = is_block(n);
    if (block && furniture_block(d, n, root))
        return;
    if (block)
        t->pending_break = 1;
    for (xmlNode *c = n->children; c; c = c->next)
        emit_node(d, t, c, root);
    if (block)
        t->pending_break = 1;
}

/* ---- metadata ---------------------------------------------------------------- */

typedef struct {
    char *og_title, *h1, *doc_title, *canonical, *og_url;
    char *saved_from;  /* the address a browser noted when saving: <!-- saved from url=(0071)... --> */
    char *shown_date;  /* YYYY-MM-DD shown in a time/date element of the page (<span class="h-time">) */
    char *published;
    int published_rank; /* lower is better */
} page_meta;

static char *node_text(xmlNode *n)
{
    text_out t = {0};
    emit_node(NULL, &t, n, n);
    if (t.sb.data == NULL)
        return NULL;
    /* One line: paragraph breaks inside a headline become spaces. */
    for (size_t k = 0; k < t.sb.len; k++)
        if (t.sb.data[k] == '\n')
            t.sb.data[k] = ' ';
    char *s = xstrndup(t.sb.data, t.sb.len);
    sb_free(&t.sb);
    return s;
}

static void set_once(char **slot, const char *value)
{
    if (*slot == NULL && value != NULL && value[0] != '\0')
        *slot = xstrdup(value);
}

/* Publication-time keys in order of trust. */
static const char *const published_keys[] = {"article:published_time", "og:published_time", "publishdate",
                                             "pubdate", "publish_date", "publish-date", "published_time",
                                             "datepublished", "dc.date.issued", "dcterms.issued", "dc.date",
                                             "dcterms.created", "sailthru.date", "parsely-pub-date", "firstpublishedtime", "date",
                                             "article:modified_time", NULL};

static void meta_published(page_meta *m, const char *key, const char *content)
{
    char date[11];
    if (content == NULL || !html_parse_date(content, date))
        return;
    for (int k = 0; published_keys[k]; k++) {
        if (strcasecmp(key, published_keys[k]) == 0 && (m->published == NULL || k < m->published_rank)) {
            free(m->published);
            m->published = xstrdup(date);
            m->published_rank = k;
        }
    }
}

static char *prop(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (v == NULL)
        return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

/* A date shown in an element whose class or id says time, date, pub or
 * info ("2019-05-31 19:22:14", "2019年05月31日05:11", "来源：… 2019-05-31"). */
static void shown_date(xmlNode *n, page_meta *m)
{
    if (m->shown_date != NULL)
        return;
    static const char *const hints[] = {"time", "date", "pub", "info", NULL};
    int hit = 0;
    for (int k = 0; hints[k] && !hit; k++)
        hit = attr_contains(n, "class", hints[k]) || attr_contains(n, "id", hints[k]);
    if (!hit)
        return;
    char *text = node_text(n);
    if (text == NULL || strlen(text) > 300) { /* a dateline, not a block of text */
        free(text);
        return;
    }
    char date[11];
    for (const char *p = text; *p && m->shown_date == NULL; p++)
        if (isdigit((unsigned char)*p) && (p == text || !isdigit((unsigned char)p[-1])) && html_parse_date(p, date))
            m->shown_date = xstrdup(date);
    free(text);
}

static void collect_meta(xmlNode *n, page_meta *m)
{
    for (; n; n = n->next) {
        if (n->type == XML_COMMENT_NODE && n->content != NULL && m->saved_from == NULL) {
            const char *c = strstr((const char *)n->content, "saved from url=(");
            const char *close = c ? strchr(c, ')') : NULL;
            if (close != NULL) {
                size_t len = strcspn(close + 1, " \t\r\n");
                if (len > 0)
                    m->saved_from = xstrndup(close + 1, len);
            }
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "span") == 0 || strcmp((const char *)n->name, "div") == 0 ||
            strcmp((const char *)n->name, "p") == 0 || strcmp((const char *)n->name, "em") == 0)
            shown_date(n, m);
        const char *name = (const char *)n->name;
        if (strcmp(name, "meta") == 0) {
            char *content = prop(n, "content");
            static const char *const key_attrs[] = {"property", "name", "itemprop", "http-equiv", NULL};
            for (int k = 0; key_attrs[k] && content; k++) {
                char *key = prop(n, key_attrs[k]);
                if (key == NULL)
                    continue;
                if (strcasecmp(key, "og:title") == 0)
                    set_once(&m->og_title, content);
                else if (strcasecmp(key, "og:url") == 0)
                    set_once(&m->og_url, content);
                else
                    meta_published(m, key, content);
                free(key);
            }
            free(content);
        } else if (strcmp(name, "link") == 0) {
            char *rel = prop(n, "rel");
            if (rel != NULL && strcasecmp(rel, "canonical") == 0) {
                char *href = prop(n, "href");
                set_once(&m->canonical, href);
                free(href);
            }
            free(rel);
        } else if (strcmp(name, "title") == 0 && m->doc_title == NULL) {
            m->doc_title = node_text(n);
        } else if (strcmp(name, "time") == 0) {
            char *dt = prop(n, "datetime");
            if (dt != NULL)
                meta_published(m, "date", dt); /* a <time> is the least trusted source */
            free(dt);
        } else if (strcmp(name, "h1") == 0 && m->h1 == NULL && class_hint(n) >= 0) {
            char *h = node_text(n);
            if (h != NULL && text_chars((const xmlChar *)h) >= 4)
                m->h1 = h;
            else
                free(h);
        }
        if (strcmp(name, "script") != 0 && strcmp(name, "style") != 0)
            collect_meta(n->children, m);
    }
}

/* "Headline - Site" or "Headline_Site": the site's part is the shorter
 * trailing one. */
static void cut_site_suffix(char *s)
{
    static const char *const seps[] = {" - ", " | ", "_", " — ", " – ", "｜", "－", "-", NULL};
    for (int k = 0; seps[k]; k++) {
        char *p = NULL, *q = s;
        while ((q = strstr(q, seps[k])) != NULL) /* the last separator */
            p = q++;
        if (p != NULL && strlen(p + strlen(seps[k])) < strlen(s) - strlen(p + strlen(seps[k]))) {
            size_t tail = strlen(p + strlen(seps[k]));
            /* a bare '-' only before a short name ("-新华网"), never inside words */
            if (tail <= (strcmp(seps[k], "-") == 0 ? 12u : 40u)) {
                *p = '\0';
                return;
            }
        }
    }
}

int html_parse_date(const char *s, char out[11])
{
    while (isspace((unsigned char)*s))
        s++;
    int y = 0, m = 0, d = 0, k = 0;
    for (; k < 4 && isdigit((unsigned char)s[k]); k++)
        y = y * 10 + (s[k] - '0');
    if (k != 4)
        return 0;
    const char *p = s + 4;
    if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
        isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4])) {
        m = (p[0] - '0') * 10 + (p[1] - '0');
        d = (p[2] - '0') * 10 + (p[3] - '0');
    } else {
        size_t sep = (*p == '-' || *p == '/' || *p == '.') ? 1 : strncmp(p, "年", 3) == 0 ? 3 : 0;
        if (sep == 0)
            return 0;
        p += sep;
        for (k = 0; k < 2 && isdigit((unsigned char)*p); k++, p++)
            m = m * 10 + (*p - '0');
        if (k == 0)
            return 0;
        sep = (*p == '-' || *p == '/' || *p == '.') ? 1 : strncmp(p, "月", 3) == 0 ? 3 : 0;
        if (sep == 0)
            return 0;
        p += sep;
        for (k = 0; k < 2 && isdigit((unsigned char)*p); k++, p++)
            d = d * 10 + (*p - '0');
        if (k == 0 || isdigit((unsigned char)*p))
            return 0;
    }
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 11);
    return corpus_valid_date(out);
}

void html_page_free(html_page *p)
{
    free(p->title);
    free(p->url);
    free(p->published);
    free(p->text);
    memset(p, 0, sizeof *p);
}

static void trim_end(strbuf *sb)
{
    while (sb->len > 0 && (sb->data[sb->len - 1] == ' ' || sb->data[sb->len - 1] == '\n'))
        sb->data[--sb->len] = '\0';
}

int html_page_parse(const char *bytes, size_t len, const char *where, html_page *p, pt_error *err)
{
    memset(p, 0, sizeof *p);
    if (len > (size_t)INT32_MAX)
        return pt_fail(err, PT_ERR_DATA, "%s: page too large", where);
    htmlDocPtr doc = htmlReadMemory(bytes, (int)len, NULL, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root == NULL) {
        if (doc)
            xmlFreeDoc(doc);
        return pt_fail(err, PT_ERR_DATA, "%s: not an HTML page libxml2 can read", where);
    }
    page_meta m = {0};
    collect_meta(doc->children, &m); /* from the top: a browser's "saved from" comment precedes <html> */

    dom_scores d = {0};
    size_t link, own = 0, own_link = 0;
    measure(&d, root, 0, &link, &own, &own_link);
    score_blocks(&d);
    elem_info *best = best_block(&d);
    xmlNode *body = best ? best->node : root;
    text_out t = {0};
    emit_node(&d, &t, body, body);
    trim_end(&t.sb);
    for (size_t k = 0; k < d.n; k++)
        d.e[k].node->_private = NULL;
    free(d.e);
    xmlFreeDoc(doc);

    char *title = m.og_title ? m.og_title : m.h1 ? m.h1 : m.doc_title;
    if (title != NULL) {
        p->title = xstrdup(title);
        cut_site_suffix(p->title);
        size_t n = strlen(p->title);
        while (n > 0 && p->title[n - 1] == ' ')
            p->title[--n] = '\0';
    }
    p->url = m.canonical ? xstrdup(m.canonical) : m.og_url ? xstrdup(m.og_url) : m.saved_from ? xstrdup(m.saved_from) : NULL;
    p->published = m.published ? m.published : m.shown_date;
    if (m.published != NULL)
        free(m.shown_date);
    free(m.saved_from);
    free(m.og_title);
    free(m.h1);
    free(m.doc_title);
    free(m.canonical);
    free(m.og_url);
    if (t.sb.len == 0) {
        sb_free(&t.sb);
        html_page_free(p);
        return pt_fail(err, PT_ERR_DATA, "%s: the page holds no article text", where);
    }
    p->text_len = t.sb.len;
    p->text = xstrndup(t.sb.data, t.sb.len);
    sb_free(&t.sb);
    return 0;
}

int html_page_read(FILE *f, const char *path, size_t max, html_page *p, pt_error *err)
{
    char *buf;
    size_t len;
    if (fsio_read_stream(f, path, max, &buf, &len, err) != 0)
        return -1;
    int rc = html_page_parse(buf, len, path, p, err);
    free(buf);
    return rc;
}
