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

  /* Scores per criterion: only the task's criteria, only 0 (not met), 1 (partly) or 2 (fully). */
  function cleanScores(raw, criteria) {
    var out = {};
    if (!isObject(raw)) { return out; }
    criteria.forEach(function (c) {
      var v = raw[c.id];
      if (v === 0 || v === 1 || v === 2) { out[c.id] = v; }
    });
    return out;
  }

  /* The agent's self-score and the trainer's share one weighting (on-page.js). */
  function rubricPercent(criteria, scores) {
    var points = {};
    criteria.forEach(function (c) { points[c.id] = c.points; });
    return window.hbRubricPercent(points, scores);
  }

  /* ---- Trainer scores of written replies: kept in this browser, exported and loaded as a file ---- */

  var STORE = "hb-trainer-scores-v1";  // {JSON [agent, task, date]: {agent, task, date, level, scores, t}}

  function loadScores() {
    try {
      var v = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      return isObject(v) ? v : {};
    } catch (e) { return {}; }
  }

  function saveScores(all) {
    try { window.localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { /* private mode: not kept */ }
  }

  function scoreKey(agent, task, date) { return JSON.stringify([agent, task, date]); }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function signed(n) { return n > 0 ? "+" + n : n < 0 ? "\u2212" + (-n) : "0"; }

  function textBlock(cls, msg, label) {
    var box = el("blockquote", null, cls);
    if (label) { box.appendChild(el("p", label, "hb-customer-label")); }
    var p = el("p", msg.text);
    p.setAttribute("lang", msg.lang);
    p.setAttribute("dir", msg.dir);
    box.appendChild(p);
    return box;
  }

  var counter = 0;

  function replyBlock(agent, r, bank, t) {
    var task = bank.levels[r.level].writing[r.task];
    var key = scoreKey(agent.name, r.task, agent.date);
    var box = el("article", null, "hb-team-writing");
    box.setAttribute("data-agent", agent.name);
    box.setAttribute("data-task", r.task);
    box.setAttribute("data-date", agent.date);
    box.appendChild(el("h3", format(t.reply_title, { agent: agent.name, task: task.title })));
    var customer = textBlock("hb-customer", task.customer, format(t.customer, { language: task.customer.language }));
    if (task.customer.gloss) {
      var gloss = el("p", null, "hb-gloss");
      gloss.appendChild(el("small", t.gloss + task.customer.gloss));
      customer.appendChild(gloss);
    }
    box.appendChild(customer);
    box.appendChild(el("p", t.task + task.task));
    var reply = textBlock("hb-team-reply", { lang: task.customer.lang, dir: task.customer.dir, text: r.reply },
                          format(t.reply, { date: agent.date || "—" }));
    box.appendChild(reply);
    box.appendChild(el("p", format(t.self, { percent: r.percent === null ? t.unscored : r.percent + "%" }), "hb-team-self"));

    counter += 1;
    var rubric = el("fieldset", null, "hb-rubric hb-team-rubric");
    rubric.appendChild(el("legend", format(t.rubric, { agent: agent.name })));
    var stored = loadScores()[key];
    var current = isObject(stored) ? cleanScores(stored.scores, task.criteria) : {};
    task.criteria.forEach(function (c) {
      var group = el("fieldset", null, "hb-crit");
      group.setAttribute("data-criterion", c.id);
      group.appendChild(el("legend", c.label + " (" + c.points + "%)"));
      var own = r.scores[c.id];
      var look = el("p");
      look.appendChild(el("small", c.look_for + " · " +
        format(t.self_crit, { value: own === undefined ? t.unscored : bank.scale[own] })));
      group.appendChild(look);
      var line = el("p");
      [0, 1, 2].forEach(function (v) {
        var label = el("label");
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "hb-ts-" + counter + "-" + c.id;
        input.value = String(v);
        input.checked = current[c.id] === v;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + bank.scale[v] + " "));
        line.appendChild(label);
      });
      group.appendChild(line);
      rubric.appendChild(group);
    });
    var out = el("p", null, "hb-team-trainer");
    out.setAttribute("aria-live", "polite");
    rubric.appendChild(out);
    box.appendChild(rubric);

    function show(scores) {
      var s = rubricPercent(task.criteria, scores);
      box.setAttribute("data-trainer", s.scored ? String(s.percent) : "");
      if (!s.scored) { out.textContent = t.trainer_none; return; }
      var text = format(t.trainer, s);
      if (r.percent !== null) { text += " · " + format(t.diff, { diff: signed(s.percent - r.percent) }); }
      out.textContent = text;
    }

    rubric.addEventListener("change", function () {
      var scores = {};
      rubric.querySelectorAll(".hb-crit").forEach(function (g) {
        var checked = g.querySelector("input:checked");
        if (checked) { scores[g.getAttribute("data-criterion")] = parseInt(checked.value, 10); }
      });
      var all = loadScores();
      all[key] = { agent: agent.name, task: r.task, date: agent.date, level: r.level, scores: scores, t: Date.now() };
      saveScores(all);
      show(scores);
    });
    show(current);

    var details = el("details", null, "hb-model");
    details.appendChild(el("summary", t.model));
    details.appendChild(textBlock("hb-model-answer", task.model));
    details.appendChild(el("p", t.notes + task.notes));
    box.appendChild(details);
    return box;
  }

  function renderReplies(section, agents, bank, t) {
    var list = section.querySelector(".hb-team-replies");
    list.textContent = "";
    var n = 0;
    agents.forEach(function (agent) {
      agent.replies.forEach(function (r) { list.appendChild(replyBlock(agent, r, bank, t)); n += 1; });
    });
    section.hidden = n === 0;
  }

  function exportScores(bank) {
    var all = loadScores();
    var scores = Object.keys(all).sort().map(function (k) {
      var e = all[k];
      return { agent: e.agent, task: e.task, date: e.date, level: e.level, scores: e.scores };
    });
    return { format: "handbook-trainer-scores", schema: 1, bank: bank.bank, date: today(), scores: scores };
  }

  function importScores(data) {
    if (!isObject(data) || data.format !== "handbook-trainer-scores" || !Array.isArray(data.scores)) { return null; }
    var all = loadScores(), n = 0;
    data.scores.forEach(function (e) {
      if (!isObject(e) || typeof e.agent !== "string" || typeof e.task !== "string" || typeof e.date !== "string" ||
          !isObject(e.scores)) { return; }
      var scores = {};
      Object.keys(e.scores).forEach(function (c) {
        var v = e.scores[c];
        if (v === 0 || v === 1 || v === 2) { scores[c.slice(0, 80)] = v; }
      });
      var agent = e.agent.slice(0, 200), task = e.task.slice(0, 120), date = e.date.slice(0, 20);
      all[scoreKey(agent, task, date)] = { agent: agent, task: task, date: date,
                                           level: typeof e.level === "string" ? e.level.slice(0, 40) : "",
                                           scores: scores, t: Date.now() };
      n += 1;
    });
    saveScores(all);
    return n;
  }

  function download(name, data) { window.hbDownloadJson(name, data); }

  /* One agent from a parsed file, or an error reason. */
  function agentFrom(data, file, bank, t, notes) {
    if (!isObject(data) || data.format !== "handbook-results" || !isObject(data.levels)) {
      return t.not_results;
    }
    var agent = { name: String(typeof data.agent === "string" ? data.agent : "").slice(0, 200) || file,
                  date: typeof data.date === "string" ? data.date.slice(0, 20) : "", file: file, levels: {},
                  replies: [] };
    if (typeof data.bank === "string" && data.bank !== bank.bank) {
      notes.push(format(t.other_bank, { file: file, bank: data.bank.slice(0, 40) }));
    }
    var unknown = [], changed = [];
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
          // An option this item no longer has: answered against an earlier wording. Neither
          // right nor wrong for today's item, so it stays out of the item figures.
          var options = questions[qid].options;
          if (Array.isArray(options) && chosen.some(function (k) { return options.indexOf(k) < 0; })) {
            changed.push(qid);
            return;
          }
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
          if (!isObject(w)) { return; }
          var percent = num(w.percent) === null ? null : Math.max(0, Math.min(100, Math.round(w.percent)));
          if (percent !== null) { writing.push(percent); }
          var tasks = bank.levels[level].writing || {};
          if (Object.prototype.hasOwnProperty.call(tasks, wid) && typeof w.reply === "string" && w.reply.trim()) {
            agent.replies.push({ level: level, task: wid, reply: w.reply.slice(0, 20000), percent: percent,
                                 scores: cleanScores(w.scores, tasks[wid].criteria) });
          }
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
    if (changed.length) {
      notes.push(format(t.changed, { file: file }) + " " + changed.slice(0, 50).join(", "));
    }
    return agent;
  }

  /* The trainer's fully scored percentages for an agent's written replies at one level. */
  function trainerPercents(agent, level, bank) {
    var all = loadScores();
    return agent.replies.filter(function (r) { return r.level === level; }).map(function (r) {
      var stored = all[scoreKey(agent.name, r.task, agent.date)];
      if (!isObject(stored)) { return null; }
      var criteria = bank.levels[level].writing[r.task].criteria;
      var s = rubricPercent(criteria, cleanScores(stored.scores, criteria));
      return s.scored === s.total ? s.percent : null;
    }).filter(function (p) { return p !== null; });
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
        if (st && st.writing.length) {
          // A trainer's score, where the team lead has given one, is what certification rests on;
          // the agent's self-score shows until then.
          var scored = trainerPercents(agent, level, bank);
          text += " · " + (scored.length ? format(t.writing_trainer, { percent: scored.join("/") })
                                         : format(t.writing, { percent: st.writing.join("/") }));
        }
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
    var scoring = root.querySelector(".hb-team-scoring");
    var scoresStatus = scoring.querySelector(".hb-team-scores-status");
    var loaded = [];
    var refresh = function () {};
    scoring.addEventListener("change", function (e) {
      if (e.target.closest && e.target.closest(".hb-team-rubric")) { refresh(); }
    });
    scoring.querySelector(".hb-team-scores-export").addEventListener("click", function () {
      var data = exportScores(bank);
      var name = "handbook-trainer-scores-" + today() + ".json";
      download(name, data);
      scoresStatus.textContent = format(t.scores_done, { file: name, n: data.scores.length });
    });
    var scoreFile = scoring.querySelector("input.hb-team-score-file");
    scoreFile.addEventListener("change", function () {
      var file = (scoreFile.files || [])[0];
      if (!file) { return; }
      readFile(file).then(function (r) {
        var n = r.error ? null : importScores(r.data);
        scoresStatus.textContent = n === null ? format(t.scores_bad, { file: r.file })
          : format(t.scores_loaded, { n: n, file: r.file });
        renderReplies(scoring, loaded, bank, t);
        refresh();
      });
    });
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
        loaded = agents;
        renderReplies(scoring, agents, bank, t);
        if (notes.length) {
          var list = el("ul", null, "hb-team-notes");
          notes.forEach(function (n) { list.appendChild(el("li", n)); });
          out.appendChild(list);
        }
        if (!agents.length) { return; }
        out.appendChild(el("h2", t.agents));
        var readiness = readinessTable(agents, bank, t);
        out.appendChild(readiness);
        refresh = function () {  // a trainer scored a reply: the table shows it at once
          var fresh = readinessTable(agents, bank, t);
          readiness.replaceWith(fresh);
          readiness = fresh;
        };
        out.appendChild(el("h2", t.items));
        out.appendChild(itemTable(agents, bank, t));
      });
    });
  }

  window.hbOnPage(init);
})();
