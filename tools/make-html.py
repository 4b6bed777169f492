#!/usr/bin/env python3
"""Render a Tidsskriftet "Aktuelt i foreningen" seed text as a page shaped
like a real tidsskriftet.no article page (python3 stdlib only).

  make-html.py [--markdown] [--legacy] SEED.txt OUT.html

The seed is the article as extracted text: title, "AKTUELT I FORENINGEN",
the author in capitals, optionally an e-mail address, the author's role, the
lead paragraph, the body (paragraphs; short lines without end punctuation are
subheadings; lines such as "FOREDRAG: …" are photo captions; a run of blank
lines marks where a photo stood; a paragraph opening with «…» is a pull
quote), then "Publisert: …" and "© …".  --markdown reads the Markdown-flavoured
variant (## title, ---, [mail](mailto:…), **lead**).  --legacy writes an older
(2020) page: ISO-8859-1, declared only by <meta http-equiv="Content-Type">.

Body text is the seed's text verbatim, only HTML-escaped.
"""
import argparse
import html
import json
import re
import sys

MONTHS = {m: i + 1 for i, m in enumerate(
    "januar februar mars april mai juni juli august september oktober november desember".split())}
JOURNAL = "Tidsskrift for Den norske legeforening"


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


def proper_case(name):
    """ANNE-KARIN RIME -> Anne-Karin Rime"""
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))
                    for w in name.split())


def slugify(s):
    s = s.lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("é", "e"), ("ó", "o")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


CAPTION = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ ]+: ")


def is_heading(line):
    return len(line) < 80 and not re.search(r"[.!?:;,»)]$", line) and not CAPTION.match(line)


def parse(text, markdown):
    """Return (meta, blocks).  blocks: list of (kind, text)."""
    raw = text.replace("\r\n", "\n").split("\n")
    items = []           # non-blank lines, with the number of blank lines before each
    blanks = 0
    for line in raw:
        s = line.strip()
        if markdown and s == "---":
            continue
        if not s:
            blanks += 1
            continue
        items.append((blanks, s))
        blanks = 0

    def unmd(s):
        if not markdown:
            return s
        s = re.sub(r"^#+\s*", "", s)
        s = re.sub(r"^\*\*(.*)\*\*$", r"\1", s)
        s = re.sub(r"\[([^\]]*)\]\(mailto:[^)]*\)", r"\1", s)
        return s

    lines = [(b, unmd(s)) for b, s in items]
    i = 0
    title = lines[i][1]; i += 1
    if lines[i][1].upper() != "AKTUELT I FORENINGEN":
        sys.exit("make-html: expected AKTUELT I FORENINGEN after the title")
    i += 1
    author = proper_case(lines[i][1]); i += 1
    email = None
    if "@" in lines[i][1] and " " not in lines[i][1]:
        email = lines[i][1]; i += 1
    role = lines[i][1]; i += 1
    lead = lines[i][1]; i += 1

    published = copyright_ = None
    blocks = []
    for b, s in lines[i:]:
        if s.startswith("Publisert:"):
            published = s
            continue
        if s.startswith("©"):
            copyright_ = s
            continue
        photo = b >= 3           # a photo stood here
        if CAPTION.match(s):
            blocks.append(("figure", s))
            continue
        if photo:
            blocks.append(("image", ""))
        if s.startswith("«"):
            blocks.append(("quote", s))
        elif is_heading(s):
            blocks.append(("h2", s))
        else:
            blocks.append(("p", s))
    if not published or not copyright_:
        sys.exit("make-html: no Publisert:/© lines")
    m = re.match(r"Publisert: (\d{1,2})\. (\w+) (\d{4})\.", published)
    if not m:
        sys.exit("make-html: cannot read the date in: " + published)
    day, month, year = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
    doi = re.search(r"DOI: (10\.\S+?)\.?$", published)
    meta = dict(title=title, author=author, email=email, role=role, lead=lead,
                published=published, copyright=copyright_, year=year, month=month, day=day,
                doi=doi.group(1) if doi else None)
    return meta, blocks


