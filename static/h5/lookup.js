// 进度查询: number + query code → status, due date, timeline, answers; then 好差评
// of the current answer, or, while staff wait for the citizen (待补充材料), their
// question and the answer form (supplement.js). After 重新办理 the earlier answer stays, marked as set aside,
// with its rating, and the new answer gets its own rating. The code travels in the
// POST body only, never in the address. Citizens' and staff's words are set as text
// (never HTML); .text-lines keeps their line breaks.
import { ApiError, post, upload } from "./api.js";
import { announce, fill, fmtDateTime, h, helpline, title } from "./dom.js";
import { CONFIG } from "./config.js";
import { choices, clearErrors, field, missing, showErrors, summaryBox } from "./form.js";
import { myCases } from "./store.js";
import { supplementForm } from "./supplement.js";

const LEVELS = CONFIG.rating.levels;
const ANSWERED = new Set(CONFIG.rating.statuses);
const LOOKUP = CONFIG.lookup.lengths;
// 满意 and better, 基本满意, 不满意 and worse (the server's tone of each level): the
// rating's colour, next to its words.
const ratingTone = (level) => `rating-${LEVELS.find((l) => l.value === level)?.tone || "neutral"}`;

export default async function lookup({ query }) {
  const number = h("input", { name: "number", type: "text", maxlength: LOOKUP.number.max, autocomplete: "off", autocapitalize: "characters", spellcheck: "false" });
  const code = h("input", { name: "query_code", type: "text", maxlength: LOOKUP.query_code.max, autocomplete: "off", autocapitalize: "characters", spellcheck: "false" });
  const result = h("div", { class: "lookup-result" });
  const form = h("form", { class: "panel", novalidate: true },
    summaryBox(),
    field("登记编号", number, { required: true, hint: "如 TS-20261122-0001" }),
    field("查询码", code, { required: true, hint: "提交成功时显示的 8 位字母和数字" }),
    h("button", { type: "submit", class: "btn btn-primary btn-block" }, "查询"));

  async function run() {
    const errors = missing(form, { number: "请填写登记编号。", query_code: "请填写查询码。" });
    if (Object.keys(errors).length) return showErrors(form, errors);
    clearErrors(form);
    const button = form.querySelector("button");
    button.disabled = true;
    result.replaceChildren(h("p", { class: "loading" }, "正在查询…"));
    const credentials = { number: number.value.trim().toUpperCase(), query_code: code.value.replace(/\s+/g, "").toUpperCase() };
    try {
      const data = await post("cases/lookup/", credentials);
      fill(result, caseView(data, credentials));
      const heading = result.querySelector("h2");
      heading.focus();
      announce(`查询成功，当前状态：${data.status_label}`);
    } catch (error) {
      // A failed look-up is a dead end: a person to ask, beside the form.
      result.replaceChildren(h("p", { class: "next-steps" }, "查不到或记不清查询码？", helpline()));
      if (error instanceof ApiError && error.status === 400) showErrors(form, error.fields);
      else showErrors(form, { detail: error.message }, { heading: "查询未成功" });
    } finally {
      button.disabled = false;
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });

  const mine = myCases.list();
  const wanted = query.get("number");
  const known = wanted && myCases.find(wanted);
  if (wanted) number.value = wanted;
  if (known) {
    code.value = known.query_code;
    // A case from 我的诉求: show it straight away.
    queueMicrotask(run);
  }
  return {
    title: "进度查询",
    node: [
      title("进度查询"),
      form,
      !wanted && mine.length > 0 && h("p", {}, h("a", { class: "btn", href: "#/mine" }, `从“我的诉求”中选择（${mine.length} 件）`)),
      result,
    ],
  };
}

/** The case as the look-up shows it. `rate(body)` sends a rating ({level,
 * comment}); by default with the number and query code (`credentials`). A case
 * opened from 我的全部诉求 (mycase.js) has no credentials and rates through the
 * signed-in API; its supplement (FormData) is sent without the code, the session
 * proving access, and `supplied()` is told once it is in. */
