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
