/*
 * outset.h — the report set as one unit: the year files, trends.json and
 * index.html are written into a new directory beside the output directory
 * and swapped in with one atomic rename, as the model bundle is, so a
 * reader (or a run killed at any moment, or a full disk) sees the old set
 * or the new one, never files of two runs side by side.  Whatever else the
 * output directory held (the year files a --from/--to run does not
 * rewrite, classified.jsonl, a file of the user's) is hard-linked (or
 * copied) into the new set first: nothing is lost in the swap.
 */
#ifndef PT_REPORT_OUTSET_H
#define PT_REPORT_OUTSET_H

#include "base/error.h"

typedef struct {
    char *target; /* the output directory (a symlink resolved to its directory) */
    char *tmp;    /* the new set being written: target.tmp-XXXXXX */
} report_set;

/* Starts a new set for out_dir: refuses (PT_ERR_CANTCREAT) an output
 * directory holding a subdirectory or anything but files and symlinks (it
 * could not be carried over whole), removes stale temporaries of ours
 * (target.tmp-* directories and *.tmp-* files older than FSIO_STALE_AGE,
 * only our report files or links of files still in place), and creates the
 * directory to write into (set->tmp).  Returns 0 or -1 with err. */
int report_set_begin(report_set *set, const char *out_dir, pt_error *err);

/* Carries every entry of the old output directory that the new set lacks
 * into it (a hard link, or a copy).  Returns 0 or -1 with err. */
int report_set_carry(report_set *set, pt_error *err);

/* Swaps the new set in and removes the old one: what lives on in the new
 * set, our report files and our temporaries, nothing else.  Returns 0, or
 * -1 with err (the old set then stays in place, whole). */
int report_set_swap(report_set *set, pt_error *err);

/* Removes the unfinished set (after a failure) and frees set. */
void report_set_free(report_set *set);

#endif
