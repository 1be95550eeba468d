"""The command line: parse arguments, run the pipeline, turn errors into messages.

This is the only place that prints or chooses an exit code.

    python build_edition.py [build]   run every stage, write docs/ and the anchor lock (--books: PDF, EPUB too)
    python build_edition.py build --new-lock   the same for a new edition: start the anchor lock from nothing
    python build_edition.py site      run `mkdocs build --strict` into a fresh folder and publish it as site/
    python build_edition.py check     run every stage, write nothing, fail if the lock is stale
    python build_edition.py release   pack site/ and its exports into dist/, with SHA-256 checksums
    python build_edition.py inspect FILE...   print what was inferred from seed files
    python build_edition.py suggest   rank candidate paragraph pairs for new related-claims notes
    python build_edition.py serve     build, serve the site, and rebuild when seeds, notes or metadata change
    python build_edition.py summary --base REF   Markdown report of the notes changed since REF (CI job summary)
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from . import pipeline, publish
from .errors import EditionError, FileError
from .read import display_path

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--seeds", metavar="DIR", help="folder of seed .txt files and editorial.yml (default: seeds/)")
    common.add_argument("--notes", metavar="DIR", help="folder of related-claims notes (default: notes/)")
    common.add_argument("--docs", metavar="DIR", help="folder the Markdown pages are written to (default: docs/)")
    common.add_argument("--lock", metavar="FILE", help="the anchor lock (default: seeds/anchors.lock)")
    common.add_argument("--root", metavar="DIR", default=".", help="project root, for short paths (default: .)")
    parser = argparse.ArgumentParser(
        prog="build_edition.py", parents=[common],
        description="Build the annotated edition: seeds → Markdown pages with stable paragraph anchors, "
                    "speaker tags and cross-reference footnotes, ready for `mkdocs build`.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser("build", parents=[common], help="build the pages and update the anchor lock (the default)")
    build.add_argument("--books", action="store_true",
                       help="also make the PDF and EPUB of the whole edition (seconds; reused when unchanged)")
    build.add_argument("--new-lock", action="store_true",
                       help="start the anchor lock from nothing: only for a new edition that has none yet")
    site = sub.add_parser("site", parents=[common], help="build the site with MkDocs (strict) and publish it")
    site.add_argument("--site", metavar="DIR", help="where the site is published (default: site/)")
    sub.add_parser("check", parents=[common], help="validate seeds, metadata, notes and lock; write nothing")
    release = sub.add_parser("release", parents=[common],
                             help="pack the built site and its exports into dist/ with SHA-256 checksums")
    release.add_argument("--site", default="site", metavar="DIR", help="the built site (default: site/)")
    release.add_argument("--dist", default="dist", metavar="DIR", help="where the archive goes (default: dist/)")
    inspect = sub.add_parser("inspect", parents=[common], help="print what was inferred from seed files")
    inspect.add_argument("files", nargs="*", metavar="FILE", help="seed files (default: every seed)")
    suggest = sub.add_parser("suggest", parents=[common], help="rank candidate paragraph pairs for new notes")
    suggest.add_argument("--top", type=int, default=20, metavar="N", help="how many pairs to show (default: 20)")
    suggest.add_argument("--json", action="store_true", help="print JSON instead of text")
    suggest.add_argument("--ignore-notes", action="store_true",
                         help="do not skip pairs already linked by a note (to measure recall)")
    suggest.add_argument("--note", nargs="+", metavar="ID_OR_RANK",
                         help="write a note template to the notes folder for a pair: two paragraph ids "
                              "(--note snider.p9 hahn.p3) or the rank of a suggestion (--note 3)")
    serve = sub.add_parser("serve", parents=[common],
                           help="build and serve the site; rebuild when seeds, notes or editorial.yml change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                       help="where to serve the site (default: 127.0.0.1:8000)")
    serve.add_argument("--mkdocs-config", default="mkdocs.yml", metavar="FILE",
                       help="the MkDocs configuration, relative to --root (default: mkdocs.yml)")
    summary = sub.add_parser("summary", parents=[common],
                             help="Markdown report of the notes changed since a base branch, for CI's job summary")
    summary.add_argument("--base", default="origin/main", metavar="REF",
                         help="the branch or commit to compare with (default: origin/main)")
    registers = sub.add_parser("registers", parents=[common],
                               help="list names and dates in the texts that no register entry covers")
    registers.add_argument("--propose", action="store_true", help="list candidate entries (the default)")
    return parser


def _config(args) -> pipeline.BuildConfig:
    config = pipeline.BuildConfig.default(Path(args.root), seeds=args.seeds, notes=args.notes, docs=args.docs,
                                          lock=args.lock, new_lock=getattr(args, "new_lock", False))
    return replace(config, books=getattr(args, "books", False))


def _one_build_at_a_time(config: pipeline.BuildConfig):
    return publish.exclusive(config.root, str(config.root),
                             on_wait=lambda message: sys.stderr.write(f"waiting: {message}\n"))


def cmd_build(args, out) -> int:
    config = _config(args)
    with _one_build_at_a_time(config):
        built = pipeline.build(config)
    _warn(built.warnings)
    report = built.report
    if built.skipped:
        out.write(f"up to date: {built.documents} documents, {built.paragraphs} paragraphs, {built.notes} notes; "
                  "nothing changed since the last build, nothing written\n")
        return EXIT_OK
    out.write(f"built {built.documents} documents, {built.paragraphs} paragraphs, {built.notes} notes: "
              f"{len(report.written)} files written, {report.unchanged} unchanged, {len(report.removed)} removed"
              f"{', anchor lock updated' if report.lock_written else ''}\n")
    return EXIT_OK


def cmd_site(args, out) -> int:
    config = _config(args)
    site = Path(args.site).absolute() if args.site else config.root / "site"
    with _one_build_at_a_time(config):
        sys.stdout.flush()
        publish.build_site(config.root, config.docs, site, config.shown)
    out.write(f"site published in {config.shown(site)}/\n")
    return EXIT_OK


def cmd_check(args, out) -> int:
    result = pipeline.check(_config(args))
    _warn(result.warnings)
    out.write(f"ok: {len(result.edition.documents)} documents, "
              f"{sum(len(d.paragraphs) for d in result.edition.documents)} paragraphs, "
              f"{len(result.edition.notes)} notes, anchor lock up to date\n")
    return EXIT_OK


def cmd_release(args, out) -> int:
    from .publication import load_publication
    from .release import make_release

    root = Path(args.root).resolve()
    made = make_release(root, root / args.site, root / args.dist, load_publication(root))
    out.write(f"released {made.files} files: {made.archive.relative_to(root)} "
              f"(checksum in {made.checksum.relative_to(root)})\n")
    return EXIT_OK


def cmd_inspect(args, out) -> int:
    from .inspect import describe

    out.write(describe(_config(args), [Path(f) for f in args.files]))
    return EXIT_OK


def cmd_suggest(args, out) -> int:
    from . import suggest

    result = pipeline.run(_config(args))
    edition = result.edition
    candidates = suggest.candidates_of(edition)
    linked = () if args.ignore_notes else suggest.pairs_within(
        [t.paragraph for t in n.targets] for n in edition.notes)
    by_id = {c.id: c for c in candidates}
    if args.note:
        return _suggest_note(args, out, candidates, linked, by_id)
    ranked = suggest.suggest(candidates, linked=linked, top=args.top)
    out.write(suggest.format_json(ranked, by_id) if args.json else suggest.format_text(ranked, by_id))
    return EXIT_OK


def _suggest_note(args, out, candidates, linked, by_id) -> int:
    """``suggest --note``: write a note template for a chosen pair, never over an existing file."""
    from . import suggest
    from .files import write_if_changed

    where = "suggest --note"
    if len(args.note) == 1 and args.note[0].isdigit():
        rank = int(args.note[0])
        ranked = suggest.suggest(candidates, linked=linked, top=max(rank, 1))
        if not 1 <= rank <= len(ranked):
            raise EditionError.at(where, None, f"there is no suggestion ranked {rank}", "suggest.rank",
                                  f"choose a rank from 1 to {len(ranked)}")
        chosen = ranked[rank - 1]
    elif len(args.note) == 2:
        unknown = [i for i in args.note if i not in by_id]
        if unknown:
            raise EditionError.at(where, None, f"unknown paragraph '{unknown[0]}'", "suggest.unknown-paragraph",
                                  "name a paragraph by its id, e.g. 'snider.p9'")
        a, b = sorted(args.note)
        chosen = next((s for s in suggest.suggest(candidates, top=len(candidates) ** 2)
                       if (s.a, s.b) == (a, b)), suggest.Suggestion(a, b, 0.0, ()))
    else:
        raise EditionError.at(where, None, "give two paragraph ids or one rank", "suggest.note-arguments",
                              "e.g. --note snider.p9 hahn.p3, or --note 1")
    text = suggest.note_template((by_id[chosen.a], by_id[chosen.b]), chosen.features, chosen.shared)
    config = _config(args)
    stem = f"{chosen.a}-{chosen.b}".replace(".", "-")
    path = config.notes / f"{stem}.md"
    number = 2
    while path.exists():
        path, number = config.notes / f"{stem}-{number}.md", number + 1
    write_if_changed(path, text.encode("utf-8"))
    out.write(f"wrote {config.shown(path)}: rewrite its title, glosses and body, then run `make check`\n")
    return EXIT_OK


def cmd_serve(args, out) -> int:
    from . import serve

    config = _config(args)

    def report(error: EditionError | None, message: str) -> None:
        if error is not None:
            _problems(error)
            sys.stderr.write("the site keeps the last good pages; fix the problem and save to rebuild.\n")
        else:
            sys.stderr.write(f"{message}\n")
        sys.stderr.flush()

    options = serve.ServeOptions(config, config.root / args.mkdocs_config, args.dev_addr)
    try:
        return serve.serve(options, report)
    except KeyboardInterrupt:  # Ctrl+C is how a preview ends: not an error
        return EXIT_OK


def cmd_summary(args, out) -> int:
    from .summary import summarize

    out.write(summarize(_config(args), args.base))
    return EXIT_OK  # a report: the checks themselves fail the run, not the summary of them


def cmd_registers(args, out) -> int:
    from . import registers

    result = pipeline.run(_config(args))
    edition = result.edition
    stated = edition.registers or registers.Registers("")
    out.write(registers.format_review(registers.review(edition.documents, stated, edition.mentions),
                                      stated.path or "the registers"))
    return EXIT_OK


COMMANDS = {None: cmd_build, "build": cmd_build, "site": cmd_site, "check": cmd_check, "release": cmd_release,
            "inspect": cmd_inspect, "suggest": cmd_suggest, "serve": cmd_serve, "summary": cmd_summary,
            "registers": cmd_registers}


def _warn(warnings) -> None:
    for problem in warnings:
        sys.stderr.write(f"warning: {problem}\n")


def main(argv: list[str] | None = None, out=None) -> int:
    """Entry point; returns the exit code."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        try:
            return COMMANDS[args.command](args, out)
        except OSError as exc:  # one not converted where it happened: still one message, never a traceback
            where = display_path(Path(exc.filename), Path(args.root).resolve()) if exc.filename else args.root
            raise FileError.from_os(exc, where, "complete the build") from None
    except EditionError as exc:
        _problems(exc)
        return EXIT_INPUT
    except KeyboardInterrupt:  # Ctrl+C during a command: stop without a traceback
        return EXIT_INTERRUPTED


def _problems(exc: EditionError) -> None:
    for problem in exc.problems:
        sys.stderr.write(f"error: {problem}\n")
    count = len(exc.problems)
    sys.stderr.write(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.\n")
