// Copy text, with a fallback for WebViews without the async clipboard API.
import { announce, h, icon } from "./dom.js";

export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { readonly: true, "aria-hidden": "true", class: "offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch { ok = false; }
    area.remove();
    return ok;
  }
}

/** A button that copies `text`, named after what it copies. */
export function copyButton(label, text) {
  return h("button", {
    type: "button", class: "btn",
    onclick: async () => announce((await copy(text)) ? `已复制${label}` : `复制失败，请长按${label}手动复制`),
  }, icon("copy"), `复制${label}`);
}
