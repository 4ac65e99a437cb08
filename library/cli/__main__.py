"""``python -m library.cli``: the same as ``bilib``."""

from . import main

main()
