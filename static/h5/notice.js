// One notice: its title, where it comes from, the sanitised body (notices/rendering.py
// on the server: no script, no inline style, links and images only to this site),
// its pictures, the policy it interprets or the interpretations of it, a share link.
import { get } from "./api.js";
import { fmtDate, h, title } from "./dom.js";

export default async function notice({ params: [id] }) {
  const item = await get(`notices/${id}/`);
  const body = h("div", { class: "notice-body" });
  // The server's HTML, sanitised by nh3 with a list of tags and portal-only links.
  body.innerHTML = item.body_html;
  return {
    title: item.title,
    node: [
      title(item.title),
      h("p", { class: "meta" }, `${item.kind_label} · ${item.department} · ${fmtDate(item.publish_at)} · 浏览 ${item.view_count + 1}`),
      item.cover && h("img", { class: "notice-hero", src: item.cover, alt: "", width: 640, height: 360 }),
      item.interprets && h("p", { class: "notice" }, "解读的政策文件：", h("a", { href: `#/notices/${item.interprets.id}` }, item.interprets.title)),
      body,
      item.images.length > 0 && h("div", { class: "notice-images" },
        item.images.map((picture) => h("figure", {}, h("img", { src: picture.url, alt: picture.caption || "", loading: "lazy" }),
          picture.caption && h("figcaption", {}, picture.caption)))),
      item.interpretations.length > 0 && h("section", { class: "section", "aria-labelledby": "h-interpretations" },
        h("h2", { id: "h-interpretations" }, "政策解读"),
        h("ul", { class: "links" }, item.interpretations.map((other) => h("li", {}, h("a", { href: `#/notices/${other.id}` }, other.title))))),
      h("p", {}, h("a", { class: "btn", href: item.share_url }, "分享链接"), " ", h("a", { class: "btn", href: "#/notices" }, "更多政务信息")),
    ],
  };
}
