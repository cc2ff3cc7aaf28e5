"""Bytes to text: recognise binary content and decode text in the encodings news files come in."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# Magic numbers of formats that people save or download with a text extension by mistake.
MAGIC: dict[bytes, str] = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"PK\x03\x04": "ZIP archive (or DOCX/XLSX)",
    b"\x1f\x8b": "gzip archive",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "MS Office document",
    b"7z\xbc\xaf": "7-Zip archive",
    b"BZh": "bzip2 archive",
}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x08\x1b")
# Text in any 8-bit encoding has almost no C0 control bytes; random or binary data has about 12 %.
MAX_CONTROL_RATIO = 0.02
MAX_UNPRINTABLE_RATIO = 0.05
_SAMPLE_BYTES = 65_536
# Western news is the common non-UTF-8 case, and charset_normalizer cannot tell cp1252 from cp1250 on
# short texts; prefer cp1252 when it decodes the bytes just as well as the best guess.
_PREFERRED_LEGACY = "cp1252"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Result of `decode_bytes`: the text and its encoding, or the reason the bytes are not text."""

    text: str | None
    encoding: str | None = None
    problem: str | None = None
    check: str | None = None


def sniff_binary(data: bytes) -> str | None:
    """What binary format `data` starts with (from its magic number), or None."""
    for magic, name in MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark at the start of `data`, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of a text file, or say why they are not text.

    Order: binary magic numbers; a byte-order mark (UTF-8, UTF-16, UTF-32); NUL or control bytes
    (binary, or UTF-16 without a BOM); strict UTF-8; then charset_normalizer's best guess. A result that
    is still mostly unprintable is refused.
    """
    kind = sniff_binary(data)
    if kind is not None:
        return Decoded(None, problem=f"binary content ({kind}), not text", check="not_binary")
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return _checked(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            return Decoded(
                None,
                problem=f"starts with a {encoding} byte-order mark but is not valid "
                f"{encoding} ({exc.reason} at byte {exc.start})",
                check="decodable",
            )
    if b"\x00" in data:
        return Decoded(
            None,
            problem="contains NUL bytes: binary content, or UTF-16 text without a byte-order mark",
            check="not_binary",
        )
    sample = data[:_SAMPLE_BYTES]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if controls > MAX_CONTROL_RATIO * len(sample):
        return Decoded(
            None,
            problem=f"mostly non-printable bytes ({controls} control bytes in the first "
            f"{len(sample)}): binary content, not text",
            check="not_binary",
        )
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    guess = _guess_encoding(data)
    if guess is None:
        return Decoded(None, problem="not UTF-8 and no other text encoding fits", check="decodable")
    try:
        return _checked(data.decode(guess), guess)
    except (UnicodeDecodeError, LookupError) as exc:
        return Decoded(None, problem=f"not UTF-8, and decoding as {guess} failed ({exc})", check="decodable")


def _guess_encoding(data: bytes) -> str | None:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        tied = abs(match.chaos - best.chaos) < 1e-6 and abs(match.coherence - best.coherence) < 1e-6
        if tied and _PREFERRED_LEGACY in match.could_be_from_charset:
            return _PREFERRED_LEGACY
    return best.encoding


def _checked(text: str, encoding: str) -> Decoded:
    if not text:
        return Decoded(text, encoding)
    sample = text[:_SAMPLE_BYTES]
    bad = sum(1 for char in sample if _unprintable(char))
    if bad > MAX_UNPRINTABLE_RATIO * len(sample):
        return Decoded(
            None,
            encoding,
            problem=f"decodes as {encoding} but {bad} of the first "
            f"{len(sample)} characters are unprintable: garbled or binary content",
            check="decodable",
        )
    return Decoded(text, encoding)


def _unprintable(char: str) -> bool:
    if char in "\t\n\r\x0c":
        return False
    return char == "\ufffd" or unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"}
