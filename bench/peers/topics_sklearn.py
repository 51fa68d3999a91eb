"""Topic classification peer for bench/eval-topics (scikit-learn).

  prepare IN.jsonl OUTDIR SEED  drops exact duplicates (title + text), writes
                                OUTDIR/docs.jsonl and OUTDIR/folds (5-fold
                                stratified, shuffled with SEED; one fold a line)
  cv DOCS FOLDS [word|char]     TfidfVectorizer(sublinear_tf) + LinearSVC, the
                                same folds; prints accuracy, macro-F1, seconds
  score DOCS FOLDS PRED_DIR SECS  scores herald's predictions PRED_DIR/fold<K>.txt
  rules DOCS RULES_OUT          how often herald's taxonomy rules fire the topic
                                that the dataset's label corresponds to
Run with Debian's /usr/bin/python3 (sklearn from python3-sklearn)."""
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prepare(inp, outdir, seed):
    seen, docs = set(), []
    for d in load(inp):
        key = (d.get("title", ""), d["text"])
        if key in seen:
            continue
        seen.add(key)
        docs.append(d)
    labels = [d["label"] for d in docs]
    folds = [0] * len(docs)
    skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    for k, (_, test) in enumerate(skf.split(docs, labels)):
        for i in test:
            folds[i] = k
    with open(outdir + "/docs.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(outdir + "/folds", "w") as f:
        f.write("".join("%d\n" % k for k in folds))
    print("documents: %d read, %d after removing exact duplicates" % (len(load(inp)), len(docs)))


def text_of(d):
    return (d.get("title") or "") + "\n" + d["text"]


def report(name, y, pred, secs, cpu=None):
    print("%-28s accuracy %.4f  macro-F1 %.4f  %.2f s%s" % (
        name, accuracy_score(y, pred), f1_score(y, pred, average="macro"), secs,
        "" if cpu is None else "  (CPU %.2f s)" % cpu))


def cv(docs_path, folds_path, kind):
    docs = load(docs_path)
    folds = [int(x) for x in open(folds_path).read().split()]
    texts = [text_of(d) for d in docs]
    y = [d["label"] for d in docs]
    pred = [None] * len(docs)
    t0, c0 = time.perf_counter(), time.process_time()
    for k in range(5):
        tr = [i for i in range(len(docs)) if folds[i] != k]
        te = [i for i in range(len(docs)) if folds[i] == k]
        if kind == "char":
            vec = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 4))
        else:
            vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))
        x = vec.fit_transform([texts[i] for i in tr])
        clf = LinearSVC().fit(x, [y[i] for i in tr])
        for i, p in zip(te, clf.predict(vec.transform([texts[i] for i in te]))):
            pred[i] = p
    report("scikit-learn (%s)" % kind, y, pred, time.perf_counter() - t0,
           time.process_time() - c0)


def score(docs_path, folds_path, pred_dir, secs):
    docs = load(docs_path)
    folds = [int(x) for x in open(folds_path).read().split()]
    y = [d["label"] for d in docs]
    pred = [None] * len(docs)
    for k in range(5):
        te = [i for i in range(len(docs)) if folds[i] == k]
        lines = open("%s/fold%d.txt" % (pred_dir, k), encoding="utf-8").read().split("\n")
        for i, p in zip(te, lines):
            pred[i] = p
    report("herald", y, pred, float(secs))


# Dataset labels -> the taxonomy topic that should fire for them (a rough
# check: the datasets were not labelled with this taxonomy).
TOPIC_OF = {
    "business": "economy", "politics": "politics", "tech": "science",
    "entertainment": "culture", "sport": "culture",
    "KD": "economy", "KH": "science", "VT": "science", "VH": "culture", "SK": "society",
    "TT": "culture", "PL": "defence", "XH": "society", "TG": "diplomacy", "DS": "society",
}


def rules(docs_path, rules_path):
    docs = load(docs_path)
    lines = open(rules_path, encoding="utf-8").read().split("\n")[:len(docs)]
    hit, tot, nlab, none = {}, {}, 0, 0
    for d, line in zip(docs, lines):
        labs = [x for x in line.split(",") if x]
        nlab += len(labs)
        none += not labs
        k = d["label"]
        tot[k] = tot.get(k, 0) + 1
        hit[k] = hit.get(k, 0) + (TOPIC_OF.get(k) in labs)
    print("rules: %.2f topics per document, none for %.1f%%" % (
        nlab / len(docs), 100.0 * none / len(docs)))
    for k in sorted(tot):
        print("  %-13s -> %-10s fired for %5.1f%% (%d/%d)" % (
            k, TOPIC_OF.get(k), 100.0 * hit[k] / tot[k], hit[k], tot[k]))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "prepare":
        prepare(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "cv":
        cv(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "word")
    elif cmd == "rules":
        rules(sys.argv[2], sys.argv[3])
    elif cmd == "score":
        score(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
