#!/bin/sh
# check-layers.sh — the floors of ARCHITECTURE.md, checked: a file of a
# stage includes project headers of its own folder and of the folders below
# it only (base < corpus < features < models < reports < pipeline), and no
# file anywhere includes a .c file.  Prints each breach; exits 1 on any.
# Run by `make lint`.
set -u
floors="base corpus features models reports pipeline"
rank() { i=0; for f in $floors; do [ "$f" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
bad=0
for dir in $floors; do
    mine=$(rank "$dir")
    for file in "$dir"/*.c "$dir"/*.h; do
        [ -f "$file" ] || continue
        for inc in $(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$file"); do
            if [ "$(rank "$inc")" -gt "$mine" ]; then
                echo "$file includes $inc/, a floor above $dir/"; bad=1
            fi
        done
    done
done
if grep -rn '^#include ".*\.c"' --include='*.c' --include='*.h' base corpus features models reports pipeline tests bench fuzz; then
    echo "a .c file is #included above (link its object instead)"; bad=1
fi
exit $bad
