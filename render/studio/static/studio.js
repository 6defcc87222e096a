// scriptreel studio: render status, errors, settings and the events from the server.
"use strict";

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
    const item = element("li", {}, button);
    if (error.replace) item.append(replaceButton(error));
    items.push(item);
  }
  $("errors").replaceChildren(...items);
}

// What --force does on the command line, after the writer said yes to losing that file.
function replaceButton(error) {
  const button = element("button", { type: "button", className: "replace", textContent: "Replace it" });
  button.addEventListener("click", async () => {
    const question = `${error.problem}.\n\nReplace it? That file will be lost.`;
    if (!confirm(question)) return;
    const { status: code, data } = await post("/api/render", { force: true });
    if (code !== 202) notice(data.message || "could not render", "error");
  });
  return button;
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

// What the last render said is stale once another starts or a render fails: no "Rebuilt" line
// or old chapters under an error. The video stays, to be watched while the error is fixed.
function clearResults() {
  $("rebuilt").replaceChildren();
  $("chapters").replaceChildren();
  if (state.render && state.render.rebuilt.length) {
    state.render = { ...state.render, rebuilt: [] };  // nor "rebuilt" on the cards
    drawBoard();
  }
}

function startRender() {
  post("/api/render");
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
  storyboard(data) { state.board = data; showError("script", null); drawCast(); drawBoard(); },
  settings(data) { drawSettings(data); },
  started() {
    status("rendering…", 0);
    showError("render", null);
    clearResults();
  },
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
    clearResults();
  },
};

function connect() {
  const events = new EventSource(withToken("/events"));
  for (const [kind, handle] of Object.entries(handlers)) {
    events.addEventListener(kind, (event) => handle(JSON.parse(event.data)));
  }
}

function fillSelect(select, options, value) {
  select.replaceChildren(...options.map(([v, label]) => element("option", { value: v, textContent: label })));
  select.value = value;
}

function drawSettings(data) {
  for (const name of ["size", "theme", "voice"]) {
    const options = [["", `default (${data.defaults[name]})`], ...data[`${name}s`].map((v) => [v, v])];
    fillSelect($(name), options, data[name]);
  }
  // A script with `variants:` renders one of them at a time, named as `scriptreel render` does.
  $("variant-choice").hidden = !data.variants.length;
  fillSelect($("variant"), data.variants.map((v) => [v, v]), data.variant);
  $("auto").checked = data.renderOnSave;
}

async function choose() {
  const body = { renderOnSave: $("auto").checked };
  for (const name of ["variant", "size", "theme", "voice"]) body[name] = $(name).value;
  const { status: code, data } = await post("/api/settings", body);
  if (code !== 200) notice(data.message || "could not change the settings", "error");
}

// ---- wiring ----------------------------------------------------------------------------------

text.addEventListener("input", refreshEditor);
text.addEventListener("scroll", placeMarks);
text.addEventListener("click", () => seek(timeForLine(caretLine()), !video.paused));
$("gutter").addEventListener("click", (event) => {
  const line = Array.prototype.indexOf.call($("gutter").children, event.target) + 1;
  if (line) seek(timeForLine(line), true);
});
// The keys the page lists under the editor.
const keys = {
  s: () => save(),
  enter: () => startRender(),
};
document.addEventListener("keydown", (event) => {
  const action = (event.ctrlKey || event.metaKey) && keys[event.key.toLowerCase()];
  if (action) {
    event.preventDefault();
    action();
  }
});
$("save").addEventListener("click", save);
$("render").addEventListener("click", startRender);
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
// A wider or narrower text area wraps its lines again.
new ResizeObserver(() => refreshEditor()).observe(text);
connect();
