#!/usr/bin/env python3
"""eval/quality.py — quality of `politrend phrases --new` output, judged by a
segmenter politrend does not use (jieba).

Reads the TSV of `politrend phrases --new --top N` on stdin and, for the top
TOP (default 50) new phrases of each year, prints per year and in all:
  whole       share whose two ends fall on jieba word boundaries in the
              context sentence (no fragment cut inside a word);
  boilerplate share that are broadcast or readout formulae, times or dates,
              by the fixed list below (written for this check; the
              stop-phrase file politrend uses is separate and shorter).
Usage: politrend phrases --new --top 200 ... | python3 eval/quality.py [TOP]
"""
import re
import sys

import jieba

jieba.setLogLevel(60)

# Formulae of news broadcasts and readouts, and words of time: a phrase
# containing one of them is counted as boilerplate.
BOILER = [
    "新闻联播", "本台", "央视", "总台", "记者", "报道", "消息", "播出", "日电", "锐评", "快评", "刊播",
    "节目", "栏目", "移动网", "客户端", "专题片", "文字编辑", "视频编辑", "集体学习", "主持学习",
    "重要讲话", "上午", "下午", "晚上", "今天", "昨天", "明天", "今年", "去年", "明年", "星期", "周一",
    "周二", "周三", "周四", "周五", "周六", "周日", "本周", "当天", "当日", "近日", "日前",
]
NUMERIC = re.compile(r"^[〇零一二三四五六七八九十百千万亿两第年月日号时分秒次届期个周]+$")


def whole(phrase, context):
    at = context.find(phrase)
    if at < 0:
        return None
    bounds = set()
    for _, start, end in jieba.tokenize(context):
        bounds.add(start)
        bounds.add(end)
    return at in bounds and at + len(phrase) in bounds


def boiler(phrase):
    return bool(NUMERIC.match(phrase)) or any(b in phrase for b in BOILER)


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rows = {}
    header = True
    for line in sys.stdin:
        if header:
            header = False
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 7 or f[1] != "zh":
            continue
        year = f[2][:4]
        rows.setdefault(year, [])
        if len(rows[year]) < top:
            rows[year].append((f[0], f[6]))
    tw = tb = tn = tu = 0
    print("year\tphrases\twhole\tboilerplate\tfragments (up to 8)")
    for year in sorted(rows):
        w = b = u = 0
        frags = []
        for phrase, ctx in rows[year]:
            j = whole(phrase, ctx)
            if j is None:
                u += 1
            elif j:
                w += 1
            else:
                frags.append(phrase)
            if boiler(phrase):
                b += 1
        n = len(rows[year])
        judged = n - u
        print("%s\t%d\t%.1f%%\t%.1f%%\t%s" % (year, n, 100.0 * w / max(judged, 1), 100.0 * b / max(n, 1),
                                             " ".join(frags[:8])))
        tw += w
        tb += b
        tn += n
        tu += u
    print("all\t%d\t%.1f%%\t%.1f%%\t(%d without their phrase in the context, not judged)" %
          (tn, 100.0 * tw / max(tn - tu, 1), 100.0 * tb / max(tn, 1), tu))


if __name__ == "__main__":
    main()
