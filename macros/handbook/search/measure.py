"""Search measurements for `handbook bench`: relevance on the agent question set
(benchmarks/relevance.yaml), time to first results (cold and per keystroke) and bytes
transferred for the first query, in headless Chromium against a loopback server."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..yamlsafe import load_yaml, read_text
from .probe import ask, open_search

RELEVANCE_SET = Path("benchmarks/relevance.yaml")


@dataclass
class Relevance:
    lang: str
    questions: int = 0
    top1: int = 0
    top3: int = 0
    rr: list[float] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        n = max(self.questions, 1)
        return {"questions": self.questions, "top1": round(self.top1 / n, 3), "top3": round(self.top3 / n, 3),
                "mrr": round(sum(self.rr) / n, 3), "misses": self.misses}


def load_questions(root: Path) -> list[dict[str, Any]]:
    data = load_yaml(read_text(root / RELEVANCE_SET))
    return list(data["questions"])


def _site_path(url: str, lang: str) -> str:
    """'/en/markets/de/#fact-x' -> 'markets/de/#fact-x' (results are compared without the prefix)."""
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "://" in url else path
    path = path.lstrip("/")
    if lang != "zh" and path.startswith(f"{lang}/"):
        path = path[len(lang) + 1:]
    return path


def matches(url: str, lang: str, expected: list[str]) -> bool:
    path = _site_path(url, lang)
    for want in expected:
        if "#" in want:
            if path == want:
                return True
        elif path.split("#", 1)[0] == want:
            return True
    return False


def relevance(page: Any, base: str, questions: list[dict[str, Any]]) -> dict[str, Relevance]:
    out: dict[str, Relevance] = {}
    current = None
    for item in questions:
        lang = item["lang"]
        if current != lang:
            page.goto(base + ("" if lang == "zh" else f"{lang}/"))
            open_search(page)
            current = lang
        answer = ask(page, str(item["q"]))
        urls = [i["url"] for i in answer.items]
        rank = next((i + 1 for i, u in enumerate(urls) if matches(u, lang, list(item["expect"]))), None)
        # every question counts for its language; held-out ones (never tuned against) also apart
        keys = [lang] + ([f"{lang}-holdout"] if item.get("holdout") else [])
        for key in keys:
            rel = out.setdefault(key, Relevance(key))
            rel.questions += 1
            if rank == 1:
                rel.top1 += 1
            if rank is not None and rank <= 3:
                rel.top3 += 1
            rel.rr.append(1 / rank if rank else 0.0)
            if rank != 1:
                rel.misses.append({"q": item["q"], "rank": rank, "got": [_site_path(u, lang) for u in urls[:3]]})
    return out


def timings(browser: Any, base: str, queries: dict[str, list[str]]) -> dict[str, Any]:
    """Cold: a fresh page (empty cache), focus, type the query, wait for results. Warm: the next
    keystrokes on the same page. Bytes: everything the page fetched for its first query."""
    result: dict[str, Any] = {}
    for prefix, words in queries.items():
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + prefix)
        page.wait_for_load_state("networkidle")
        sizes: list[int] = []

        def on_response(response: Any) -> None:
            try:
                sizes.append(int(response.headers.get("content-length") or len(response.body())))
            except Exception:  # noqa: BLE001 - a response without a body counts as nothing
                pass

        page.on("response", on_response)
        start = page.evaluate("performance.now()")
        open_search(page)
        first = ask(page, words[0], until="answers")  # the first answers on screen
        cold = page.evaluate("performance.now()") - start
        cold_full = cold + ask(page, words[0]).ms     # and the full list, full text included
        page.wait_for_load_state("networkidle")
        first_bytes = sum(sizes)
        warm, full = [], []
        typed = words[0]
        for extra in words[1:]:
            typed = f"{typed} {extra}" if extra.isascii() else typed + extra
            answers = ask(page, typed, until="answers")  # what each keystroke shows at once
            warm.append(answers.ms)
            full.append(answers.ms + ask(page, typed).ms)  # and once the full text has followed
        context.close()
        result[prefix or "zh"] = {"cold_ms": round(cold, 1), "cold_full_ms": round(cold_full, 1),
                                  "first_query_ms": round(first.ms, 1),
                                  "warm_ms": round(statistics.median(warm), 1) if warm else None,
                                  "warm_max_ms": round(max(warm), 1) if warm else None,
                                  "warm_full_ms": round(statistics.median(full), 1) if full else None,
                                  "first_query_kb": round(first_bytes / 1024, 1)}
    return result


def slow_link(browser: Any, base: str, queries: list[tuple[str, str]], rtt_ms: int = 300,
              mbit: float = 4.0) -> dict[str, Any]:
    """An agent in mainland China on a host abroad: each query on a fresh page with an empty
    cache over a link of ``rtt_ms`` round trip and ``mbit`` Mbit/s (Chromium's network
    emulation). The page is opened, left idle as an agent reads it (until the network is quiet),
    then the question is typed: the time to the first answers on screen, the time to the full
    list (answers and full text), and the requests made after typing."""
    firsts, fulls, requests, detail = [], [], [], []
    for prefix, query in queries:
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        rate = mbit * 1_000_000 / 8
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": rtt_ms,
                                                      "downloadThroughput": rate, "uploadThroughput": rate})
        page.goto(base + prefix)
        page.wait_for_load_state("networkidle")
        seen: list[str] = []
        # what the question costs: the browser's own favicon fetch is not the search's
        page.on("request", lambda request: None if request.url.endswith("favicon.svg") else seen.append(request.url))
        answer = ask(page, query, timeout_ms=60_000, until="answers")
        full = ask(page, query, timeout_ms=60_000)
        firsts.append(answer.ms)
        fulls.append(answer.ms + full.ms)
        requests.append(len(seen))
        detail.append([prefix + query, [u.split("/")[-1][:40] for u in seen]])
        context.close()
    return {"rtt_ms": rtt_ms, "mbit": mbit, "queries": len(queries),
            "first_answers_ms": {"median": round(statistics.median(firsts)), "max": round(max(firsts))},
            "full_list_ms": {"median": round(statistics.median(fulls)), "max": round(max(fulls))},
            "requests_per_query": {"median": statistics.median(requests), "max": max(requests)}, "requests": detail}


def _rank_in_node(site: Path, root: Path, flags: tuple[str, ...] = (), sets: tuple[str, ...] = ()) -> Any:
    """benchmarks/rank.mjs on the site's own answer index: the ranker the pages run, without a page."""
    import json
    import subprocess

    index = (str(site / "search" / "answers-zh.json"), str(site / "search" / "answers-en.json"))
    run = subprocess.run(["node", str(root / "benchmarks" / "rank.mjs"), *flags, *index, *sets],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def hostile(site: Path, root: Path) -> dict[str, float]:
    """The ranker's time on hostile pastes (20,000 characters, emoji only, right-to-left, HTML)."""
    return dict(_rank_in_node(site, root, flags=("--hostile",)))


SLOW_QUERIES = [("", "德国 退货期限"), ("", "包裹丢了怎么办"), ("", "客人说要找银行把钱拿回来"),
                ("", "Mein Paket ist seit drei Wochen nicht angekommen. Wo ist es?"),
                ("en/", "uk who pays return shipping"), ("en/", "customer says parcel never arrived")]


def measure(site: Path, root: Path, with_relevance: bool = True) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from ..pdf import CHROMIUM_ARGS, chromium, serve

    report: dict[str, Any] = {}
    with serve(site, compress=True) as base, sync_playwright() as p:  # gzip, as static hosts serve
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        # Warm: an agent typing a whole question, word by word (from the third content word on,
        # each keystroke also runs the per-word searches), not just a two-word lookup.
        report["timing"] = timings(browser, base, {
            "": ["德国", "客人", "要", "退货", "运费", "到底", "谁出"],
            "en/": ["Germany", "customer", "wants", "to", "return", "who", "pays", "the", "shipping", "back"]})
        report["slow_link"] = slow_link(browser, base, SLOW_QUERIES)
        report["hostile_ms"] = hostile(site, root)
        if with_relevance:
            page = browser.new_page()
            rel = relevance(page, base, load_questions(root))
            report["relevance"] = {lang: r.summary() for lang, r in rel.items()}
        browser.close()
    return report


def compare_pagefind_versions(site: Path, root: Path, versions: list[str], cache: Path) -> dict[str, Any]:
    """Re-index copies of a built site with other Pagefind releases (wheels from PyPI, run from
    a folder of their own, never installed) and measure each on the relevance set: the evidence
    for the pinned version (README, "Search")."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    results: dict[str, Any] = {}
    for version in versions:
        lib = cache / f"pagefind-{version}"
        if not (lib / "pagefind").is_dir():
            wheels = cache / f"wheels-{version}"
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels),
                            f"pagefind=={version}", f"pagefind-bin-extended=={version}"], check=True)
            for wheel in wheels.glob("*.whl"):
                shutil.unpack_archive(str(wheel), str(lib), format="zip")
            for binary in lib.glob("pagefind_bin_extended/pagefind*"):
                binary.chmod(0o755)
        with tempfile.TemporaryDirectory(prefix=f"pf-{version}-") as tmp:
            copy = Path(tmp) / "site"
            shutil.copytree(site, copy)
            script = ("import sys; from pathlib import Path; from handbook.repository import load;"
                      "from handbook.search.pagefind_index import build_search_index;"
                      f"site = Path({str(copy)!r}); build_search_index(site)")
            env = {**os.environ, "PYTHONPATH": str(lib)}
            subprocess.run([sys.executable, "-c", script], check=True, env=env)
            results[version] = measure(copy, root)
    return results


def fresh(site: Path, root: Path, set_path: Path) -> dict[str, Any]:
    """A fresh set (agents' sentences and customer messages written by someone who never saw
    the ranker or the earlier sets), measured once on the built site: the sentences in the
    browser, as agents get them (answers, then full text); the messages by the ranker on the
    site's own answer index (a message gets answers only, no full text, so that is what the
    page shows). Recorded by `handbook bench --fresh` before the set may join the tuning set."""
    import json
    import tempfile

    from playwright.sync_api import sync_playwright

    from ..pdf import CHROMIUM_ARGS, chromium, serve

    data = load_yaml(read_text(set_path))
    out: dict[str, Any] = {}
    with serve(site, compress=True) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        out["questions"] = {lang: r.summary() for lang, r in relevance(page, base, list(data.get("questions", []))).items()}
        browser.close()
    messages = list(data.get("messages", []))
    if messages:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
            json.dump({"messages": messages}, f, ensure_ascii=False, default=str)
        out["messages"] = _rank_in_node(site, root, sets=(f.name,))["messages"]
        Path(f.name).unlink()
    return out
