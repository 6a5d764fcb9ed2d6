// 部门: every department, searchable by name or duties.
import { get } from "./api.js";
import { announce, empty, failure, h, title } from "./dom.js";
import { emblem } from "./emblem.js";
import { departmentHref } from "./links.js";
import { nothingFound } from "./nextsteps.js";
import { searchBox } from "./search.js";

export default async function departments({ query, isCurrent }) {
  const results = h("div", { class: "results" });
  let latest = 0;
  async function load(q) {
    const token = ++latest;
    results.setAttribute("aria-busy", "true");
    try {
      const page = await get(`departments/?page_size=100${q ? `&search=${encodeURIComponent(q)}` : ""}`);
      if (token !== latest) return;
      results.replaceChildren(page.results.length
        ? h("ul", { class: "cards" }, page.results.map(card))
        : q ? nothingFound(`没有找到与“${q}”相关的部门。`, q) : empty("暂无部门。"));
      if (q && isCurrent()) announce(`找到 ${page.results.length} 个部门`);
    } catch {
      results.replaceChildren(failure("部门列表加载失败。", () => load(q)));
    }
    results.removeAttribute("aria-busy");
  }
  const q = query.get("q") || "";
  await load(q);
  return {
    title: "政府部门",
    node: [
      title("政府部门"),
      searchBox({ label: "搜索部门", placeholder: "部门名称或职责，如：社保", value: q, onSearch: load }),
      results,
    ],
  };
}

function card(department) {
  const impressions = department.impressions;
  return h("li", {}, h("a", { class: "card", href: departmentHref(department.id) },
    emblem(department),
    h("span", { class: "card-body" },
      h("span", { class: "card-title" }, department.name),
      h("span", { class: "card-text" }, department.duties_summary),
      impressions && impressions.count > 0 &&
        h("span", { class: "card-meta" }, `市民评分 ${Number(impressions.average).toFixed(1)} · ${impressions.count} 条印象`))));
}
