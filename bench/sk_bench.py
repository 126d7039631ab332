#!/usr/bin/python3
"""sk_bench.py — the scikit-learn side of the benchmark: the pipeline a Python
user would write instead of politrend, one stage per process, one JSON line
of figures on stdout (the same fields as bench/ptbench.c).

    sk_bench.py features FILE [--limit N] [--zh char|jieba]
        TfidfVectorizer.fit_transform on the documents, with the analyzer
        that suits each language: English documents get scikit-learn's word
        analyzer (lowercase, English stop words, 1-2-grams); Chinese ones
        get scikit-learn's character bigrams (--zh char, the default: the
        built-in analyzer closest to politrend's bigram segmenter) or jieba
        words (--zh jieba, precise mode, one-character stop words and
        punctuation dropped).  sublinear_tf as politrend's default.
    sk_bench.py train DUMPDIR
        one SVC(kernel="linear", C=1, probability=True) per theme on the
        matrix and labels that `ptbench features --dump DUMPDIR` wrote: the
        very same features politrend trains on.  The positive class is
        weighted by n_negative / n_positive as politrend does (what
        OneVsRestClassifier would do with a per-theme class_weight);
        cache_size 100 MB as politrend gives libsvm.
    sk_bench.py pipeline FILE [--limit N]
        the whole training a Python user would write instead of `politrend
        train`: TfidfVectorizer(analyzer="char", ngram_range=(1, 2)) then
        OneVsRestClassifier(CalibratedClassifierCV(LinearSVC(), cv=5)) over
        the five themes (a multi-label indicator matrix; [] is no theme),
        all at scikit-learn's defaults: fit_transform and fit are timed.
    sk_bench.py classify TRAINFILE FILE [--limit N] [--zh char|jieba]
        fits the whole pipeline (vectorizer + one SVC per theme, as above)
        on TRAINFILE (the embedded corpus: the default model), not timed;
        then times vectorizer.transform + predict_proba on FILE.

Documents are read and parsed before the clock starts.  "peak_mb" is the
process's resident high-water mark during the stage (reset through
/proc/self/clear_refs just before it), "base_mb" the resident memory just
before the stage (interpreter, libraries, documents).
"""
import json
import os
import re
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.calibration import CalibratedClassifierCV
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import SVC, LinearSVC

THEMES = ["economy", "party-building", "defense", "culture", "frontier"]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# The stop characters politrend's bigram segmenter breaks Han runs at.
ZH_STOP = set("的了着之其及与是在为将被也而并以于这那都又吗呢吧啊呀么或但即")


def status_mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return float(line.split()[1]) / 1024.0
    return -1.0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def cpu_now():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Clock:
    def start(self):
        self.base = status_mb("VmRSS:")
        reset_peak()
        self.cpu0 = cpu_now()
        self.wall0 = time.perf_counter()

    def report(self, stage, docs, nbytes, **extra):
        out = {"side": "sklearn", "stage": stage, "docs": docs, "bytes": nbytes,
               "wall": round(time.perf_counter() - self.wall0, 6),
               "cpu": round(cpu_now() - self.cpu0, 6),
               "peak_mb": round(status_mb("VmHWM:"), 1), "base_mb": round(self.base, 1)}
        out.update(extra)
        print(json.dumps(out), flush=True)


def read_lines(path):
    """The lines of a JSON Lines file, or of every *.jsonl of a directory in
    byte order (the embedded corpus, corpus/readouts)."""
    paths = [path]
    if os.path.isdir(path):
        paths = [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.endswith(".jsonl")]
    for p in paths:
        with open(p, encoding="utf-8") as f:
            yield from f


def read_docs(path, limit=None):
    texts, langs, labels = [], [], []
    for line in read_lines(path):
        if limit is not None and len(texts) >= limit:
            break
        if not line.strip():
            continue
        r = json.loads(line)
        t = r["text"]
        texts.append(t)
        lang = r.get("lang")
        if lang not in ("en", "zh"):
            lang = "zh" if HAN.search(t) else "en"
        langs.append(lang)
        labels.append([THEMES.index(x) for x in r.get("themes", [])])
    return texts, langs, labels


