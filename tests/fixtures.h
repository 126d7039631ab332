/*
 * fixtures.h — data several cmocka suites build on: the shipped taxonomy
 * and a small labelled corpus, in both languages, whose themes are clear
 * enough for any trained model to fit; and CSR matrices from dense rows.  Header-only (static inline):
 * each suite is its own program.
 */
#ifndef PT_TEST_FIXTURES_H
#define PT_TEST_FIXTURES_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_spmatrix.h>

#include "corpus/corpus.h"
#include "corpus/taxonomy.h"

/* Loads corpus/themes.tsv of the source tree; returns 0 or -1. */
static inline int fixture_taxonomy(pt_taxonomy *tax)
{
    pt_error err = {0};
    return taxonomy_load(tax, PT_DATADIR "/corpus/themes.tsv", &err);
}

/* The embedded corpus (corpus/readouts of the source tree) into c, read
 * under tax; fails the test when it cannot be read. */
static inline void fixture_embedded_corpus(pt_corpus *c, const pt_taxonomy *tax)
{
    pt_error err = {0};
    corpus_init(c);
    if (corpus_read_path(c, PT_DATADIR "/corpus/readouts", tax, &err) != 0)
        fail_msg("%s", err.msg);
}

/* A small labelled corpus, in both languages, whose themes are clear. */
static inline void fixture_small_corpus(pt_corpus *c, const pt_taxonomy *tax)
{
    static const char *texts[][2] = {
        {"economy", "growth investment markets finance industry trade innovation productivity"},
        {"economy", "the economy needs reform of markets, finance and industrial innovation"},
        {"economy", "高质量发展 新质生产力 科技创新 产业升级 金融 市场"},
        {"economy", "扩大内需 稳定就业 产业体系 市场 金融 创新"},
        {"party-building", "party discipline cadres self-reform anti-corruption supervision"},
        {"party-building", "strict party self-governance, discipline of cadres and clean government"},
        {"party-building", "全面从严治党 自我革命 党风廉政 纪律 干部 监督"},
        {"party-building", "党的建设 纪律建设 反腐败 干部队伍 作风"},
        {"defense", "the military, border defense, troops, training and combat readiness"},
        {"defense", "army reform, national defense, weapons and joint operations"},
        {"defense", "强军目标 国防 军队 边海空防 练兵备战"},
        {"defense", "人民军队 国防和军队现代化 联合作战 战斗力"},
        {"culture", "culture, heritage, history, media and education of the young"},
        {"culture", "cultural confidence, civilisation, archaeology and values"},
        {"culture", "文化强国 文化自信 中华文明 文物 考古 教育"},
        {"culture", "社会主义核心价值观 媒体融合 文化遗产 历史"},
        {"frontier", "frontier regions, ethnic unity and the border peoples"},
        {"frontier", "ethnic affairs, national unity, religion and frontier governance"},
        {"frontier", "铸牢中华民族共同体意识 民族团结 边疆治理 宗教"},
        {"frontier", "边疆 民族工作 各民族交往交流交融 宗教中国化"},
    };
    corpus_init(c);
    size_t n = sizeof texts / sizeof texts[0];
    c->docs = calloc(n, sizeof *c->docs);
    c->n = c->cap = n;
    for (size_t k = 0; k < n; k++) {
        pt_doc *d = &c->docs[k];
        char id[16];
        snprintf(id, sizeof id, "t-%zu", k);
        d->id = strdup(id);
        d->source = strdup("test");
        d->line = (long)k + 1;
        d->text = strdup(texts[k][1]);
        d->text_len = strlen(d->text);
        memcpy(d->lang, corpus_detect_lang(d->text, d->text_len), 3);
        d->labelled = true;
        d->themes = malloc(sizeof *d->themes);
        d->themes[0] = taxonomy_find(tax, texts[k][0]);
        d->n_themes = 1;
    }
}

/* A CSR matrix of rows x cols from dense row-major values (zeros left out).
 * The caller frees it with gsl_spmatrix_free. */
static inline gsl_spmatrix *fixture_csr(const double *dense, size_t rows, size_t cols)
{
    gsl_spmatrix *coo = gsl_spmatrix_alloc(rows, cols);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            if (dense[r * cols + c] != 0.0)
                gsl_spmatrix_set(coo, r, c, dense[r * cols + c]);
    gsl_spmatrix *csr = gsl_spmatrix_compress(coo, GSL_SPMATRIX_CSR);
    gsl_spmatrix_free(coo);
    return csr;
}

#endif
