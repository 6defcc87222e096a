"""Draw the example's pictures and its short clip (run from the repository root).

Everything in examples/media/ is made here, with Pillow and ffmpeg: nothing is downloaded.
`python examples/make_media.py` writes the files again; the render needs only the results.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent / "media"
SIZE = (1280, 720)
SEA, DEEP, LAND = (52, 120, 184), (18, 44, 86), (94, 140, 88)
MOON, SUN, INK = (226, 226, 218), (255, 196, 84), (240, 244, 250)


def _sky(size=SIZE) -> Image.Image:
    image = Image.new("RGB", size, (8, 12, 30))
    draw = ImageDraw.Draw(image)
    for index in range(140):  # a fixed scatter of stars, the same every run
        x = (index * 7919) % size[0]
        y = (index * 104729) % size[1]
        shade = 120 + (index * 37) % 120
        draw.point((x, y), fill=(shade, shade, shade))
    return image


def _earth(draw: ImageDraw.ImageDraw, centre, radius, stretch=0.0, angle=0.0) -> None:
    """Earth with its ocean drawn as an ellipse stretched `stretch` along `angle`."""
    cx, cy = centre
    points = []
    for step in range(180):
        t = 2 * math.pi * step / 180
        r = radius * (1.08 + stretch * math.cos(2 * (t - angle)))
        points.append((cx + r * math.cos(t), cy + r * math.sin(t)))
    draw.polygon(points, fill=SEA)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=LAND)
    draw.ellipse(
        (cx - radius * 0.55, cy - radius * 0.7, cx + radius * 0.2, cy + radius * 0.1),
        fill=(70, 116, 72),
    )


def pull_diagram() -> Image.Image:
    """Arrows of decreasing length: the Moon pulls the near side hardest."""
    image = _sky()
    draw = ImageDraw.Draw(image)
    _earth(draw, (420, 360), 150)
    draw.ellipse((1040, 300, 1160, 420), fill=MOON)
    for x, length in ((230, 90), (420, 130), (610, 180)):
        draw.line((x, 360, x + length, 360), fill=(255, 186, 73), width=10)
        draw.polygon(
            [(x + length + 26, 360), (x + length, 346), (x + length, 374)], fill=(255, 186, 73)
        )
    return image


def bulges_diagram() -> Image.Image:
    image = _sky()
    draw = ImageDraw.Draw(image)
    _earth(draw, (520, 360), 160, stretch=0.22)
    draw.ellipse((1060, 310, 1160, 410), fill=MOON)
    return image.filter(ImageFilter.SMOOTH)


def spring_tide() -> Image.Image:
    image = _sky()
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 260, 240, 460), fill=SUN)
    _earth(draw, (640, 360), 140, stretch=0.3)
    draw.ellipse((1060, 320, 1140, 400), fill=MOON)
    return image


def _wave_frame(index: int, frames: int, size=SIZE) -> Image.Image:
    """A shoreline as the tide comes in: the water line rises over the clip. Drawn at twice the
    size and reduced, so the edges of the beach and the waves are smooth at the video's size."""
    k = 2 * size[0] / 640  # the drawing is laid out on a 640-wide grid
    big = (size[0] * 2, size[1] * 2)
    image = Image.new("RGB", big, (160, 200, 230))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 240 * k), (big[0], 170 * k), big, (0, big[1])], fill=(214, 190, 140))
    level = 300 - 90 * index / max(1, frames - 1)
    crest = [(x * k, (level + 9 * math.sin(x / 40 + index / 3)) * k) for x in range(0, 644, 4)]
    draw.polygon([(0, big[1]), *crest, big], fill=SEA)
    draw.line(crest, fill=(232, 242, 248), width=round(3 * k))  # foam along the water line
    return image.resize(size, Image.LANCZOS)


def tide_clip(path: Path, seconds: int = 4, fps: int = 24) -> None:
    """The rising-tide clip at the example's own size (1280x720), so it is never enlarged, drawn
    frame by frame and encoded with the bundled ffmpeg."""
    from imageio_ffmpeg import get_ffmpeg_exe

    frames = seconds * fps
    with tempfile.TemporaryDirectory() as folder:
        for index in range(frames):
            _wave_frame(index, frames).save(Path(folder) / f"f{index:04d}.png")
        args = [get_ffmpeg_exe(), "-v", "error", "-y", "-framerate", str(fps)]
        args += ["-i", str(Path(folder) / "f%04d.png"), "-c:v", "libx264", "-crf", "26"]
        args += ["-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path)]
        subprocess.run(args, check=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    pull_diagram().save(OUT / "pull.png", optimize=True)
    bulges_diagram().save(OUT / "bulges.png", optimize=True)
    spring_tide().save(OUT / "spring-tide.png", optimize=True)
    tide_clip(OUT / "rising-tide.mp4")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
