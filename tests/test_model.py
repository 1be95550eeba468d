"""The model's copy helpers carry every field over, as ``dataclasses.replace`` would."""
from dataclasses import fields, replace

from edition.model import Paragraph

# Every field set to a value other than its default, so a field the helpers forget shows up.
FULL = Paragraph(text="Shown.", raw="Ann Lee (aside): Shown.", line=7, index=3, id="doc.p4", number="4",
                 speaker="Ann Lee", remark="aside", turn_start=True)


def test_every_field_differs_from_its_default():
    bare = Paragraph(text="", raw="", line=0, index=0)
    assert all(getattr(FULL, f.name) != getattr(bare, f.name) for f in fields(Paragraph))


def test_with_id_is_replace():
    assert FULL.with_id("doc.p4b", "4b") == replace(FULL, id="doc.p4b", number="4b")


def test_with_speaker_is_replace():
    assert FULL.with_speaker("Bo Ma", None, False) == replace(FULL, speaker="Bo Ma", remark=None, turn_start=False)
    assert (FULL.with_speaker("Bo Ma", "r", True, text="New.")
            == replace(FULL, speaker="Bo Ma", remark="r", turn_start=True, text="New."))
