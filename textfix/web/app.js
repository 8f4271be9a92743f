// textfix serve: the page. Text from the input only ever goes into the page as text
// (textContent), never as markup; invisible and control characters become badges.
"use strict";

const MAX_UPLOAD = 5 * 1024 * 1024;
// What must not be shown raw: controls, format characters (bidi, zero width), separators
// other than the space and the ideographic space, private use, unassigned, Hangul fillers.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3164\u115f\u1160\uffa0]/u;

const state = { bytes: null, kind: "paste", name: "pasted.txt", accept: new Set(), reject: new Set(), result: null };
const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function hex(ch) {
  return "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
}

// Append file text to a node: plain runs as text, hidden characters as badges.
function putText(node, text) {
  let run = "";
  for (const ch of text) {
    if (HIDDEN.test(ch)) {
      if (run) node.append(run);
      run = "";
      const b = el("span", "badge", hex(ch));
      b.title = "invisible or control character " + hex(ch);
      node.append(b);
    } else {
      run += ch;
    }
  }
  if (run) node.append(run);
  return node;
}

function setStatus(message, isError) {
  const s = $("status");
  s.textContent = message || "";
  s.className = isError ? "error" : "";
}

function query() {
  const q = new URLSearchParams({ kind: state.kind, name: state.name });
  if (state.accept.size) q.set("accept", [...state.accept].join(","));
  if (state.reject.size) q.set("reject", [...state.reject].join(","));
  return q.toString();
}

