// Unit tests of the search ranker (overrides/assets/js/search/ranker.js) on the real answer
// index, without a browser or a build: tests/test_ranker.py writes the index of the shipped
// handbook and runs this file with Node's test runner. HB_ANSWERS: folder with
// answers-zh.json and answers-en.json; HB_RELEVANCE: the tuned question set as JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rankersFrom, score, scoreMessages } from "../../benchmarks/rank.mjs";

const dir = process.env.HB_ANSWERS;
const rankers = rankersFrom([join(dir, "answers-zh.json"), join(dir, "answers-en.json")]);
const zh = rankers.zh, en = rankers.en;
const urls = (res) => res.answers.map((a) => a.u);
const first = (ranker, q, filters) => ranker.rank(q, filters || {}, 10).answers[0];

test("the whole tuned relevance set ranks its answer first", () => {
  const set = JSON.parse(readFileSync(process.env.HB_RELEVANCE, "utf8"));
  const result = score(rankers, set.questions);
  for (const lang of ["zh", "en"]) {
    const s = result[lang];
    assert.ok(s.questions >= 100, `${lang}: ${s.questions} answerable questions`);
    assert.ok(s.top3 >= 0.9, `${lang} top-3 ${s.top3}; misses: ${JSON.stringify(s.misses.slice(0, 5))}`);
    assert.ok(s.top1 >= 0.8, `${lang} top-1 ${s.top1}`);
  }
});

test("the tuned customer messages: SOP or market page in the top 3, a template in their language", () => {
  const set = JSON.parse(readFileSync(process.env.HB_RELEVANCE, "utf8"));
  const result = scoreMessages(rankers, set.messages);
  assert.ok(result.messages >= 40);
  assert.ok(result.page >= 0.85, `page ${result.page}; misses: ${JSON.stringify(result.misses.slice(0, 4))}`);
  assert.ok(result.template >= 0.8, `template ${result.template}`);
});

test("a market and a topic give that market's rule row first", () => {
  assert.equal(first(zh, "德国 退货期限").u, "markets/de/#fact-withdrawal");
  assert.equal(first(en, "uk who pays return shipping").u, "en/markets/gb/#fact-return-costs");
  assert.equal(first(zh, "大马 隐私").u, "markets/my/#fact-privacy");
});

test("typos: a misspelt market or word, a pinyin homophone", () => {
  assert.equal(first(en, "Germnay return deadline").u, "en/markets/de/#fact-withdrawal");
  const res = zh.rank("德国 退宽", {}, 5);  // 宽 for 款 (kuan): a pinyin input method's slip
  assert.equal(res.answers[0].u, "markets/de/#fact-refund");
  assert.equal(res.reading.corrected, "德国 退款", "the status says how the question was read");
  assert.equal(first(zh, "法国 增值睡").u, "markets/fr/#fact-vat");
  assert.equal(zh.read("原路退回").corrected, null, "words typed right are not corrected");
  assert.equal(en.read("customer angry about delay").corrected, null, "customer is not a typo of customs");
});

test("a situation gives its SOP, and the type filter removes it", () => {
  const res = zh.rank("包裹丢了怎么办", {}, 10);
  assert.match(res.answers[0].u, /^sops\/sop-logistics-delay-lost\//);
  const phrases = zh.rank("包裹丢了怎么办", { type: ["phrase"] }, 10);
  assert.ok(phrases.answers.length > 0);
  assert.ok(phrases.answers.every((a) => a.k === "phrase"), "no pinned SOP survives the type filter");
});

test("a template asked for comes first, in the market's language", () => {
  const a = first(zh, "德国 包裹丢了 话术");
  assert.equal(a.k, "phrase");
  assert.ok(a.l.includes("de"), `${a.u} has a German text`);
});

test("a pasted customer message: its language, markets and situation", () => {
  const cases = [
    ["Hallo, mein Paket ist seit drei Wochen nicht angekommen. Die Sendungsverfolgung zeigt nichts Neues. Wo ist meine Bestellung?", "de", "DE"],
    ["お世話になっております。注文した商品がまだ届いておりません。追跡番号で確認しても更新がありません。", "ja", "JP"],
    ["안녕하세요. 주문한 상품이 아직 도착하지 않았습니다. 배송 조회도 안 됩니다.", "ko", "KR"],
    ["Olá, meu pedido ainda não chegou e o rastreamento não atualiza há duas semanas.", "pt", "BR"],
  ];
  for (const [text, lang, market] of cases) {
    const res = zh.rank(text, {}, 10);
    const r = res.reading;
    assert.equal(r.lang, lang, text);
    assert.ok(r.message, `${lang}: read as a customer's message`);
    assert.ok(r.markets.includes(market), `${lang}: markets ${r.markets}`);
    assert.ok(r.concepts.some((f) => /lost-parcel|delay|delivered-not-received/.test(f.c.id)), `${lang}: ${r.concepts.map((f) => f.c.id)}`);
    assert.match(urls(res).slice(0, 3).join(" "), /sop-logistics-delay-lost/, `${lang}: the SOP in the top 3`);
    const phrase = res.answers.slice(0, 5).find((a) => a.k === "phrase");
    assert.ok(phrase && phrase.l.includes(r.customerLang), `${lang}: a template in ${r.customerLang}`);
  }
});

test("scripts and languages are told apart", () => {
  const L = (t) => zh.read(t).lang;
  assert.equal(L("สวัสดีค่ะ พัสดุยังไม่ได้รับเลยค่ะ"), "th");
  assert.equal(L("مرحبا، لم يصل طلبي بعد"), "ar");
  assert.equal(L("Xin chào, tôi chưa nhận được hàng"), "vi");
  assert.equal(L("我的包裹到現在還沒收到，請問怎麼處理？"), "zh-Hant");
  assert.equal(L("我個包裹仲未收到，點算好？"), "zh-Hant");
  assert.equal(L("包裹丢了怎么办"), "zh");
  assert.equal(L("Bonjour, je n'ai toujours pas reçu ma commande et le suivi ne bouge plus"), "fr");
});

test("bad input: huge, emoji only, RTL, HTML are read as text and answered", () => {
  const huge = "Mein Paket ist nicht angekommen. ".repeat(700);  // about 23,000 characters
  assert.ok(huge.length > 20000);
  const res = zh.rank(huge, {}, 10);
  assert.ok(res.reading.message);
  assert.ok(Array.isArray(res.answers));
  assert.deepEqual(zh.rank("😡😡😡🙏", {}, 10).answers.filter((a) => a.k === "rule"), []);
  assert.ok(Array.isArray(zh.rank("\u202eمرحبا \u202c طلبي", {}, 10).answers));
  const html = zh.rank('<img src=x onerror="alert(1)"> 包裹丢了', {}, 10);
  assert.match(html.reading.text, /<img src=x/, "markup stays text in the reading");
  for (const a of html.answers) assert.equal(typeof a.t, "string");
});

test("one declared order of precedence", () => {
  for (const order of Object.values(zh.precedence)) {
    assert.equal(new Set(order).size, order.length);
    assert.deepEqual([...order].sort(), ["page", "phrase", "related", "rule", "sop", "term", "words"]);
  }
});
