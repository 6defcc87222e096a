"""Frames where layers meet, read back: OCR finds every text layer (list + call-out, picture +
call-out + caption, quote + caption), a picture's subject stays uncovered while a call-out shows,
and the opening card's byline stays out of the caption band."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scriptreel.media.beats import quote_frame
from scriptreel.media.callouts import picture_callout_frame
from scriptreel.media.card import CardText, draw_caption, layout_caption, layout_card
from scriptreel.media.grid import overlaps
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render.store.cache import Cache
from scriptreel.render.video.frames import Still, StillMaker
from scriptreel.render.video.visuals import Base, SentenceTiming, visual_runs
from scriptreel.script import parse_markdown
from scriptreel.script.beats import Anchor, Beat, BeatKind

SIZE = (640, 360)
RED = (220, 30, 40)

pytesseract = pytest.importorskip("pytesseract", reason="pip install pytesseract to read frames")
if shutil.which("tesseract") is None:
    pytest.skip("the tesseract binary is not installed (apt-get install tesseract-ocr)", True)


def read(image: Image.Image) -> str:
    """The words OCR reads on the frame, lower case, in one line (upscaled: small type)."""
    big = image.convert("L").resize((image.width * 2, image.height * 2), Image.LANCZOS)
    return " ".join(pytesseract.image_to_string(big).lower().split())


def says(text: str, phrase: str) -> bool:
    return re.sub(r"[^a-z ]", "", phrase.lower()) in re.sub(r"[^a-z ]", "", text)


@pytest.fixture
def stills(tmp_path):
    """A StillMaker for one segment with a list, then a call-out after it, burned captions."""

    def make(body: str) -> tuple[StillMaker, object]:
        path = tmp_path / "talk.md"
        path.write_text("---\ncallouts: true\n---\n\n## Tides\n\n" + body, encoding="utf-8")
        script = parse_markdown(path)
        segment = script.segments[-1]
        card = CardText(segment.title, 1, 1, "Talk", captions=True)
        maker = StillMaker(
            Cache(tmp_path / "cache"), segment, card, "key", DEFAULT_THEME, SIZE, str(path), True
        )
        return maker, segment

    return make


def test_a_callout_after_a_list_replaces_it_instead_of_half_covering_it(stills):
    maker, segment = stills(
        "- Spring tides are large.\n- Neap tides are small.\n\nSo there are **two high tides**.\n"
    )
    beat = next(i for i, b in enumerate(segment.beats) if b.kind is BeatKind.LIST)
    still = Still(Base(beat, 2), callout="two high tides", caption="So there are two tides.")
    text = read(maker.draw(still))
    assert says(text, "two high tides") and says(text, "so there are two tides")
    assert says(text, "tides")  # the segment's label
    assert not says(text, "spring tides") and not says(text, "neap tides")


def test_a_list_without_callout_reads_with_its_caption(stills):
    maker, segment = stills("- Spring tides are large.\n- Neap tides are small.\n")
    still = Still(Base(0, 2), caption="Neap tides are small.")
    text = read(maker.draw(still))
    assert says(text, "spring tides are large") and says(text, "neap tides are small")


@pytest.fixture
def disc(tmp_path) -> Path:
    """A picture whose subject is a solid red disc, on a plain light background."""
    path = tmp_path / "disc.png"
    image = Image.new("RGB", (640, 360), (200, 214, 228))
    ImageDraw.Draw(image).ellipse((220, 80, 420, 280), fill=RED)
    image.save(path)
    return path


def _red(image: Image.Image) -> np.ndarray:
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return (np.abs(pixels - RED).max(axis=2) < 12).sum()


@pytest.mark.parametrize("fit", ["cover", "contain"])
@pytest.mark.parametrize("size", [SIZE, (360, 640), (480, 480)])
def test_a_callout_leaves_the_pictures_subject_uncovered(disc, fit, size):
    from scriptreel.media.beats import picture_frame

    plain = picture_frame(disc, size, DEFAULT_THEME, fit, "Tides")
    with_callout = picture_callout_frame(
        disc, "two high tides a day", size, DEFAULT_THEME, fit, "Tides"
    )
    # The disc is all there (moved aside and smaller in a split layout, but whole): the red
    # pixels fill their bounding box as a disc does (pi / 4), with nothing drawn over them.
    assert _red(plain) and _red(with_callout) > 1000
    shown = np.asarray(with_callout.convert("RGB")).astype(int)
    red = np.abs(shown - RED).max(axis=2) < 12
    rows, cols = np.nonzero(red)
    ring = shown[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    assert (np.abs(ring - RED).max(axis=2) < 12).mean() > 0.76


def test_picture_callout_and_caption_all_read(disc):
    frame = picture_callout_frame(disc, "two high tides", SIZE, DEFAULT_THEME, "contain", "Tides")
    text = read(draw_caption(frame, "The water climbs the beach twice a day."))
    assert says(text, "two high tides")
    assert says(text, "the water climbs the beach twice a day")


def test_quote_and_caption_both_read_and_keep_apart():
    quote = quote_frame("The sea is everything.", "Jules Verne", SIZE, DEFAULT_THEME)
    text = read(draw_caption(quote, "As the captain said."))
    assert says(text, "the sea is everything") and says(text, "as the captain said")


def test_no_caption_is_burned_while_a_quote_card_shows_its_words():
    quote = Beat(BeatKind.QUOTE, Anchor(0, 0), line=3, items=("The sea is everything.",))
    timings = (SentenceTiming(0, 48000),)
    from scriptreel.media.captions import Cue

    runs = visual_runs([quote], timings, frames=50, fps=25, cues=[Cue(0.0, 2.0, "The sea")])
    assert all(run.caption is None for run in runs if run.base == Base(0))


def test_the_opening_cards_byline_stays_out_of_the_caption_band():
    title = "Why the Sea Breathes Twice a Day and What the Moon Has To Do With It"
    card = CardText(title, None, 4, "4 parts", "How the Moon moves the sea", "A. Writer · 2026")
    card = dataclasses.replace(card, captions=True)
    caption = "Twice a day the water climbs the beach, and twice a day it slips away again."
    for size in (SIZE, (1280, 720), (720, 1280), (720, 720), (1920, 1080)):
        layout = layout_card(card, size)
        _, box = layout_caption(caption, size)
        for role in ("title", "subtitle", "byline"):
            assert layout.boxes(role) or role == "subtitle", (size, role)
            for placed in layout.boxes(role):
                assert not overlaps(placed, box), (size, role)


def test_many_short_list_items_take_two_columns_on_a_wide_frame_and_one_on_a_vertical():
    from scriptreel.media.beats import list_frame

    items = ["Moon", "Sun", "Spring", "Neap", "Surge", "Bores", "Estuary", "Harbour"]
    for size, columns in (((640, 360), 2), ((360, 640), 1)):
        empty = np.asarray(list_frame("Words", items, 0, None, size).convert("L")).astype(int)
        full = np.asarray(list_frame("Words", items, 8, 7, size).convert("L")).astype(int)
        xs = np.nonzero((np.abs(full - empty) > 40).any(axis=0))[0]
        assert (xs.max() > size[0] * 0.55) == (columns == 2), size
    text = read(list_frame("Words", items, 8, 7, (640, 360)))
    assert all(says(text, item) for item in items)


def test_a_clips_callout_keeps_to_the_part_of_the_frame_its_subject_leaves_free(tmp_path):
    import subprocess

    from imageio_ffmpeg import get_ffmpeg_exe

    from scriptreel.media.callouts import quiet_zone
    from scriptreel.media.subject import clip_subject

    clip = tmp_path / "sea.mp4"
    scene = "color=c=0xa0c8e0:s=320x180:d=1,drawbox=x=0:y=110:w=320:h=70:color=0x2070b0:t=fill"
    command = [get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", scene]
    subprocess.run([*command, "-pix_fmt", "yuv420p", "-y", str(clip)], check=True)
    subject = clip_subject(clip, SIZE, "cover")
    assert subject is not None and subject[1] >= SIZE[1] * 0.5  # the sea, in the lower part
    zone = quiet_zone("two high tides", SIZE, subject, captions=True)
    assert zone is not None and zone[3] <= subject[1]  # the call-out goes in the sky
