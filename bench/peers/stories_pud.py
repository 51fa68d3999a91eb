"""Story clustering on PUD for bench/eval-stories (Debian's /usr/bin/python3).

  prepare PUD_DIR OUT.jsonl   one article per (document, language): the
                              sentences of a document (first six characters of
                              sent_id) joined; shuffled with a fixed seed;
                              fields id, group, lang, text
  score GOLD PRED [LINES]     pairwise precision/recall/F1 of "same story":
                              all pairs, pairs across languages, same-language
                              pairs, and by script family pair
  peer GOLD.jsonl T [T...]    the peer a user would pick: scikit-learn TF-IDF
                              of character 2-4-grams (char_wb, sublinear) and
                              average-linkage agglomerative clustering at
                              cosine distance threshold 1-T; prints the scores
                              and the seconds"""
import glob
import itertools
import json
import os
import random
import sys
import time

FAMILY = {"ja": "CJK", "zh": "CJK", "th": "Thai", "ru": "Cyrillic"}


def family(lang):
    return FAMILY.get(lang, "Latin")


def prepare(pud, out):
    docs = {}
    for path in sorted(glob.glob(os.path.join(pud, "*.tsv"))):
        lang = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3 or not parts[0]:
                    continue
                doc = parts[0][:6]
                docs.setdefault((doc, lang), []).append(parts[2])
    rows = [{"id": "%s-%s" % (d, l), "group": d, "lang": l, "text": " ".join(s)}
            for (d, l), s in docs.items()]
    random.Random(1).shuffle(rows)
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("articles %d documents %d languages %d" % (
        len(rows), len({r["group"] for r in rows}), len({r["lang"] for r in rows})))


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def scores(gold, pred, lines=99):
    """pred: id -> cluster. Counts pairs by bucket without enumerating all
    pairs: per (gold group) and per (cluster) by language."""
    buckets = {}
    def add(key, what, n):
        b = buckets.setdefault(key, [0, 0, 0])
        b[what] += n
    ids = [g["id"] for g in gold]
    lang = {g["id"]: g["lang"] for g in gold}
    grp = {g["id"]: g["group"] for g in gold}
    # same-cluster pairs (tp + fp) and same-group pairs (tp + fn)
    by_c, by_g = {}, {}
    for i in ids:
        by_c.setdefault(pred[i], []).append(i)
        by_g.setdefault(grp[i], []).append(i)
    def keys(a, b):
        la, lb = lang[a], lang[b]
        fa, fb = sorted((family(la), family(lb)))
        out = ["all", "cross-language" if la != lb else "same-language"]
        if la != lb:
            out.append("%s-%s" % (fa, fb))
        return out
    for members in by_c.values():
        for a, b in itertools.combinations(members, 2):
            w = 0 if grp[a] == grp[b] else 1
            for k in keys(a, b):
                add(k, w, 1)
    for members in by_g.values():
        for a, b in itertools.combinations(members, 2):
            if pred[a] != pred[b]:
                for k in keys(a, b):
                    add(k, 2, 1)
    order = ["all", "cross-language", "same-language"] + sorted(
        k for k in buckets if "-" in k and k not in ("cross-language", "same-language"))
    for k in order[:lines]:
        if k in buckets:
            tp, fp, fn = buckets[k]
            p, r, f = prf(tp, fp, fn)
            print("  %-16s precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)" % (k, p, r, f, tp, fp, fn))
    if lines > 3:
        print("  clusters %d for %d articles" % (len(by_c), len(ids)))


def score(gold_path, pred_path, lines=99):
    gold = load(gold_path)
    pred = {p["id"]: p["story"] for p in load(pred_path)}
    scores(gold, pred, lines)


def peer(gold_path, thresholds):
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances
    gold = load(gold_path)
    t0 = time.time()
    x = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                        min_df=2).fit_transform([g["text"] for g in gold])
    dist = cosine_distances(x).astype("float32")
    t_vec = time.time() - t0
    for t in thresholds:
        t1 = time.time()
        ac = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1 - t)
        labels = ac.fit_predict(dist)
        secs = time.time() - t1 + t_vec
        print("peer sklearn char 2-4 TF-IDF + average-link cosine, similarity >= %.2f (%.1f s)"
              % (t, secs))
        scores(gold, {g["id"]: int(l) for g, l in zip(gold, labels)})


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif cmd == "score":
        score(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 99)
    elif cmd == "peer":
        peer(sys.argv[2], [float(t) for t in sys.argv[3:]])
