// A department's emblem: its uploaded logo, or a round badge with its Chinese short
// name (人社, 环保) when it has none; never Latin initials a citizen cannot read.
import { h } from "./dom.js";

/** The logo (decorative: the name is always beside it), or the badge. */
export function emblem(department, { size = 48, lazy = true } = {}) {
  if (department.logo) {
    return h("img", {
      src: department.logo, alt: "", width: size, height: size, decoding: "async", loading: lazy ? "lazy" : null,
    });
  }
  // The server's rule (Department.emblem_text): 人社局 → 人社.
  const text = department.emblem_text || "";
  return h("span", { class: text.length > 2 ? "logo-placeholder logo-placeholder-long" : "logo-placeholder", "aria-hidden": "true" }, text);
}
