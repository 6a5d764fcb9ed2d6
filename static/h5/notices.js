// 政务信息: 政务动态, 通知公告, 政策文件 and 政策解读, pinned first, with a search.
import { get, moreButton } from "./api.js";
import { add, empty, failure, fmtDate, h, title } from "./dom.js";
import { nothingFound } from "./nextsteps.js";

const KINDS = [["", "全部"], ["news", "动态"], ["notice", "公告"], ["policy", "政策"], ["interpretation", "解读"]];

export default async function notices({ query }) {
  const kind = KINDS.some(([name]) => name && name === query.get("kind")) ? query.get("kind") : "";
  const search = (query.get("q") || "").trim();
  const list = h("ul", { class: "cards notices" });
  const results = h("div", { class: "results" });
  const params = new URLSearchParams({ page_size: "10" });
  if (kind) params.set("kind", kind);
  if (search) params.set("search", search);
  try {
    const page = await get(`notices/?${params}`);
    list.append(...page.results.map(card));
    add(results, page.results.length ? list : (search ? nothingFound(`没有找到与“${search}”相关的信息。`, search) : empty("暂无信息。")), moreButton(page.next, list, card, "条信息"));
  } catch {
    results.append(failure("加载失败，请检查网络后重试。", () => dispatchEvent(new HashChangeEvent("hashchange"))));
  }
  const box = h("input", { type: "search", name: "q", value: search, "aria-label": "搜索政务信息", placeholder: "搜索标题、正文，如 社保" });
  const form = h("form", { class: "search-bar", role: "search" }, box, h("button", { type: "submit", class: "btn" }, "搜索"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (kind) next.set("kind", kind);
    if (box.value.trim()) next.set("q", box.value.trim());
    location.hash = `#/notices${next.size ? `?${next}` : ""}`;
  });
  return {
    title: "政务信息",
    node: [
      title("政务信息"),
      form,
      h("nav", { class: "kind-switch", "aria-label": "信息类别" },
        KINDS.map(([name, label]) => h("a", { href: name ? `#/notices?kind=${name}` : "#/notices", "aria-current": name === kind ? "page" : null }, label))),
      results,
    ],
  };
}

function card(item) {
  return h("li", {}, h("a", { class: "card", href: `#/notices/${item.id}` },
    item.cover && h("img", { src: item.cover, alt: "", width: 96, height: 54, class: "notice-cover", loading: "lazy" }),
    h("div", { class: "card-body" },
      h("h2", { class: "card-title" }, item.pinned ? h("span", { class: "tag" }, "置顶") : "", " ", item.title),
      h("p", { class: "card-text" }, `${item.kind_label} · ${item.department} · ${fmtDate(item.publish_at)}`),
      item.summary && h("p", { class: "card-text" }, item.summary))));
}
