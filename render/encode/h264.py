"""H.264 surgery: show an encoded picture for many frames by repeating an all-skip P frame.

The encoder codes each distinct picture once; every further frame of it is a copy of one P frame
whose macroblocks are all skipped with zero motion, so it decodes to an exact copy of the frame
before it. Only `frame_num` differs between copies, and it is a fixed-width field early in the
slice header: it is rewritten in place, without moving any later bit. This needs streams with
POC type 2 (x264 with no B-frames), so the header carries no picture order count, and one
reference frame, so a copy never changes what a later picture predicts from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

START = b"\x00\x00\x00\x01"
SLICE, IDR, SEI, SPS, PPS, AUD = 1, 5, 6, 7, 8, 9


class StreamError(ValueError):
    """The stream is not one these functions can edit (a coding feature they do not expect)."""


def nal_units(stream: bytes) -> list[bytes]:
    """The NAL units of an Annex-B stream, each without its start code (still escaped)."""
    units, at = [], stream.find(b"\x00\x00\x01")
    while at >= 0:
        begin = at + 3
        at = stream.find(b"\x00\x00\x01", begin)
        end = len(stream) if at < 0 else at
        while end > begin and stream[end - 1] == 0:  # a 4-byte start code's zero, or trailing
            end -= 1
        if end > begin:
            units.append(stream[begin:end])
    return units


def kind(nal: bytes) -> int:
    """A NAL unit's type (1 slice, 5 IDR slice, 7 SPS, 8 PPS...)."""
    return nal[0] & 0x1F


def unescape(payload: bytes) -> bytes:
    """The raw bits of a NAL payload: every emulation-prevention 0x03 after 0x0000 removed."""
    # Left-to-right, non-overlapping replacement is exactly the standard's rule: the count of
    # zeros starts again after each removed 0x03.
    return payload.replace(b"\x00\x00\x03", b"\x00\x00")


_NEEDS_ESCAPE = re.compile(b"\x00\x00(?=[\x00-\x03])")


def escape(raw: bytes) -> bytes:
    """A NAL payload from raw bits: 0x03 inserted wherever 0x0000 meets a byte up to 3."""
    escaped = _NEEDS_ESCAPE.sub(b"\x00\x00\x03", raw)
    # Trailing cabac_zero_words (0x0000) end with an 0x03 too.
    return escaped + b"\x03" if escaped.endswith(b"\x00\x00") else escaped


class _Bits:
    """Reads fixed-width and Exp-Golomb fields, most significant bit first."""

    def __init__(self, raw: bytes):
        self.raw, self.at = raw, 0

    def bits(self, count: int) -> int:
        value = 0
        for _ in range(count):
            byte = self.raw[self.at >> 3]
            value = (value << 1) | ((byte >> (7 - (self.at & 7))) & 1)
            self.at += 1
        return value

    def ue(self) -> int:
        zeros = 0
        while self.bits(1) == 0:
            zeros += 1
            if zeros > 31:
                raise StreamError("an Exp-Golomb code longer than 32 bits")
        return (1 << zeros) - 1 + self.bits(zeros)


_HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}


@dataclass(frozen=True)
class Sequence:
    """What the SPS says that matters for repeating frames."""

    frame_num_bits: int
    """Width of `frame_num` in slice headers (log2_max_frame_num)."""
    reference_frames: int
    """max_num_ref_frames: more than one lets a P frame predict from a picture before the last."""


def read_sps(sps: bytes) -> Sequence:
    """The SPS fields that repeating frames depends on; StreamError if it uses a POC lsb."""
    bits = _Bits(unescape(sps[1:]))
    profile = bits.bits(8)
    bits.bits(16)  # constraint flags and level
    bits.ue()  # seq_parameter_set_id
    if profile in _HIGH_PROFILES:
        if bits.ue() == 3:  # chroma_format_idc 4:4:4 has a separate_colour_plane flag
            if bits.bits(1):
                raise StreamError("separate colour planes")
        bits.ue(), bits.ue(), bits.bits(1)  # bit depths, transform bypass
        if bits.bits(1):
            raise StreamError("an SPS scaling matrix")
    frame_num_bits = bits.ue() + 4
    if (order := bits.ue()) != 2:
        raise StreamError(f"picture order count type {order} (B-frames?); type 2 is needed")
    return Sequence(frame_num_bits, bits.ue())


