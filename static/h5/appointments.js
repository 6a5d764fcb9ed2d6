// 我的预约: every booking of the signed-in phone, the coming ones first.
import { forget, get } from "./api.js";
import { empty, h, title } from "./dom.js";
import { signInForm } from "./myphone.js";

export default async function appointments() {
  let me = null;
  try { me = await get("me/"); } catch { me = null; }
  if (!(me && me.signed_in)) {
    return {
      title: "我的预约",
      node: [title("我的预约"), h("p", { class: "lead" }, "用预约时的手机号登录后查看。"),
        h("h2", { id: "h-phone", tabindex: "-1" }, "用手机号登录"), signInForm(again)],
    };
  }
  const page = await get("me/appointments/");
  return {
    title: "我的预约",
    node: [title("我的预约"),
      page.results.length
        ? h("ul", { class: "cards", "aria-label": "我的预约" }, page.results.map(card))
        : empty("还没有预约。"),
      h("p", {}, h("a", { class: "btn btn-primary", href: "#/book" }, "预约办事"))],
  };
}

function card(item) {
  return h("li", {}, h("a", { class: "card", href: `#/appointments/${encodeURIComponent(item.number)}` },
    h("div", { class: "card-body" },
      h("h2", { class: "card-title" }, item.service_type),
      h("p", { class: "card-text" }, `${item.time_text} · ${item.department} ${item.window}`),
      h("p", { class: "card-text" }, h("span", { class: `status status-${item.status}` }, item.status_label), " 预约号 ", item.number))));
}

function again() {
  forget("me/");
  dispatchEvent(new HashChangeEvent("hashchange"));
}
