"""Builders of cqdt's edXML test corpus; the entry point is scripts/edxml-corpus.py."""
