/* Team readiness (/trainer/team/): reads agents' result files (exported from My progress) in the
 * browser and shows per agent and level readiness, and per item the share answering right
 * (difficulty p) and the upper-lower 27 % discrimination index D. Nothing is sent anywhere.
 *
 * Every value from a file is untrusted: it is checked for its type and only ever rendered with
 * textContent. Files answered against an older bank still load: unknown question ids are listed.
 */
(function () {
  "use strict";

  var MAX_FILE = 2 * 1024 * 1024;
  var GROUP_SHARE = 0.27;
  var MIN_AGENTS = 5;       // below this the item figures are only indicative
  var MIN_P = 0.3, MIN_D = 0.2;

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, key) {
      return key in values ? values[key] : "";
    });
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function keys(v) {
    return Array.isArray(v) ? v.filter(function (k) { return typeof k === "string"; }).slice().sort() : null;
  }

  function sameSet(a, b) {
    return a.length === b.length && a.every(function (v, i) { return v === b[i]; });
  }

  function table(cls, headers) {
    var wrap = el("div", null, "hb-table " + cls);
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    headers.forEach(function (h) { var th = el("th", h); th.scope = "col"; head.appendChild(th); });
    t.appendChild(document.createElement("tbody"));
    wrap.appendChild(t);
    return wrap;
  }

  function pct(x) { return Math.round(100 * x) + "%"; }

  /* One agent from a parsed file, or an error reason. */
  function agentFrom(data, file, bank, t, notes) {
    if (!isObject(data) || data.format !== "handbook-results" || !isObject(data.levels)) {
      return t.not_results;
    }
    var agent = { name: String(typeof data.agent === "string" ? data.agent : "").slice(0, 200) || file,
                  date: typeof data.date === "string" ? data.date.slice(0, 20) : "", file: file, levels: {} };
    if (typeof data.bank === "string" && data.bank !== bank.bank) {
      notes.push(format(t.other_bank, { file: file, bank: data.bank.slice(0, 40) }));
    }
    var unknown = [];
    Object.keys(bank.levels).forEach(function (level) {
      var raw = data.levels[level];
      if (!isObject(raw)) { return; }
      var questions = bank.levels[level].questions;
      var answers = {}, right = 0, known = 0;
      if (isObject(raw.answers)) {
        Object.keys(raw.answers).forEach(function (qid) {
          var chosen = keys(raw.answers[qid]);
          if (!chosen) { return; }
          if (!(qid in questions)) { unknown.push(qid); return; }
          answers[qid] = chosen;
          known += 1;
          if (sameSet(chosen, questions[qid].correct)) { right += 1; }
        });
      }
      var num = function (v) { return typeof v === "number" && isFinite(v) ? v : null; };
      var writing = [];
      if (isObject(raw.writing)) {
        Object.keys(raw.writing).forEach(function (wid) {
          var w = raw.writing[wid];
          if (isObject(w) && num(w.percent) !== null) { writing.push(Math.max(0, Math.min(100, Math.round(w.percent)))); }
        });
      }
      agent.levels[level] = {
        form: typeof raw.form === "string" ? raw.form.slice(0, 80) : "",
        complete: raw.complete === true, answered: num(raw.answered) || 0, size: num(raw.size) || 0,
        score: num(raw.score), total: num(raw.total), percent: num(raw.percent),
        answers: answers, ability: known ? right / known : 0, writing: writing
      };
    });
    if (unknown.length) {
      notes.push(format(t.unknown, { file: file }) + " " + unknown.slice(0, 50).join(", "));
    }
    return agent;
  }

  function readinessTable(agents, bank, t) {
    var levels = Object.keys(bank.levels);
    var wrap = table("hb-team-agents", [t.agent, t.date].concat(levels.map(function (l) { return bank.levels[l].label; })));
    var body = wrap.querySelector("tbody");
    agents.forEach(function (agent) {
      var row = body.insertRow();
      row.setAttribute("data-agent", agent.name);
      var th = el("th", agent.name);
      th.scope = "row";
      row.appendChild(th);
      row.appendChild(el("td", agent.date));
      levels.forEach(function (level) {
        var st = agent.levels[level];
        var text, cls = "";
        if (!st) {
          text = t.none;
        } else if (st.complete && st.percent !== null) {
          var passed = st.percent >= 80;
          text = (passed ? "✓ " : "✗ ") + st.percent + "% " + (passed ? t.passed : t.not_passed);
          cls = passed ? "hb-passed" : "hb-not-passed";
        } else {
          text = format(t.incomplete, { answered: st.answered, size: st.size });
        }
        if (st && st.form) { text += " · " + st.form; }
        if (st && st.writing.length) { text += " · " + format(t.writing, { percent: st.writing.join("/") }); }
        var td = el("td", text, cls);
        td.setAttribute("data-level", level);
        row.appendChild(td);
      });
    });
    return wrap;
  }

  /* Per item: who answered it, the share right (p) and D = p(top 27 %) - p(bottom 27 %), the
     agents ranked by their share right on that level's known items. */
  function itemStats(agents, level, qid, correct) {
    var answered = [];
    agents.forEach(function (agent, index) {
      var st = agent.levels[level];
      if (st && st.answers[qid]) {
        answered.push({ ability: st.ability, index: index, right: sameSet(st.answers[qid], correct) ? 1 : 0 });
      }
    });
    var n = answered.length;
    if (!n) { return null; }
    var right = answered.reduce(function (s, a) { return s + a.right; }, 0);
    var d = null;
    if (n >= 2) {
      answered.sort(function (a, b) { return b.ability - a.ability || a.index - b.index; });
      var g = Math.max(1, Math.round(GROUP_SHARE * n));
      var share = function (list) { return list.reduce(function (s, a) { return s + a.right; }, 0) / list.length; };
      d = share(answered.slice(0, g)) - share(answered.slice(n - g));
    }
    return { n: n, right: right, p: right / n, d: d };
  }

  function itemTable(agents, bank, t) {
    var wrap = table("hb-team-items", [t.level, t.item, t.topic, t.answered, t.right, t.discrimination, t.verdict]);
    var body = wrap.querySelector("tbody");
    Object.keys(bank.levels).forEach(function (level) {
      var questions = bank.levels[level].questions;
      Object.keys(questions).forEach(function (qid) {
        var s = itemStats(agents, level, qid, questions[qid].correct);
        if (!s) { return; }
        var row = body.insertRow();
        row.setAttribute("data-qid", qid);
        row.setAttribute("data-p", s.p.toFixed(2));
        row.setAttribute("data-d", s.d === null ? "" : s.d.toFixed(2));
        row.appendChild(el("td", bank.levels[level].label));
        var th = el("th");
        th.scope = "row";
        th.appendChild(el("code", qid));
        th.appendChild(document.createTextNode(" " + questions[qid].stem));
        row.appendChild(th);
        row.appendChild(el("td", questions[qid].topic || "—"));
        row.appendChild(el("td", s.n));
        row.appendChild(el("td", pct(s.p) + " (" + s.right + " / " + s.n + ")"));
        row.appendChild(el("td", s.d === null ? "—" : s.d.toFixed(2)));
        var verdict, cls;
        if (s.p < MIN_P || (s.d !== null && s.d < MIN_D)) {
          verdict = "✗ " + t.rewrite; cls = "hb-flag";
        } else {
          verdict = "✓ " + t.ok; cls = "";
        }
        if (s.n < MIN_AGENTS) { verdict += " (" + t.few + ")"; }
        row.appendChild(el("td", verdict, cls));
      });
    });
    return wrap;
  }

  function readFile(file) {
    if (file.size > MAX_FILE) { return Promise.resolve({ file: file.name, error: "size" }); }
    return file.text().then(function (text) {
      try { return { file: file.name, data: JSON.parse(text) }; } catch (e) { return { file: file.name, error: "json" }; }
    }, function () { return { file: file.name, error: "json" }; });
  }

  function init() {
    var root = document.querySelector(".hb-team");
    if (!root || root.getAttribute("data-ready") === "1") { return; }
    root.setAttribute("data-ready", "1");
    var t;
    try { t = JSON.parse(root.getAttribute("data-i18n") || "{}"); } catch (e) { t = {}; }
    var bank = JSON.parse(root.querySelector(".hb-team-bank").textContent);
    var input = root.querySelector("input.hb-team-files");
    var status = root.querySelector(".hb-team-status");
    var out = root.querySelector(".hb-team-out");
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      Promise.all(files.map(readFile)).then(function (read) {
        var agents = [], notes = [];
        read.forEach(function (r) {
          if (r.error) {
            notes.push(format(t.bad_file, { file: r.file, reason: t.not_json }));
            return;
          }
          var agent = agentFrom(r.data, r.file, bank, t, notes);
          if (typeof agent === "string") {
            notes.push(format(t.bad_file, { file: r.file, reason: agent }));
          } else {
            agents.push(agent);
          }
        });
        out.textContent = "";
        status.textContent = format(t.loaded, { n: agents.length });
        if (notes.length) {
          var list = el("ul", null, "hb-team-notes");
          notes.forEach(function (n) { list.appendChild(el("li", n)); });
          out.appendChild(list);
        }
        if (!agents.length) { return; }
        out.appendChild(el("h2", t.agents));
        out.appendChild(readinessTable(agents, bank, t));
        out.appendChild(el("h2", t.items));
        out.appendChild(itemTable(agents, bank, t));
      });
    });
  }

  window.hbOnPage(init);
})();