STYLE = """\
  :root { --tk-red: #b0002b; --tk-ink: #1b1b1b; --tk-grey: #6b6b6b; }
  body { margin: 0; font-family: "Source Sans Pro", Arial, sans-serif; color: var(--tk-ink); }
  .site-header { border-bottom: 1px solid #ddd; padding: 0 1rem; display: flex; align-items: center; }
  .site-header nav a { margin-right: 1.2rem; color: var(--tk-ink); text-decoration: none; }
  .cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; background: #f4f1ec; padding: 1rem; }
  main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  .article-category { text-transform: uppercase; color: var(--tk-red); font-weight: 600; }
  .article-title { font-family: Georgia, serif; font-size: 2.4rem; line-height: 1.15; }
  .author-name { text-transform: uppercase; font-weight: 600; }
  .article-lead { font-size: 1.25rem; font-weight: 600; }
  figure { margin: 1.5rem 0; } figure img { width: 100%; height: auto; }
  figcaption { font-size: .9rem; color: var(--tk-grey); }
  blockquote { font-family: Georgia, serif; font-size: 1.4rem; border-left: 4px solid var(--tk-red); padding-left: 1rem; }
  .article-footer, .related, .site-footer { font-size: .9rem; color: var(--tk-grey); }
"""

SCRIPT = """\
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('consent', 'default', {'analytics_storage': 'denied', 'ad_storage': 'denied'});
  gtag('js', new Date());
  gtag('config', 'G-TIDSSKR1FT', {'anonymize_ip': true, 'content_group': 'aktuelt-i-foreningen'});
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.querySelector('.cookie-banner');
    if (b && document.cookie.indexOf('tk_consent=') !== -1) { b.hidden = true; }
    document.querySelectorAll('.cookie-banner button').forEach(function (btn) {
      btn.addEventListener('click', function () {
        document.cookie = 'tk_consent=' + btn.value + '; path=/; max-age=31536000';
        b.hidden = true;
      });
    });
  });
"""

NAV = [("Aktuelt", "/aktuelt"), ("Forskning", "/forskning"), ("Meninger", "/meninger"),
       ("Podkast", "/podkast"), ("Kurs og jobb", "/kurs-og-jobb"),
       ("Aktuelt i foreningen", "/aktuelt-i-foreningen"), ("Om Tidsskriftet", "/om-tidsskriftet")]

# "Les også": the three corpus articles link to each other.
RELATED = [
    ("Medlemsmøter med fremtidens leger – på tvers av landegrensener",
     "https://tidsskriftet.no/2026/04/aktuelt-i-foreningen/"
     "medlemsmoter-med-fremtidens-leger-pa-tvers-av-landegrensener"),
    ("Et godt legeliv starter på medisinstudiet",
     "https://tidsskriftet.no/2024/08/aktuelt-i-foreningen/et-godt-legeliv-starter-pa-medisinstudiet"),
    ("Utenforlandet Norge",
     "https://tidsskriftet.no/2020/03/aktuelt-i-foreningen/utenforlandet-norge"),
]


