// 市民印象 and 领导点评 on the department page. These parts appear only when the
// server has them (the department carries `impressions`, a leader `rating`).
import { ApiError, forget, get, post } from "./api.js";
import { add, announce, fmtDate, h, scoreText, stars } from "./dom.js";
import { CONFIG, lengthText } from "./config.js";
import { choices, clearErrors, field, missing, showErrors, summaryBox } from "./form.js";

const SCORE_OPTIONS = [5, 4, 3, 2, 1].map((score) => ({
  value: score, label: `${score} 分`, hint: ["很差", "较差", "一般", "较好", "很好"][score - 1],
}));

export function scoreChoices(legend) {
  return choices(legend, "score", SCORE_OPTIONS, { required: true, layout: "scores" });
}

/** Distribution as [[score, count]] from either {"5": n} or [{score, count}]. */
function distribution(value) {
  if (Array.isArray(value)) return value.map((row) => [Number(row.score), Number(row.count)]);
  return Object.entries(value || {}).map(([score, count]) => [Number(score), Number(count)]);
}

export function impressionsSection(dept, tags) {
  const summary = dept.impressions;
  const rows = distribution(summary.distribution).sort((a, b) => b[0] - a[0]);
  const total = rows.reduce((sum, [, count]) => sum + count, 0) || 1;
  return h("section", { class: "section", "aria-labelledby": "h-impressions" },
    h("h2", { id: "h-impressions" }, "市民印象"),
    h("p", { class: "score-line" }, stars(summary.average), " ", scoreText(summary.average, summary.count)),
    rows.length > 0 && summary.count > 0 && h("ul", { class: "bars", "aria-label": "评分分布" }, rows.map(([score, count]) =>
      h("li", {}, h("span", { class: "bar-label" }, `${score} 分`),
        h("span", { class: "meter", "aria-hidden": "true" }, h("span", { style: `width:${Math.round((count / total) * 100)}%` })),
        h("span", { class: "bar-count" }, `${count} 人`)))),
    summary.top_tags?.length > 0 && h("ul", { class: "tags", "aria-label": "常见印象" },
      summary.top_tags.map((tag) => h("li", {}, `${tag.name ?? tag}${tag.count ? ` ${tag.count}` : ""}`))),
    summary.recent_comments?.length > 0 && h("ul", { class: "comments", "aria-label": "最新留言" },
      summary.recent_comments.map(commentItem)),
    impressionForm(dept, tags));
}

function commentItem(comment) {
  return h("li", {},
    h("p", { class: "comment-meta" }, comment.score ? `${comment.score} 分 · ` : "", fmtDate(comment.created_at)),
    comment.comment && h("p", {}, comment.comment));
}

function impressionForm(dept, tags) {
  const length = CONFIG.feedback.impression.comment;
  const comment = h("textarea", { name: "comment", rows: 3, maxlength: length.max });
  const form = h("form", { class: "panel", novalidate: true },
    h("h3", {}, "说说您的印象"),
    summaryBox(),
    scoreChoices("评分"),
    tags.length > 0 && choices("印象（可多选）", "tags", tags.map((tag) => ({ value: tag.id, label: tag.name })), { type: "checkbox", layout: "inline" }),
    field("留言", comment, { hint: `${lengthText(length)}，请勿填写姓名、电话等个人信息。` }),
    h("button", { type: "submit", class: "btn btn-primary" }, "提交印象"));
  form.addEventListener("submit", (event) => send(event, form, `departments/${dept.id}/impressions/`, () => ({
    score: Number(form.elements.score.value),
    tags: [...form.querySelectorAll("input[name=tags]:checked")].map((box) => Number(box.value)),
    comment: comment.value.trim(),
  }), "departments/"));
  return form;
}

async function send(event, form, path, body, cacheKey, required = { score: "请选择评分。" }) {
  event.preventDefault();
  const errors = missing(form, required);
  if (Object.keys(errors).length) return showErrors(form, errors);
  clearErrors(form);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const answer = await post(path, body());
    forget(cacheKey);
    const done = h("p", { class: "notice notice-ok", role: "status", tabindex: "-1" },
      (answer && answer.notice) || "提交成功，感谢您的评价！");
    form.replaceWith(done);
    done.focus();
  } catch (error) {
    button.disabled = false;
    if (error instanceof ApiError && error.status === 400) showErrors(form, error.fields);
    else showErrors(form, { detail: error.message });
  }
}

export function leaderCard(leader) {
  const rating = leader.rating;
  const actions = h("div", { class: "actions" });
  const card = h("article", { class: "leader" },
    leader.photo
      ? h("img", { src: leader.photo, alt: `${leader.name}的照片`, width: 72, height: 90, loading: "lazy", decoding: "async" })
      : null,
    h("div", { class: "leader-body" },
      h("h3", {}, leader.name, h("span", { class: "leader-title" }, leader.title)),
      leader.duties && h("p", {}, `分管：${leader.duties}`),
      rating && h("p", { class: "score-line" }, stars(rating.average), " ", scoreText(rating.average, rating.count)),
      rating && actions));
  if (rating) {
    const reviewsBox = h("div", { class: "reviews" });
    add(actions,
      h("button", { type: "button", class: "btn", "aria-expanded": "false", onclick: (event) => toggleForm(event, card, leader) }, "点评"),
      rating.count > 0 && h("button", { type: "button", class: "btn", "aria-expanded": "false", onclick: (event) => toggleReviews(event, reviewsBox, leader) }, "查看点评"),
    );
    card.querySelector(".leader-body").append(reviewsBox);
  }
  return card;
}

function toggleForm(event, card, leader) {
  const button = event.currentTarget;
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  const existing = card.querySelector("form");
  if (open) { existing && existing.remove(); return; }
  const length = CONFIG.feedback.review.comment;
  const comment = h("textarea", { name: "comment", rows: 3, maxlength: length.max });
  const form = h("form", { class: "panel", novalidate: true },
    summaryBox(),
    scoreChoices(`给${leader.name}评分`),
    field("点评内容", comment, { required: true, hint: `${lengthText(length)}，请文明留言。` }),
    h("button", { type: "submit", class: "btn btn-primary" }, "提交点评"));
  form.addEventListener("submit", (submitEvent) => send(submitEvent, form, `leaders/${leader.id}/reviews/`, () => ({
    score: Number(form.elements.score.value), comment: comment.value.trim(),
  }), "departments/", { score: "请选择评分。", comment: "请填写点评内容。" }));
  card.querySelector(".leader-body").append(form);
  form.querySelector("input").focus();
}

async function toggleReviews(event, box, leader) {
  const button = event.currentTarget;
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  if (open) { box.replaceChildren(); return; }
  box.replaceChildren(h("p", { class: "loading" }, "正在加载…"));
  try {
    const page = await get(`leaders/${leader.id}/reviews/`);
    const reviews = Array.isArray(page) ? page : page.results;
    box.replaceChildren(reviews.length ? h("ul", { class: "comments" }, reviews.map(commentItem)) : h("p", {}, "暂无公开的点评。"));
    announce(`已显示 ${reviews.length} 条点评`);
  } catch {
    box.replaceChildren(h("p", {}, "点评加载失败，请稍后再试。"));
  }
}
