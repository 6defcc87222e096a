"""User pictures and fonts: refused with the file named before anything is decoded or drawn,
and big pictures opened no larger than a card needs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from scriptreel.media.card import CardText, render_card
from scriptreel.media.errors import MediaInputError
from scriptreel.media.pictures import (
    MAX_ASPECT,
    MAX_PIXELS,
    check_picture,
    open_picture,
    shown_scale,
    soft_warning,
)
from scriptreel.media.themes import DEFAULT_THEME, load_theme
from tests.conftest import run_process, write


def _photo(path: Path, size=(400, 250), **save) -> Path:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.save(path, **save)
    return path


def _truncated(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _refused(path: Path, where: str | None = None) -> MediaInputError:
    with pytest.raises(MediaInputError) as caught:
        check_picture(path, where)
    assert caught.value.exit_code == 2
    return caught.value


def test_a_good_picture_reports_its_size(tmp_path):
    assert check_picture(_photo(tmp_path / "p.png")) == (400, 250)
    assert check_picture(_photo(tmp_path / "p.jpg", (640, 480))) == (640, 480)


def test_text_file_named_png_is_refused_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "p.png", "x\n")
    error = _refused(tmp_path / "p.png")
    assert error.where == "p.png" and "is not an image" in error.problem
    assert error.one_line().startswith("p.png: picture 'p.png' is not an image")


@pytest.mark.parametrize("kind", ["png", "jpg"])
def test_truncated_picture_is_refused(tmp_path, kind):
    whole = _photo(tmp_path / f"whole.{kind}", (800, 600))
    error = _refused(_truncated(tmp_path / f"cut.{kind}", whole))
    assert "truncated or corrupt" in error.problem or "cannot be read" in error.problem


def test_decompression_bomb_is_refused_before_decoding(tmp_path, monkeypatch):
    # 144 megapixels in a file of a few kilobytes: decoding it would take gigabytes.
    Image.new("1", (12000, 12000)).save(tmp_path / "bomb.png")

    def decoded(self, *args, **kwargs):
        raise AssertionError("the picture was decoded, not refused from its header")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decoded)
    monkeypatch.setattr(Image.Image, "load", decoded)
    error = _refused(tmp_path / "bomb.png")
    assert (
        "12000x12000" in error.problem and f"{MAX_PIXELS // 1_000_000} megapixels" in error.problem
    )


def test_picture_just_over_the_limit_is_refused(tmp_path):
    Image.new("1", (8000, 5001)).save(tmp_path / "big.png")
    assert "megapixels" in _refused(tmp_path / "big.png").problem


def test_sixteen_bit_grey_picture_is_refused_for_its_mode(tmp_path):
    Image.new("I;16", (20, 20)).save(tmp_path / "grey16.png")
    assert "pixel mode 'I;16'" in _refused(tmp_path / "grey16.png").problem


def test_where_names_the_place_in_the_script(tmp_path):
    write(tmp_path / "p.png", "x\n")
    error = _refused(tmp_path / "p.png", "talk.md:3")
    assert error.one_line().startswith("talk.md:3: picture 'p.png'")


def test_big_jpeg_is_decoded_small_enough_for_the_card(tmp_path):
    path = _photo(tmp_path / "big.jpg", (4000, 3000), quality=70)
    picture = open_picture(path, (320, 180))
    assert picture.mode == "RGB"
    assert picture.width >= 320 and picture.height >= 180  # still covers the card
    assert picture.width <= 640 and picture.height <= 480  # never near full size


def test_big_png_is_reduced_before_anything_else_happens(tmp_path):
    path = _photo(tmp_path / "big.png", (3000, 2000))
    picture = open_picture(path, (300, 100))
    assert picture.size == (300, 200)  # reduced by a whole factor of 10, still covering


def test_small_picture_is_kept_at_its_own_size(tmp_path):
    assert open_picture(_photo(tmp_path / "p.png"), (1920, 1080)).size == (400, 250)


def test_exif_rotated_photo_is_upright_and_covers_the_card(tmp_path):
    stored = Image.new("RGB", (2000, 1000), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 1000, 1000))  # the left half red
    exif = stored.getexif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: the red half on top
    stored.save(tmp_path / "r.jpg", exif=exif)
    picture = open_picture(tmp_path / "r.jpg", (100, 100))
    assert picture.width < picture.height and min(picture.size) >= 100
    top, bottom = (
        picture.getpixel((picture.width // 2, 5)),
        picture.getpixel((5, picture.height - 5)),
    )
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]


def test_logo_opens_with_its_transparency(tmp_path):
    Image.new("RGBA", (60, 60), (255, 0, 0, 0)).save(tmp_path / "logo.png")
    logo = open_picture(tmp_path / "logo.png", (1, 20), "RGBA")
    assert logo.mode == "RGBA" and logo.getpixel((0, 0))[3] == 0


def test_card_with_a_picture_that_is_not_an_image_is_an_input_error(tmp_path):
    write(tmp_path / "fake.png", "not a picture\n")
    with pytest.raises(MediaInputError, match="is not an image"):
        render_card(CardText("Map", 1, 2, image=tmp_path / "fake.png"), (320, 180))


def test_theme_font_that_is_not_a_font_names_the_theme_line(tmp_path):
    write(tmp_path / "Brand.ttf", "not a font\n")
    write(tmp_path / "brand.toml", '[colors]\naccent = "#00aa55"\n[fonts]\ntitle = "Brand.ttf"\n')
    with pytest.raises(MediaInputError) as caught:
        load_theme("brand.toml", tmp_path)
    assert caught.value.exit_code == 2
    assert caught.value.where.endswith("brand.toml:4")
    assert "'Brand.ttf' is not a font file" in caught.value.problem


def test_theme_picture_that_is_not_an_image_names_the_theme_line(tmp_path):
    write(tmp_path / "bg.png", "not a picture\n")
    write(tmp_path / "brand.toml", '[background]\nimage = "bg.png"\n')
    with pytest.raises(MediaInputError) as caught:
        load_theme("brand.toml", tmp_path)
    assert caught.value.where.endswith("brand.toml:2") and "'bg.png'" in caught.value.problem


def test_extra_font_that_is_not_a_font_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "fallback.ttf", "not a font\n")
    with pytest.raises(MediaInputError) as caught:
        load_theme(None, extra_fonts=(Path("fallback.ttf"),))
    assert caught.value.one_line().startswith("fallback.ttf: 'fallback.ttf' is not a font file")


def test_real_fonts_still_load(tmp_path):
    theme = load_theme(None, extra_fonts=(DEFAULT_THEME.text_font,))
    assert theme.extra_fonts == (DEFAULT_THEME.text_font.resolve(),)


SCRIPT = '# Tides\n\nThe sea rises.\n\n## The map {image="fake.png"}\n\nWords here.\n'


def test_preview_of_a_picture_that_is_not_an_image_is_one_line_exit_2(tmp_path):
    write(tmp_path / "s.md", SCRIPT)
    write(tmp_path / "fake.png", "x\n")
    result = run_process("preview", "s.md", "-o", "board.png", "--size", "320x180", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    # Named where the script asks for it, found before any card is drawn.
    assert lines[0].startswith("error: s.md:5: picture 'fake.png' is not an image")
    assert not (tmp_path / "board.png").exists()


def test_preview_with_a_font_that_is_not_a_font_is_one_line_exit_2(tmp_path):
    write(tmp_path / "s.md", SCRIPT.replace(' {image="fake.png"}', ""))
    write(tmp_path / "notafont.ttf", "x\n")
    result = run_process(
        "preview", "s.md", "--font", "notafont.ttf", "--size", "320x180", cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: notafont.ttf: 'notafont.ttf' is not a")


def test_edited_card_picture_is_read_again_in_the_same_process(tmp_path):
    from scriptreel.media.card import render_background

    path = tmp_path / "p.png"
    card = CardText("Map", 1, 2, image=path)
    Image.new("RGB", (64, 36), (255, 0, 0)).save(path)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    red = render_background(card, (64, 36)).getpixel((32, 18))
    Image.new("RGB", (64, 36), (0, 0, 255)).save(path)
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    blue = render_background(card, (64, 36)).getpixel((32, 18))
    assert red[0] > red[2] and blue[2] > blue[0]


@pytest.mark.parametrize("size", [(1, 6000), (1, 100000), (1_000_000, 1), (1100, 100)])
def test_a_strip_too_thin_to_fit_a_frame_is_refused_before_it_is_scaled(tmp_path, size):
    path = tmp_path / "strip.png"
    Image.new("RGB", size, (200, 40, 40)).save(path)
    refused = _refused(path, "s.md:5")
    assert refused.where == "s.md:5" and f"{size[0]}x{size[1]}" in refused.problem
    assert f"more than {MAX_ASPECT} times as long" in refused.problem


def test_a_long_panorama_within_the_limit_is_kept(tmp_path):
    assert check_picture(_photo(tmp_path / "wide.png", (1000, 100))) == (1000, 100)


def test_soft_warning_says_how_large_it_is_shown():
    text = soft_warning("harbour.mp4", (640, 360), (1280, 720), "cover")
    assert text == "harbour.mp4 is 640x360, shown at 1280x720: it will look soft"
    assert soft_warning("map.png", (1280, 720), (1280, 720), "cover") is None
    assert soft_warning("map.png", (900, 500), (1280, 720), "contain") is None  # 1.42 times
    assert shown_scale((100, 400), (320, 180), "contain") == 0.45


def test_check_and_render_warn_once_of_a_picture_shown_soft(tmp_path):
    _photo(tmp_path / "small.png", (64, 36))
    _photo(tmp_path / "big.png", (640, 360))
    write(
        tmp_path / "s.md",
        "## A\n\nOne.\n\n![a](small.png)\n\nTwo.\n\n![b](big.png)\n\nThree.\n\n![a](small.png)\n",
    )
    from scriptreel.render.cli.checks import card_problems
    from scriptreel.script import load_script

    result = run_process("check", "s.md", "--size", "320x180", cwd=tmp_path)
    soft = [line for line in result.stderr.splitlines() if "soft" in line]
    assert soft == [
        "warning: s.md:5: small.png is 64x36, shown at 320x180: it will look soft"
        " — use one made at the size of the video or larger"
    ]
    printed = card_problems(load_script(tmp_path / "s.md"), (320, 180))
    assert [line for line in printed if "soft" in line] == [
        f"{tmp_path / soft[0].removeprefix('warning: ')}"
    ]
