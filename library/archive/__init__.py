"""The database: schema, the one writer, reads, and the search page's SQL.

Imports only ``library.model``, ``library.text``, ``library.errors`` and
``library.files``: the stages hand it their data classes and never see SQL.
"""
