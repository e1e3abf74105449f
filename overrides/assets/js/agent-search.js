/* The handbook's search for agents, loaded on first use by search-boot.js.
 *
 * Online it queries Pagefind (pagefind/pagefind.js, an index per page language, fetched in
 * chunks as a query needs them). From file:// (the offline copy) Pagefind cannot run, so it
 * searches the records written to search/offline-<lang>.js with plain JavaScript.
 *
 * Everything that comes from the index is put on the page as text (textContent), never as HTML.
 */
(function () {
  "use strict";
  var FILTERS = ["market", "type", "stage", "level"];
  // Agents ask "德国 退货": answers (rules, glossary terms, SOPs) before cases that mention the words.
  var BOOST = { rule: 1.8, glossary: 1.6, sop: 1.35, phrase: 1.2, chapter: 1.0, case: 0.75 };
  var MAX_QUERY = 200;
  var RESULTS = 10;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpts are HTML with <mark>; rebuild them from text nodes only. */
  function excerptNodes(html) {
    var frag = document.createDocumentFragment();
    String(html || "").split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        var text = new DOMParser().parseFromString(part, "text/html").documentElement.textContent;
        frag.appendChild(marked ? el("mark", null, text) : document.createTextNode(text));
      }
      return marked;
    }, false);
    return frag;
  }

  function host(url) {
    try { return new URL(url).host.replace(/^www\./, ""); } catch (e) { return ""; }
  }

  /* ---------- engines ---------- */

  function pagefindEngine(root, rootPath) {
    var ready = import(root + "pagefind/pagefind.js").then(function (pf) {
      return pf.options({ baseUrl: rootPath, excerptLength: 24 }).then(function () { pf.init(); return pf; });
    });
    return {
      ready: ready,
      search: function (query, filters) {
        return ready.then(function (pf) {
          return pf.search(query, { filters: filters }).then(function (res) {
            if (!res) return null; // superseded by a newer query
            var top = res.results.slice(0, 12);
            return Promise.all(top.map(function (r) { return r.data(); })).then(function (datas) {
              return datas.map(function (d, i) { return normalise(d, top[i].score, rootPath); });
            });
          });
        });
      }
    };
  }

  function normalise(d, score, rootPath) {
    var meta = d.meta || {};
    var kind = meta.kind || "chapter";
    // Records (answer cards, terms, phrases) carry their real address; pages have their own.
    var url = meta.target ? rootPath + meta.target : d.url;
    var section = null;
    // Section-level hit: jump to the heading whose text matched best.
    if (kind !== "rule" && kind !== "glossary" && kind !== "phrase" && d.sub_results && d.sub_results.length) {
      var best = d.sub_results.slice().sort(function (a, b) {
        return (b.locations || []).length - (a.locations || []).length;
      })[0];
      // The page's own title (h1) is the page: no section to name or jump to.
      var top = best && best.anchor && best.anchor.element === "h1";
      if (best && !top && best.url !== d.url) { url = best.url; section = best.title; }
    }
    return { url: url, kind: kind, title: meta.title || d.url, excerpt: d.excerpt, section: section,
             meta: meta, score: score * (BOOST[kind] || 1) };
  }

  function offlineEngine(root, lang) {
    var ready = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = root + "search/offline-" + lang + ".js";
      s.onload = function () { resolve(window.__hbOfflineSearch || { records: [] }); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
    function terms(q) {
      return q.toLowerCase().split(/[\s,，。、?？!！:：;；]+/).filter(Boolean);
    }
    return {
      ready: ready,
      search: function (query, filters) {
        return ready.then(function (data) {
          var words = query === null ? [] : terms(query);  // null: every record the filters allow
          var hits = [];
          data.records.forEach(function (r) {
            for (var key in filters) {
              var have = (r.f && r.f[key]) || [];
              if (!filters[key].some(function (v) { return have.indexOf(v) >= 0; })) return;
            }
            var title = r.t.toLowerCase(), kw = (r.w || "").toLowerCase(), body = (r.x || "").toLowerCase();
            var score = 0;
            words.forEach(function (w) {
              if (title.indexOf(w) >= 0) score += 10;
              else if (kw.indexOf(w) >= 0) score += 6;
              else if (body.indexOf(w) >= 0) score += 1;
              else score -= 4; // every word should appear somewhere
            });
            if (query === null) score = 1;
            if (score > 0) hits.push({ r: r, score: score * (BOOST[r.k] || 1) });
          });
          hits.sort(function (a, b) { return b.score - a.score; });
          return hits.slice(0, 16).map(function (h) {
            var meta = Object.assign({ kind: h.r.k, title: h.r.t }, h.r.m || {});
            return { url: root + h.r.u, kind: h.r.k, title: h.r.t, excerpt: null, text: h.r.x, meta: meta, score: h.score };
          });
        });
      }
    };
  }

  /* ---------- UI ---------- */

  function attach(box) {
    if (box.__hbSearch) return;
    box.__hbSearch = true;
    var input = box.querySelector("input");
    var panel = box.querySelector(".hb-search__panel");
    // Absolute: import() resolves against this script's address, not the page's.
    var root = new URL(box.getAttribute("data-root"), window.location.href).href;
    var lang = document.documentElement.lang || "zh";
    var offline = window.location.protocol === "file:";
    var rootPath = new URL(root, window.location.href).pathname;
    var labels = offline ? null : fetch(root + "pagefind/labels-" + lang + ".json").then(function (r) { return r.json(); });
    var engine = offline ? offlineEngine(root, lang) : pagefindEngine(root, rootPath);
    if (offline) labels = engine.ready.then(function (d) { return d.labels || {}; });
    var seq = 0;
    var lastKey = null;
    var active = -1;
    var items = [];
    var selects = {};

    var filtersRow = el("div", "hb-search__filters");
    var status = el("p", "hb-search__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = el("ul", "hb-search__results");
    list.id = "hb-search-results";
    list.setAttribute("role", "listbox");
    panel.appendChild(filtersRow);
    panel.appendChild(status);
    panel.appendChild(list);
    input.setAttribute("aria-controls", list.id);

    labels.then(function (L) {
      var ui = L.ui || {};
      list.setAttribute("aria-label", ui.results || "Results");
      FILTERS.forEach(function (key) {
        var options = L[key] || {};
        var wrap = el("label", "hb-search__filter");
        wrap.appendChild(el("span", null, (ui["filter_" + key] || key)));
        var sel = el("select");
        sel.name = key;
        var any = el("option", null, ui.any || "—");
        any.value = "";
        sel.appendChild(any);
        Object.keys(options).sort(function (a, b) {
          return key === "market" ? String(options[a]).localeCompare(String(options[b]), lang) : 0;
        }).forEach(function (value) {
          var o = el("option", null, options[value]);
          o.value = value;
          sel.appendChild(o);
        });
        sel.addEventListener("change", function () { run(); });
        selects[key] = sel;
        wrap.appendChild(sel);
        filtersRow.appendChild(wrap);
      });
      readUrl();
      run();
    }).catch(function () { status.textContent = "Search is unavailable."; });

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      if (params.has("q") && !input.value) input.value = params.get("q").slice(0, MAX_QUERY);
      FILTERS.forEach(function (key) {
        var v = params.get(key);
        if (v && selects[key] && Array.prototype.some.call(selects[key].options, function (o) { return o.value === v; })) {
          selects[key].value = v;
        }
      });
    }

    function writeUrl(query, filters) {
      if (offline) return; // file:// history entries are per file; nothing to share
      var params = new URLSearchParams(window.location.search);
      ["q"].concat(FILTERS).forEach(function (k) { params.delete(k); });
      if (query) params.set("q", query);
      Object.keys(filters).forEach(function (k) { params.set(k, filters[k][0]); });
      var qs = params.toString();
      history.replaceState(history.state, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash);
    }

    function currentFilters() {
      var f = {};
      FILTERS.forEach(function (k) { if (selects[k] && selects[k].value) f[k] = [selects[k].value]; });
      return f;
    }

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
    }

    function run() {
      var query = input.value.slice(0, MAX_QUERY).trim();
      var filters = currentFilters();
      // The same question again (typed before the code loaded, then its input event): keep the
      // results and the reader's place in them.
      var key = query + "\u0000" + JSON.stringify(filters);
      if (key === lastKey) return;
      lastKey = key;
      writeUrl(query, filters);
      var mine = ++seq;
      if (!query) {
        list.replaceChildren();
        items = [];
        labels.then(function (L) { if (mine === seq) status.textContent = (L.ui || {}).hint || ""; });
        return;
      }
      labels.then(function (L) {
        if (mine === seq && !items.length) status.textContent = (L.ui || {}).loading || "…";
      });
      labels.then(function (L) {
        return find(query, filters, L).then(function (results) {
          if (mine === seq) render(results.slice(0, RESULTS), L, query, results.corrected);
        });
      }).catch(function () { if (mine === seq) status.textContent = "Search is unavailable."; });
    }

    /* ---------- understanding the question ---------- */

    function latin(w) { return /^[\x00-\x7f]+$/.test(w); }

    function contains(q, word) {
      var w = String(word).toLowerCase();
      if (latin(w)) {  // Latin: whole words only ("de" is not "delay")
        return new RegExp("(^|[^a-z0-9])" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "($|[^a-z0-9])").test(q);
      }
      return q.indexOf(w) >= 0;
    }

    /* How much of a phrase the question holds: the length of its content words when every one is
     * there (in any order; filler words skipped, English word forms by stem), else 0. The longer
     * match is the more specific: "never arrived" over "how long to arrive". */
    function matchLength(q, phrase, L) {
      var stop = (L && L.stop) || [];
      var stems = null, length = 0;
      var all = String(phrase).toLowerCase().split(/\s+/).every(function (part) {
        if (!part || stop.indexOf(part) >= 0) return true;  // "opened a dispute" = "opened paypal dispute"
        length += part.length;
        if (contains(q, part)) return true;
        if (!latin(part)) return false;
        stems = stems || (q.match(/[a-z0-9']+/g) || []).map(stem);
        return stems.indexOf(stem(part)) >= 0;                 // "updating" = "update", "cancelled" = "cancel"
      });
      return all ? length : 0;
    }

    /* A light English stem, enough to match agents' word forms: -ing, -ed, -es, -s, -e, a doubled
     * last consonant ("cancelled"). Only ever compared with another stem. */
    function stem(w) {
      w = String(w).replace(/'/g, "");
      if (w.length <= 4) return w;
      w = w.replace(/(ing|ed|es|s|e)$/, "");
      return /([b-df-hj-np-tv-z])\1$/.test(w) ? w.slice(0, -1) : w;
    }

    function distance(a, b) {  // Damerau-Levenshtein (adjacent swaps), small words only
      var d = [];
      for (var i = 0; i <= a.length; i++) { d[i] = [i]; }
      for (var j = 0; j <= b.length; j++) { d[0][j] = j; }
      for (i = 1; i <= a.length; i++) {
        for (j = 1; j <= b.length; j++) {
          var cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
      return d[a.length][b.length];
    }

    /* The words typos are read as, and the words never "corrected", from the labels: built once,
     * not on every keystroke. */
    var lexicon = null;
    function lexiconOf(L) {
      if (lexicon && lexicon.labels === L) return lexicon;
      var vocab = [];
      Object.keys(L.aliases || {}).forEach(function (c) { vocab = vocab.concat(L.aliases[c]); });
      Object.keys(L.topics || {}).forEach(function (k) { vocab = vocab.concat(L.topics[k]); });
      Object.keys(L.sops || {}).forEach(function (k) { vocab = vocab.concat(L.sops[k].words || []); });
      // glossary names of one long Latin word ("chargback" -> "chargeback")
      vocab = vocab.concat(Object.keys(L.terms || {}).filter(function (n) { return latin(n) && /^[a-z-]{6,}$/.test(n); }));
      vocab = vocab.map(function (w) { return String(w).toLowerCase(); });
      // Words the handbook knows are never "corrected": every word of its vocabulary, glossary
      // names and filler words ("customer" is not a typo of "customs").
      var known = {};
      var everyWord = vocab.concat(L.stop || [], Object.keys(L.terms || {}));
      Object.keys(L.kinds || {}).forEach(function (k) { everyWord = everyWord.concat(L.kinds[k]); });
      everyWord.forEach(function (w) {
        known[String(w).toLowerCase()] = true;
        String(w).toLowerCase().split(/[\s-]+/).forEach(function (part) { known[part] = true; });
      });
      var han = /^[\u4e00-\u9fff]+$/;
      var hanWords = vocab.filter(function (w) { return w.length >= 2 && han.test(w); })
        .sort(function (a, b) { return b.length - a.length; });
      lexicon = { labels: L, vocab: vocab, known: known, hanWords: hanWords };
      return lexicon;
    }

    /* Typos: a Latin word one or two edits from a word of the lexicon is read as that word. */
    function correct(query, L) {
      var lex = lexiconOf(L), vocab = lex.vocab, known = lex.known;
      var words = query.split(/\s+/).map(function (token) {
        var t = token.toLowerCase();
        if (!t || known[t]) return token;
        if (latin(t)) {
          if (t.length < 4) return token;
          var best = null, bestD = t.length >= 7 ? 3 : 2;
          vocab.forEach(function (w) {
            if (!latin(w) || w.indexOf(" ") >= 0 || Math.abs(w.length - t.length) > 2) return;
            var dd = distance(t, w);
            if (dd < bestD) { bestD = dd; best = w; }
          });
          return best || token;
        }
        return correctHan(token, L, lex.hanWords);
      });
      return words.join(" ");
    }

    /* Chinese: agents type with a pinyin input method, so a wrong character is a homophone
     * (退活 for 退货). A run of characters that sounds like one of agents' words, keeps at least
     * half of its characters and does not overlap a word already typed right, is read as that
     * word. L.homophones maps each pinyin syllable to the characters read so. */
    var readings = null;
    function correctHan(token, L, words) {
      if (!L.homophones || !/[\u4e00-\u9fff]/.test(token)) return token;
      if (!readings) {
        readings = {};
        Object.keys(L.homophones).forEach(function (sound) {
          Array.from(L.homophones[sound]).forEach(function (c) { (readings[c] = readings[c] || []).push(sound); });
        });
      }
      var han = /^[\u4e00-\u9fff]+$/;
      var out = token;
      var covered = function () {  // positions of words already typed right
        var mark = [];
        words.forEach(function (w) {
          for (var at = out.indexOf(w); at >= 0; at = out.indexOf(w, at + 1)) {
            for (var k = at; k < at + w.length; k++) mark[k] = true;
          }
        });
        return mark;
      };
      var mark = covered();
      words.forEach(function (w) {
        if (out.indexOf(w) >= 0) return;
        for (var i = 0; i + w.length <= out.length; i++) {
          var win = out.substr(i, w.length), same = 0, ok = han.test(win);
          for (var j = 0; ok && j < w.length; j++) {
            if (mark[i + j]) ok = false;
            else if (win[j] === w[j]) same++;
            else ok = (readings[win[j]] || []).some(function (r) { return (readings[w[j]] || []).indexOf(r) >= 0; });
          }
          if (ok && same < w.length && same * 2 >= w.length) {
            out = out.slice(0, i) + w + out.slice(i + w.length);
            mark = covered();
            return;
          }
        }
      });
      return out;
    }

    /* What the question names: a topic (the most specific of agents' words it contains),
     * markets (德国 / Germany / DE) and the kind of answer (a template, a procedure …). */
    function intent(query, L) {
      var q = query.toLowerCase();
      query = String(query);
      var topic = null, topicWord = null, best = 0;
      Object.keys(L.topics || {}).forEach(function (key) {
        (L.topics[key] || []).forEach(function (w) {
          var n = matchLength(q, w, L);
          if (n > best) { best = n; topic = key; topicWord = w; }
        });
      });
      var markets = [], marketWord = null;
      Object.keys(L.aliases || {}).forEach(function (code) {
        (L.aliases[code] || []).forEach(function (w) {
          // A code counts only as typed, upper case: "DE 退货", not the "de" of "de minimis"; other
          // short names are no English words and count as typed in any case ("uk buyer").
          var hit = w === code ? new RegExp("(^|[^A-Za-z0-9])" + w + "($|[^A-Za-z0-9])").test(query)
                               : String(w).length > 1 && contains(q, w);
          if (hit && markets.indexOf(code) < 0) { markets.push(code); marketWord = w; }
        });
      });
      var kinds = [];
      Object.keys(L.kinds || {}).forEach(function (k) {
        if ((L.kinds[k] || []).some(function (w) { return contains(q, w); })) kinds.push(k);
      });
      var sop = null, sopWord = null, sopBest = 0;
      Object.keys(L.sops || {}).forEach(function (path) {
        (L.sops[path].words || []).forEach(function (w) {
          var n = matchLength(q, w, L);
          if (n > sopBest) { sopBest = n; sop = path; sopWord = w; }
        });
      });
      return { topic: topic, topicWord: topicWord, markets: markets, marketWord: marketWord, kinds: kinds,
               // With a market named, its rule answers unless the situation is clearly more
               // specific ("德国 包裹被海关扣了" is the customs SOP; "印尼 交关税" the rule).
               sop: (markets.length && topic ? sopBest >= best + 2 : sopBest >= best) && sopBest ? sop : null,
               sopWord: sopWord };
    }

    function strip(query, L) {
      var q = " " + query + " ";
      (L.stop || []).concat(Object.keys(L.kinds || {}).reduce(function (all, k) { return all.concat(L.kinds[k]); }, []))
        .sort(function (a, b) { return String(b).length - String(a).length; })
        .forEach(function (w) {
          if (latin(String(w))) q = q.replace(new RegExp("(\\s)" + String(w) + "(?=\\s)", "gi"), "$1");
          else q = q.split(String(w)).join(" ");
        });
      return q.replace(/\s+/g, " ").trim();
    }

    /* A glossary term the question names (no market named): "起征点 de minimis" asks what de
     * minimis is. The longest name wins; Latin names need four letters, Chinese ones three. */
    function namedTerm(q, L, asTyped) {
      var best = null, len = 0;
      // An abbreviation typed in capitals names its term, however short: "what INR means"
      (String(asTyped || "").match(/\b[A-Z][A-Z0-9]{1,5}\b/g) || []).forEach(function (abbr) {
        var entry = (L.terms || {})[abbr.toLowerCase()];
        if (entry && !best) best = entry;
      });
      if (best) return best;
      Object.keys(L.terms || {}).forEach(function (name) {
        var ok = latin(name) ? name.length >= 4 && contains(q, name) : name.length >= 3 && q.indexOf(name) >= 0;
        if (ok && name.length > len) { best = L.terms[name]; len = name.length; }
      });
      if (best) return best;
      // The Latin words of a mixed question that begin a term's name: "起征点 de minimis"
      var words = (q.match(/[a-z0-9][a-z0-9 \-]*[a-z0-9]/g) || []).filter(function (w) { return w.length >= 6; });
      var shortestName = Infinity;
      Object.keys(L.terms || {}).forEach(function (name) {
        if (latin(name) && name.length < shortestName && words.some(function (w) { return name.indexOf(w + " ") === 0 || name === w; })) {
          best = L.terms[name]; shortestName = name.length;
        }
      });
      if (best || !latin(q) || q.length < 4 || /\s/.test(q)) return best;
      // One Latin word that is part of a term's name: "a-to-z" -> "amazon a-to-z guarantee"
      var shortest = Infinity;
      Object.keys(L.terms || {}).forEach(function (name) {
        if (latin(name) && name.length < shortest && contains(name, q)) { best = L.terms[name]; shortest = name.length; }
      });
      return best;
    }

    /* The words of a question worth searching alone: no filler words, Chinese split by the
     * browser's word segmenter where it has one; the six longest. */
    function contentWords(q, L) {
      var stop = L.stop || [];
      var out = [];
      String(q).split(/\s+/).forEach(function (token) {
        if (!token) return;
        if (latin(token)) {
          var w = token.toLowerCase().replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
          if (w.length >= 3 && stop.indexOf(w) < 0 || /^[A-Z]{2,}$/.test(token)) out.push(w);
          return;
        }
        var parts = [token];
        if (window.Intl && Intl.Segmenter) {
          parts = Array.from(new Intl.Segmenter("zh", { granularity: "word" }).segment(token))
            .filter(function (s) { return s.isWordLike; }).map(function (s) { return s.segment; });
        }
        parts.forEach(function (w) {
          if (w.length >= 2 && stop.indexOf(w) < 0) out.push(w);
        });
      });
      out = out.filter(function (w, i) { return out.indexOf(w) === i; });
      return out.sort(function (a, b) { return b.length - a.length; }).slice(0, 6);
    }

    /* One list from the per-word searches: a result's score is the share of the words it was
     * found by (each word's scores scaled to its best), times the best score of the whole-question
     * searches, so a page holding every word ranks with the direct hits. */
    function mergeWords(wordLists, lists) {
      if (!wordLists.length) return [];
      var top = 0;
      lists.forEach(function (list) { (list || []).forEach(function (r) { top = Math.max(top, r.score); }); });
      top = top || 10;
      var byUrl = {};
      wordLists.forEach(function (list) {
        var best = 0;
        (list || []).forEach(function (r) { best = Math.max(best, r.score); });
        (list || []).forEach(function (r) {
          var entry = byUrl[r.url] || (byUrl[r.url] = { r: r, share: 0 });
          entry.share += best ? r.score / best : 0;
        });
      });
      return Object.keys(byUrl).map(function (url) {
        var e = byUrl[url];
        return Object.assign({}, e.r, { score: top * 0.9 * e.share / wordLists.length });
      });
    }

    /* Pagefind requires every word of a query; agents type questions ("包裹丢了怎么办"). So the
     * question runs as typed, without its filler words, and as market + topic when it names
     * them; the answers are merged and ordered by what the question names. */
    function find(query, filters, L) {
      var fixed = correct(query, L);
      var want = intent(fixed, L);
      var variants = [fixed];
      var stripped = strip(fixed, L);
      if (stripped && stripped !== fixed) variants.push(stripped);
      if (want.topicWord && want.marketWord) variants.push(want.marketWord + " " + want.topicWord);
      else if (want.topicWord) variants.push(want.topicWord);
      if (want.sop) variants.push(want.sopWord);
      var searches = variants.map(function (v) { return engine.search(v, filters); });
      // A named market's own records are always candidates, however many other markets use the words.
      var codes = filters.market ? filters.market : want.markets.slice(0, 2);
      if (!filters.market) {
        want.markets.slice(0, 2).forEach(function (code) {
          var own = Object.assign({}, filters, { market: [code] });
          searches.push(engine.search(want.topicWord || stripped || fixed, own));
        });
      }
      // A market and a topic named: that market's cards for the topic, by filters alone. Words
      // would depend on how Pagefind segmented each card ("低价值" is one word in some, two in others).
      if (want.topic && codes.length && (!filters.type || filters.type.indexOf("rule") >= 0)) {
        searches.push(engine.search(null, Object.assign({}, filters, { market: codes, topic: [want.topic] })));
      }
      // Agents type whole sentences ("customer in amsterdam want return who pay the shipping back")
      // and Pagefind needs every word: each content word is also searched alone, and a page counts
      // for the share of the words it holds.
      var words = contentWords(stripped || fixed, L);
      var perWord = words.length >= 3 ? words.map(function (w) { return engine.search(w, filters); }) : [];
      return Promise.all([Promise.all(searches), Promise.all(perWord)]).then(function (both) {
        return both[0].concat([mergeWords(both[1], both[0])]);
      }).then(function (lists) {
        var byKey = {};
        lists.forEach(function (list) {
          (list || []).forEach(function (r) {
            var key = r.kind === "sop" || r.kind === "case" || r.kind === "rule" && !r.meta.tkey ? r.url.split("#")[0] : r.url;
            if (!byKey[key] || byKey[key].score < r.score) byKey[key] = r;
          });
        });
        var results = Object.keys(byKey).map(function (k) { return byKey[k]; });
        var q = fixed.toLowerCase().trim();
        results.forEach(function (r) {
          if (r.kind === "rule" && r.meta.tkey) {
            if (want.topic && r.meta.tkey === want.topic) r.score *= 3;
            if (want.markets.length) r.score *= want.markets.indexOf(r.meta.code) >= 0 ? 2 : 0.5;
          } else if (r.kind === "glossary") {
            var title = String(r.title).toLowerCase();
            if (title.split(" · ").some(function (part) { return part === q; })) r.score *= 4;
            else if (q.length >= 2 && title.indexOf(q) >= 0) r.score *= 2.5;
          }
          if (want.kinds.indexOf(r.kind) >= 0) r.score *= 2.5;
          var otherKind = want.kinds.some(function (k) { return k !== "sop"; });  // "话术": a template, not the SOP
          if (want.sop && !otherKind && r.kind === "sop" && new URL(r.url, window.location.href).pathname.replace(rootPath, "/") === want.sop) r.score *= 4;
        });
        results.sort(function (a, b) { return b.score - a.score; });
        // A market and a topic named, and no other kind of answer asked for: that market's rule
        // is the answer, whatever Pagefind's scores (they shift with the chunks already loaded).
        if (want.topic && want.markets.length && !want.kinds.length) {
          var isCard = function (r) { return r.kind === "rule" && r.meta.tkey === want.topic && want.markets.indexOf(r.meta.code) >= 0; };
          results = results.filter(isCard).concat(results.filter(function (r) { return !isCard(r); }));
        }
        // A template asked for ("模板", "msg for …"): templates first, those for the named market
        // ahead of the rest; the market's rules follow.
        if (want.kinds.indexOf("phrase") >= 0) {
          var forMarket = function (r) {
            return want.markets.some(function (c) { return (" " + (r.meta.codes || "") + " ").indexOf(" " + c + " ") >= 0; });
          };
          var rank = function (r) { return r.kind !== "phrase" ? 2 : want.markets.length && !forMarket(r) ? 1 : 0; };
          results = results.map(function (r, i) { return { r: r, i: i }; })
            .sort(function (a, b) { return rank(a.r) - rank(b.r) || a.i - b.i; })
            .map(function (x) { return x.r; });
        }
        // The question names a SOP situation or a glossary term the index did not rank first
        // (Pagefind needs every word): put that answer first, it is what the words mean.
        var top = results.length ? results[0].score : 1;
        var path = function (r) { return new URL(r.url, window.location.href).pathname; };
        var term = (L.terms || {})[q] || (!want.markets.length && !want.sop ? namedTerm(q, L, fixed) : null);
        if (offline) return results;  // file:// links are file names; the records already hold both
        if (term && !filters.market) {
          results = results.filter(function (r) { return r.kind !== "glossary" || r.title !== term.title; });
          results.unshift({ url: rootPath.replace(/\/$/, "") + term.url, kind: "glossary", title: term.title,
                            text: term.text, excerpt: null, meta: { kind: "glossary" }, score: top * 2 });
        } else if (want.sop && !want.kinds.filter(function (k) { return k !== "sop"; }).length && (!results.length || !(results[0].kind === "sop" && path(results[0]).replace(rootPath, "/") === want.sop))) {
          results = results.filter(function (r) { return path(r).replace(rootPath, "/") !== want.sop; });
          var info = L.sops[want.sop];
          results.unshift({ url: rootPath.replace(/\/$/, "") + want.sop, kind: "sop", title: info.title, text: "",
                            excerpt: null, meta: { kind: "sop" }, score: top * 2 });
        }
        return results;
      }).then(function (results) {
        var norm = function (x) { return x.replace(/\s+/g, " ").trim().toLowerCase(); };
        results.corrected = norm(fixed) !== norm(query) ? fixed : null;
        return results;
      });
    }

    function render(results, L, query, corrected) {
      var ui = L.ui || {};
      var types = L.type || {};
      list.replaceChildren();
      list.setAttribute("data-query", query);
      items = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.textContent = results.length ? (ui.count || "{n}").replace("{n}", results.length) : (ui.none || "No results");
      // Say how the question was read when a typo was corrected, so the agent can tell.
      if (corrected) status.textContent = (ui.corrected || "{q}").replace("{q}", corrected) + " · " + status.textContent;
      results.forEach(function (r, i) {
        var li = el("li", "hb-search__item hb-search__item--" + r.kind);
        li.setAttribute("data-kind", r.kind);
        li.id = "hb-search-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = el("a", "hb-search__link");
        a.href = r.url;
        a.tabIndex = -1;
        var head = el("span", "hb-search__head");
        head.appendChild(el("span", "hb-search__type", types[r.kind] || r.kind));
        head.appendChild(el("span", "hb-search__title", r.title));
        a.appendChild(head);
        if (r.kind === "rule" && r.meta.rule) {
          a.appendChild(el("span", "hb-search__rule", r.meta.rule));
        } else if (r.section) {
          a.appendChild(el("span", "hb-search__section", "§ " + r.section));
        }
        if (r.kind !== "rule") {
          var ex = el("span", "hb-search__excerpt");
          // records carry their own one-line text; pages show Pagefind's excerpt around the match
          if (r.meta.text || !r.excerpt) ex.textContent = r.meta.text || r.text || "";
          else ex.appendChild(excerptNodes(r.excerpt));
          a.appendChild(ex);
        }
        li.appendChild(a);
        if (r.kind === "rule") {
          // The answer card: where the rule comes from, when it was checked, what to send.
          var card = el("span", "hb-search__card");
          if (r.meta.source) {
            var src = el("a", "hb-search__source", (ui.source || "Source") + " " + host(r.meta.source));
            src.href = r.meta.source;
            src.rel = "noopener";
            src.tabIndex = -1;
            card.appendChild(src);
          }
          if (r.meta.checked) {
            var time = el("time", "hb-search__checked", (ui.checked || "Checked") + " " + r.meta.checked);
            time.setAttribute("datetime", r.meta.checked);
            card.appendChild(time);
          }
          if (r.meta.phrase) {
            var send = el("a", "hb-search__send", (ui.send || "Send") + " " + (r.meta.phrase_title || ""));
            send.href = offline ? root + r.meta.phrase : rootPath + r.meta.phrase;
            send.tabIndex = -1;
            card.appendChild(send);
          }
          li.appendChild(card);
        }
        li.addEventListener("mousedown", function (e) { if (e.target === li) e.preventDefault(); });
        list.appendChild(li);
        items.push(li);
      });
      open(true);
    }

    function move(delta) {
      if (!items.length) return;
      if (active >= 0) items[active].setAttribute("aria-selected", "false");
      active = (active + delta + items.length) % items.length;
      var item = items[active];
      item.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", item.id);
      item.scrollIntoView({ block: "nearest" });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () { open(true); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); open(true); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Enter") {
        var target = items[active >= 0 ? active : 0];
        if (target) { e.preventDefault(); window.location.href = target.querySelector("a").href; }
      } else if (e.key === "Escape") { open(false); input.blur(); }
    });
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) open(false); });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && e.target !== input) { open(false); input.focus(); }
    });
    if (document.activeElement === input || input.value || /[?&]q=/.test(window.location.search)) open(true);
  }

  window.hbSearch = { attach: attach };
})();
