// A department's emblem: its uploaded logo, or a round badge with its Chinese short
// name (人社, 环保) when it has none; never Latin initials a citizen cannot read.
import { h } from "./dom.js";

const SUFFIX = /[局委办厅]$/;

/** "人社局" → "人社", "市场监管局" → "市场监管"; a long full name gives its first two characters. */
export function emblemText(department) {
  const base = (department.short_name || department.name || "").trim();
  const text = base.length > 2 ? base.replace(SUFFIX, "") : base;
  return text.length > 4 ? text.slice(0, 2) : text;
}

/** The logo (decorative: the name is always beside it), or the badge. */
export function emblem(department, { size = 48, lazy = true } = {}) {
  if (department.logo) {
    return h("img", {
      src: department.logo, alt: "", width: size, height: size, decoding: "async", loading: lazy ? "lazy" : null,
    });
  }
  const text = emblemText(department);
  return h("span", { class: text.length > 2 ? "logo-placeholder logo-placeholder-long" : "logo-placeholder", "aria-hidden": "true" }, text);
}
