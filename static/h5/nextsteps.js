// Where a citizen goes when a search finds nothing: never a dead end. 问一问 with
// the same words, 我要咨询, and the 12345 hotline (政务服务便民热线, the same number
// in every city).
import { HOTLINE, h, helpline } from "./dom.js";
import { submitHref } from "./links.js";

export { HOTLINE };

export function nothingFound(text, query = "") {
  return h("div", { class: "empty next-steps" },
    h("p", {}, text),
    h("p", { class: "hint" }, "您可以："),
    h("div", { class: "actions" },
      h("a", { class: "btn", href: query ? `#/ask?q=${encodeURIComponent(query)}` : "#/ask" }, "问一问"),
      h("a", { class: "btn", href: submitHref("consultation") }, "我要咨询"),
      helpline(`拨打 ${HOTLINE}`)));
}
