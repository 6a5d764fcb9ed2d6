// Answers from the knowledge base: an answer's text (line breaks kept, http(s)
// links made links, never HTML), its 有用 / 没用 buttons, and the panel the case
// form shows while a consultation is typed (这些回答能解决您的问题吗？).
import { ApiError, get, post } from "./api.js";
import { announce, h } from "./dom.js";
import { departmentHref } from "./links.js";

const LINK = /(https?:\/\/[^\s<>"'，。；）]+)/g;
// Typing pauses this long before the server is asked; shorter texts ask nothing.
const DEBOUNCE_MS = 600;
const MIN_LENGTH = 4;

/** The answer as text nodes and links; each line a paragraph. */
export function answerText(text) {
  return h("div", { class: "answer-text" }, text.split(/\n+/).filter(Boolean).map((line) =>
    h("p", {}, line.split(LINK).map((part, i) => (i % 2
      ? h("a", { href: part, target: "_blank", rel: "noopener noreferrer" }, part)
      : part)))));
}

export function placeOf(entry) {
  const parts = [];
  if (entry.department) parts.push(entry.department.name);
  if (entry.service_type) {
    const window = entry.service_type.window;
    parts.push(` · ${entry.service_type.name}`, window ? `（${window.name}，${window.location}）` : "");
  }
  if (!parts.length) return null;
  // The department is a button of its own: an inline link is too small a target.
  return [h("p", { class: "meta" }, "办理：", parts),
    entry.department && h("a", { class: "btn", href: departmentHref(entry.department.id) }, "查看部门")];
}

/**
 * An answer a citizen can open: a <details> whose first opening reads the entry
 * (GET knowledge/{id}/, which counts it as 知识库命中).
 */
export function answerDetails(entry, { open = false, extra = [] } = {}) {
  let counted = false;
  const details = h("details", { class: "answer", open },
    h("summary", {}, entry.question,
      entry.reasons.length ? h("span", { class: "summary-meta" }, entry.reasons.join("，")) : null),
    answerText(entry.answer),
    placeOf(entry),
    extra);
  details.addEventListener("toggle", () => {
    if (!details.open || counted) return;
    counted = true;
    get(`knowledge/${entry.id}/`).catch(() => {}); // counting only
  });
  return details;
}

/** 有用 / 没用: one vote per device and day; the server says when it was given. */
export function voteButtons(entry) {
  const status = h("span", { class: "hint", role: "status" });
  const vote = async (helpful) => {
    for (const button of box.querySelectorAll("button")) button.disabled = true;
    try {
      await post(`knowledge/${entry.id}/vote/`, { helpful });
      status.textContent = "感谢您的反馈。";
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : "网络连接失败，请稍后再试。";
    }
    announce(status.textContent);
  };
  const box = h("div", { class: "actions vote" },
    h("span", {}, "这条回答有帮助吗？"),
    h("button", { type: "button", class: "btn", onclick: () => vote(true) }, "有用"),
    h("button", { type: "button", class: "btn", onclick: () => vote(false) }, "没用"),
    status);
  return box;
}

/**
 * The suggestions beside a consultation being typed. `read()` gives
 * { text, department }; `onResolved(entry)` runs after 已解决 was recorded.
 */
export function answersPanel({ kind, read, onResolved }) {
  const panel = h("section", { class: "panel answers", "aria-labelledby": "answers-title", hidden: true });
  let timer = null;
  let latest = 0;
  let asked = "";
  let dismissed = false;

  async function load() {
    const { text, department } = read();
    const query = text.trim();
    if (dismissed || query.length < MIN_LENGTH || query === asked) return;
    asked = query;
    const token = ++latest;
    const params = new URLSearchParams({ q: query.slice(0, 200), kind });
    if (department && /^\d+$/.test(department)) params.set("department", department);
    let found;
    try {
      found = await get(`knowledge/suggest/?${params}`);
    } catch {
      return; // suggestions are a help; the form works without them
    }
    if (token !== latest || dismissed) return;
    show(found.entries);
  }

  function show(entries) {
    panel.hidden = !entries.length;
    if (!entries.length) return panel.replaceChildren();
    panel.replaceChildren(
      h("h2", { id: "answers-title" }, "这些回答能解决您的问题吗？"),
      h("ul", { class: "answer-list" }, entries.map((entry) => h("li", {},
        answerDetails(entry, {
          extra: h("div", { class: "actions" },
            h("button", { type: "button", class: "btn btn-primary", onclick: () => resolved(entry) }, "已解决"),
            h("button", { type: "button", class: "btn", onclick: dismiss }, "仍要提交")),
        })))));
    announce(`找到 ${entries.length} 条可能有用的回答`);
  }

  async function resolved(entry) {
    try {
      await post(`knowledge/${entry.id}/resolved/`, { kind });
    } catch {
      // Counting is ours; the citizen's question is answered either way.
    }
    onResolved(entry);
  }

  function dismiss() {
    dismissed = true;
    panel.hidden = true;
    announce("已收起推荐回答，请继续填写");
  }

  return {
    node: panel,
    changed() {
      clearTimeout(timer);
      timer = setTimeout(load, DEBOUNCE_MS);
    },
    stop() { clearTimeout(timer); },
  };
}
