#!/usr/bin/env python3
"""Builds the demo news site (data/demo-site) from the article sources in
_src/<outlet>.txt: article pages, outlet front pages, feeds and sitemaps.
Every absolute URL is written as {{BASE}}; `herald demo-site` replaces it.
Run: python3 data/demo-site/_src/build.py  (rewrites the generated files)."""
import html
import json
import os
import re
import unicodedata
from datetime import datetime, timezone
from email.utils import format_datetime

SRC = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SRC)
B = "{{BASE}}"

OUTLETS = {
    "meridian": dict(name="The Meridian Times", lang="en", country="GB", kind="foreign",
                     feed="rss.xml", style="meridian", meta="jsonld"),
    "courrier": dict(name="Le Courrier de l'Asie", lang="fr", country="FR", kind="foreign",
                     feed="atom.xml", style="courrier", meta="og"),
    "dongfang": dict(name="东方观察网", lang="zh", country="CN", kind="foreign",
                     feed="feed.json", style="dongfang", meta="jsonld"),
    "phuongnam": dict(name="Tin Phương Nam", lang="vi", country="VN", kind="domestic",
                      feed="rss.xml", style="phuongnam", meta="og", charset="windows-1258"),
    "songhong": dict(name="Báo Sông Hồng Điện tử", lang="vi", country="VN", kind="domestic",
                     feed="news-sitemap.xml", style="songhong", meta="og"),
    "straits": dict(name="The Straits Ledger", lang="en", country="SG", kind="foreign",
                    feed="index.rdf", style="straits", meta="jsonld"),
    "vostok": dict(name="Вестник Востока", lang="ru", country="RU", kind="foreign",
                   feed="sitemap_index.xml", style="vostok", meta="jsonld"),
    "cronica": dict(name="Crónica del Pacífico", lang="es", country="ES", kind="foreign",
                    feed="rss.xml", style="cronica", meta="og"),
    "ajia": dict(name="アジア経済ウィークリー", lang="ja", country="JP", kind="foreign",
                 feed="rss.xml", style="ajia", meta="jsonld"),
}

UI = {
    "en": dict(home="Home", world="World", asia="Asia", business="Business", culture="Culture",
               related="Related stories", comments="Comments", share="Share", by="By",
               cookie="We use cookies to improve your experience. Accept all?",
               accept="Accept", ad="Advertisement", rights="All rights reserved."),
    "fr": dict(home="Accueil", world="Monde", asia="Asie", business="Économie", culture="Culture",
               related="À lire aussi", comments="Commentaires", share="Partager", by="Par",
               cookie="Ce site utilise des cookies. Acceptez-vous ?", accept="J'accepte",
               ad="Publicité", rights="Tous droits réservés."),
    "zh": dict(home="首页", world="国际", asia="亚太", business="财经", culture="文化",
               related="相关新闻", comments="网友评论", share="分享", by="作者",
               cookie="本网站使用Cookie以改善您的浏览体验。", accept="同意",
               ad="广告", rights="版权所有"),
    "vi": dict(home="Trang chủ", world="Thế giới", asia="Châu Á", business="Kinh tế",
               culture="Văn hóa", related="Tin liên quan", comments="Bình luận",
               share="Chia sẻ", by="Bài", cookie="Trang web sử dụng cookie. Bạn đồng ý chứ?",
               accept="Đồng ý", ad="Quảng cáo", rights="Bảo lưu mọi quyền."),
    "ru": dict(home="Главная", world="Мир", asia="Азия", business="Экономика",
               culture="Культура", related="Читайте также", comments="Комментарии",
               share="Поделиться", by="Автор", cookie="Мы используем файлы cookie.",
               accept="Согласен", ad="Реклама", rights="Все права защищены."),
    "es": dict(home="Portada", world="Internacional", asia="Asia", business="Economía",
               culture="Cultura", related="Noticias relacionadas", comments="Comentarios",
               share="Compartir", by="Por", cookie="Usamos cookies propias y de terceros.",
               accept="Aceptar", ad="Publicidad", rights="Todos los derechos reservados."),
    "ja": dict(home="ホーム", world="国際", asia="アジア", business="経済", culture="文化",
               related="関連記事", comments="コメント", share="シェア", by="記者",
               cookie="当サイトはクッキーを使用しています。", accept="同意する",
               ad="広告", rights="無断転載を禁じます。"),
}


