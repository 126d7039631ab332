#!/usr/bin/python3
"""report.py RESULTS.jsonl — the benchmark table, in Markdown, from the JSON
lines bench/run.sh collected (ptbench.c and sk_bench.py, one line a stage).

One row per corpus, size and stage, politrend beside scikit-learn:
wall seconds, MB/s of document text, documents/s, peak resident MB during
the stage (the process, documents included), and the ratios: speed-up
(scikit-learn time / politrend time) and memory (politrend peak /
scikit-learn peak).  Where a stage ran more than once for the same key the
last run counts.  Then the train-stage scaling, the jieba variant and the
end-to-end `politrend classify` command, when measured.
"""
import json
import math
import sys

STAGES = ["features", "train", "classify"]
STAGE_NAME = {"features": "tokenise + TF-IDF fit", "train": "train (same features)",
              "classify": "classify (default model)"}


def load(path):
    runs, meta = {}, []
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        if "meta" in r:
            meta.append(r)
            continue
        side = r["side"]
        if side == "sklearn" and r.get("zh") == "jieba":
            side = "sklearn-jieba"
        runs[(r.get("corpus", "?"), r.get("size", r["docs"]), r["stage"], side)] = r
    return runs, meta


def mbps(r):
    return r["bytes"] / 1e6 / r["wall"] if r.get("bytes") and r["wall"] > 0 else float("nan")


def dps(r):
    return r["docs"] / r["wall"] if r["wall"] > 0 else float("nan")


