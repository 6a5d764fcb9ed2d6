// One survey or poll: its questions as a form, one submission per device or phone
// (the server decides), then the results when they are public.
import { ApiError, forget, get, post } from "./api.js";
import { announce, fill, h, nextId, title } from "./dom.js";
import { choices, field, showErrors, summaryBox } from "./form.js";
import { signInForm } from "./myphone.js";
import { CONFIG } from "./config.js";

export default async function survey({ params: [id] }) {
  const item = await get(`surveys/${id}/`);
  const container = h("div");
  if (!item.is_open) {
    fill(container, item.results_public ? await resultsView(await get(`surveys/${id}/results/`)) : h("p", { class: "empty" }, "该调研已结束。"));
  } else if (item.audience === "phone" && !(await signedIn())) {
    fill(container, h("p", {}, "本调研每个手机号参与一次，请先登录。"),
      h("h2", { id: "h-phone", tabindex: "-1" }, "用手机号登录"),
      signInForm(() => { forget("me/"); dispatchEvent(new HashChangeEvent("hashchange")); }));
  } else {
    fill(container, answerForm(item, async (results) => {
      fill(container, h("p", { class: "notice", role: "status" }, "感谢参与！"), item.results_public ? await resultsView(results) : "");
      announce("已提交，感谢参与");
    }));
  }
  return { title: item.title, node: [title(item.title), item.description && h("p", { class: "lead" }, item.description), container] };
}

async function signedIn() {
  try { return (await get("me/")).signed_in; } catch { return false; }
}

function answerForm(item, done) {
  const controls = item.questions.map((question, index) => {
    const label = `${index + 1}. ${question.text}`;
    if (question.kind === "single" || question.kind === "multiple") {
      return choices(label, `q${question.id}`, question.options.map((option, n) => ({ value: n, label: option })),
        { type: question.kind === "single" ? "radio" : "checkbox", required: question.required, hint: question.kind === "multiple" ? "可多选" : "" });
    }
    if (question.kind === "rating") {
      return choices(label, `q${question.id}`, [5, 4, 3, 2, 1].map((score) => ({ value: score, label: `${score} 分` })),
        { required: question.required, layout: "choices-grid" });
    }
    const text = h("textarea", { name: `q${question.id}`, id: nextId("text"), rows: 3, maxlength: CONFIG.surveys.text_max });
    return field(label, text, { required: question.required });
  });
  const form = h("form", { class: "panel", novalidate: true }, summaryBox(), controls,
    h("button", { type: "submit", class: "btn btn-primary btn-block" }, "提交"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = item.questions.map((question) => {
      const name = `q${question.id}`;
      if (question.kind === "text") return { question: question.id, text: form.querySelector(`[name=${name}]`).value.trim() };
      const picked = [...form.querySelectorAll(`[name=${name}]:checked`)].map((input) => Number(input.value));
      return question.kind === "rating" ? (picked.length ? { question: question.id, rating: picked[0] } : { question: question.id }) : { question: question.id, choices: picked };
    });
    try {
      done(await post(`surveys/${item.id}/responses/`, { answers }));
    } catch (error) {
      showErrors(form, error instanceof ApiError && error.status === 400 ? error.fields : { detail: error.message }, { heading: "提交未成功：" });
    }
  });
  return form;
}

function resultsView(results) {
  return h("section", { class: "section", "aria-labelledby": "h-results" },
    h("h2", { id: "h-results" }, `结果（${results.responses} 份）`),
    results.questions.map((question) => {
      const rows = question.options || Object.entries(question.ratings || {}).reverse().map(([score, count]) => ({ label: `${score} 分`, count }));
      const top = Math.max(1, ...rows.map((row) => row.count));
      return h("div", { class: "survey-result" }, h("h3", {}, question.text),
        rows.length ? h("ul", { class: "vote-bars" }, rows.map((row) => h("li", {},
          h("span", { class: "vote-label" }, row.label),
          h("span", { class: "vote-track", "aria-hidden": "true" }, fillTo(Math.round((100 * row.count) / top))),
          h("span", { class: "vote-count" }, `${row.count}`)))) : h("p", { class: "hint" }, `简答 ${question.texts || 0} 份`),
        question.average != null && h("p", { class: "hint" }, `平均 ${question.average} 分`));
    }));
}

// Set through the CSSOM, which the page's CSP allows (style attributes it does not).
function fillTo(percent) {
  const bar = h("span", { class: "vote-fill" });
  bar.style.width = `${percent}%`;
  return bar;
}
