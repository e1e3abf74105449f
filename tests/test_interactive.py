"""Quizzes, progress, phrase fill-in and the case filter, driven in Chromium by mouse and keyboard."""

from __future__ import annotations

import pytest

from test_browser import browser, page, server  # noqa: F401  (shared fixtures)

QUIZ = 'section[data-quiz="ch02-core-skills"]'
CHAPTER = "chapters/02-core-skills/"


def question(page, quiz: str = QUIZ):
    return page.locator(f"{quiz} fieldset.hb-q").first


def test_wrong_then_right_answer_feedback_and_score(page, server: str) -> None:
    page.goto(server + CHAPTER)
    q = question(page)
    q.locator("label", has_text="22").click()
    q.locator("button.hb-check").click()
    assert q.locator(".hb-q-feedback").inner_text() == "回答错误 — 正确答案：A 解析：不对：22 欧元是 2021 年已取消的旧免税额。"
    assert "✗" in q.locator("li.hb-opt--wrong").inner_text()          # not by colour alone
    assert "✓" in q.locator("li.hb-opt--right").inner_text()
    assert q.locator("details.hb-answer").evaluate("d => d.open")      # explanation shown
    assert page.locator(f"{QUIZ} .hb-score").inner_text() == "得分：0 / 1（已答 1 题）"
    q.locator("label", has_text="150").click()
    q.locator("button.hb-check").click()
    assert q.locator(".hb-q-feedback").inner_text() == "回答正确 解析：对：IOSS 适用于货值不超过 150 欧元的包裹。"
    assert page.locator(f"{QUIZ} .hb-score").inner_text() == "得分：1 / 1（已答 1 题）"
    assert q.locator(".hb-q-feedback").get_attribute("aria-live") == "polite"


def test_check_without_an_answer_asks_for_one(page, server: str) -> None:
    page.goto(server + CHAPTER)
    q = question(page)
    q.locator("button.hb-check").click()
    assert q.locator(".hb-q-feedback").inner_text() == "请先选择答案"


def test_progress_survives_reload_and_language_switch_and_reset(page, server: str) -> None:
    page.goto(server + CHAPTER)
    question(page).locator("label", has_text="150").click()
    question(page).locator("button.hb-check").click()
    page.reload()
    q = question(page)
    assert q.locator('input[value]').first.is_checked()
    assert q.locator(".hb-q-feedback").inner_text() == "回答正确 解析：对：IOSS 适用于货值不超过 150 欧元的包裹。"
    # the language switcher leads to the same page; the answer is still there, in English
    page.locator('a.md-select__link[hreflang="en"]').first.evaluate("a => a.click()")
    page.wait_for_url("**/en/chapters/02-core-skills/")
    q = question(page)
    assert q.locator("input").first.is_checked()
    assert q.locator(".hb-q-feedback").inner_text() == "Correct Why: Right: IOSS covers consignments worth up to EUR 150."
    assert page.locator(f"{QUIZ} .hb-score").inner_text() == "Score: 1 / 1 (1 answered)"
    page.locator(f"{QUIZ} button.hb-reset").click()
    assert not q.locator("input").first.is_checked()
    assert q.locator(".hb-q-feedback").inner_text() == ""
    page.reload()
    assert not question(page).locator("input").first.is_checked()


def test_multiple_choice_needs_every_right_option(page, server: str) -> None:
    page.goto(server + "assessments/beginner/")
    q = question(page, 'section[data-quiz="assessment-beginner"]')
    q.locator("label", has_text="最后一公里").click()
    q.locator("button.hb-check").click()
    assert q.locator(".hb-q-feedback").inner_text().startswith("还不完全对 — 正确答案：A, B")
    q.locator("label", has_text="DDP").click()
    q.locator("button.hb-check").click()
    assert q.locator(".hb-q-feedback").inner_text() == "回答正确 解析：对：完税后交货，卖家承担进口税费。 对：指包裹从末端网点送到顾客手中的一段。"


def test_keyboard_only(page, server: str) -> None:
    page.goto(server + "en/" + CHAPTER)
    q = question(page)
    q.locator("input").first.focus()
    page.keyboard.press("ArrowDown")          # radio group: moves to and selects option B
    assert q.locator("input").nth(1).is_checked()
    page.keyboard.press("Tab")                # to the Check button
    assert page.evaluate("document.activeElement.className").startswith("md-button hb-check")
    page.keyboard.press("Enter")
    assert q.locator(".hb-q-feedback").inner_text() == "Not correct — Correct answer: A Why: Not this one: EUR 22 was the old exemption, abolished in 2021."
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert q.locator(".hb-q-feedback").inner_text() == "Correct Why: Right: IOSS covers consignments worth up to EUR 150."


