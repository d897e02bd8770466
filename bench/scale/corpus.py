"""Generate a seeded Urdu news corpus: N articles and M = N / 5 glossary entries.

Two modes (``--corpus``):

* ``realistic`` (the default): articles made of real sentences, none used
  twice, so the site's vocabulary grows with N as a real news site's does
  (issue 13). The sentences are those of the IL-NER Urdu corpus,
  ``../shared/corpus/il-ner-urdu/sentences.txt`` (9,814 sentences, one per
  line): cut in file order into runs of 10-14 consecutive sentences, one run
  per article, the runs in a seeded order. Headline: the first clause of the
  first sentence; summary: the first sentence. Past the last run, articles
  are generated text whose vocabulary keeps growing: every word either
  repeats one already written (chance proportional to its count so far), is
  drawn from ``wordfreq``'s Urdu frequency list (Zipf-distributed real
  frequencies), or, with the chance ``DISCOUNT x distinct / words`` of a
  Pitman-Yor process fitted to the real sentences (Heaps exponent about
  0.5), is a word not written yet: the next unused word of that list, or a
  new name-like word from a character-trigram model of the words known. When
  the IL-NER folder is absent (a checkout without ../shared, as in tests/),
  the real sentences are those of the site's first article in content/.
* ``recombined``: the earlier corpus, kept for comparison: sentences of
  ``../shared/corpus/lavrov-pakistan-visit-2021.ur.txt`` and of the site's
  own articles (split at the Urdu full stop ۔) drawn again and again, so the
  vocabulary stops growing after a few articles.

In both, mentions of the generated glossary entries are woven in at
news-like density: a few distinct entries per article, the first mention by
the full name, later ones often by an alias. Entries carry synthetic but
plausible Urdu names built from real Urdu given names, family names, places
and project types, and are unique after the glossary's folding
(``plugins/glossary/normalize.py``), also against the site's real entries,
which are copied in; in the realistic mode about one article in three also
mentions one of those real entries (the recombined mode's real sentences
name them already).

Attribution (realistic mode): the IL-NER sentences are from the IL-NER
dataset, Urdu part (github.com/SankalpBahad/IL-NER), developed by IIIT
Hyderabad, CDAC Noida and IIIT Bhubaneshwar under the Bhashini project,
licensed CC BY 4.0; Bahad et al. 2024, "Fine-tuning Pre-trained Named Entity
Recognition Models For Indian Languages", arXiv:2405.04829. Arabic letters
ك ي ى ه are written as the Urdu ک ی ہ (the content checks would warn);
repeated lines, lines with a character the checks flag and lines mostly in
another script (the checks' script-not-urdu rule: a paragraph with fewer
than half its letters Arabic-script stops the build) are dropped, and a line
that ends in a word (a heading) gets a full stop, so that no run of
name-like words reaches from one sentence into the next.
Every generated content folder carries this in ``NOTICE.txt`` (Pelican does
not read .txt files). The word list is wordfreq's (Apache 2.0 code; data
CC BY-SA 4.0, see its README).

Glossary names (realistic mode): every sentence is checked with the glossary's
own matcher and ``make check``'s glossary-name warnings over all entries'
names (:class:`NameCheck`): a real sentence that would draw a warning (a name
inside a longer name, a one-word name in a longer run) or names a generated
entry is dropped, a generated sentence that spells any name is drawn again,
and a mention sentence that would not link cleanly gets another frame.

Everything is a function of (n, seed, mode) and the source files: the same
arguments write the same bytes. Nothing written in the realistic mode produces
a Pelican warning or a ``make check`` warning (builds run with
``--fatal warnings``); checked at 1,005 and 10,005 articles.

    python -m bench.scale.corpus OUT_DIR -n 1000 [--seed 8] [--corpus recombined]
"""

from __future__ import annotations

