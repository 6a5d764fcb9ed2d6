// 我的诉求: the cases sent (or looked up and remembered) on this phone, and below
// them, after signing in with the phone number (myphone.js), every case of that
// number. Query codes are hidden until asked for (a phone gets shown around); where a case stands now, and
// with which department after a transfer, is what 查看进度 looks up.
import { announce, empty, fmtDate, h, icon, title } from "./dom.js";
import { copyButton } from "./clipboard.js";
import { KINDS } from "./links.js";
import { myCases } from "./store.js";
import { phoneSection } from "./myphone.js";

const MASK = "••••••••";

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
        h("p", { class: "card-text" }, [KINDS[record.kind]?.label, fmtDate(record.submitted_at)].filter(Boolean).join(" · ")),
        h("p", { class: "card-text" }, "登记编号 ", h("span", { class: "code-inline nowrap" }, record.number)),
        codeLine(record.query_code),
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
      h("p", { class: "lead" }, "以下诉求和查询码只保存在本手机上，查询码默认隐藏。清除浏览器数据或换手机后将无法查看，查询码请另行妥善保存。"),
      container,
      h("p", {}, h("a", { class: "btn", href: "#/lookup" }, "用编号和查询码查询其他诉求")),
      h("p", {}, h("a", { class: "btn", href: "#/appointments" }, icon("calendar"), "我的预约")),
      // Every case of the phone number, on any phone: signed in with an SMS code.
      phoneSection(),
    ],
  };
}

/** "查询码 ••••••••  [显示]": the button shows the code, and hides it again. */
function codeLine(code) {
  const value = h("span", { class: "code-inline nowrap" });
  const toggle = h("button", { type: "button", class: "btn", onclick: () => set(!shown) });
  let shown = false;
  function set(show) {
    shown = show;
    // Screen readers hear "已隐藏", not eight bullets.
    value.replaceChildren(show ? code : h("span", { "aria-hidden": "true" }, MASK), show ? "" : h("span", { class: "sr-only" }, "已隐藏"));
    toggle.textContent = show ? "隐藏" : "显示";
    toggle.setAttribute("aria-label", show ? "隐藏查询码" : "显示查询码");
  }
  set(false);
  return h("p", { class: "card-text code-line" }, "查询码 ", value, toggle);
}