def parse_source(outlet):
    """Reads _src/<outlet>.txt: '=== slug' blocks of 'key: value' lines, '---',
    then paragraphs separated by blank lines."""
    with open(os.path.join(SRC, outlet + ".txt"), encoding="utf-8") as f:
        text = f.read()
    arts = []
    for block in re.split(r"^=== ", text, flags=re.M)[1:]:
        head, _, body = block.partition("\n---\n")
        lines = head.split("\n")
        a = dict(slug=lines[0].strip(), outlet=outlet, flags=[], tags=[])
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                a[k.strip()] = v.strip()
        a["flags"] = a["flags"].split() if isinstance(a["flags"], str) else []
        a["tags"] = [t.strip() for t in a["tags"].split(",")] if isinstance(a["tags"], str) else []
        a["paras"] = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
        a["dt"] = datetime.fromisoformat(a["date"])
        prefix = "premium/" if "premium" in a["flags"] else ""
        a["path"] = "/%s/%s%s/%s.html" % (outlet, prefix, a["dt"].strftime("%Y/%m"), a["slug"])
        a["url"] = B + a["path"]
        arts.append(a)
    arts.sort(key=lambda x: x["dt"], reverse=True)
    return arts


def esc(s):
    return html.escape(s, quote=True)


def body_html(a, close_p=True):
    """Paragraphs to HTML; '## ' is a subheading, '|' rows form a table."""
    out = []
    for p in a["paras"]:
        if p.startswith("## "):
            out.append("<h2>%s</h2>" % esc(p[3:]))
        elif p.startswith("|"):
            rows = [[c.strip() for c in r.strip().strip("|").split("|")] for r in p.split("\n")]
            t = ['<table class="data">', "<tr>" + "".join("<th>%s</th>" % esc(c) for c in rows[0]) + "</tr>"]
            t += ["<tr>" + "".join("<td>%s</td>" % esc(c) for c in r) + "</tr>" for r in rows[1:]]
            out.append("\n".join(t) + "\n</table>")
        else:
            out.append("<p>%s%s" % (esc(p), "</p>" if close_p else ""))
    return "\n".join(out)


def jsonld(a, o):
    d = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
         "datePublished": a["date"], "dateModified": a.get("modified", a["date"]),
         "inLanguage": o["lang"], "mainEntityOfPage": a["url"],
         "author": {"@type": "Person", "name": a["author"]},
         "publisher": {"@type": "Organization", "name": o["name"],
                       "logo": {"@type": "ImageObject", "url": B + "/%s/logo.png" % a["outlet"]}},
         "image": [B + "/%s/img/%s.jpg" % (a["outlet"], a["slug"])],
         "description": a["summary"], "keywords": a["tags"],
         "articleSection": a.get("section", "")}
    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": o["name"], "item": B + "/%s/" % a["outlet"]},
        {"@type": "ListItem", "position": 2, "name": a.get("section", "")}]}
    return ('<script type="application/ld+json">%s</script>\n'
            '<script type="application/ld+json">%s</script>' %
            (json.dumps(d, ensure_ascii=False), json.dumps(crumbs, ensure_ascii=False)))


def og(a, o):
    tags = ['<meta property="og:type" content="article">',
            '<meta property="og:site_name" content="%s">' % esc(o["name"]),
            '<meta property="og:title" content="%s">' % esc(a["title"]),
            '<meta property="og:description" content="%s">' % esc(a["summary"]),
            '<meta property="og:url" content="%s">' % a["url"],
            '<meta property="og:image" content="%s/%s/img/%s.jpg">' % (B, a["outlet"], a["slug"]),
            '<meta property="article:published_time" content="%s">' % a["date"],
            '<meta property="article:section" content="%s">' % esc(a.get("section", "")),
            '<meta name="twitter:card" content="summary_large_image">']
    tags += ['<meta property="article:tag" content="%s">' % esc(t) for t in a["tags"]]
    return "\n".join(tags)


