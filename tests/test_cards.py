"""Cards people would publish: drawn at the frame size, golden images, themes, pictures, scripts
that need other fonts, previews, drafts and motion."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, features

from scriptreel.media.card import CardText, layout_card, render_card
from scriptreel.media.fonts import chain, uncovered
from scriptreel.media.themes import BUILT_IN, DEFAULT_THEME, load_theme
from scriptreel.render import RenderSettings, render_video
from scriptreel.script import ScriptError, load_script
from tests.conftest import run_process, write
from tests.probe import frame_png, packets, streams
from tests.tonevoice import ToneVoice

GOLDEN = Path(__file__).resolve().parent / "golden"
CARD = CardText(
    "Why the tide comes in twice a day",
    3,
    7,
    "How the Moon Moves the Sea",
    subtitle="Gravity and distance",
)


def _picture(path: Path) -> Path:
    pixels = np.zeros((250, 400, 3), dtype=np.uint8)
    pixels[:, :, 0] = np.linspace(30, 220, 400, dtype=np.uint8)[None, :]
    pixels[:, :, 2] = np.linspace(200, 40, 250, dtype=np.uint8)[:, None]
    Image.fromarray(pixels).save(path)
    return path


def _golden_cases(tmp: Path) -> dict[str, Image.Image]:
    cases = {
        f"theme-{name}": render_card(CARD, (320, 180), theme) for name, theme in BUILT_IN.items()
    }
    cases["opening-vertical"] = render_card(
        CardText(
            "How the Moon Moves the Sea", None, 7, "7 parts", "A short explainer", "A. Writer"
        ),
        (180, 320),
    )
    cases["picture"] = render_card(
        CardText("A map of the coast", 2, 5, "Tides", image=_picture(tmp / "p.png")), (320, 180)
    )
    return cases


def test_cards_match_golden_images_within_tolerance(tmp_path):
    for name, image in _golden_cases(tmp_path).items():
        golden = GOLDEN / f"{name}.png"
        if os.environ.get("SCRIPTREEL_UPDATE_GOLDEN"):
            image.save(golden)
        expected = np.asarray(Image.open(golden).convert("RGB")).astype(int)
        actual = np.asarray(image).astype(int)
        assert actual.shape == expected.shape, name
        difference = np.abs(actual - expected)
        # FreeType versions differ in anti-aliasing: allow small, sparse differences only.
        assert difference.mean() < 2.0 and np.percentile(difference, 99) < 80, (
            name,
            difference.mean(),
        )


def test_the_built_in_themes_look_different():
    means = {
        name: np.asarray(render_card(CARD, (160, 90), theme)).mean(axis=(0, 1))
        for name, theme in BUILT_IN.items()
    }
    names = list(means)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert np.abs(means[a] - means[b]).sum() > 30, (a, b)


@pytest.mark.skipif(
    not features.check("raqm"),
    reason="Pillow has no raqm layout here: right-to-left text is not shaped",
)
def test_right_to_left_titles_are_shaped():
    from scriptreel.media.fonts import Styled

    fonts = chain(DEFAULT_THEME.title_font)
    if uncovered("مرحبا", fonts):
        pytest.skip("no Arabic font on this machine")
    styled = Styled(fonts, 48)
    joined = styled.getlength("مرحبا")
    isolated = sum(styled.getlength(c) for c in "مرحبا")
    assert joined < isolated  # shaped (joined) letters are narrower than isolated forms
    image = render_card(CardText("مرحبا بالعالم", 1, 2), (640, 360))
    assert (np.asarray(image.convert("L")) > 200).sum() > 200


def test_cjk_titles_render_where_a_cjk_font_exists():
    title = "潮汐はなぜ"
    if uncovered(title, chain(DEFAULT_THEME.title_font)):
        pytest.skip("no CJK font installed on this machine (install e.g. fonts-noto-cjk)")
    image = render_card(CardText(title, 1, 2), (640, 360))
    assert (np.asarray(image.convert("L")) > 200).sum() > 200


def test_heading_attributes_picture_and_subtitle(tmp_path):
    _picture(tmp_path / "map.png")
    script = load_script(
        write(
            tmp_path / "s.md",
            '## A Cold War bargain {image="map.png" subtitle="1947-1979" .wide}\n\nText.\n',
        )
    )
    segment = script.segments[0]
    assert (segment.title, segment.subtitle, segment.image) == (
        "A Cold War bargain",
        "1947-1979",
        (tmp_path / "map.png").resolve(),
    )


@pytest.mark.parametrize(
    "heading, message",
    [
        ('## T {image="missing.png"}', "s.md:1: picture 'missing.png' not found"),
        ('## T {imag="x.png"}', "unknown heading attribute 'imag' — did you mean 'image'?"),
    ],
)
def test_bad_heading_attributes_are_input_errors(tmp_path, heading, message):
    with pytest.raises(ScriptError) as caught:
        load_script(write(tmp_path / "s.md", heading + "\n\nText.\n"))
    assert message in caught.value.one_line()


def test_theme_file_with_colours_fonts_picture_and_logo(tmp_path):
    _picture(tmp_path / "bg.png")
    Image.new("RGBA", (60, 60), (255, 0, 0, 255)).save(tmp_path / "logo.png")
    write(
        tmp_path / "brand.toml",
        'base = "paper"\n[colors]\naccent = "#00aa55"\ntitle = "#101010"\n'
        '[fonts]\ntitle = "../../'
        + os.path.relpath(DEFAULT_THEME.text_font, tmp_path.parent.parent)
        + '"\n'
        '[background]\nimage = "bg.png"\ndim = 0.3\n'
        '[logo]\nimage = "logo.png"\ncorner = "top-left"\nsize = 0.1\n',
    )
    theme = load_theme("brand.toml", tmp_path)
    assert (
        theme.accent == (0, 170, 85)
        and theme.background_image == (tmp_path / "bg.png").resolve()
        and theme.dim == 0.3
    )
    image = np.asarray(render_card(CARD, (320, 180), theme))
    assert (image[:40, :60, 0] > 200).sum() > 50 and (
        image[:40, :60, 1] < 50
    ).sum() > 50  # the red logo, top left


@pytest.mark.parametrize(
    "text, message",
    [
        ("[colors]\naccent = 'green'\n", "brand.toml:2: colour 'green' is not #rrggbb"),
        ("[colours]\naccent = '#000000'\n", "brand.toml:1: unknown theme table or key 'colours'"),
        ("base = 'neon'\n", "brand.toml:1: unknown base theme 'neon'"),
        ("[colors\n", "brand.toml:1: not valid TOML"),
    ],
)
def test_bad_theme_files_name_the_line(tmp_path, text, message):
    write(tmp_path / "brand.toml", text)
    with pytest.raises(ScriptError) as caught:
        load_theme("brand.toml", tmp_path)
    assert message in caught.value.one_line()


def test_preview_writes_a_storyboard_without_narrating(tmp_path, cache_dir):
    write(
        tmp_path / "s.md",
        "---\nsize: 640x360\n---\n# Title\n\nIntro words.\n\n"
        "## One\n\nWords here.\n\n## Two\n\nMore words here.\n",
    )
    result = run_process("preview", "s.md", "-o", "board.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    board = Image.open(tmp_path / "board.png")
    assert board.width > 3 * 480 and "3 cards" in result.stderr
    assert not (cache_dir / "narration").exists()  # nothing was synthesized
    one = run_process("preview", "s.md", "--card", "2", "-o", "two.png", cwd=tmp_path)
    assert one.returncode == 0 and Image.open(tmp_path / "two.png").size == (640, 360)
    bad = run_process("preview", "s.md", "--card", "9", cwd=tmp_path)
    assert bad.returncode == 2 and "there is no card 9" in bad.stderr


def test_themes_command_lists_the_built_ins(tmp_path):
    result = run_process("themes", cwd=tmp_path)
    assert result.returncode == 0 and all(name in result.stdout for name in BUILT_IN)


def test_draft_renders_small_and_fast(tmp_path):
    script = write(tmp_path / "d.md", "---\nsize: 1920x1080\n---\n## A\n\nHello there.\n")
    summary = render_video(
        script, tmp_path / "d.mp4", RenderSettings(draft=True, voice=ToneVoice())
    )
    assert summary.size == (640, 360) and summary.fps == 12
    assert "640x360" in streams(tmp_path / "d.mp4").video


def test_motion_fades_through_black_and_keeps_segment_rerender(tmp_path):
    _picture(tmp_path / "p.png")
    text = (
        '---\ntitle: M\n---\n## One {image="p.png"}\n\nFirst words spoken here.\n\n'
        "## Two\n\nSecond words.\n"
    )
    settings = RenderSettings(size=(320, 180), fps=12, voice=ToneVoice(), motion=True)
    first = render_video(write(tmp_path / "a.md", text), tmp_path / "a.mp4", settings)
    boundary = first.segments[1].start
    dark = np.asarray(
        Image.open(frame_png(tmp_path / "a.mp4", boundary, tmp_path / "b.png")).convert("L")
    ).mean()
    middle = (first.segments[1].start + first.segments[1].end) / 2
    lit = np.asarray(
        Image.open(frame_png(tmp_path / "a.mp4", middle, tmp_path / "m.png")).convert("L")
    ).mean()
    assert dark < lit * 0.5  # the first frame of a segment comes up from black
    assert len(packets(tmp_path / "a.mp4", "v")) == round(first.duration * 12)
    second = render_video(
        write(tmp_path / "b.md", text.replace("Second words.", "Second words, edited.")),
        tmp_path / "b.mp4",
        settings,
    )
    assert [s.rebuilt for s in second.segments] == [False, True]


def test_emoji_are_drawn_in_colour_when_a_colour_emoji_font_is_installed():
    from scriptreel.media.fonts import is_bitmap, system_fonts

    if not any(is_bitmap(p) for p in system_fonts()):
        pytest.skip("no colour emoji font installed here (e.g. fonts-noto-color-emoji)")
    layout = layout_card(CardText("Tides 🌊 rise", 1, 2), (640, 360))
    assert not layout.dropped
    pixels = np.asarray(
        render_card(CardText("Tides 🌊 rise", 1, 2), (640, 360)).convert("RGB")
    ).astype(int)
    colourful = (np.abs(pixels[:, :, 0] - pixels[:, :, 2]) > 80).sum()
    assert colourful > 100  # the wave is blue and white, unlike the white title on navy


@pytest.mark.parametrize("number", [None, 2])
def test_rendered_card_has_the_frame_size_and_drawn_text(number):
    image = render_card(CardText("Hello world", number, 4, "Footer"), (640, 360))
    assert image.size == (640, 360) and image.mode == "RGB"
    # Title text is near-white on a dark background: some pixels must be bright.
    assert max(max(p) for p in image.getdata()) > 230