import argparse
import ast
import bisect
import datetime as dt
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from khabarnama.content_checks import text as checks_text
from khabarnama.content_checks.checker import DEFAULT_FONT
from khabarnama.content_checks.markup import letter_scripts
from khabarnama.glossary.matcher import scan
from khabarnama.glossary.normalize import is_word_char
from khabarnama.glossary.normalize import match_key as fold
from khabarnama.glossary.report import SiteNames, article_lines, check_warnings

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
ILNER_SENTENCES = CORPUS_DIR / "il-ner-urdu" / "sentences.txt"
SITE_CONTENT = ROOT / "content"
DEFAULT_SEED = 8
MODES = ("realistic", "recombined")
DEFAULT_MODE = "realistic"


__all__ = [
    "DEFAULT_MODE",
    "DEFAULT_SEED",
    "MODES",
    "Corpus",
    "Entry",
    "GrowingText",
    "articles",
    "generate",
    "main",
    "real_sentences",
    "tag_names",
    "words",
]

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
    # Not "بعد ازاں {n}": ازاں is no function word to the glossary, so a one-word
    # alias after it (ازاں پوٹن) reads as a longer name (a make check warning).
    "اس کے بعد {n} سے بھی ملاقات ہوئی جس میں دوطرفہ امور پر تبادلہ خیال کیا گیا",
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
    not_names: list[str] = field(default_factory=list)  # its Not: phrases (real entries)

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
    sentences: list[str]  # real sentences, without the final ۔
    mode: str = DEFAULT_MODE


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


# -- realistic mode: real sentences, then text whose vocabulary keeps growing --

NOTICE = """Text of the generated articles (bench/scale/corpus.py, realistic mode)

Sentences: the IL-NER dataset, Urdu part (github.com/SankalpBahad/IL-NER),
developed by IIIT Hyderabad, CDAC Noida and IIIT Bhubaneshwar under the
Bhashini project. Licence: Creative Commons Attribution 4.0 (CC BY 4.0).
Cite: Bahad et al. 2024, "Fine-tuning Pre-trained Named Entity Recognition
Models For Indian Languages", arXiv:2405.04829. Changed: entity tags dropped,
tokens rejoined with Urdu spacing; Arabic letters written as the Urdu ones;
repeated lines and lines mostly in Latin letters dropped; a full stop after
lines that end in a word; the sentences regrouped into articles, with
synthetic headlines, glossary mentions and generated text.

Word frequencies: wordfreq (github.com/rspeer/wordfreq), data under
Creative Commons Attribution-ShareAlike 4.0.
"""

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
ARABIC_VARIANTS = str.maketrans({c: fold(c) for c in "\u0643\u064a\u0649\u0647"})  # ك ي ى ه
# Urdu letters and marks a word may be made of (no Latin, digits or punctuation).
URDU_WORD = re.compile(r"[\u0621-\u065f\u0670-\u06d3\u06d5\u200c]+")
HAS_LETTER = re.compile(r"[^\W\d_]")
PUNCTUATION = "۔،؛؟?!.,:;()[]{}\"'‘’“”•·-–—/\\|÷*"
PER_ARTICLE = (10, 14)  # sentences per article
PARAGRAPH = (1, 4)  # sentences per paragraph
DISCOUNT = 0.5  # Pitman-Yor discount: distinct words grow about as words ** DISCOUNT
WORDFREQ_SHARE = 0.5  # of repeated words, the share drawn from wordfreq rather than the text
WORDFREQ_TOP = 50_000  # wordfreq's Urdu list has about 23,000 words


def words(text: str) -> list[str]:
    """The words of ``text``: whitespace-separated, outer punctuation stripped,
    only those with a letter (numbers are not words)."""
    stripped = (token.strip(PUNCTUATION) for token in text.split())
    return [w for w in stripped if w and HAS_LETTER.search(w)]


@lru_cache(maxsize=1)
def flagged() -> re.Pattern[str]:
    """The characters the content checks warn about (bidi controls, Arabic letters,
    characters the site's Urdu font lacks): text with one would fail the build."""
    return checks_text.suspects(checks_text.load_cmap(ROOT / "theme" / DEFAULT_FONT))


