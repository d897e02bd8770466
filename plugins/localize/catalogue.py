"""Every interface string the theme shows, in each language the site speaks.

Templates never carry literal interface words: they ask ``ui("key")`` and get
the string for the language of the page being rendered. Keeping both
languages side by side in one place makes a missing translation visible in
review, and the test suite checks that both languages define the same keys.
"""

CATALOGUE: dict[str, dict[str, str]] = {
    "ur": {
        "site_name": "خبرنامہ",
        "site_tagline": "اردو خبریں، انگریزی فرہنگ کے ساتھ",
        "nav_label": "مرکزی فہرست",
        "home": "صفحۂ اول",
        "archives": "آرشیو",
        "tags": "موضوعات",
        "tag": "موضوع",
        "glossary": "فرہنگ",
        "feed": "فیڈ",
        "feed_title": "خبرنامہ: تازہ خبریں",
        "read_more": "پوری خبر پڑھیں",
        "published": "اشاعت",
        "newer": "نئی خبریں",
        "older": "پرانی خبریں",
        "page_of": "صفحہ {page} از {pages}",
        "pagination": "صفحات",
        "skip_to_content": "اصل مواد پر جائیں",
        "articles_tagged": "موضوع: {tag}",
        "all_articles": "تمام خبریں",
        "top_story": "اہم خبر",
        "latest": "تازہ ترین",
        "by_topic": "موضوعات کے لحاظ سے",
        "more_on_topic": "{tag}: مزید خبریں",
        "page_n": "صفحہ {page}",
        "footer": (
            "خبرنامہ: اردو میں خبریں، "
            "خبروں میں آنے والی شخصیات اور منصوبوں کی انگریزی فرہنگ کے ساتھ۔"
        ),
        "font_credit": "نستعلیق خط: نوٹو نستعلیق اردو (اوپن فونٹ لائسنس)",
        "not_found_title": "صفحہ نہیں ملا",
        "not_found_body": "آپ جو صفحہ ڈھونڈ رہے ہیں وہ یہاں موجود نہیں۔",
        "back_home": "صفحۂ اول پر واپس جائیں",
        "language_name": "اردو",
        "other_language": "English",
        "glossary_in_this_story": "اس خبر میں",
        "glossary_entry_link": "فرہنگ میں پورا اندراج",
        "glossary_intro": "ہماری خبروں میں مذکور شخصیات اور منصوبوں کا انگریزی تعارف۔",
        "glossary_urdu_name": "اردو نام",
        "glossary_aliases": "دیگر املا",
        "glossary_facts": "کوائف",
        "glossary_role": "کردار",
        "glossary_country": "ملک",
        "glossary_wikidata": "ویکی ڈیٹا",
        "glossary_website": "ویب سائٹ",
        "glossary_mentioned_in": "ان خبروں میں ذکر",
        "glossary_not_mentioned": "ابھی کسی خبر میں {name} کا ذکر نہیں۔",
        # Search (plugins/search): the page, the header box, and the messages
        # search.js shows; every one is rendered into the HTML, none is built in JavaScript.
        "search": "تلاش",
        "search_label": "خبروں اور فرہنگ میں تلاش",
        "search_button": "تلاش کریں",
        "search_hint": (
            "کسی خبر کا کوئی لفظ، یا کسی شخصیت یا منصوبے کا نام اردو یا انگریزی میں لکھیں۔"
        ),
        "search_nojs": (
            "تلاش کے لیے براؤزر میں جاوا اسکرپٹ چالو ہونا ضروری ہے۔ تمام خبریں آرشیو میں موجود ہیں۔"
        ),
        "search_loading": "تلاش جاری ہے…",
        "search_count": "{count} نتائج",
        "search_count_one": "ایک نتیجہ",
        "search_none": "{query} کے بارے میں کچھ نہیں ملا۔",
        "search_error": "تلاش اس وقت دستیاب نہیں۔",
        "search_results": "تلاش کے نتائج",
        "search_kind_article": "خبر",
        "search_kind_entry": "فرہنگ",
        # Related reading (plugins/related), under each article.
        "related_heading": "متعلقہ خبریں",
    },
    "en": {
        "site_name": "Khabarnama",
        "site_tagline": "Urdu news, with an English glossary",
        "nav_label": "Main navigation",
        "home": "Home",
        "archives": "Archives",
        "tags": "Topics",
        "tag": "Topic",
        "glossary": "Glossary",
        "feed": "Feed",
        "feed_title": "Khabarnama: latest news",
        "read_more": "Read the full story",
        "published": "Published",
        "newer": "Newer stories",
        "older": "Older stories",
        "page_of": "Page {page} of {pages}",
        "pagination": "Pages",
        "skip_to_content": "Skip to content",
        "articles_tagged": "Topic: {tag}",
        "all_articles": "All stories",
        "top_story": "Top story",
        "latest": "Latest",
        "by_topic": "By topic",
        "more_on_topic": "More on {tag}",
        "page_n": "Page {page}",
        "footer": (
            "Khabarnama: news in Urdu, with an English glossary of the people and projects in it."
        ),
        "font_credit": "Nastaliq type: Noto Nastaliq Urdu (SIL Open Font License)",
        "not_found_title": "Page not found",
        "not_found_body": "The page you are looking for is not here.",
        "back_home": "Back to the home page",
        "language_name": "English",
        "other_language": "اردو",
        "glossary_in_this_story": "In this story",
        "glossary_entry_link": "Full glossary entry",
        "glossary_intro": "The people and projects in our Urdu stories, introduced in English.",
        "glossary_urdu_name": "Urdu name",
        "glossary_aliases": "Also written",
        "glossary_facts": "Facts",
        "glossary_role": "Role",
        "glossary_country": "Country",
        "glossary_wikidata": "Wikidata",
        "glossary_website": "Website",
        "glossary_mentioned_in": "Mentioned in",
        "glossary_not_mentioned": "No story mentions {name} yet.",
        "search": "Search",
        "search_label": "Search the stories and the glossary",
        "search_button": "Search",
        "search_hint": (
            "Type a word from a story, or a person's or project's name in Urdu or English."
        ),
        "search_nojs": (
            "Search needs JavaScript, which is turned off in this browser. "
            "Every story is listed in the archives."
        ),
        "search_loading": "Searching…",
        "search_count": "{count} results",
        "search_count_one": "1 result",
        "search_none": "Nothing found for {query}.",
        "search_error": "Search is not available right now.",
        "search_results": "Search results",
        "search_kind_article": "Story",
        "search_kind_entry": "Glossary",
        "related_heading": "Related stories",
    },
}
