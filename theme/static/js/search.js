/* Site search (plugins/search): a small interface over Pagefind's JS API.
 *
 * Why not Pagefind's own UI: its strings are English-only JavaScript (the
 * font plugin could not subset them, and Urdu pages would show English), and
 * it is several times larger. Here every word comes from the page
 * (#search-messages, rendered from the catalogue), results show the original
 * titles and summaries kept as Pagefind metadata, and queries are folded with
 * the glossary's table (#search-config) exactly as the index was, so ك ي ه
 * and diacritics find what the Urdu spelling finds.
 *
 * Progressive enhancement: without JavaScript the form still submits and
 * the <noscript> message explains; nothing here runs before the page exists.
 */
(() => {
  "use strict";

  const box = document.getElementById("search");
  if (!box) return;
  const form = box.querySelector("form");
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const messages = document.getElementById("search-messages");
  const config = JSON.parse(document.getElementById("search-config").textContent);
  const siteRoot = new URL(box.dataset.siteRoot, document.baseURI);
  const pageLang = document.documentElement.lang;
  const limit = config.limit || 20;
  const digits = (n) =>
    config.urduDigits && pageLang === "ur"
      ? String(n).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d])
      : String(n);

  /* fold(): the browser twin of glossary/normalize.py fold(). */
  const table = new Map();
  for (const [target, sources] of Object.entries(config.fold.map)) {
    for (const source of sources) table.set(source, target);
  }
  const { maddah, alef, alefMadda } = config.fold;
  const zwnj = "\u200c";
  const isLetter = (c) => c !== undefined && /\p{L}/u.test(c);

  function fold(text) {
    const out = [];
    const chars = Array.from(text); // code points, as Python indexes them
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === maddah) {
        if (out.length && out[out.length - 1] === alef) out[out.length - 1] = alefMadda;
        continue;
      }
      // A ZWNJ between two words (two letters or more each side) is a space
      // (normalize.py _between_words): عمران‌خان is عمران خان.
      const between =
        c === zwnj &&
        isLetter(chars[i - 1]) &&
        isLetter(chars[i - 2]) &&
        isLetter(chars[i + 1]) &&
        isLetter(chars[i + 2]);
      const replacement = between ? " " : table.get(c);
      if (replacement === undefined) {
        out.push(c);
      } else if (replacement === " ") {
        if (out[out.length - 1] !== " ") out.push(" ");
      } else {
        for (const r of replacement) out.push(r);
      }
    }
    return out.join("").trim();
  }
  window.khabarnamaFold = fold; // for the test that compares it with Python's fold()

  /* A message from the page, with its <bdi> (if any) filled by value. */
  function message(name, value) {
    const template = messages.querySelector(`[data-message="${name}"]`);
    const node = template.cloneNode(true);
    node.removeAttribute("data-message");
    const slot = node.querySelector("bdi");
    if (slot && value !== undefined) slot.textContent = value;
    return node.childNodes;
  }

  function say(name, value) {
    status.replaceChildren(...(name ? [...message(name, value)] : []));
  }

  function withLang(node, lang) {
    if (lang && lang !== pageLang) {
      node.lang = lang;
      node.dir = config.dirs[lang] || "ltr";
    }
    return node;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(result) {
    const meta = result.meta;
    const item = el("li", "search-result");
    const heading = el("p", "search-result-title");
    const link = el("a");
    link.href = new URL(meta.path, siteRoot).href;
    if (meta.kind === "entry") {
      // The Urdu name first on Urdu pages, the English name first otherwise.
      const urdu = withLang(el("span", "", meta.urdu), "ur");
      const english = withLang(el("bdi", "", meta.title), meta.lang);
      const [first, second] = pageLang === "ur" ? [urdu, english] : [english, urdu];
      link.append(first, " ", second);
    } else {
      withLang(link, meta.lang);
      link.textContent = meta.title;
    }
    heading.append(link);
    const details = el("p", "search-result-meta");
    const kind = el("span", "search-kind");
    kind.append(...message(`kind_${meta.kind}`));
    details.append(kind);
    const date = meta[`date_${pageLang}`];
    if (date) {
      const time = el("time", "", date);
      time.dateTime = meta.date;
      details.append(" · ", time);
    }
    const summary = withLang(el("p", "search-result-summary", meta.summary), meta.lang);
    item.append(heading, details, summary);
    return item;
  }

  let pagefind = null;
  async function engine() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (module) => {
        await module.init();
        // a large site's index is split by year: merge the other bundles
        for (const shard of config.shards || []) {
          await module.mergeIndex(new URL(shard, siteRoot).href);
        }
        return module;
      });
    }
    return pagefind;
  }

  // A split index (large sites): each bundle answers alone, and Pagefind
  // answers a word one bundle lacks with a shorter word it has (ویکسین →
  // وی). Where some result holds every query word, only those are shown, as
  // the index of the whole site would have answered.
  const INSPECT = 100;
  async function answer(results, folded) {
    if (!(config.shards || []).length) {
      const data = await Promise.all(results.slice(0, limit).map((r) => r.data()));
      return { data, count: results.length };
    }
    const inspected = await Promise.all(results.slice(0, INSPECT).map((r) => r.data()));
    const terms = folded.split(/\s+/).filter(Boolean);
    const exact = inspected.filter((d) => {
      // Pagefind also finds a page by the words of its URL and metadata
      const text = [d.content, d.url, ...Object.values(d.meta || {})].join(" ");
      const words = fold(text).split(/[\s\/\-_.,:;!?()]+/);
      return terms.every((t) => words.some((w) => w.startsWith(t)));
    });
    if (!exact.length) return { data: inspected.slice(0, limit), count: results.length };
    const count = results.length > INSPECT && exact.length === INSPECT ? results.length : exact.length;
    return { data: exact.slice(0, limit), count };
  }

  let latest = 0;
  async function run(query) {
    const id = ++latest;
    const folded = fold(query);
    if (!folded) {
      list.replaceChildren();
      say(null);
      return;
    }
    say("loading");
    try {
      const search = await (await engine()).search(folded);
      const { data, count } = await answer(search.results, folded);
      if (id !== latest) return; // a newer query has been typed meanwhile
      list.replaceChildren(...data.map(render));
      if (count === 0) say("none", query.trim());
      else if (count === 1) say("count_one");
      else say("count", digits(count));
    } catch (error) {
      if (id !== latest) return;
      list.replaceChildren();
      say("error");
      console.warn("search:", error);
    }
  }

  function remember(query) {
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  let timer = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      remember(input.value);
      run(input.value);
    }, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    remember(input.value);
    run(input.value);
  });

  const initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
