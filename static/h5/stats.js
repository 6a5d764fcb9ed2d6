// 数据公开: this year's figures per department, from /api/v1/stats/ (no personal data).
import { get } from "./api.js";
import { empty, failure, h, title } from "./dom.js";

const percent = (rate) => (rate === null || rate === undefined ? "—" : `${Math.round(rate * 1000) / 10}%`);
const score = (value) => (value === null || value === undefined ? "—" : value.toFixed(1));

export default async function stats() {
  let data;
  try {
    data = await get("stats/");
  } catch {
    return {
      title: "数据公开",
      node: [title("数据公开"), failure("加载失败，请检查网络后重试。", () => dispatchEvent(new HashChangeEvent("hashchange")))],
    };
  }
  const city = data.city || {};
  const rows = (data.departments || []).map((d) =>
    h("tr", {},
      h("th", { scope: "row" }, d.name),
      h("td", {}, String(d.received)),
      h("td", {}, String(d.answered)),
      h("td", {}, percent(d.on_time_rate)),
      h("td", {}, percent(d.satisfaction_rate)),
      h("td", {}, score(d.impression_average))));
  return {
    title: "数据公开",
    node: [
      title("数据公开"),
      h("p", { class: "lead" }, `${data.year} 年全市诉求办理情况，每 5 分钟更新，不含任何个人信息。`),
      h("dl", { class: "stat-cards" },
        h("div", {}, h("dt", {}, "受理诉求"), h("dd", {}, String(city.received ?? "—"))),
        h("div", {}, h("dt", {}, "已答复"), h("dd", {}, String(city.answered ?? "—"))),
        h("div", {}, h("dt", {}, "按时答复率"), h("dd", {}, percent(city.on_time_rate))),
        h("div", {}, h("dt", {}, "满意率"), h("dd", {}, percent(city.satisfaction_rate)))),
      rows.length
        ? h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "各部门办理情况" },
            h("table", { class: "stats-table" },
              h("caption", {}, "各部门办理情况"),
              h("thead", {}, h("tr", {},
                ...["部门", "受理", "答复", "按时答复率", "满意率", "市民印象"].map((label) => h("th", { scope: "col" }, label)))),
              h("tbody", {}, ...rows)))
        : empty("暂无数据。"),
    ],
  };
}
