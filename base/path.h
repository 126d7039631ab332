/*
 * path.h — file names, built one way everywhere: the join of a directory
 * and a name, and the test for a name's ending.  Lives in base/, the ground
 * floor, so every stage joins paths the same way (one slash between the
 * parts, none added when the directory already ends with one).
 */
#ifndef PT_PATH_H
#define PT_PATH_H

#include <stdbool.h>

/* dir + "/" + name (no second slash when dir ends with '/'), in a string
 * the caller frees.  Can't fail (exits on out of memory). */
char *path_join(const char *dir, const char *name);

/* True when s ends with suffix.  Can't fail. */
bool path_has_suffix(const char *s, const char *suffix);

#endif
