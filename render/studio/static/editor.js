// scriptreel studio, the editor: the text with line numbers, marks on lines, saving.
"use strict";

const $ = (id) => document.getElementById(id);
const text = $("text");
const state = {
  hash: null, saved: "", disk: null, board: null, render: null, errors: {},
  playing: -1, fileName: "",
};

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// The token comes once in the address the studio opened; this tab keeps it (storage is per
// port, unlike cookies) and every call to the API carries it in a header.
const token = (() => {
  const given = new URLSearchParams(location.search).get("token");
  if (given) {
    sessionStorage.setItem("scriptreel-token", given);
    history.replaceState(null, "", "/");
  }
  return sessionStorage.getItem("scriptreel-token") || "";
})();

// Media elements and the event stream cannot send headers: their address carries the token.
function withToken(url) {
  return `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Scriptreel-Token": token },
    body: JSON.stringify(body || {}), credentials: "same-origin",
  });
  let data = {};
  try { data = await response.json(); } catch (_) { /* an empty answer */ }
  return { status: response.status, data };
}

// The text wraps, so a line of the file may take several rows: a hidden copy of the text, one
// block per line and as wide as the text area, says where each line starts and how tall it is.
const rows = { tops: [], heights: [] };

function measure() {
  const lines = text.value.split("\n");
  const mirror = $("mirror");
  mirror.style.width = `${text.clientWidth}px`;
  while (mirror.childElementCount > lines.length) mirror.lastChild.remove();
  while (mirror.childElementCount < lines.length) mirror.append(element("div"));
  lines.forEach((line, i) => {
    const shown = line || "\u200b";  // an empty line is still one row tall
    if (mirror.children[i].textContent !== shown) mirror.children[i].textContent = shown;
  });
  rows.tops = Array.from(mirror.children, (node) => node.offsetTop);
  rows.heights = Array.from(mirror.children, (node) => node.offsetHeight);
}

function lineTop(line) {
  return rows.tops[Math.min(Math.max(line, 1), rows.tops.length) - 1] || 0;
}

function caretLine() {
  return text.value.slice(0, text.selectionStart).split("\n").length;
}

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
  measure();
  const gutter = $("gutter");
  const count = rows.tops.length;
  if (gutter.childElementCount !== count) {
    gutter.replaceChildren(...Array.from({ length: count }, (_, i) => element("div", { textContent: i + 1 })));
  }
  rows.heights.forEach((height, i) => {
    const node = gutter.children[i];
    if (node.style.height !== `${height}px`) node.style.height = `${height}px`;
  });
  $("dirty").hidden = text.value === state.saved;
  paintSpeakers();
  placeMarks();
}

function placeMarks() {
  $("gutter").style.transform = `translateY(${-text.scrollTop}px)`;
  for (const mark of [$("segmark"), $("errmark")]) {
    const line = Number(mark.dataset.line || 0);
    mark.hidden = !line;
    mark.style.top = `${lineTop(line) - text.scrollTop}px`;
    mark.style.height = `${rows.heights[line - 1] || 0}px`;
  }
}

function markLine(mark, line) {
  mark.dataset.line = line || "";
  placeMarks();
}

function scrollToLine(line) {
  const top = lineTop(line), bottom = top + (rows.heights[line - 1] || 0);
  if (top < text.scrollTop || bottom > text.scrollTop + text.clientHeight) {
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
