/*
 * test_review.c — the pieces of the year review whose answers are known by
 * hand (cmocka): the roll-up of affiliations to parent bodies (earliest
 * pattern wins, ties by file order, letters without case, bad lines named)
 * and the Markdown of a made-up year whose data are full of characters
 * Markdown and HTML would read as markup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/review.h"

static char *write_temp(const char *text)
{
    char *path = strdup("/tmp/pt-bodies-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void bodies_rules(void **state)
{
    (void)state;
    char *path = write_temp("# comment\n\nUniversities\tUniversity\nAcademies\tChinese Academy of Engineering\n"
                            "Research\tAcademy\nCASS\t中国社会科学院\n");
    rp_bodies b;
    pt_error err = {0};
    assert_int_equal(rp_bodies_load(&b, path, &err), 0);
    assert_int_equal(b.n, 4);
    assert_int_equal(b.n_names, 4);
    /* the first-named post decides */
    assert_string_equal(rp_body_of(&b, "Professor, Zhejiang University; Academician, Chinese Academy of Engineering",
                                   "academic"),
                        "Universities");
    assert_string_equal(rp_body_of(&b, "Academician, Chinese Academy of Engineering; Professor, Zhejiang University",
                                   "academic"),
                        "Academies");
    /* "Chinese Academy of Engineering" starts before its "Academy" */
    assert_string_equal(rp_body_of(&b, "Chinese Academy of Engineering", NULL), "Academies");
    /* a tie at the same offset goes to the line above */
    assert_string_equal(rp_body_of(&b, "Academy of Military Science", NULL), "Research");
    assert_string_equal(rp_body_of(&b, "PEKING UNIVERSITY", NULL), "Universities");
    assert_string_equal(rp_body_of(&b, "中国社会科学院研究员", "academic"), "CASS");
    assert_string_equal(rp_body_of(&b, "Politburo member", "self-study"), RP_BODY_SELF_STUDY);
    assert_string_equal(rp_body_of(&b, NULL, "official"), RP_BODY_NOT_STATED);
    assert_string_equal(rp_body_of(&b, "Xiaomi", "official"), RP_BODY_OTHER);
    assert_string_equal(rp_body_of(NULL, "Peking University", NULL), RP_BODY_OTHER);
    rp_bodies_free(&b);
    unlink(path);
    free(path);
}

static void bodies_bad_line(void **state)
{
    (void)state;
    char *path = write_temp("Universities\tUniversity\n\nno tab on this line\n");
    rp_bodies b;
    pt_error err = {0};
    assert_int_equal(rp_bodies_load(&b, path, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    char want[256];
    snprintf(want, sizeof want, "%s:3: expected 2 tab-separated fields", path);
    assert_non_null(strstr(err.msg, want));
    unlink(path);
    free(path);
    assert_int_equal(rp_bodies_load(&b, "/nonexistent/bodies.tsv", &err), -1);
    assert_int_equal(err.status, PT_ERR_NOINPUT);
}

/* A made-up year: one session whose title, lecturer and key sentence carry
 * Markdown and HTML markup, one missing number, nothing earlier. */
static const char year_text[] =
    "{\"year\": 2031, \"sessions\": {\"count\": 1, \"list\": [{\"id\": \"9-2\", \"cc\": 9, \"session\": 2,"
    " \"date\": \"2031-07-28\", \"title\": \"*Bold* plans_for <script>alert(1)</script> [x](http://e.org)\","
    " \"primary\": \"economy\", \"themes\": [\"economy\"], \"scores\": {\"economy\": 0.8125},"
    " \"confidence\": 0.8125, \"label_source\": \"model\", \"languages\": [\"en\"],"
    " \"lecturers\": [{\"name\": \"A & B\", \"affiliation\": \"R&D Office, Fudan University\", \"role\": \"academic\"}],"
    " \"readouts\": [{\"id\": \"9-2-en\", \"lang\": \"en\", \"title\": null}],"
    " \"key_sentences\": [{\"text\": \"1. Grain matters.\", \"lang\": \"en\", \"readout\": \"9-2-en\"},"
    " {\"text\": \"# Not a heading\", \"lang\": \"en\", \"readout\": \"9-2-en\"}]}]},"
    " \"missing_sessions\": [{\"id\": \"9-1\", \"cc\": 9, \"session\": 1, \"previous\": {\"id\": \"9-0\","
    " \"date\": \"2031-01-02\"}, \"next\": {\"id\": \"9-2\", \"date\": \"2031-07-28\"}, \"year_certain\": true}],"
    " \"themes\": {\"economy\": {\"count\": 1}}, \"unassigned\": {\"count\": 0},"
    " \"anniversaries\": [{\"session\": \"9-2\", \"days_before\": 4, \"event\": {\"date\": \"2031-08-01\","
    " \"kind\": \"fixed\", \"name\": \"Army Day (August 1)\"}}],"
    " \"first_seen\": {\"tifa\": []}, \"tifa\": {\"previous_year\": null, \"phrases\": []},"
    " \"lecturers\": {\"roles\": {\"academic\": {\"lecturers\": 1, \"sessions\": 1}}}}";

static void review_markdown_escapes(void **state)
{
    (void)state;
    const char *names[] = {"economy"};
    pt_taxonomy tax;
    memset(&tax, 0, sizeof tax);
    tax.n = 1;
    tax.names[0] = (char *)names[0];
    report_ctx r;
    memset(&r, 0, sizeof r);
    r.in.tax = &tax;
    r.in.version = "0.0-test";
    json_error_t jerr;
    json_t *y = json_loads(year_text, 0, &jerr);
    assert_non_null(y);
    char *md = rp_review_markdown(&r, y, NULL);
    assert_non_null(strstr(md, "## 9-2 · 28 July 2031 · \\*Bold\\* plans\\_for \\<script\\>alert(1)\\</script\\> "
                               "\\[x\\](http://e.org)\n"));
    assert_non_null(strstr(md, "- **Date:** Monday 28 July 2031\n"));
    assert_non_null(strstr(md, "- **Lecturers:** A & B, R\\&D Office, Fudan University (academic)\n"));
    assert_non_null(strstr(md, "- **Themes:** economy (primary; model probability 0.81) · chosen by the model\n"));
    assert_non_null(strstr(md, "- **Calendar:** 4 days before Army Day (August 1)\n"));
    assert_non_null(strstr(md, "> 1\\. Grain matters.\n>\n> \\# Not a heading\n"));
    assert_non_null(strstr(md, "- 9-1: numbered between 9-0 (2 January 2031) and 9-2 (28 July 2031)"));
    assert_non_null(strstr(md, "- **Other** (9-2): A & B, R\\&D Office, Fudan University\n"));

    size_t len;
    pt_error err = {0};
    char *html = rp_review_html(md, 2031, &len, &err);
    assert_non_null(html);
    assert_int_equal(strlen(html), len);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<a href=\"http://e.org\""));
    assert_non_null(strstr(html, "<h2>9-2 · 28 July 2031 · *Bold* plans_for &lt;script&gt;"));
    assert_non_null(strstr(html, "<blockquote>\n<p>1. Grain matters.</p>\n<p># Not a heading</p>\n</blockquote>"));
    assert_non_null(strstr(html, "A &amp; B, R&amp;D Office"));
    free(html);
    free(md);
    json_decref(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bodies_rules),
        cmocka_unit_test(bodies_bad_line),
        cmocka_unit_test(review_markdown_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
