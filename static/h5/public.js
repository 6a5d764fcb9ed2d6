// 公开信件: answered cases whose citizens agreed to publication (no personal data).
import { get, moreButton } from "./api.js";
import { add, empty, failure, fmtDate, h, title } from "./dom.js";
import { KINDS } from "./links.js";

export default async function publicLetters({ query }) {
  const kind = KINDS[query.get("kind")] ? query.get("kind") : "";
  const list = h("ul", { class: "letters" });
  const results = h("div", { class: "results" });

  try {
    const page = await get(`cases/public/?page_size=10${kind ? `&kind=${kind}` : ""}`);
    list.append(...page.results.map(letter));
    add(results, page.results.length ? list : empty("暂无公开信件。"), moreButton(page.next, list, letter, "封信件"));
  } catch {
    results.append(failure("加载失败，请检查网络后重试。", () => dispatchEvent(new HashChangeEvent("hashchange"))));
  }

  return {
    title: "公开信件",
    node: [
      title("公开信件"),
      h("p", { class: "lead" }, "经市民同意公开的诉求及部门答复，不含任何个人信息。"),
      h("nav", { class: "kind-switch", "aria-label": "信件类型" },
        [["", "全部"], ...Object.entries(KINDS).map(([name, k]) => [name, k.short])].map(([name, label]) =>
          h("a", { href: name ? `#/public?kind=${name}` : "#/public", "aria-current": name === kind ? "page" : null }, label))),
      results,
    ],
  };
}

function letter(item) {
  return h("li", { class: "letter" },
    h("article", {},
      h("h2", {}, item.title),
      h("p", { class: "meta" }, `${item.kind_label} · ${item.department.name} · ${fmtDate(item.submitted_at)}`),
      h("p", {}, item.content),
      item.reply && h("div", { class: "reply" },
        h("h3", {}, `${item.department.short_name || item.department.name}答复`, item.replied_at ? `（${fmtDate(item.replied_at)}）` : ""),
        h("p", {}, item.reply))));
}