def head(a, o, charset="utf-8"):
    """<head>: metadata by outlet (JSON-LD, OpenGraph or none), canonical."""
    bare = "bare" in a["flags"]
    canon = a["path"] if a["outlet"] == "courrier" else a["url"]
    parts = ['<meta charset="%s">' % charset,
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>%s | %s</title>" % (esc(a["title"]), esc(o["name"]))]
    if not bare:
        parts.append('<meta name="description" content="%s">' % esc(a["summary"]))
        parts.append('<link rel="canonical" href="%s">' % canon)
        parts.append(og(a, o) if o["meta"] == "og" else jsonld(a, o))
    parts.append('<link rel="stylesheet" href="/%s/site.css">' % a["outlet"])
    parts.append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push"
                 "(arguments)}gtag('js',new Date());gtag('config','UA-000000-1');</script>")
    return "\n".join(parts)


def related(a, arts, ui):
    others = [x for x in arts if x is not a and "missing" not in x["flags"]][:4]
    items = "".join('<li><a href="%s?ref=related">%s</a></li>' % (x["path"], esc(x["title"]))
                    for x in others)
    return '<aside class="related"><h3>%s</h3><ul>%s</ul></aside>' % (ui["related"], items)


def chrome(o, ui, outlet):
    """Navigation, cookie banner and footer shared by an outlet's pages."""
    nav = ('<nav class="main-nav"><ul><li><a href="/%s/">%s</a></li><li><a href="/%s/world/">%s</a>'
           '</li><li><a href="/%s/asia/">%s</a></li><li><a href="/%s/business/">%s</a></li>'
           '<li><a href="/%s/culture/">%s</a></li></ul>'
           '<form class="search" action="/%s/search"><input name="q"></form></nav>' %
           (outlet, ui["home"], outlet, ui["world"], outlet, ui["asia"], outlet, ui["business"],
            outlet, ui["culture"], outlet))
    cookie = ('<div id="cookie-banner" class="cookie-consent"><p>%s</p><button onclick="this.parentNode.'
              'remove()">%s</button></div>' % (ui["cookie"], ui["accept"]))
    foot = ('<footer class="site-footer"><ul><li><a href="/%s/about.html">About</a></li><li>'
            '<a href="/%s/contact.html">Contact</a></li><li><a href="/%s/privacy.html">Privacy</a>'
            '</li></ul><p>&copy; 2026 %s. %s</p></footer>' % (outlet, outlet, outlet, esc(o["name"]),
                                                              ui["rights"]))
    return nav, cookie, foot


def share(ui, url):
    return ('<div class="share-bar"><span>%s</span><a class="fb" href="https://www.facebook.com/'
            'sharer.php?u=%s">Facebook</a> <a class="x" href="https://x.com/intent/post?url=%s">X</a>'
            ' <a class="mail" href="mailto:?body=%s">Email</a></div>' % (ui["share"], url, url, url))


def comments(ui, lang):
    sample = {"en": ["Good overview, thanks.", "Would like more detail on the figures."],
              "fr": ["Article intéressant.", "Merci pour ce reportage."],
              "zh": ["写得很好。", "期待后续报道。"], "vi": ["Bài viết hay.", "Cảm ơn tòa soạn."],
              "ru": ["Интересно.", "Спасибо за материал."], "es": ["Muy interesante.", "Gracias."],
              "ja": ["参考になりました。", "続報を期待します。"]}[lang]
    items = "".join('<li class="comment"><span class="who">reader%d</span><p>%s</p></li>' % (i + 1, esc(c))
                    for i, c in enumerate(sample))
    return ('<section id="comments" class="comments"><h3>%s (%d)</h3><ol>%s</ol>'
            '<form class="comment-form"><textarea></textarea><button>OK</button></form></section>' %
            (ui["comments"], len(sample), items))


def ad(ui, n):
    return ('<div class="ad-slot" id="ad-%d"><span class="ad-label">%s</span><script>'
            'googletag.cmd.push(function(){googletag.display("ad-%d")});</script></div>' % (n, ui["ad"], n))


