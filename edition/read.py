"""Stage 1, read: decode seed files and cut them into blocks.

A block is a run of non-blank lines. Text is decoded as UTF-8 (a byte-order mark is stripped, CRLF and CR
become LF); anything that is not text is refused with its location.
"""
from __future__ import annotations

import re
import os
from pathlib import Path

from .errors import Problem, SeedError, each
from .model import Block, SourceFile

SEED_GLOB = "*.txt"

# Control characters other than tab, newline and carriage return mean the file is not plain text.
RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def display_path(path: Path, root: Path | None) -> str:
    """The path as shown in messages: relative to the project root when it is inside it."""
    if root is not None:
        for candidate in (Path(os.path.abspath(path)), path.resolve()):  # a link (docs/) by its own name first
            try:
                return candidate.relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
    return path.as_posix()


def decode(data: bytes, shown: str) -> str:
    """Decode seed bytes to text with LF line ends, or raise :class:`SeedError` saying where it broke."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SeedError.at(
            shown, line, f"byte 0x{data[exc.start]:02x} is not UTF-8",
            "seed.encoding", "save the file as UTF-8 (in most editors: Save with encoding → UTF-8)",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = RE_CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SeedError.at(
            shown, line, f"control character U+{ord(bad.group()):04X} in a text file",
            "seed.binary", "seeds must be plain text; remove the character or check the file is the right one",
        )
    return text


def split_blocks(text: str) -> tuple[Block, ...]:
    """Cut text into blocks separated by blank (or white-space-only) lines, keeping each block verbatim."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block("\n".join(current), start))
            current = []
    if current:
        blocks.append(Block("\n".join(current), start))
    return tuple(blocks)


def read_seed(path: Path, root: Path | None = None) -> SourceFile:
    """Read one seed file."""
    shown = display_path(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError.at(shown, None, f"cannot read seed: {exc.strerror}", "seed.unreadable") from None
    text = decode(data, shown)
    blocks = split_blocks(text)
    if not blocks:
        raise SeedError.at(shown, 1, "seed file is empty", "seed.empty",
                           "add the document's text, or remove the file from seeds/")
    return SourceFile(path=shown, name=path.name, text=text, blocks=blocks)


def read_seeds(folder: Path, root: Path | None = None) -> tuple[SourceFile, ...]:
    """Read every ``*.txt`` seed in ``folder``, in file-name order."""
    if not folder.is_dir():
        raise SeedError.at(display_path(folder, root), None, "seed folder does not exist", "seed.folder",
                           "pass --seeds DIR pointing at the folder of .txt seeds")
    paths = sorted(folder.glob(SEED_GLOB))
    if not paths:
        raise SeedError.at(display_path(folder, root), None, "no .txt seed files found", "seed.folder")
    problems: list[Problem] = []
    sources = each(lambda path: read_seed(path, root), paths, problems)
    if problems:
        raise SeedError(problems)
    return tuple(sources)
