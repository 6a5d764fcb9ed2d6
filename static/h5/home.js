// 首页: posters, the three entrances, everyday services, the newest notices, hot
// services, departments.
import { get, optional } from "./api.js";
import { carousel } from "./carousel.js";
import { failure, h, helpline, icon } from "./dom.js";
import { emblem } from "./emblem.js";
import { KINDS, departmentHref, posterHref, serviceHref, submitHref } from "./links.js";

export default async function home({ onLeave }) {
  const [posters, departments, hot, notices] = await Promise.all([
    optional(get("posters/")),
    get("departments/?page_size=100").catch((error) => error),
    optional(get("service-types/?hot=true&page_size=6")),
    optional(get("notices/?page_size=3")),
  ]);
  const list = Array.isArray(posters) ? posters : posters?.results || [];
  return {
    title: "首页",
    node: [
      h("h1", { class: "sr-only", tabindex: "-1" }, "微政务首页"),
      list.length > 0 && posterCarousel(list, onLeave),
      h("section", { class: "section", "aria-labelledby": "h-entrances" },
        h("h2", { id: "h-entrances" }, "我要办理"),
        h("div", { class: "entrances" },
          Object.keys(KINDS).map((kind) => entrance(kind, ENTRANCE_ICONS[kind] || "chat")))),
      h("section", { class: "section", "aria-labelledby": "h-services" },
        h("h2", { id: "h-services" }, "便民服务"),
        h("div", { class: "quick" },
          quick("#/ask", "chat", "问一问"),
          quick("#/lookup", "search", "进度查询"),
          quick("#/guide", "book", "办事指南"),
          quick("#/book", "calendar", "预约办事"),
          quick("#/nearby", "pin", "附近办事"),
          quick("#/surveys", "chart", "调研投票"),
          quick("#/public", "mail", "公开信件"),
          quick("#/albums", "photo", "政务相册"),
          quick("#/stats", "chart", "数据公开"))),
      h("section", { class: "section", "aria-labelledby": "h-helpline" },
        h("h2", { id: "h-helpline" }, "人工服务"),
        h("p", {}, "不会操作，或没有找到要办的事？"),
        helpline("拨打 12345 政务服务便民热线")),
      notices && notices.results.length > 0 && h("section", { class: "section", "aria-labelledby": "h-notices" },
        h("h2", { id: "h-notices" }, "政务信息"),
        h("ul", { class: "links" }, notices.results.map((notice) =>
          h("li", {}, h("a", { href: `#/notices/${notice.id}` },
            h("span", { class: "link-title" }, notice.title),
            h("span", { class: "link-meta" }, `${notice.kind_label} · ${notice.department}`))))),
        h("p", {}, h("a", { class: "btn", href: "#/notices" }, "更多政务信息"))),
      hot && hot.results.length > 0 && h("section", { class: "section", "aria-labelledby": "h-hot" },
        h("h2", { id: "h-hot" }, "热门服务"),
        h("ul", { class: "links" }, hot.results.map((service) =>
          h("li", {}, h("a", { href: serviceHref(service) },
            h("span", { class: "link-title" }, service.name),
            h("span", { class: "link-meta" }, service.department.short_name || service.department.name)))))),
      h("section", { class: "section", "aria-labelledby": "h-departments" },
        h("h2", { id: "h-departments" }, "政府部门"),
        departments instanceof Error
          ? failure("部门列表加载失败。", () => dispatchEvent(new HashChangeEvent("hashchange")))
          : h("ul", { class: "dept-grid" }, departments.results.map(departmentTile))),
    ],
  };
}

const ENTRANCE_ICONS = { consultation: "chat", complaint: "alert", suggestion: "bulb" };

function entrance(kind, iconName) {
  return h("a", { class: `entrance entrance-${kind}`, href: submitHref(kind) },
    icon(iconName),
    h("span", { class: "entrance-label" }, KINDS[kind].entrance),
    h("span", { class: "entrance-hint" }, KINDS[kind].tagline));
}

function quick(href, iconName, label) {
  return h("a", { class: "quick-link", href }, icon(iconName), h("span", {}, label));
}

function departmentTile(department) {
  return h("li", {}, h("a", { class: "dept-tile", href: departmentHref(department.id) },
    emblem(department),
    h("span", {}, department.name)));
}

function posterCarousel(posters, onLeave) {
  const slides = posters.filter((poster) => poster.image).map((poster, i) => {
    const img = h("img", {
      src: poster.image.url, width: poster.image.width, height: poster.image.height, alt: poster.title,
      // The first poster is the largest thing on the screen: fetch it at once.
      loading: i === 0 ? "eager" : "lazy", fetchpriority: i === 0 ? "high" : null, decoding: "async",
    });
    const caption = h("span", { class: "slide-caption", "aria-hidden": "true" }, poster.title);
    const href = posterHref(poster.link);
    return href ? h("a", { class: "slide-link", href }, img, caption) : h("div", { class: "slide-link" }, img, caption);
  });
  if (!slides.length) return null;
  return carousel(slides, { label: "服务海报", auto: true, onLeave }).node;
}
