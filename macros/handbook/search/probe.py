"""Drive the handbook's search in a real browser (Playwright + Debian's Chromium), as an agent
would: used by the relevance benchmark, the timing benchmark and the browser tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INPUT = "#hb-search-input"

# Resolves when the result list shows the answer to *this* query (the UI renders each query's
# results in one go and marks the list with the query it answers).
_QUERY_JS = """
([q, timeout, until]) => new Promise((resolve, reject) => {
  const input = document.querySelector('#hb-search-input');
  const start = performance.now();
  const done = () => {
    const list = document.querySelector('#hb-search-results');
    if (!list || list.getAttribute(until) !== q.slice(0, 4000).trim()) return false;
    observer.disconnect();
    const items = [...list.querySelectorAll('[role=option]')].map(li => ({
      kind: li.getAttribute('data-kind'),
      url: li.querySelector('a').getAttribute('href'),
      title: li.querySelector('.hb-search__title').textContent,
    }));
    resolve({ms: performance.now() - start, items});
    return true;
  };
  const observer = new MutationObserver(done);
  observer.observe(document.body, {childList: true, subtree: true, attributes: true});
  setTimeout(() => { observer.disconnect(); reject(new Error('no results for ' + q)); }, timeout);
  if (done()) return;  // already shown (the same question asked again)
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
})
"""


@dataclass(frozen=True)
class Answer:
    ms: float
    items: list[dict[str, Any]]


def ask(page: Any, query: str, timeout_ms: int = 30_000, until: str = "query") -> Answer:
    """Type ``query`` into the search box of the open page and wait for its results: the whole
    list (``until="query"``: answers and full text) or the answers alone (``"answers"``)."""
    page.wait_for_function("() => window.hbSearch && document.querySelector('#hb-search-results')",
                           timeout=timeout_ms)
    data = page.evaluate(_QUERY_JS, [query, timeout_ms, f"data-{until}"])
    return Answer(ms=float(data["ms"]), items=list(data["items"]))


def open_search(page: Any) -> None:
    """Focus the header box (what loads the search code) and wait for the UI to attach."""
    page.locator(INPUT).focus()
    page.wait_for_function("() => window.hbSearch && document.querySelector('#hb-search-results')",
                           timeout=30_000)
