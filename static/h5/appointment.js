// One booking: its number and QR code for the window, when and where, what to
// bring and the pre-check of each material, the calendar file, and what the
// citizen may do now (cancel, move, rate). All of it from /api/v1/me/appointments/.
import { ApiError, forget, get, post, upload } from "./api.js";
import { announce, fill, h, icon, nextId, title } from "./dom.js";
import { choices, clearErrors, field, showErrors, summaryBox } from "./form.js";
import { CONFIG } from "./config.js";

// The five levels, best first, as the server names them (portal/client_config.py).
const RATINGS = CONFIG.rating.levels.map((level) => [level.value, level.label]);
const timeLabel = (iso) => iso.slice(11, 16);

export default async function appointment({ params: [number] }) {
  const container = h("div");
  async function show() {
    forget(`me/appointments/${number}/`);
    const booking = await get(`me/appointments/${encodeURIComponent(number)}/`);
    fill(container, ...view(booking, show));
  }
  await show();
  return { title: "预约详情", node: [title("预约详情"), container] };
}

function view(booking, again) {
  const active = booking.status === "booked" || booking.status === "arrived";
  return [
    h("section", { class: "panel booking-card", "aria-label": "预约凭证" },
      h("p", { class: "booking-number" }, "预约号 ", h("strong", { class: "code-inline" }, booking.number)),
      h("p", {}, h("span", { class: `status status-${booking.status}` }, booking.status_label)),
      active && h("img", { class: "booking-qr", src: booking.qr_url, alt: `预约号 ${booking.number} 的二维码，到窗口出示扫码签到`, width: 200, height: 200 }),
      h("dl", { class: "facts" },
        h("dt", {}, "业务"), h("dd", {}, booking.service_type),
        h("dt", {}, "时间"), h("dd", {}, booking.time_text),
        h("dt", {}, "地点"), h("dd", {}, [booking.department, booking.window, booking.location].filter(Boolean).join(" ")),
        booking.address && [h("dt", {}, "地址"), h("dd", {}, booking.address)],
        booking.cancel_reason && [h("dt", {}, "取消原因"), h("dd", {}, booking.cancel_reason)]),
      h("div", { class: "actions" },
        booking.map_url && h("a", { class: "btn", href: booking.map_url, rel: "noopener" }, icon("pin"), "地图导航"),
        booking.phone && h("a", { class: "btn", href: `tel:${booking.phone}`, "aria-label": `拨打窗口电话 ${booking.phone}` }, icon("phone"), "窗口电话"),
        active && h("a", { class: "btn", href: booking.calendar_url, download: `${booking.number}.ics` }, "加入手机日历"))),
    materialsSection(booking, again),
    booking.can_change && changeSection(booking, again),
    booking.can_rate && ratingSection(booking, again),
    booking.rating && h("p", { class: "notice" }, `您的评价：${RATINGS.find(([v]) => v === booking.rating.level)?.[1] || ""}`),
    h("p", {}, h("a", { class: "btn", href: "#/appointments" }, "返回我的预约")),
  ];
}

function materialsSection(booking, again) {
  const checks = (material) => booking.precheck.filter((p) => p.material === material);
  const items = booking.materials.map((material) => h("li", {},
    h("span", {}, material),
    checks(material).map((p) => h("span", { class: `tag precheck-${p.result}` }, p.result_label, p.note ? `：${p.note}` : ""))));
  const parts = [h("h2", { id: "h-materials" }, "所需材料与预检"),
    booking.materials.length ? h("ul", { class: "materials" }, items) : h("p", {}, "无需材料")];
  if (booking.status === "booked" && booking.materials.length) parts.push(precheckForm(booking, again));
  return h("section", { class: "section", "aria-labelledby": "h-materials" }, parts);
}

function precheckForm(booking, again) {
  const photo = h("input", { name: "photo", type: "file", id: nextId("precheck-photo"), accept: "image/jpeg,image/png,image/webp", class: "file-input" });
  const chosen = h("span", { class: "hint" }, "未选择");
  photo.addEventListener("change", () => { chosen.textContent = photo.files[0]?.name || "未选择"; });
  const form = h("form", { class: "panel", novalidate: true },
    h("p", { class: "hint" }, "办理前可先拍照上传材料，窗口预检后会短信告知是否合格，免得白跑一趟。"),
    summaryBox(),
    choices("哪一项材料", "material", booking.materials.map((m) => ({ value: m, label: m })), { required: true }),
    field("材料照片", photo, {
      required: true,
      hint: "JPEG、PNG 或 WebP 图片",
      extra: h("p", {}, h("label", { for: photo.id, class: "btn file-button" }, icon("photo"), "选择照片"), " ", chosen),
    }),
    h("button", { type: "submit", class: "btn btn-block" }, "上传预检材料"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const material = form.querySelector("input[name=material]:checked");
    const errors = {};
    if (!material) errors.material = "请选择材料。";
    if (!photo.files.length) errors.photo = "请选择照片。";
    if (Object.keys(errors).length) return showErrors(form, errors);
    clearErrors(form);
    const body = new FormData();
    body.append("material", material.value);
    body.append("photo", photo.files[0]);
    try {
      await upload(`appointments/${encodeURIComponent(booking.number)}/materials/`, body);
      announce("已上传，等待窗口预检");
      await again();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) showErrors(form, error.fields);
      else showErrors(form, { detail: error.message }, { heading: "上传未成功" });
    }
  });
  return form;
}

