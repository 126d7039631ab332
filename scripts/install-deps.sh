#!/bin/sh
# Installs the Debian packages politrend builds against, and only those that
# are missing: each is checked through pkg-config or its header first, so a
# machine that has everything runs no apt-get at all.  Uses sudo when not root.
set -eu

missing=""
need() {  # need PACKAGE CHECK...
    pkg=$1; shift
    if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
have_pc()     { command -v pkg-config >/dev/null && pkg-config --exists "$1"; }
have_header() { test -f "/usr/include/$1"; }

need pkg-config       command -v pkg-config
need libgsl-dev       have_pc gsl
need libjansson-dev   have_pc jansson
need libcmocka-dev    have_pc cmocka
need libutf8proc-dev  have_pc libutf8proc
need libopencc-dev    have_pc opencc
need libicu-dev       have_pc icu-uc
need libxml2-dev      have_pc libxml-2.0
need libsvm-dev       have_header libsvm/svm.h
need liblinear-dev    have_header linear.h
need libstemmer-dev   have_header libstemmer.h
need libcmark-dev     have_pc libcmark

# `install-deps.sh test` adds what the test suite uses beyond the build:
# svm-predict (libsvm-tools) to check interop with libsvm's own tools, and
# Debian's python3 with jsonschema to validate the reports against their
# schemas, cmark to check that the reviews are valid CommonMark, and the
# Noto CJK fonts so that Chinese renders in the browser test.  Chromium,
# for the page rendering test, is large and optional.
have_cjk_font() { test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; }
if [ "${1:-}" = "test" ]; then
    need libsvm-tools      command -v svm-predict
    need python3-jsonschema /usr/bin/python3 -c "import jsonschema"
    need cmark             command -v cmark
    need fonts-noto-cjk    have_cjk_font
fi

# `install-deps.sh eval` adds what `make eval` and `make bench` use for phrase
# discovery: jieba, the independent segmenter that judges whole words, and
# libdivsufsort, the suffix-array library of the alternative that is measured.
if [ "${1:-}" = "eval" ]; then
    need python3-jieba     /usr/bin/python3 -c "import jieba"
    need libdivsufsort-dev have_pc libdivsufsort
fi

# `install-deps.sh lint` adds cppcheck, the static checker `make lint` runs.
if [ "${1:-}" = "lint" ]; then
    need cppcheck          command -v cppcheck
fi

if [ -z "$missing" ]; then exit 0; fi

echo "install-deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
# An apt-get install against a stale or empty package list fails; refresh once.
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
