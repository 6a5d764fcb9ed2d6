// One album: thumbnails, and a full-screen viewer to swipe through the photos.
import { get } from "./api.js";
import { carousel } from "./carousel.js";
import { empty, fmtDate, h, icon, title } from "./dom.js";

export default async function album({ params: [id], onLeave }) {
  const data = await get(`albums/${id}/`);
  const photos = data.photos || [];
  const label = (photo, i) => photo.caption || `${data.title} 第 ${i + 1} 张`;
  return {
    title: data.title,
    node: [
      h("p", {}, h("a", { class: "btn", href: "#/albums" }, icon("prev"), "全部相册")),
      title(data.title),
      data.description && h("p", { class: "lead" }, data.description),
      h("p", { class: "meta" }, [fmtDate(data.published_on), data.department?.name, `${photos.length} 张`].filter(Boolean).join(" · ")),
      photos.length
        ? h("ul", { class: "photo-grid" }, photos.map((photo, i) => h("li", {},
          h("button", { type: "button", class: "thumb", onclick: (event) => openViewer(photos, i, label, event.currentTarget, onLeave) },
            h("img", {
              src: photo.thumbnail.url, width: photo.thumbnail.width, height: photo.thumbnail.height,
              alt: label(photo, i), loading: i < 6 ? "eager" : "lazy", decoding: "async",
            })))))
        : empty("这个相册还没有照片。"),
    ],
  };
}

function openViewer(photos, start, label, opener, onLeave) {
  const slides = photos.map((photo, i) => h("figure", { class: "viewer-figure" },
    h("img", {
      src: photo.large.url, width: photo.large.width, height: photo.large.height, alt: label(photo, i),
      loading: Math.abs(i - start) <= 1 ? "eager" : "lazy", decoding: "async",
    }),
    photo.caption && h("figcaption", {}, photo.caption)));
  const strip = carousel(slides, { label: "照片浏览", start });
  const close = h("button", { type: "button", class: "icon-btn viewer-close", "aria-label": "关闭" }, icon("close"));
  const dialog = h("dialog", { class: "viewer", "aria-label": "照片浏览" }, close, strip.node);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("keydown", (event) => {
    // The strip handles arrows itself when it has focus; elsewhere in the viewer too.
    if (event.target === strip.track) return;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      strip.step(event.key === "ArrowLeft" ? -1 : 1);
      event.preventDefault();
    }
  });
  dialog.addEventListener("close", () => {
    dialog.remove();
    opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  strip.go(start, false);
  close.focus();
  onLeave(() => dialog.isConnected && dialog.close());
}