function changeSection(booking, again) {
  const form = h("form", { class: "panel", novalidate: true }, summaryBox());
  const slotsBox = h("div");
  const moveButton = h("button", { type: "button", class: "btn" }, "改约其他时段");
  const cancelButton = h("button", { type: "button", class: "btn btn-danger" }, "取消预约");
  form.append(h("div", { class: "actions" }, moveButton, cancelButton), slotsBox);

  cancelButton.addEventListener("click", async () => {
    if (!confirm("确定取消这个预约吗？名额将释放给其他市民。")) return;
    try {
      await post(`appointments/${encodeURIComponent(booking.number)}/cancel/`, {});
      forget("me/appointments");
      announce("预约已取消");
      await again();
    } catch (error) {
      showErrors(form, error instanceof ApiError && error.status === 400 ? error.fields : { detail: error.message }, { heading: "取消未成功" });
    }
  });

  moveButton.addEventListener("click", async () => {
    const day = booking.starts_at.slice(0, 10);
    const dateInput = h("input", { name: "date", type: "date", value: day });
    const list = h("div");
    async function load() {
      forget("appointments/slots/");
      const slots = await get(`appointments/slots/?service_type=${booking.service_type_id}&window=${booking.window_id}&date=${dateInput.value}`);
      const free = slots.filter((s) => !s.full && s.starts_at !== booking.starts_at);
      fill(list, free.length
        ? choices("新的时段", "starts_at", free.map((s) => ({ value: s.starts_at, label: `${timeLabel(s.starts_at)}-${timeLabel(s.ends_at)}`, hint: `剩余 ${s.left}` })), { required: true, layout: "choices-grid" })
        : h("p", { class: "empty" }, "这一天没有可改约的时段。"));
    }
    dateInput.addEventListener("change", () => load().catch(() => fill(list, h("p", { class: "empty" }, "这一天不能预约。"))));
    const confirmMove = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "确认改约");
    fill(slotsBox, field("日期", dateInput, { required: true }), list, confirmMove);
    await load().catch(() => fill(list, h("p", { class: "empty" }, "这一天不能预约。")));
    dateInput.focus();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector("input[name=starts_at]:checked");
    if (!chosen) return showErrors(form, { starts_at: "请选择新的时段。" });
    try {
      await post(`appointments/${encodeURIComponent(booking.number)}/move/`, { starts_at: chosen.value });
      forget("me/appointments");
      announce("已改约");
      await again();
    } catch (error) {
      showErrors(form, error instanceof ApiError && error.status === 400 ? error.fields : { detail: error.message }, { heading: "改约未成功" });
    }
  });
  return h("section", { class: "section", "aria-labelledby": "h-change" }, h("h2", { id: "h-change" }, "取消或改约"), form);
}

function ratingSection(booking, again) {
  const comment = h("textarea", { name: "comment", rows: 3, maxlength: CONFIG.appointments.rating.comment.max });
  const form = h("form", { class: "panel", novalidate: true },
    summaryBox(),
    choices("这次办事您满意吗", "level", RATINGS.map(([value, label]) => ({ value, label })), { required: true }),
    field("意见建议", comment),
    h("button", { type: "submit", class: "btn btn-primary btn-block" }, "提交评价"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const level = form.querySelector("input[name=level]:checked");
    if (!level) return showErrors(form, { level: "请选择评价。" });
    try {
      await post(`appointments/${encodeURIComponent(booking.number)}/evaluation/`, { level: Number(level.value), comment: comment.value.trim() });
      announce("感谢您的评价");
      await again();
    } catch (error) {
      showErrors(form, error instanceof ApiError && error.status === 400 ? error.fields : { detail: error.message }, { heading: "评价未成功" });
    }
  });
  return h("section", { class: "section", "aria-labelledby": "h-rate" }, h("h2", { id: "h-rate" }, "评价这次办事"), form);
}
