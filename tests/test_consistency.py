"""The consistency checks of `handbook validate` (macros/handbook/consistency.py): each rule breaks a
fresh copy of the mini handbook in one way and must report ``path:line:col: field: message``; the
mini handbook itself must stay clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.consistency import (
    DUPLICATE_THRESHOLD, gendered_placeholders, jaccard, literal_dates, masculine_address, thai_gendered_words,
    _trigrams,
)
from handbook.problems import Problem
from handbook.validation import validate

PHRASE = "cases/phrases/ph-return-withdrawal.yaml"
SOP = "sops/sop-service-process.yaml"
CASE20 = "cases/library/case-020.yaml"
TERMS = "cases/terminology.yaml"

TERMINOLOGY = """# yaml-language-server: $schema=../schemas/terminology.schema.json
concepts:
  - id: team-lead
    zh: 组长
    en: team lead
    zh_variants: [主管]
    en_variants: [supervisor]
    allow: [主管部门]
    note: {zh: 不要用主管。, en: Not supervisor.}
"""


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(problems: list[Problem], path: str, field: str, words: str) -> Problem:
    hits = [p for p in problems if p.path == path and p.field == field and words in p.message]
    assert hits, "\n".join(p.format() for p in problems) or "no problems at all"
    return hits[0]


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_mini_handbook_is_consistent(mini: Path) -> None:
    assert [p.format() for p in validate(mini) if p.severity == "error"] == []


# --- customer-language grammar -------------------------------------------------------------------

def test_placeholder_after_gendered_article_is_flagged(mini: Path) -> None:
    edit(mini, PHRASE, "please send order {order_id}", "please send {product_name} from order {order_id}")
    edit(mini, PHRASE, "bitte senden Sie die Bestellung {order_id}", "bitte senden Sie den {product_name} aus {order_id}")
    problems = validate(mini)
    p = found(problems, PHRASE, "texts.de", "'den {product_name}'")
    assert p.severity == "error"
    assert p.line == line_of(mini, PHRASE, "den {product_name}")


@pytest.mark.parametrize("lang, text, word", [
    ("fr", "Nous vous renvoyons la {product_name} demain.", "la"),
    ("fr", "un nouveau {product_name}", "nouveau"),
    ("it", "Le inviamo il {product_name}.", "il"),
    ("es", "Le enviamos una {product_name}.", "una"),
    ("pt-BR", "Vamos enviar o {product_name} correto.", "o"),
    ("de", "Ihr {product_name} ist unterwegs.", "Ihr"),
])
def test_gendered_words_per_language(lang: str, text: str, word: str) -> None:
    hits = gendered_placeholders(lang, text)
    assert [(w, name) for _, w, name in hits] == [(word, "product_name")]


@pytest.mark.parametrize("lang, text", [
    ("fr", "La livraison est prévue le {delivery_date}."),     # dates have one gender
    ("de", "Ihre Bestellung {order_id} ist unterwegs."),       # placeholder after a noun
    ("fr", "l'article {product_name} est en route."),          # after a neutral noun
    ("en", "the {product_name} is on its way"),                 # English has no gendered article
    ("es", "Le enviamos otra unidad de {product_name}."),
])
def test_neutral_constructions_pass(lang: str, text: str) -> None:
    assert gendered_placeholders(lang, text) == []


def test_arabic_masculine_address_is_flagged_unless_both_forms(mini: Path) -> None:
    assert [w for _, w in masculine_address("ar", "عزيزي {customer_name}، فأرسل إلينا الصور.")] == ["عزيزي", "فأرسل"]
    assert masculine_address("ar", "عزيزي/عزيزتي {customer_name}") == []
    assert masculine_address("ar", "مرحباً {customer_name}، يُرجى إرسال الصور إلينا.") == []
    edit(mini, PHRASE, '  de: "Guten Tag', '  ar: "عزيزي {customer_name}، {order_id} {agent_name}"\n  de: "Guten Tag')
    found(validate(mini), PHRASE, "texts.ar", "addresses only a man")


@pytest.mark.parametrize("text, date", [
    ("bis zum 2026-12-24 zurück", "2026-12-24"),
    ("bis zum 24.12.2026 zurück", "24.12.2026"),
    ("avant le 24 décembre 2026", "24 décembre 2026"),
    ("by December 24, 2026", "December 24, 2026"),
    ("12月24日より前、2026年12月24日まで", "2026年12月24日"),
    ("paling lambat tanggal 24 Desember 2026 ya, Kak", "24 Desember 2026"),
    ("sehingga 24 Disember 2026.", "24 Disember 2026"),
    ("ภายในวันที่ 24 ธ.ค. 2569 ค่ะ", "24 ธ.ค. 2569"),
    ("ภายในวันที่ 24 ธันวาคม พ.ศ. 2569 ค่ะ", "24 ธันวาคม พ.ศ. 2569"),
    ("đến hết ngày 24 tháng 12 năm 2026 ạ", "24 tháng 12 năm 2026"),
    ("đến hết ngày 24/12/2026 ạ", "24/12/2026"),
])
def test_literal_dates_are_found(text: str, date: str) -> None:
    assert [d for _, d in literal_dates(text)] == [date]


def test_no_false_dates() -> None:
    assert literal_dates("Bestellung 302-1234567-7654321, 14 Tage, 1.5 kg, {delivery_date}") == []
    assert literal_dates("dalam {hours} jam, 15 minit lagi, 7 macam warna, ภายใน 24 ชั่วโมงค่ะ, 3 ธันวาคม, "
                         "trong vòng 3 ngày, tháng 12, {date}") == []


def test_thai_texts_keep_one_politeness_convention(mini: Path) -> None:
    assert thai_gendered_words("th", "สวัสดีค่ะ คุณ{customer_name} มีอะไรให้ทางร้านช่วยเพิ่มเติมไหมคะ") == []
    assert [w for _, w in thai_gendered_words("th", "สวัสดีค่ะ ดิฉันจะตรวจสอบให้นะครับ")] == ["ดิฉัน", "ครับ"]
    assert thai_gendered_words("en", "ครับ") == []
    edit(mini, PHRASE, '  de: "Guten Tag', '  th: |-\n    สวัสดีค่ะ คุณ{customer_name} คำสั่งซื้อ {order_id} ค่ะ\n'
         '    รบกวนส่งคืนได้เลยนะครับ {agent_name}\n  de: "Guten Tag')
    p = found(validate(mini), PHRASE, "texts.th", "'ครับ' breaks the Thai templates' politeness convention")
    assert p.severity == "error" and p.line == line_of(mini, PHRASE, "นะครับ") and "ค่ะ" in p.hint
    edit(mini, PHRASE, "นะครับ", "นะคะ")
    assert not [q for q in validate(mini) if q.field == "texts.th"]


def test_literal_iso_date_in_customer_text_is_flagged(mini: Path) -> None:
    edit(mini, PHRASE, "within 14 days; we refund", "by 2026-12-24; we refund")
    p = found(validate(mini), PHRASE, "texts.en", "literal date '2026-12-24'")
    assert p.severity == "error" and "placeholder" in p.hint


def test_problem_in_a_literal_block_names_its_own_line_and_column(mini: Path) -> None:
    edit(mini, PHRASE, '  en: "Hello {customer_name}, please send order {order_id} back within 14 days; we refund you '
                       'within 14 days of receiving your withdrawal. {agent_name}"',
         "  en: |-\n    Hello {customer_name},\n\n    please send order {order_id} back by 2026-12-24.\n    {agent_name}")
    p = found(validate(mini), PHRASE, "texts.en", "literal date '2026-12-24'")
    row = line_of(mini, PHRASE, "back by 2026-12-24")
    assert (p.line, p.col) == (row, (mini / PHRASE).read_text(encoding="utf-8").split("\n")[row - 1].index("2026") + 1)


def test_problem_in_a_quoted_string_over_several_lines_is_reported_at_its_key(mini: Path) -> None:
    # "\n" escapes make text lines that are not file lines: the key is the honest position
    edit(mini, PHRASE, "within 14 days; we refund", "within 14 days.\\n\\nWe refund by 2026-12-24,\\n and")
    p = found(validate(mini), PHRASE, "texts.en", "literal date '2026-12-24'")
    assert p.line == line_of(mini, PHRASE, "  en: ") and p.col == 3


# --- terminology -------------------------------------------------------------------------------

def test_terminology_variant_warns_with_line(mini: Path) -> None:
    (mini / TERMS).write_text(TERMINOLOGY, encoding="utf-8")
    edit(mini, SOP, "zh: 超出标准政策的补偿，或顾客第二次投诉", "zh: 超出标准政策的补偿，或顾客第二次投诉，交主管决定")
    problems = validate(mini)
    p = found(problems, SOP, "escalation[1].when.zh", "'主管' is a variant to avoid")
    assert p.severity == "warning" and "组长" in p.hint
    assert p.line == line_of(mini, SOP, "交主管决定")
    assert not [x for x in problems if x.severity == "error"]


def test_terminology_allow_list_and_english_whole_words(mini: Path) -> None:
    (mini / TERMS).write_text(TERMINOLOGY, encoding="utf-8")
    edit(mini, SOP, "zh: 超出标准政策的补偿，或顾客第二次投诉", "zh: 超出标准政策的补偿，或顾客向主管部门投诉")
    edit(mini, SOP, "en: Compensation beyond the standard policy, or a second complaint",
         "en: Compensation beyond the standard policy, or a second complaint to a Supervisor")
    problems = [p for p in validate(mini) if "variant to avoid" in p.message]
    assert [(p.field, p.message) for p in problems] == [("escalation[1].when.en", "'Supervisor' is a variant to avoid")]


def test_terminology_in_chapters(mini: Path) -> None:
    (mini / TERMS).write_text(TERMINOLOGY, encoding="utf-8")
    chapter = mini / "docs/chapters/02-core-skills.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n遇到难题先问主管。\n", encoding="utf-8")
    p = found(validate(mini), "docs/chapters/02-core-skills.md", "(text)", "'主管'")
    assert p.line == line_of(mini, "docs/chapters/02-core-skills.md", "先问主管")


def test_broken_terminology_file_is_an_error(mini: Path) -> None:
    (mini / TERMS).write_text(TERMINOLOGY.replace("    zh_variants: [主管]\n    en_variants: [supervisor]\n", ""),
                              encoding="utf-8")
    p = next(p for p in validate(mini) if p.path == TERMS)
    assert p.severity == "error" and "variant" in p.message


# --- wiring -------------------------------------------------------------------------------------

def test_sop_without_phrases_is_an_error(mini: Path) -> None:
    edit(mini, SOP, "    phrases: [ph-duties-included, ph-return-withdrawal]\n", "")
    edit(mini, SOP, "\nphrases: [ph-duties-included, ph-return-withdrawal]", "\nphrases: []")
    p = found(validate(mini), SOP, "phrases", "links no phrase")
    assert p.line == line_of(mini, SOP, "phrases: []")


def test_unreachable_phrase_is_an_error(mini: Path) -> None:
    src = (mini / "cases/phrases/ph-duties-included.yaml").read_text(encoding="utf-8")
    (mini / "cases/phrases/ph-orphan.yaml").write_text(src.replace("id: ph-duties-included", "id: ph-orphan"),
                                                       encoding="utf-8")
    p = found(validate(mini), "cases/phrases/ph-orphan.yaml", "id", "'ph-orphan' is reachable from no case")
    assert p.severity == "error"
    assert p.line == line_of(mini, "cases/phrases/ph-orphan.yaml", "id: ph-orphan")


# --- duplicate cases ----------------------------------------------------------------------------

def test_near_duplicate_case_is_reported_with_both_files(mini: Path) -> None:
    src = (mini / "cases/library/case-021.yaml").read_text(encoding="utf-8")
    copy = (src.replace("id: case-021", "id: case-022")
               .replace("咖啡机外壳开裂。", "咖啡机的外壳开裂了。")
               .replace("The coffee machine's housing is cracked.", "The coffee machine's housing is cracked at the back."))
    (mini / "cases/library/case-022.yaml").write_text(copy, encoding="utf-8")
    p = found(validate(mini), "cases/library/case-022.yaml", "situation", "case-022 repeats case-021")
    assert "cases/library/case-021.yaml" in p.message


def test_different_cases_stay_below_the_threshold() -> None:
    a = _trigrams("顾客收货第 10 天要求退货。 The customer asks to return on day 10 after delivery.")
    b = _trigrams("咖啡机外壳开裂。 The coffee machine's housing is cracked. Die Kaffeemaschine ist beschädigt.")
    assert jaccard(a, b) < DUPLICATE_THRESHOLD <= jaccard(a, a)


# --- dashboard heat maps --------------------------------------------------------------------------

def test_dashboard_heat_maps_show_counts_and_gaps(mini: Path) -> None:
    import re
    from collections import Counter

    from handbook.render.dashboard import dashboard_page, heat_level
    from handbook.render.html import Ctx
    from handbook.repository import load

    handbook = load(mini)
    page = dashboard_page(Ctx(lang="en"), handbook, {})
    assert "{#coverage-levels}" in page
    by_level = Counter((m, c.level) for c in handbook.cases.values() for m in c.markets)
    levels = page[page.index('hb-dash-coverage-levels'):]
    row = re.search(r'<tr data-market="DE">(.*?)</tr>', levels).group(1)
    cells = re.findall(r'<td class="hb-heat hb-heat-(\d)" data-count="(\d+)">(\d+)</td>', row)
    expected = [by_level[("DE", lv)] for lv in ("beginner", "intermediate", "advanced")]
    assert [int(text) for _, _, text in cells] == expected            # the count is in the cell as text
    top = max(by_level.values())
    assert [int(step) for step, _, _ in cells] == [heat_level(n, top) for n in expected]
    assert 'hb-heat-0" data-count="0">0</td>' in page                  # a gap is shown as 0 on its own colour
    assert heat_level(0, 9) == 0 and heat_level(1, 9) == 1 and heat_level(9, 9) == 4


def test_heat_colours_have_sufficient_contrast() -> None:
    import re
    css = (Path(__file__).resolve().parents[1] / "overrides/assets/css/handbook.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r"\.hb-heat-(\d) \{ ([^}]*)\}", css))
    assert sorted(rules) == ["0", "1", "2", "3", "4"]

    def lum(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)

    for step, body in rules.items():
        bg = re.search(r"background: (#[0-9a-f]{6})", body).group(1)
        fg = re.search(r"color: (#[0-9a-f]{6})", body).group(1)
        hi, lo = sorted((lum(bg), lum(fg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, step
