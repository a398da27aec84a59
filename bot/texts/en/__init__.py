"""English texts: `general` and one module per feature (see `bot/texts/__init__.py`). Keys
and placeholders match the other language's exactly (tests/runtime/test_texts.py checks it)."""
