/*
 * cmd_phrases.c — `politrend phrases`: the phrases a corpus uses, found in
 * the text itself (features/phrases.h), printed as TSV with a header line:
 * phrase, lang, first_seen, session, count, readouts, context.  --new keeps
 * for each year the phrases first seen that year; --suggest prints them in
 * the lexicon's format for a person to review.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "base/xalloc.h"
#include "corpus/store.h"
#include "features/phrases.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/project_cmd.h"

enum { OPT_YEAR = 1000, OPT_NEW, OPT_TOP, OPT_SUGGEST, OPT_LEXICON, OPT_NO_LEXICON, OPT_STOP, OPT_NO_STOP,
       OPT_MIN_COUNT, OPT_MAX_SHARE, OPT_MIN_PMI, OPT_MIN_ENTROPY, OPT_LENIENT, OPT_STORE, OPT_NO_STORE };

static void phrases_help(void)
{
    phr_config d;
    phr_config_default(&d);
    printf("Usage: politrend phrases [--corpus PATH]... [--store FILE | --no-store] [--year Y]\n"
           "                         [--new] [--top N] [--suggest] [options]\n"
           "\n"
           "Finds the words and phrases of a corpus in the text itself, with no fixed\n"
           "list (Chinese: cohesive, freely combining character sequences of 2 to 8\n"
           "characters; English: word sequences of 1 to 5 words not starting or ending\n"
           "on a stop word or a number, in their most frequent spelling), and prints\n"
           "them as TSV with a header line:\n"
           "  phrase  lang  first_seen  session  count  readouts  context\n"
           "first_seen is the date of the earliest readout containing the phrase,\n"
           "session its session id (- when none), context the sentence it first\n"
           "appeared in (at most %d characters).  count and readouts are over the\n"
           "whole corpus, or over the year with --year or --new.  Rows are ordered by\n"
           "salience (occurrences, readouts and sessions; with --new, year by year).\n"
           "Boilerplate is left out: phrases in more than --max-share of the readouts\n"
           "of their language, numbers and dates, and the rules of the stop-phrase\n"
           "file.  So are fragments, judged on the whole corpus: a phrase whose edge\n"
           "lies inside a word in most of its uses (加强边 of 加强边境; in English inside\n"
           "a hyphenated compound or a run of capitalised words), a verb or particle\n"
           "that by its habits leans on what follows, joined to a phrase (推进兴边富民:\n"
           "兴边富民 is the phrase), a Chinese phrase beginning or ending on a character\n"
           "that stands alone (和, 等, 是), an English one ending on a possessive or on a\n"
           "word nearly always followed by a noun (\"economic\").  Lexicon phrases are\n"
           "always kept.  Any corpus with dates works (news items, speeches), every\n"
           "readout needs a date.  The readouts are politrend.conf's corpora and store,\n"
           "as the reports' new_phrases see them, unless an option says otherwise.\n"
           "\n"
           "Options:\n"
           "  --corpus PATH        a .jsonl or .txt file, a directory of them, or - for stdin;\n"
           "                       repeatable (default: " PROJECT_DEFAULT_FROM "the embedded\n"
           "                       corpus, corpus/readouts)\n"
           "  --store FILE         the corpus store, whose readouts join them (default:\n"
           "                       " PROJECT_DEFAULT_FROM "corpus/local.jsonl; a missing\n"
           "                       store adds nothing)\n"
           "  --no-store           leave the store out\n"
           "  --year Y             only year Y\n"
           "  --new                for each year (or only --year Y), the phrases first seen\n"
           "                       that year, in either language (a phrase and its lexicon\n"
           "                       translation count as one); the first year of the corpus\n"
           "                       has nothing to compare with and is left out\n"
           "  --top N              at most N phrases (per year with --new; default 50 with\n"
           "                       --new, otherwise all)\n"
           "  --suggest            print the phrases not in the lexicon as lexicon lines\n"
           "                       (key, theme, zh forms, en forms) to review: the key and\n"
           "                       the missing translation are marked ?? and must be filled\n"
           "                       in before the line is added to features/lexicon.tsv\n"
           "  --lexicon FILE       the tifa lexicon (default: features/lexicon.tsv)\n"
           "  --no-lexicon         no lexicon\n"
           "  --stop FILE          the stop-phrase rules (default: features/stopphrases.tsv)\n"
           "  --no-stop            no stop-phrase rules\n"
           "  --min-count N        occurrences a phrase needs in the corpus (default %u)\n"
           "  --max-share X        boilerplate above this share of readouts (default %g)\n"
           "  --min-pmi X          cohesion a phrase needs: the smallest pointwise mutual\n"
           "                       information of its two parts, natural log (default %g)\n"
           "  --min-entropy X      freedom a phrase needs: the smaller of its left and right\n"
           "                       branching entropies, in nats (default %g)\n"
           "  --lenient            replace invalid UTF-8 with U+FFFD instead of failing\n"
           "  -h, --help           show this help\n",
           PHR_CONTEXT_CHARS, d.min_count, d.max_doc_share, d.min_pmi, d.min_entropy);
}

static void print_row(const phr_set *s, size_t k, long y, const phr_docinfo *info)
{
    const phr_phrase *p = &s->v[k];
    const phr_docinfo *di = &info[p->first_doc];
    uint32_t count = p->count, readouts = p->readouts;
    if (y >= 0) {
        count = s->year_count[k * s->n_years + (size_t)y];
        readouts = s->year_readouts[k * s->n_years + (size_t)y];
    }
    printf("%s\t%s\t%s\t%s\t%u\t%u\t%s\n", p->text, p->lang, di->date, di->session ? di->session : "-", count,
           readouts, p->context ? p->context : "");
}

static void print_suggestion(const phr_set *s, size_t k)
{
    const phr_phrase *p = &s->v[k];
    if (p->lex_index >= 0)
        return;
    bool zh = strcmp(p->lang, "zh") == 0;
    /* A key from the English words; a Chinese phrase needs one chosen. */
    char key[80] = "??";
    if (!zh) {
        size_t o = 0;
        for (const char *q = p->key; *q && o + 1 < sizeof key; q++) {
            char ch = *q;
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
                key[o++] = ch;
            else if (ch == ' ' && o > 0 && key[o - 1] != '-')
                key[o++] = '-';
        }
        key[o] = '\0';
    }
    printf("%s\tnone\t%s\t%s\n", key, zh ? p->text : "??", zh ? "??" : p->text);
}

