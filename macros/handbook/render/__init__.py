"""Render validated data into Markdown pages and HTML fragments. No MkDocs imports here."""