export function caseView(data, credentials, options = {}) {
  const send = options.rate || ((body) => post("cases/evaluation/", { ...credentials, ...body }));
  const supply = (body) => {
    if (credentials) body.set("query_code", credentials.query_code);
    return upload(`cases/${encodeURIComponent(data.number)}/supplement/`, body);
  };
  const events = [...data.timeline].reverse();
  const waiting = data.status === "waiting" && data.info_question;
  return [
    h("section", { class: "case", "aria-labelledby": "case-title" },
      h("h2", { id: "case-title", tabindex: "-1" }, data.title),
      h("p", { class: "case-status" }, h("span", { class: `status status-${data.status}` }, data.status_label), ` ${data.kind_label}`),
      h("dl", { class: "facts" },
        h("dt", {}, "登记编号"), h("dd", {}, data.number),
        h("dt", {}, "受理部门"), h("dd", {}, data.department.name),
        data.service_type && [h("dt", {}, "办理事项"), h("dd", {}, data.service_type.name)],
        h("dt", {}, "提交时间"), h("dd", {}, fmtDateTime(data.submitted_at)),
        data.due_at && [h("dt", {}, "答复期限"), h("dd", {}, `${fmtDateTime(data.due_at)} 前`)],
        data.replied_at && [h("dt", {}, "答复时间"), h("dd", {}, fmtDateTime(data.replied_at))],
        "sms_notices" in data && [h("dt", {}, "短信通知"), h("dd", { class: "sms-state" }, data.sms_notices ? "已开启" : "已关闭")]),
      answers(data),
      data.rejection_reason && h("div", { class: "reply" }, h("h3", {}, "不予受理的理由"), h("p", { class: "text-lines" }, data.rejection_reason)),
      h("h3", {}, "办理过程"),
      h("ol", { class: "timeline" }, events.map((event) => h("li", {},
        h("span", { class: "timeline-status" }, event.label || event.status_label),
        h("span", { class: "timeline-time" }, fmtDateTime(event.created_at)),
        // A reply's text is shown with its answer above, not twice.
        event.note && event.action !== "reply" && h("p", { class: "text-lines" }, event.note)))),
      data.attachments?.length > 0 && [h("h3", {}, "您提交的照片"), h("ul", { class: "photo-list" }, data.attachments.map((photo, i) =>
        h("li", {}, h("a", { href: photo.image, target: "_blank", rel: "noopener" },
          h("img", { src: photo.thumbnail || photo.image, alt: `第 ${i + 1} 张照片`, width: 88, height: 88, loading: "lazy" })))))]),
    waiting && supplementForm(data, {
      send: supply,
      done: (answer) => {
        options.supplied?.();
        const box = document.querySelector(".lookup-result");
        fill(box, h("p", { class: "notice notice-ok" }, "补充材料已提交，部门将继续办理。"), caseView(answer, credentials, options));
        box.querySelector("h2").focus();
      },
    }),
    evaluation(data, send),
    credentials && rememberButton(data, credentials),
    credentials && data.sms_notices !== false && smsStopButton(credentials),
  ];
}

/** Every answer, the current one first; after 重新办理 the earlier ones are marked
 * as set aside and keep the rating given to them. */
function answers(data) {
  // A server without `replies` has one answer, in `reply`.
  const replies = data.replies || (data.reply ? [{ reply_round: 1, reply: data.reply, superseded: false }] : []);
  const several = replies.length > 1;
  return [...replies].reverse().map((answer, index) =>
    h("div", { class: answer.superseded ? "reply reply-superseded" : "reply" },
      h("h3", {}, several ? `部门答复（第 ${answer.reply_round} 次）` : "部门答复"),
      answer.superseded && h("p", { class: "superseded-mark" },
        // The newest answer superseded and no new one yet: the case is being handled again.
        index === 0 ? "已重新办理，此答复将被新的答复取代" : "已被新的答复取代"),
      h("p", { class: "reply-text text-lines" }, answer.reply || "（此次答复的内容未留存）"),
      answer.replied_at && h("p", { class: "hint" }, `答复时间：${fmtDateTime(answer.replied_at)}`),
      answer.superseded && answer.evaluation && h("p", {}, "您对这次答复的评价：",
        h("strong", { class: ratingTone(answer.evaluation.level) }, answer.evaluation.label))));
}

