"""Khabarnama's Pelican plugins, installed as the package ``khabarnama``.

Each folder here is one plugin (``khabarnama.glossary``, ``khabarnama.search``
...), listed by that dotted name in ``PLUGINS``. A dotted name can never match
one of Pelican's namespace plugins (``pelican.plugins.<name>``), so an
installed third-party plugin of the same short name cannot replace ours.
"""
