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

  var STORE = "hb-quiz-v1";

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      return data && typeof data === "object" ? data : {};
    } catch (e) {
      return {};
    }
  }

  function save(data) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(data));
    } catch (e) { /* private mode or full storage: the quiz still works for this page view */ }
  }

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

  function letters(question) {
    question.querySelectorAll(".hb-options > li").forEach(function (li, i) {
      var letter = li.querySelector(".hb-opt-letter");
      if (letter) { letter.textContent = "ABCDEF".charAt(i) + "."; }
    });
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
    if (feedback) { feedback.textContent = text; }
    var details = question.querySelector("details.hb-answer");
    if (details) { details.open = true; }
    return ok;
  }

  function updateScore(quiz, t) {
    var data = load();
    var questions = quiz.querySelectorAll("fieldset.hb-q");
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
    });
    question.insertBefore(button, question.querySelector(".hb-q-feedback"));
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
      var data = load();
      questions.forEach(function (q) {
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
      var out = quiz.querySelector(".hb-score");
      if (out) { out.textContent = t.reset_done; }
    });
    quiz.appendChild(reset);
    updateScore(quiz, t);
  }

  /* ---- My progress ---- */

  function cell(row, text, tag) {
    var el = document.createElement(tag || "td");
    el.textContent = text;
    row.appendChild(el);
    return el;
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
        var th = document.createElement("th");
        th.scope = "row";
        var a = document.createElement("a");
        a.href = entry.url;
        a.textContent = entry.title;
        th.appendChild(a);
        row.appendChild(th);
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

    section(t.levels, catalogue.filter(function (e) { return e.kind === "assessment"; }), true);
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
  }

  function init() {
    document.querySelectorAll("section.hb-quiz").forEach(initQuiz);
    document.querySelectorAll(".hb-progress").forEach(initProgress);
  }

  window.hbOnPage(init);
})();
