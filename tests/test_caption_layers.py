"""Captions composited over their visible box alone give the pixels of compositing the whole
frame; the spoken form of a sentence is worked out once per process and lexicon."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from scriptreel.media.card import caption_overlay, draw_caption, paste_visible, visible_part
from scriptreel.media.speech import spoken_words
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.media.word_captions import draw_word_caption, word_caption_overlay

TEXT = "A lone cyclist rebuilt the cost of winter grain in 1887, long before anyone cared."


def _whole_frame(picture: Image.Image, layer: Image.Image) -> np.ndarray:
    return np.asarray(Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB"))


@pytest.mark.parametrize("size", [(320, 180), (180, 320), (640, 360)])
@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_caption_over_its_box_is_the_whole_frame_composite(size, mode):
    noise = np.random.default_rng(3).integers(0, 256, (size[1], size[0], len(mode)), np.uint8)
    picture = Image.fromarray(noise).convert(mode)
    line = _whole_frame(picture, caption_overlay(TEXT, size, DEFAULT_THEME))
    assert np.array_equal(np.asarray(draw_caption(picture, TEXT)), line)
    assert np.array_equal(np.asarray(draw_caption(picture, TEXT)), line)  # drawn once, kept
    words = ["long", "before", "anyone", "☕"]
    layer = word_caption_overlay(words, 1, size, DEFAULT_THEME, None)
    assert np.array_equal(
        np.asarray(draw_word_caption(picture, words, 1)), _whole_frame(picture, layer)
    )
    assert draw_caption(picture, TEXT) is not draw_caption(picture, TEXT)  # each a copy


def test_a_layer_that_shows_nothing_leaves_the_picture_as_it_was():
    picture = Image.new("RGBA", (64, 36), (10, 20, 30, 40))
    clear = visible_part(Image.new("RGBA", (64, 36), (255, 255, 255, 0)))
    assert clear == (None, None)
    kept = paste_visible(picture, *clear)
    assert kept.mode == "RGB" and kept.getpixel((5, 5)) == (10, 20, 30)


def test_the_spoken_form_is_kept_per_lexicon():
    plain = spoken_words("Dr. Hale paid $9 in 1887.")
    assert spoken_words("Dr. Hale paid $9 in 1887.") is plain
    other = spoken_words("Dr. Hale paid $9 in 1887.", {"Hale": "Hail"})
    assert "Hail" in other.text and "Hail" not in plain.text
