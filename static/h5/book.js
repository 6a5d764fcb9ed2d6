// 预约办事: a service, then a window, a day and a slot with its seats left, the
// materials to bring, the phone sign-in if needed, and the booking. Every rule
// (the horizon, the seats, the holidays) is the server's: this screen shows what
// /api/v1/appointments/… answers and the reason it gives for a refusal.
import { ApiError, forget, get, post } from "./api.js";
import { announce, empty, fill, h, title } from "./dom.js";
import { choices, clearErrors, field, showErrors, summaryBox } from "./form.js";
import { signInForm } from "./myphone.js";
import { CONFIG } from "./config.js";

const WEEKDAYS = "日一二三四五六";
const dayLabel = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${m}月${d}日（周${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
};
const timeLabel = (iso) => iso.slice(11, 16);

export default async function book({ query }) {
  const services = await get("appointments/services/");
  const chosen = { service: services.find((s) => String(s.id) === query.get("service")) || null, window: null, day: null, slot: null };
  const steps = h("div", { class: "booking" });
  const form = h("form", { class: "panel", novalidate: true }, summaryBox(), steps);

  const serviceChoice = choices("办理什么业务", "service_type",
    services.map((s) => ({ value: s.id, label: s.name, hint: s.department })),
    { required: true, value: chosen.service?.id });
  serviceChoice.addEventListener("change", (event) => {
    chosen.service = services.find((s) => String(s.id) === event.target.value);
    chosen.window = chosen.day = chosen.slot = null;
    render();
  });

  async function render() {
    clearErrors(form);
    const parts = [serviceChoice];
    if (chosen.service) parts.push(await windowsPart());
    fill(steps, ...parts);
  }

  async function windowsPart() {
    const windows = await get(`appointments/windows/?service_type=${chosen.service.id}`);
    if (!windows.length) return empty("该业务暂未开放网上预约，请直接到窗口办理。");
    chosen.window = windows.find((w) => w.id === chosen.window?.id) || (windows.length === 1 ? windows[0] : null);
    const windowChoice = choices("到哪个窗口", "window",
      windows.map((w) => ({ value: w.id, label: `${w.department} · ${w.name}`, hint: [w.location, w.address].filter(Boolean).join("，") })),
      { required: true, value: chosen.window?.id });
    windowChoice.addEventListener("change", (event) => {
      chosen.window = windows.find((w) => String(w.id) === event.target.value);
      chosen.day = chosen.slot = null;
      render();
    });
    const parts = [windowChoice];
    if (chosen.window) parts.push(daysPart(chosen.window));
    if (chosen.day) parts.push(await slotsPart());
    if (chosen.slot) parts.push(await confirmPart());
    return parts;
  }

  function daysPart(window) {
    const open = window.days.filter((d) => d.slots > 0);
    if (!open.length) return empty(`未来 ${window.days_ahead} 天该窗口没有可预约的时段。`);
    return choices("哪一天", "day",
      window.days.map((d) => ({
        value: d.date,
        label: dayLabel(d.date),
        hint: d.slots === 0 ? "不办理" : d.seats_left === 0 ? "已约满" : `剩余 ${d.seats_left} 个名额`,
      })),
      { required: true, value: chosen.day, layout: "choices-grid" });
  }

  async function slotsPart() {
    const slots = await get(`appointments/slots/?service_type=${chosen.service.id}&window=${chosen.window.id}&date=${chosen.day}`);
    if (!slots.length) return empty("这一天没有还能预约的时段，请换一天。");
    const group = choices("哪个时段", "starts_at",
      slots.map((s) => ({ value: s.starts_at, label: `${timeLabel(s.starts_at)}-${timeLabel(s.ends_at)}`, hint: s.full ? "已约满" : `剩余 ${s.left}` })),
      { required: true, value: chosen.slot, layout: "choices-grid" });
    for (const input of group.querySelectorAll("input")) {
      const slot = slots.find((s) => s.starts_at === input.value);
      if (slot.full) input.disabled = true;
    }
    return group;
  }

  async function confirmPart() {
    let me = null;
    try { me = await get("me/"); } catch { me = null; }
    const materials = chosen.service.materials.length
      ? h("ul", { class: "materials" }, chosen.service.materials.map((m) => h("li", {}, m)))
      : h("p", {}, "无需材料");
    const checklist = h("section", { class: "section", "aria-labelledby": "h-materials" },
      h("h2", { id: "h-materials" }, "请携带以下材料"), materials);
    if (!(me && me.signed_in)) {
      return [checklist, h("h2", { id: "h-phone", tabindex: "-1" }, "用手机号登录后预约"),
        signInForm(async () => { forget("me/"); await render(); })];
    }
    const name = h("input", { name: "name", type: "text", autocomplete: "name", maxlength: CONFIG.appointments.booking.name.max });
    return [checklist,
      h("p", { class: "signed-in" }, `预约手机号 ${me.phone}，预约成功后将收到短信。`),
      field("姓名", name, { hint: "方便窗口工作人员称呼您" }),
      h("button", { type: "submit", class: "btn btn-primary btn-block" }, "确认预约")];
  }

  steps.addEventListener("change", (event) => {
    if (event.target.name === "day") { chosen.day = event.target.value; chosen.slot = null; render(); }
    if (event.target.name === "starts_at") { chosen.slot = event.target.value; render(); }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!chosen.slot) return showErrors(form, { starts_at: "请选择时段。" });
    const button = form.querySelector("button[type=submit]");
    if (!button) return;
    button.disabled = true;
    try {
      const booking = await post("appointments/", {
        service_type: chosen.service.id,
        window: chosen.window.id,
        starts_at: chosen.slot,
        name: form.querySelector("input[name=name]")?.value.trim() || "",
      });
      forget("appointments/");
      forget("me/appointments");
      announce(`预约成功，预约号 ${booking.number}`);
      location.hash = `#/appointments/${booking.number}`;
    } catch (error) {
      button.disabled = false;
      forget("appointments/slots/");
      if (error instanceof ApiError && error.status === 400) showErrors(form, error.fields, { heading: "预约未成功：" });
      else showErrors(form, { detail: error.message }, { heading: "预约未成功" });
    }
  });

  await render();
  return {
    title: "预约办事",
    node: [title("预约办事"),
      h("p", { class: "lead" }, "选好业务、窗口和时段，按时携带材料到窗口办理，不用排长队。"),
      services.length ? form : empty("暂无可预约的业务。"),
      h("p", {}, h("a", { class: "btn", href: "#/appointments" }, "我的预约"))],
  };
}