def render_page(a, o, arts):
    """One article page in the outlet's own layout."""
    ui = UI[o["lang"]]
    nav, cookie, foot = chrome(o, ui, a["outlet"])
    style = o["style"]
    charset = o.get("charset", "utf-8")
    date_h = a["dt"].strftime("%d/%m/%Y %H:%M") if o["lang"] in ("vi", "fr", "es") else \
        a["dt"].strftime("%Y-%m-%d %H:%M")
    crumbs = ('<ol class="breadcrumb"><li><a href="/%s/">%s</a></li><li><a href="/%s/%s/">%s</a>'
              '</li></ol>' % (a["outlet"], ui["home"], a["outlet"], a.get("section", "news").lower(),
                               esc(a.get("section", ""))))
    byline = '<span class="byline">%s %s</span> <time datetime="%s">%s</time>' % (
        ui["by"], esc(a["author"]), a["date"], date_h)
    lead = '<p class="sapo"><strong>%s</strong></p>' % esc(a["summary"])
    body = body_html(a, close_p=(style != "phuongnam"))
    fig = ('<figure><img src="/%s/img/%s.jpg" alt="" width="800" height="450"><figcaption>%s'
           '</figcaption></figure>' % (a["outlet"], a["slug"], esc(a.get("caption", a["title"]))))
    if style in ("meridian", "straits", "ajia"):
        main = ('<main><article class="story">%s<header><h1 class="headline">%s</h1><p class="standfirst">'
                '%s</p>%s%s</header>%s%s<div class="story-body">%s</div>%s<div class="tags">%s</div>'
                '</article>%s%s</main>' % (crumbs, esc(a["title"]), esc(a["summary"]), byline,
                                           share(ui, a["url"]), fig, ad(ui, 1), body, ad(ui, 2),
                                           " ".join('<a rel="tag" href="/%s/tag/%s">%s</a>' %
                                                    (a["outlet"], esc(t.lower()), esc(t))
                                                    for t in a["tags"]),
                                           related(a, arts, ui), comments(ui, o["lang"])))
    elif style in ("courrier", "cronica"):
        main = ('<div id="page"><div class="col-main">%s<h1>%s</h1><div class="meta">%s</div>%s'
                '<div class="article-content">%s%s%s</div>%s</div><div class="col-side">%s%s</div>'
                '</div>%s' % (crumbs, esc(a["title"]), byline, lead, fig, body, ad(ui, 1),
                               share(ui, a["url"]), related(a, arts, ui), ad(ui, 2),
                               comments(ui, o["lang"])))
    else:  # dongfang, phuongnam, songhong, vostok: table-ish portal layouts
        main = ('<div class="wrapper">%s<table class="layout" width="100%%"><tr><td class="content">'
                '<div class="title-detail"><h1>%s</h1></div><div class="date-time">%s</div>%s'
                '<div id="main-detail" class="fck_detail">%s%s</div>%s</td><td class="sidebar" '
                'width="300">%s%s</td></tr></table>%s</div>' %
                (crumbs, esc(a["title"]), byline, lead, body, share(ui, a["url"]),
                 comments(ui, o["lang"]), ad(ui, 1), related(a, arts, ui), ad(ui, 2)))
    return ('<!DOCTYPE html>\n<html lang="%s">\n<head>\n%s\n</head>\n<body class="%s">\n%s\n'
            '<header class="masthead"><a class="logo" href="/%s/">%s</a></header>\n%s\n%s\n%s\n'
            '<script src="/%s/app.js" async></script>\n</body>\n</html>\n' %
            (o["lang"], head(a, o, charset), style, cookie, a["outlet"], esc(o["name"]), nav, main,
             foot, a["outlet"]))