def make_vectorizer(zh):
    """A TfidfVectorizer whose analyzer suits each document's language."""
    en = TfidfVectorizer(stop_words="english", ngram_range=(1, 2)).build_analyzer()
    if zh == "jieba":
        import jieba
        jieba.setLogLevel(60)
        jieba.initialize()

        def zh_analyze(doc):
            return [w for w in jieba.lcut(doc.lower())
                    if w.strip() and not (len(w) == 1 and (w in ZH_STOP or not w.isalnum()))]
    else:
        # scikit-learn's own character n-gram analyzer: overlapping bigrams.
        zh_analyze = TfidfVectorizer(analyzer="char", ngram_range=(2, 2)).build_analyzer()

    def analyze(doc):
        # One mixed corpus: a document is Chinese when it has Han characters.
        return zh_analyze(doc) if HAN.search(doc) else en(doc)

    return TfidfVectorizer(analyzer=analyze, sublinear_tf=True)


def weighted_svc(y):
    pos = int(y.sum())
    neg = len(y) - pos
    return SVC(kernel="linear", C=1.0, probability=True, cache_size=100,
               class_weight={1: neg / pos, 0: 1.0}, random_state=1)


def train_models(X, Y):
    models = []
    for t in range(Y.shape[1]):
        y = Y[:, t].astype(np.int64)
        models.append(weighted_svc(y).fit(X, y))
    return models


def label_matrix(labels):
    Y = np.zeros((len(labels), len(THEMES)), dtype=np.uint8)
    for k, ls in enumerate(labels):
        for t in ls:
            Y[k, t] = 1
    return Y


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    stage = argv[1]
    opts = {"--limit": None, "--zh": "char"}
    pos = []
    k = 2
    while k < len(argv):
        if argv[k] in opts and k + 1 < len(argv):
            opts[argv[k]] = argv[k + 1]
            k += 2
        else:
            pos.append(argv[k])
            k += 1
    limit = int(opts["--limit"]) if opts["--limit"] else None
    clock = Clock()

    if stage == "features":
        texts, _, _ = read_docs(pos[0], limit)
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        vec = make_vectorizer(opts["--zh"])
        clock.start()
        X = vec.fit_transform(texts)
        clock.report("features", len(texts), nbytes, terms=len(vec.vocabulary_), nnz=int(X.nnz),
                     zh=opts["--zh"])
    elif stage == "train":
        d = pos[0]
        meta = json.load(open(os.path.join(d, "meta.json")))
        n, nnz = meta["rows"], meta["nnz"]
        X = sp.csr_matrix((np.fromfile(os.path.join(d, "X.data"), dtype=np.float64),
                           np.fromfile(os.path.join(d, "X.indices"), dtype=np.int32),
                           np.fromfile(os.path.join(d, "X.indptr"), dtype=np.int64)),
                          shape=(n, meta["cols"]))
        Y = np.fromfile(os.path.join(d, "y.u8"), dtype=np.uint8).reshape(n, meta["themes"])
        clock.start()
        models = train_models(X, Y)
        sv = sum(int(m.n_support_.sum()) for m in models)
        clock.report("train", n, 0, terms=meta["cols"], nnz=nnz, support_vectors=sv)
    elif stage == "pipeline":
        texts, _, labels = read_docs(pos[0], limit)
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        Y = label_matrix(labels)
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2))
        clf = OneVsRestClassifier(CalibratedClassifierCV(LinearSVC(), cv=5))
        clock.start()
        X = vec.fit_transform(texts)
        clf.fit(X, Y)
        clock.report("pipeline", len(texts), nbytes, terms=len(vec.vocabulary_), nnz=int(X.nnz))
    elif stage == "classify":
        train_texts, _, train_labels = read_docs(pos[0])
        vec = make_vectorizer(opts["--zh"])
        Xt = vec.fit_transform(train_texts)
        models = train_models(Xt, label_matrix(train_labels))
        texts, _, _ = read_docs(pos[1], limit)
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        clock.start()
        X = vec.transform(texts)
        P = np.column_stack([m.predict_proba(X)[:, list(m.classes_).index(1)] for m in models])
        clock.report("classify", len(texts), nbytes, terms=len(vec.vocabulary_),
                     support_vectors=sum(int(m.n_support_.sum()) for m in models),
                     mean_prob=round(float(P.mean()), 6), zh=opts["--zh"])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
