"""Draw one frame of every layout at 16:9, 9:16 and 1:1 into a contact sheet (lookbook.png).

    python examples/lookbook.py [-o examples/lookbook.png]

Frames are drawn with the same functions a render uses, from the example's pictures and clip
(examples/media, made by make_media.py), with captions burned where a viewer would see them.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from scriptreel.media.beats import list_frame, picture_frame, quote_frame, speaker_overlay
from scriptreel.media.callouts import draw_callout, picture_callout_frame, quiet_zone
from scriptreel.media.card import CardText, draw_caption, render_card
from scriptreel.media.data_callouts import data_callout_frame
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.kinetic import KineticState, kinetic_frame
from scriptreel.media.subject import clip_subject
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render.beat_kinds import Drawing, spec_of
from scriptreel.script.markdown import parse_markdown

HERE = Path(__file__).resolve().parent

SIZES = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720)}
TITLE = "Why the Sea Breathes Twice a Day"
SEGMENT = "The Sun joins in"
LONG_LIST = [
    "New moon: Sun and Moon pull together",
    "Full moon: they pull from either side",
    "Spring tides: the largest range",
    "First quarter: the pulls cross",
    "Neap tides: the smallest range",
    "Last quarter: crossed again",
    "Storms can add a surge on top",
]


def clip_still(work: Path) -> Path:
    """The example clip's middle frame as a picture (a clip beat looks like this)."""
    import imageio_ffmpeg

    still = work / "clip.png"
    clip = HERE / "media" / "rising-tide.mp4"
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", "1.5", "-i", str(clip)]
    subprocess.run([*command, "-frames:v", "1", "-y", str(still)], check=True)
    return still


CHART = """## Some shores see far more

How high the water climbs depends on the shape of the coast.

| Shore          | Spring range |
|----------------|-------------:|
| Bay of Fundy   | 16 m         |
| Severn Estuary | 14 m         |
| Saint-Malo     | 12 m         |
| Marseille      | 0.3 m        |
{chart=bar}
"""


def chart_callout(work: Path):
    """A bar chart with a call-out beside it (the chart moves aside, never covered)."""
    source = work / "chart.md"
    source.write_text(CHART, encoding="utf-8")
    segment = parse_markdown(source).segments[-1]
    beat = segment.beats[0]

    def draw(size):
        drawing = Drawing(size, DEFAULT_THEME, segment.title, "chart.md", True)
        still = spec_of(beat).still(beat, drawing, 100)
        return data_callout_frame(still, "16 m at the Bay of Fundy", size, label=segment.title)

    return draw


def layouts(work: Path) -> dict[str, object]:
    """Each layout as a function of the frame size."""
    media = HERE / "media"
    opening = CardText(TITLE, None, 4, "4 parts", "How the Moon moves the sea", "scriptreel")
    segment = CardText(SEGMENT, 4, 4, TITLE, captions=True)
    clip = clip_still(work)
    caption = "Sailors call the big ones spring tides, and the small ones neap tides."
    chart = chart_callout(work)
    kinetic = KineticState(
        "the Sun adds a smaller stretch of its own", "two high tides a day", years=("1687",)
    )

    def captioned(image):
        return draw_caption(image, caption)

    def clip_callout(size):
        # As a render places it: beside the subject found in the clip's frames.
        phrase = "two high tides a day"
        subject = clip_subject(HERE / "media" / "rising-tide.mp4", size, "cover")
        frame = picture_frame(clip, size, label="Earth turns underneath")
        return draw_callout(frame, phrase, zone=quiet_zone(phrase, size, subject))

    def speaker(size):
        picture = picture_frame(clip, size, label="Earth turns underneath")
        layer = speaker_overlay("Rachel Carson", "marine biologist, The Sea Around Us", size)
        return Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")

    return {
        "title": lambda size: render_card(opening, size),
        "segment card + caption": lambda size: captioned(render_card(segment, size)),
        "list, short": lambda size: captioned(
            list_frame(SEGMENT, ["Spring tides: the big ones", "Neap tides: the small"], 2, 1, size)
        ),
        "list, long (no captions)": lambda size: list_frame(
            "Through a month", LONG_LIST, 7, 6, size, room_for_captions=False
        ),
        "quote": lambda size: quote_frame(
            "The sea, once it casts its spell, holds one in its net of wonder forever.",
            "— Jacques Cousteau",
            size,
        ),
        "picture + call-out + caption": lambda size: captioned(
            picture_callout_frame(
                media / "bulges.png", "two bulges", size, fit="contain", label="Two bulges, not one"
            )
        ),
        "clip + call-out + caption": lambda size: captioned(clip_callout(size)),
        "clip + caption": lambda size: captioned(
            picture_frame(clip, size, label="Earth turns underneath", credit="Clip: scriptreel")
        ),
        "chart + call-out + caption": lambda size: captioned(chart(size)),
        "text only: kinetic call-out": lambda size: captioned(
            kinetic_frame(CardText(SEGMENT, 4, 4, TITLE), kinetic, size, room_for_captions=True)
        ),
        "title over a bright picture": lambda size: render_card(
            CardText("Earth turns underneath", 3, 4, TITLE, image=clip), size
        ),
        "speaker label + caption": lambda size: captioned(speaker(size)),
    }


def contact_sheet(frames: dict[str, dict[str, Image.Image]], tile: int = 300) -> Image.Image:
    """Rows of layouts, a column per shape, each frame scaled to `tile` pixels high."""
    fonts = chain(DEFAULT_THEME.text_font)
    head = Styled(fonts, 22)
    widths = {shape: round(tile * w / h) for shape, (w, h) in SIZES.items()}
    margin, gap, caption_h = 24, 16, 30
    width = margin * 2 + 330 + sum(widths.values()) + gap * len(SIZES)
    height = margin * 2 + caption_h + len(frames) * (tile + gap)
    sheet = Image.new("RGB", (width, height), (236, 233, 226))
    draw = ImageDraw.Draw(sheet)
    x = margin + 330
    for shape in SIZES:
        head.draw(draw, (x, margin), shape, "lt", (60, 60, 60))
        x += widths[shape] + gap
    y = margin + caption_h
    for name, row in frames.items():
        head.draw(draw, (margin, y + tile / 2), name, "lm", (40, 40, 40))
        x = margin + 330
        for shape, image in row.items():
            sheet.paste(image.resize((widths[shape], tile), Image.LANCZOS), (x, y))
            x += widths[shape] + gap
        y += tile + gap
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=HERE / "lookbook.png")
    output = parser.parse_args().output
    with tempfile.TemporaryDirectory() as temp:
        frames = {
            name: {shape: draw(size) for shape, size in SIZES.items()}
            for name, draw in layouts(Path(temp)).items()
        }
    contact_sheet(frames).save(output, optimize=True)
    print(output)


if __name__ == "__main__":
    main()