def test_progress_page_shows_scores_and_level_readiness(page, server: str) -> None:
    page.goto(server + "assessments/beginner/")
    q = question(page, 'section[data-quiz="assessment-beginner"]')
    q.locator("label", has_text="最后一公里").click()
    q.locator("label", has_text="DDP").click()
    q.locator("button.hb-check").click()
    second = page.locator('section[data-quiz="assessment-beginner"] fieldset.hb-q').nth(1)
    second.locator("label", has_text="顾客满意度").click()
    second.locator("button.hb-check").click()
    page.goto(server + CHAPTER)
    question(page).locator("label", has_text="22").click()
    question(page).locator("button.hb-check").click()
    page.goto(server + "en/progress/")
    assessment = page.locator('tr[data-quiz="assessment-beginner"]')
    assert "100% (2 / 2)" in assessment.inner_text() and "✓ Passed" in assessment.inner_text()
    chapter = page.locator('tr[data-quiz="ch02-core-skills"]')
    assert "0% (0 / 1)" in chapter.inner_text() and "1 / 1" in chapter.inner_text()


def test_phrase_placeholders_fill_in_as_text_and_copy(page, server: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(server + "en/phrases/")
    english = page.locator('.hb-variant[data-lang="en"] .hb-phrase-text').first
    assert english.locator(".hb-slot--empty").count() == 3
    page.fill("#hb-fill-order_id", "<b>302-77</b>")
    page.fill("#hb-fill-customer_name", "Anna")
    assert english.locator(".hb-slot--empty").count() == 1          # {agent_name} still empty
    assert english.locator("b").count() == 0                        # inserted as text, not HTML
    page.locator('.hb-variant[data-lang="de"] button.hb-copy').first.click()
    # copied, but a placeholder is still empty: the status warns by its label, not "Copied"
    status = page.locator('.hb-variant[data-lang="de"] .hb-copy-status').first
    page.wait_for_function("() => document.querySelector('.hb-variant[data-lang=de] .hb-copy-status').textContent")
    assert "Agent name" in status.inner_text() and "hb-copy-status--warn" in status.get_attribute("class")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == ("Guten Tag Anna, die Einfuhrumsatzsteuer für Bestellung <b>302-77</b> wurde bereits "
                      "an der Kasse erhoben. {agent_name}")
    page.fill("#hb-fill-agent_name", "Lena")
    page.locator('.hb-variant[data-lang="de"] button.hb-copy').first.click()
    page.wait_for_function("() => document.querySelector('.hb-variant[data-lang=de] .hb-copy-status')"
                           ".textContent === 'Copied'")
    assert "hb-copy-status--warn" not in status.get_attribute("class")
    assert page.evaluate("navigator.clipboard.readText()").endswith("erhoben. Lena")
    page.reload()                                                     # values live in sessionStorage
    assert page.input_value("#hb-fill-order_id") == "<b>302-77</b>"
    page.select_option("#hb-fill-lang", "de")
    assert page.locator('.hb-variant[data-lang="en"]').first.is_hidden()
    assert page.locator('.hb-variant[data-lang="de"]').first.is_visible()


def test_a_template_opened_by_its_address_has_its_own_fields(page, server: str) -> None:
    """From a search result (phrases/#id) the agent fills in the template beside it, not in the
    page's shared form far above; both forms and the text stay in step."""
    page.goto(server + "en/phrases/#ph-return-withdrawal")
    here = page.locator("#ph-return-withdrawal form.hb-fill--here")
    assert here.count() == 1
    labels = here.locator("label").all_inner_texts()
    assert "Order number" in labels and "Customer name" in labels
    assert "Tracking number" not in labels                    # only this template's placeholders
    here.locator("input#hb-here-order_id").fill("302-99")
    assert page.input_value("#hb-fill-order_id") == "302-99"
    text = page.locator('#ph-return-withdrawal .hb-variant[data-lang="en"] .hb-phrase-text')
    assert "302-99" in text.inner_text()
    page.evaluate("location.hash = '#ph-duties-included'")
    page.wait_for_function("() => document.querySelector('#ph-duties-included form.hb-fill--here')")
    assert page.locator("form.hb-fill--here").count() == 1    # the form moves with the template


def test_case_filter_lives_in_the_url(page, server: str) -> None:
    page.goto(server + "cases/?market=DE&stage=after_sale")
    visible = page.locator(".hb-cases tbody tr:visible")
    assert visible.count() == 1 and "case-021" in visible.first.get_attribute("id")
    assert page.locator(".hb-count").inner_text() == "符合条件：1 / 3 个案例"
    page.select_option("#hb-filter-level", "beginner")
    assert page.locator(".hb-count").inner_text() == "符合条件：0 / 3 个案例"
    page.select_option("#hb-filter-market", "")
    assert "level=beginner" in page.url and "market" not in page.url
    assert page.locator(".hb-cases tbody tr:visible").count() == 1
    page.goto(server + "en/cases/?q=coffee")
    assert page.locator(".hb-count").inner_text() == "1 of 3 cases match"


def test_without_javascript_everything_stays_readable(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "cases/")
    assert page.locator(".hb-cases tbody tr").count() == 3
    assert page.locator("form.hb-case-filter").is_hidden()
    page.goto(server + CHAPTER)
    q = question(page)
    assert q.locator("legend").is_visible() and q.locator("button").count() == 0
    assert not q.locator("details.hb-answer").evaluate("d => d.open")
    context.close()


def test_print_hides_answers_and_controls(page, server: str) -> None:
    page.goto(server + CHAPTER)
    page.emulate_media(media="print")
    q = question(page)
    assert q.locator("details.hb-answer").is_hidden()
    assert q.locator("button.hb-check").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden() and page.locator(".md-header").is_hidden()
