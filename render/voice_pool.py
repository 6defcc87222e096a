"""A render's new sentences spoken by several processes at once, when the machine has the cores.

A voice speaks one sentence after another and a Piper session gains little past two threads, so
on a machine with many cores one render leaves most of them idle. Here the sentences the cache
lacks are handed, in script order, to helper processes that each load the voice once; the
narrator then finishes (resamples, normalises, caches) each one as before. Only a voice whose
samples do not depend on what its process said before (Capabilities.repeatable) is shared out,
so the audio is the same, byte for byte, whatever the number of processes.
"""

from __future__ import annotations

import pickle
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import current_process, get_context

from scriptreel.media.words import spoken_spans
from scriptreel.render.machine import available_memory, cores

VOICE_MEMORY = 500 * 2**20
"""Memory planned per voice process: a loaded Piper voice and its arena at a long sentence's
peak (about 420 MB) and the interpreter."""

SENTENCES_PER_PROCESS = 8
"""Fewest new sentences worth a process: starting one and loading its voice takes about as
long as saying a few sentences, so an edit's handful is said by the render's own process."""

CORES_PER_PROCESS = 2
"""A voice process's share of the cores: its session runs two threads (piper_model.THREADS)."""


def process_count(jobs: int | None, sentences: int) -> int:
    """How many processes speak: one per CORES_PER_PROCESS of `jobs` (--jobs; default: the
    cores), no more than free memory holds at VOICE_MEMORY each unless --jobs was given, one
    per SENTENCES_PER_PROCESS new sentences, at least one. One means the render's own process
    speaks."""
    count = max(1, (jobs or cores()) // CORES_PER_PROCESS)
    if jobs is None:
        memory = available_memory()
        count = min(count, max(1, memory // VOICE_MEMORY)) if memory else count
    return max(1, min(count, sentences // SENTENCES_PER_PROCESS))


class VoicePool:
    """Helper processes speaking sentences ahead of the narrator, each kept by its cache key."""

    def __init__(self, processes: int):
        # Spawned, not forked: the render's process has threads (the voice's warm-up, encoders)
        # and a fork would copy their locks mid-use.
        context = get_context("spawn")
        self._executor = ProcessPoolExecutor(processes, context, initializer=_ignore_interrupt)
        self._ahead: dict[str, Future] = {}
        self._voices: dict[int, bytes] = {}

    def submit(self, key: str, voice, text: str, settings) -> None:
        """Start speaking `text` (once per key: a sentence said twice is spoken once)."""
        if key not in self._ahead:
            if id(voice) not in self._voices:
                self._voices[id(voice)] = pickle.dumps(voice)
            blob = self._voices[id(voice)]
            self._ahead[key] = self._executor.submit(_speak, blob, text, settings)

    def ahead(self, key: str) -> Future | None:
        """The future of a sentence handed out, of (raw samples, word spans); None if it was not."""
        return self._ahead.get(key)

    def close(self) -> None:
        """Stop the processes; sentences not yet started are dropped (the render is over)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def share_out(narrator, segments, jobs: int | None) -> VoicePool | None:
    """A pool speaking, in order, every sentence of `segments` the cache lacks whose voice is
    repeatable, when the count (process_count) is above one; None otherwise."""
    # A batch worker is a daemon process, which may not start processes of its own; a batch
    # spreads its renders over the cores instead. Where even every sentence being new would
    # not give two processes (two cores), the sentences are not looked up at all.
    if current_process().daemon or process_count(jobs, 2**31) < 2:
        return None
    new: dict[str, tuple] = {}
    for segment in segments:
        for sentence in segment.sentences:
            voice, settings = narrator.voice_of(sentence.speaker)
            if voice.capabilities.repeatable and narrator.missing(sentence.text, sentence.speaker):
                text = narrator.spoken(sentence.text).text
                new.setdefault(narrator.key(text, sentence.speaker), (voice, text, settings))
    count = process_count(jobs, len(new))
    if count < 2:
        return None
    pool = VoicePool(count)
    for key, said in new.items():
        pool.submit(key, *said)
    return pool


_LOADED: dict[bytes, object] = {}
"""In a voice process: each voice it was sent, loaded once and kept for the next sentence."""


def _speak(blob: bytes, text: str, settings):
    if blob not in _LOADED:
        _LOADED[blob] = pickle.loads(blob)
    return spoken_spans(_LOADED[blob], text, settings)


def _ignore_interrupt() -> None:
    # Ctrl-C reaches the whole process group: the render stops its helpers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
