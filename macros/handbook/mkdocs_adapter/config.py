"""Typed configuration of the handbook MkDocs plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class TextConfig(Config):
    zh = opt.Type(str)
    en = opt.Type(str)


class ContactConfig(Config):
    role = opt.SubConfig(TextConfig)
    contact = opt.Type(str)


class HandbookConfig(Config):
    # Where the data folders (cases/, sops/) live, relative to mkdocs.yml.
    data_root = opt.Type(str, default=".")
    # Index the built site with Pagefind after the last language (the offline copy gets records
    # it can search from file:// instead). Off only for builds that never need search.
    search = opt.Type(bool, default=True)
    # Append glossary abbreviations to chapters so terms show a tooltip.
    abbreviations = opt.Type(bool, default=True)
    # Printed on every quick-reference guide; each team lists its own escalation contacts.
    escalation_contacts = opt.ListOfItems(opt.SubConfig(ContactConfig), default=[])
    # Public address of the site, for the link and QR code on printed guides (default: site_url).
    online_url = opt.Optional(opt.Type(str))
