"""Where each generated page lives in docs/ (and so its stable URL). Agents bookmark these."""


def market(code: str) -> str:
    return f"markets/{code.lower()}/index.md"


def case(ident: str) -> str:
    return f"cases/{ident}/index.md"


def sop(ident: str) -> str:
    return f"sops/{ident}/index.md"


MARKETS = "markets/index.md"
CASES = "cases/index.md"
SOPS = "sops/index.md"
PHRASES = "phrases/index.md"
GLOSSARY = "glossary/index.md"


def quickref(code: str) -> str:
    return f"markets/{code.lower()}/quick-reference/index.md"


def quickref_pdf(code: str, lang: str) -> str:
    """Site-root path of a market's printed guide (written by `handbook pdf`)."""
    return f"downloads/quickref-{code.lower()}-{lang}.pdf"


def booklet_pdf(lang: str) -> str:
    return f"downloads/quickref-booklet-{lang}.pdf"


BOOKLET = "markets/quick-reference/index.md"
CHANGES = "markets/changes/index.md"
DASHBOARD = "trainer/index.md"
