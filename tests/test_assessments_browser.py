"""Level banks, written replies, result files and the team page, driven in Chromium (issue 12).

The mini handbook gets an intermediate bank (12 items, 3 topics, one two-item group, forms of 6),
a written-reply task, the scorecard and a case whose title holds ``<!--<script>``.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from playwright.sync_api import expect

from conftest import REPO, make_mini, strict_build
from test_browser import CHROMIUM, ARGS, QuietHandler, browser  # noqa: F401  (shared fixtures)
from test_itemcheck import MODELINE, single, true_false
from handbook.itemcheck import draw_form
from handbook.repository import load

SET = "assessment-intermediate"
HOSTILE_TITLE = "Refund <!--<script>alert(1)</script> & </script> \u2028 case"
HOSTILE_NAME = '<img src=x onerror="window.hbPwned=1">Bob & </td>'


def bank() -> dict[str, Any]:
    items = []
    for i in range(12):
        topic = ["terms", "disputes", "returns"][i % 3]
        items.append(true_false(200 + i, i == 3, topic) if i % 4 == 3 else single(200 + i, topic, right=i % 4))
    items[1]["scenario"] = {"market": "DE", "customer_wrote": {
        "lang": "de", "text": "Wo bleibt meine Erstattung?", "gloss": {"zh": "我的退款呢？", "en": "Where is my refund?"}}}
    # items 2 and 5 (topic returns) share one case: keep them together
    group = [items[2], items[5]]
    for q in group:
        q["group"] = "case-late-refund"
    rest = [q for q in items if q not in group]
    ordered = rest[:2] + group + rest[2:]
    return {
        "id": SET, "title": {"zh": "中阶测评", "en": "Intermediate assessment"}, "level": "intermediate",
        "form_size": 6,
        "groups": [{"id": "case-late-refund", "title": {"zh": "迟到的退款", "en": "A late refund"}, "market": "DE",
                    "situation": {"zh": "顾客三周前退货。", "en": "The customer returned the item three weeks ago."}}],
        "writing_tasks": [{
            "id": "w-late-refund", "title": {"zh": "回复退款催问", "en": "Answer a refund chaser"}, "market": "DE",
            "customer_wrote": {"lang": "de", "text": "Ich warte seit drei Wochen auf mein Geld.",
                               "gloss": {"zh": "我等退款三周了。", "en": "I have been waiting three weeks for my money."}},
            "task": {"zh": "用德语回复，说明退款进度。", "en": "Reply in German with the refund status."},
            "criteria": ["accuracy", "communication"],
            "model_answer": {"lang": "de", "text": "Guten Tag,\nIhre Erstattung ist veranlasst."},
            "notes": {"zh": "说清日期。", "en": "Give the date."}}],
        "questions": ordered,
    }


@pytest.fixture(scope="module")
def bank_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_mini(tmp_path_factory.mktemp("banks") / "mini")
    (root / "cases/quizzes" / f"{SET}.yaml").write_text(
        MODELINE + yaml.safe_dump(bank(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "cases/scorecard.yaml").write_text((REPO / "cases/scorecard.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    case = root / "cases/library/case-001.yaml"   # a case with a question: its title is in the catalogue
    lines = [f"title: {json.dumps({'zh': HOSTILE_TITLE, 'en': HOSTILE_TITLE})}" if line.startswith("title:") else line
             for line in case.read_text(encoding="utf-8").splitlines()]
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def bank_site(bank_root: Path) -> Path:
    return strict_build(bank_root)


@pytest.fixture(scope="module")
def server(bank_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(bank_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture
def new_page(browser, server):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        context.add_init_script("try { localStorage.setItem('hb-shuffle', 'off'); } catch (e) {}")
        contexts.append(context)
        page = context.new_page()
        page.requests = []  # type: ignore[attr-defined]
        page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


def visible_qids(page) -> list[str]:
    return page.locator(f'section[data-quiz="{SET}"] fieldset.hb-q:not([hidden])').evaluate_all(
        "els => els.map(e => e.dataset.qid)")


def take_form(page, server: str, seed: int, wrong: int) -> list[str]:
    """Draw form `seed` and answer it: every item right except the last `wrong` ones."""
    page.goto(server + f"en/assessments/intermediate/")
    page.fill(".hb-seed", str(seed))
    page.click(".hb-use-seed")
    qids = visible_qids(page)
    for n, qid in enumerate(qids):
        q = page.locator(f'fieldset[data-qid="{qid}"]')
        pick = 'input[data-correct="false"]' if n >= len(qids) - wrong else 'input[data-correct="true"]'
        q.locator(pick).first.check()
        q.locator("button.hb-check").click()
    return qids


def export(page, server: str, name: str) -> dict[str, Any]:
    page.goto(server + "en/progress/")
    page.fill("#hb-export-name", name)
    with page.expect_download() as info:
        page.click(".hb-export-button")
    path = info.value.path()
    assert info.value.suggested_filename.startswith("handbook-results-")
    return json.loads(Path(path).read_text(encoding="utf-8"))


def test_form_is_drawn_from_the_seed_like_the_python_draw(new_page, server: str, bank_root: Path) -> None:
    page = new_page()
    page.goto(server + "en/assessments/intermediate/")
    assert page.locator(".hb-form-panel").is_visible()
    assert len(visible_qids(page)) == 6                        # a form was drawn on the first visit
    quiz = load(bank_root).quizzes[SET]
    for seed in (42, 7, 999999):
        page.fill(".hb-seed", str(seed))
        page.click(".hb-use-seed")
        assert visible_qids(page) == draw_form(quiz, seed)
        assert f"Form {SET}:{seed}: 6 questions, 0 answered." in page.locator(".hb-form-status").inner_text()
    shown = visible_qids(page)
    group = ["q-gen-202", "q-gen-205"]
    assert set(group) <= set(shown) or not set(group) & set(shown)  # drawn whole
    nums = page.locator(f'section[data-quiz="{SET}"] fieldset.hb-q:not([hidden]) .hb-q-num').all_inner_texts()
    assert nums == [f"Question {n}" for n in range(1, 7)]
    page.fill(".hb-seed", "12ab")
    page.click(".hb-use-seed")
    assert page.locator(".hb-form-status").inner_text() == "Enter a whole number from 1 to 999999"
    assert not page.errors and all(r.startswith(server) for r in page.requests)


def test_option_feedback_is_shown_after_checking(new_page, server: str) -> None:
    page = new_page()
    qids = take_form(page, server, 42, wrong=0)
    q = page.locator(f'fieldset[data-qid="{qids[0]}"]')
    q.locator('input[data-correct="false"]').first.check()
    q.locator("button.hb-check").click()
    text = q.locator(".hb-q-feedback").inner_text()
    assert text.startswith("Not correct — Correct answer:") and "Why: " in text


def test_complete_form_counts_towards_readiness_and_exports(new_page, server: str) -> None:
    page = new_page()
    qids = take_form(page, server, 42, wrong=1)
    status = page.locator(".hb-form-status").inner_text()
    assert f"Form {SET}:42 complete: 5 / 6 (83%), passed." in status
    # the written reply: accuracy fully (30), communication partly (15 x 1/2) -> 37.5 / 45 = 83 %
    task = page.locator('section.hb-writing[data-task="w-late-refund"]')
    assert task.locator("textarea").get_attribute("lang") == "de"
    assert page.locator('label[for="hb-reply-w-late-refund"]').inner_text() == "Your reply (in German)"
    task.locator("textarea").fill("Guten Tag, Ihre Erstattung ist unterwegs.")
    task.locator('input[name="hb-rubric-w-late-refund-accuracy"][value="2"]').check()
    task.locator('input[name="hb-rubric-w-late-refund-communication"][value="1"]').check()
    assert task.locator(".hb-self-score").inner_text() == "Self-score: 83% (2 of 2 criteria scored)"
    page.goto(server + "en/progress/")
    row = page.locator(f'tr[data-quiz="{SET}"]').inner_text()
    assert "83% (5 / 6)" in row and f"{SET}:42" in row and "✓ Passed" in row
    data = export(page, server, "Ann")
    assert data["format"] == "handbook-results" and data["schema"] == 1 and data["agent"] == "Ann"
    assert data["bank"] == page.locator(".hb-progress").get_attribute("data-bank")
    level = data["levels"]["intermediate"]
    assert level["form"] == f"{SET}:42" and level["complete"] is True
    assert (level["score"], level["total"], level["percent"]) == (5, 6, 83)
    assert sorted(level["answers"]) == sorted(qids)
    assert all(isinstance(keys, list) and keys for keys in level["answers"].values())
    assert level["writing"]["w-late-refund"]["percent"] == 83
    assert level["writing"]["w-late-refund"]["reply"].startswith("Guten Tag")


def test_incomplete_form_does_not_count(new_page, server: str) -> None:
    page = new_page()
    page.goto(server + "en/assessments/intermediate/")
    page.fill(".hb-seed", "5")
    page.click(".hb-use-seed")
    qid = visible_qids(page)[0]
    q = page.locator(f'fieldset[data-qid="{qid}"]')
    q.locator('input[data-correct="true"]').first.check()
    q.locator("button.hb-check").click()
    page.goto(server + "en/progress/")
    row = page.locator(f'tr[data-quiz="{SET}"]').inner_text()
    assert "In progress: 1 of 6 answered" in row and "Passed" not in row


def test_team_page_reads_two_exports(new_page, server: str, tmp_path: Path) -> None:
    ann_page, bob_page = new_page(), new_page()
    qids = take_form(ann_page, server, 42, wrong=1)           # 5 / 6: the last item wrong
    ann = export(ann_page, server, "Ann")
    assert take_form(bob_page, server, 42, wrong=3) == qids   # 3 / 6: the last three wrong
    bob = export(bob_page, server, HOSTILE_NAME)
    old = json.loads(json.dumps(ann))
    old["agent"] = "Cai"
    old["bank"] = "0000000000"
    old["levels"]["intermediate"]["answers"]["q-retired-item"] = ["o12345678"]
    files = []
    for name, data in (("ann.json", ann), ("bob.json", bob), ("cai.json", old)):
        files.append(tmp_path / name)
        files[-1].write_text(json.dumps(data), encoding="utf-8")
    files.append(tmp_path / "broken.json")
    files[-1].write_text("{not json", encoding="utf-8")

    page = new_page()
    page.goto(server + "en/trainer/team/")
    page.set_input_files("#hb-team-files", [str(f) for f in files])
    page.wait_for_selector(".hb-team-agents")
    assert page.locator(".hb-team-status").inner_text() == "3 file(s) read."
    rows = page.locator(".hb-team-agents tbody tr")
    assert rows.count() == 3
    assert "✓ 83% Passed" in rows.nth(0).inner_text() and f"{SET}:42" in rows.nth(0).inner_text()
    assert "Writing self-score" not in rows.nth(1).inner_text()
    assert "✗ 50% Not passed" in rows.nth(1).inner_text()
    # the hostile name is text, not markup
    assert rows.nth(1).locator("th").inner_text() == HOSTILE_NAME
    assert page.locator(".hb-team-out img").count() == 0 and page.evaluate("window.hbPwned") is None
    notes = page.locator(".hb-team-notes").inner_text()
    assert "q-retired-item" in notes and "cai.json" in notes and "Could not read broken.json" in notes
    # per item: the first three everyone got right; items 4-5 Ann and Cai right, Bob wrong; item 6 all wrong
    def item(qid: str) -> tuple[str, str]:
        row = page.locator(f'.hb-team-items tr[data-qid="{qid}"]')
        return row.get_attribute("data-p"), row.get_attribute("data-d")
    assert item(qids[0]) == ("1.00", "0.00")
    assert item(qids[3]) == ("0.67", "1.00")     # 3 agents: groups of round(0.81) = 1; Ann/Cai vs Bob
    assert item(qids[5]) == ("0.00", "0.00")
    flagged = page.locator(f'.hb-team-items tr[data-qid="{qids[5]}"] td').last.inner_text()
    assert flagged.startswith("✗ Rewrite") and "Too few answers" in flagged
    assert page.locator(".hb-team-items tr[data-qid='q-retired-item']").count() == 0
    assert not page.errors and all(r.startswith(server) or r.startswith("blob:") for r in page.requests)


def test_answers_to_an_earlier_wording_stay_out_of_the_item_figures(new_page, server: str, tmp_path: Path) -> None:
    ann_page = new_page()
    qids = take_form(ann_page, server, 42, wrong=1)   # the first item right
    ann = export(ann_page, server, "Ann")
    dee = json.loads(json.dumps(ann))
    dee["agent"] = "Dee"
    # Dee answered the first item before its options were rewritten: her option key is gone
    dee["levels"]["intermediate"]["answers"][qids[0]] = ["o0000dead"]
    files = []
    for name, data in (("ann.json", ann), ("dee.json", dee)):
        files.append(tmp_path / name)
        files[-1].write_text(json.dumps(data), encoding="utf-8")
    page = new_page()
    page.goto(server + "en/trainer/team/")
    page.set_input_files("#hb-team-files", [str(f) for f in files])
    page.wait_for_selector(".hb-team-items")
    row = page.locator(f'.hb-team-items tr[data-qid="{qids[0]}"]')
    assert row.get_attribute("data-p") == "1.00"   # Ann alone; counted as wrong it would be 0.50
    notes = page.locator(".hb-team-notes").inner_text()
    assert "dee.json" in notes and "options were rewritten" in notes and qids[0] in notes


HOSTILE_REPLY = 'Guten Tag,\n<img src=x onerror="window.hbPwned=2">Ihre Erstattung </p></blockquote> & ist unterwegs.'


def test_trainer_scores_written_replies(new_page, server: str, tmp_path: Path) -> None:
    agent = new_page()
    take_form(agent, server, 42, wrong=1)
    task = agent.locator('section.hb-writing[data-task="w-late-refund"]')
    task.locator("textarea").fill(HOSTILE_REPLY)
    task.locator('input[name="hb-rubric-w-late-refund-accuracy"][value="2"]').check()
    task.locator('input[name="hb-rubric-w-late-refund-communication"][value="1"]').check()   # self-score 83 %
    results = export(agent, server, HOSTILE_NAME)
    assert results["levels"]["intermediate"]["writing"]["w-late-refund"]["reply"] == HOSTILE_REPLY
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results), encoding="utf-8")

    page = new_page()
    page.goto(server + "en/trainer/team/")
    assert page.locator(".hb-team-scoring").is_hidden()                  # nothing to score before a file is read
    page.set_input_files("#hb-team-files", [str(path)])
    page.wait_for_selector("article.hb-team-writing")
    box = page.locator("article.hb-team-writing")
    assert box.count() == 1
    assert page.locator("#hb-team-scoring").inner_text() == "Score written replies"
    assert box.get_attribute("data-agent") == HOSTILE_NAME and box.get_attribute("data-date") == results["date"]
    assert box.locator("h3").inner_text() == f"{HOSTILE_NAME} · Answer a refund chaser"
    customer = box.locator("blockquote.hb-customer p[lang]")
    assert customer.inner_text() == "Ich warte seit drei Wochen auf mein Geld." and customer.get_attribute("lang") == "de"
    assert "Translation: I have been waiting three weeks for my money." in box.locator(".hb-customer").inner_text()
    # the reply is text, in the customer's language, line breaks kept; nothing in it ran
    reply = box.locator("blockquote.hb-team-reply p[lang]")
    assert (reply.get_attribute("lang"), reply.get_attribute("dir")) == ("de", "ltr")
    assert reply.inner_text() == HOSTILE_REPLY
    assert page.locator(".hb-team img").count() == 0 and page.evaluate("window.hbPwned") is None
    assert box.locator(".hb-team-self").inner_text() == "Agent's self-score: 83%"
    assert box.locator("fieldset.hb-team-rubric > legend").inner_text() == f"Your score as trainer: {HOSTILE_NAME}"
    legends = box.locator("fieldset.hb-crit > legend").all_inner_texts()
    assert legends == ["Accuracy (30%)", "Communication (15%)"]           # the task's criteria, scorecard weights
    assert "agent: Fully" in box.locator('fieldset[data-criterion="accuracy"]').inner_text()
    assert "agent: Partly" in box.locator('fieldset[data-criterion="communication"]').inner_text()
    accuracy = box.get_by_role("group", name="Accuracy (30%)")
    assert accuracy.get_by_role("radio", name="Partly").count() == 1     # labelled radios in a labelled group
    assert box.locator(".hb-team-trainer").inner_text() == "Trainer score: not yet scored"
    cell = page.locator('.hb-team-agents td[data-level="intermediate"]')
    assert "Writing self-score 83%" in cell.inner_text()
    # the trainer scores with the keyboard: accuracy partly, communication fully -> (15 + 15) / 45 = 67 %
    box.locator('fieldset[data-criterion="accuracy"] input').first.focus()
    page.keyboard.press("ArrowRight")                                    # Not met -> Partly (checks it)
    page.keyboard.press("Tab")                                           # into the next group
    page.keyboard.press("Space")                                         # Not met
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")                                    # Fully
    expected = "Trainer score: 67% (2 of 2 criteria scored) · difference from the self-score: \u221216 points"

    def checked() -> dict[str, str]:
        return {c: box.locator(f'fieldset[data-criterion="{c}"] input:checked').get_attribute("value")
                for c in ("accuracy", "communication")}
    assert checked() == {"accuracy": "1", "communication": "2"}
    assert box.locator(".hb-team-trainer").inner_text() == expected
    # the readiness table now shows the trainer's score, not the self-score
    assert "Writing, trainer's score 67%" in cell.inner_text() and "self-score" not in cell.inner_text()
    # kept in this browser: after a reload and reading the same file again
    page.reload()
    page.set_input_files("#hb-team-files", [str(path)])
    page.wait_for_selector("article.hb-team-writing")
    assert checked() == {"accuracy": "1", "communication": "2"}
    assert box.locator(".hb-team-trainer").inner_text() == expected
    with page.expect_download() as info:
        page.click(".hb-team-scores-export")
    assert info.value.suggested_filename.startswith("handbook-trainer-scores-")
    scores_file = Path(info.value.path())
    data = json.loads(scores_file.read_text(encoding="utf-8"))
    assert data["format"] == "handbook-trainer-scores" and data["schema"] == 1
    assert data["scores"] == [{"agent": HOSTILE_NAME, "task": "w-late-refund", "date": results["date"],
                               "level": "intermediate", "scores": {"accuracy": 1, "communication": 2}}]
    assert "(1 score(s))" in page.locator(".hb-team-scores-status").inner_text()
    # another browser: nothing kept there until the trainer-scores file is loaded
    other = new_page()
    other.goto(server + "en/trainer/team/")
    other.set_input_files("#hb-team-files", [str(path)])
    other.wait_for_selector("article.hb-team-writing")
    assert other.locator(".hb-team-trainer").inner_text() == "Trainer score: not yet scored"
    status = other.locator(".hb-team-scores-status")
    other.set_input_files("#hb-team-score-file", str(scores_file))
    expect(status).to_have_text(f"1 trainer score(s) loaded from {scores_file.name}.")
    assert other.locator(".hb-team-trainer").inner_text() == expected
    assert "Writing, trainer's score 67%" in other.locator('.hb-team-agents td[data-level="intermediate"]').inner_text()
    other.set_input_files("#hb-team-score-file", str(path))              # a result file is not a scores file
    expect(status).to_have_text("Could not read results.json: not a trainer-scores file from this handbook")
    assert other.locator(".hb-team-trainer").inner_text() == expected
    for p in (page, other):
        assert not p.errors and all(r.startswith(server) or r.startswith("blob:") for r in p.requests)


def test_team_page_in_chinese(new_page, server: str) -> None:
    page = new_page()
    page.goto(server + "trainer/team/")
    assert page.locator("h1").inner_text().startswith("团队准备度")
    assert page.locator('label[for="hb-team-files"]').inner_text().startswith("选择成绩文件")
    assert page.locator("#hb-team-files").get_attribute("multiple") is not None
    assert page.locator("#hb-team-scoring").text_content() == "给书面回复打分"
    assert page.locator('label[for="hb-team-score-file"]').text_content().startswith("载入培训师评分文件")


def test_hostile_case_title_keeps_the_progress_page_whole(new_page, server: str, bank_site: Path) -> None:
    html = (bank_site / "en/progress/index.html").read_text(encoding="utf-8")
    catalogue = html.split('class="hb-quiz-catalogue">', 1)[1].split("</script>", 1)[0]
    assert "<" not in catalogue and "\\u003c!--\\u003cscript\\u003e" in catalogue
    page = new_page()
    page.goto(server + "en/progress/")
    assert page.locator("footer.md-footer").count() == 1                 # the page after the JSON survived
    assert page.locator(".hb-progress table").count() >= 2               # the scripts after it ran
    assert page.locator("section.hb-export").is_visible()
    assert not page.errors
