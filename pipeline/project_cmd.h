/*
 * project_cmd.h — how every command sees the project: the corpora, the
 * store, the model bundle and the output directory of politrend.conf
 * (project.h), each replaced by the command's own option for that command
 * only.  Written once so that `classify`, `explain`, `tokens`, `evaluate`,
 * `vectorize`, `phrases`, `train`, `run`, `report`, `review`, `ingest`,
 * `label` and `forget` cannot disagree about which readouts and which model
 * a project has.
 *
 * A command calls project_cmd_start before its options, sets store, model
 * and out from its options (NULL store: no store), hands each --corpus to
 * project_cmd_corpus, and calls project_cmd_end after the last option.
 */
#ifndef PT_PROJECT_CMD_H
#define PT_PROJECT_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline/project.h"

/* The help line ending of a default that politrend.conf may set, e.g.
 * "(default: " PROJECT_DEFAULT_FROM "out/model)". */
#define PROJECT_DEFAULT_FROM "politrend.conf's, or "

typedef struct {
    project_conf conf;     /* politrend.conf, or the defaults when there is none */
    char **corpora;        /* the --corpus paths, else politrend.conf's (strings not owned) */
    size_t n_corpora;      /* 0: the embedded corpus */
    bool corpora_given;    /* --corpus was among the options */
    const char *store;     /* politrend.conf's until an option says otherwise; NULL: none */
    const char *model;
    const char *out;
} project_cmd;

/* Loads PROJECT_FILE of the working directory into pc (the defaults when
 * it does not exist), with room for argc --corpus options.  Returns 0, or
 * -1 with err naming the file and line (pc then holds nothing to free). */
int project_cmd_start(project_cmd *pc, int argc, pt_error *err);

/* A --corpus PATH option: the command's corpora replace the file's. */
void project_cmd_corpus(project_cmd *pc, char *path);

/* After the options: without --corpus, the corpora of politrend.conf. */
void project_cmd_end(project_cmd *pc);

void project_cmd_free(project_cmd *pc);

#endif
