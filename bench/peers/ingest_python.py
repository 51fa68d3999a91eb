#!/usr/bin/env python3
"""The Python stack a user would pick instead of herald, on the same local
corpus as bench_ingest: feedparser for feeds, readability-lxml for the main
text, langdetect for the language, sqlite3 FTS5 (unicode61) for search.
Prints pages/s end to end. Usage: ingest_python.py FEED_DIR PAGE_DIR DB [LIMIT] [--no-langid]"""
import gzip
import os
import sqlite3
import sys
import time

import feedparser
import lxml.html
from readability import Document

try:
    from langdetect import DetectorFactory, detect
    DetectorFactory.seed = 0
except ImportError:  # pragma: no cover
    detect = None


def load(d, sufs, limit=None):
    out = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(sufs):
            continue
        p = os.path.join(d, name)
        opener = gzip.open if name.endswith(".gz") else open
        with opener(p, "rb") as f:
            out.append(f.read())
        if limit and len(out) >= limit:
            break
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    langid = "--no-langid" not in sys.argv and detect is not None
    feed_dir, page_dir, db = args[0], args[1], args[2]
    limit = int(args[3]) if len(args) > 3 else None
    feeds = load(feed_dir, (".xml", ".rss", ".atom", ".json"))
    pages = load(page_dir, (".html", ".html.gz", ".htm"), limit)
    if os.path.exists(db):
        os.unlink(db)
    con = sqlite3.connect(db)
    con.execute("pragma journal_mode=wal")
    con.execute("create table a(id integer primary key, url text unique, title text, body text, lang text)")
    con.execute("create virtual table f using fts5(title, body, content='a', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2')")
    c0 = time.process_time()
    t0 = time.monotonic()
    entries = sum(len(feedparser.parse(f).entries) for f in feeds)
    t1 = time.monotonic()
    stored = 0
    for i, html in enumerate(pages):
        try:
            doc = Document(html)
            title = doc.short_title()
            text = lxml.html.fromstring(doc.summary()).text_content().strip()
        except Exception:
            continue
        if not text:
            continue
        lang = None
        if langid:
            try:
                lang = detect(text[:2000])
            except Exception:
                lang = None
        cur = con.execute("insert into a(url,title,body,lang) values(?,?,?,?)",
                          (f"http://bench.invalid/page/{i}", title, text, lang))
        con.execute("insert into f(rowid,title,body) values(?,?,?)", (cur.lastrowid, title, text))
        stored += 1
        if i % 256 == 255:
            con.commit()
    con.commit()
    t2 = time.monotonic()
    cpu = time.process_time() - c0
    mb = sum(len(p) for p in pages) / 1e6
    print(f"python{'+langdetect' if langid else ''}: {len(feeds)} feeds ({entries} entries) in "
          f"{t1 - t0:.3f} s; {len(pages)} pages ({mb:.1f} MB) -> {stored} stored in {t2 - t1:.3f} s; "
          f"{len(pages) / (t2 - t0):.1f} pages/s end to end; "
          f"{len(pages) / cpu:.1f} pages per CPU-second")


if __name__ == "__main__":
    main()
