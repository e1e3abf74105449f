/* Self-check quizzes and the "My progress" page.
 *
 * The HTML works without this script (questions readable, answers in a collapsed block).
 * With it, each question gets a Check button, feedback announced through aria-live, a score per
 * quiz and a Reset button. Answers are kept in localStorage under stable question ids and option
 * keys (a hash of the option's English text), so they survive reloads, language switches and
 * later edits to other questions. Nothing is sent anywhere.
 */
(function () {
  "use strict";

  var STORE = "hb-quiz-v1";      // answers: {question id: {a: [option keys], t}}
  var FORMS = "hb-forms-v1";     // level assessments: {set id: {seed, items: [question ids], t}}
  var WRITING = "hb-writing-v1"; // written replies: {task id: {reply, scores: {criterion: 0|1|2}, quiz, level, t}}
  var SEED_MAX = 999999;

  function loadFrom(key) {
    try {
      var data = JSON.parse(window.localStorage.getItem(key) || "{}");
      return data && typeof data === "object" && !Array.isArray(data) ? data : {};
    } catch (e) {
      return {};
    }
  }

  function saveTo(key, data) {
    try {
      window.localStorage.setItem(key, JSON.stringify(data));
    } catch (e) { /* private mode or full storage: the quiz still works for this page view */ }
  }

  function load() { return loadFrom(STORE); }
  function save(data) { saveTo(STORE, data); }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, key) {
      return key in values ? values[key] : "";
    });
  }

  function strings(el) {
    try { return JSON.parse(el.getAttribute("data-i18n") || "{}"); } catch (e) { return {}; }
  }

  /* Shuffling is a site setting (<meta name="hb:shuffle">); tests switch it off with
     localStorage "hb-shuffle" = "off". */
  function shuffleEnabled() {
    var meta = document.querySelector('meta[name="hb:shuffle"]');
    var off = false;
    try { off = window.localStorage.getItem("hb-shuffle") === "off"; } catch (e) { off = false; }
    return !off && meta !== null && meta.getAttribute("content") === "true";
  }

  function shuffle(list) {
    var items = Array.prototype.slice.call(list.children);
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
    }
    items.forEach(function (item) { list.appendChild(item); });
  }

  /* Letters follow the order shown (options may be shuffled): the option list, the feedback list
     and the correct answer in the collapsed block all use them. */
  function letters(question) {
    var right = [];
    question.querySelectorAll(".hb-options > li").forEach(function (li, i) {
      var letter = li.querySelector(".hb-opt-letter");
      var ch = "ABCDEF".charAt(i);
      if (letter) { letter.textContent = ch + "."; }
      var key = li.getAttribute("data-key");
      var fb = question.querySelector('.hb-fb-list li[data-key="' + key + '"] .hb-fb-letter');
      if (fb) { fb.textContent = ch + "."; }
      var input = li.querySelector("input");
      if (input && input.getAttribute("data-correct") === "true") { right.push(ch); }
    });
    var shown = question.querySelector(".hb-correct-letters");
    if (shown) { shown.textContent = right.join(", "); }
  }

  function optionFeedback(question, keys) {
    return keys.map(function (key) {
      var el = question.querySelector('.hb-fb-list li[data-key="' + key + '"] .hb-fb-text');
      return el ? el.textContent : "";
    }).filter(function (text) { return text; });
  }

  function selected(question) {
    return Array.prototype.map.call(question.querySelectorAll("input:checked"), function (input) {
      return input.value;
    }).sort();
  }

  function correctKeys(question) {
    return Array.prototype.map.call(question.querySelectorAll('input[data-correct="true"]'), function (input) {
      return input.value;
    }).sort();
  }

  function sameSet(a, b) {
    return a.length === b.length && a.every(function (v, i) { return v === b[i]; });
  }

  function clearMarks(question) {
    question.classList.remove("hb-q--right", "hb-q--wrong");
    question.querySelectorAll(".hb-options > li").forEach(function (li) {
      li.classList.remove("hb-opt--right", "hb-opt--wrong");
      var mark = li.querySelector(".hb-mark");
      if (mark) { mark.remove(); }
    });
  }

  function showResult(question, t) {
    var chosen = selected(question);
    var right = correctKeys(question);
    var ok = sameSet(chosen, right);
    clearMarks(question);
    question.classList.add(ok ? "hb-q--right" : "hb-q--wrong");
    var answerLetters = [];
    question.querySelectorAll(".hb-options > li").forEach(function (li, i) {
      var input = li.querySelector("input");
      var isRight = input.getAttribute("data-correct") === "true";
      if (isRight) { answerLetters.push("ABCDEF".charAt(i)); }
      if (isRight || input.checked) {
        var mark = document.createElement("span");
        mark.className = "hb-mark";
        mark.textContent = isRight ? t.mark_right : t.mark_wrong;
        li.classList.add(isRight ? "hb-opt--right" : "hb-opt--wrong");
        li.querySelector("label").appendChild(mark);
      }
    });
    var feedback = question.querySelector(".hb-q-feedback");
    var verdict = ok ? t.right : (chosen.some(function (k) { return right.indexOf(k) >= 0; }) ? t.partly : t.wrong);
    var text = verdict + (ok ? "" : " — " + format(t.correct_is, { answer: answerLetters.join(", ") }));
    var why = optionFeedback(question, chosen);
    if (why.length) { text += " " + (t.why || "") + why.join(" "); }
    if (feedback) { feedback.textContent = text; }
    var details = question.querySelector("details.hb-answer");
    if (details) { details.open = true; }
    return ok;
  }

  function updateScore(quiz, t) {
    var data = load();
    var questions = Array.prototype.filter.call(quiz.querySelectorAll("fieldset.hb-q"), function (q) {
      return !q.hidden;  // a level assessment counts the drawn form only
    });
    var answered = 0, score = 0;
    questions.forEach(function (q) {
      var entry = data[q.getAttribute("data-qid")];
      if (entry && entry.a && entry.a.length) {
        answered += 1;
        if (sameSet(entry.a.slice().sort(), correctKeys(q))) { score += 1; }
      }
    });
    var out = quiz.querySelector(".hb-score");
    if (out) {
      out.textContent = answered ? format(t.score, { score: score, total: questions.length, answered: answered }) : "";
    }
  }

  function initQuestion(quiz, question, t) {
    if (question.getAttribute("data-ready") === "1") { return; }
    question.setAttribute("data-ready", "1");
    var list = question.querySelector(".hb-options");
    if (shuffleEnabled() && question.getAttribute("data-type") !== "true_false") {
      shuffle(list);
    }
    letters(question);
    var qid = question.getAttribute("data-qid");
    var stored = load()[qid];
    if (stored && stored.a) {
      question.querySelectorAll("input").forEach(function (input) {
        input.checked = stored.a.indexOf(input.value) >= 0;
      });
      if (selected(question).length) { showResult(question, t); }
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button hb-check";
    button.textContent = t.check;
    button.addEventListener("click", function () {
      var chosen = selected(question);
      var feedback = question.querySelector(".hb-q-feedback");
      if (!chosen.length) {
        clearMarks(question);
        if (feedback) { feedback.textContent = t.choose_first; }
        return;
      }
      var data = load();
      data[qid] = { a: chosen, t: Date.now() };
      save(data);
      showResult(question, t);
      updateScore(quiz, t);
      quiz.dispatchEvent(new CustomEvent("hb-answered"));
    });
    question.insertBefore(button, question.querySelector(".hb-q-feedback"));
  }

  function clearAnswers(quiz, t) {
    var data = load();
    quiz.querySelectorAll("fieldset.hb-q").forEach(function (q) {
      delete data[q.getAttribute("data-qid")];
      q.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      clearMarks(q);
      var feedback = q.querySelector(".hb-q-feedback");
      if (feedback) { feedback.textContent = ""; }
      var details = q.querySelector("details.hb-answer");
      if (details) { details.open = false; }
    });
    save(data);
    updateScore(quiz, t);
    quiz.dispatchEvent(new CustomEvent("hb-answered"));
  }

  function initQuiz(quiz) {
    if (quiz.getAttribute("data-ready") === "1") { return; }
    quiz.setAttribute("data-ready", "1");
    var t = strings(quiz);
    var questions = quiz.querySelectorAll("fieldset.hb-q");
    questions.forEach(function (q) { initQuestion(quiz, q, t); });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button hb-reset";
    reset.textContent = t.reset;
    reset.addEventListener("click", function () {
      clearAnswers(quiz, t);
      var out = quiz.querySelector(".hb-score");
      if (out) { out.textContent = t.reset_done; }
    });
    quiz.appendChild(reset);
    updateScore(quiz, t);
  }

  /* ---- Level assessments: seeded forms drawn from the item bank ----
   * Keep drawForm and mulberry32 in step with draw_form() in macros/handbook/itemcheck.py: the
   * same seed gives the same form, so a trainer can reproduce an agent's form from its number. */

  function mulberry32(a) {
    return function () {
      a |= 0; a = a + 0x6D2B79F5 | 0;
      var t = Math.imul(a ^ a >>> 15, 1 | a);
      t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
      return ((t ^ t >>> 14) >>> 0) / 4294967296;
    };
  }

  /* units: [{topic, ids}] in source order (a group is one unit); returns the chosen ids. */
  function drawForm(units, size, seed) {
    var rand = mulberry32(seed);
    var byTopic = {};
    units.forEach(function (u) { (byTopic[u.topic] = byTopic[u.topic] || []).push(u.ids); });
    var topics = Object.keys(byTopic).sort();
    topics.forEach(function (topic) {
      var list = byTopic[topic];
      for (var i = list.length - 1; i > 0; i--) {
        var j = Math.floor(rand() * (i + 1));
        var tmp = list[i]; list[i] = list[j]; list[j] = tmp;
      }
    });
    var start = topics.length ? Math.floor(rand() * topics.length) : 0;
    var order = topics.slice(start).concat(topics.slice(0, start));
    var chosen = {}, count = 0, progress = true;
    while (count < size && progress) {
      progress = false;
      for (var k = 0; k < order.length && count < size; k++) {
        var list = byTopic[order[k]];
        for (var m = 0; m < list.length; m++) {
          if (count + list[m].length <= size) {
            list[m].forEach(function (id) { chosen[id] = true; });
            count += list[m].length;
            list.splice(m, 1);
            progress = true;
            break;
          }
        }
      }
    }
    return chosen;
  }

  function formUnits(quiz) {
    var units = [], byGroup = {};
    quiz.querySelectorAll("fieldset.hb-q").forEach(function (q) {
      var id = q.getAttribute("data-qid"), group = q.getAttribute("data-group");
      if (group && byGroup[group]) { byGroup[group].ids.push(id); return; }
      var unit = { topic: q.getAttribute("data-topic") || "", ids: [id] };
      if (group) { byGroup[group] = unit; }
      units.push(unit);
    });
    return units;
  }

  function randomSeed() {
    var buf = new Uint32Array(1);
    if (window.crypto && window.crypto.getRandomValues) { window.crypto.getRandomValues(buf); } else { buf[0] = Math.random() * 4294967296; }
    return 1 + (buf[0] % SEED_MAX);
  }

  function parseSeed(text) {
    var value = String(text).trim();
    if (!/^[0-9]{1,6}$/.test(value)) { return null; }
    var n = parseInt(value, 10);
    return n >= 1 && n <= SEED_MAX ? n : null;
  }

  function formScore(items, correct, data) {
    var answered = 0, score = 0;
    items.forEach(function (id) {
      var saved = data[id];
      if (saved && saved.a && saved.a.length) {
        answered += 1;
        if (correct[id] && sameSet(saved.a.slice().sort(), correct[id].slice().sort())) { score += 1; }
      }
    });
    return { answered: answered, score: score };
  }

  function initForm(panel) {
    if (panel.getAttribute("data-ready") === "1") { return; }
    var quizId = panel.getAttribute("data-quiz");
    var quiz = document.querySelector('section.hb-quiz[data-quiz="' + quizId + '"]');
    if (!quiz) { return; }
    panel.setAttribute("data-ready", "1");
    var t = strings(panel), tq = strings(quiz);
    var size = parseInt(panel.getAttribute("data-size"), 10);
    var fieldsets = Array.prototype.slice.call(quiz.querySelectorAll("fieldset.hb-q"));
    var correct = {};
    fieldsets.forEach(function (q) { correct[q.getAttribute("data-qid")] = correctKeys(q); });
    var seedInput = panel.querySelector(".hb-seed");
    var out = panel.querySelector(".hb-form-status");
    var current = null;

    function status(extra) {
      if (!current) { return; }
      var s = formScore(current.items, correct, load());
      var form = quizId + ":" + current.seed;
      var text;
      if (s.answered === current.items.length) {
        var percent = Math.round(100 * s.score / current.items.length);
        text = format(t.complete, { form: form, score: s.score, size: current.items.length, percent: percent,
          verdict: s.score / current.items.length >= 0.8 ? t.passed : t.not_passed });
      } else {
        text = format(t.status, { form: form, size: current.items.length, answered: s.answered });
      }
      out.textContent = (extra ? extra + " " : "") + text;
    }

    function show(form) {
      current = form;
      var inForm = {};
      form.items.forEach(function (id) { inForm[id] = true; });
      var n = 0;
      fieldsets.forEach(function (q) {
        var visible = !!inForm[q.getAttribute("data-qid")];
        q.hidden = !visible;
        if (visible) {
          n += 1;
          var num = q.querySelector(".hb-q-num");
          if (num && tq.question) { num.textContent = format(tq.question, { n: n }); }
        }
      });
      quiz.querySelectorAll(".hb-group").forEach(function (g) {
        g.hidden = !g.querySelector("fieldset.hb-q:not([hidden])");
      });
      quiz.setAttribute("data-form", quizId + ":" + form.seed);
      seedInput.value = String(form.seed);
      updateScore(quiz, tq);
      status();
    }

    function draw(seed, clear) {
      var chosen = drawForm(formUnits(quiz), size, seed);
      var items = fieldsets.map(function (q) { return q.getAttribute("data-qid"); })
        .filter(function (id) { return chosen[id]; });
      var forms = loadFrom(FORMS);
      forms[quizId] = { seed: seed, items: items, t: Date.now() };
      saveTo(FORMS, forms);
      if (clear) { clearAnswers(quiz, tq); }
      show(forms[quizId]);
    }

    panel.hidden = false;
    var saved = loadFrom(FORMS)[quizId];
    if (saved && parseSeed(saved.seed) && Array.isArray(saved.items)) {
      show({ seed: saved.seed, items: saved.items.filter(function (id) { return id in correct; }) });
    } else {
      draw(randomSeed(), false);
    }
    panel.querySelector(".hb-use-seed").addEventListener("click", function () {
      var seed = parseSeed(seedInput.value);
      if (seed === null) { out.textContent = t.bad_seed; seedInput.focus(); return; }
      draw(seed, true);
      status(format(t.drawn, { seed: seed }));
    });
    seedInput.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); panel.querySelector(".hb-use-seed").click(); }
    });
    panel.querySelector(".hb-new-form").addEventListener("click", function () {
      var seed = randomSeed();
      draw(seed, true);
      status(format(t.drawn, { seed: seed }));
    });
    quiz.addEventListener("hb-answered", function () { status(); });
  }

  /* ---- Written replies: the agent's text and self-score, kept in this browser ---- */

  function writingPercent(criteria, scores) { return window.hbRubricPercent(criteria, scores); }

  function initWriting(section) {
    if (section.getAttribute("data-ready") === "1") { return; }
    section.setAttribute("data-ready", "1");
    var t = strings(section);
    var id = section.getAttribute("data-task");
    var reply = section.querySelector("textarea.hb-reply");
    var out = section.querySelector(".hb-self-score");
    var criteria = {};
    section.querySelectorAll(".hb-crit").forEach(function (c) {
      criteria[c.getAttribute("data-criterion")] = parseInt(c.getAttribute("data-points"), 10) || 0;
    });
    var entry = loadFrom(WRITING)[id] || {};
    var scores = entry.scores && typeof entry.scores === "object" ? entry.scores : {};
    reply.value = typeof entry.reply === "string" ? entry.reply : "";
    section.querySelectorAll(".hb-crit input[type=radio]").forEach(function (input) {
      var crit = input.closest(".hb-crit").getAttribute("data-criterion");
      input.checked = scores[crit] === parseInt(input.value, 10);
    });

    function store() {
      var all = loadFrom(WRITING);
      var now = {};
      section.querySelectorAll(".hb-crit").forEach(function (c) {
        var checked = c.querySelector("input:checked");
        if (checked) { now[c.getAttribute("data-criterion")] = parseInt(checked.value, 10); }
      });
      all[id] = { reply: reply.value, scores: now, quiz: section.getAttribute("data-quiz"),
                  level: section.getAttribute("data-level"), t: Date.now() };
      saveTo(WRITING, all);
      show(now);
    }

    function show(current) {
      var s = writingPercent(criteria, current);
      out.textContent = s.scored ? format(t.score, s) : t.none;
    }

    reply.addEventListener("input", store);
    section.querySelectorAll(".hb-crit input[type=radio]").forEach(function (input) {
      input.addEventListener("change", store);
    });
    show(scores);
  }

  /* ---- My progress ---- */

  function cell(row, text, tag) {
    var el = document.createElement(tag || "td");
    el.textContent = text;
    row.appendChild(el);
    return el;
  }

  /* A row's heading: the quiz title linking to its page (text only). */
  function quizHeading(row, entry) {
    var th = document.createElement("th");
    th.scope = "row";
    var a = document.createElement("a");
    a.href = entry.url;
    a.textContent = entry.title;
    th.appendChild(a);
    row.appendChild(th);
  }

  function table(headers) {
    var wrap = document.createElement("div");
    wrap.className = "hb-table";
    var tableEl = document.createElement("table");
    var head = tableEl.createTHead().insertRow();
    headers.forEach(function (h) { var th = cell(head, h, "th"); th.scope = "col"; });
    tableEl.appendChild(document.createElement("tbody"));
    wrap.appendChild(tableEl);
    return wrap;
  }

  function scoreOf(entry, data) {
    var ids = Object.keys(entry.questions);
    var answered = 0, score = 0;
    ids.forEach(function (id) {
      var saved = data[id];
      if (saved && saved.a && saved.a.length) {
        answered += 1;
        if (sameSet(saved.a.slice().sort(), entry.questions[id].slice().sort())) { score += 1; }
      }
    });
    return { total: ids.length, answered: answered, score: score };
  }

  function initProgress(root) {
    if (root.getAttribute("data-ready") === "1") { return; }
    root.setAttribute("data-ready", "1");
    var t = strings(root);
    var catalogue = JSON.parse(root.querySelector(".hb-quiz-catalogue").textContent);
    var data = load();

    function section(title, entries, withLevel) {
      var h = document.createElement("h2");
      h.textContent = title;
      root.appendChild(h);
      var wrap = table(withLevel ? [t.quiz, t.score, t.answered, t.status] : [t.quiz, t.score, t.answered]);
      var body = wrap.querySelector("tbody");
      entries.forEach(function (entry) {
        var s = scoreOf(entry, data);
        var row = body.insertRow();
        row.setAttribute("data-quiz", entry.id);
        quizHeading(row, entry);
        cell(row, s.total ? Math.round(100 * s.score / s.total) + "% (" + s.score + " / " + s.total + ")" : "—");
        cell(row, s.answered + " / " + s.total);
        if (withLevel) {
          var passed = s.total > 0 && s.score / s.total >= 0.8;
          var status = s.answered === 0 ? t.not_started : passed ? t.passed : t.not_passed;
          var td = cell(row, (passed ? "✓ " : "") + status);
          td.className = passed ? "hb-passed" : "";
        }
      });
      root.appendChild(wrap);
    }

    levelSection(root, t, catalogue.filter(function (e) { return e.kind === "assessment"; }), data);
    section(t.quizzes, catalogue.filter(function (e) { return e.kind === "chapter"; }), false);
    section(t.cases, catalogue.filter(function (e) {
      return e.kind === "case" && scoreOf(e, data).answered > 0;
    }), false);

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button hb-reset-all";
    reset.textContent = t.reset_all;
    reset.addEventListener("click", function () {
      save({});
      window.location.reload();
    });
    root.appendChild(reset);
    initExport(root, catalogue);
  }

  /* The state of one level: its form (or the whole set when it has no form_size), answers, score. */
  function levelState(entry, data) {
    var correct = entry.questions;
    var form = null, items = Object.keys(correct);
    if (entry.form_size) {
      var saved = loadFrom(FORMS)[entry.id];
      if (saved && Array.isArray(saved.items) && parseSeed(saved.seed)) {
        form = { seed: saved.seed, id: entry.id + ":" + saved.seed };
        items = saved.items.filter(function (id) { return id in correct; });
      } else {
        items = [];
      }
    }
    var s = formScore(items, correct, data);
    var size = entry.form_size || items.length;
    var complete = items.length > 0 && items.length === size && s.answered === size;
    var answers = {};
    items.forEach(function (id) {
      var saved = data[id];
      if (saved && Array.isArray(saved.a) && saved.a.length) { answers[id] = saved.a.slice().sort(); }
    });
    var writing = {}, all = loadFrom(WRITING);
    Object.keys(entry.writing || {}).forEach(function (wid) {
      var w = all[wid];
      if (!w) { return; }
      var p = writingPercent(entry.writing[wid], w.scores);
      writing[wid] = { scores: w.scores || {}, percent: p.scored ? p.percent : null, reply: String(w.reply || "") };
    });
    return { form: form, items: items, size: size, answered: s.answered, score: s.score, complete: complete,
             percent: complete ? Math.round(100 * s.score / size) : null, answers: answers, writing: writing };
  }

  function levelSection(root, t, entries, data) {
    var h = document.createElement("h2");
    h.textContent = t.levels;
    root.appendChild(h);
    var wrap = table([t.quiz, t.score, t.answered, t.form, t.status, t.writing]);
    var body = wrap.querySelector("tbody");
    entries.forEach(function (entry) {
      var st = levelState(entry, data);
      var row = body.insertRow();
      row.setAttribute("data-quiz", entry.id);
      quizHeading(row, entry);
      cell(row, st.complete ? st.percent + "% (" + st.score + " / " + st.size + ")" : "—");
      cell(row, st.answered + " / " + st.size);
      cell(row, st.form ? st.form.id : "—");
      var passed = st.complete && st.score / st.size >= 0.8;
      var status = st.answered === 0 ? t.not_started
        : !st.complete ? format(t.in_progress, { answered: st.answered, size: st.size })
        : passed ? t.passed : t.not_passed;
      var td = cell(row, (passed ? "✓ " : "") + status);
      td.className = passed ? "hb-passed" : "";
      var w = Object.keys(st.writing).map(function (id) { return st.writing[id].percent; })
        .filter(function (p) { return p !== null; });
      cell(row, w.length ? w.map(function (p) { return p + "%"; }).join(", ") : "—");
    });
    root.appendChild(wrap);
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  /* The result file a team lead opens on /trainer/team/: made here, downloaded, never uploaded. */
  function results(root, catalogue, name) {
    var data = load(), levels = {};
    catalogue.filter(function (e) { return e.kind === "assessment" && e.level; }).forEach(function (entry) {
      var st = levelState(entry, data);
      levels[entry.level] = {
        set: entry.id, form: st.form ? st.form.id : null, seed: st.form ? st.form.seed : null,
        size: st.size, items: st.items, answered: st.answered, complete: st.complete, score: st.score,
        total: st.size, percent: st.percent, answers: st.answers, writing: st.writing
      };
    });
    return { format: "handbook-results", schema: 1, bank: root.getAttribute("data-bank") || "",
             agent: name, date: today(), levels: levels };
  }

  function initExport(root, catalogue) {
    var box = document.querySelector("section.hb-export");
    if (!box || box.getAttribute("data-ready") === "1") { return; }
    box.setAttribute("data-ready", "1");
    var t = strings(root);
    box.hidden = false;
    var nameInput = box.querySelector("#hb-export-name");
    var out = box.querySelector(".hb-export-status");
    try { nameInput.value = window.localStorage.getItem("hb-agent-name") || ""; } catch (e) { /* none */ }
    box.querySelector(".hb-export-button").addEventListener("click", function () {
      var name = nameInput.value.trim();
      if (!name) { out.textContent = t.export_need_name; nameInput.focus(); return; }
      try { window.localStorage.setItem("hb-agent-name", name); } catch (e) { /* none */ }
      var file = "handbook-results-" + today() + ".json";
      window.hbDownloadJson(file, results(root, catalogue, name));
      out.textContent = format(t.export_done, { file: file });
    });
  }

  function init() {
    document.querySelectorAll("section.hb-quiz").forEach(initQuiz);
    document.querySelectorAll(".hb-form-panel").forEach(initForm);
    document.querySelectorAll("section.hb-writing").forEach(initWriting);
    document.querySelectorAll(".hb-progress").forEach(initProgress);
  }

  window.hbOnPage(init);
})();
