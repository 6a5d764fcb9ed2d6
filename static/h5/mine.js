// 我的诉求: the cases sent (or looked up and remembered) on this phone.
import { announce, empty, fmtDate, h, icon, title } from "./dom.js";
import { copyButton } from "./clipboard.js";
import { KINDS } from "./links.js";
import { myCases } from "./store.js";

export default async function mine() {
  const container = h("div");
  function render() {
    const cases = myCases.list();
    container.replaceChildren(cases.length
      ? h("ul", { class: "cards mine" }, cases.map(item))
      : empty("本机还没有保存诉求。提交诉求后会自动保存在这里。"));
  }
  function item(record) {
    return h("li", { class: "card card-static" },
      h("div", { class: "card-body" },
        h("h2", { class: "card-title" }, record.title || record.number),
        h("p", { class: "card-text" }, `${KINDS[record.kind]?.label || ""} · ${record.department || ""} · ${fmtDate(record.submitted_at)}`),
        h("p", { class: "card-text" }, "登记编号 ", h("span", { class: "code-inline" }, record.number)),
        h("p", { class: "card-text" }, "查询码 ", h("span", { class: "code-inline" }, record.query_code)),
        h("div", { class: "actions" },
          h("a", { class: "btn btn-primary", href: `#/lookup?number=${encodeURIComponent(record.number)}` }, "查看进度"),
          copyButton("查询码", record.query_code),
          h("button", {
            type: "button", class: "btn", "aria-label": `从本机删除 ${record.number}`,
            onclick: () => {
              if (!confirm("从本机删除后，需凭登记编号和查询码才能查询。确定删除吗？")) return;
              myCases.forget(record.number);
              render();
              announce("已从本机删除");
              document.querySelector("h1")?.focus();
            },
          }, icon("trash"), "删除"))));
  }
  render();
  return {
    title: "我的诉求",
    node: [
      title("我的诉求"),
      h("p", { class: "lead" }, "以下诉求只保存在本手机上，查询码请另行妥善保存。"),
      container,
      h("p", {}, h("a", { class: "btn", href: "#/lookup" }, "用编号和查询码查询其他诉求")),
    ],
  };
}
