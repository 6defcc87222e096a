// scriptreel studio, the cast: each speaker's lines in their colour, and their voice to hear.
"use strict";

function castOf() {
  return (state.board && state.board.cast) || [];
}

function speakerLines() {
  // Line number -> speaker: from each of their sentences' first line to the paragraph's end.
  const starts = new Map();
  for (const speaker of castOf()) for (const line of speaker.lines) starts.set(line, speaker);
  const found = new Map();
  let current = null;
  text.value.split("\n").forEach((content, i) => {
    if (starts.has(i + 1)) current = starts.get(i + 1);
    else if (!content.trim() || /^\s{0,3}#/.test(content)) current = null;
    if (current) found.set(i + 1, current);
  });
  return found;
}

function paintSpeakers() {
  // The line numbers of a speaker's lines in their colour, with a bar of it beside the text.
  const found = speakerLines();
  Array.from($("gutter").children).forEach((node, i) => {
    const speaker = found.get(i + 1);
    node.classList.toggle("spoken", Boolean(speaker));
    node.style.setProperty("--speaker", speaker ? speaker.color : "");
    node.title = speaker ? speaker.name : "";
  });
}

function swatch(speaker) {
  const dot = element("span", { className: "swatch", title: speaker.name });
  dot.style.setProperty("--speaker", speaker.color);
  return dot;
}

function speakersOf(card) {
  // The coloured dots of the speakers heard in a segment, for its storyboard card.
  const lines = new Set(card.sentences);
  const heard = castOf().filter((speaker) => speaker.lines.some((line) => lines.has(line)));
  return element("span", { className: "speakers" }, ...heard.map(swatch));
}

function hearSpeaker(speaker) {
  audition.src = withToken(`${speaker.audition}?v=${state.board.version}`);
  video.pause();
  audition.play().catch(() => {});
  status(`listening to ${speaker.name} (${speaker.voice})`);
}

function drawCast() {
  const cast = castOf();
  $("cast").hidden = !cast.length;
  $("cast").replaceChildren(...cast.map((speaker) => {
    const name = element("button", { type: "button", className: "name", textContent: speaker.name,
      title: `Line ${speaker.line}: where ${speaker.name} is declared` });
    name.style.setProperty("--speaker", speaker.color);
    name.addEventListener("click", () => jumpToLine(speaker.line));
    const listen = element("button", { type: "button", className: "listen", textContent: "Listen",
      title: `Hear ${speaker.name}'s voice` });
    listen.addEventListener("click", () => hearSpeaker(speaker));
    const item = element("li", {}, swatch(speaker), name,
      element("small", { textContent: speaker.voice }), listen);
    item.dataset.speaker = speaker.name;
    return item;
  }));
  paintSpeakers();
}