def mostly_foreign(text: str) -> bool:
    """Whether fewer than half of the letters of ``text`` are Arabic-script: the
    content checks' script-not-urdu rule for a paragraph (checker.py, with
    ``markup.letter_scripts``), here without its 20-letter minimum, so that no
    paragraph made of sentences that pass can fail it."""
    arabic, other = letter_scripts(text)
    return arabic * 2 < arabic + sum(other.values())


def ends_in_word(text: str) -> bool:
    """Whether ``text`` ends in a letter, mark or digit: the next sentence's first
    word would then continue a run of words (a name) across the two."""
    return bool(text) and (is_word_char(text[-1]) or text[-1] == "_")


def clean_sentence(line: str) -> str | None:
    """A real line as an article may carry it: whitespace collapsed, Urdu letters for
    Arabic ones, a full stop after a line that ends in a word (a heading, say); None
    for a line without Arabic-script letters, mostly in another script, or with a
    character the content checks would warn about."""
    line = re.sub(r"\s+", " ", line).strip().translate(ARABIC_VARIANTS)
    if not ARABIC_LETTER.search(line) or flagged().search(line) or mostly_foreign(line):
        return None
    return line + SENTENCE_END if ends_in_word(line) else line


def first_article_sentences() -> list[str]:
    """Fallback source: the sentences of the site's first article, with their ۔."""
    first = sorted((SITE_CONTENT / "articles").rglob("*.md"))[0]
    return [s + SENTENCE_END for s in split_sentences(_body(first.read_text(encoding="utf-8")))]


def real_sentences(source: Path | None = None) -> list[str]:
    """Real sentences in file order, each once: ``source`` (one sentence a line;
    default the IL-NER file), or the first article's when that file is absent."""
    path = ILNER_SENTENCES if source is None else source
    lines = (
        path.read_text(encoding="utf-8").splitlines()
        if path.is_file()
        else first_article_sentences()
    )
    seen: dict[str, None] = {}
    for line in lines:
        sentence = clean_sentence(line)
        if sentence:
            seen.setdefault(sentence, None)
    return list(seen)


def real_entries() -> list[Entry]:
    """The site's real glossary entries (copied into every corpus), for mentions."""
    out = []
    for path in sorted((SITE_CONTENT / "glossary").rglob("*.md")):
        head: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                break
            key, _, value = line.partition(":")
            head[key.strip().lower()] = value.strip()
        if "urdu" not in head:
            continue
        aliases = [a.strip() for a in re.split(r"[,،]", head.get("aliases", "")) if a.strip()]
        kind = path.parent.name
        entry = Entry(kind, path.stem, head.get("title", path.stem), head["urdu"], aliases, "")
        entry.mentions = [entry.urdu, *aliases]
        entry.not_names = [a.strip() for a in re.split(r"[,،]", head.get("not", "")) if a.strip()]
        out.append(entry)
    return out


class NameCheck:
    """The glossary's own view of a sentence, over every entry's names (the real
    ones copied in and the generated ones): its matcher, its partial-name test
    and ``make check``'s glossary-name warnings (``glossary.report``), so that
    nothing written draws a warning or links an entry it does not mean to.

    A sentence is checked on its own: every sentence written ends in a
    character that is not a word character (:func:`ends_in_word`), so no run
    of name-like words reaches across two.
    """

    def __init__(self, entries: list[Entry], generated: list[Entry]) -> None:
        self.names = SiteNames(
            [(name, e.slug) for e in entries for name in e.mentions],
            [(name, e.slug) for e in entries for name in e.not_names],
        )
        self.generated = frozenset(e.slug for e in generated)

    def _scan(self, text: str) -> tuple[list[str], bool]:
        """(slugs of the entries ``text`` names, linked or not; whether make check warns)."""
        names = self.names
        line = " ".join(line for _, line in article_lines(text))  # as make check reads it
        found = scan(line, [names.matcher], None, names.exclusions, names.context)
        keys = [m.key for m in found.matches] + [p.key for p in found.partials]
        return keys, bool(keys) and bool(check_warnings([("", 1, text)], names, {}))

    def nameless(self, sentence: str) -> bool:
        """No glossary name at all, not even inside a longer one (generated text)."""
        return not self._scan(sentence)[0]

    def real_ok(self, sentence: str) -> bool:
        """No warning and no generated entry's name (its links are counted): a real
        sentence may keep a real entry's name, which it mentions."""
        keys, warns = self._scan(sentence)
        return not warns and self.generated.isdisjoint(keys)

    def mentions_only(self, sentence: str, slug: str) -> bool:
        """A mention sentence: no warning, and every name in it is ``slug``'s."""
        keys, warns = self._scan(sentence)
        return not warns and set(keys) == {slug}


