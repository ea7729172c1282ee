"""The fonts Coordinator's PDFs draw with, and text as reportlab markup in them.

Volunteers' names come in Turkish, Vietnamese, Greek, Cyrillic, Arabic script (Arabic,
Persian, Pashto, Urdu, Sorani) and Ethiopic. reportlab's built-in Helvetica has none of the
letters past Latin-1, so the PDFs embed Noto fonts (``resources/fonts``, OFL) and split each
text into runs of one script, each run drawn in a font that has its glyphs. Arabic letters
take their joined forms through reportlab's HarfBuzz shaping (``uharfbuzz``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from reportlab.graphics import shapes
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont
from reportlab.platypus import paragraph

from coordinator_app.domain.resources import resource_dir

SANS = "CoordSans"  # Latin (Extended, Vietnamese), Greek, Cyrillic and the text around
SANS_BOLD = "CoordSans-Bold"
ARABIC = "CoordArabic"
ETHIOPIC = "CoordEthiopic"
MONO = "CoordMono"  # keys and fingerprints: ASCII only, so its file is cut to Latin-1
MONO_BOLD = "CoordMono-Bold"

# family: (regular file, bold file) in resources/fonts
_FAMILIES = {
    SANS: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ARABIC: ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ETHIOPIC: ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    MONO: ("NotoSansMono-Regular.ttf", "NotoSansMono-Bold.ttf"),
}

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ETHIOPIC = "\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f"
_JOINERS = "\u200c\u200d"  # ZWNJ/ZWJ: Persian and Kurdish spell with them inside words
# An Arabic-script run: letters and joiners, with the spaces between its words (never
# trailing ones). Up to this many words go as one unit so HarfBuzz lays the words out right
# to left too (a name, a place); reportlab has no line-level bidi without rlbidi, which is
# not on PyPI, so a longer run keeps its spaces to wrap, each word shaped on its own.
_RTL_WORDS = 6
_RUN = re.compile(
    rf"[{_ARABIC}{_JOINERS}]+(?: +[{_ARABIC}{_JOINERS}]+)*"
    rf"|[{_ETHIOPIC}]+(?:[ \u00a0]+[{_ETHIOPIC}]+)*"
)
_IS_ETHIOPIC = re.compile(f"[{_ETHIOPIC}]")


def font_files() -> list[str]:
    """Every bundled font file's path (the app registers them with Qt too)."""
    folder = resource_dir() / "fonts"
    return [str(folder / name) for pair in _FAMILIES.values() for name in pair]


class _TypedTextFont(TTFont):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font whose ToUnicode map gives back the letters as typed.

    HarfBuzz picks a joined form's glyph (initial, medial, final, a lam-alef ligature);
    reportlab names each glyph by the first character the font maps to it, a presentation
    form (U+FExx), or a private-use code when none does (Pashto's ځ, Sorani's ێ and ە have
    no presentation forms). Copied text would then hold presentation forms or nothing
    readable, so the map is rewritten to the plain letters: NFKC of a presentation form,
    the ``uniXXXX`` of a glyph's name for a private-use code. A ligature stays a
    presentation form (NFKC gives its letters).
    """

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)  # this forgets the state: the subsets are read before
        glyph_names = {code: name for name, code in getattr(self, "_TTFont__hbUnis", {}).items()}
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            name = base.decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + name]
            stream.content = _to_unicode_cmap(name, [_typed(c, glyph_names) for c in subset])


def _typed(code: int, glyph_names: dict[int, str]) -> str:
    if code in glyph_names:
        letters = re.findall(r"uni([0-9A-F]{4})", glyph_names[code].split(".")[0])
        text = "".join(chr(int(hex_code, 16)) for hex_code in letters) or chr(code)
    else:
        text = chr(code)
    if any(0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF for c in text):
        plain = unicodedata.normalize("NFKC", text)
        # A ligature (lam-alef, the name Muhammad) keeps its one code point: pdftotext
        # reverses the letters of a right-to-left word, a glyph's several letters too.
        return plain if len(plain) == len(text) else text
    return text


def _to_unicode_cmap(name: str, texts: list[str]) -> str:
    # The layout of reportlab's own makeToUnicodeCMap, with a text (UTF-16) per code.
    pairs = [f"<{i:02X}> <{t.encode('utf-16-be').hex().upper()}>" for i, t in enumerate(texts)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo\n<< /Registry ({name})\n/Ordering ({name})\n/Supplement 0\n>> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            f"1 begincodespacerange\n<00> <{len(texts) - 1:02X}>\nendcodespacerange",
            f"{len(texts)} beginbfchar",
            *pairs,
            "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend",
        ]
    )


@cache
def register() -> None:
    """Register the bundled fonts with reportlab once; each family's bold is its <b>."""
    folder = resource_dir() / "fonts"
    for family, (regular, bold) in _FAMILIES.items():
        pdfmetrics.registerFont(_TypedTextFont(family, str(folder / regular)))
        pdfmetrics.registerFont(_TypedTextFont(f"{family}-Bold", str(folder / bold)))
        # No italics are bundled: <i> keeps the upright face rather than falling back to
        # a Helvetica that lacks the letters.
        for bold_flag, italic_flag in ((0, 0), (0, 1), (1, 0), (1, 1)):
            face = f"{family}-Bold" if bold_flag else family
            addMapping(family, bold_flag, italic_flag, face)
    # A chart's drawing starts from these defaults, Helvetica's otherwise; the app is this
    # process's only user of reportlab.
    shapes.STATE_DEFAULTS["fontName"] = SANS
    paragraph.shapeFragWord = _shape_each_font