/** 好差评 of the current answer: shown once the case is answered, when this server
 * rates cases. */
function evaluation(data, send) {
  if (!("evaluation" in data) || !ANSWERED.has(data.status)) return null;
  if (data.evaluation) return rated(data.evaluation);
  const again = (data.replies || []).some((answer) => answer.superseded);
  const comment = h("textarea", { name: "comment", rows: 3, maxlength: CONFIG.feedback.evaluation.comment.max });
  const form = h("form", { class: "panel", novalidate: true, "aria-labelledby": "h-evaluate" },
    h("h2", { id: "h-evaluate" }, again ? "对新的答复评价" : "对办理结果评价"),
    summaryBox(),
    choices("您对这次办理满意吗？", "level", LEVELS, { required: true }),
    field("意见", comment, { hint: "不满意时请说明原因，部门将整改。" }),
    h("button", { type: "submit", class: "btn btn-primary" }, "提交评价"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = missing(form, { level: "请选择满意程度。" });
    if (Object.keys(errors).length) return showErrors(form, errors);
    clearErrors(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const answer = await send({ level: Number(form.elements.level.value), comment: comment.value.trim() });
      const level = Number(form.elements.level.value);
      const label = answer?.label || LEVELS.find((l) => l.value === level).label;
      const box = rated({ ...answer, level, label, comment: comment.value.trim() });
      if (answer?.notice) box.append(h("p", { class: "notice notice-ok" }, answer.notice));
      form.replaceWith(box);
      box.querySelector("h2").focus();
      announce(`评价已提交：${label}`);
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiError && error.status === 400) showErrors(form, error.fields);
      else showErrors(form, { detail: error.message });
    }
  });
  return form;
}

function rated(evaluation) {
  return h("section", { class: "panel evaluated", "aria-labelledby": "h-evaluated" },
    h("h2", { id: "h-evaluated", tabindex: "-1" }, "您的评价"),
    h("p", { class: `evaluation-label ${ratingTone(evaluation.level)}` }, evaluation.label || ""),
    evaluation.comment && h("p", { class: "text-lines" }, evaluation.comment),
    evaluation.created_at && h("p", { class: "hint" }, fmtDateTime(evaluation.created_at)));
}

function rememberButton(data, credentials) {
  if (myCases.find(data.number)) return null;
  const button = h("button", { type: "button", class: "btn" }, "在本机记住这件诉求");
  button.addEventListener("click", () => {
    myCases.remember({ ...credentials, kind: data.kind, title: data.title, department: data.department.name, submitted_at: data.submitted_at, due_at: data.due_at });
    button.replaceWith(h("p", { role: "status" }, "已记住，可在“我的诉求”中查看。"));
  });
  return h("div", { class: "actions" }, button);
}

/** 不再接收短信 (PIPL): with the look-up's number and code, the citizen stops the
 * progress SMS of this case; the server answers the same whether or not they had
 * agreed to them. */
function smsStopButton(credentials) {
  const button = h("button", { type: "button", class: "btn" }, "不再接收短信通知");
  button.addEventListener("click", async () => {
    if (!confirm("确定不再接收这件诉求的办理进度短信吗？")) return;
    button.disabled = true;
    try {
      const answer = await post("cases/lookup/sms-stop/", credentials);
      const state = document.querySelector(".lookup-result .sms-state");
      if (state) state.textContent = "已关闭";
      button.replaceWith(h("p", { role: "status" }, answer.detail));
    } catch (error) {
      button.disabled = false;
      announce(error.message || "操作未成功，请稍后再试。");
    }
  });
  return h("div", { class: "actions" }, button);
}
