"""Generate a seeded Urdu news corpus: N articles and M = N / 5 glossary entries.

Articles are assembled from the real sentences of
``../shared/corpus/lavrov-pakistan-visit-2021.ur.txt`` and of the site's own
articles (split at the Urdu full stop ۔), with mentions of the generated
glossary entries woven in at news-like density: a few distinct entries per
article, the first mention by the full name, later ones often by an alias.
Entries carry synthetic but plausible Urdu names built from real Urdu given
names, family names, places and project types, and are unique after the
glossary's folding (``plugins/glossary/normalize.py``), also against the
site's real entries, which are copied in so that the real names in the real
sentences are linked too.

Everything is a function of (n, seed): the same arguments write the same
bytes. Nothing written produces a Pelican warning (builds run with
``--fatal warnings``).

    python -m bench.scale.corpus OUT_DIR -n 1000 [--seed 8]
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from khabarnama.glossary.normalize import match_key as fold

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
SITE_CONTENT = ROOT / "content"
DEFAULT_SEED = 8


__all__ = ["DEFAULT_SEED", "Corpus", "Entry", "generate", "main", "tag_names"]

# -- name parts: (Urdu, Latin) ----------------------------------------------

MALE_GIVEN = [
    ("محمد", "Muhammad"), ("احمد", "Ahmad"), ("علی", "Ali"), ("حسن", "Hassan"),
    ("حسین", "Hussain"), ("عارف", "Arif"), ("طارق", "Tariq"), ("شاہد", "Shahid"),
    ("ناصر", "Nasir"), ("جاوید", "Javed"), ("اقبال", "Iqbal"), ("فاروق", "Farooq"),
    ("عمر", "Umar"), ("عثمان", "Usman"), ("بلال", "Bilal"), ("فیصل", "Faisal"),
    ("کامران", "Kamran"), ("راشد", "Rashid"), ("خالد", "Khalid"), ("زاہد", "Zahid"),
    ("ساجد", "Sajid"), ("ماجد", "Majid"), ("نعیم", "Naeem"), ("وسیم", "Waseem"),
    ("ندیم", "Nadeem"), ("سلیم", "Saleem"), ("کریم", "Karim"), ("اسلم", "Aslam"),
    ("اکرم", "Akram"), ("انور", "Anwar"), ("منظور", "Manzoor"), ("مقصود", "Maqsood"),
    ("سعید", "Saeed"), ("رشید", "Rasheed"), ("حمید", "Hameed"), ("نوید", "Naveed"),
    ("امجد", "Amjad"), ("شفیق", "Shafiq"), ("رفیق", "Rafiq"), ("ذوالفقار", "Zulfiqar"),
    ("یاسر", "Yasir"), ("عامر", "Aamir"), ("شعیب", "Shoaib"), ("عدنان", "Adnan"),
    ("سلمان", "Salman"), ("فرحان", "Farhan"),
]  # fmt: skip

FEMALE_GIVEN = [
    ("عائشہ", "Ayesha"), ("فاطمہ", "Fatima"),
    ("زینب", "Zainab"), ("مریم", "Maryam"), ("صائمہ", "Saima"), ("نازیہ", "Nazia"),
    ("شازیہ", "Shazia"), ("رابعہ", "Rabia"), ("ثمینہ", "Samina"), ("نصرت", "Nusrat"),
    ("حنا", "Hina"), ("عاصمہ", "Asma"), ("ملیحہ", "Maleeha"), ("سائرہ", "Saira"),
]  # fmt: skip

FAMILY = [
    ("چوہدری", "Chaudhry"), ("ملک", "Malik"), ("بٹ", "Butt"), ("شیخ", "Sheikh"),
    ("صدیقی", "Siddiqui"), ("فاروقی", "Farooqui"), ("عباسی", "Abbasi"), ("گیلانی", "Gilani"),
    ("بخاری", "Bukhari"), ("نقوی", "Naqvi"), ("زیدی", "Zaidi"), ("رضوی", "Rizvi"),
    ("جعفری", "Jafri"), ("ہاشمی", "Hashmi"), ("انصاری", "Ansari"), ("مرزا", "Mirza"),
    ("بیگ", "Baig"), ("اعوان", "Awan"), ("ڈار", "Dar"), ("لغاری", "Leghari"),
    ("مزاری", "Mazari"), ("کھوسہ", "Khosa"), ("جتوئی", "Jatoi"), ("یوسفزئی", "Yousafzai"),
    ("آفریدی", "Afridi"), ("خٹک", "Khattak"), ("مروت", "Marwat"), ("درانی", "Durrani"),
    ("ترین", "Tareen"), ("نیازی", "Niazi"), ("کیانی", "Kayani"), ("راجپوت", "Rajput"),
    ("گوندل", "Gondal"), ("وڑائچ", "Warraich"), ("چیمہ", "Cheema"), ("ورک", "Virk"),
    ("سندھو", "Sandhu"), ("رانا", "Rana"), ("سومرو", "Soomro"), ("مینگل", "Mengal"),
    ("بگٹی", "Bugti"), ("رئیسانی", "Raisani"), ("اچکزئی", "Achakzai"), ("قاضی", "Qazi"),
    ("خان", "Khan"), ("قریشی", "Qureshi"), ("شاہ", "Shah"), ("جمالی", "Jamali"),
]  # fmt: skip

HONORIFICS = [("ڈاکٹر", "Dr"), ("پروفیسر", "Professor"), ("انجینئر", "Engineer")]

PLACES = [
    ("لاہور", "Lahore"), ("کراچی", "Karachi"), ("پشاور", "Peshawar"), ("کوئٹہ", "Quetta"),
    ("ملتان", "Multan"), ("فیصل آباد", "Faisalabad"), ("حیدرآباد", "Hyderabad"),
    ("گوادر", "Gwadar"), ("سکھر", "Sukkur"), ("گلگت", "Gilgit"), ("سیالکوٹ", "Sialkot"),
    ("گوجرانوالہ", "Gujranwala"), ("بہاولپور", "Bahawalpur"), ("سرگودھا", "Sargodha"),
    ("مردان", "Mardan"), ("ایبٹ آباد", "Abbottabad"), ("مظفرآباد", "Muzaffarabad"),
    ("تربت", "Turbat"), ("چترال", "Chitral"), ("سوات", "Swat"), ("ژوب", "Zhob"),
    ("تھر", "Thar"), ("داسو", "Dasu"), ("نیلم", "Neelum"), ("جہلم", "Jhelum"),
    ("چشمہ", "Chashma"), ("لاڑکانہ", "Larkana"), ("نوشہرہ", "Nowshera"),
]  # fmt: skip

# (Urdu, another common spelling or None, English)
PROJECT_TYPES = [
    ("موٹروے", "موٹر وے", "Motorway"),
    ("ڈیم", None, "Dam"),
    ("بندرگاہ", None, "Port"),
    ("ریلوے لائن", "ریلوے ٹریک", "Railway Line"),
    ("میٹرو بس منصوبہ", "میٹرو بس", "Metro Bus Project"),
    ("بجلی گھر", "پاور پلانٹ", "Power Station"),
    ("صنعتی زون", "اکنامک زون", "Industrial Zone"),
    ("ہوائی اڈہ", "ایئرپورٹ", "Airport"),
    ("شمسی توانائی منصوبہ", "سولر پارک", "Solar Power Project"),
    ("پن بجلی منصوبہ", "ہائیڈرو پاور منصوبہ", "Hydropower Project"),
    ("ٹیکنالوجی پارک", "آئی ٹی پارک", "Technology Park"),
    ("ایکسپریس وے", None, "Expressway"),
]

ROLES = [
    ("Pakistani politician", "Politician"),
    ("Pakistani diplomat", "Diplomat"),
    ("Pakistani economist", "Economist"),
    ("Pakistani civil servant", "Civil servant"),
    ("Pakistani business leader", "Business leader"),
    ("Pakistani scientist", "Scientist"),
]

# Sentences that carry a mention ({n}); {s} is a real corpus sentence.
PERSON_FRAMES = [
    "{n} نے کہا کہ {s}",
    "{n} کے مطابق {s}",
    "اس موقع پر {n} سے بھی بات چیت ہوئی",
    "{n} نے صحافیوں سے گفتگو کرتے ہوئے کہا کہ حکومت اس معاملے پر سنجیدہ ہے",
    "ذرائع کا کہنا ہے کہ {n} نے اجلاس کو تفصیلی بریفنگ دی",
    "{n} نے اس پیش رفت کا خیرمقدم کیا",
    "بعد ازاں {n} سے بھی ملاقات ہوئی جس میں دوطرفہ امور پر تبادلہ خیال کیا گیا",
]
PROJECT_FRAMES = [
    "{n} پر کام تیزی سے جاری ہے",
    "حکام کے مطابق {n} کی تکمیل اگلے سال متوقع ہے",
    "اجلاس میں {n} کی پیش رفت کا جائزہ لیا گیا",
    "{n} کے لیے فنڈز کی فراہمی پر بھی اتفاق کیا گیا، {s}",
]
TITLE_FRAMES = [
    "{n} کا دورہ: {t}",
    "{n} کی {t} پر گفتگو",
    "{t}: {n} کا بیان",
    "{t} اور {n}",
]
TOPICS = [
    "دوطرفہ تعاون", "توانائی کا بحران", "کورونا ویکسین", "افغان امن عمل", "تجارتی مذاکرات",
    "دفاعی تعاون", "علاقائی صورتحال", "اقتصادی راہداری", "خارجہ پالیسی", "ترقیاتی منصوبے",
]  # fmt: skip
SENTENCE_END = "۔"


@dataclass
class Entry:
    kind: str
    slug: str
    title: str
    urdu: str
    aliases: list[str]
    summary: str
    role: str | None = None
    mentions: list[str] = field(default_factory=list)  # names to use in text

    def markdown(self) -> str:
        lines = [f"Title: {self.title}", f"Urdu: {self.urdu}"]
        if self.aliases:
            lines.append("Aliases: " + "، ".join(self.aliases))
        lines.append(f"Summary: {self.summary}")
        if self.role:
            lines.append(f"Role: {self.role}")
        lines.append("Country: Pakistan")
        body = (
            f"{self.title} is a synthetic glossary entry written by the Khabarnama scale "
            "benchmark (bench/scale/corpus.py). It exists so that the benchmark can link "
            "realistic Urdu mentions at scale."
        )
        return "\n".join(lines) + "\n\n" + body + "\n"


@dataclass
class Corpus:
    """What :func:`generate` wrote, for the benchmark and the tests."""

    content: Path
    articles: list[Path]
    entries: list[Path]
    mentions: int  # mentions of generated entries written into article bodies
    linked: int  # distinct (article, generated entry) pairs: links expected with "first"
    sentences: list[str]


# -- sources ----------------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    """Sentences at ۔, whitespace collapsed, without the full stop."""
    parts = (re.sub(r"\s+", " ", p).strip() for p in text.split(SENTENCE_END))
    return [p for p in parts if len(p.split()) >= 4]


def _body(markdown: str) -> str:
    """A Markdown file's text without its front matter."""
    _head, sep, body = markdown.partition("\n\n")
    return body if sep else markdown


