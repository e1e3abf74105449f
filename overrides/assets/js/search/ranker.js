/* The handbook's one search ranker. DOM-free: the site, the offline copy and the unit tests
 * (tests/js/ranker.test.mjs, Node) run this same file.
 *
 * It reads a question (or a pasted customer message) against the answer index
 * (search/answers-<lang>.json, written by macros/handbook/search/answers.py from
 * cases/concepts.yaml and the data) and returns the answers in one declared order. What the
 * words mean is data (concepts, market names, customer-language signals); this file only says
 * how a reading becomes a ranking:
 *
 *   1. read: the text's language (script, then frequent words), whether it is a customer's
 *      message, the markets it names (or whose language it is written in), the concepts whose
 *      words or signals it holds (the longest match is the most specific), the kind of answer
 *      asked for, a glossary name typed on its own.
 *   2. pick the ORDER of answer slots for that reading (PRECEDENCE), then fill each slot.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.hbRanker = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Which answers come first, by what the question names. One place: change an order here.
  // "related": templates of concepts answered by the same SOP or topic, when none name these.
  var PRECEDENCE = {
    rule: ["rule", "sop", "phrase", "term", "related", "page", "words"],     // a market and a topic
    sop: ["sop", "rule", "phrase", "term", "related", "page", "words"],      // a situation
    message: ["sop", "rule", "phrase", "related", "term", "page", "words"],  // a customer's own words (one rule row)
    phrase: ["phrase", "related", "words", "rule", "sop", "term", "page"],   // a template asked for
    term: ["term", "rule", "sop", "phrase", "related", "page", "words"],     // a glossary name, a definition asked for
    words: ["words", "term", "rule", "sop", "phrase", "related", "page"]     // nothing recognised: shared words
  };
  var MAX_READ = 4000;  // a pasted 20,000-character message is read by its first part
  var LATIN = /^[\u0000-\u024f\u1e00-\u1eff'’\-]+$/;
  var SCRIPTS = [["ko", /[\uac00-\ud7af]/g], ["ja", /[\u3040-\u30ff]/g], ["th", /[\u0e00-\u0e7f]/g],
                 ["ar", /[\u0600-\u06ff]/g]];
  // Characters written only in Traditional Chinese, and Cantonese particles (Hong Kong).
  var TRADITIONAL = /[們個貨訂單達還沒這麼為問題價錢號關稅費換買賣處請謝嗎裡國際運輸務聯絡資刪會員錯發無給讓說從時將後來對應該壞掉額點幫]/g;
  var CANTONESE = /[咗唔嘅喺冇佢嚟啲乜嘢]/;
  var VIETNAMESE = /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/g;
  var FIRST_PERSON = /\b(i|my|me|i'm|i've)\b/;

  function norm(s) { return String(s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); }
  // Latin and Chinese typed together are two words: "chargeback是什么意思", "含不含gst".
  function split(s) { return s.replace(/([a-z0-9])([\u4e00-\u9fff])/g, "$1 $2").replace(/([\u4e00-\u9fff])([a-z0-9])/g, "$1 $2"); }
  function latin(w) { return LATIN.test(w); }
  function stem(w) {  // a light stem for agents' English word forms ("cancelled" = "cancel")
    w = w.replace(/['’]/g, "");
    if (w.length <= 4) return w;
    w = w.replace(/(ing|ed|es|s|e)$/, "");
    return /([b-df-hj-np-tv-z])\1$/.test(w) ? w.slice(0, -1) : w;
  }
  function distance(a, b) {  // Damerau-Levenshtein, for short words only
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) d[i] = [i];
    for (j = 0; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  function create(index) {
    var stop = set(index.stop);
    var concepts = index.concepts || [];
    var answers = index.answers || [];
    var byUrl = {};
    answers.forEach(function (a) { byUrl[a.u] = a; });
    var known = {}, vocab = [];  // words never "corrected", and the words typos are read as
    concepts.forEach(function (c) {
      c.w.forEach(function (w) { w.split(/\s+/).forEach(function (p) { if (latin(p)) { known[p] = 1; vocab.push(p); } }); });
    });
    Object.keys(index.markets).forEach(function (code) {  // "Germnay" is Germany
      index.markets[code].a.forEach(function (w) {
        norm(w).split(" ").forEach(function (p) { known[p] = 1; if (p.length >= 5 && latin(p)) vocab.push(p); });
      });
    });
    answers.forEach(function (a) { (a.n || []).forEach(function (n) { norm(n).split(" ").forEach(function (p) { known[p] = 1; }); }); });
    Object.keys(stop).forEach(function (w) { known[w] = 1; });
    Object.keys(index.kinds).forEach(function (k) { index.kinds[k].forEach(function (w) { norm(w).split(" ").forEach(function (p) { known[p] = 1; }); }); });
    Object.keys(index.lang_names || {}).forEach(function (w) { known[w] = 1; });
    // Words the handbook itself writes are no typos: "getting" is not "greeting", 免税 not 免退.
    var written = answers.map(function (a) { return norm(a.t + " " + a.x); }).join(" ");
    (written.match(/[a-z]{4,}/g) || []).forEach(function (w) { known[w] = 1; });
    var hanWords = [];
    concepts.forEach(function (c) { c.w.forEach(function (w) { if (/^[\u4e00-\u9fff]{2,}$/.test(w)) hanWords.push(w); }); });
    answers.forEach(function (a) { (a.n || []).forEach(function (n) { if (/^[\u4e00-\u9fff]{2,}$/.test(n)) hanWords.push(n); }); });  // 体机重 -> 体积重
    hanWords.sort(function (a, b) { return b.length - a.length; });
    var readings = null;
    var frequent = {};  // each language's frequent words (index.languages), as sets
    Object.keys(index.languages || {}).forEach(function (lang) { frequent[lang] = set(index.languages[lang]); });

    function set(list) { var o = {}; (list || []).forEach(function (w) { o[norm(w)] = 1; }); return o; }

    /* The language of a text: its script, else its most frequent words (index.languages). */
    function language(text) {
      for (var i = 0; i < SCRIPTS.length; i++) {
        var n = (text.match(SCRIPTS[i][1]) || []).length;
        if (n >= 2) return SCRIPTS[i][0];
      }
      if (/[\u4e00-\u9fff]/.test(text)) {
        return (text.match(TRADITIONAL) || []).length >= 2 || CANTONESE.test(text) ? "zh-Hant" : "zh";
      }
      if ((text.match(VIETNAMESE) || []).length >= 2) return "vi";
      var words = text.match(/[a-zà-ÿ'’]+/g) || [], best = null, top = 0;
      Object.keys(frequent).forEach(function (lang) {
        var list = frequent[lang], n = 0;
        words.forEach(function (w) { if (list[w]) n++; });
        if (n > top || (n === top && lang === "en")) { top = n; best = lang; }
      });
      return top >= 2 ? best : words.length ? "en" : null;
    }

    /* Typos: a Latin word one or two edits from an agents' word; Chinese homophones. */
    function correct(text) {
      var out = text.replace(/[a-z][a-z'’-]{3,}/g, function (t) {
        if (known[t] || stop[t]) return t;
        var best = t, bestD = t.length >= 7 ? 3 : 2;
        if (t.length < 5) return t;
        vocab.forEach(function (w) {  // a slip keeps the first two letters: "frnace", "Germnay"
          if (Math.abs(w.length - t.length) > 2 || w.slice(0, 2) !== t.slice(0, 2)) return;
          var d = distance(t, w);
          if (d < bestD) { bestD = d; best = w; }
        });
        return best;
      });
      return index.homophones && out.length <= 40 ? correctHan(out) : out;
    }

    function correctHan(text) {  // 退活 -> 退货: a run that sounds like a word and keeps half of it
      if (!readings) {
        readings = {};
        Object.keys(index.homophones).forEach(function (sound) {
          Array.from(index.homophones[sound]).forEach(function (ch) { (readings[ch] = readings[ch] || []).push(sound); });
        });
      }
      var sounds = function (a, b) {
        return (readings[a] || []).some(function (r) { return (readings[b] || []).indexOf(r) >= 0; });
      };
      hanWords.forEach(function (w) {
        if (text.indexOf(w) >= 0) return;
        for (var i = 0; i + w.length <= text.length; i++) {
          var same = 0, ok = true;
          for (var j = 0; ok && j < w.length; j++) {
            var ch = text[i + j];
            if (ch === w[j]) same++;
            else ok = /[\u4e00-\u9fff]/.test(ch) && sounds(ch, w[j]) && !hanWords.some(function (h) { return h.length >= 2 && text.indexOf(h) >= 0 && text.indexOf(h) <= i + j && i + j < text.indexOf(h) + h.length; });
          }
          if (ok && same < w.length && same * 2 >= w.length && written.indexOf(text.substr(i, w.length)) < 0) {  // not a word the handbook writes
            text = text.slice(0, i) + w + text.slice(i + w.length);
            return;
          }
        }
      });
      return text;
    }

    /* How much of a term the text holds: its length when every content word is there (Latin:
     * by stem, close together), a substring elsewhere; 0 when not. */
    function held(text, words, term, near) {
      term = norm(term);
      if (!term) return 0;
      if (!latin(term.replace(/ /g, ""))) {  // no spaces to go by: each part a substring ("关税 拒收")
        var all = term.split(" ");
        return all.every(function (p) { return text.indexOf(p) >= 0; }) ? all.join("").length : 0;
      }
      var parts = term.split(" ").filter(function (p) { return !stop[p]; });
      if (!parts.length) parts = term.split(" ");
      var stems = words.stems || (words.stems = words.map(function (w) { return w.length > 2 ? stem(w) : w; }));
      var at = parts.map(function (part) {  // where each word of the term stands in the text
        var s = stem(part), where = [];
        words.forEach(function (w, k) { if (w === part || stems[k] === s) where.push(k); });
        return where;
      });
      if (at.some(function (where) { return !where.length; })) return 0;
      var length = parts.join("").length;
      if (!near) return length;
      // a message: the words stand together somewhere ("la correcta", not "la" in one sentence
      // and "correcta" in the next)
      return at[0].some(function (k) {
        return at.every(function (where) { return where.some(function (j) { return Math.abs(j - k) <= parts.length + 2; }); });
      }) ? length : 0;
    }

    function read(query) {
      var raw = String(query || "").slice(0, MAX_READ);
      var lang = language(norm(raw));
      var agent = index.lang === "zh" ? lang === "zh" || lang === "en" : lang === "en";
      var message = !agent || lang === "en" && FIRST_PERSON.test(norm(raw)) && raw.split(/\s+/).length >= (index.lang === "zh" ? 6 : 8);
      // typos are read in questions, not in a long paste (which would cost a distance per word)
      var text = message ? norm(raw) : raw.length > 200 ? split(norm(raw)) : correct(split(norm(raw)));
      var words = text.match(/[\p{L}\p{N}'’-]+/gu) || [];
      var markets = [];
      Object.keys(index.markets).forEach(function (code) {
        var hit = index.markets[code].a.some(function (name) {
          if (name === code) return new RegExp("(^|[^A-Za-z])" + code + "($|[^A-Za-z])").test(raw);  // "DE", not "de"
          var n = norm(name);
          return n.length > 1 && (latin(n.replace(/ /g, "")) ? held(text, words, n) === n.replace(/ /g, "").length || words.indexOf(n) >= 0 : text.indexOf(n) >= 0);
        });
        if (hit) markets.push(code);
      });
      var named = markets.length > 0;
      var clang = message ? (index.customer_lang[lang] || lang) : null;
      if (!named && message && lang !== "en") {
        var hk = lang === "zh-Hant" && CANTONESE.test(raw);
        Object.keys(index.markets).forEach(function (code) {
          var ls = index.markets[code].l;
          if (ls.indexOf(clang) >= 0 || lang === "zh-Hant" && ls.indexOf(hk ? "zh-HK" : "zh-TW") >= 0) markets.push(code);
        });
        if (lang === "zh-Hant" && hk) clang = "zh-HK";
      }
      var found = [];
      concepts.forEach(function (c) {
        var terms = message ? (c.s[lang] || []).concat(lang === "en" ? c.w : []) : c.w;
        var best = 0, hits = 0;
        terms.forEach(function (term) { var n = held(text, words, term, message); if (n) { hits++; best = Math.max(best, n); } });
        // An agent's fragment: the longest match is the most specific. A customer's message says
        // the same thing in several ways: the concept it keeps saying wins, not one long word.
        if (best) found.push({ c: c, score: message ? hits + best / 100 : best + 0.5 * (hits - 1) });
      });
      found.sort(function (a, b) { return b.score - a.score; });
      found = found.filter(function (f) { return f.score >= found[0].score * 0.5; }).slice(0, 4);
      var kind = null;
      Object.keys(index.kinds).forEach(function (k) {
        if (!kind && index.kinds[k].some(function (w) {
          var n = norm(w);
          return latin(n.replace(/ /g, "")) ? (" " + words.join(" ") + " ").indexOf(" " + n + " ") >= 0 : text.indexOf(n) >= 0;
        })) kind = k;
      });
      var templateLang = null;  // a customer language named: the template in it ("荷兰语", "malay template")
      Object.keys(index.lang_names || {}).forEach(function (name) {
        if (!message && (latin(name) ? words.indexOf(name) >= 0 : text.indexOf(name) >= 0)) {
          templateLang = index.lang_names[name];
          if (!latin(name)) kind = kind || "phrase";
        }
      });
      var bare = words.filter(function (w) { return !stop[w]; }).join(" ");
      var term = null;
      answers.forEach(function (a) {
        (a.n || []).forEach(function (n) {
          var m = norm(n);
          var exact = m === bare || m === text || raw.indexOf(n) >= 0 && /^[A-Z0-9]{2,6}$/.test(n) && !named;
          // a name inside the question: when nothing else is recognised, or a definition is asked for
          var inside = (!found.length || kind === "glossary") && m.length >= (latin(m) ? 4 : kind === "glossary" ? 2 : 3) &&
            (latin(m) ? held(text, words, m) : text.indexOf(m) >= 0);
          if ((exact || inside) && (!term || exact && !term.exact || m.length > term.len)) term = { a: a, exact: exact, len: m.length };
        });
      });
      return { text: text, corrected: text !== norm(raw) ? text : null, lang: lang, customerLang: clang, message: message,
               markets: markets, named: named, templateLang: templateLang, concepts: found, kind: kind, term: term ? term.a : null, termExact: !!(term && term.exact),
               words: words.filter(function (w) { return !stop[w] && w.length > 1; }) };
    }

    function order(r) {
      var top = r.concepts[0] && r.concepts[0].c;
      if (r.kind === "phrase") return PRECEDENCE.phrase;
      if (r.kind === "glossary" || (r.termExact || r.term && (!top || r.term.c.indexOf(top.id) >= 0)) && !r.named) return PRECEDENCE.term;
      if (r.kind === "sop") return PRECEDENCE.sop;
      if (r.message) return PRECEDENCE.message;
      if (top && top.a.topic && r.named) return PRECEDENCE.rule;
      if (top && (top.a.sop || top.a.page || top.a.glossary)) return PRECEDENCE.sop;
      return top ? PRECEDENCE.rule : PRECEDENCE.words;
    }

    function shared(r, a) {  // words of the question in an answer's title and text
      var hay = norm(a.t + " " + a.x);
      return r.words.filter(function (w) { return hay.indexOf(w) >= 0; }).length;
    }

    function has(list, values) { return (list || []).some(function (v) { return values.indexOf(v) >= 0; }); }

    /* Templates naming these concepts: in the customer's (or the named market's) language first. */
    function templates(r, ids) {
      var langs = r.customerLang ? [r.customerLang] : r.templateLang ? [r.templateLang] : [];
      r.markets.forEach(function (code) { langs = langs.concat(index.markets[code].l); });
      var fit = function (a) {
        return (langs.length && has(a.l, langs) ? 4 : 0) + (r.named && has(a.m, r.markets) ? 2 : 0)
          - ids.indexOf(a.c.filter(function (c) { return ids.indexOf(c) >= 0; })[0]) / 10;
      };
      var out = answers.filter(function (a) { return a.k === "phrase" && has(a.c, ids); });
      if (r.message || r.named || r.templateLang) out = out.filter(function (a) { return !langs.length || has(a.l, langs); });
      return out.map(function (a) { return { a: a, s: fit(a) }; })
        .sort(function (x, y) { return y.s - x.s; }).slice(0, 3).map(function (x) { return x.a; });
    }

    /* Each slot's answers for a reading, best first. */
    var SLOTS = {
      rule: function (r) {
        var topics = r.concepts.map(function (f) { return f.c.a.topic; }).filter(Boolean);
        var out = [];
        if (!r.named && !r.message) return out;
        topics.forEach(function (topic) {
          var rows = answers.filter(function (a) {
            return a.k === "rule" && has(a.m, r.markets) && a.u.indexOf("#fact-" + topic.replace("_", "-")) >= 0;
          });
          out = out.concat(rows.map(function (a, i) { return { a: a, s: shared(r, a) - i / 100 }; })
            .sort(function (x, y) { return y.s - x.s; }).map(function (x) { return x.a; }));
        });
        if (!topics.length && r.named && !r.concepts.length && !r.message) {  // a market alone: its rules
          answers.forEach(function (a) { if (a.k === "rule" && has(a.m, r.markets)) out.push(a); });
        }
        return r.message ? out.slice(0, 1) : out;  // a message: the rule beside the SOP, the template next
      },
      sop: function (r) {
        return r.concepts.map(function (f) {
          var url = f.c.a.sop;
          if (!url) return null;
          var a = byUrl[url.split("#")[0]];
          return a && Object.assign({}, a, { u: url });
        }).filter(Boolean);
      },
      phrase: function (r) { return templates(r, r.concepts.map(function (f) { return f.c.id; })); },
      related: function (r) {
        var ids = r.concepts.map(function (f) { return f.c.id; });
        if (answers.some(function (a) { return a.k === "phrase" && has(a.c, ids); })) return [];
        // a template for a lost parcel serves "delivered, not received"; one for a privacy request, the topic
        var more = [];
        r.concepts.forEach(function (f) {
          concepts.forEach(function (c) {
            var same = c.a.sop && f.c.a.sop && c.a.sop.split("#")[0] === f.c.a.sop.split("#")[0] || c.a.topic && c.a.topic === f.c.a.topic;
            if (same && ids.indexOf(c.id) < 0 && more.indexOf(c.id) < 0) more.push(c.id);
          });
        });
        return templates(r, more);
      },
      term: function (r) {
        var out = r.term ? [r.term] : [];
        r.concepts.forEach(function (f) { if (f.c.a.glossary && byUrl[f.c.a.glossary]) out.push(byUrl[f.c.a.glossary]); });
        return out;
      },
      page: function (r) {
        return r.concepts.filter(function (f) { return f.c.a.page; }).map(function (f) {
          return { k: "chapter", t: f.c.l, u: f.c.a.page, x: "", c: [f.c.id] };
        });
      },
      words: function (r) {  // shared words, when the question names nothing the thesaurus knows
        if (!r.words.length || r.message) return [];
        var han = (r.text.match(/[\u4e00-\u9fff]+/g) || []).join(" ");
        var names = [];
        r.markets.forEach(function (code) { names = names.concat(index.markets[code].a.map(norm)); });
        names.forEach(function (n) { if (!latin(n)) han = han.split(n).join(" "); });
        var latinWords = r.words.filter(function (w) { return latin(w) && names.indexOf(w) < 0; });
        return answers.map(function (a) {
          var title = norm(a.t), body = norm(a.x + " " + (a.n || []).join(" ")), s = 0;
          latinWords.forEach(function (w) { s += title.indexOf(w) >= 0 ? 3 : body.indexOf(w) >= 0 ? 1 : 0; });
          (title.match(/[\u4e00-\u9fff]{2,}/g) || []).forEach(function (run) {  // Chinese has no spaces: whole runs, else pairs
            if (han.indexOf(run) >= 0) s += 4;
            else for (var i = 0; i + 1 < run.length; i++) if (han.indexOf(run.substr(i, 2)) >= 0) s += 1;
          });
          if (s && r.kind === a.k) s += 2;  // the kind asked for, among answers that share words
          if (r.named && a.m && !has(a.m, r.markets)) s = 0;
          return { a: a, s: s };
        }).filter(function (x) { return x.s >= Math.max(2, Math.min(3, latinWords.length)); })
          .sort(function (x, y) { return y.s - x.s; }).slice(0, 6).map(function (x) { return x.a; });
      }
    };

    function passes(a, filters) {
      return Object.keys(filters || {}).every(function (key) {
        var want = filters[key];
        if (key === "type") return want.indexOf(a.k) >= 0;
        if (key === "market") return !a.m || has(a.m, want);
        var have = (a.f || {})[key];
        return !have || has(have, want);
      });
    }

    /* The answers for a question, in the order its reading calls for, each once. */
    function rank(query, filters, limit) {
      var r = read(query);
      var seen = {}, out = [];
      order(r).forEach(function (slot) {
        SLOTS[slot](r).forEach(function (a) {
          var key = a.u.split("#")[0] + (a.k === "rule" || a.k === "glossary" || a.k === "phrase" ? a.u : "");
          if (seen[key] || !passes(a, filters)) return;
          seen[key] = 1;
          out.push(Object.assign({ slot: slot }, a));
        });
      });
      return { reading: r, answers: out.slice(0, limit || 8) };
    }

    return { read: read, rank: rank, language: language, precedence: PRECEDENCE };
  }

  return { create: create };
});
