/* The handbook's search panel, loaded by search-boot.js (with search/ranker.js before it; it uses
 * search-boot's window.hbAnswers and window.hbLoadScript).
 *
 * Answers first, without the network: the ranker (search/ranker.js) ranks the answer index
 * (search/answers-<lang>.json, fetched while the page was idle; search/answers-<lang>.js in the
 * offline copy) on every keystroke. Full-text results follow below: Pagefind online (its index is
 * fetched in chunks as a query needs them), the offline copy's page records from file://.
 *
 * Everything that comes from an index is put on the page as text (textContent), never as HTML.
 */
(function () {
  "use strict";
  var FILTERS = ["market", "type", "stage", "level"];
  var MAX_QUERY = 4000;   // a pasted customer message; the ranker reads its first part
  var RESULTS = 10;
  var FULL_TEXT = 3;      // Pagefind results whose text is fetched (one request each)

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpts are HTML with <mark>: parsed once, rebuilt from its text and marks only
   * (parsing each piece apart dropped the space after a highlighted word). */
  function excerptNodes(html) {
    var frag = document.createDocumentFragment();
    var body = new DOMParser().parseFromString("<body>" + String(html || ""), "text/html").body;
    body.childNodes.forEach(function (node) {
      frag.appendChild(node.nodeName === "MARK" ? el("mark", null, node.textContent) : document.createTextNode(node.textContent));
    });
    return frag;
  }

  function host(url) {
    try { return new URL(url).host.replace(/^www\./, ""); } catch (e) { return ""; }
  }

  /* ---------- full text ---------- */

  function pagefindText(root, rootPath) {
    var ready = import(root + "pagefind/pagefind.js").then(function (pf) {
      return pf.options({ baseUrl: rootPath, excerptLength: 24 }).then(function () { return pf.init(); }).then(function () { return pf; });
    });
    return function (query, filters) {
      return ready.then(function (pf) {
        return pf.search(query, { filters: filters }).then(function (res) {
          if (!res) return [];
          var top = res.results.slice(0, FULL_TEXT);
          return Promise.all(top.map(function (r) { return r.data(); })).then(function (datas) {
            return datas.map(function (d) { return page(d); });
          });
        });
      });
    };
  }

  function page(d) {
    var meta = d.meta || {};
    var url = d.url, section = null;
    if (d.sub_results && d.sub_results.length) {  // jump to the section whose text matched best
      var best = d.sub_results.slice().sort(function (a, b) { return (b.locations || []).length - (a.locations || []).length; })[0];
      if (best && !(best.anchor && best.anchor.element === "h1") && best.url !== d.url) { url = best.url; section = best.title; }
    }
    return { u: url, k: meta.kind || "chapter", t: meta.title || d.url, excerpt: d.excerpt, section: section };
  }

  function offlineText(root, lang) {
    var ready = window.hbLoadScript(root + "search/offline-" + lang + ".js").then(function () { return window.__hbOfflineSearch || { records: [] }; });
    return function (query, filters) {
      return ready.then(function (data) {
        var words = query.toLowerCase().split(/\s+/).filter(Boolean);
        return data.records.filter(function (r) {
          return Object.keys(filters).every(function (k) { return filters[k].some(function (v) { return ((r.f || {})[k] || []).indexOf(v) >= 0; }); });
        }).map(function (r) {
          var hay = (r.t + " " + (r.w || "") + " " + r.x).toLowerCase();
          return { r: r, s: words.filter(function (w) { return hay.indexOf(w) >= 0; }).length };
        }).filter(function (x) { return x.s && x.s === words.length; }).slice(0, FULL_TEXT).map(function (x) {
          return { u: x.r.u, k: x.r.k, t: x.r.t, x: x.r.x };  // site-root relative, like the answers
        });
      });
    };
  }

  /* ---------- UI ---------- */

  function attach(box) {
    if (box.__hbSearch) return;
    box.__hbSearch = true;
    var input = box.querySelector("input");
    var panel = box.querySelector(".hb-search__panel");
    var root = new URL(box.getAttribute("data-root"), window.location.href).href;
    var rootPath = new URL(root, window.location.href).pathname;
    var lang = document.documentElement.lang || "zh";
    var offline = window.location.protocol === "file:";
    var index = window.hbAnswers(lang);  // search-boot.js: fetched once, while the page was idle
    var ranker = index.then(function (data) { return window.hbRanker.create(data); });
    // Full text: Pagefind's code, wasm and metadata are fetched now, while the page is idle, so a
    // question costs only the index chunks and the few result texts it needs (offline: one script).
    var fullText = offline ? offlineText(root, lang) : pagefindText(root, rootPath);
    var seq = 0, lastKey = null, active = -1, items = [], selects = {};

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
    input.maxLength = MAX_QUERY;

    index.then(function (data) {
      var L = data.labels, ui = L.ui || {};
      list.setAttribute("aria-label", ui.results || "Results");
      FILTERS.forEach(function (key) {
        var options = L[key] || {};
        var wrap = el("label", "hb-search__filter");
        wrap.appendChild(el("span", null, ui["filter_" + key] || key));
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
        if (v && selects[key] && Array.prototype.some.call(selects[key].options, function (o) { return o.value === v; })) selects[key].value = v;
      });
    }

    function writeUrl(query, filters) {
      if (offline) return;
      var params = new URLSearchParams(window.location.search);
      ["q"].concat(FILTERS).forEach(function (k) { params.delete(k); });
      if (query && query.length <= 200) params.set("q", query);  // a pasted message stays out of the address
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
      var key = query + "\u0000" + JSON.stringify(filters);
      if (key === lastKey) return;  // the same question again: keep the reader's place
      lastKey = key;
      writeUrl(query, filters);
      var mine = ++seq;
      Promise.all([index, ranker]).then(function (both) {
        if (mine !== seq) return;
        var L = both[0].labels, ui = L.ui || {};
        if (!query) { list.replaceChildren(); items = []; status.textContent = ui.hint || ""; return; }
        var ranked = both[1].rank(query, filters, RESULTS);
        var answers = ranked.answers;
        render(answers, L, query, ranked.reading, false);
        var text = fullTextQuery(ranked.reading, query, both[0]);
        if (!text) return render(answers, L, query, ranked.reading, true);
        fullText(text, filters).then(function (pages) {
          if (mine !== seq) return;
          var seen = {};
          answers.forEach(function (a) { seen[a.u.split("#")[0]] = 1; });
          var more = pages.filter(function (p) { var k = p.u.split("#")[0]; if (seen[k]) return false; seen[k] = 1; return true; });
          render(answers.concat(more).slice(0, RESULTS), L, query, ranked.reading, true);
        }, function () { if (mine === seq) render(answers, L, query, ranked.reading, true); });
      }).catch(function () { if (mine === seq) status.textContent = "Search is unavailable."; });
    }

    /* What full text searches for: Pagefind needs every word and fetches an index chunk per
     * word, so the question's two longest words (market names left to the answers); a customer's
     * message is answered by the answers alone. */
    function fullTextQuery(r, query, data) {
      if (r.message) return "";
      var names = [];
      r.markets.forEach(function (code) { names = names.concat(data.markets[code].a.map(function (n) { return n.toLowerCase(); })); });
      var words = r.words.filter(function (w) { return names.indexOf(w) < 0; });
      return words.slice().sort(function (a, b) { return b.length - a.length; }).slice(0, 2).join(" ") || query;
    }

    /* How the question was read, so the agent can tell: "顾客消息 · 德语 → 包裹丢失". */
    function readingLine(r, L) {
      var ui = L.ui || {};
      var concepts = r.concepts.map(function (f) { return f.c.l; }).join(" / ");
      var markets = r.named ? r.markets.map(function (c) { return (L.market || {})[c] || c; }).join("、") : "";
      if (r.message) {
        var name = (L.langs || {})[r.customerLang] || r.customerLang || r.lang;
        return (ui.message || "{lang} → {what}").replace("{lang}", name).replace("{what}", concepts || "—");
      }
      var what = [markets, concepts].filter(Boolean).join(" · ");
      var line = what ? (ui.read_as || "{what}").replace("{what}", what) : "";
      if (r.corrected) line = (ui.corrected || "{q}").replace("{q}", r.corrected) + (line ? " · " + line : "");
      return line;
    }

    function render(results, L, query, reading, complete) {
      var ui = L.ui || {}, types = L.type || {};
      list.replaceChildren();
      if (complete) list.setAttribute("data-query", query);
      else list.removeAttribute("data-query");
      list.setAttribute("data-answers", query);  // answers shown: what the slow-link benchmark waits for
      items = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var count = results.length ? (ui.count || "{n}").replace("{n}", results.length) : complete ? (ui.none || "No results") : (ui.loading || "…");
      var line = readingLine(reading, L);
      status.textContent = line ? line + " · " + count : count;
      results.forEach(function (r, i) {
        var li = el("li", "hb-search__item hb-search__item--" + r.k);
        li.setAttribute("data-kind", r.k);
        li.id = "hb-search-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = el("a", "hb-search__link");
        a.href = offline ? root + r.u : (/^(\/|[a-z]+:)/.test(r.u) ? r.u : rootPath + r.u);
        a.tabIndex = -1;
        var head = el("span", "hb-search__head");
        head.appendChild(el("span", "hb-search__type", types[r.k] || r.k));
        head.appendChild(el("span", "hb-search__title", r.t));
        a.appendChild(head);
        if (r.k === "rule") a.appendChild(el("span", "hb-search__rule", r.x));
        else if (r.section) a.appendChild(el("span", "hb-search__section", "§ " + r.section));
        if (r.k !== "rule") {
          var ex = el("span", "hb-search__excerpt");
          if (r.excerpt && !r.x) ex.appendChild(excerptNodes(r.excerpt));
          else ex.textContent = r.x || "";
          a.appendChild(ex);
        }
        if (r.k === "phrase" && r.l && reading.customerLang && r.l.indexOf(reading.customerLang) >= 0) {
          a.appendChild(el("span", "hb-search__lang", ((L.langs || {})[reading.customerLang] || reading.customerLang)));
        }
        li.appendChild(a);
        if (r.k === "rule") li.appendChild(card(r, ui));
        li.addEventListener("mousedown", function (e) { if (e.target === li) e.preventDefault(); });
        list.appendChild(li);
        items.push(li);
      });
      open(true);
    }

    /* The answer card: where the rule comes from, when it was checked, what to send. */
    function card(r, ui) {
      var c = el("span", "hb-search__card");
      if (r.src) {
        var src = el("a", "hb-search__source", (ui.source || "Source") + " " + host(r.src));
        src.href = r.src;
        src.rel = "noopener";
        src.tabIndex = -1;
        c.appendChild(src);
      }
      if (r.d) {
        var time = el("time", "hb-search__checked", (ui.checked || "Checked") + " " + r.d);
        time.setAttribute("datetime", r.d);
        c.appendChild(time);
      }
      if (r.p) {
        var send = el("a", "hb-search__send", (ui.send || "Send") + " " + (r.pt || ""));
        send.href = offline ? root + r.p : rootPath + r.p;
        send.tabIndex = -1;
        c.appendChild(send);
      }
      return c;
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