def to_cp1258(s):
    """Encodes Vietnamese text in windows-1258: precomposed base letters
    (â ê ô ơ ư ă đ) plus combining tone marks."""
    out = []
    for ch in s:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        tones = [c for c in d if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out.append((base + "".join(tones)).encode("cp1258", errors="xmlcharrefreplace"))
    return b"".join(out)


def write(path, text, charset="utf-8"):
    full = os.path.join(ROOT, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    data = to_cp1258(text) if charset == "windows-1258" else text.encode("utf-8")
    with open(full, "wb") as f:
        f.write(data)


def rfc822(dt):
    return format_datetime(dt)


def feed_link(a):
    return a["url"] + ("?utm_source=rss&amp;utm_medium=feed&amp;utm_campaign=%s" % a["slug"]
                       if a["outlet"] == "meridian" else "")


def rss2(outlet, o, arts):
    ns = ('xmlns:content="http://purl.org/rss/1.0/modules/content/" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" '
          'xmlns:atom="http://www.w3.org/2005/Atom"')
    charset = o.get("charset", "utf-8")
    items = []
    for a in arts:
        x = ["<item>", "<title>%s</title>" % esc(a["title"]), "<link>%s</link>" % feed_link(a),
             '<guid isPermaLink="false">%s-%s</guid>' % (outlet, a["slug"]),
             "<description>%s</description>" % esc(a["summary"])]
        if outlet == "ajia":
            x.append("<dc:date>%s</dc:date>" % a["date"])
        else:
            x.append("<pubDate>%s</pubDate>" % rfc822(a["dt"]))
        if outlet in ("meridian", "phuongnam"):
            x.append("<dc:creator>%s</dc:creator>" % esc(a["author"]))
            x += ["<category>%s</category>" % esc(t) for t in a["tags"]]
        if outlet == "meridian":
            x.append("<content:encoded><![CDATA[%s]]></content:encoded>" % body_html(a))
            x.append('<media:thumbnail url="%s/%s/img/%s-thumb.jpg" width="320" height="180"/>' %
                     (B, outlet, a["slug"]))
        items.append("\n".join(x) + "\n</item>")
    return ('<?xml version="1.0" encoding="%s"?>\n<rss version="2.0" %s>\n<channel>\n'
            "<title>%s</title>\n<link>%s/%s/</link>\n<description>%s</description>\n"
            "<language>%s</language>\n<lastBuildDate>%s</lastBuildDate>\n"
            '<atom:link href="%s/%s/%s" rel="self" type="application/rss+xml"/>\n%s\n'
            "</channel>\n</rss>\n" % (charset, ns, esc(o["name"]), B, outlet, esc(o["name"]), o["lang"],
                                       rfc822(arts[0]["dt"]), B, outlet, o["feed"], "\n".join(items)))


def atom(outlet, o, arts):
    entries = []
    for a in arts:
        rel = a["path"][len("/%s/" % outlet):]
        entries.append(
            '<entry>\n<title type="text">%s</title>\n<link rel="alternate" type="text/html" '
            'href="%s"/>\n<id>tag:courrier-asie.example,2026:%s</id>\n<published>%s</published>\n'
            "<updated>%s</updated>\n<author><name>%s</name></author>\n<summary>%s</summary>\n"
            '<content type="html">%s</content>\n%s\n</entry>' %
            (esc(a["title"]), rel, a["slug"], a["date"], a.get("modified", a["date"]), esc(a["author"]),
             esc(a["summary"]), esc(body_html(a)),
             "\n".join('<category term="%s"/>' % esc(t) for t in a["tags"])))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            'xml:lang="fr" xml:base="%s/%s/">\n<title>%s</title>\n<subtitle>L\'actualité de l\'Asie '
            'du Sud-Est</subtitle>\n<link rel="alternate" href="./"/>\n<link rel="self" href="atom.xml"/>\n'
            "<id>tag:courrier-asie.example,2026:feed</id>\n<updated>%s</updated>\n%s\n</feed>\n" %
            (B, outlet, esc(o["name"]), arts[0]["date"], "\n".join(entries)))


def jsonfeed(outlet, o, arts):
    items = [{"id": "%s-%s" % (outlet, a["slug"]), "url": a["url"], "title": a["title"],
              "content_html": body_html(a), "summary": a["summary"],
              "image": "%s/%s/img/%s.jpg" % (B, outlet, a["slug"]), "date_published": a["date"],
              "authors": [{"name": a["author"]}], "tags": a["tags"], "language": "zh-CN"}
             for a in arts]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": o["name"],
           "home_page_url": "%s/%s/" % (B, outlet), "feed_url": "%s/%s/feed.json" % (B, outlet),
           "language": "zh-CN", "items": items}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def rdf(outlet, o, arts):
    seq = "\n".join('<rdf:li rdf:resource="%s"/>' % a["url"] for a in arts)
    items = "\n".join(
        # The titles go out unescaped, as this outlet's CMS does: a bare '&'.
        '<item rdf:about="%s">\n<title>%s</title>\n<link>%s</link>\n<description>%s</description>\n'
        "<dc:date>%s</dc:date>\n<dc:creator>%s</dc:creator>\n<dc:subject>%s</dc:subject>\n</item>" %
        (a["url"], a["title"], a["url"], esc(a["summary"]), a["date"], esc(a["author"]),
         esc(a.get("section", ""))) for a in arts)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
            '22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/'
            'elements/1.1/">\n<channel rdf:about="%s/%s/index.rdf">\n<title>%s</title>\n<link>%s/%s/'
            '</link>\n<description>Business and politics from the Straits</description>\n'
            "<dc:language>en-SG</dc:language>\n<items><rdf:Seq>\n%s\n</rdf:Seq></items>\n</channel>\n"
            "%s\n</rdf:RDF>\n" % (B, outlet, esc(o["name"]), B, outlet, seq, items))


