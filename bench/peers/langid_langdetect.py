"""Language-ID peer for bench/eval-langid: python3-langdetect (Debian).

  langid_langdetect.py FILE...   each FILE a TSV named after its language
                                 (text in column 3); prints
                                 "RESULT langdetect LANG N CORRECT" per file and
                                 "SPEED langdetect TEXTS SECONDS" (detect() calls
                                 only; profiles are loaded before the clock).
zh-cn/zh-tw count as zh. DetectorFactory.seed = 0 for determinism.
Run with Debian's /usr/bin/python3."""
import os
import sys
import time

from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0


def texts(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) >= 3:
                yield cols[2]


def guess(text):
    try:
        code = detect(text)
    except LangDetectException:
        return "und"
    return "zh" if code.startswith("zh") else code


def main():
    guess("warm up: load the language profiles")
    total, secs = 0, 0.0
    for path in sys.argv[1:]:
        lang = os.path.basename(path).split("_")[0].split(".")[0]
        items = list(texts(path))
        t0 = time.perf_counter()
        correct = sum(1 for t in items if guess(t) == lang)
        secs += time.perf_counter() - t0
        total += len(items)
        print(f"RESULT langdetect {lang} {len(items)} {correct}", flush=True)
    print(f"SPEED langdetect {total} {secs:.4f}")


if __name__ == "__main__":
    main()
