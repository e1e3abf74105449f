"""`handbook new …`: a skeleton file with the next free id and every field to fill.

Prompts start with ✎; `handbook validate` reports each one until it is replaced (use
`--allow-drafts` while you work), so an unfinished skeleton cannot be published by mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .repository import Handbook
from .schemas import modeline

FOLDERS = {"market": "cases/markets", "case": "cases/library", "sop": "sops", "phrase": "cases/phrases",
           "quiz": "cases/quizzes"}


class ScaffoldError(Exception):
    pass


def _p(zh: str, en: str, indent: int = 2) -> str:
    pad = " " * indent
    return f'\n{pad}zh: "✎ {zh}"\n{pad}en: "✎ {en}"'


def _question(ident: str) -> str:
    return f"""  - id: {ident}
    type: single            # single | multiple | true_false | best_reply
    stem:{_p("题干", "Question", 6)}
    options:                # similar length and form; wrong options are real mistakes (see a case's wrong:)
      - text:{_p("正确选项", "Right option", 10)}
        correct: true
        feedback:{_p("为什么对", "Why it is right", 10)}
      - text:{_p("错误选项", "Wrong option", 10)}
        feedback:{_p("为什么错", "Why it is wrong", 10)}
    explanation:{_p("解析：为什么", "Explanation: why", 6)}
"""


def next_id(handbook: Handbook, kind: str, name: str | None) -> str:
    if kind == "case":
        numbers = [int(m.group(1)) for i in handbook.cases if (m := re.fullmatch(r"case-(\d+)", i))]
        return f"case-{max(numbers, default=0) + 1:03d}"
    if kind == "market":
        if not name or not re.fullmatch(r"[A-Za-z]{2}", name):
            raise ScaffoldError("give the market's ISO 3166 code: handbook new market PT")
        return name.upper()
    prefix = {"sop": "sop-", "phrase": "ph-", "quiz": ""}[kind]
    taken = set(handbook.sops) | set(handbook.phrases) | set(handbook.quizzes)
    if name:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        ident = slug if slug.startswith(prefix) else prefix + slug
        if not slug:
            raise ScaffoldError(f"'{name}' gives an empty id")
        return ident
    n = 1
    while f"{prefix}new-{n}" in taken:
        n += 1
    return f"{prefix}new-{n}"


def _send(handbook: Handbook, category: str) -> str:
    """A phrase id for a new market's what_to_send: one of the category if there is one."""
    found = [p.id for p in handbook.phrases.values() if p.category == category] or list(handbook.phrases)
    return found[0] if found else "ph-new-1"