int cmd_phrases(int argc, char **argv)
{
    static const struct option opts[] = {
        {"corpus", required_argument, 0, 'c'},      {"year", required_argument, 0, OPT_YEAR},
        {"new", no_argument, 0, OPT_NEW},           {"top", required_argument, 0, OPT_TOP},
        {"suggest", no_argument, 0, OPT_SUGGEST},   {"lexicon", required_argument, 0, OPT_LEXICON},
        {"no-lexicon", no_argument, 0, OPT_NO_LEXICON}, {"stop", required_argument, 0, OPT_STOP},
        {"no-stop", no_argument, 0, OPT_NO_STOP},   {"min-count", required_argument, 0, OPT_MIN_COUNT},
        {"max-share", required_argument, 0, OPT_MAX_SHARE}, {"lenient", no_argument, 0, OPT_LENIENT},
        {"min-pmi", required_argument, 0, OPT_MIN_PMI}, {"min-entropy", required_argument, 0, OPT_MIN_ENTROPY},
        {"store", required_argument, 0, OPT_STORE}, {"no-store", no_argument, 0, OPT_NO_STORE},
        {"help", no_argument, 0, 'h'},              {0, 0, 0, 0},
    };
    pt_error err = {0};
    project_cmd pc;
    if (project_cmd_start(&pc, argc, &err) != 0)
        return cli_fail(&err);
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    char *stop_default = cli_data_path("features/stopphrases.tsv");
    const char *lex_path = defaults.lexicon, *stop_path = stop_default;
    long year = 0, top = -1, v;
    bool only_new = false, suggest = false, lenient = false;
    phr_config cfg;
    phr_config_default(&cfg);
    int rc = 0, opt;
    double dv;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (opt) {
        case 'c': project_cmd_corpus(&pc, optarg); break;
        case OPT_STORE: pc.store = optarg; break;
        case OPT_NO_STORE: pc.store = NULL; break;
        case OPT_YEAR:
            if (cli_parse_long("phrases", "--year", optarg, 1, 9999, &year) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            break;
        case OPT_NEW: only_new = true; break;
        case OPT_TOP:
            if (cli_parse_long("phrases", "--top", optarg, 1, 1000000, &top) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            break;
        case OPT_SUGGEST: suggest = true; break;
        case OPT_LEXICON: lex_path = optarg; break;
        case OPT_NO_LEXICON: lex_path = NULL; break;
        case OPT_STOP: stop_path = optarg; break;
        case OPT_NO_STOP: stop_path = NULL; break;
        case OPT_MIN_COUNT:
            if (cli_parse_long("phrases", "--min-count", optarg, 2, 1000000, &v) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            cfg.min_count = (unsigned)v;
            break;
        case OPT_MAX_SHARE:
            if (cli_parse_double("phrases", "--max-share", optarg, 0.0, 1.0, &dv) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            cfg.max_doc_share = dv;
            break;
        case OPT_MIN_PMI:
        case OPT_MIN_ENTROPY:
            if (cli_parse_double("phrases", opt == OPT_MIN_PMI ? "--min-pmi" : "--min-entropy", optarg, 0.0, 100.0,
                                 &dv) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            *(opt == OPT_MIN_PMI ? &cfg.min_pmi : &cfg.min_entropy) = dv;
            break;
        case OPT_LENIENT: lenient = true; break;
        case 'h': phrases_help(); goto done;
        default: rc = cli_usage_error("phrases", "unknown option"); goto done;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("phrases", "unexpected argument '%s' (corpus paths go after --corpus)", argv[optind]);
        goto done;
    }
    if (only_new && top < 0)
        top = 50;
    project_cmd_end(&pc);

    pt_taxonomy tax = {0};
    pt_corpus corpus;
    corpus_init(&corpus);
    corpus.lenient = lenient;
    lexicon *lex = NULL;
    stop_list *stop = NULL;
    normalizer *norm = NULL;
    phr_docinfo *info = NULL;
    char **session_ids = NULL;
    phr_set set;
    memset(&set, 0, sizeof set);
    bool have_set = false;
    if (taxonomy_load(&tax, defaults.themes, &err) != 0 ||
        cli_read_corpus(&corpus, pc.corpora, pc.n_corpora, defaults.corpus, &tax, &err) != 0 ||
        (pc.store != NULL && store_load(&corpus, pc.store, &tax, &err) != 0) ||
        (lex_path && (lex = lex_load(lex_path, &err)) == NULL) || (norm = norm_open(&err)) == NULL ||
        (stop = stop_path ? stop_load(stop_path, norm, &err) : stop_empty()) == NULL) {
        rc = cli_fail(&err);
        goto out;
    }
    if (corpus.n == 0) {
        pt_fail(&err, PT_ERR_DATA, "no readouts to find phrases in");
        rc = cli_fail(&err);
        goto out;
    }
    info = xcalloc(corpus.n, sizeof *info);
    session_ids = xcalloc(corpus.n, sizeof *session_ids);
    for (size_t k = 0; k < corpus.n; k++) {
        const pt_doc *d = &corpus.docs[k];
        info[k].date = d->date;
        if (d->cc > 0 && d->session > 0) {
            char buf[32];
            snprintf(buf, sizeof buf, "%d-%d", d->cc, d->session);
            session_ids[k] = xstrdup(buf);
            info[k].session = session_ids[k];
        }
    }
    if (phr_discover(&set, &corpus, info, &cfg, lex, stop, &err) != 0) {
        rc = cli_fail(&err);
        goto out;
    }
    have_set = true;
    long yi = -1;
    if (year) {
        yi = phr_year_index(&set, (int)year);
        if (yi < 0) {
            pt_fail(&err, PT_ERR_DATA, "no readouts in %ld (the corpus has %d to %d)", year, set.years[0],
                    set.years[set.n_years - 1]);
            rc = cli_fail(&err);
            goto out;
        }
    }
    if (suggest)
        printf("# key\ttheme\tzh forms\ten forms  (politrend phrases --suggest: fill in every ?? before adding "
               "a line to features/lexicon.tsv)\n");
    else
        printf("phrase\tlang\tfirst_seen\tsession\tcount\treadouts\tcontext\n");
    size_t *idx = xcalloc(set.n + 1, sizeof *idx);
    if (only_new) {
        if (yi <= 0)
            fprintf(stderr, "politrend: phrases: %d is the first year of the corpus: nothing to compare with, so "
                            "no phrase is new in it\n", set.years[0]);
        for (size_t y = yi >= 0 ? (size_t)yi : 1; y < set.n_years && (yi < 0 || y == (size_t)yi); y++) {
            if (y == 0)
                continue;
            size_t n = phr_new_in_year(&set, (long)y, (size_t)top, idx);
            for (size_t j = 0; j < n; j++) {
                if (suggest)
                    print_suggestion(&set, idx[j]);
                else
                    print_row(&set, idx[j], (long)y, info);
            }
        }
    } else {
        size_t n = phr_rank(&set, yi, top > 0 ? (size_t)top : 0, idx);
        for (size_t j = 0; j < n; j++) {
            if (suggest)
                print_suggestion(&set, idx[j]);
            else
                print_row(&set, idx[j], yi, info);
        }
    }
    free(idx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        pt_fail(&err, PT_ERR_IO, "cannot write to standard output");
        rc = cli_fail(&err);
    }
out:
    if (have_set)
        phr_set_free(&set);
    if (session_ids)
        for (size_t k = 0; k < corpus.n; k++)
            free(session_ids[k]);
    free(session_ids);
    free(info);
    stop_free(stop);
    norm_close(norm);
    lex_free(lex);
    corpus_free(&corpus);
    taxonomy_free(&tax);
done:
    free(stop_default);
    project_cmd_free(&pc);
    cli_defaults_free(&defaults);
    return rc;
}
