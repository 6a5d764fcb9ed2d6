// 办事指南: service types of every department, searched by keyword.
import { get, moreButton } from "./api.js";
import { announce, empty, failure, fill, h, title } from "./dom.js";
import { serviceHref, submitHref } from "./links.js";
import { nothingFound } from "./nextsteps.js";
import { searchBox } from "./search.js";

export default async function guide({ query, isCurrent }) {
  const results = h("div", { class: "results" });
  const heading = h("h2", { class: "results-title" });
  let latest = 0;

  async function load(q) {
    const token = ++latest;
    const path = q ? `service-types/?search=${encodeURIComponent(q)}&page_size=20` : "service-types/?hot=true&page_size=20";
    results.setAttribute("aria-busy", "true");
    try {
      const page = await get(path);
      if (token !== latest) return;
      // count_capped: the server stopped counting at `count` (more than that).
      const total = `${page.count}${page.count_capped ? "+" : ""}`;
      heading.textContent = q ? `“${q}”的搜索结果（${total} 项）` : "热门服务";
      const list = h("ul", { class: "services" }, page.results.map(item));
      fill(results, page.results.length ? list : (q ? nothingFound(`没有找到与“${q}”相关的服务，请换个关键词试试。`, q) : empty("暂无热门服务。")),
        moreButton(page.next, list, item, "项"));
      if (q && isCurrent()) announce(`找到 ${total} 项服务`);
    } catch {
      results.replaceChildren(failure("加载失败，请检查网络后重试。", () => load(q)));
    }
    results.removeAttribute("aria-busy");
  }
  const q = query.get("q") || "";
  await load(q);
  return {
    title: "办事指南",
    node: [
      title("办事指南"),
      searchBox({ label: "搜索办事事项", placeholder: "如：失业补贴、营业执照", value: q, onSearch: load }),
      heading,
      results,
    ],
  };
}

function item(service) {
  return h("li", {}, h("details", { class: "service" },
    h("summary", {}, service.name,
      h("span", { class: "summary-meta" }, `${service.department.name} · ${service.window.name}`)),
    h("div", { class: "service-body" },
      service.description && h("p", {}, service.description),
      h("dl", { class: "facts" },
        h("dt", {}, "所需材料"),
        h("dd", {}, service.required_materials.length ? service.required_materials.join("、") : "无需材料"),
        h("dt", {}, "办理时限"),
        h("dd", {}, service.time_limit_days != null ? `承诺 ${service.time_limit_days} 个工作日` : "请咨询窗口"),
        h("dt", {}, "收费标准"),
        h("dd", {}, service.fee || "免费"),
        h("dt", {}, "办理地点"),
        h("dd", {}, `${service.department.name} ${service.window.name}（${service.window.location}）`)),
      h("div", { class: "actions" },
        service.by_appointment && h("a", { class: "btn btn-primary", href: `#/book?service=${service.id}` }, "预约办理"),
        h("a", { class: "btn", href: serviceHref(service) }, "查看部门"),
        h("a", { class: "btn", href: "#/nearby" }, "附近办事"),
        h("a", { class: "btn", href: submitHref("consultation", { department: service.department.id, serviceType: service.id }) }, "咨询此事项")))));
}
