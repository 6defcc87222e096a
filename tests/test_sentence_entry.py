"""A sentence's audio and its word times are one cache entry, so they can never mix."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from scriptreel.media.words import spoken_spans
from scriptreel.render.narration import Narrator
from scriptreel.render.store.cache import Cache
from scriptreel.render.timeline import RATE
from scriptreel.script import load_script
from tests.conftest import write
from tests.tonevoice import WordToneVoice


def _narrator(voice, cache: Cache, post) -> Narrator:
    return Narrator(voice, cache, post, {}, 0.0, 0.5, 10)


def test_two_renders_speaking_one_new_sentence_never_pair_audio_and_times(tmp_path):
    # Piper is not deterministic: two renders saying one new sentence at once produce different
    # audio. Stored as two entries, render A's audio then B's audio and times, then A's times
    # paired B's audio with A's word times.
    script = load_script(write(tmp_path / "t.md", "## A\n\nOne two three four.\n"))
    segment = script.segments[0]
    text = segment.sentences[0].text
    slow, fast = WordToneVoice(seconds_per_word=0.3), WordToneVoice(seconds_per_word=0.1)
    fast.identity = slow.identity  # the same voice, saying it differently this time
    cache = Cache(tmp_path / "cache")
    with ThreadPoolExecutor(1) as post:
        first, second = _narrator(slow, cache, post), _narrator(fast, cache, post)
        key = first.key(text)
        real_put, calls = cache.put, []

        def interleaved(*args, **kwargs):
            done = real_put(*args, **kwargs)
            calls.append(args[0])
            if len(calls) == 1:  # render B finishes while render A is half way
                second._finish(key, fast.sample_rate, *spoken_spans(fast, text))
            return done

        cache.put = interleaved
        first._finish(key, slow.sample_rate, *spoken_spans(slow, text))
        cache.put = real_put
        item = first.lay_out(segment, first.speak(segment))
    last_word_end = item.words[0][-1].end * RATE
    heard = item.offsets[0][1]
    # The words end where the audio that holds them ends (the voice adds a short tail).
    assert heard - round(0.2 * RATE) < last_word_end <= heard
