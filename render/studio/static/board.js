// scriptreel studio, the storyboard and player: every card and beat with its start, seeking.
"use strict";

const video = $("video"), audition = $("audition");

function rendered() {
  // Real times only when the render is of the text the storyboard shows.
  return state.render && state.board && state.render.version === state.board.version
    ? state.render : null;
}

function tileStart(tile) {
  const done = rendered();
  return done && done.tiles[tile.tile] !== undefined ? done.tiles[tile.tile] : tile.start;
}

function segmentStart(index) {
  const done = rendered();
  return done && done.segments[index] ? done.segments[index].start : state.board.cards[index].start;
}

function cardForLine(line) {
  const cards = state.board ? state.board.cards : [];
  let found = cards[0];
  for (const card of cards) if (card.line <= line) found = card;
  return found;
}

function timeForLine(line) {
  // From the render's word times: the first word of the last sentence starting on or before
  // the line, within the line's segment; else the segment's start.
  const card = cardForLine(line);
  if (!card) return null;
  const done = rendered();
  if (done) {
    const before = card.sentences.filter((l) => l <= line);
    const sentence = before.length ? before[before.length - 1] : null;
    if (sentence && done.sentences[sentence] !== undefined) return done.sentences[sentence];
  }
  return segmentStart(card.index);
}

function seek(seconds, play) {
  if (!video.src || seconds === null) return;
  video.currentTime = seconds + 0.01;
  if (play) video.play().catch(() => {});
  showPlaying(video.currentTime);
}

function tileTitle(tile, card) {
  if (tile.kind === "card") return card.number ? `${card.number}. ${card.title}` : card.title;
  return tile.kind;
}

function drawTile(tile, done, rebuilt) {
  const card = state.board.cards[tile.segment];
  const isCard = tile.kind === "card";
  const caption = element("figcaption", {},
    element("time", { textContent: (done ? "" : "~") + clock(tileStart(tile)) }),
    element("span", { className: "title", textContent: tileTitle(tile, card) }));
  if (isCard) caption.append(speakersOf(card));
  if (isCard && card.sentences.length) {
    const listen = element("button", { className: "listen", type: "button", textContent: "Listen", title: "Hear this segment's narration" });
    listen.addEventListener("click", (event) => { event.stopPropagation(); listenTo(card.index); });
    caption.append(listen);
  }
  const figure = element("figure", {
    className: isCard ? "card" : `card beat ${tile.kind}`, tabIndex: 0,
    title: `Line ${tile.line}: play from here`,
  }, element("img", { src: withToken(tile.thumb), alt: isCard ? card.title : `${tile.kind} of ${card.title}`, loading: "lazy" }), caption);
  figure.dataset.tile = tile.tile;
  figure.dataset.start = tileStart(tile).toFixed(3);
  figure.dataset.index = tile.segment;
  figure.classList.toggle("rebuilt", isCard && rebuilt.has(tile.segment));
  figure.addEventListener("click", () => { seek(tileStart(tile), true); scrollToLine(tile.line); });
  return figure;
}

function drawBoard() {
  const board = state.board;
  if (!board) return;
  const done = rendered();
  const rebuilt = new Set(done ? done.rebuilt : []);
  $("board").style.setProperty("--shape", `${board.size[0]} / ${board.size[1]}`);
  $("board").classList.toggle("portrait", board.size[1] > board.size[0]);
  $("board").replaceChildren(...board.tiles.map((tile) => drawTile(tile, done, rebuilt)));
  const beats = board.tiles.length - board.cards.length;
  const counted = `${board.cards.length} cards, ${beats} beats`;
  $("total").textContent = done ? `${counted} · ${clock(done.duration)} rendered`
    : `${counted} · about ${clock(board.duration)}`;
  showPlaying(video.currentTime || 0, true);
}

function listenTo(index) {
  audition.src = withToken(`/api/audition/${index}.wav?v=${state.board.version}`);
  video.pause();
  audition.play().catch(() => {});
  status(`listening to segment ${index}`);
}

function spokenLine(seconds, done) {
  // The line of the sentence being spoken; before a segment's first word, its heading's line.
  let line = 0, at = -Infinity;
  for (const card of state.board.cards) {
    const start = segmentStart(card.index);
    if (start <= seconds + 0.02 && start >= at) [line, at] = [card.line, start];
  }
  for (const [number, start] of Object.entries(done.sentences)) {
    if (start <= seconds + 0.02 && start >= at) [line, at] = [Number(number), start];
  }
  return line;
}

function showPlaying(seconds, force) {
  // The tile on screen now is the last one started; the editor marks the sentence being said.
  const done = rendered();
  if (!done || !state.board) return;
  markLine($("segmark"), spokenLine(seconds, done));
  let shown = 0;
  for (const tile of state.board.tiles) if (tileStart(tile) <= seconds + 0.02) shown = tile.tile;
  if (shown === state.playing && !force) return;
  state.playing = shown;
  const tile = state.board.tiles[shown];
  for (const node of $("board").children) node.classList.toggle("playing", Number(node.dataset.tile) === shown);
  for (const node of $("chapters").querySelectorAll("button")) node.classList.toggle("playing", Number(node.dataset.index) === tile.segment);
}

function loadVideo(render) {
  const at = video.currentTime || 0;
  video.replaceChildren(element("track", { kind: "captions", src: withToken(render.captions), srclang: "en", label: "Captions", default: true }));
  video.src = withToken(render.video);
  video.addEventListener("loadedmetadata", () => { video.currentTime = Math.min(at, video.duration || 0); }, { once: true });
  $("empty").hidden = true;
  $("chapters").replaceChildren(...render.segments.map((s) => {
    const button = element("button", { type: "button" }, element("time", { textContent: clock(s.start) }), s.title);
    button.dataset.index = s.index;
    button.addEventListener("click", () => seek(s.start, true));
    return element("li", {}, button);
  }));
}
