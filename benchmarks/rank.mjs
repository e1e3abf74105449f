// Relevance of the ranker alone (no browser, no Pagefind): every question of a set against the
// answer index of its language. Used by the unit tests (tests/js/ranker.test.mjs) and by
// `handbook bench` for the fresh sets. Usage:
//   node benchmarks/rank.mjs answers-zh.json answers-en.json questions.json  -> JSON scores
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { create } = require("../overrides/assets/js/search/ranker.js");

/** 'en/markets/de/#fact-x' -> 'markets/de/#fact-x': results are compared without the prefix. */
export function sitePath(url, lang) {
  const path = url.replace(/^\/+/, "");
  return lang !== "zh" && path.startsWith(lang + "/") ? path.slice(lang.length + 1) : path;
}

export function matches(url, lang, expected) {
  const path = sitePath(url, lang);
  return expected.some((want) => (want.includes("#") ? path === want : path.split("#")[0] === want));
}

/** Answer kinds the ranker can return; a question expecting only case or chapter pages is
 * Pagefind's and is left to the browser benchmark. */
export function answerable(expected) {
  return expected.some((e) => /^(markets|sops|glossary|phrases)\//.test(e));
}

export function score(rankers, questions) {
  const out = {};
  for (const item of questions) {
    const lang = item.lang || "zh";
    const expect = item.expect || [];
    if (!answerable(expect)) continue;
    const res = rankers[lang].rank(String(item.q ?? item.text), {}, 10);
    const urls = res.answers.map((a) => a.u);
    const at = urls.findIndex((u) => matches(u, lang, expect));
    const s = (out[lang] ??= { questions: 0, top1: 0, top3: 0, misses: [] });
    s.questions += 1;
    if (at === 0) s.top1 += 1;
    if (at >= 0 && at < 3) s.top3 += 1;
    else s.misses.push({ q: String(item.q ?? item.text).slice(0, 80), expect, got: urls.slice(0, 3) });
  }
  for (const s of Object.values(out)) {
    s.top1 = +(s.top1 / s.questions).toFixed(3);
    s.top3 = +(s.top3 / s.questions).toFixed(3);
  }
  return out;
}

/** Customer messages: the SOP or market page in the top 3, and a template in the customer's
 * language among the first five answers. */
export function scoreMessages(rankers, messages, uiLang = "zh") {
  const ranker = rankers[uiLang];
  let page = 0, template = 0, withTemplate = 0;
  const misses = [];
  for (const m of messages) {
    const res = ranker.rank(m.text, {}, 10);
    const urls = res.answers.map((a) => a.u);
    const okPage = urls.slice(0, 3).some((u) => matches(u, uiLang, m.expect || []));
    if (okPage) page += 1;
    let okTemplate = null;
    if ((m.templates || []).length) {
      withTemplate += 1;
      okTemplate = res.answers.slice(0, 5).some((a) => a.k === "phrase" && (a.l || []).includes(m.lang));
      if (okTemplate) template += 1;
    }
    if (!okPage || okTemplate === false) {
      misses.push({ lang: m.lang, read: `${res.reading.lang} ${res.reading.concepts.map((f) => f.c.id).join("/")}`,
                    expect: m.expect, got: urls.slice(0, 3), template: okTemplate });
    }
  }
  return { messages: messages.length, page: +(page / messages.length).toFixed(3),
           template: withTemplate ? +(template / withTemplate).toFixed(3) : null, with_template: withTemplate, misses };
}

export function rankersFrom(files) {
  const out = {};
  for (const f of files) {
    const index = JSON.parse(readFileSync(f, "utf8"));
    out[index.lang] = create(index);
  }
  return out;
}

/** Milliseconds the ranker takes on hostile pastes (the bad input: each under 100 ms). */
export function hostileTimings(ranker) {
  const inputs = {
    "20,000 characters": "Mein Paket ist nicht angekommen, bitte helfen Sie mir. ".repeat(370).slice(0, 20000),
    "emoji only": "😡😡😡🙏🙏📦❌".repeat(20),
    "right-to-left": "\u202eمرحبا، لم يصل طلبي رقم 12345 حتى الآن\u202c ".repeat(10),
    "HTML": '<script>alert(1)</script><img src=x onerror="alert(2)"> 包裹丢了 '.repeat(20),
  };
  const out = {};
  for (const [name, text] of Object.entries(inputs)) {
    ranker.rank(text, {}, 10);  // warm
    const start = performance.now();
    for (let i = 0; i < 5; i++) ranker.rank(text, {}, 10);
    out[name] = +((performance.now() - start) / 5).toFixed(1);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === "--hostile") {
  const rankers = rankersFrom(process.argv.slice(3));
  process.stdout.write(JSON.stringify(hostileTimings(rankers.zh)) + "\n");
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const [zh, en, set] = process.argv.slice(2);
  const rankers = rankersFrom([zh, en]);
  const data = JSON.parse(readFileSync(set, "utf8"));
  const result = { questions: score(rankers, data.questions || []) };
  if (data.messages) result.messages = scoreMessages(rankers, data.messages);
  process.stdout.write(JSON.stringify(result, null, 1) + "\n");
}
