"""The bitstream edits of render.h264: escaping, frame_num in place, and the repeated stream."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scriptreel.render.encode import h264
from scriptreel.render.encode.assemble import _TO_YUV, Encoder, _x264_args, ffmpeg_exe


def _encode(pictures: int, extra: list[str] | None = None, size: str = "64x48") -> bytes:
    """Annex-B H.264 of `pictures` frames of a moving test pattern, with the chunks' settings."""
    args = [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", f"testsrc2=s={size}:r=30"]
    args += ["-vf", _TO_YUV, *_x264_args(30, Encoder(), 1000, "h264"), *(extra or [])]
    args += ["-frames:v", str(pictures), "pipe:1"]
    return subprocess.run(args, capture_output=True, check=True).stdout


def _frame_nums(stream: bytes) -> list[int]:
    nals = h264.nal_units(stream)
    width = h264.read_sps(h264.parameter_sets(nals)[0]).frame_num_bits
    numbers = []
    for nal in nals:
        if h264.kind(nal) in (h264.SLICE, h264.IDR):
            raw = h264.unescape(nal[1:])
            at = h264._frame_num_at(raw)
            value = int.from_bytes(raw[:8].ljust(8, b"\0"), "big") >> (64 - at - width)
            numbers.append(value & ((1 << width) - 1))
    return numbers


@given(st.binary(max_size=64))
def test_escape_then_unescape_gives_the_bytes_back(raw):
    escaped = h264.escape(raw)
    assert h264.unescape(escaped) == raw
    for bad in (b"\x00\x00\x00", b"\x00\x00\x01", b"\x00\x00\x02"):
        assert bad not in escaped
    assert not escaped.endswith(b"\x00\x00")


@pytest.mark.parametrize(
    "raw, escaped",
    [
        (b"\x00\x00\x01", b"\x00\x00\x03\x01"),
        (b"\x00\x00\x00\x00", b"\x00\x00\x03\x00\x00\x03"),
        (b"\x00\x00\x03\x00", b"\x00\x00\x03\x03\x00"),
        (b"\x05\x00\x00", b"\x05\x00\x00\x03"),
        (b"\x00\x00\x04", b"\x00\x00\x04"),
    ],
)
def test_emulation_prevention_follows_the_standard(raw, escaped):
    assert h264.escape(raw) == escaped


def test_every_x264_nal_unit_survives_unescape_and_escape():
    for nal in h264.nal_units(_encode(5)):
        assert h264.escape(h264.unescape(nal[1:])) == nal[1:]


def test_x264_without_b_frames_has_poc_type_2_and_one_reference():
    sequence = h264.read_sps(h264.parameter_sets(h264.nal_units(_encode(2)))[0])
    assert sequence.reference_frames == 1 and sequence.frame_num_bits >= 4


def test_b_frames_are_refused_with_the_reason():
    stream = _encode(4, ["-bf", "2"])
    with pytest.raises(h264.StreamError, match="order count type 0"):
        h264.read_sps(h264.parameter_sets(h264.nal_units(stream))[0])


def test_frame_num_is_rewritten_in_place():
    nal = h264.access_units(h264.nal_units(_encode(3)))[2][0]
    for number in range(16):
        edited = h264.with_frame_num(nal, number, 4)
        assert _frame_nums(h264.START.join([b"", *_parameter_sets(), edited])) == [number]
        raw, before = h264.unescape(edited[1:]), h264.unescape(nal[1:])
        at = h264._frame_num_at(raw)
        assert len(raw) == len(before) and raw[(at + 4) // 8 + 1 :] == before[(at + 4) // 8 + 1 :]


def _parameter_sets() -> tuple[bytes, bytes]:
    return h264.parameter_sets(h264.nal_units(_encode(1)))


def test_repeated_stream_counts_frame_num_from_each_idr_and_wraps():
    units = h264.access_units(h264.nal_units(_encode(3)))
    skip = units[2][-1]  # any P slice will do for numbering
    stream = h264.repeat_pictures(units[:2], [20, 3], skip)
    assert _frame_nums(stream) == [n % 16 for n in range(23)]


def test_counts_must_match_the_pictures():
    units = h264.access_units(h264.nal_units(_encode(2)))
    with pytest.raises(ValueError):
        h264.repeat_pictures(units, [3], units[1][-1])
    with pytest.raises(ValueError):
        h264.repeat_pictures(units, [3, 0], units[1][-1])


def test_an_idr_slice_is_not_taken_for_a_repeat_frame():
    units = h264.access_units(h264.nal_units(_encode(1)))
    with pytest.raises(h264.StreamError):
        h264.all_skip_slice(units[0])
