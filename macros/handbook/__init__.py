"""The handbook generator: data models, loading, validation and rendering.

Everything in this package except ``handbook.mkdocs_adapter`` is independent of MkDocs.
"""

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
