// 微政务 H5: a hash router over one module per screen, the 长辈模式 switch, and focus
// handling so that every screen change is announced and keyboard users stay oriented.
import { announce, failure, h, helpline, title } from "./dom.js";
import { setUpSpeech } from "./speech.js";
import { contrast, elder } from "./store.js";

// [pattern, tab, loader]; a loader resolves to a module whose default export renders.
const ROUTES = [
  [/^\/$/, "home", () => import("./home.js")],
  [/^\/departments$/, "departments", () => import("./departments.js")],
  [/^\/departments\/(\d+)$/, "departments", () => import("./department.js")],
  [/^\/guide$/, "guide", () => import("./guide.js")],
  [/^\/ask$/, "home", () => import("./ask.js")],
  [/^\/submit\/(consultation|complaint|suggestion)$/, "home", () => import("./submit.js")],
  [/^\/submitted\/([A-Z]{2}-\d{8}-\d+)$/, "mine", () => import("./submitted.js")],
  [/^\/lookup$/, "lookup", () => import("./lookup.js")],
  [/^\/mine$/, "mine", () => import("./mine.js")],
  [/^\/mine\/([A-Z]{2}-\d{8}-\d+)$/, "mine", () => import("./mycase.js")],
  [/^\/public$/, "home", () => import("./public.js")],
  [/^\/stats$/, "home", () => import("./stats.js")],
  [/^\/albums$/, "home", () => import("./albums.js")],
  [/^\/albums\/(\d+)$/, "home", () => import("./album.js")],
  [/^\/book$/, "home", () => import("./book.js")],
  [/^\/nearby$/, "home", () => import("./nearby.js")],
  [/^\/surveys$/, "home", () => import("./surveys.js")],
  [/^\/surveys\/(\d+)$/, "home", () => import("./survey.js")],
  [/^\/notices$/, "home", () => import("./notices.js")],
  [/^\/notices\/(\d+)$/, "home", () => import("./notice.js")],
  [/^\/appointments$/, "mine", () => import("./appointments.js")],
  [/^\/appointments\/(YY-\d{8}-\d+)$/, "mine", () => import("./appointment.js")],
];

const main = document.getElementById("main");
let current = 0;
let leaving = [];
let firstRender = true;

function parse() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, search = ""] = raw.split("?");
  return { path, query: new URLSearchParams(search) };
}

async function route() {
  const { path, query } = parse();
  const token = ++current;
  for (const fn of leaving.splice(0)) fn();
  const match = ROUTES.map(([re, tab, load]) => [path.match(re), tab, load]).find(([m]) => m);
  markTab(match ? match[1] : null);
  main.setAttribute("aria-busy", "true");
  let view;
  try {
    if (!match) {
      view = { title: "页面不存在", node: [title("页面不存在"), h("div", { class: "actions" }, h("a", { href: "#/", class: "btn" }, "返回首页"), helpline())] };
    } else {
      const module = await match[2]();
      const ctx = { params: match[0].slice(1), query, onLeave: (fn) => leaving.push(fn), isCurrent: () => token === current };
      view = await module.default(ctx);
    }
  } catch (error) {
    console.warn(error);
    view = { title: "加载失败", node: [title("加载失败"), failure(error && error.status === 404 ? "内容不存在或已下线。" : "加载失败，请检查网络后重试。", route)] };
  }
  if (token !== current) return;
  main.replaceChildren(...[view.node].flat(Infinity).filter((part) => part != null && part !== false));
  main.removeAttribute("aria-busy");
  document.title = view.title === "首页" ? "微政务" : `${view.title} - 微政务`;
  if (firstRender) {
    firstRender = false;
    return;
  }
  window.scrollTo(0, 0);
  // Focus the new screen's heading: screen readers read it, Tab continues from it.
  const heading = main.querySelector("h1");
  (heading || main).focus({ preventScroll: true });
}

function markTab(tab) {
  for (const link of document.querySelectorAll(".tabbar a")) {
    if (link.dataset.tab === tab) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Re-render the current screen (after a write changed what it shows). */
export function refresh() {
  return route();
}

// 长辈模式 and 高对比度: the attribute was set before first paint by the template; each
// switch keeps its button, storage and attribute in step. The name stays; aria-pressed
// carries the state (CSS shows 开/关 on 长辈模式).
function rememberedSwitch({ id, store, attribute, on: saidOn, off: saidOff, changed }) {
  const button = document.getElementById(id);
  const show = (on) => {
    document.documentElement.toggleAttribute(attribute, on);
    button.setAttribute("aria-pressed", String(on));
  };
  show(store.get());
  button.addEventListener("click", () => {
    const on = !store.get();
    store.set(on);
    show(on);
    if (changed) changed(on);
    announce(on ? saidOn : saidOff);
  });
}
rememberedSwitch({
  id: "elder-switch", store: elder, attribute: "data-elder",
  on: "已开启长辈模式，文字和按钮已放大", off: "已关闭长辈模式",
  // Screens that lay out by mode redraw.
  changed: (on) => document.dispatchEvent(new CustomEvent("elderchange", { detail: on })),
});
rememberedSwitch({
  id: "contrast-switch", store: contrast, attribute: "data-contrast",
  on: "已开启高对比度", off: "已关闭高对比度",
});
setUpSpeech();

// The skip link must not become a route.
document.getElementById("skip").addEventListener("click", (event) => {
  event.preventDefault();
  (main.querySelector("h1") || main).focus();
});

window.addEventListener("hashchange", route);
route();
