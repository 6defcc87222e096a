// scriptreel studio: the editor, storyboard, player and render status, fed by server-sent events.
"use strict";

const $ = (id) => document.getElementById(id);
const text = $("text"), video = $("video"), audition = $("audition");
const state = {
  hash: null, saved: "", disk: null, board: null, render: null, errors: {},
  playing: -1, fileName: "",
};

// ---- small helpers ---------------------------------------------------------------------------

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function lineHeight() {
  return parseFloat(getComputedStyle(text).lineHeight) || 20;
}

function caretLine() {
  return text.value.slice(0, text.selectionStart).split("\n").length;
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body || {}), credentials: "same-origin",
  });
  let data = {};
  try { data = await response.json(); } catch (_) { /* an empty answer */ }
  return { status: response.status, data };
}

// ---- editor ----------------------------------------------------------------------------------

function setText(value, hash) {
  const keep = [text.selectionStart, text.scrollTop];
  text.value = value;
  state.saved = value;
  state.hash = hash;
  text.setSelectionRange(Math.min(keep[0], value.length), Math.min(keep[0], value.length));
  text.scrollTop = keep[1];
  refreshEditor();
}

function refreshEditor() {
  const count = text.value.split("\n").length;
  const gutter = $("gutter");
  if (gutter.childElementCount !== count) {
    gutter.replaceChildren(...Array.from({ length: count }, (_, i) => element("div", { textContent: i + 1 })));
  }
  $("dirty").hidden = text.value === state.saved;
  placeMarks();
}

function placeMarks() {
  const top = parseFloat(getComputedStyle(text).paddingTop) - text.scrollTop;
  $("gutter").style.transform = `translateY(${-text.scrollTop}px)`;
  for (const mark of [$("segmark"), $("errmark")]) {
    const line = Number(mark.dataset.line || 0);
    mark.hidden = !line;
    mark.style.top = `${top + (line - 1) * lineHeight()}px`;
  }
}

function markLine(mark, line) {
  mark.dataset.line = line || "";
  placeMarks();
}

function scrollToLine(line) {
  const top = (line - 1) * lineHeight();
  if (top < text.scrollTop || top > text.scrollTop + text.clientHeight - 2 * lineHeight()) {
    text.scrollTop = Math.max(0, top - text.clientHeight / 3);
  }
}

function jumpToLine(line) {
  const lines = text.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  text.focus();
  text.setSelectionRange(start, start + (lines[line - 1] || "").length);
  scrollToLine(line);
  markLine($("errmark"), line);
}

function notice(message, kind, offerReload) {
  $("notice").hidden = !message;
  $("notice").className = `notice ${kind || ""}`;
  $("notice-text").textContent = message || "";
  $("reload").hidden = !offerReload;
}

async function save() {
  const value = text.value;
  const { status, data } = await post("/api/save", { text: value, hash: state.hash });
  if (status === 200) {
    state.saved = value;
    state.hash = data.hash;
    notice("");
    refreshEditor();
  } else if (status === 409) {
    state.disk = { text: data.text, hash: data.hash };
    notice(data.message, "error", true);
  } else {
    notice(data.message || `save failed (${status})`, "error");
  }
}

// ---- storyboard and player -------------------------------------------------------------------