def fmt(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def main(path):
    runs, meta = load(path)
    out = []
    start = next((m for m in meta if m["meta"] == "start"), None)
    end = next((m for m in reversed(meta) if m["meta"] == "end"), None)
    if start:
        out.append(f"Machine: {start['cpu']}, {start['cores']} cores, {start['mem_mb']:,} MB, Linux "
                   f"{start['kernel']}; Python {start['python']}, scikit-learn {start['sklearn']}, "
                   f"jieba {start['jieba']}, numpy {start['numpy']}.")
        out.append(f"Run: {start['date']}" + (f" to {end['date']}" if end else "") +
                   f"; load average at start {' '.join(start['loadavg'])}" +
                   (f", at end {' '.join(end['loadavg'])}" if end else "") + ".")
        out.append("")
    counts = sorted({len(r.get("walls", [1])) for (c, n, s, side), r in runs.items()
                     if s in ("features", "classify") and side in ("politrend", "sklearn")})
    if counts and counts[-1] > 1:
        reps = " or ".join(str(k) for k in counts)
        out.append(f"Features and classify: the fastest of {reps} runs on each side (more runs for the short "
                   "measurements; all wall times in the JSON lines, \"walls\"); train and jieba: one run.")
        out.append("")
    out.append("| corpus | docs | stage | politrend s | sklearn s | speed-up | politrend MB/s | sklearn MB/s "
               "| politrend docs/s | sklearn docs/s | politrend peak MB | sklearn peak MB | memory pt/sk |")
    out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    keys = sorted({(c, n) for (c, n, _, _) in runs}, key=lambda k: (k[0] != "embedded", k[0], k[1]))
    for corpus, n in keys:
        for stage in STAGES:
            pt = runs.get((corpus, n, stage, "politrend"))
            sk = runs.get((corpus, n, stage, "sklearn"))
            if pt is None and sk is None:
                continue
            speed = sk["wall"] / pt["wall"] if pt and sk and pt["wall"] > 0 else None
            mem = pt["peak_mb"] / sk["peak_mb"] if pt and sk and sk.get("peak_mb", 0) > 0 else None
            out.append("| " + " | ".join([
                corpus, f"{n:,}", STAGE_NAME[stage],
                fmt(pt["wall"], 3) if pt else "–", fmt(sk["wall"], 3) if sk else "–",
                (fmt(speed, 1) + "×") if speed else "–",
                fmt(mbps(pt)) if pt and stage != "train" else "–",
                fmt(mbps(sk)) if sk and stage != "train" else "–",
                fmt(dps(pt)) if pt else "–", fmt(dps(sk)) if sk else "–",
                fmt(pt.get("peak_mb")) if pt else "–", fmt(sk.get("peak_mb")) if sk else "–",
                fmt(mem) if mem else "–"]) + " |")
    # Stage details: politrend's parts, the sizes of things.
    out.append("")
    out.append("politrend features, by part (wall s: bags / fit + transform), and sizes:")
    out.append("")
    out.append("| corpus | docs | bags | fit + transform | raw terms | nnz | base MB | sklearn terms | sklearn nnz |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for corpus, n in keys:
        pt = runs.get((corpus, n, "features", "politrend"))
        sk = runs.get((corpus, n, "features", "sklearn"))
        if pt is None:
            continue
        out.append(f"| {corpus} | {n:,} | {fmt(pt.get('t_bags'), 3)} | {fmt(pt.get('t_fit_transform'), 3)} | "
                   f"{pt.get('raw_terms', 0):,} | {pt.get('nnz', 0):,} | "
                   f"{fmt(pt.get('base_mb'))} | {sk.get('terms', 0) if sk else 0:,} | {sk.get('nnz', 0) if sk else 0:,} |")
    # Memory the stage itself added (peak minus what the process held before it).
    out.append("")
    out.append("Memory added by the features stage (peak MB minus the process's resident MB before it:"
               " the documents, the interpreter):")
    out.append("")
    out.append("| corpus | docs | politrend base | politrend added | sklearn base | sklearn added | added pt/sk |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for corpus, n in keys:
        pt = runs.get((corpus, n, "features", "politrend"))
        sk = runs.get((corpus, n, "features", "sklearn"))
        if pt is None or sk is None or "base_mb" not in pt or "base_mb" not in sk:
            continue
        pa, sa = pt["peak_mb"] - pt["base_mb"], sk["peak_mb"] - sk["base_mb"]
        out.append(f"| {corpus} | {n:,} | {fmt(pt['base_mb'])} | {fmt(pa)} | {fmt(sk['base_mb'])} | {fmt(sa)} | "
                   f"{fmt(pa / sa) if sa > 0 else '–'} |")
    jieba = [(c, n, r) for (c, n, s, side), r in runs.items() if side == "sklearn-jieba"]
    if jieba:
        out.append("")
        out.append("scikit-learn with jieba words for Chinese (features stage):")
        out.append("")
        out.append("| corpus | docs | jieba s | MB/s | peak MB | politrend speed-up | memory pt/sk |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for c, n, r in sorted(jieba, key=lambda x: (x[0] != "embedded", x[0], x[1])):
            pt = runs.get((c, n, "features", "politrend"))
            out.append(f"| {c} | {n:,} | {fmt(r['wall'], 3)} | {fmt(mbps(r))} | {fmt(r['peak_mb'])} | "
                       f"{fmt(r['wall'] / pt['wall'], 1) + '×' if pt else '–'} | "
                       f"{fmt(pt['peak_mb'] / r['peak_mb']) if pt else '–'} |")
    trains = sorted({(c, n) for (c, n, s, _) in runs if s == "train" and c != "embedded"})
    if trains:
        out.append("")
        out.append("Train stage scaling (politrend: its default solver, LIBLINEAR; scikit-learn: SVC, libsvm; "
                   "exponent k of time ~ n^k between successive sizes):")
        out.append("")
        out.append("| corpus | docs | politrend s | sklearn s | politrend k | sklearn k | support vectors |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        prev = {}
        for c, n in trains:
            pt = runs.get((c, n, "train", "politrend"))
            sk = runs.get((c, n, "train", "sklearn"))
            ks = []
            for side, r in (("pt", pt), ("sk", sk)):
                p = prev.get((c, side))
                ks.append(fmt(math.log(r["wall"] / p[1]) / math.log(n / p[0])) if r and p else "–")
                if r:
                    prev[(c, side)] = (n, r["wall"])
            out.append(f"| {c} | {n:,} | {fmt(pt['wall'], 3) if pt else '–'} | {fmt(sk['wall'], 3) if sk else '–'} | "
                       f"{ks[0]} | {ks[1]} | {pt.get('support_vectors', '–') if pt else '–'} |")
    pipes = sorted({(c, n) for (c, n, s, _) in runs if s == "pipeline"}, key=lambda k: (k[0] != "embedded", k[0], k[1]))
    if pipes:
        out.append("")
        out.append("Training with defaults: the whole `politrend train` command (process start, reading, "
                   "tokenising, threshold selection by 5-fold cross-validation, writing the bundle) beside the "
                   "fit of TfidfVectorizer(char 1-2) + OneVsRestClassifier(CalibratedClassifierCV(LinearSVC(), "
                   "cv=5)) (documents read, imports done, before its clock); politrend first, then scikit-learn, each "
                   "the fastest of its runs (the JSON lines' walls: BENCH_REPEAT at 10,000 documents and fewer, "
                   "else one):")
        out.append("")
        out.append("| corpus | docs | politrend s | politrend CPU s | politrend µs/doc | sklearn s | sklearn CPU s "
                   "| sklearn µs/doc | speed-up | politrend peak MB | sklearn peak MB | memory pt/sk |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for c, n in pipes:
            pt = runs.get((c, n, "pipeline", "politrend"))
            sk = runs.get((c, n, "pipeline", "sklearn"))
            speed = sk["wall"] / pt["wall"] if pt and sk and pt["wall"] > 0 else None
            mem = pt["peak_mb"] / sk["peak_mb"] if pt and sk and sk.get("peak_mb", 0) > 0 else None
            out.append("| " + " | ".join([
                c, f"{n:,}", fmt(pt["wall"], 3) if pt else "–", fmt(pt.get("cpu"), 3) if pt else "–",
                fmt(pt["wall"] / n * 1e6) if pt else "–", fmt(sk["wall"], 3) if sk else "–",
                fmt(sk.get("cpu"), 3) if sk else "–", fmt(sk["wall"] / n * 1e6) if sk else "–", (fmt(speed, 1) + "×") if speed else "–",
                fmt(pt.get("peak_mb")) if pt else "–", fmt(sk.get("peak_mb")) if sk else "–",
                fmt(mem) if mem else "–"]) + " |")
    cli = [r for (c, n, s, side), r in runs.items() if s == "classify-cli"]
    for r in cli:
        out.append("")
        out.append(f"The whole `politrend classify` command on {r['corpus']} ({r['docs']:,} documents, "
                   f"{r['bytes'] / 1e6:.1f} MB of JSON Lines, reading and JSON output included): "
                   f"{r['wall']} s, peak {r['peak_mb']} MB.")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
