// 提交成功: the number and the query code, with copy buttons and one plain warning
// to keep them. The case is already kept on this phone (我的诉求), so the warning says
// that, and what is lost with the phone; the API's own notice ("shown only once",
// for every client) is not repeated under it.
import { fmtDateTime, h, title } from "./dom.js";
import { copyButton } from "./clipboard.js";
import { KINDS } from "./links.js";
import { myCases } from "./store.js";

export default async function submitted({ params: [number] }) {
  const record = myCases.find(number);
  if (!record) {
    return {
      title: "提交成功",
      node: [title("提交成功"), h("p", {}, `登记编号：${number}。本机没有保存它的查询码。`),
        h("a", { class: "btn", href: "#/lookup" }, "进度查询")],
    };
  }
  return {
    title: "提交成功",
    node: [
      h("div", { class: "success-head" }, title("提交成功"),
        h("p", {}, `您的${KINDS[record.kind]?.label || "诉求"}已登记，${record.department || "受理部门"}将按时办理。`)),
      h("div", { class: "codes" },
        h("dl", {},
          h("dt", {}, "登记编号"),
          h("dd", { class: "code", id: "case-number" }, record.number),
          h("dt", {}, "查询码"),
          h("dd", { class: "code", id: "query-code" }, spaced(record.query_code))),
        h("div", { class: "actions" }, copyButton("登记编号", record.number), copyButton("查询码", record.query_code))),
      warning(record),
      h("dl", { class: "facts" },
        h("dt", {}, "标题"), h("dd", {}, record.title),
        h("dt", {}, "提交时间"), h("dd", {}, fmtDateTime(record.submitted_at)),
        record.due_at && [h("dt", {}, "答复期限"), h("dd", {}, `${fmtDateTime(record.due_at)} 前`)]),
      h("div", { class: "actions" },
        h("a", { class: "btn btn-primary", href: `#/lookup?number=${encodeURIComponent(record.number)}` }, "查看办理进度"),
        h("a", { class: "btn", href: "#/mine" }, "我的诉求"),
        h("a", { class: "btn", href: "#/" }, "返回首页")),
    ],
  };
}

function warning(record) {
  const saved = myCases.isSaved(record.number);
  return h("div", { class: "notice notice-warn", role: "note" },
    h("h2", {}, "请务必保存登记编号和查询码"),
    saved
      ? h("p", {}, "查询码已保存在本机的“我的诉求”中（默认隐藏，点“显示”查看）。清除浏览器数据或换手机后将无法查看，部门和客服也无法找回，请另行抄写、截屏或复制保存。")
      : h("p", {}, "本机未能保存这件诉求（可能是无痕浏览或存储已满），离开本页后将无法再看到查询码，部门和客服也无法找回。请现在抄写、截屏或复制保存。"),
    h("p", {}, record.anonymous
      ? "匿名举报无法电话回访，只能凭编号和查询码查看办理进度和答复。"
      : "凭编号和查询码可以查看办理进度和答复。"));
}

/** "83CX2WH2" → "83CX 2WH2": easier to read aloud and copy by hand. */
function spaced(code) {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}
