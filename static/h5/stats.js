// 数据公开: this year's figures per department, from /api/v1/stats/ (no personal data).
import { get } from "./api.js";
import { empty, failure, h, title } from "./dom.js";

const percent = (rate) => (rate === null || rate === undefined ? "—" : `${Math.round(rate * 1000) / 10}%`);
const score = (value) => (value === null || value === undefined ? "—" : value.toFixed(1));

// Five figures beside a department's name do not fit a phone (at 320 px in 长辈模式
// the table was 379 px wide, 市民印象 off screen), so each department is a row group:
// its name on a line of its own, its figures under the column headers. Headers break
// only where the <wbr> is (按时 / 答复率), never one character a line.
const COLUMNS = [
  ["received", ["受理"]],
  ["answered", ["答复"]],
  ["on-time", ["按时", "答复率"]],
  ["satisfaction", ["满意率"]],
  ["impression", ["市民", "印象"]],
];

function departmentRows(d, i) {
  const id = `stats-dept-${i}`;
  const cell = (column, text) => h("td", { headers: `${id} stats-col-${column}` }, text);
  return h("tbody", {},
    h("tr", {}, h("th", { scope: "rowgroup", colspan: COLUMNS.length, id, class: "stats-dept" }, d.name)),
    h("tr", {},
      cell("received", String(d.received)),
      cell("answered", String(d.answered)),
      cell("on-time", percent(d.on_time_rate)),
      cell("satisfaction", percent(d.satisfaction_rate)),
      cell("impression", score(d.impression_average))));
}

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
  const rows = (data.departments || []).map(departmentRows);
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
              h("thead", {}, h("tr", {}, COLUMNS.map(([column, parts]) =>
                h("th", { scope: "col", id: `stats-col-${column}` }, parts.flatMap((part, i) => (i ? [h("wbr"), part] : [part])))))),
              rows))
        : empty("暂无数据。"),
    ],
  };
}
