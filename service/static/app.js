// framescope page: score an article through POST /v1/score and show its frames sentence by sentence.
// Plain JavaScript, no build step and no network beyond this service.
"use strict";

const TAGS = { sovereignty: "SOV", security_concerns: "SEC", cold_war_rhetoric: "CW", whataboutism: "WA" };
const state = { text: "", result: null, labels: [], definitions: {}, thresholds: {}, active: new Set() };
const $ = (id) => document.getElementById(id);
// The API's offsets count Unicode code points; JavaScript strings index UTF-16 units, so slice by code points.
const cpSlice = (text, from, to) => Array.from(text).slice(from, to).join("");
let modelInfo = null;

function colour(label) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--${label}`).trim();
  return value || getComputedStyle(document.documentElement).getPropertyValue("--fallback").trim();
}
function tag(label) { return TAGS[label] || label.slice(0, 4).toUpperCase(); }
function labelsOf(sentence) { return state.labels.filter((l) => sentence.scores[l] >= state.thresholds[l]); }

function authHeaders() {
  const key = $("api-key").value.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function loadModelInfo() {
  try {
    const response = await fetch("/v1/model", { headers: authHeaders() });
    if (!response.ok) return;
    const info = await response.json();
    state.labels = info.labels.map((l) => l.name);
    for (const l of info.labels) { state.definitions[l.name] = l.definition; state.thresholds[l.name] = l.threshold; }
  } catch (error) { /* shown when the user scores */ }
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

async function errorMessage(response) {
  let detail = "";
  try { detail = (await response.json()).error.message; } catch (error) { detail = response.statusText; }
  if (response.status === 413) return `The article is too long for this service: ${detail}`;
  if (response.status === 503) return "The service is not ready yet (the model is loading or busy). Try again in a few seconds.";
  if (response.status === 401) return "This service needs an API key.";
  return `Could not score the article: ${detail}`;
}

async function score() {
  const text = $("article").value;
  showError("");
  if (!text.trim()) { showError("Paste an article (or open a .txt file) first."); return; }
  $("spinner").hidden = false;
  $("score").disabled = true;
  try {
    if (!state.labels.length) await loadModelInfo(); // the tuned thresholds, before any label is shown
    const response = await fetch("/v1/score", {
      method: "POST", headers: { "content-type": "application/json", ...authHeaders() },
      body: JSON.stringify({ text, explain: $("explain").checked }),
    });
    if (!response.ok) { showError(await errorMessage(response)); return; }
    state.result = await response.json();
    state.text = text;
    if (!state.labels.length) state.labels = state.result.labels;
    for (const l of state.labels) if (state.thresholds[l] === undefined) state.thresholds[l] = 0.5;
    state.active = new Set(state.labels);
    render();
  } catch (error) {
    showError("The service could not be reached. Is it running?");
  } finally {
    $("spinner").hidden = true;
    $("score").disabled = false;
  }
}

function counts() {
  const result = Object.fromEntries(state.labels.map((l) => [l, 0]));
  for (const s of state.result.sentences) for (const l of labelsOf(s)) result[l] += 1;
  return result;
}

function renderLegend(labelCounts) {
  const legend = $("legend");
  legend.replaceChildren();
  for (const label of state.labels) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.label = label;
    button.setAttribute("aria-pressed", String(state.active.has(label)));
    button.title = state.definitions[label] || label;
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour(label);
    button.append(swatch, `${tag(label)} ${label.replaceAll("_", " ")} (${labelCounts[label]})`);
    button.addEventListener("click", () => {
      if (state.active.has(label)) state.active.delete(label); else state.active.add(label);
      render();
    });
    legend.append(button);
  }
}

function renderSummary(labelCounts) {
  const total = state.result.sentences.length;
  const summary = $("summary");
  summary.replaceChildren();
  for (const label of state.labels) {
    const share = total ? labelCounts[label] / total : 0;
    const row = document.createElement("div");
    row.className = "row";
    row.dataset.label = label;
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", `${label}: ${Math.round(share * 100)}% of sentences`);
    const fill = document.createElement("span");
    fill.style.width = `${share * 100}%`;
    fill.style.background = colour(label);
    bar.append(fill);
    row.append(`${tag(label)} ${label.replaceAll("_", " ")}`, bar, `${Math.round(share * 100)}%`);
    summary.append(row);
  }
}

function renderThresholds() {
  const box = $("thresholds");
  if (box.childElementCount === state.labels.length) return; // keep focus while sliding
  box.replaceChildren();
  for (const label of state.labels) {
    const row = document.createElement("div");
    row.className = "row";
    const id = `threshold-${label}`;
    const name = document.createElement("label");
    name.htmlFor = id;
    name.textContent = `${tag(label)} ${label.replaceAll("_", " ")}`;
    const slider = document.createElement("input");
    Object.assign(slider, { type: "range", id, min: "0", max: "1", step: "0.01", value: String(state.thresholds[label]) });
    slider.dataset.label = label;
    const value = document.createElement("output");
    value.htmlFor = id;
    value.textContent = Number(state.thresholds[label]).toFixed(2);
    slider.addEventListener("input", () => {
      state.thresholds[label] = Number(slider.value);
      value.textContent = Number(slider.value).toFixed(2);
      render();
    });
    row.append(name, slider, value);
    box.append(row);
  }
}

function renderSentences() {
  const article = $("sentences");
  article.replaceChildren();
  let paragraph = document.createElement("p");
  let previousEnd = 0;
  let previousSpeaker = null;
  for (const sentence of state.result.sentences) {
    const gap = cpSlice(state.text, previousEnd, sentence.start);
    if (gap.includes("\n") && paragraph.childNodes.length) { article.append(paragraph); paragraph = document.createElement("p"); }
    else if (paragraph.childNodes.length) paragraph.append(" ");
    previousEnd = sentence.end;
    const span = document.createElement("span");
    span.className = "sentence";
    span.tabIndex = 0;
    span.dataset.index = String(sentence.index);
    const shown = labelsOf(sentence).filter((l) => state.active.has(l));
    span.dataset.labels = shown.join(" ");
    // One chip where the speaker changes: a quotation running over several sentences names its speaker once.
    const speakerChanged = sentence.speaker !== previousSpeaker;
    previousSpeaker = sentence.speaker;
    if (sentence.speaker && speakerChanged) {
      const who = document.createElement("span");
      who.className = "speaker";
      who.textContent = sentence.speaker;
      who.title = "speaker";
      span.append(who);
    }
    appendWithEvidence(span, sentence, shown); // text nodes only, never HTML: scripts in articles stay inert
    // Stacked underlines, one per frame, so a sentence with two frames shows both colours.
    span.style.boxShadow = shown.map((l, i) => `inset 0 -${3 * (i + 1)}px 0 ${colour(l)}`).join(", ");
    span.style.paddingBottom = shown.length ? `${3 * shown.length}px` : "";
    if (state.active.size < state.labels.length && !shown.length) span.classList.add("dimmed");
    for (const label of shown) {
      const badge = document.createElement("span");
      badge.className = "tag";
      badge.style.background = colour(label);
      badge.textContent = tag(label);
      badge.title = label;
      span.append(badge);
    }
    span.setAttribute("aria-label", `${sentence.text} Frames: ${shown.length ? shown.join(", ") : "none"}.`);
    span.setAttribute("aria-describedby", "tooltip");
    span.addEventListener("mouseenter", () => showTooltip(span, sentence));
    span.addEventListener("focus", () => showTooltip(span, sentence));
    span.addEventListener("mouseleave", hideTooltip);
    span.addEventListener("blur", hideTooltip);
    paragraph.append(span);
  }
  if (paragraph.childNodes.length) article.append(paragraph);
}

function appendWithEvidence(span, sentence, shown) {
  // Evidence phrases (from explain) of the frames shown, as character ranges relative to the sentence.
  const marks = [];
  for (const label of shown) {
    for (const item of (sentence.evidence && sentence.evidence[label]) || []) {
      marks.push({ from: item.start - sentence.start, to: item.end - sentence.start, label, weight: item.weight });
    }
  }
  marks.sort((a, b) => a.from - b.from);
  let cursor = 0;
  for (const mark of marks) {
    if (mark.from < cursor) continue; // the same word evidences two frames: mark it once
    span.append(cpSlice(sentence.text, cursor, mark.from));
    const phrase = document.createElement("mark");
    phrase.className = "evidence";
    phrase.dataset.label = mark.label;
    phrase.style.setProperty("--frame", colour(mark.label));
    phrase.title = `evidence for ${mark.label} (removing it lowers the probability by ${mark.weight.toFixed(3)})`;
    phrase.textContent = cpSlice(sentence.text, mark.from, mark.to);
    span.append(phrase);
    cursor = mark.to;
  }
  span.append(cpSlice(sentence.text, cursor));
}

function renderSpeakers() {
  const rows = state.result.summary.speakers;
  $("speakers").hidden = !rows || !rows.length;
  if (!rows || !rows.length) return;
  const head = $("speaker-table").tHead;
  head.replaceChildren();
  const top = head.insertRow();
  // Short headers keep six columns inside the side panel; the title says what each one counts.
  const columns = [["speaker", "who voices the sentences"], ["n", "sentences"],
    ...state.labels.map((label) => [tag(label), `sentences with ${label.replaceAll("_", " ")}`])];
  for (const [text, title] of columns) {
    const th = document.createElement("th");
    th.textContent = text;
    th.title = title;
    top.append(th);
  }
  const body = $("speaker-table").tBodies[0];
  body.replaceChildren();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.insertCell().textContent = row.speaker || "(author)";
    tr.insertCell().textContent = row.sentences;
    for (const label of state.labels) tr.insertCell().textContent = row.frames[label] || 0;
  }
}

function showTooltip(anchor, sentence) {
  const tooltip = $("tooltip");
  const table = document.createElement("table");
  for (const label of state.labels) {
    const row = table.insertRow();
    row.dataset.label = label;
    row.insertCell().textContent = `${tag(label)} ${label.replaceAll("_", " ")}`;
    row.insertCell().textContent = sentence.scores[label].toFixed(3);
    row.insertCell().textContent = sentence.scores[label] >= state.thresholds[label] ? "✓" : "";
  }
  tooltip.replaceChildren(table);
  const box = anchor.getBoundingClientRect();
  tooltip.style.left = `${window.scrollX + Math.max(0, Math.min(box.left, window.innerWidth - 320))}px`;
  tooltip.style.top = `${window.scrollY + box.bottom + 6}px`;
  tooltip.hidden = false;
}
function hideTooltip() { $("tooltip").hidden = true; }

function render() {
  if (!state.result) return;
  const labelCounts = counts();
  renderLegend(labelCounts);
  renderSummary(labelCounts);
  renderThresholds();
  renderSentences();
  renderSpeakers();
  $("results").hidden = false;
}

function currentRows() {
  return state.result.sentences.map((s) => ({ ...s, labels: labelsOf(s) }));
}

function exportJson() {
  const payload = { ...state.result, thresholds: { ...state.thresholds }, sentences: currentRows() };
  const text = JSON.stringify(payload, null, 2);
  const done = () => { $("copy-json").textContent = "Copied"; setTimeout(() => { $("copy-json").textContent = "Copy as JSON"; }, 1500); };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
  else fallbackCopy(text, done);
}
function fallbackCopy(text, done) {
  const area = document.createElement("textarea");
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
  done();
}

function csvCell(value) {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`; // a spreadsheet must not run a cell as a formula
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
function exportCsv() {
  const header = ["index", "start", "end", "text", "labels", ...state.labels.map((l) => `score_${l}`)];
  const lines = [header.join(",")];
  for (const s of currentRows()) {
    lines.push([s.index, s.start, s.end, s.text, s.labels.join("|"), ...state.labels.map((l) => s.scores[l])].map(csvCell).join(","));
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
  link.download = "framescope.csv";
  link.click();
  URL.revokeObjectURL(link.href);
}

function readFile(file) {
  if (!file) return;
  file.text().then((text) => { $("article").value = text; showError(""); });
}

document.addEventListener("DOMContentLoaded", () => {
  modelInfo = loadModelInfo();
  $("score").addEventListener("click", score);
  $("copy-json").addEventListener("click", exportJson);
  $("download-csv").addEventListener("click", exportCsv);
  $("file").addEventListener("change", (event) => readFile(event.target.files[0]));
  const area = $("article");
  area.addEventListener("dragover", (event) => { event.preventDefault(); area.classList.add("dragover"); });
  area.addEventListener("dragleave", () => area.classList.remove("dragover"));
  area.addEventListener("drop", (event) => { event.preventDefault(); area.classList.remove("dragover"); readFile(event.dataTransfer.files[0]); });
  area.addEventListener("keydown", (event) => { if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) score(); });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hideTooltip(); });
});
