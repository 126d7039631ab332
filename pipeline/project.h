/*
 * project.h — the project file, politrend.conf in the working directory:
 * the one place that says what a run uses (the corpora, the store, the
 * model bundle, the output directory, the inbox and the quarantine), so
 * that every command (project_cmd.h) sees the same readouts and the same
 * model without repeating options.  An option on the command line overrides
 * the file for that command only.
 *
 * Format: UTF-8 lines `key = value`; `corpus` may repeat (none: the embedded
 * corpus); '#' lines and blank lines are ignored.  Keys: corpus, store,
 * model, out, inbox, quarantine, and the training settings that train, run,
 * evaluate and tokens share (C, seed, kernel, ...: train_conf_keys of
 * train_opts.h, applied by train_cmd_start).  A path is used as written
 * (relative paths are relative to the directory holding the file, the
 * working directory).
 */
#ifndef PT_PROJECT_H
#define PT_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define PROJECT_FILE "politrend.conf"

/* A training setting as written, checked when the file was read. */
typedef struct {
    char *key, *value;   /* owned */
    long line;
} project_setting;

typedef struct {
    char **corpora;      /* owned; n_corpora == 0: the embedded corpus */
    size_t n_corpora;
    char *store, *model, *out, *inbox; /* owned, never NULL */
    char *quarantine;    /* owned; NULL: INBOX/quarantine of the inbox in use */
    project_setting *settings; /* owned, in the file's order (a later line wins) */
    size_t n_settings;
    bool found;          /* read from the file (false: defaults only) */
} project_conf;

/* Fills p with the defaults (corpus/local.jsonl, out/model, out/reports,
 * inbox; the quarantine inside the inbox), then, when path is not NULL and
 * exists, with what it says.
 * Returns 0, or -1 with err (PT_ERR_DATA "FILE:LINE: what is wrong",
 * PT_ERR_NOINPUT when it exists but cannot be read); p is then empty. */
int project_load(project_conf *p, const char *path, pt_error *err);

/* Writes p to path atomically, with a comment saying what each key means,
 * its training settings, and the others commented out with their defaults.
 * Returns 0 or -1 with err. */
int project_write(const project_conf *p, const char *path, pt_error *err);

/* Replaces the value of *slot with a copy of value (when value is not NULL). */
void project_set(char **slot, const char *value);

/* Replaces the corpora with copies of paths[0..n) (when n > 0). */
void project_set_corpora(project_conf *p, char *const *paths, size_t n);

void project_free(project_conf *p);

#endif
