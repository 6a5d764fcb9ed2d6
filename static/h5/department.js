// 部门详情: duties, address with a map link, hours, windows and their services,
// leaders with their rating, 市民印象, and the forms to add an impression or review.
import { get, optional } from "./api.js";
import { h, icon, title } from "./dom.js";
import { emblem } from "./emblem.js";
import { impressionsSection, leaderCard } from "./feedback.js";
import { KINDS, submitHref } from "./links.js";

export default async function department({ params, query }) {
  const [id] = params;
  const [dept, tags] = await Promise.all([get(`departments/${id}/`), optional(get("impression-tags/"))]);
  const focusService = query.get("service");
  const node = [
    h("div", { class: "dept-head" },
      emblem(dept, { size: 64, lazy: false }),
      title(dept.name)),
    h("p", { class: "lead" }, dept.duties_summary),
    h("div", { class: "actions" }, Object.entries(KINDS).map(([kind, info]) =>
      h("a", { class: `btn btn-${kind}`, href: submitHref(kind, { department: dept.id }) }, info.entrance))),
    infoSection(dept),
    dept.windows.length > 0 && h("section", { class: "section", "aria-labelledby": "h-windows" },
      h("h2", { id: "h-windows" }, "服务窗口与办事指南"),
      dept.windows.map((window) => windowBlock(dept, window, focusService))),
    dept.leaders.length > 0 && h("section", { class: "section", "aria-labelledby": "h-leaders" },
      h("h2", { id: "h-leaders" }, "领导干部"),
      h("ul", { class: "leaders" }, dept.leaders.map((leader) => h("li", {}, leaderCard(leader))))),
    dept.impressions && impressionsSection(dept, Array.isArray(tags) ? tags : tags?.results || []),
  ];
  if (focusService) {
    // Open and show the service a link pointed at, once the screen is in place.
    requestAnimationFrame(() => {
      const target = document.getElementById(`service-${focusService}`);
      if (!target) return;
      target.open = true;
      target.scrollIntoView({ block: "start" });
      target.querySelector("summary").focus({ preventScroll: true });
    });
  }
  return { title: dept.name, node };
}

function infoSection(dept) {
  const hasMap = dept.latitude && dept.longitude;
  // 高德's web URI opens its app when installed and a web map otherwise (WeChat too).
  const map = hasMap &&
    `https://uri.amap.com/marker?position=${dept.longitude},${dept.latitude}&name=${encodeURIComponent(dept.name)}&coordinate=gaode&callnative=1`;
  // The summary is already the lead under the name: repeat the duties only when
  // the description says more than it.
  const description = (dept.description || "").trim();
  const moreDuties = description && description !== (dept.duties_summary || "").trim();
  return h("section", { class: "section", "aria-labelledby": "h-info" },
    h("h2", { id: "h-info" }, "部门信息"),
    h("dl", { class: "facts" },
      moreDuties && fact("主要职责", description),
      dept.address && fact("办公地址", dept.address),
      dept.office_hours && fact("办公时间", hours(dept.office_hours)),
      dept.phone && [h("dt", {}, "联系电话"), h("dd", {}, telLink(dept.phone))],
      dept.satisfaction && satisfactionFact(dept.satisfaction)),
    map && h("div", { class: "actions" },
      h("a", { class: "btn", href: map, rel: "noopener" }, icon("pin"), "在地图中查看")));
}

/** The number itself is the button: one tap target that never breaks at its hyphen. */
function telLink(phone) {
  return h("a", { class: "btn tel", href: `tel:${phone.replace(/[^\d+-]/g, "")}` }, icon("phone"), phone);
}

/** "工作日 9:00-12:00，13:30-17:00" with each time range kept on one line. */
function hours(text) {
  return text.split(/(\d{1,2}:\d{2}\s*[-–~至]\s*\d{1,2}:\d{2})/).map((part, i) =>
    (i % 2 ? h("span", { class: "nowrap" }, part) : part));
}

function satisfactionFact(satisfaction) {
  // 好差评 of the department's answered cases: {rated, rate (0-1)}.
  if (!satisfaction.rated || satisfaction.rate == null) return null;
  const percent = Math.round(satisfaction.rate * 1000) / 10;
  return fact("办件满意率", `${percent}%（${satisfaction.rated} 件评价）`);
}

function fact(term, text) {
  return [h("dt", {}, term), h("dd", {}, text)];
}

function windowBlock(dept, window, focusService) {
  return h("article", { class: "window" },
    h("h3", {}, window.name),
    h("p", { class: "meta" }, [window.location, window.office_hours && hours(window.office_hours),
      window.phone && h("span", { class: "nowrap" }, `电话 ${window.phone}`)]
      .filter(Boolean).flatMap((part, i) => (i ? [" · ", part] : [part]))),
    window.description && h("p", {}, window.description),
    window.service_types.map((service) => h("details", {
      class: "service", id: `service-${service.id}`, open: String(service.id) === focusService,
    },
    h("summary", {}, service.name, service.is_hot && h("span", { class: "tag" }, "热门")),
    h("div", { class: "service-body" },
      service.description && h("p", {}, service.description),
      h("dl", { class: "facts" },
        h("dt", {}, "所需材料"),
        h("dd", {}, service.required_materials.length
          ? h("ul", { class: "materials" }, service.required_materials.map((m) => h("li", {}, m)))
          : "无需材料"),
        h("dt", {}, "办理时限"),
        h("dd", {}, service.time_limit_days != null ? `承诺 ${service.time_limit_days} 个工作日` : "请咨询窗口"),
        h("dt", {}, "收费标准"),
        h("dd", {}, service.fee || "免费"),
        h("dt", {}, "办理方式"),
        h("dd", {}, [service.online ? "可网上办理" : "窗口办理", service.by_appointment && "可预约"].filter(Boolean).join("，"))),
      h("div", { class: "actions" },
        service.by_appointment && h("a", { class: "btn btn-primary", href: `#/book?service=${service.id}` }, "预约办理"),
        h("a", { class: "btn", href: submitHref("consultation", { department: dept.id, serviceType: service.id }) }, "咨询此事项"))))));
}
