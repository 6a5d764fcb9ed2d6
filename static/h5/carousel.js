// A swipeable strip of slides: native scroll snapping does the swiping (no touch
// code to get wrong), buttons and arrow keys do the rest. Auto-advance runs only
// outside 长辈模式, without reduced motion, and stops while the citizen interacts.
import { h, icon, isElder } from "./dom.js";

const INTERVAL_MS = 5000;

/**
 * slides: nodes; options: {label, auto, onLeave, start}. Returns {node, track, go(i), step(±1)}.
 */
export function carousel(slides, { label, auto = false, onLeave, start = 0 }) {
  const count = slides.length;
  const track = h("div", { class: "track" },
    slides.map((slide, i) => h("div", {
      class: "slide", role: "group", "aria-roledescription": "幻灯片", "aria-label": `第 ${i + 1} 张，共 ${count} 张`,
    }, slide)));
  if (!track.querySelector("a, button")) track.setAttribute("tabindex", "0");
  const position = h("span", { class: "position", "aria-hidden": "true" }, `1 / ${count}`);
  const pause = h("button", { type: "button", class: "icon-btn", "aria-label": "暂停自动播放" }, icon("pause"));
  const prev = h("button", { type: "button", class: "icon-btn", "aria-label": "上一张" }, icon("prev"));
  const next = h("button", { type: "button", class: "icon-btn", "aria-label": "下一张" }, icon("next"));
  const controls = h("div", { class: "carousel-controls" }, prev, position, next, auto && pause);
  const node = h("section", { class: "carousel", "aria-roledescription": "轮播", "aria-label": label }, track, count > 1 && controls);

  let index = 0;
  let paused = false;
  let holding = false; // a finger, the pointer or focus is on it
  const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;

  function go(i, smooth = true) {
    index = (i + count) % count;
    track.scrollTo({ left: index * track.clientWidth, behavior: smooth && !reduced ? "smooth" : "auto" });
    position.textContent = `${index + 1} / ${count}`;
  }
  prev.addEventListener("click", () => go(index - 1));
  next.addEventListener("click", () => go(index + 1));
  track.addEventListener("keydown", (event) => {
    if (event.key === "ArrowLeft") { go(index - 1); event.preventDefault(); }
    if (event.key === "ArrowRight") { go(index + 1); event.preventDefault(); }
  });
  let settle;
  track.addEventListener("scroll", () => {
    clearTimeout(settle);
    settle = setTimeout(() => {
      index = Math.round(track.scrollLeft / Math.max(1, track.clientWidth));
      position.textContent = `${index + 1} / ${count}`;
    }, 80);
  }, { passive: true });

  if (auto && count > 1) {
    pause.addEventListener("click", () => {
      paused = !paused;
      pause.setAttribute("aria-label", paused ? "继续自动播放" : "暂停自动播放");
      pause.replaceChildren(icon(paused ? "play" : "pause"));
    });
    for (const [type, value] of [["pointerenter", true], ["pointerleave", false], ["focusin", true], ["focusout", false], ["touchstart", true], ["touchend", false]]) {
      node.addEventListener(type, () => { holding = value; }, { passive: true });
    }
    const timer = setInterval(() => {
      if (paused || holding || isElder() || reduced || document.hidden || !node.isConnected) return;
      go(index + 1);
    }, INTERVAL_MS);
    onLeave && onLeave(() => clearInterval(timer));
    const syncElder = () => { pause.hidden = isElder(); };
    syncElder();
    document.addEventListener("elderchange", syncElder);
    onLeave && onLeave(() => document.removeEventListener("elderchange", syncElder));
  }
  if (start) requestAnimationFrame(() => go(start, false));
  return { node, go, track, step: (delta) => go(index + delta) };
}
