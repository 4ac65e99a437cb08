"""Text rules every stage shares: Chinese script and search forms (the one place that
says which characters are Han), sentences, anchors, the lexicon, term matching."""
