// 政务相册: published albums with their covers.
import { get } from "./api.js";
import { empty, fmtDate, h, title } from "./dom.js";

export default async function albums() {
  let page = null;
  try {
    page = await get("albums/?page_size=50");
  } catch (error) {
    if (error.status && error.status !== 404) throw error;
  }
  const items = page ? (Array.isArray(page) ? page : page.results) : [];
  return {
    title: "政务相册",
    node: [
      title("政务相册"),
      items.length
        ? h("ul", { class: "album-grid" }, items.map((album) => h("li", {},
          h("a", { class: "album", href: `#/albums/${album.id}` },
            album.cover
              ? h("img", { src: album.cover.url, width: album.cover.width, height: album.cover.height, alt: "", loading: "lazy", decoding: "async" })
              : h("span", { class: "album-empty", "aria-hidden": "true" }),
            h("span", { class: "album-title" }, album.title),
            h("span", { class: "album-meta" }, [album.photo_count != null && `${album.photo_count} 张`, fmtDate(album.published_on), album.department?.short_name].filter(Boolean).join(" · "))))))
        : empty("暂无相册。"),
    ],
  };
}