def render(meta, blocks, legacy):
    url = "https://tidsskriftet.no/%04d/%02d/aktuelt-i-foreningen/%s" % (
        meta["year"], meta["month"], slugify(meta["title"]))
    date_slash = "%04d/%02d/%02d" % (meta["year"], meta["month"], meta["day"])
    date_iso = date_slash.replace("/", "-")
    t = meta["title"]
    o = []
    w = o.append
    w("<!DOCTYPE html>")
    w('<html lang="nb">')
    w("<head>")
    if legacy:
        w('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    else:
        w('<meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w("<title>%s | %s</title>" % (esc(t), JOURNAL))
    w('<meta name="description" content="%s">' % attr(meta["lead"]))
    w('<meta name="citation_title" content="%s">' % attr(t))
    w('<meta name="citation_author" content="%s">' % attr(meta["author"]))
    w('<meta name="citation_publication_date" content="%s">' % date_slash)
    if meta["doi"]:
        w('<meta name="citation_doi" content="%s">' % attr(meta["doi"]))
    w('<meta name="citation_journal_title" content="%s">' % JOURNAL)
    w('<meta name="citation_language" content="no">')
    w('<meta property="og:title" content="%s">' % attr(t))
    w('<meta property="og:type" content="article">')
    w('<meta property="og:url" content="%s">' % attr(url))
    w('<meta property="og:site_name" content="%s">' % JOURNAL)
    w('<meta property="og:description" content="%s">' % attr(meta["lead"]))
    w('<link rel="canonical" href="%s">' % attr(url))
    w('<link rel="icon" href="/themes/tidsskriftet/favicon.ico">')
    w('<script async src="https://www.googletagmanager.com/gtag/js?id=G-TIDSSKR1FT"></script>')
    w("<script>")
    o.append(SCRIPT.rstrip("\n"))
    w("</script>")
    w("<style>")
    o.append(STYLE.rstrip("\n"))
    w("</style>")
    ld = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": t,
        "description": meta["lead"],
        "datePublished": date_iso,
        "inLanguage": "nb",
        "author": [{"@type": "Person", "name": meta["author"], "jobTitle": meta["role"]}],
        "isPartOf": {"@type": "Periodical", "name": JOURNAL, "issn": ["0029-2001", "0807-7096"]},
        "publisher": {"@type": "Organization", "name": "Den norske legeforening"},
        "mainEntityOfPage": url,
    }
    if meta["doi"]:
        ld["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": meta["doi"]}
    w('<script type="application/ld+json">')
    o.append(json.dumps(ld, ensure_ascii=False, indent=2).replace("</", "<\\/"))
    w("</script>")
    w("</head>")
    w('<body class="page-article">')
    w('<header class="site-header">')
    w('  <a class="logo" href="/" title="Forside"><img src="/themes/tidsskriftet/logo.svg" alt="%s" width="220" height="40"></a>' % JOURNAL)
    w('  <nav aria-label="Hovedmeny">')
    w("    <ul>")
    for name, href in NAV:
        w('      <li><a href="%s">%s</a></li>' % (href, esc(name)))
    w("    </ul>")
    w("  </nav>")
    w('  <form class="search" action="/sok" method="get"><label for="q">Søk</label> '
      '<input id="q" type="search" name="q"> <button type="submit">Søk</button></form>')
    w("</header>")
    w('<div class="cookie-banner" role="dialog" aria-label="Informasjonskapsler">')
    w("  <p>Vi bruker informasjonskapsler (cookies) for å forbedre brukeropplevelsen og for å "
      "lage statistikk over trafikken på nettstedet. Du kan selv velge hvilke du godtar. "
      '<a href="/informasjonskapsler">Les mer om informasjonskapsler</a>.</p>')
    w('  <button type="button" value="all">Godta alle</button> '
      '<button type="button" value="necessary">Bare nødvendige</button>')
    w("</div>")
    w("<main>")
    w('<article class="article">')
    w('  <div class="article-category">Aktuelt i foreningen</div>')
    w('  <h1 class="article-title">%s</h1>' % esc(t))
    w('  <div class="article-authors">')
    a = '<span class="author-name">%s</span> <span class="author-role">%s</span>' % (
        esc(meta["author"]), esc(meta["role"]))
    if meta["email"]:
        a += ' <a class="author-email" href="mailto:%s">%s</a>' % (attr(meta["email"]), esc(meta["email"]))
    w('    <div class="author">%s</div>' % a)
    w("  </div>")
    w('  <p class="article-lead">%s</p>' % esc(meta["lead"]))
    w('  <div class="article-body">')
    slug = slugify(t)
    if len(slug) > 40:
        slug = slug[:41].rsplit("-", 1)[0]
    img_dir = "/sites/default/files/styles/article_image/public/%04d-%02d/" % (meta["year"], meta["month"])
    nimg = 0
    for kind, s in blocks:
        if kind in ("figure", "image"):
            nimg += 1
            src = "%s%s-%d.jpg" % (img_dir, slug, nimg)
            if kind == "figure":
                w('    <figure><img src="%s" alt="" width="800" height="533" loading="lazy">'
                  "<figcaption>%s</figcaption></figure>" % (attr(src), esc(s)))
            else:
                w('    <figure><img src="%s" alt="" width="800" height="533" loading="lazy"></figure>'
                  % attr(src))
        elif kind == "quote":
            w("    <blockquote><p>%s</p></blockquote>" % esc(s))
        elif kind == "h2":
            w("    <h2>%s</h2>" % esc(s))
        else:
            w("    <p>%s</p>" % esc(s))
    w("  </div>")
    w('  <div class="article-footer">')
    pub = esc(meta["published"])
    if meta["doi"]:
        d = esc(meta["doi"])
        pub = pub.replace("DOI: " + d, 'DOI: <a href="https://doi.org/%s">%s</a>' % (attr(meta["doi"]), d))
    w("    <p>%s</p>" % pub)
    w("    <p>%s</p>" % esc(meta["copyright"]))
    w("  </div>")
    w("</article>")
    w('<aside class="related">')
    w("  <h2>Les også</h2>")
    w("  <ul>")
    for rt, rurl in RELATED:
        if rurl != url:
            w('    <li><a href="%s">%s</a></li>' % (attr(rurl), esc(rt)))
    w('    <li><a href="/aktuelt-i-foreningen">Flere saker fra Aktuelt i foreningen</a></li>')
    w("  </ul>")
    w("</aside>")
    w("</main>")
    w('<footer class="site-footer">')
    w("  <address>%s<br>Postboks 1152 Sentrum, 0107 Oslo<br>"
      'E-post: <a href="mailto:redaksjonen@tidsskriftet.no">redaksjonen@tidsskriftet.no</a></address>' % JOURNAL)
    w("  <ul>")
    for name, href in (("Om Tidsskriftet", "/om-tidsskriftet"), ("Kontakt oss", "/kontakt"),
                       ("Personvern", "/personvern"), ("Informasjonskapsler", "/informasjonskapsler"),
                       ("Annonser", "/annonser"), ("RSS", "/rss.xml")):
        w('    <li><a href="%s">%s</a></li>' % (href, esc(name)))
    w("  </ul>")
    w("  <p>ISSN 0807-7096 (nett), 0029-2001 (trykk). Ansvarlig redaktør: se "
      '<a href="/om-tidsskriftet/redaksjonen">redaksjonen</a>. Tidsskriftet redigeres etter '
      "Redaktørplakaten.</p>")
    w("  <p>© %s %d. Alle rettigheter forbeholdt.</p>" % (JOURNAL, 2026))
    w("</footer>")
    w("</body>")
    w("</html>")
    return "\n".join(o) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--legacy", action="store_true")
    ap.add_argument("seed")
    ap.add_argument("out")
    a = ap.parse_args()
    with open(a.seed, encoding="utf-8") as f:
        text = f.read()
    meta, blocks = parse(text, a.markdown)
    page = render(meta, blocks, a.legacy)
    if a.legacy:
        # Everything from the seed must fit ISO-8859-1 as it is (strict);
        # page chrome outside Latin-1 (the "–" in a "Les også" title) becomes
        # a character reference, as on old pages.
        text.encode("iso-8859-1")
        data = page.encode("iso-8859-1", "xmlcharrefreplace")
    else:
        data = page.encode("utf-8")
    with open(a.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
