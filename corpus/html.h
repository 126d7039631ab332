/*
 * html.h — a saved web page (*.html, *.htm) as a readout: its article body,
 * headline, canonical address and publication date, read with libxml2's
 * HTML parser (never with patterns over the markup).
 *
 * The article body is the block of the page that holds the most running
 * text: every paragraph-like block (p, td, li, or a div/section whose own
 * text is split by <br>) of at least PT_HTML_MIN_BLOCK characters, with
 * less than half its text inside links, adds its length (less its link
 * text) to its parent's score and half of it to its grandparent's; a
 * container with text of its own scores it too.  A container's score is
 * then scaled by the share of its text outside links and by its class/id:
 * ×1.5 for article, content, main, detail, text, story, ... (the
 * hints in html.c).  Whatever sits in script, style, nav, header, footer,
 * aside, form, figure/figcaption, iframe or a block whose class or id says
 * nav, menu, footer, share, related, recommend, comment, sidebar,
 * breadcrumb, copyright, advert, caption, ... is never part of it.  Inside the chosen block, lists and
 * divisions mostly made of links (related links, share bars), the h1
 * headline, and short centred paragraphs next to pictures (captions) are
 * left out.
 *
 * Text: entities decoded by the parser, white space collapsed as a browser
 * does (none kept between two Chinese characters), and every paragraph,
 * block and <br> a paragraph break ("\n\n").
 */
#ifndef PT_HTML_H
#define PT_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

#define PT_HTML_MIN_BLOCK 20   /* characters a block needs to count as text */

typedef struct {
    char *title;       /* og:title, else the first h1, else <title>; a site suffix cut; may be NULL */
    char *url;         /* <link rel=canonical>, else og:url, else the browser's "saved from url"; may be NULL */
    char *published;   /* YYYY-MM-DD of article:published_time, publishdate, ..., else the first date
                          shown in a time/date/pub/info element; may be NULL */
    char *text;        /* the article body, UTF-8, paragraphs separated by "\n\n" */
    size_t text_len;
} html_page;

/* Parses a page held in memory (len bytes, in the encoding its <meta
 * charset> names; UTF-8 otherwise) into p.  where names the page in
 * messages.  Returns 0, or -1 with err (PT_ERR_DATA naming where) when the
 * bytes are not HTML libxml2 can read or the page holds no text. */
int html_page_parse(const char *bytes, size_t len, const char *where, html_page *p, pt_error *err);

/* Reads a whole page from f (at most max bytes) and parses it.  Errors as
 * html_page_parse, plus PT_ERR_DATA for a file over max and PT_ERR_IO. */
int html_page_read(FILE *f, const char *path, size_t max, html_page *p, pt_error *err);

/* Releases the strings of p. */
void html_page_free(html_page *p);

/* Reads a date at the start of s: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or
 * YYYY年M月D日, with anything after it (a time, a zone).  Writes
 * "YYYY-MM-DD" into out and returns 1 when it is a calendar date, else 0. */
int html_parse_date(const char *s, char out[11]);

#endif
