"""The "Performance" page's tables, from benchmarks/results.json (written by `handbook bench`)."""

from __future__ import annotations

from typing import Any

from .html import Ctx, esc, table
from .strings import t
from .strings import table as strings


def benchmark_tables(ctx: Ctx, data: dict[str, Any] | None) -> str:
    lang = ctx.lang
    if not data:
        return f"<p>{esc(t(lang, 'bench.none'))}</p>"
    rows = [f"<tr><td>{b['cases']}</td><td>{b['pages']}</td><td>{b['seconds']}</td><td>{b['seconds_per_page']}</td>"
            f"<td>{b['peak_rss_mb']}</td><td>{b['case_page_kb']}</td><td>{b['home_page_kb']}</td>"
            f"<td>{b['search_index_kb']}</td></tr>" for b in data["builds"]]
    builds = table("hb-bench-builds", [t(lang, f"bench.{k}") for k in
                                       ("cases", "pages", "seconds", "per_page", "memory", "case_kb", "home_kb",
                                        "index_kb")], rows)
    # a results.json from an older benchmark may hold checks this version no longer names
    checks = [f"<tr><th scope=\"row\">{esc(strings(lang).get('bench.check.' + name, name))}</th><td>{esc(str(c['value']))}</td>"
              f"<td>{esc(str(c['budget']))}</td><td>{'✓ ' + esc(t(lang, 'bench.ok')) if c['ok'] else '✗ ' + esc(t(lang, 'bench.over'))}</td></tr>"
              for name, c in data["checks"].items()]
    budgets = table("hb-bench-checks", [t(lang, f"bench.{k}") for k in ("budget_name", "measured", "budget", "status")],
                    checks)
    lh_rows = [f"<tr><th scope=\"row\"><code>{esc(page)}</code></th>"
               + "".join(f"<td>{scores.get(k, '—')}</td>" for k in ("performance", "accessibility", "best-practices", "seo"))
               + "</tr>" for page, scores in data.get("lighthouse", {}).items()]
    lighthouse = table("hb-bench-lighthouse", [t(lang, "bench.page"), "Performance", "Accessibility",
                                               "Best practices", "SEO"], lh_rows) if lh_rows else ""
    meta = (f"<p>{esc(t(lang, 'bench.when'))}{esc(data['date'])} · {esc(data['machine'])} · "
            f"{esc(t(lang, 'bench.bare'))}{data['bare']['pages']} → {data['bare']['seconds']} s · "
            f"{esc(t(lang, 'bench.shipped'))}{esc(', '.join(f'{k} = {v}' for k, v in data['shipped'].items()))}</p>")
    return "\n\n".join([meta, budgets, builds, search_tables(ctx, data.get("search", {})), lighthouse])


def search_tables(ctx: Ctx, search: dict[str, Any]) -> str:
    """Relevance per language and times per library size (see handbook.search.measure)."""
    lang = ctx.lang
    rel_rows, time_rows = [], []
    for where, result in search.items():
        if not isinstance(result, dict):
            continue  # results.json from before the Pagefind search
        for code, r in result.get("relevance", {}).items():
            rel_rows.append(f"<tr><th scope=\"row\">{esc(where)} · {esc(code)}</th><td>{r['questions']}</td>"
                            f"<td>{r['top1']}</td><td>{r['top3']}</td><td>{r['mrr']}</td></tr>")
        for page, tm in result.get("timing", {}).items():
            time_rows.append(f"<tr><th scope=\"row\">{esc(where)} · {esc(page)}</th><td>{tm['cold_ms']}</td>"
                             f"<td>{tm['warm_ms']}</td><td>{tm['first_query_kb']}</td></tr>")
    out = []
    if rel_rows:
        out.append(table("hb-bench-relevance", [t(lang, "bench.where"), t(lang, "bench.questions"), "top-1", "top-3",
                                                 "MRR"], rel_rows))
    if time_rows:
        out.append(table("hb-bench-search-times", [t(lang, "bench.where"), t(lang, "bench.cold_ms"),
                                                    t(lang, "bench.warm_ms"), t(lang, "bench.first_kb")], time_rows))
    return "\n\n".join(out)