def news_sitemap(outlet, o, arts):
    urls = "\n".join(
        "<url><loc>%s</loc><news:news><news:publication><news:name>%s</news:name>"
        "<news:language>vi</news:language></news:publication><news:publication_date>%s"
        "</news:publication_date><news:title>%s</news:title></news:news>"
        "<image:image><image:loc>%s/%s/img/%s.jpg</image:loc></image:image></url>" %
        (a["url"], esc(o["name"]), a["date"], esc(a["title"]), B, outlet, a["slug"]) for a in arts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
            'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n%s\n</urlset>\n' % urls)


def sitemap_index(outlet, o, arts):
    months = sorted({a["dt"].strftime("%Y-%m") for a in arts})
    for m in months:
        urls = "\n".join("<url>\n<loc>%s</loc>\n<lastmod>%s</lastmod>\n<changefreq>never</changefreq>\n"
                         "</url>" % (a["url"], a["date"]) for a in arts
                         if a["dt"].strftime("%Y-%m") == m)
        write("/%s/sitemap-%s.xml" % (outlet, m),
              '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
              'sitemap/0.9">\n%s\n</urlset>\n' % urls)
    maps = "\n".join("<sitemap><loc>%s/%s/sitemap-%s.xml</loc><lastmod>%s</lastmod></sitemap>" %
                     (B, outlet, m, max(a["date"] for a in arts if a["dt"].strftime("%Y-%m") == m))
                     for m in months)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9">\n%s\n</sitemapindex>\n' % maps)


FEEDS = {"meridian": rss2, "courrier": atom, "dongfang": jsonfeed, "phuongnam": rss2,
         "songhong": news_sitemap, "straits": rdf, "vostok": sitemap_index, "cronica": rss2,
         "ajia": rss2}


def front(outlet, o, arts):
    ui = UI[o["lang"]]
    nav, cookie, foot = chrome(o, ui, outlet)
    items = "\n".join('<li><a href="%s">%s</a> <span class="summary">%s</span></li>' %
                      (a["path"], esc(a["title"]), esc(a["summary"])) for a in arts
                      if "missing" not in a["flags"])
    return ('<!DOCTYPE html>\n<html lang="%s"><head><meta charset="%s"><title>%s</title>'
            '<link rel="alternate" type="application/rss+xml" href="%s/%s/%s"></head><body>%s\n%s\n'
            "<h1>%s</h1><ul class=\"latest\">\n%s\n</ul>%s</body></html>\n" %
            (o["lang"], o.get("charset", "utf-8"), esc(o["name"]), B, outlet, o["feed"], cookie, nav,
             esc(o["name"]), items, foot))


def main():
    listing = []
    for outlet, o in OUTLETS.items():
        if not os.path.exists(os.path.join(SRC, outlet + ".txt")):
            continue
        arts = parse_source(outlet)
        charset = o.get("charset", "utf-8")
        for a in arts:
            if "missing" not in a["flags"]:
                write(a["path"], render_page(a, o, arts), charset)
        write("/%s/%s" % (outlet, o["feed"]), FEEDS[outlet](outlet, o, arts), charset)
        write("/%s/index.html" % outlet, front(outlet, o, arts), charset)
        listing.append('<li><a href="/%s/">%s</a> (%s) — <a href="/%s/%s">%s</a>, %d articles</li>' %
                       (outlet, esc(o["name"]), o["lang"], outlet, o["feed"], o["feed"], len(arts)))
    write("/index.html", '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>herald demo'
          " news site</title></head><body><h1>herald demo news site</h1><p>Fictional outlets written "
          "for testing herald. See README.md.</p><ul>\n%s\n</ul></body></html>\n" % "\n".join(listing))


if __name__ == "__main__":
    main()