def source_sentences() -> list[str]:
    """Real sentences: the shared corpus, then the site's own articles; no duplicates."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.ur.txt"))]
    texts += [_body(p.read_text(encoding="utf-8")) for p in sorted(SITE_CONTENT.rglob("*.md"))]
    seen: dict[str, None] = {}
    for text in texts:
        for s in split_sentences(text):
            if re.search(r"[\u0600-\u06ff]", s) and not re.search(r"[A-Za-z]", s):
                seen.setdefault(s, None)
    return list(seen)


def tag_names() -> list[str]:
    """The Urdu tags of TAG_SLUGS in pelicanconf.py (read without importing it)."""
    tree = ast.parse((ROOT / "pelicanconf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "TAG_SLUGS" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise SystemExit("pelicanconf.py has no TAG_SLUGS")


def real_names() -> set[str]:
    """Folded names of the site's real glossary entries (they are copied in)."""
    names: set[str] = set()
    for path in sorted((SITE_CONTENT / "glossary").rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            if not line.strip():
                break
            if key.strip().lower() in ("urdu", "aliases"):
                names.update(fold(n) for n in re.split(r"[,،]", value) if n.strip())
    return names


# -- entries ----------------------------------------------------------------


def _slugify(latin: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")


def make_entries(m: int, rng: random.Random) -> list[Entry]:
    """M entries, about one in five a project, every name unique after folding."""
    claimed = real_names()
    slugs: set[str] = set()
    entries: list[Entry] = []

    def claim(name: str) -> bool:
        key = fold(name)
        if key in claimed:
            return False
        claimed.add(key)
        return True

    def unique_slug(latin: str) -> str:
        base = _slugify(latin)
        slug, k = base, 2
        while slug in slugs:
            slug, k = f"{base}-{k}", k + 1
        slugs.add(slug)
        return slug

    attempts = 0
    while len(entries) < m:
        attempts += 1
        if attempts > 50 * m + 1000:
            raise RuntimeError(f"cannot make {m} distinct glossary names")
        if rng.random() < 0.2:
            entry = _project(rng, claim, unique_slug)
        else:
            entry = _person(rng, claim, unique_slug)
        if entry is not None:
            entries.append(entry)
    return entries


def _person(rng: random.Random, claim, unique_slug) -> Entry | None:
    if rng.random() < 0.25:
        (g1, l1), (g2, l2) = rng.choice(FEMALE_GIVEN), rng.choice(MALE_GIVEN)
    else:
        (g1, l1), (g2, l2) = rng.sample(MALE_GIVEN, 2)
    fam, lfam = rng.choice(FAMILY)
    urdu = f"{g1} {g2} {fam}"
    if not claim(urdu):
        return None
    aliases = []
    short = f"{g1} {fam}"
    if rng.random() < 0.6 and claim(short):
        aliases.append(short)
    if rng.random() < 0.25:
        hon, _ = rng.choice(HONORIFICS)
        if claim(f"{hon} {urdu}"):
            aliases.append(f"{hon} {urdu}")
    title = f"{l1} {l2} {lfam}"
    summary, role = rng.choice(ROLES)
    entry = Entry("people", unique_slug(title), title, urdu, aliases, f"{summary}.", role)
    entry.mentions = [urdu, *aliases]
    return entry


def _project(rng: random.Random, claim, unique_slug) -> Entry | None:
    (p1, lp1), (p2, lp2) = rng.sample(PLACES, 2)
    kind, alt, ltype = rng.choice(PROJECT_TYPES)
    if rng.random() < 0.5:
        place, lplace = p1, lp1
    else:
        place, lplace = f"{p1} {p2}", f"{lp1}–{lp2}"
    urdu = f"{place} {kind}"
    if not claim(urdu):
        return None
    aliases = []
    if alt and claim(f"{place} {alt}"):
        aliases.append(f"{place} {alt}")
    title = f"{lplace} {ltype}"
    summary = f"Infrastructure project in Pakistan: {title}."
    entry = Entry("projects", unique_slug(title), title, urdu, aliases, summary)
    entry.mentions = [urdu, *aliases]
    return entry


# -- articles ---------------------------------------------------------------


def _mention_sentence(entry: Entry, name: str, rng: random.Random, sentences: list[str]) -> str:
    frames = PERSON_FRAMES if entry.kind == "people" else PROJECT_FRAMES
    return rng.choice(frames).format(n=name, s=rng.choice(sentences))


def make_article(
    i: int,
    n: int,
    rng: random.Random,
    sentences: list[str],
    entries: list[Entry],
    tags: list[str],
) -> tuple[str, str, int, int]:
    """(slug, Markdown, mentions written, distinct entries mentioned) of article ``i``."""
    start = dt.datetime(2012, 1, 1, 8, 0)
    span_minutes = 13 * 365 * 24 * 60
    date = start + dt.timedelta(minutes=span_minutes * i // max(n, 1) + rng.randrange(0, 600))
    slug = f"khabar-{date:%Y}-{i + 1:05d}"

    featured = rng.sample(entries, k=min(len(entries), rng.randint(2, 5))) if entries else []
    body = [rng.choice(sentences) for _ in range(rng.randint(8, 22))]
    mentions = 0
    for entry in featured:
        # First mention by the canonical name, then 0–2 more, often by an alias.
        repeats = [entry.urdu] + [rng.choice(entry.mentions) for _ in range(rng.randint(0, 2))]
        slots = sorted(rng.sample(range(len(body) + 1), k=len(repeats)))
        for offset, (slot, name) in enumerate(zip(slots, repeats, strict=True)):
            body.insert(slot + offset, _mention_sentence(entry, name, rng, sentences))
            mentions += 1
    paragraphs, k = [], 0
    while k < len(body):
        size = rng.randint(1, 4)
        paragraphs.append(f"{SENTENCE_END} ".join(body[k : k + size]) + SENTENCE_END)
        k += size

    lead = featured[0].urdu if featured else "پاکستان"
    title = rng.choice(TITLE_FRAMES).format(n=lead, t=rng.choice(TOPICS))
    summary_words = body[0].split()[:30]
    summary = " ".join(summary_words) + SENTENCE_END
    chosen = rng.sample(tags, k=rng.randint(1, min(3, len(tags))))
    front = [
        f"Title: {title}",
        f"Slug: {slug}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        "Lang: ur",
        # The Latin comma: plain Pelican (no content_checks) splits tags on it too.
        f"Tags: {', '.join(chosen)}",
        f"Summary: {summary}",
    ]
    text = "\n".join(front) + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return slug, text, mentions, len(featured)


def generate(dest: Path, n: int, seed: int = DEFAULT_SEED, m: int | None = None) -> Corpus:
    """Write ``dest/articles/*.md`` and ``dest/glossary/<kind>/*.md`` (dest is replaced)."""
    m = n // 5 if m is None else m
    rng = random.Random(f"khabarnama-scale-{seed}")
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "articles").mkdir(parents=True)
    shutil.copytree(SITE_CONTENT / "glossary", dest / "glossary")

    sentences = source_sentences()
    entries = make_entries(m, rng)
    entry_paths = []
    for entry in entries:
        path = dest / "glossary" / entry.kind / f"{entry.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, entry.markdown())
        entry_paths.append(path)

    tags = tag_names()
    article_paths, mentions, linked = [], 0, 0
    for i in range(n):
        slug, text, count, distinct = make_article(i, n, rng, sentences, entries, tags)
        path = dest / "articles" / f"{slug}.md"
        _write(path, text)
        article_paths.append(path)
        mentions += count
        linked += distinct
    return Corpus(dest, article_paths, entry_paths, mentions, linked, sentences)


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="content folder to (re)create")
    parser.add_argument("-n", type=int, default=100, help="articles (default 100)")
    parser.add_argument("-m", type=int, default=None, help="glossary entries (default n/5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    corpus = generate(args.dest, args.n, args.seed, args.m)
    print(
        f"{len(corpus.articles)} articles, {len(corpus.entries)} entries, "
        f"{corpus.mentions} mentions in {corpus.content}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
