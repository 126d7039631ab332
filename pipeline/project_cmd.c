/*
 * project_cmd.c — a command's view of the project (project_cmd.h): the
 * file's values, replaced option by option.
 */
#include "project_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

int project_cmd_start(project_cmd *pc, int argc, pt_error *err)
{
    memset(pc, 0, sizeof *pc);
    if (project_load(&pc->conf, PROJECT_FILE, err) != 0)
        return -1;
    /* Room for every argument as a --corpus, then the file's corpora. */
    pc->corpora = xcalloc((size_t)(argc > 0 ? argc : 0) + pc->conf.n_corpora + 1, sizeof *pc->corpora);
    pc->store = pc->conf.store;
    pc->model = pc->conf.model;
    pc->out = pc->conf.out;
    return 0;
}

void project_cmd_corpus(project_cmd *pc, char *path)
{
    pc->corpora[pc->n_corpora++] = path;
    pc->corpora_given = true;
}

void project_cmd_end(project_cmd *pc)
{
    if (pc->corpora_given)
        return;
    for (size_t k = 0; k < pc->conf.n_corpora; k++)
        pc->corpora[pc->n_corpora++] = pc->conf.corpora[k];
}

void project_cmd_free(project_cmd *pc)
{
    free(pc->corpora);
    project_free(&pc->conf);
    memset(pc, 0, sizeof *pc);
}
