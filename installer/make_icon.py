"""Draw Coordinator's icon: resources/icons/coordinator.png (256 px) and coordinator.ico
(16 to 256 px, for the Windows executable, the Start menu and Add/Remove Programs).

    .venv/bin/python installer/make_icon.py

The files are committed; run this again only to change the design. Drawn from shapes, not
a font, so it looks the same on every machine that runs it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
NHS_BLUE = (0, 94, 184, 255)
WHITE = (255, 255, 255, 255)
WARM_YELLOW = (255, 184, 28, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 1024) -> Image.Image:
    """At 1024 px, scaled down afterwards so the small sizes stay smooth."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = size / 16
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=int(3 * unit), fill=NHS_BLUE)
    # A thick "C": an open ring, its gap facing right.
    ring = (3 * unit, 3 * unit, 13 * unit, 13 * unit)
    pen.arc(ring, start=45, end=315, fill=WHITE, width=int(2.6 * unit))
    # A dot in the gap: the person the coordinator supports.
    centre, radius = (11.6 * unit, 8 * unit), 1.5 * unit
    pen.ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
        fill=WARM_YELLOW,
    )
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "coordinator.png", optimize=True)
    big.save(OUT / "coordinator.ico", sizes=ICO_SIZES)
    print(OUT / "coordinator.png")
    print(OUT / "coordinator.ico")


if __name__ == "__main__":
    main()