def _frame_num_at(raw: bytes) -> int:
    """Bit offset of frame_num in a slice's raw bits (after the header byte)."""
    bits = _Bits(raw)
    bits.ue(), bits.ue(), bits.ue()  # first_mb_in_slice, slice_type, pic_parameter_set_id
    return bits.at


def with_frame_num(nal: bytes, frame_num: int, width: int) -> bytes:
    """A slice NAL unit with its frame_num field set; every other bit stays where it was."""
    raw = bytearray(unescape(nal[1:]))
    at = _frame_num_at(raw)
    for bit in range(width):
        mask = 0x80 >> ((at + bit) & 7)
        if (frame_num >> (width - 1 - bit)) & 1:
            raw[(at + bit) >> 3] |= mask
        else:
            raw[(at + bit) >> 3] &= ~mask & 0xFF
    return nal[:1] + escape(bytes(raw))


def access_units(nals: Iterable[bytes]) -> list[list[bytes]]:
    """NAL units grouped per coded picture: parameter sets and SEI go with the slice after them."""
    units: list[list[bytes]] = []
    pending: list[bytes] = []
    for nal in nals:
        if kind(nal) in (SLICE, IDR):
            new_picture = not units or pending or _first_mb(nal) == 0
            if new_picture:
                units.append(pending)
                pending = []
            units[-1].append(nal)
        elif kind(nal) in (SEI, SPS, PPS, AUD):
            pending.append(nal)
    if pending:
        raise StreamError("parameter sets or SEI after the last picture")
    return units


def _first_mb(nal: bytes) -> int:
    return _Bits(unescape(nal[1:16])).ue()


def parameter_sets(nals: Iterable[bytes]) -> tuple[bytes, bytes]:
    """The (first) SPS and PPS of a stream."""
    found = {SPS: b"", PPS: b""}
    for nal in nals:
        if kind(nal) in found and not found[kind(nal)]:
            found[kind(nal)] = nal
    if not all(found.values()):
        raise StreamError("no SPS or no PPS")
    return found[SPS], found[PPS]


def repeat_pictures(pictures: list[list[bytes]], counts: list[int], skip: bytes) -> bytes:
    """An Annex-B stream showing each coded picture for its count of frames.

    `pictures` are the access units of one encode in decoding order (the first with its SPS and
    PPS); `skip` is an all-skip P slice from an encode with the same parameter sets. Every
    picture's frame_num is rewritten to its place in the new stream: 0 at an IDR, one more per
    reference picture after it, modulo MaxFrameNum.
    """
    if len(pictures) != len(counts) or min(counts, default=1) < 1:
        raise ValueError("one count of at least one frame is needed per picture")
    sps, _ = parameter_sets(pictures[0])
    sequence = read_sps(sps)
    if len(pictures) > 1 and sequence.reference_frames > 1:
        raise StreamError(f"{sequence.reference_frames} reference frames; one is needed")
    width = sequence.frame_num_bits
    copies = [START + with_frame_num(skip, n, width) for n in range(1 << width)]
    out, previous = bytearray(), -1
    for unit, count in zip(pictures, counts):
        for nal in unit:
            if kind(nal) in (SLICE, IDR):
                number = 0 if kind(nal) == IDR else (previous + 1) % (1 << width)
                out += START + with_frame_num(nal, number, width)
            else:
                out += START + nal
        if unit[-1][0] & 0x60:  # nal_ref_idc: a reference picture counts
            previous = number
        elif count > 1:
            raise StreamError("a picture shown for several frames is not a reference picture")
        for _ in range(count - 1):
            previous = (previous + 1) % (1 << width)
            out += copies[previous]
    return bytes(out)


def all_skip_slice(unit: list[bytes]) -> bytes:
    """The slice of a coded picture that repeats the one before it exactly, checked for form.

    A picture that the encoder reconstructs without loss (flat mid-grey), encoded twice, gives a
    P frame whose every macroblock is skipped with zero motion: a repeat frame for any stream
    with the same parameter sets. Here only its form is checked (one P slice, a reference).
    """
    if len(unit) != 1 or kind(unit[0]) != SLICE or not unit[0][0] & 0x60:
        raise StreamError("the repeat frame is not one P slice used for reference")
    bits = _Bits(unescape(unit[0][1:16]))
    bits.ue()
    if bits.ue() % 5 != 0:
        raise StreamError("the repeat frame is not a P slice")
    return unit[0]