async function call(path) {
  const res = await fetch(path + "?" + query(), {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream" },
    body: state.bytes,
    credentials: "same-origin",
  });
  if (!res.ok) {
    let message = res.status + " " + res.statusText;
    try { message = (await res.json()).error || message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

async function run(message) {
  setStatus(message || "Repairing…");
  document.body.classList.add("busy");
  try {
    const res = await call("/api/repair");
    state.result = await res.json();
    render(state.result);
    setStatus("");
  } catch (err) {
    setStatus(err.message, true);
  } finally {
    document.body.classList.remove("busy");
  }
}

function start(bytes, kind, name) {
  Object.assign(state, { bytes, kind, name, accept: new Set(), reject: new Set() });
  run(kind === "file" ? `Repairing ${name}…` : "Repairing…");
}

function pieceSide(cell, pieces, side) {
  const mine = side === "before" ? "-" : "+";
  pieces.forEach(([op, text, title], k) => {
    if (op === "=") {
      putText(cell, text);
    } else if (op === mine) {
      const tag = el(side === "before" ? "del" : "ins");
      tag.title = title;
      cell.append(putText(tag, text));
    } else if (op === "-" || op === "+") {
      const near = [pieces[k - 1], pieces[k + 1]].filter(Boolean).map((p) => p[0]);
      if (!near.includes(mine)) {
        const m = el("span", "mark " + (side === "before" ? "ins" : "del"), "‸");
        m.title = `${title}: ${side === "before" ? "inserted" : "deleted"} here`;
        cell.append(m);
      }
    }
  });
}

function renderRows(result) {
  const rows = $("rows");
  rows.replaceChildren();
  const flagged = new Map();
  for (const f of result.findings) {
    if (!flagged.has(f.line)) flagged.set(f.line, []);
    flagged.get(f.line).push(f);
  }
  for (const r of result.rows) {
    const row = el("div", "row");
    row.setAttribute("role", "row");
    if (r.gap !== undefined) {
      row.classList.add("gap");
      row.append(el("div", "n", "⋯"), el("div", "gapnote", `${r.gap} unchanged lines`));
      rows.append(row);
      continue;
    }
    row.id = "L" + r.n;
    const n = el("div", "n", r.last && r.last !== r.n ? `${r.n}–${r.last}` : String(r.n));
    const before = el("div", "before");
    const after = el("div", "after");
    const rule = el("div", "rule");
    if (r.pieces) {
      row.classList.add("changed");
      pieceSide(before, r.pieces, "before");
      pieceSide(after, r.pieces, "after");
      for (const note of r.notes) after.append(el("div", "note", note));
      rule.textContent = r.codes.join(" ");
    } else {
      row.classList.add("same");
      putText(before, r.text);
      putText(after, r.text);
    }
    for (let line = r.n; line <= (r.last || r.n); line++) {
      for (const f of flagged.get(line) || []) {
        if (f.applied) continue;
        const dot = el("a", "dot " + (f.after === null ? "flag" : "suggestion"), f.code);
        dot.href = "#f" + f.id;
        dot.title = f.message;
        rule.append(dot);
      }
    }
    row.append(n, before, after, rule);
    rows.append(row);
  }
}

// What a finding is now: applied, suggestion or flag (its group for the filters), and
// whether the person chose it: accepted (a suggestion applied) or rejected (a guess undone).
function group(f) {
  if (f.applied) return "applied";
  return f.after === null ? "flag" : "suggestion";
}

function status(f) {
  if (f.applied && !f.default) return "accepted";
  if (!f.applied && f.default) return "rejected";
  return group(f);
}

const BUTTONS = {
  accept: ["Accept", "apply this guess"],
  unaccept: ["Undo", "leave this guess out again"],
  reject: ["Reject", "undo this guess"],
  restore: ["Restore", "apply this guess again"],
};

function choose(f) {
  if (f.button === "accept") state.accept.add(f.id);
  if (f.button === "unaccept") state.accept.delete(f.id);
  if (f.button === "reject") state.reject.add(f.id);
  if (f.button === "restore") state.reject.delete(f.id);
  run("Updating…");
}

function renderFindings(result) {
  const list = $("findings");
  list.replaceChildren();
  for (const f of result.findings) {
    const item = el("li", "finding " + group(f) + " " + status(f));
    item.id = "f" + f.id;
    const head = el("div", "fhead");
    const where = el("a", "where", `line ${f.line}:${f.column}`);
    where.href = "#L" + f.line;
    head.append(el("code", "code", f.code), el("span", "kind", f.kind), where,
                el("span", "tag " + status(f), status(f)),
                el("span", "conf", `confidence ${f.confidence.toFixed(2)}`));
    const change = el("div", "change");
    change.append(putText(el("span", "old"), f.before || "(nothing)"));
    if (f.after !== null) {
      change.append(el("span", "arrow", " → "), putText(el("span", "new"), f.after || "(nothing)"));
    }
    item.append(head, change, putText(el("p", "message"), f.message));
    if (f.rule) item.append(el("p", "rulehelp", f.rule));
    if (f.button) {
      const [label, hint] = BUTTONS[f.button];
      const b = el("button", "choice " + f.button, label);
      b.type = "button";
      b.title = hint;
      b.dataset.finding = String(f.id);
      b.addEventListener("click", () => choose(f));
      item.append(b);
    } else if (f.blocked && f.after !== null) {
      item.append(el("p", "blocked", "Cannot be chosen here: " + f.blocked + "."));
    }
    list.append(item);
  }
}

function render(result) {
  const facts = $("facts");
  facts.replaceChildren();
  const c = result.counts;
  const parts = [
    ["name", result.name],
    ["encoding", result.encoding.toUpperCase() + (result.bom ? " with BOM" : "")],
    ["line endings", result.newlines],
    ["findings", `${c.applied} applied · ${plural(c.suggestions, "suggestion")} · ${plural(c.flags, "flag")}`],
  ];
  for (const [k, v] of parts) {
    const f = el("span", "fact");
    f.append(el("span", "k", k), el("span", "v", v));
    facts.append(f);
  }
  if (!result.changed) facts.append(el("span", "fact unchanged", "nothing to repair"));
  renderRows(result);
  renderFindings(result);
  $("result").hidden = false;
  $("download").dataset.ready = "1";
}

async function download() {
  if (!state.bytes) return;
  setStatus("Preparing the download…");
  try {
    const res = await call("/api/download");
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = el("a");
    a.href = url;
    a.download = state.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    setStatus(`Downloaded ${state.name} (${state.result.encoding.toUpperCase()}, ${blob.size} bytes).`);
  } catch (err) {
    setStatus(err.message, true);
  }
}

async function readFile(file) {
  if (file.size > MAX_UPLOAD) {
    setStatus(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; this page takes up to 5 MB ` +
              "(use the command, textfix repair, for more).", true);
    return;
  }
  start(new Uint8Array(await file.arrayBuffer()), "file", file.name);
}

document.addEventListener("DOMContentLoaded", () => {
  $("repair").addEventListener("click", () => {
    start(new TextEncoder().encode($("paste").value), "paste", "pasted.txt");
  });
  $("paste").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) $("repair").click();
  });
  $("file").addEventListener("change", (e) => {
    if (e.target.files.length) readFile(e.target.files[0]);
  });
  $("download").addEventListener("click", download);
  for (const box of document.querySelectorAll("[data-show]")) {
    box.addEventListener("change", () => {
      $("findings").classList.toggle("hide-" + box.dataset.show, !box.checked);
    });
  }
  const drop = $("drop");
  let depth = 0;
  document.addEventListener("dragenter", (e) => { e.preventDefault(); depth++; drop.hidden = false; });
  document.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; drop.hidden = true; } });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    drop.hidden = true;
    if (e.dataTransfer.files.length) readFile(e.dataTransfer.files[0]);
  });
});

/** "1 suggestion", "2 suggestions". */
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