function rendered() {
  // Real times only when the render is of the text the storyboard shows.
  return state.render && state.board && state.render.version === state.board.version
    ? state.render : null;
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

function drawBoard() {
  const board = state.board;
  if (!board) return;
  const done = rendered();
  const rebuilt = new Set(done ? done.rebuilt : []);
  $("board").style.setProperty("--shape", `${board.size[0]} / ${board.size[1]}`);
  $("board").replaceChildren(...board.cards.map((card) => {
    const listen = element("button", { className: "listen", type: "button", textContent: "Listen", title: "Hear this segment's narration" });
    listen.addEventListener("click", (event) => { event.stopPropagation(); listenTo(card.index); });
    const start = segmentStart(card.index);
    const figure = element("figure", { className: "card", tabIndex: 0, title: `Line ${card.line}: play from here` },
      element("img", { src: card.thumb, alt: card.title, loading: "lazy" }),
      element("figcaption", {},
        element("time", { textContent: (done ? "" : "~") + clock(start) }),
        element("span", { className: "title", textContent: card.number ? `${card.number}. ${card.title}` : card.title }),
        card.sentences.length ? listen : ""));
    figure.dataset.index = card.index;
    figure.classList.toggle("rebuilt", rebuilt.has(card.index));
    figure.addEventListener("click", () => { seek(segmentStart(card.index), true); jumpToHeading(card); });
    return figure;
  }));
  $("total").textContent = done ? `${clock(done.duration)} rendered` : `about ${clock(board.duration)}`;
  showPlaying(video.currentTime || 0, true);
}

function jumpToHeading(card) {
  markLine($("segmark"), card.line);
}

function listenTo(index) {
  audition.src = `/api/audition/${index}.wav?v=${state.board.version}`;
  video.pause();
  audition.play().catch(() => {});
  status(`listening to segment ${index}`);
}

function showPlaying(seconds, force) {
  const done = rendered();
  if (!done || !state.board) return;
  let index = done.segments.findIndex((s) => seconds >= s.start && seconds < s.end);
  if (index < 0) index = seconds >= done.duration - 0.05 ? done.segments.length - 1 : 0;
  if (index === state.playing && !force) return;
  state.playing = index;
  for (const node of $("board").children) node.classList.toggle("playing", Number(node.dataset.index) === index);
  for (const node of $("chapters").querySelectorAll("button")) node.classList.toggle("playing", Number(node.dataset.index) === index);
  const card = state.board.cards[index];
  if (card) markLine($("segmark"), card.line);
}

function loadVideo(render) {
  const at = video.currentTime || 0;
  video.replaceChildren(element("track", { kind: "captions", src: render.captions, srclang: "en", label: "Captions", default: true }));
  video.src = render.video;
  video.addEventListener("loadedmetadata", () => { video.currentTime = Math.min(at, video.duration || 0); }, { once: true });
  $("empty").hidden = true;
  $("chapters").replaceChildren(...render.segments.map((s) => {
    const button = element("button", { type: "button" }, element("time", { textContent: clock(s.start) }), s.title);
    button.dataset.index = s.index;
    button.addEventListener("click", () => seek(s.start, true));
    return element("li", {}, button);
  }));
}

// ---- render status and errors ----------------------------------------------------------------

function status(message, fraction, done, failed) {
  $("status").textContent = message;
  $("progressbar").style.width = `${Math.round((fraction ?? 0) * 100)}%`;
  document.querySelector(".status").classList.toggle("done", Boolean(done));
  document.querySelector(".status").classList.toggle("failed", Boolean(failed));
}

function drawErrors() {
  const seen = new Set();
  const items = [];
  for (const error of Object.values(state.errors)) {
    if (!error || seen.has(error.message)) continue;
    seen.add(error.message);
    const button = element("button", { type: "button", textContent: error.message });
    if (error.line) button.addEventListener("click", () => jumpToLine(error.line));
    items.push(element("li", {}, button));
  }
  $("errors").replaceChildren(...items);
}

function showError(source, error) {
  state.errors[source] = error;
  drawErrors();
  if (error && error.line) {
    scrollToLine(error.line);
    markLine($("errmark"), error.line);
  }
  if (!error && !Object.values(state.errors).some(Boolean)) markLine($("errmark"), 0);
}

function describeRebuilt(render) {
  const names = render.segments.filter((s) => s.rebuilt).map((s) => `#${s.index} ${s.title}`);
  const node = $("rebuilt");
  if (render.upToDate) node.textContent = "Up to date: nothing changed.";
  else if (!names.length) node.textContent = "Every segment came from the cache.";
  else if (names.length === render.segments.length) {
    node.textContent = `Rendered all ${names.length} segments in ${render.seconds} s.`;
  }
  else node.replaceChildren("Rebuilt: ", element("b", { textContent: names.join(", ") }),
    ` (${render.segments.length - names.length} from cache) in ${render.seconds} s`);
}

// ---- events from the server ------------------------------------------------------------------

const handlers = {
  script(data) {
    state.disk = data;
    $("file").textContent = data.name;
    document.title = `${data.name} · scriptreel studio`;
    if (data.hash === state.hash) return;
    if (text.value === data.text || text.value === state.saved || state.hash === null) {
      setText(data.text, data.hash);
      notice("");
    } else {
      notice("The file changed on disk while you have unsaved edits.", "", true);
    }
  },
  storyboard(data) { state.board = data; showError("script", null); drawBoard(); },
  settings(data) { drawSettings(data); },
  started() { status("rendering…", 0); showError("render", null); },
  progress(data) {
    const fraction = data.fraction ?? (data.total ? data.done / data.total : 0);
    status(data.total ? `${data.text} (${data.done}/${data.total})` : data.text, fraction);
  },
  warning(data) { console.warn(data.text); },
  cancelled() { status("cancelled: a newer save is rendering", 0); },
  rendered(data) {
    state.render = data;
    loadVideo(data);
    describeRebuilt(data);
    status(`done: ${clock(data.duration)} (${data.output})`, 1, true);
    showError("render", null);
    drawBoard();
  },
  error(data) {
    status(data.source === "script" ? "the script has an error" : "the render failed", 0, false, true);
    showError(data.source || "render", data);
  },
};

function connect() {
  const events = new EventSource("/events");
  for (const [kind, handle] of Object.entries(handlers)) {
    events.addEventListener(kind, (event) => handle(JSON.parse(event.data)));
  }
}

function drawSettings(data) {
  for (const name of ["size", "theme", "voice"]) {
    const select = $(name);
    const options = [["", `default (${data.defaults[name]})`], ...data[`${name}s`].map((v) => [v, v])];
    select.replaceChildren(...options.map(([value, label]) => element("option", { value, textContent: label })));
    select.value = data[name];
  }
  $("auto").checked = data.renderOnSave;
}

async function choose() {
  const body = { renderOnSave: $("auto").checked };
  for (const name of ["size", "theme", "voice"]) body[name] = $(name).value;
  const { status: code, data } = await post("/api/settings", body);
  if (code !== 200) notice(data.message || "could not change the settings", "error");
}

// ---- wiring ----------------------------------------------------------------------------------

text.addEventListener("input", refreshEditor);
text.addEventListener("scroll", placeMarks);
text.addEventListener("click", () => seek(timeForLine(caretLine()), !video.paused));
$("gutter").parentElement.addEventListener("click", (event) => {
  const offset = event.clientY - $("gutter").getBoundingClientRect().top;
  const line = Math.floor(offset / lineHeight()) + 1;
  seek(timeForLine(line), true);
});
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save();
  }
});
$("save").addEventListener("click", save);
$("render").addEventListener("click", () => post("/api/render"));
$("reload").addEventListener("click", () => {
  if (state.disk) setText(state.disk.text, state.disk.hash);
  notice("");
});
for (const select of document.querySelectorAll("[data-choice]")) select.addEventListener("change", choose);
$("auto").addEventListener("change", choose);
video.addEventListener("timeupdate", () => showPlaying(video.currentTime));
video.addEventListener("seeked", () => showPlaying(video.currentTime));
window.addEventListener("beforeunload", (event) => {
  if (text.value !== state.saved) event.preventDefault();
});
window.addEventListener("resize", placeMarks);
connect();
