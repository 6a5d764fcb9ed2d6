// Small DOM helpers shared by every screen: element building, dates, announcements.

/**
 * h("a", {href: "#/", class: "btn", onclick: fn}, "text", child, [more]) builds an
 * element. Strings become text nodes (never HTML), null/false children are skipped.
 */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "value" || key === "checked" || key === "selected") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  append(node, children);
  return node;
}

/** Replace a node's children; null/false children are skipped, arrays flattened. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Append children the same way. */
export function add(node, ...children) {
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child);
  }
}

let uid = 0;
/** A unique element id with a readable prefix, for label/aria wiring. */
export const nextId = (prefix = "f") => `${prefix}-${++uid}`;

const ZONE = "Asia/Shanghai";
const dateFormat = new Intl.DateTimeFormat("zh-CN", {
  timeZone: ZONE, year: "numeric", month: "long", day: "numeric",
});
const timeFormat = new Intl.DateTimeFormat("zh-CN", {
  timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", hour12: false,
});

export const fmtDate = (iso) => (iso ? dateFormat.format(new Date(iso)) : "");
export const fmtDateTime = (iso) => (iso ? timeFormat.format(new Date(iso)) : "");

/** Say something to screen readers without moving focus. */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a tick makes screen readers repeat the same message.
  setTimeout(() => { region.textContent = message; }, 50);
}

/** The standard heading of a screen; the router moves focus to it. */
export const title = (text) => h("h1", { class: "screen-title", tabindex: "-1" }, text);

export const empty = (text) => h("p", { class: "empty" }, text);

/** An inline block saying a part failed, with a retry button. */
// 12345 政务服务便民热线 (the same number in every city): on the home screen and at
// every dead end, a person within reach (MIIT 适老化; docs/accessibility.md).
export const HOTLINE = "12345";

export function helpline(text = `拨打 ${HOTLINE} 人工服务`) {
  return h("a", { class: "btn btn-helpline", href: `tel:${HOTLINE}` }, icon("phone"), text);
}

export function failure(text, retry) {
  return h("div", { class: "notice notice-error", role: "alert" },
    h("p", {}, text),
    h("div", { class: "actions" },
      retry && h("button", { type: "button", class: "btn", onclick: retry }, "重试"),
      helpline()));
}

export function isElder() {
  return document.documentElement.hasAttribute("data-elder");
}

/** Stars for an average score, with the number in words for screen readers. */
export function scoreText(average, count) {
  if (!count) return "暂无评分";
  return `${Number(average).toFixed(1)} 分（${count} 人评价）`;
}

export function stars(average) {
  const full = Math.round(Number(average) || 0);
  return h("span", { class: "stars", "aria-hidden": "true" },
    "★".repeat(full) + "☆".repeat(Math.max(0, 5 - full)));
}

// Icons as inline SVG paths (24×24), so nothing depends on a font having the glyph.
const ICONS = {
  prev: "M15 5l-7 7 7 7",
  next: "M9 5l7 7-7 7",
  pause: "M8 5v14M16 5v14",
  play: "M7 4l13 8-13 8z",
  close: "M6 6l12 12M18 6L6 18",
  chat: "M4 5h16v11H9l-5 4z",
  alert: "M12 3l10 18H2zM12 10v5M12 18v.5",
  bulb: "M9 18h6M10 21h4M12 3a6 6 0 00-4 10.5c1 1 1.5 2 1.5 3.5h5c0-1.5.5-2.5 1.5-3.5A6 6 0 0012 3z",
  search: "M11 4a7 7 0 110 14 7 7 0 010-14zM16 16l5 5",
  book: "M4 4h7a2 2 0 012 2v14a2 2 0 00-2-2H4zM20 4h-7a2 2 0 00-2 2",
  mail: "M3 6h18v12H3zM3 6l9 7 9-7",
  photo: "M3 5h18v14H3zM3 16l5-5 4 4 3-3 6 6M15.5 9.5v.5",
  chart: "M4 20h16M7 16v-5M12 16V6M17 16v-8",
  pin: "M12 21s-7-6.5-7-11a7 7 0 0114 0c0 4.5-7 11-7 11zM12 8v3",
  phone: "M5 3h4l2 5-2.5 1.5a11 11 0 005 5L15 12l5 2v4a2 2 0 01-2 2A16 16 0 013 5a2 2 0 012-2z",
  copy: "M9 9h11v11H9zM5 15H4V4h11v1",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  calendar: "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
};

export function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name] || "");
  svg.append(path);
  return svg;
}
