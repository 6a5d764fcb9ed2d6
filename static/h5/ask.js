// 问一问: a question answered from the knowledge base, the service catalogue and
// the public letters (ranked search with synonyms; no language model). It points
// to the department, window and service, and offers 我要咨询 when nothing fits.
import { get } from "./api.js";
import { announce, failure, h, title } from "./dom.js";
import { answerDetails, voteButtons } from "./answers.js";
import { serviceHref, submitHref } from "./links.js";
import { nothingFound } from "./nextsteps.js";
import { searchBox } from "./search.js";

export default async function ask({ query, isCurrent }) {
  const results = h("div", { class: "results" });
  let latest = 0;

  async function load(q) {
    const token = ++latest;
    if (!q) {
      results.replaceChildren(h("p", { class: "hint" }, "例如：社保卡丢了怎么补办、失业金怎么领、身份证异地办理"));
      return;
    }
    results.setAttribute("aria-busy", "true");
    try {
      const found = await get(`knowledge/suggest/?ask=true&q=${encodeURIComponent(q.slice(0, 200))}`);
      if (token !== latest) return;
      results.replaceChildren(...render(found, q));
      if (isCurrent()) announce(found.entries.length ? `找到 ${found.entries.length} 条回答` : "没有找到现成的回答");
    } catch {
      results.replaceChildren(failure("加载失败，请检查网络后重试。", () => load(q)));
    }
    results.removeAttribute("aria-busy");
  }

  const q = query.get("q") || "";
  await load(q);
  return {
    title: "问一问",
    node: [
      title("问一问"),
      h("p", { class: "lead" }, "输入您想问的事，先看看已有的回答。"),
      searchBox({ label: "您的问题", placeholder: "如：社保卡丢了怎么补办", value: q, onSearch: load }),
      results,
    ],
  };
}

function render(found, q) {
  const parts = [];
  if (found.entries.length) {
    parts.push(h("h2", { class: "results-title" }, "知识库回答"),
      h("ul", { class: "answer-list" }, found.entries.map((entry) => h("li", {},
        answerDetails(entry, { extra: voteButtons(entry) })))));
  }
  if (found.services.length) {
    parts.push(h("h2", { class: "results-title" }, "相关办事事项"),
      h("ul", { class: "links" }, found.services.map((service) => h("li", {},
        h("a", { href: serviceHref(service) },
          h("span", { class: "link-title" }, service.name),
          h("span", { class: "link-meta" }, `${service.department.name} · ${service.window.name}（${service.window.location}）`))))));
  }
  if (found.letters.length) {
    parts.push(h("h2", { class: "results-title" }, "相似的公开信件"),
      h("ul", { class: "links" }, found.letters.map((letter) => h("li", {},
        h("div", { class: "letter-brief" },
          h("span", { class: "link-title" }, letter.title),
          h("span", { class: "link-meta" }, `${letter.department.name}答复：${letter.reply_excerpt}`))))));
  }
  if (!parts.length) return [nothingFound(`没有找到与“${q}”相关的回答。`)];
  parts.push(h("div", { class: "notice" },
    h("p", {}, "没有解决您的问题？"),
    h("a", { class: "btn btn-primary", href: submitHref("consultation") }, "我要咨询")));
  return parts;
}