def wordfreq_list() -> tuple[list[str], list[float]]:
    """wordfreq's Urdu words (Urdu letters only, Arabic ones made Urdu, none the
    content checks would warn about) and their cumulative frequencies, most
    frequent first."""
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - requirements-dev.txt pins it
        raise SystemExit(
            "the realistic corpus needs wordfreq: pip install -r requirements-dev.txt"
        ) from exc
    freq = wordfreq.get_frequency_dict("ur")
    merged: dict[str, float] = {}
    for word in wordfreq.top_n_list("ur", WORDFREQ_TOP):
        urdu = word.translate(ARABIC_VARIANTS)
        if URDU_WORD.fullmatch(urdu) and not flagged().search(urdu):
            merged[urdu] = merged.get(urdu, 0.0) + freq.get(word, 0.0)
    cumulative, total = [], 0.0
    for value in merged.values():
        total += value
        cumulative.append(total)
    return list(merged), cumulative


class GrowingText:
    """Sentences past the real ones, with a vocabulary that keeps growing.

    Starts from the real sentences' words (the text so far). Each new word is,
    with chance ``DISCOUNT * distinct / written`` (a Pitman-Yor process with
    no concentration: distinct words grow about as words ** DISCOUNT, as in
    the real sentences), a word not written yet: in turn the most frequent
    unused word of wordfreq's list and a new word from a character-trigram
    model of all the words known (new names, mostly, as in real news).
    Otherwise it repeats a word: from wordfreq's Zipf-distributed frequencies
    (``WORDFREQ_SHARE``) or from the text so far (chance proportional to the
    count, which keeps the text Zipfian).

    With ``check``, a sentence that contains a glossary name (words that happen
    to spell one, a name inside a longer run) is drawn again, and its words are
    taken back out of the text so far.
    """

    def __init__(
        self, sentences: list[str], rng: random.Random, check: NameCheck | None = None
    ) -> None:
        self.rng, self.check = rng, check
        self.lengths = [n for n in (len(words(s)) for s in sentences) if 4 <= n <= 40] or [12]
        self.tokens = [w for s in sentences for w in words(s)]
        self.seen = dict.fromkeys(self.tokens)
        commas = sum(s.count("،") for s in sentences)
        self.comma = commas / max(len(self.tokens), 1)
        self.wf_words, self.wf_cumulative = wordfreq_list()
        self.unused = iter(self.wf_words)
        self.trigrams = self._model([*self.seen, *self.wf_words])
        self.turn = 0

    @staticmethod
    def _model(vocabulary: list[str]) -> dict[str, tuple[list[str], list[int]]]:
        counts: dict[str, dict[str, int]] = {}
        for word in vocabulary:
            if not URDU_WORD.fullmatch(word) or len(word) < 2:
                continue
            padded = "^^" + word + "$"
            for i in range(len(padded) - 2):
                nxt = counts.setdefault(padded[i : i + 2], {})
                nxt[padded[i + 2]] = nxt.get(padded[i + 2], 0) + 1
        model = {}
        for context, nxt in counts.items():
            total, cumulative = 0, []
            for count in nxt.values():
                total += count
                cumulative.append(total)
            model[context] = (list(nxt), cumulative)
        return model

    def _invented(self) -> str:
        rng = self.rng
        for _ in range(1000):
            context, out = "^^", []
            while len(out) <= 14:
                chars, cumulative = self.trigrams[context]
                char = chars[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
                if char == "$":
                    break
                out.append(char)
                context = context[1] + char
            word = "".join(out)
            if 3 <= len(word) <= 14 and word not in self.seen:
                return word
        raise RuntimeError("the trigram model makes no new words")

    def _new_word(self) -> str:
        self.turn += 1
        if self.turn % 2:
            for word in self.unused:
                if word not in self.seen:
                    return word
        return self._invented()

    def sentence(self) -> str:
        """A sentence of a real sentence's length, commas at the real rate, without
        a glossary name."""
        for _ in range(1000):
            written, known = len(self.tokens), len(self.seen)
            sentence = self._draw()
            if self.check is None or self.check.nameless(sentence):
                return sentence
            del self.tokens[written:]  # not written after all
            for word in list(self.seen)[known:]:  # dicts keep insertion order
                del self.seen[word]
        raise RuntimeError("no generated sentence without a glossary name")

    def _draw(self) -> str:
        rng, tokens, seen, comma = self.rng, self.tokens, self.seen, self.comma
        rand, wf_words, wf_cumulative = rng.random, self.wf_words, self.wf_cumulative
        wf_total, bisect_right = wf_cumulative[-1], bisect.bisect_right
        out = []
        for _ in range(rng.choice(self.lengths)):
            if rand() * len(tokens) < DISCOUNT * len(seen):
                word = self._new_word()
            elif rand() < WORDFREQ_SHARE:
                word = wf_words[bisect_right(wf_cumulative, rand() * wf_total)]
            else:
                word = tokens[int(rand() * len(tokens))]
            tokens.append(word)
            if word not in seen:
                seen[word] = None
            out.append(word + "،" if rand() < comma else word)
        return " ".join(out).removesuffix("،") + SENTENCE_END


class RealisticText:
    """Each article's sentences: a run of real ones while they last, then generated."""

    def __init__(
        self, sentences: list[str], rng: random.Random, check: NameCheck | None = None
    ) -> None:
        self.sentences, self.rng, self.check = sentences, rng, check
        runs, k = [], 0
        while k < len(sentences):
            size = rng.randint(*PER_ARTICLE)
            runs.append(sentences[k : k + size])
            k += size
        if len(runs) > 1 and len(runs[-1]) < PER_ARTICLE[0]:  # the short rest
            rest = runs.pop()
            runs[-1] += rest
        rng.shuffle(runs)
        self.runs = iter(runs)
        self.growing: GrowingText | None = None

    def article(self) -> list[str]:
        run = next(self.runs, None)
        if run is not None:
            return list(run)
        if self.growing is None:  # built only when the real sentences run out
            self.growing = GrowingText(self.sentences, self.rng, self.check)
        return [self.growing.sentence() for _ in range(self.rng.randint(*PER_ARTICLE))]


def headline(sentences: list[str], rng: random.Random) -> str:
    """The first clause (at most 6-10 words) of the first sentence with Urdu letters."""
    for sentence in sentences:
        clause = re.split(r"[،؛:؟?!۔]", sentence)[0].strip()
        cut = " ".join(clause.split()[: rng.randint(6, 10)]).strip(PUNCTUATION + " ")
        if ARABIC_LETTER.search(cut):
            return cut
    return rng.choice(TOPICS)


def name_ngrams(sentences: list[str]) -> set[str]:
    """Folded runs of 2-5 words of the real sentences that begin like a generated
    name, so that no generated name already occurs in the text (it would be
    linked where it is not mentioned)."""
    starts = {
        fold(w)
        for group in (MALE_GIVEN, FEMALE_GIVEN, HONORIFICS, PLACES)
        for urdu, _ in group
        for w in urdu.split()[:1]
    }
    found: set[str] = set()
    for sentence in sentences:
        # Fold each run as a whole: fold drops the optional space after a letter
        # that does not join (اور رشید حسن → اوررشیدحسن), so the folded sentence
        # split at spaces does not give the folded words.
        run = words(sentence)
        for i, word in enumerate(run):
            if fold(word) in starts:
                found.update(
                    fold(" ".join(run[i:j])) for j in range(i + 2, min(i + 6, len(run) + 1))
                )
    return found


# -- entries ----------------------------------------------------------------


def _slugify(latin: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")


def make_entries(m: int, rng: random.Random, avoid: set[str] | None = None) -> list[Entry]:
    """M entries, about one in five a project, every name unique after folding
    and none of them in ``avoid`` (folded names already in the text)."""
    claimed = real_names()
    slugs: set[str] = set()
    entries: list[Entry] = []

    def claim(name: str) -> bool:
        key = fold(name)
        if key in claimed or (avoid and key in avoid):
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


def article_markdown(
    title: str, slug: str, date: dt.datetime, tags: list[str], summary: str, paragraphs: list[str]
) -> str:
    """One article's Markdown: front matter, then its paragraphs."""
    front = [
        f"Title: {title}",
        f"Slug: {slug}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        "Lang: ur",
        # The Latin comma: plain Pelican (no content_checks) splits tags on it too.
        f"Tags: {', '.join(tags)}",
        f"Summary: {summary}",
    ]
    return "\n".join(front) + "\n\n" + "\n\n".join(paragraphs) + "\n"


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
    text = article_markdown(title, slug, date, chosen, summary, paragraphs)
    return slug, text, mentions, len(featured)


def make_realistic_article(
    i: int,
    n: int,
    rng: random.Random,
    text: RealisticText,
    entries: list[Entry],
    known: list[Entry],
    tags: list[str],
    check: NameCheck | None = None,
) -> tuple[str, str, int, int]:
    """(slug, Markdown, mentions of generated entries, distinct generated entries) of
    article ``i``: its own sentences (real ones, none used twice, then generated),
    with mentions of generated entries and, in one article of three, a real one.
    With ``check``, a mention sentence the glossary would not link cleanly (a
    warning, another entry's name) is made again with another frame."""
    start = dt.datetime(2012, 1, 1, 8, 0)
    span_minutes = 13 * 365 * 24 * 60
    date = start + dt.timedelta(minutes=span_minutes * i // max(n, 1) + rng.randrange(0, 600))
    slug = f"khabar-{date:%Y}-{i + 1:05d}"

    body = text.article()
    title, summary = headline(body, rng), " ".join(body[0].split()[:40])
    featured = rng.sample(entries, k=min(len(entries), rng.randint(2, 5))) if entries else []
    real = [rng.choice(known)] if known and rng.random() < 1 / 3 else []
    mentions = 0
    for generated, entry in [(True, e) for e in featured] + [(False, e) for e in real]:
        repeats = [entry.urdu] + [rng.choice(entry.mentions) for _ in range(rng.randint(0, 2))]
        slots = sorted(rng.sample(range(len(body) + 1), k=len(repeats)))
        frames = PERSON_FRAMES if entry.kind == "people" else PROJECT_FRAMES
        frames = [f for f in frames if "{s}" not in f]  # no real sentence used twice
        for offset, (slot, name) in enumerate(zip(slots, repeats, strict=True)):
            body.insert(slot + offset, _checked_mention(entry, name, frames, rng, check))
            mentions += generated
    paragraphs, k = [], 0
    while k < len(body):
        size = rng.randint(*PARAGRAPH)
        paragraphs.append(" ".join(body[k : k + size]))
        k += size
    chosen = rng.sample(tags, k=rng.randint(1, min(3, len(tags))))
    text = article_markdown(title, slug, date, chosen, summary, paragraphs)
    return slug, text, mentions, len(featured)


def _checked_mention(
    entry: Entry, name: str, frames: list[str], rng: random.Random, check: NameCheck | None
) -> str:
    for _ in range(100):
        sentence = rng.choice(frames).format(n=name) + SENTENCE_END
        if check is None or check.mentions_only(sentence, entry.slug):
            return sentence
    raise RuntimeError(f"no frame mentions {name!r} ({entry.slug}) without a glossary warning")


@dataclass
class Plan:
    """What :func:`articles` makes: the entries, then the articles one by one."""

    entries: list[Entry]
    sentences: list[str]  # real sentences, without the final ۔
    articles: Iterator[tuple[str, str, int, int]]  # (slug, Markdown, mentions, linked)


def articles(
    n: int,
    seed: int = DEFAULT_SEED,
    m: int | None = None,
    mode: str = DEFAULT_MODE,
    source: Path | None = None,
) -> Plan:
    """The corpus in memory (``generate`` writes it): entries first, articles lazily.

    ``source``: the realistic mode's sentence file (default the IL-NER one; when
    the file is absent, the site's first article).
    """
    if mode not in MODES:
        raise ValueError(f"unknown corpus mode {mode!r}: one of {', '.join(MODES)}")
    m = n // 5 if m is None else m
    rng = random.Random(f"khabarnama-scale-{seed}")
    tags = tag_names()
    if mode == "recombined":
        sentences = source_sentences()
        entries = make_entries(m, rng)

        def recombined() -> Iterator[tuple[str, str, int, int]]:
            for i in range(n):
                yield make_article(i, n, rng, sentences, entries, tags)

        return Plan(entries, sentences, recombined())

    real = real_sentences(source)
    entries = make_entries(m, rng, name_ngrams(real) if m else None)
    known = real_entries()
    # Real sentences that would draw a glossary warning next to these entries'
    # names (a real name inside a longer one, a one-word name in a longer run)
    # or name a generated entry are left out.
    check = NameCheck(known + entries, entries)
    real = [s for s in real if check.real_ok(s)]
    text = RealisticText(real, random.Random(f"khabarnama-scale-{seed}-text"), check)

    def realistic() -> Iterator[tuple[str, str, int, int]]:
        for i in range(n):
            yield make_realistic_article(i, n, rng, text, entries, known, tags, check)

    return Plan(entries, [s.removesuffix(SENTENCE_END) for s in real], realistic())


def generate(
    dest: Path,
    n: int,
    seed: int = DEFAULT_SEED,
    m: int | None = None,
    mode: str = DEFAULT_MODE,
    source: Path | None = None,
) -> Corpus:
    """Write ``dest/articles/*.md`` and ``dest/glossary/<kind>/*.md`` (dest is replaced)."""
    plan = articles(n, seed, m, mode, source)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "articles").mkdir(parents=True)
    shutil.copytree(SITE_CONTENT / "glossary", dest / "glossary")
    if mode == "realistic":
        _write(dest / "NOTICE.txt", NOTICE)

    entry_paths = []
    for entry in plan.entries:
        path = dest / "glossary" / entry.kind / f"{entry.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, entry.markdown())
        entry_paths.append(path)

    article_paths, mentions, linked = [], 0, 0
    for slug, text, count, distinct in plan.articles:
        path = dest / "articles" / f"{slug}.md"
        _write(path, text)
        article_paths.append(path)
        mentions += count
        linked += distinct
    return Corpus(dest, article_paths, entry_paths, mentions, linked, plan.sentences, mode)


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="content folder to (re)create")
    parser.add_argument("-n", type=int, default=100, help="articles (default 100)")
    parser.add_argument("-m", type=int, default=None, help="glossary entries (default n/5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--corpus",
        choices=MODES,
        default=DEFAULT_MODE,
        help="realistic: real sentences, then growing vocabulary (default); "
        "recombined: the old corpus, one article's sentences drawn again and again",
    )
    parser.add_argument(
        "--sentences", type=Path, help="realistic: sentence file (default the IL-NER one)"
    )
    args = parser.parse_args(argv)
    corpus = generate(args.dest, args.n, args.seed, args.m, args.corpus, args.sentences)
    print(
        f"{len(corpus.articles)} {corpus.mode} articles, {len(corpus.entries)} entries, "
        f"{corpus.mentions} mentions in {corpus.content}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
