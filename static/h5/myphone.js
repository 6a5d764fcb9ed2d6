// 用手机号查看我的全部诉求: a code by SMS to the phone, then every case with that
// contact phone, on any phone. Signed in, each case can be opened (and rated there),
// its SMS stopped, and a new query code issued (the old one stops working). The
// session is the server's (a cookie); nothing of it is kept in localStorage.
import { ApiError, forget, get, moreButton, post } from "./api.js";
import { announce, fill, fmtDate, fmtDateTime, h } from "./dom.js";
import { clearErrors, field, showErrors, summaryBox } from "./form.js";
import { myCases } from "./store.js";
import { CONFIG, caseLength } from "./config.js";

/** The section of 我的 that signs in with a phone and lists its cases. */
export function phoneSection() {
  const section = h("section", { class: "section", "aria-labelledby": "h-phone" });
  async function show() {
    forget("me/");
    let me = null;
    try { me = await get("me/"); } catch { me = null; }
    if (me && me.signed_in) fill(section, heading(), await caseList(me, show));
    else fill(section, heading(), signInForm(show));
  }
  show();
  return section;
}

const heading = () => h("h2", { id: "h-phone", tabindex: "-1" }, "用手机号查看我的全部诉求");

/** The sign-in form (a code by SMS, then the code); `done` runs once signed in. */
export function signInForm(done) {
  const phone = h("input", { name: "phone", type: "tel", inputmode: "numeric", autocomplete: "tel", maxlength: caseLength("contact_phone").max });
  const code = h("input", { name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: CONFIG.citizen.code_digits, pattern: "[0-9]*" });
  const send = h("button", { type: "button", class: "btn" }, "获取验证码");
  const sent = h("p", { class: "hint", role: "status" });
  const form = h("form", { class: "panel", novalidate: true },
    h("p", {}, "在任何手机上，凭提交诉求时留的手机号和短信验证码，查看、评价您的全部诉求。"),
    summaryBox(),
    field("手机号", phone, { required: true, hint: "提交诉求时填写的手机号" }),
    h("div", { class: "actions" }, send),
    sent,
    field("验证码", code, { required: true, hint: `短信中的 ${CONFIG.citizen.code_digits} 位数字，${CONFIG.citizen.code_minutes} 分钟内有效` }),
    h("button", { type: "submit", class: "btn btn-primary btn-block" }, "登录"));

  let timer = null;
  function countdown(seconds) {
    clearInterval(timer);
    let left = seconds;
    send.disabled = true;
    const tick = () => {
      if (left <= 0) {
        clearInterval(timer);
        send.disabled = false;
        send.textContent = "重新获取验证码";
        return;
      }
      send.textContent = `${left} 秒后可重新获取`;
      left -= 1;
    };
    tick();
    timer = setInterval(tick, 1000);
  }

  send.addEventListener("click", async () => {
    if (!phone.value.trim()) return showErrors(form, { phone: "请填写手机号。" });
    clearErrors(form);
    send.disabled = true;
    try {
      const answer = await post("me/code/", { phone: phone.value.trim() });
      sent.textContent = answer.detail;
      countdown(answer.resend_after || 60);
      code.focus();
    } catch (error) {
      send.disabled = false;
      if (error instanceof ApiError && error.status === 400) showErrors(form, error.fields);
      else showErrors(form, { detail: error.message }, { heading: "验证码未发送" });
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    if (!phone.value.trim()) errors.phone = "请填写手机号。";
    if (!code.value.trim()) errors.code = "请填写短信验证码。";
    if (Object.keys(errors).length) return showErrors(form, errors);
    clearErrors(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await post("me/login/", { phone: phone.value.trim(), code: code.value.trim() });
      clearInterval(timer);
      announce("登录成功");
      await done();
      document.getElementById("h-phone")?.focus();
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiError && error.status === 400) showErrors(form, error.fields);
      else showErrors(form, { detail: error.message }, { heading: "登录未成功" });
    }
  });
  return form;
}

async function caseList(me, done) {
  const logout = h("button", { type: "button", class: "btn" }, "退出登录");
  logout.addEventListener("click", async () => {
    try { await post("me/logout/", {}); } catch { /* the next screen says where it stands */ }
    announce("已退出登录");
    await done();
  });
  const intro = h("p", { class: "signed-in" }, `已用手机号 ${me.phone} 登录。`, " ", logout);
  let page;
  try {
    page = await get("me/cases/");
  } catch (error) {
    return [intro, h("p", { class: "notice notice-error", role: "alert" }, error.message)];
  }
  if (!page.results.length) return [intro, h("p", { class: "empty" }, "该手机号还没有诉求。")];
  const list = h("ul", { class: "cards my-phone-cases", "aria-label": "我的全部诉求" }, page.results.map(caseCard));
  return [intro, list, moreButton(page.next, list, caseCard, "件诉求")];
}

function caseCard(item) {
  const status = h("div", { role: "status" });
  const actions = h("div", { class: "actions" },
    h("a", { class: "btn btn-primary", href: `#/mine/${encodeURIComponent(item.number)}` },
      item.can_rate ? "查看并评价" : "查看"));
  if (item.sms_consent) actions.append(stopSmsButton(item, status));
  actions.append(newCodeButton(item, status));
  return h("li", { class: "card card-static" },
    h("div", { class: "card-body" },
      h("h3", { class: "card-title" }, item.title),
      h("p", { class: "card-text" }, [item.kind_label, fmtDate(item.submitted_at)].join(" · ")),
      h("p", { class: "card-text" }, h("span", { class: `status status-${item.status}` }, item.status_label),
        item.due_at && ` 答复期限 ${fmtDateTime(item.due_at)}`),
      h("p", { class: "card-text" }, "登记编号 ", h("span", { class: "code-inline nowrap" }, item.number)),
      item.can_rate && h("p", { class: "card-text" }, "已答复，待您评价"),
      actions, status));
}

function stopSmsButton(item, status) {
  const button = h("button", { type: "button", class: "btn", "aria-label": `${item.number} 不再接收短信` }, "不再接收短信");
  button.addEventListener("click", async () => {
    if (!confirm("确定不再接收这件诉求的办理进度短信吗？")) return;
    button.disabled = true;
    try {
      await post(`me/cases/${encodeURIComponent(item.number)}/stop-sms/`, {});
      forget("me/cases/");
      button.remove();
      fill(status, h("p", { class: "notice notice-ok" }, "已退订，这件诉求不再发送短信。"));
      announce("已退订短信");
    } catch (error) {
      button.disabled = false;
      fill(status, h("p", { class: "notice notice-error" }, error.message));
    }
  });
  return button;
}

function newCodeButton(item, status) {
  const button = h("button", { type: "button", class: "btn", "aria-label": `${item.number} 重新生成查询码` }, "重新生成查询码");
  button.addEventListener("click", async () => {
    if (!confirm("重新生成后，原查询码将失效。确定吗？")) return;
    button.disabled = true;
    try {
      const answer = await post(`me/cases/${encodeURIComponent(item.number)}/query-code/`, {});
      // A case remembered on this phone keeps working with its new code.
      if (myCases.isSaved(item.number)) {
        myCases.remember({ ...myCases.find(item.number), query_code: answer.query_code });
      }
      fill(status, h("p", { class: "notice notice-ok" }, "新的查询码（只显示这一次，请妥善保存）：",
        h("strong", { class: "code-inline nowrap new-query-code" }, answer.query_code)));
      announce(`新的查询码是 ${answer.query_code.split("").join(" ")}`);
    } catch (error) {
      fill(status, h("p", { class: "notice notice-error" }, error.message));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