# reportlab also asks for discretionary ligatures (dlig), which no text engine turns on
# unasked: they drew "محمد" as one glyph with vowel marks nobody typed.
_FEATURES = {"kern": True, "liga": True}


def _shape_each_font(word: list[Any]) -> list[Any]:
    """reportlab's shapeFragWord, word by word, for the words of a paragraph.

    reportlab shapes a whole word with its first piece's font, so in "رضایی," the comma
    took the Arabic font's glyph number and was drawn as Noto Sans's glyph of that number
    (an ê). Each run of one font is shaped on its own here, then put back together.
    """
    pieces = word[1:]
    if not any(getattr(f, "fontName", "").startswith(ARABIC) for f, _ in pieces):
        # Only Arabic script needs shaping here (names are NFC, so Vietnamese has its
        # letters precomposed); HarfBuzz on every Latin word took 80% longer.
        return word
    if isinstance(word, ttfonts.ShapedFragWord) or (
        len({f.fontName for f, _ in pieces if not hasattr(f, "cbDefn")}) < 2
    ):
        return ttfonts.shapeFragWord(word, _FEATURES)  # type: ignore[no-any-return]
    runs: list[list[Any]] = []
    for piece in pieces:
        frag = piece[0]
        if runs and (hasattr(frag, "cbDefn") or runs[-1][-1][0].fontName == frag.fontName):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    width = 0.0
    shaped: list[Any] = []
    for run in runs:
        text_width = sum(
            pdfmetrics.stringWidth(text, f.fontName, f.fontSize)
            for f, text in run
            if not hasattr(f, "cbDefn")
        )
        if any(isinstance(text, ttfonts.ShapedStr) for _, text in run):
            out = [text_width, *run]  # shaped already (a word split over two lines)
        else:
            out = ttfonts.shapeFragWord([text_width, *run], _FEATURES)
        width += out[0]
        shaped.extend(out[1:])
    return ttfonts.makeShapedFragWord(word)([width, *shaped])  # type: ignore[no-any-return]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str, bold: bool = False) -> str:
    """``text`` as reportlab paragraph markup: escaped, and each Arabic-script or Ethiopic
    run in a font that has its letters (the rest is in the style's font, Noto Sans).
    ``bold`` when the text is in a bold style or inside <b>: a <font face> sets the face
    whole, so the run would otherwise lose the bold around it."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    end = 0
    for run in _RUN.finditer(text):
        out.append(escape(text[end : run.start()]))
        chunk = run.group()
        if _IS_ETHIOPIC.match(chunk):
            face = ETHIOPIC
        else:
            face = ARABIC
            if chunk.count(" ") < _RTL_WORDS:
                chunk = chunk.replace(" ", "\u00a0")
        face = f"{face}-Bold" if bold else face
        out.append(f'<font face="{face}">{escape(chunk)}</font>')
        end = run.end()
    out.append(escape(text[end:]))
    return "".join(out)
