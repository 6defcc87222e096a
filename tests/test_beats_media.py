"""Still frames for beats: pictures with label and credit, lists, quotes and call-outs."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFile

from scriptreel.media.beats import label_box, list_frame, picture_frame, picture_layers, quote_frame
from scriptreel.media.callouts import callout_overlay, draw_callout
from scriptreel.media.card import caption_overlay
from scriptreel.media.errors import MediaInputError
from scriptreel.media.framing import MAX_PIXELS, caption_top, fitted, open_picture, safe_box
from scriptreel.media.grid import Grid
from scriptreel.media.themes import BUILT_IN, DEFAULT_THEME

SIZE = (320, 180)
TALL = (180, 320)
BACKGROUND = DEFAULT_THEME.background_top


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB")).astype(int)


@pytest.fixture
def square(tmp_path):
    """A 200x200 picture in a colour no theme uses."""
    path = tmp_path / "square.png"
    Image.new("RGB", (200, 200), (40, 200, 90)).save(path)
    return path


def test_fit_arithmetic():
    assert fitted((200, 200), (320, 180), "contain") == (180, 180, 70, 0)
    assert fitted((200, 200), (320, 180), "cover") == (320, 320, 0, -70)
    with pytest.raises(ValueError):
        fitted((2, 2), (4, 4), "stretch")


def test_contain_sits_in_the_picture_zone_on_the_theme_background(square):
    frame = pixels(picture_frame(square, SIZE, DEFAULT_THEME, "contain"))
    left, top, right, bottom = (round(v) for v in Grid(SIZE, captions=True).picture())
    green = np.argwhere(np.abs(frame - (40, 200, 90)).max(axis=2) <= 1)
    assert green[:, 0].min() >= top and green[:, 0].max() < bottom  # clear of the captions
    assert green[:, 1].min() > left and green[:, 1].max() < right
    side = (bottom - top) // 2 - 2
    middle = SIZE[0] // 2
    assert (
        np.abs(frame[top + 2 : bottom - 2, middle - side : middle + side] - (40, 200, 90)).max()
        <= 1
    )
    assert np.abs(frame[:, :60] - BACKGROUND).max() <= 1  # bar on the left
    assert np.abs(frame[:, -60:] - BACKGROUND).max() <= 1  # and on the right


def test_cover_fills_the_frame_without_bars(square):
    frame = pixels(picture_frame(square, SIZE, DEFAULT_THEME, "cover"))
    assert np.abs(frame - (40, 200, 90)).max() <= 1


def test_label_and_credit_stay_in_the_safe_area(square):
    plain = pixels(picture_frame(square, SIZE, DEFAULT_THEME, "cover"))
    for size in (SIZE, TALL):
        plain = pixels(picture_frame(square, size, DEFAULT_THEME, "cover"))
        drawn = pixels(
            picture_frame(square, size, DEFAULT_THEME, "cover", "How tides work", "Photo: NASA")
        )
        changed = np.argwhere(np.abs(drawn - plain).max(axis=2) > 8)
        left, top, right, bottom = safe_box(size)
        assert changed[:, 1].min() >= left - 1 and changed[:, 1].max() <= right + 1
        assert changed[:, 0].min() >= top - 1 and changed[:, 0].max() <= bottom + 1
        upper = changed[changed[:, 0] < size[1] / 2]
        lower = changed[changed[:, 0] >= size[1] / 2]
        assert upper[:, 1].min() < size[0] / 3  # the label, top left
        assert lower[:, 1].min() > size[0] / 2  # the credit, bottom right
        assert lower[:, 0].min() > caption_top(size, DEFAULT_THEME)  # below the captions


def test_layers_leave_the_picture_bare_for_a_push_in(square):
    picture, overlay = picture_layers(square, SIZE, DEFAULT_THEME, "cover", "Tides", "NASA", 1.1)
    assert picture.size == (352, 198) and picture.mode == "RGB"
    assert overlay.size == SIZE and overlay.mode == "RGBA"
    assert overlay.getchannel("A").getbbox() is not None


def test_huge_picture_is_refused_before_decoding(tmp_path, monkeypatch):
    path = tmp_path / "huge.png"
    Image.new("1", (12000, 12000)).save(path)
    assert 12000 * 12000 > MAX_PIXELS

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("decoded a picture that should have been refused")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(MediaInputError, match="megapixels") as caught:
        picture_frame(path, SIZE, DEFAULT_THEME, "cover", where="talk.md:7")
    assert caught.value.where == "talk.md:7"


def test_not_a_picture_is_refused(tmp_path):
    path = tmp_path / "map.png"
    path.write_text("no pixels here")
    with pytest.raises(MediaInputError):
        picture_frame(path, SIZE)


def test_exif_orientation_is_applied(tmp_path):
    # Stored landscape with the left half red; orientation 6 shows it turned a quarter clockwise.
    stored = Image.new("RGB", (200, 100), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    stored.save(path, exif=exif, quality=95)
    upright = open_picture(path, (100, 200))
    assert upright.size == (100, 200)
    top, low = upright.getpixel((50, 30)), upright.getpixel((50, 170))
    assert top[0] > 200 and top[2] < 60 and low[2] > 200 and low[0] < 60


def test_big_jpeg_is_decoded_small(tmp_path):
    path = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (200, 50, 50)).save(path, quality=80)
    picture = open_picture(path, SIZE)
    assert SIZE[0] <= picture.width < 1000 and SIZE[1] <= picture.height < 750


def region(image: Image.Image, box) -> np.ndarray:
    return pixels(image.crop(box))


def test_list_builds_up_with_the_current_item_highlighted():
    items = ["Tides rise twice a day", "The Moon pulls", "Spring tides", "Neaps"]
    none = list_frame("Why tides", items, 0, None, SIZE)
    three = list_frame("Why tides", items, 3, 2, SIZE)
    four = list_frame("Why tides", items, 4, 3, SIZE)
    diff = np.abs(pixels(three) - pixels(none)).max(axis=2) > 30
    rows = np.flatnonzero(diff.any(axis=1))
    assert len(rows) and rows.max() < caption_top(SIZE, DEFAULT_THEME)
    # Item 3 was current, then read: it changes from the accent colour to a dimmer one.
    accent = np.array(DEFAULT_THEME.accent)
    near_accent = (np.abs(pixels(three) - accent).max(axis=2) < 40).sum()
    assert near_accent > 30
    moved = np.abs(pixels(four) - pixels(three)).max(axis=2) > 30
    assert moved[rows.min() : rows.max() + 1].any()  # the third item's colour changed
    assert moved[rows.max() + 1 :].any()  # and the fourth appeared below


def test_items_do_not_move_as_more_appear():
    items = ["One", "Two", "Three"]
    first = pixels(list_frame("List", items, 1, 0, SIZE))
    later = pixels(list_frame("List", items, 3, 0, SIZE))
    rows = np.flatnonzero(
        (np.abs(first - pixels(list_frame("List", items, 0, None, SIZE))) > 30).any(axis=(1, 2))
    )
    assert np.array_equal(first[rows.min() : rows.max() + 1], later[rows.min() : rows.max() + 1])


@pytest.mark.parametrize("size", [SIZE, (640, 360)])
def test_long_lists_shrink_to_fit(size):
    items = [f"Item number {n} with a fairly long description that wraps" for n in range(12)]
    empty = pixels(list_frame("Many", items, 0, None, size))
    full = pixels(list_frame("Many", items, 12, 11, size))
    changed = np.argwhere(np.abs(full - empty).max(axis=2) > 30)
    left, top, right, _ = safe_box(size)
    assert changed[:, 0].max() < caption_top(size, DEFAULT_THEME)
    assert changed[:, 1].min() >= left - 1 and changed[:, 1].max() <= right + 1
    if size != SIZE:  # big enough for all twelve: the last, current one is on screen
        assert (np.abs(full - np.array(DEFAULT_THEME.accent)).max(axis=2) < 40).sum() > 10


def test_quote_card_shows_mark_text_and_attribution():
    theme = BUILT_IN["paper"]
    said = pixels(
        quote_frame(["The sea holds one", "in its net of wonder."], "— Cousteau", SIZE, theme)
    )

    def rows(colour) -> np.ndarray:
        return np.flatnonzero((np.abs(said - np.array(colour)).max(axis=2) < 40).any(axis=1))

    text, accent = rows(theme.title_color), rows(theme.accent)
    assert len(text) and len(accent)
    assert accent.min() < text.min()  # the quotation mark above the quote
    assert accent.max() > text.max()  # the attribution below it
    assert accent.max() < caption_top(SIZE, theme)


@pytest.mark.parametrize("size", [SIZE, TALL, (1280, 720), (1080, 1920)])
def test_callout_keeps_clear_of_captions_and_label(size):
    layer = callout_overlay("384,400 km", size, DEFAULT_THEME, label="How far is the Moon")
    left, top, right, bottom = layer.getchannel("A").getbbox()
    caption = caption_overlay("The Moon is 384,400 km away, on average, from us", size)
    assert bottom <= caption.getchannel("A").getbbox()[1]
    assert top >= label_box(size, DEFAULT_THEME, "How far is the Moon")[3]
    safe = safe_box(size)
    assert left >= safe[0] - 1 and right <= safe[2] + 1


def test_draw_callout_returns_an_rgb_copy():
    card = Image.new("RGB", SIZE, (0, 0, 0))
    drawn = draw_callout(card, "Three billion", DEFAULT_THEME)
    assert drawn.mode == "RGB" and drawn.size == SIZE and drawn.getbbox() is not None
    assert card.getbbox() is None


def test_long_callout_is_cut_to_fit():
    phrase = "an extraordinarily long phrase " * 8
    box = callout_overlay(phrase, SIZE).getchannel("A").getbbox()
    assert box[3] <= caption_top(SIZE, DEFAULT_THEME)


def test_frames_are_deterministic(square):
    first = picture_frame(square, SIZE, DEFAULT_THEME, "contain", "Tides", "NASA")
    again = picture_frame(square, SIZE, DEFAULT_THEME, "contain", "Tides", "NASA")
    assert first.tobytes() == again.tobytes()
    items = ["a", "b"]
    assert (
        list_frame("T", items, 2, 1, SIZE).tobytes() == list_frame("T", items, 2, 1, SIZE).tobytes()
    )


def test_right_to_left_label_hangs_from_the_right():
    box = label_box(
        SIZE, DEFAULT_THEME, "\u0627\u0644\u0645\u062f \u0648\u0627\u0644\u062c\u0632\u0631"
    )
    assert box[2] == pytest.approx(safe_box(SIZE)[2], abs=1)


def test_label_no_font_can_draw_leaves_no_empty_panel():
    from scriptreel.media.beats import label_overlay

    assert label_overlay(SIZE, DEFAULT_THEME, "\U0010fffd\U0010fffd", "").getbbox() is None
