// 补充材料: staff asked the citizen for more; the case waits (its time limit paused)
// until they answer here, with text and photos, checked as a submission's are. The
// limits come from the server (CONFIG.lookup.supplement, CONFIG.case.max_photos);
// the photos are downscaled in the browser first (photos.js).
import { ApiError } from "./api.js";
import { announce, h, icon, nextId } from "./dom.js";
import { CONFIG, lengthText } from "./config.js";
import { clearErrors, field, missing, showErrors, summaryBox } from "./form.js";
import { downscale } from "./photos.js";

/** The question and the answer form. `send(formData)` posts it (with the query
 * code, or signed in) and resolves with the case as it is now; `done(case)` shows
 * it. */
export function supplementForm(data, { send, done }) {
  const limits = CONFIG.lookup.supplement.content;
  const room = Math.max(0, CONFIG.case.max_photos - (data.attachments?.length || 0));
  const content = h("textarea", { name: "content", rows: 4, maxlength: limits.max });
  const fileInput = h("input", { type: "file", name: "photos", id: nextId("supplement-photos"), accept: "image/jpeg,image/png,image/webp", multiple: true, class: "file-input" });
  const photoList = h("ul", { class: "photo-list" });
  const photoCount = h("span", { class: "hint", id: `${fileInput.id}-count` });
  const photoError = h("p", { class: "error", id: `${fileInput.id}-error`, hidden: true });
  fileInput.setAttribute("aria-describedby", `${fileInput.id}-hint ${fileInput.id}-count`);
  let photos = [];

  const button = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "提交补充材料");
  const form = h("form", { class: "panel supplement", novalidate: true, "aria-labelledby": "h-supplement" },
    h("h2", { id: "h-supplement" }, "请补充材料"),
    h("div", { class: "notice" },
      h("h3", {}, "工作人员的问题"),
      h("p", { class: "text-lines info-question" }, data.info_question)),
    h("p", { class: "hint" }, "补充前办理时限暂停计算；提交后部门继续办理，时限相应顺延。"),
    summaryBox(),
    field("补充内容", content, { required: true, hint: lengthText(limits) }),
    room > 0 && h("div", { class: "field", dataset: { field: "photos" } },
      h("span", { class: "label-text" }, "照片", h("span", { class: "opt" }, "（选填）")),
      h("p", { class: "hint", id: `${fileInput.id}-hint` }, `还可添加 ${room} 张，上传前自动压缩。`),
      photoError, photoList, fileInput,
      h("label", { for: fileInput.id, class: "btn file-button" }, icon("photo"), "添加照片"), " ", photoCount),
    button);

  function renderPhotos() {
    photoList.replaceChildren(...photos.map((photo, i) => h("li", {},
      h("img", { src: photo.url, alt: `补充的第 ${i + 1} 张照片`, width: 88, height: 88 }),
      h("button", {
        type: "button", class: "icon-btn remove", "aria-label": `删除补充的第 ${i + 1} 张照片`,
        onclick: () => {
          URL.revokeObjectURL(photo.url);
          photos.splice(i, 1);
          renderPhotos();
          announce(`已删除第 ${i + 1} 张照片`);
          fileInput.focus();
        },
      }, icon("close")))));
    photoCount.textContent = `已选 ${photos.length} / ${room} 张`;
    fileInput.disabled = photos.length >= room;
  }

  fileInput.addEventListener("change", async () => {
    const files = [...fileInput.files];
    fileInput.value = "";
    const left = room - photos.length;
    const problems = [];
    if (files.length > left) problems.push(`最多还可添加 ${room} 张照片，多选的 ${files.length - left} 张未添加。`);
    for (const file of files.slice(0, left)) {
      try {
        const photo = await downscale(file);
        photos.push({ ...photo, url: URL.createObjectURL(photo.blob) });
      } catch (error) {
        problems.push(error.message);
      }
    }
    renderPhotos();
    photoError.textContent = problems.join(" ");
    photoError.hidden = !problems.length;
    announce(problems.length ? problems.join(" ") : `已添加照片，共 ${photos.length} 张`);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = missing(form, { content: "请填写补充内容。" });
    if (Object.keys(errors).length) return showErrors(form, errors);
    clearErrors(form);
    const body = new FormData();
    body.set("content", content.value.trim());
    for (const photo of photos) body.append("photos", photo.blob, photo.name);
    button.disabled = true;
    button.textContent = "正在提交…";
    try {
      const answer = await send(body);
      for (const photo of photos) URL.revokeObjectURL(photo.url);
      done(answer);
      announce("补充材料已提交，部门将继续办理。");
    } catch (error) {
      button.disabled = false;
      button.textContent = "提交补充材料";
      const fields = error instanceof ApiError && [400, 413].includes(error.status) ? error.fields : {};
      showErrors(form, Object.keys(fields).length ? fields : { detail: error.message });
    }
  });

  if (room > 0) renderPhotos();
  return form;
}
