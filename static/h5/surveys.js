// 微调研 / 微投票: the open surveys and polls, and the ended ones whose results are public.
import { get } from "./api.js";
import { empty, fmtDate, h, title } from "./dom.js";

export default async function surveys() {
  const page = await get("surveys/");
  return {
    title: "调研投票",
    node: [
      title("调研投票"),
      h("p", { class: "lead" }, "参与政府部门的调研和投票，说出您的看法。答卷不记录您的身份。"),
      page.results.length
        ? h("ul", { class: "cards" }, page.results.map((item) => h("li", {}, h("a", { class: "card", href: `#/surveys/${item.id}` },
          h("div", { class: "card-body" },
            h("h2", { class: "card-title" }, item.title),
            h("p", { class: "card-text" }, `${item.kind_label} · ${item.department} · ${item.is_open ? `${fmtDate(item.closes_at)} 截止` : "已结束"}`))))))
        : empty("暂无调研。"),
    ],
  };
}
