"""What a render spares: the voice models it loaded go once everything is said, so the encoders
that finish the video do not sit beside a model nobody will use again (a voice given by the
caller, the studio's or a program's, is the caller's and stays loaded); encoders give big
blocks back; an edit lays out only the cards that changed."""

from __future__ import annotations

from scriptreel.media.voice import Capabilities, register_voice, unregister_voice
from scriptreel.render import RenderSettings, render_video
from tests.tonevoice import ToneVoice

SCRIPT = "## Harbour\n\nThe ferry left at dawn. It came back at noon.\n\n"
SCRIPT += "## Hills\n\nThe road climbs.\n"


class ModelTone(ToneVoice):
    """A tone voice with a model to load, which records what happens to it."""

    capabilities = Capabilities(model_load=True)

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    def load_model(self, alignments: bool = False) -> None:
        self.events.append("load")

    def unload_model(self) -> None:
        self.events.append(f"unload after {len(self.spoken)} sentences")


def test_a_voice_the_render_loaded_is_let_go_after_the_last_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    made: list[ModelTone] = []
    register_voice("modeltone", lambda rest, speed, warn: made.append(ModelTone()) or made[-1],
                   "modeltone", "a tone with a model", offline=True)  # fmt: skip
    try:
        script = tmp_path / "talk.md"
        script.write_text(SCRIPT, encoding="utf-8")
        settings = RenderSettings(size=(320, 180), voice="modeltone")
        render_video(script, tmp_path / "talk.mp4", settings)
    finally:
        unregister_voice("modeltone")
    (voice,) = made
    assert voice.events[-1] == "unload after 3 sentences"
    assert voice.events.count("unload after 3 sentences") == 1


def test_a_voice_the_caller_gave_stays_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    voice = ModelTone()
    script = tmp_path / "talk.md"
    script.write_text(SCRIPT, encoding="utf-8")
    render_video(script, tmp_path / "talk.mp4", RenderSettings(size=(320, 180), voice=voice))
    assert len(voice.spoken) == 3
    assert not [event for event in voice.events if event.startswith("unload")]


def test_encoders_give_big_blocks_back_unless_the_user_said_otherwise(monkeypatch):
    from scriptreel.render.encode.assemble import encoder_env

    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert encoder_env()["MALLOC_MMAP_THRESHOLD_"] == str(4 * 2**20)
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    assert encoder_env()["MALLOC_MMAP_THRESHOLD_"] == "65536"


def test_an_edit_lays_out_only_the_cards_that_changed(tmp_path, monkeypatch):
    """The fit check of each card (title cut, emoji left out) is kept in the cache, so a render
    after an edit lays out only the new card, and still warns about a title that is cut."""
    from scriptreel.media import card as card_module
    from scriptreel.media.themes import DEFAULT_THEME
    from scriptreel.render.cli import checks
    from scriptreel.render.store.cache import Cache
    from scriptreel.script import load_script

    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    laid: list[str] = []
    real = card_module.layout_card

    def counting(card, size, theme):
        laid.append(card.title)
        return real(card, size, theme)

    monkeypatch.setattr(checks, "layout_card", counting)
    long_title = "A title far too long to fit on such a very small card " * 3
    script = tmp_path / "talk.md"
    script.write_text(SCRIPT + f"\n## {long_title.strip()}\n\nThe end.\n", encoding="utf-8")
    settings = RenderSettings(size=(320, 180), voice=ToneVoice())
    render_video(script, tmp_path / "talk.mp4", settings)
    assert sorted(laid) == sorted(["Harbour", "Hills", long_title.strip()])
    laid.clear()
    script.write_text(script.read_text(encoding="utf-8").replace("## Hills", "## Valleys"))
    render_video(script, tmp_path / "talk.mp4", settings)
    assert laid == ["Valleys"]
    cache = Cache(tmp_path / "cache")
    found = checks.card_problems(load_script(script), (320, 180), DEFAULT_THEME, (), cache)
    assert laid == ["Valleys"]  # every answer from the cache
    assert (
        [w for w in found if "title too long" in w]
        == [
            w
            for w in checks.card_problems(load_script(script), (320, 180))
            if "title too long" in w
        ]
        != []
    )