def skeleton(handbook: Handbook, kind: str, ident: str, today: dt.date) -> str:
    sop = next(iter(handbook.sops), "sop-service-process")
    market = next((c for c, m in handbook.markets.items() if m.kind == "country"), "DE")
    lang = next((lang for lang in handbook.markets[market].languages if lang != "en"), "en") \
        if market in handbook.markets else "en"
    if kind == "case":
        body = f"""id: {ident}
title:{_p("案例标题：一句话说清发生了什么", "Case title: what happened, in one line")}
markets: [{market}]          # market codes from cases/markets, or [all]
stage: after_sale           # pre_sale | in_sale | after_sale
category: returns_refunds   # logistics, returns_refunds, quality, payment, customs_duties, pricing_currency, privacy, platform_dispute, reviews, culture_language
level: beginner             # beginner | intermediate | advanced
product:{_p("商品（类型、尺码、颜色）", "Product (type, size, colour)")}
channel:{_p("渠道（如 Amazon.de 买家消息）", "Channel (e.g. Amazon.de buyer messages)")}
situation:{_p("情况：2—4 句", "Situation: 2-4 sentences")}
customer_wrote:
  lang: {lang}
  text: "✎ What the customer wrote, in their language"
  gloss:{_p("顾客原话的译文", "Translation of the customer's words", 4)}
wrong:
  action:{_p("错误的处理", "What the agent did wrong", 4)}
  cost:{_p("付出的代价", "What it cost", 4)}
right:
  -{_p("第 1 步", "Step 1", 4)}
  -{_p("第 2 步", "Step 2", 4)}
sops: [{sop}]
phrases: []
key_points:
  -{_p("要点", "Key point", 4)}
questions:
{_question(f"q-{ident}")}"""
    elif kind == "sop":
        body = f"""id: {ident}
title:{_p("SOP 名称", "SOP title")}
stage: after_sale           # pre_sale | in_sale | after_sale | all
trigger:{_p("什么情况下启动", "What starts this procedure")}
goal:{_p("目标", "Goal")}
steps:
  - action:{_p("第 1 步做什么", "Step 1", 6)}
    who: agent              # agent, senior_agent, team_lead, manager, finance, logistics, legal
    target: 30min           # 30s, 3min, 4h, 2d
    phrases: [{_send(handbook, "returns_refunds")}]   # the phrase templates to send at this step
  - action:{_p("第 2 步做什么", "Step 2", 6)}
    who: agent
    target: 4h
escalation:
  - tier: 1
    when:{_p("一级审批的情形", "When tier 1 applies", 6)}
    approver: team_lead
    target: 4h
phrases: [{_send(handbook, "returns_refunds")}]
"""
    elif kind == "phrase":
        texts = "\n".join(f'  {code}: "✎ {{customer_name}} … ({code})"'
                          for code in (["en"] + ([lang] if lang != "en" else [])))
        body = f"""id: {ident}
title:{_p("话术名称", "Phrase title")}
stage: after_sale           # pre_sale | in_sale | after_sale
category: returns_refunds
markets: [{market}]          # every language these markets speak needs a text below
use_when:{_p("何时使用", "When to use it")}
avoid_when:{_p("何时不用", "When not to use it")}
explain:{_p("给客服的说明：要改什么", "Note for the agent: what to adapt")}
texts:                      # placeholders such as {{order_id}} must appear in every language
{texts}
"""
    elif kind == "quiz":
        body = f"""id: {ident}
title:{_p("测验名称", "Quiz title")}
questions:
{_question(f"q-{ident}-01")}"""
    elif kind == "market":
        d = today.isoformat()

        def fact(indent: int, extra: str = "") -> str:
            pad = " " * indent
            return (f"{extra}{pad}summary:{_p('规则说明', 'The rule', indent + 2)}\n"
                    f'{pad}source: https://✎.official.source/page\n{pad}checked: {d}\n')
        body = f"""code: {ident}
kind: country
owners: []                  # GitHub users or teams who review this market, e.g. "@org/team"
name:{_p("国家名称", "Country name")}
summary:{_p("市场概况", "Market overview")}
languages: [en]             # customer languages: en, de, fr, es, it, nl, ja, ko, pt-BR, ar, id, ms, th, vi, zh-TW, zh-HK
currency: EUR
time_zones: [Europe/Lisbon]
consumer:
  withdrawal:
    applies: true
    days: 14
    day_unit: calendar      # calendar | business (working days)
    starts:{_p("从何时起算", "When the period starts", 6)}
{fact(4)}  refund:
    days: 14
    day_unit: calendar      # calendar | business (working days)
{fact(4)}  return_costs:
    payer: customer         # customer | seller | depends
{fact(4)}  guarantee:
    kind: statutory_guarantee   # statutory_guarantee | conformity_presumption | implied_warranty | none
    months: 24
{fact(4)}taxes:
  vat:
    name:{_p("税种名称", "Tax name", 6)}
    standard_rate: 20
{fact(4)}  imports:
    - title:{_p("低价值进口规则", "Low-value import rule", 8)}
      effective: {d}
{fact(6)}privacy:
  law:{_p("数据保护法", "Data-protection law", 4)}
  days: 30
  day_unit: calendar        # calendar | business (working days)
{fact(2)}peak_seasons:
  - name:{_p("销售高峰", "Peak season", 6)}
    month: 11
    when:{_p("时间", "When", 6)}
holidays:
  - name:{_p("节假日", "Holiday", 6)}
    month: 1
    when:{_p("日期", "Date", 6)}
culture:
  - kind: do                # do | dont | note
    text:{_p("文化提示", "Cultural note", 6)}
changes: []
# The phrases to send in four everyday situations: replace them with phrases written in this
# market's languages (ids of files in cases/phrases).
what_to_send:
  returns: [{_send(handbook, "returns_refunds")}]
  delay: [{_send(handbook, "logistics")}]
  damage: [{_send(handbook, "quality")}]
  dispute: [{_send(handbook, "platform_dispute")}]
"""
    else:
        raise ScaffoldError(f"unknown kind '{kind}'")
    rel = f"{FOLDERS[kind]}/{(ident.lower() if kind == 'market' else ident)}.yaml"
    return modeline(kind, rel) + "\n" + body


def create(root: Path, handbook: Handbook, kind: str, name: str | None, today: dt.date) -> Path:
    if kind not in FOLDERS:
        raise ScaffoldError(f"unknown kind '{kind}'; use one of {', '.join(FOLDERS)}")
    ident = next_id(handbook, kind, name)
    path = root / FOLDERS[kind] / f"{ident.lower() if kind == 'market' else ident}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists")
    path.write_text(skeleton(handbook, kind, ident, today), encoding="utf-8")
    return path
