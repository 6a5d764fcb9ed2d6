// 提交: one form per kind (咨询 / 投诉 / 建议). The draft, its photos and its
// Idempotency-Key survive a reload; a send that gets no answer is sent again with
// the same key, so the server registers the case once whatever the network did.
import { ApiError, NetworkError, all, get, upload } from "./api.js";
import { answersPanel } from "./answers.js";
import { announce, h, icon, nextId } from "./dom.js";
import { CONFIG, caseLength, lengthText } from "./config.js";
import { checkbox, clearErrors, field, missing, showErrors, summaryBox } from "./form.js";
import { KINDS } from "./links.js";
import { clearPhotos, downscale, loadPhotos, savePhotos } from "./photos.js";
import { drafts, myCases, newKey } from "./store.js";

const MAX_PHOTOS = CONFIG.case.max_photos;
const RETRY_DELAYS_MS = [1000, 3000, 6000];
const TEXT_FIELDS = ["department", "service_type", "title", "content", "complainee", "contact_name", "contact_phone", "address"];
const FLAGS = ["is_anonymous", "publish_consent", "sms_consent"];
const UNKNOWN_DEPARTMENT = "unknown";

export default async function submit({ params: [kind], query, onLeave }) {
  const [departments, storedPhotos] = await Promise.all([all("departments/?page_size=100"), loadPhotos(kind)]);
  let draft = drafts.load(kind);
  const restored = Boolean(draft.updated && Object.values(draft.fields).some((v) => v && v !== "false"));
  if (query.get("department")) {
    draft.fields.department = query.get("department");
    draft.fields.service_type = query.get("service_type") || "";
  }
  let photos = storedPhotos.map(withPreview);
  let sending = false;

  // --- the form -------------------------------------------------------------
  // "unknown": the citizen need not know whose business it is; the 派单目录 routes it.
  const department = h("select", { name: "department" },
    h("option", { value: "" }, "请选择部门"),
    h("option", { value: UNKNOWN_DEPARTMENT }, "不确定是哪个部门"),
    departments.map((d) => h("option", { value: String(d.id) }, d.name)));
  const serviceType = h("select", { name: "service_type" }, h("option", { value: "" }, "不选择具体事项"));
  const titleInput = h("input", { name: "title", type: "text", maxlength: caseLength("title").max, autocomplete: "off" });
  const content = h("textarea", { name: "content", rows: 6, maxlength: caseLength("content").max });
  const counter = h("span", { class: "counter" });
  const complainee = kind === "complaint" ? h("input", { name: "complainee", type: "text", maxlength: caseLength("complainee").max, autocomplete: "off" }) : null;
  const anonymous = kind === "complaint"
    ? checkbox("is_anonymous", "匿名举报（不留姓名和电话）", { hint: "匿名后部门无法电话回访，只能凭查询码查看进度和答复。" })
    : null;
  const contactName = h("input", { name: "contact_name", type: "text", maxlength: caseLength("contact_name").max, autocomplete: "name" });
  const contactPhone = h("input", { name: "contact_phone", type: "tel", maxlength: caseLength("contact_phone").max, autocomplete: "tel", inputmode: "tel" });
  const contact = h("div", { class: "contact" },
    field("联系人", contactName, { required: true }),
    field("联系电话", contactPhone, { required: true, hint: "手机号或带区号的固定电话，仅办理部门可见。" }));
  const address = h("input", { name: "address", type: "text", maxlength: caseLength("address").max, autocomplete: "street-address" });
  const consent = checkbox("publish_consent", "同意在“公开信件”中公开本诉求和答复", {
    hint: "默认不公开。公开时不显示姓名、电话、地址和被投诉对象。",
  });
  // PIPL: the citizen chooses; the city decides whether the box starts ticked.
  const smsConsent = checkbox("sms_consent", "接收办理进度短信（受理、答复、办结等）", {
    checked: Boolean(CONFIG.case.sms_consent_default),
    hint: "发送到上面的手机号；可在进度查询页随时退订。",
  });

  const fileInput = h("input", { type: "file", name: "attachments", id: nextId("photos"), accept: "image/jpeg,image/png,image/webp", multiple: true, class: "file-input" });
  const photoList = h("ul", { class: "photo-list" });
  const photoCount = h("span", { class: "hint", id: `${fileInput.id}-count` });
  fileInput.setAttribute("aria-describedby", `${fileInput.id}-hint ${fileInput.id}-count`);
  const photoError = h("p", { class: "error", id: `${fileInput.id}-error`, hidden: true });
  const photoField = h("div", { class: "field", dataset: { field: "attachments" } },
    h("span", { class: "label-text", id: `${fileInput.id}-label` }, "照片", h("span", { class: "opt" }, "（选填）")),
    h("p", { class: "hint", id: `${fileInput.id}-hint` }, `最多 ${MAX_PHOTOS} 张，上传前自动压缩。`),
    photoError, photoList, fileInput,
    h("label", { for: fileInput.id, class: "btn file-button" }, icon("photo"), "添加照片"), " ", photoCount);

  const progress = h("progress", { max: 100, value: 0, "aria-label": "上传进度" });
  const progressText = h("span", { class: "progress-text" });
  const progressBox = h("div", { class: "progress", hidden: true }, progress, progressText);
  const button = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "提交");
  const summary = summaryBox();

  // 咨询: answers before asking, while the title and content are typed.
  const answers = kind === "consultation"
    ? answersPanel({
      kind,
      read: () => ({ text: `${titleInput.value} ${content.value}`, department: department.value }),
      onResolved: selfServed,
    })
    : null;
  // 投诉: how many complaints about the same object are already in hand.
  const duplicateHint = kind === "complaint" ? h("div", { class: "notice notice-warn", role: "status", hidden: true }) : null;

  const form = h("form", { class: "case-form", novalidate: true, "aria-labelledby": "submit-title" },
    summary,
    field("受理部门", department, { required: true, hint: "不清楚由哪个部门办理时，选择“不确定是哪个部门”，由12345按事项分派。" }),
    field("办理事项", serviceType, { hint: "与具体服务有关时请选择，可帮助部门更快处理。" }),
    field("标题", titleInput, { required: true, hint: `${lengthText(caseLength("title"))}，一句话概括。` }),
    field("内容", content, { required: true, hint: `${lengthText(caseLength("content"))}，请写清时间、地点、经过和诉求。`, extra: counter }),
    answers && answers.node,
    complainee && field("被投诉/举报对象", complainee, { required: true, hint: "单位名称、店铺名称或具体地点。" }),
    duplicateHint,
    anonymous,
    contact,
    field("地址", address, { hint: "事发地点或您的联系地址。" }),
    photoField,
    consent,
    smsConsent,
    progressBox,
    button);

  const restoredNote = restored
    ? h("div", { class: "notice", role: "status" },
      h("p", {}, "已恢复您上次未提交的内容。"),
      h("button", { type: "button", class: "btn", onclick: startOver }, "清空重填"))
    : null;

  // --- draft ----------------------------------------------------------------
  function fill() {
    for (const name of TEXT_FIELDS) if (form.elements[name]) form.elements[name].value = draft.fields[name] || "";
    for (const name of FLAGS) {
      const box = form.elements[name];
      if (box) box.checked = name in draft.fields ? draft.fields[name] === "true" : box.checked;
    }
  }
  function collect() {
    const fields = {};
    for (const name of TEXT_FIELDS) if (form.elements[name]) fields[name] = form.elements[name].value;
    for (const name of FLAGS) if (form.elements[name]) fields[name] = String(form.elements[name].checked);
    return fields;
  }
  let saveTimer = null;
  let finished = false; // registered: nothing may write the draft back
  function saveNow() {
    clearTimeout(saveTimer);
    saveTimer = null;
    if (!finished) drafts.save(kind, { ...draft, fields: collect() });
  }
  function saveSoon() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, 250);
  }
  onLeave(() => { if (saveTimer) saveNow(); });

  function startOver() {
    clearTimeout(saveTimer);
    saveTimer = null;
    drafts.clear(kind);
    clearPhotos(kind);
    draft = drafts.load(kind);
    for (const photo of photos) URL.revokeObjectURL(photo.url);
    photos = [];
    form.reset();
    loadServiceTypes("");
    renderPhotos();
    updateCounter();
    syncAnonymous();
    restoredNote && restoredNote.remove();
    clearErrors(form);
    announce("已清空，可以重新填写");
    titleInput.focus();
  }

  // --- behaviour ------------------------------------------------------------
  async function loadServiceTypes(keep) {
    serviceType.replaceChildren(h("option", { value: "" }, "不选择具体事项"));
    const known = department.value && department.value !== UNKNOWN_DEPARTMENT;
    serviceType.disabled = !known;
    if (!known) return;
    try {
      const detail = await get(`departments/${department.value}/`);
      for (const window of detail.windows) {
        if (!window.service_types.length) continue;
        serviceType.append(h("optgroup", { label: window.name },
          window.service_types.map((s) => h("option", { value: String(s.id) }, s.name))));
      }
      if (keep) serviceType.value = keep;
    } catch {
      // The list is optional; the case can go without a service type.
    }
  }
  department.addEventListener("change", () => loadServiceTypes(""));

  function updateCounter() {
    counter.textContent = `已输入 ${content.value.length} / ${caseLength("content").max} 字`;
  }
  content.addEventListener("input", updateCounter);

  function syncAnonymous() {
    const anon = Boolean(form.elements.is_anonymous && form.elements.is_anonymous.checked);
    contact.hidden = anon;
  }
  form.addEventListener("change", (event) => {
    if (event.target.name === "is_anonymous") syncAnonymous();
  });
  form.addEventListener("input", (event) => {
    if (event.target !== fileInput) saveSoon();
    if (answers && (event.target === titleInput || event.target === content)) answers.changed();
    if (duplicateHint && (event.target === complainee || event.target === address)) checkDuplicatesSoon();
  });
  department.addEventListener("change", () => duplicateHint && checkDuplicatesSoon());
  serviceType.addEventListener("change", () => duplicateHint && checkDuplicatesSoon());
  onLeave(() => { answers && answers.stop(); clearTimeout(duplicateTimer); });

  let duplicateTimer = null;
  let duplicateAsked = "";
  function checkDuplicatesSoon() {
    clearTimeout(duplicateTimer);
    duplicateTimer = setTimeout(checkDuplicates, 600);
  }
  async function checkDuplicates() {
    const known = department.value && department.value !== UNKNOWN_DEPARTMENT;
    const params = new URLSearchParams({ department: department.value });
    if (serviceType.value) params.set("service_type", serviceType.value);
    if (complainee.value.trim()) params.set("complainee", complainee.value.trim());
    if (address.value.trim()) params.set("address", address.value.trim());
    const asked = params.toString();
    if (!known || asked === duplicateAsked) {
      if (!known) duplicateHint.hidden = true;
      return;
    }
    duplicateAsked = asked;
    try {
      const found = await get(`cases/similar/?${asked}`);
      duplicateHint.textContent = found.message;
      duplicateHint.hidden = !found.message;
    } catch {
      duplicateHint.hidden = true; // a hint only: the form works without it
    }
  }

  // 已解决: the answer was enough. No case is sent; the draft is let go.
  function selfServed(entry) {
    finished = true;
    clearTimeout(saveTimer);
    drafts.clear(kind);
    clearPhotos(kind);
    for (const photo of photos) URL.revokeObjectURL(photo.url);
    form.replaceWith(h("div", { class: "notice notice-ok", role: "status" },
      h("h2", {}, "很高兴问题已解决"),
      h("p", {}, `您参考了“${entry.question}”的回答，本次没有提交咨询。`),
      h("div", { class: "actions" },
        h("a", { class: "btn btn-primary", href: "#/" }, "返回首页"),
        h("a", { class: "btn", href: "#/ask" }, "再问一个问题"))));
    announce("问题已解决，未提交咨询");
  }
  form.addEventListener("change", (event) => {
    if (event.target !== fileInput) saveSoon();
  });

  function renderPhotos() {
    photoList.replaceChildren(...photos.map((photo, i) => h("li", {},
      h("img", { src: photo.url, alt: `第 ${i + 1} 张照片`, width: 88, height: 88 }),
      h("button", {
        type: "button", class: "icon-btn remove", "aria-label": `删除第 ${i + 1} 张照片`,
        onclick: () => {
          URL.revokeObjectURL(photo.url);
          photos.splice(i, 1);
          renderPhotos();
          savePhotos(kind, photos);
          announce(`已删除第 ${i + 1} 张照片`);
          fileInput.focus();
        },
      }, icon("close")))));
    photoCount.textContent = `已选 ${photos.length} / ${MAX_PHOTOS} 张`;
    fileInput.disabled = photos.length >= MAX_PHOTOS;
  }

  fileInput.addEventListener("change", async () => {
    const files = [...fileInput.files];
    fileInput.value = "";
    const room = MAX_PHOTOS - photos.length;
    const problems = [];
    if (files.length > room) problems.push(`最多 ${MAX_PHOTOS} 张照片，多选的 ${files.length - room} 张未添加。`);
    photoCount.textContent = "正在处理照片…";
    for (const file of files.slice(0, room)) {
      try {
        photos.push(withPreview(await downscale(file)));
      } catch (error) {
        problems.push(error.message);
      }
    }
    renderPhotos();
    await savePhotos(kind, photos);
    photoError.textContent = problems.join(" ");
    photoError.hidden = !problems.length;
    announce(problems.length ? problems.join(" ") : `已添加照片，共 ${photos.length} 张`);
  });

  function formData() {
    const data = new FormData();
    const fields = collect();
    const anon = fields.is_anonymous === "true";
    data.set("kind", kind);
    data.set("channel", "h5");
    for (const name of TEXT_FIELDS) {
      const value = (fields[name] || "").trim();
      if (anon && (name === "contact_name" || name === "contact_phone")) continue;
      if (value) data.set(name, value);
    }
    for (const name of FLAGS) if (name in fields) data.set(name, fields[name]);
    for (const photo of photos) data.append("attachments", photo.blob, photo.name);
    return data;
  }

  function required() {
    const anon = Boolean(form.elements.is_anonymous && form.elements.is_anonymous.checked);
    return missing(form, {
      department: "请选择受理部门。",
      title: "请填写标题。",
      content: "请填写内容。",
      ...(kind === "complaint" ? { complainee: "请填写被投诉/举报对象。" } : {}),
      ...(anon ? {} : { contact_name: "请填写联系人。", contact_phone: "请填写联系电话。" }),
    });
  }

  function showProgress(fraction) {
    const percent = Math.round(fraction * 100);
    progress.value = percent;
    progressText.textContent = percent < 100 ? `正在上传 ${percent}%` : "上传完成，正在登记…";
  }

  async function send() {
    const errors = required();
    if (Object.keys(errors).length) return showErrors(form, errors);
    clearErrors(form);
    saveNow();
    sending = true;
    button.disabled = true;
    button.textContent = "正在提交…";
    progressBox.hidden = false;
    showProgress(0);
    try {
      const answer = await sendWithRetry(formData());
      done(answer);
    } catch (error) {
      failed(error);
    } finally {
      sending = false;
    }
  }

  async function sendWithRetry(data) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await upload("cases/", data, { headers: { "Idempotency-Key": draft.key }, onProgress: showProgress });
      } catch (error) {
        const transient = error instanceof NetworkError || (error instanceof ApiError && [502, 503, 504].includes(error.status));
        if (!transient || attempt >= RETRY_DELAYS_MS.length) throw error;
        progressText.textContent = `网络不稳定，正在重新发送（第 ${attempt + 1} 次）…`;
        announce("网络不稳定，正在重新发送");
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  function done(answer) {
    finished = true;
    clearTimeout(saveTimer);
    const chosen = departments.find((d) => String(d.id) === department.value);
    myCases.remember({
      number: answer.number,
      query_code: answer.query_code,
      kind,
      title: titleInput.value.trim(),
      department: chosen ? chosen.name : "待分派",
      submitted_at: answer.submitted_at,
      due_at: answer.due_at,
      anonymous: Boolean(form.elements.is_anonymous && form.elements.is_anonymous.checked),
    });
    drafts.clear(kind);
    clearPhotos(kind);
    for (const photo of photos) URL.revokeObjectURL(photo.url);
    location.hash = `#/submitted/${answer.number}`;
  }

  function failed(error) {
    button.disabled = false;
    button.textContent = "提交";
    progressBox.hidden = true;
    if (error instanceof ApiError && error.status === 400) {
      return showErrors(form, error.fields, { aliases: { latitude: "address", longitude: "address" } });
    }
    if (error instanceof ApiError && error.status === 413) {
      return showErrors(form, { attachments: error.message });
    }
    if (error instanceof ApiError && error.status === 409) {
      // The same key came with a changed text: the first send may already have been
      // registered. Only the citizen can tell whether this is a new case.
      showErrors(form, { detail: "您修改了已经发送过的内容，上一次提交可能已经登记成功。如确认要作为新的诉求提交，请点击下方按钮。" },
        { heading: "需要您确认" });
      const again = h("button", {
        type: "button", class: "btn",
        onclick: () => { draft = { ...draft, key: newKey() }; saveNow(); send(); },
      }, "作为新诉求提交");
      summary.append(again);
      return;
    }
    const message = error instanceof NetworkError
      ? "网络连接失败，内容已保存在本机。请检查网络后再次点击“提交”，不会重复登记。"
      : error.message;
    showErrors(form, { detail: message }, { heading: "提交未成功" });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!sending) send();
  });

  // --- first paint ----------------------------------------------------------
  fill();
  await loadServiceTypes(draft.fields.service_type);
  updateCounter();
  syncAnonymous();
  renderPhotos();
  if (query.get("department")) saveSoon();
  // A restored draft gets its suggestions and its hint as if just typed.
  if (answers) answers.changed();
  if (duplicateHint) checkDuplicatesSoon();

  const info = KINDS[kind];
  return {
    title: info.entrance,
    node: [
      h("nav", { class: "kind-switch", "aria-label": "诉求类型" }, Object.entries(KINDS).map(([name, k]) =>
        h("a", { href: `#/submit/${name}`, "aria-current": name === kind ? "page" : null }, k.short))),
      h("h1", { class: "screen-title", id: "submit-title", tabindex: "-1" }, `${info.entrance}（${info.label}）`),
      h("p", { class: "lead" }, info.intro),
      restoredNote,
      form,
    ],
  };
}

function withPreview(photo) {
  return { ...photo, url: URL.createObjectURL(photo.blob) };
}
