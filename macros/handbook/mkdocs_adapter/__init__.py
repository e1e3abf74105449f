"""The thin MkDocs adapter: a plugin that validates and generates pages, and the macros module."""
