#!/usr/bin/python3
"""A recorded stream of articles for the alerts tests, and its replay.

gen OUT START_EPOCH DAYS SPIKE_DAY: writes JSON lines, one article each, over
DAYS local days (UTC+7) from START_EPOCH: country US "about" the country with
weekly seasonality (weekdays ~12, weekends ~4, Poisson, fixed seed) and a
planted spike of 60 extra articles on day SPIKE_DAY (-1: none); country FR
a steady flat series (~8 a day).
load DB STREAM UNTIL: inserts the stream's articles published before UNTIL
that are not in DB yet (the full-text triggers are dropped first: these
tests never search text, and Python's sqlite3 has no herald tokenizer).
"""
import json, math, random, sqlite3, sys

def poisson(rng, lam):
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1

def gen(out, start, days, spike_day):
    rng = random.Random(7)
    rows = []
    for d in range(days):
        day0 = start + d * 86400
        weekday = ((day0 + 7 * 3600) // 86400 + 3) % 7  # 0 Monday
        n_us = poisson(rng, 4 if weekday >= 5 else 12)
        if d == spike_day:
            n_us += 60
        for country, n in (("US", n_us), ("FR", poisson(rng, 8))):
            for _ in range(n):
                t = day0 + 6 * 3600 + rng.randrange(12 * 3600)  # local 06:00-18:00
                rows.append({"published": t, "country": country, "lang": "en",
                             "relevance_class": 2, "tone_label": rng.choice([-1, 0, 0, 1])})
    rows.sort(key=lambda r: r["published"])
    with open(out, "w") as f:
        for i, r in enumerate(rows):
            r["url"] = "https://news.example.org/%s/%d" % (r["country"].lower(), i)
            r["title"] = "Article %d about Vietnam" % i
            f.write(json.dumps(r) + "\n")

def load(db, stream, until):
    con = sqlite3.connect(db, timeout=30)
    for t in ("articles_ai", "articles_ad", "articles_au"):
        con.execute("DROP TRIGGER IF EXISTS " + t)
    have = {r[0] for r in con.execute("SELECT url FROM articles")}
    n = 0
    for line in open(stream):
        r = json.loads(line)
        if r["published"] >= until or r["url"] in have:
            continue
        con.execute("INSERT INTO articles (lang, country, published, fetched, url, canonical_url,"
                    " title, text, relevance_class, tone_label, topics)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, '')",
                    (r["lang"], r["country"], r["published"], r["published"], r["url"], r["url"],
                     r["title"], r["relevance_class"], r["tone_label"]))
        n += 1
    con.commit()
    print(n)

if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        load(sys.argv[2], sys.argv[3], int(sys.argv[4]))
