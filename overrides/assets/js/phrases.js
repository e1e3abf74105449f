/* Phrase templates that fill in and copy.
 *
 * One form per page collects every placeholder used by the phrases on it; the values replace
 * the placeholders in every phrase as plain text (textContent, never HTML), empty ones stay
 * highlighted. Values live in sessionStorage only. A Copy button per language variant copies
 * the filled, plain text; a selector shows only the customer language the agent needs.
 */
(function () {
  "use strict";

  var STORE = "hb-phrase-values";
  var LANG_STORE = "hb-phrase-lang";

  function session(key, fallback) {
    try {
      var raw = window.sessionStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) { return fallback; }
  }

  function remember(key, value) {
    try { window.sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* still works */ }
  }

  function strings(el) {
    try { return JSON.parse(el.getAttribute("data-i18n") || "{}"); } catch (e) { return {}; }
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, k) { return k in values ? values[k] : ""; });
  }

  function fill(values) {
    document.querySelectorAll(".hb-phrase .hb-slot[data-slot]").forEach(function (slot) {
      var name = slot.getAttribute("data-slot");
      var value = values[name];
      if (value) {
        slot.textContent = value;
        slot.classList.remove("hb-slot--empty");
      } else {
        slot.textContent = "{" + name + "}";
        slot.classList.add("hb-slot--empty");
      }
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  /* The text a variant copies: line breaks kept, placeholders as filled, no markup. */
  function plainText(paragraph) {
    var out = "";
    paragraph.childNodes.forEach(function (node) {
      if (node.nodeName === "BR") { return; }
      out += node.textContent;
    });
    return out.replace(/\r/g, "");
  }

  /* A placeholder's value typed in one form: stored, shown in every phrase and in the other form. */
  function setValue(name, value, otherId) {
    var values = session(STORE, {});
    values[name] = value;
    remember(STORE, values);
    var other = document.getElementById(otherId);
    if (other) other.value = value;
    fill(values);
    return values;
  }

  /* An empty fill-in form with its title. */
  function fillForm(className, titleText) {
    var form = document.createElement("form");
    form.className = className;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var title = document.createElement("p");
    title.className = "hb-fill-title";
    title.textContent = titleText;
    form.appendChild(title);
    return form;
  }

  /* One labelled text field in a fill-in grid; ``onInput`` gets its value as typed. */
  function field(grid, id, labelText, value, onInput) {
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = labelText;
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.autocomplete = "off";
    input.value = value || "";
    input.addEventListener("input", function () { onInput(input.value); });
    var cell = document.createElement("div");
    cell.appendChild(label);
    cell.appendChild(input);
    grid.appendChild(cell);
    return input;
  }

  function buildForm(first, names, labels, t) {
    var values = session(STORE, {});
    var form = fillForm("hb-fill", t.fill_title);
    form.setAttribute("aria-labelledby", "hb-fill-title");
    form.querySelector(".hb-fill-title").id = "hb-fill-title";
    var intro = document.createElement("p");
    intro.className = "hb-fill-intro";
    intro.textContent = t.fill_intro;
    form.appendChild(intro);
    var grid = document.createElement("div");
    grid.className = "hb-fill-grid";
    names.forEach(function (name) {
      var input = field(grid, "hb-fill-" + name, labels[name] || name, values[name], function (value) {
        values = setValue(name, value, "hb-here-" + name);
      });
      input.name = name;
      input.setAttribute("data-slot-input", name);
    });
    form.appendChild(grid);

    var languages = [];
    document.querySelectorAll(".hb-variant[data-lang]").forEach(function (v) {
      var code = v.getAttribute("data-lang");
      if (languages.indexOf(code) < 0) { languages.push(code); }
    });
    var row = document.createElement("div");
    row.className = "hb-fill-row";
    if (languages.length > 1) {
      var selectLabel = document.createElement("label");
      selectLabel.setAttribute("for", "hb-fill-lang");
      selectLabel.textContent = t.show;
      var select = document.createElement("select");
      select.id = "hb-fill-lang";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = t.all;
      select.appendChild(all);
      var names_ = {};
      document.querySelectorAll(".hb-variant[data-lang] .hb-variant-lang").forEach(function (el) {
        names_[el.parentNode.getAttribute("data-lang")] = el.textContent;
      });
      languages.forEach(function (code) {
        var opt = document.createElement("option");
        opt.value = code;
        opt.textContent = names_[code] || code;
        select.appendChild(opt);
      });
      var chosen = session(LANG_STORE, "");
      select.value = languages.indexOf(chosen) >= 0 ? chosen : "";
      var apply = function () {
        remember(LANG_STORE, select.value);
        document.querySelectorAll(".hb-variant[data-lang]").forEach(function (v) {
          v.hidden = select.value !== "" && v.getAttribute("data-lang") !== select.value;
        });
      };
      select.addEventListener("change", apply);
      row.appendChild(selectLabel);
      row.appendChild(select);
      apply();
    }
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button hb-fill-clear";
    clear.textContent = t.clear;
    clear.addEventListener("click", function () {
      values = {};
      remember(STORE, values);
      form.querySelectorAll("input[data-slot-input]").forEach(function (i) { i.value = ""; });
      fill(values);
    });
    row.appendChild(clear);
    form.appendChild(row);
    // Before the heading that opens the first group of phrases, if there is one.
    var anchor = first.previousElementSibling && /^H[1-6]$/.test(first.previousElementSibling.tagName)
      ? first.previousElementSibling : first;
    anchor.parentNode.insertBefore(form, anchor);
    fill(values);
  }

  function addCopyButtons(t) {
    document.querySelectorAll(".hb-variant").forEach(function (variant) {
      if (variant.querySelector(".hb-copy")) { return; }
      var text = variant.querySelector(".hb-phrase-text");
      var langName = (variant.querySelector(".hb-variant-lang") || {}).textContent || "";
      var owner = variant.closest(".hb-phrase");
      var titleEl = owner && owner.querySelector(".hb-phrase-title strong");
      var title = titleEl ? titleEl.textContent : "";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button hb-copy";
      button.textContent = t.copy;
      button.setAttribute("aria-label", format(t.copy_label, { lang: langName, title: title }));
      var status = document.createElement("span");
      status.className = "hb-copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var plain = plainText(text);
        variant.setAttribute("data-copied", plain);
        // A placeholder left empty would reach the customer as "{order_id}": say so, by its label.
        var empty = [];
        text.querySelectorAll(".hb-slot--empty[data-slot]").forEach(function (slot) {
          var name = slot.getAttribute("data-slot");
          var li = document.querySelector('.hb-slots li[data-slot="' + name + '"]');
          var label = (li && li.getAttribute("data-label")) || name;
          if (empty.indexOf(label) < 0) empty.push(label);
        });
        copyText(plain).then(function () {
          status.textContent = empty.length ? format(t.copied_unfilled, { names: empty.join("、") }) : t.copied;
          status.classList.toggle("hb-copy-status--warn", empty.length > 0);
        }, function () {
          status.textContent = t.copy_failed;
        });
      });
      variant.appendChild(button);
      variant.appendChild(status);
    });
  }

  /* A template opened by its address (a search result, a link from an SOP step) gets its own
   * fill-in fields beside it: on a long page the shared form is far above. Same values store. */
  function localForm(t, labels) {
    var old = document.querySelector("form.hb-fill--here");
    var id = decodeURIComponent(window.location.hash.slice(1));
    var phrase = id && document.getElementById(id);
    phrase = phrase && (phrase.classList.contains("hb-phrase") ? phrase : phrase.closest(".hb-phrase"));
    if (old && (!phrase || !phrase.contains(old))) old.remove();
    if (!phrase || phrase.querySelector("form.hb-fill--here")) return;
    var names = [];
    phrase.querySelectorAll(".hb-slots li[data-slot]").forEach(function (li) { names.push(li.getAttribute("data-slot")); });
    if (!names.length) return;
    var values = session(STORE, {});
    var form = fillForm("hb-fill hb-fill--here", t.fill_here);
    form.setAttribute("aria-label", t.fill_here);
    var grid = document.createElement("div");
    grid.className = "hb-fill-grid";
    names.forEach(function (name) {
      field(grid, "hb-here-" + name, labels[name] || name, values[name], function (value) {
        setValue(name, value, "hb-fill-" + name);
      });
    });
    form.appendChild(grid);
    var head = phrase.querySelector(".hb-phrase-title");
    phrase.insertBefore(form, head ? head.nextSibling : phrase.firstChild);
  }

  function init() {
    var phrases = document.querySelectorAll(".hb-phrase");
    if (!phrases.length || document.querySelector("form.hb-fill")) { return; }
    var t = strings(phrases[0]);
    var names = [];
    var labels = {};
    document.querySelectorAll(".hb-phrase .hb-slots li[data-slot]").forEach(function (li) {
      var name = li.getAttribute("data-slot");
      if (names.indexOf(name) < 0) { names.push(name); }
      labels[name] = li.getAttribute("data-label") || name;
    });
    if (names.length) { buildForm(phrases[0], names, labels, t); }
    addCopyButtons(t);
    localForm(t, labels);
    window.addEventListener("hashchange", function () { localForm(t, labels); });
  }

  window.hbOnPage(init);
})();
