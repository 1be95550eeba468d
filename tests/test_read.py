from pathlib import Path

import pytest

from edition.errors import SeedError
from edition.read import decode, read_seed, read_seeds, split_blocks

ROOT = Path(__file__).resolve().parent.parent


def test_bom_is_stripped_and_line_ends_normalised():
    assert decode(b"\xef\xbb\xbfTitle\r\n\r\nText\rMore", "s.txt") == "Title\n\nText\nMore"


def test_non_utf8_names_file_and_line():
    with pytest.raises(SeedError) as info:
        decode("one\ntwo\n".encode() + b"caf\xe9\n", "seeds/x.txt")
    problem = info.value.problems[0]
    assert (problem.location.path, problem.location.line, problem.code) == ("seeds/x.txt", 3, "seed.encoding")
    assert "UTF-8" in problem.hint


def test_binary_content_is_refused_with_its_line():
    with pytest.raises(SeedError) as info:
        decode(b"text\n\x00\x01binary", "seeds/x.txt")
    assert info.value.problems[0].location.line == 2
    assert info.value.problems[0].code == "seed.binary"


def test_blocks_keep_text_verbatim_and_first_line():
    blocks = split_blocks("A title\n\n  \nFirst para\u00a0with nbsp\nsecond line\n\n\nLast")
    assert [(b.text, b.line) for b in blocks] == [
        ("A title", 1), ("First para\u00a0with nbsp\nsecond line", 4), ("Last", 8)]


def test_empty_seed_is_an_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n \n", encoding="utf-8")
    with pytest.raises(SeedError) as info:
        read_seed(path, tmp_path)
    assert str(info.value.problems[0]) .startswith("empty.txt:1: seed file is empty")


def test_real_seeds_read_in_name_order():
    frozen = ROOT / "tests" / "fixtures" / "frozen-seeds"  # the real texts as of f60024f
    sources = read_seeds(frozen, frozen.parent.parent.parent)
    assert [s.path for s in sources] == ["tests/fixtures/frozen-seeds/000_12340e193c5031e5.txt",
                                         "tests/fixtures/frozen-seeds/002_3ebf3cdbc8909605.txt"]
    assert sources[1].blocks[0].text == "Putin’s Interview with China Media Group"


def test_every_broken_seed_is_reported_at_once(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"ok\n\n\xff\n")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Fine\n\nText.\n", encoding="utf-8")
    with pytest.raises(SeedError) as info:
        read_seeds(tmp_path, tmp_path)
    assert [(p.location.path, p.location.line, p.code) for p in info.value.problems] == [
        ("a.txt", 3, "seed.encoding"), ("b.txt", 1, "seed.empty")]
