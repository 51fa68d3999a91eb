#!/usr/bin/python3
"""Peer line for the extraction benchmark: python3-readability (readability-lxml)
on the same labelled set and the same metric as bench/eval_extract.c.
Usage: /usr/bin/python3 bench/peers/extract_readability.py EVALDATA.json"""
import gzip
import json
import os
import re
import sys
import time

import lxml.html
from readability import Document

WS = re.compile(r"\s+")
BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "td", "th",
          "blockquote", "pre", "section", "article", "table", "ul", "ol", "dd", "dt"}


def norm(s):
    return WS.sub(" ", s).strip()


def text_of(summary_html):
    """Text of readability's summary, with block elements separated."""
    root = lxml.html.fromstring(summary_html)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return root.text_content()


def main():
    path = sys.argv[1]
    data = json.load(open(path, encoding="utf-8"))
    base = os.path.dirname(path)
    tp = fp = fn = tn = 0
    secs = 0.0
    nbytes = 0
    for _, doc in data.items():
        raw = gzip.open(os.path.join(base, doc["file"])).read()
        nbytes += len(raw)
        t0 = time.process_time()
        try:
            out = norm(text_of(Document(raw).summary(html_partial=True)))
        except Exception:
            out = ""
        secs += time.process_time() - t0
        for s in doc["with"]:
            if out and norm(s) in out:
                tp += 1
            else:
                fn += 1
        for s in doc["without"]:
            if out and norm(s) in out:
                fp += 1
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0
    acc = (tp + tn) / (tp + tn + fp + fn)
    print(f"readability-lxml: TP {tp} FP {fp} FN {fn} TN {tn}")
    print(f"precision {p:.4f} recall {r:.4f} F1 {f1:.4f} accuracy {acc:.4f}")
    print(f"throughput {len(data) / secs:.1f} documents/s, {nbytes / 1e6 / secs:.2f} MB/s (CPU time)")


if __name__ == "__main__":
    main()
