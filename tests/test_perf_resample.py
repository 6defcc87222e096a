"""Resampling a sentence to the timeline rate: exact length, faithful in band."""

from __future__ import annotations

import numpy as np
import pytest

from scriptreel.render.sound.audio import resample


@pytest.mark.parametrize("count", [1, 22049, 22050, 66151])
def test_resampled_length_is_the_exact_ratio(count):
    samples = np.zeros(count, dtype=np.int16)
    assert len(resample(samples, 22050, 48000)) == round(count * 48000 / 22050)


def test_a_tone_keeps_its_shape():
    source = np.arange(22050 * 2) / 22050
    tone = np.round(10000 * np.sin(2 * np.pi * 1000 * source)).astype(np.int16)
    out = resample(tone, 22050, 48000).astype(np.float64)
    expected = 10000 * np.sin(2 * np.pi * 1000 * np.arange(len(out)) / 48000)
    middle = slice(4800, len(out) - 4800)  # away from the edges' filter ramps
    error = np.sum((out[middle] - expected[middle]) ** 2) / np.sum(expected[middle] ** 2)
    assert 10 * np.log10(error) < -60
    assert resample(tone, 22050, 48000).dtype == np.int16
