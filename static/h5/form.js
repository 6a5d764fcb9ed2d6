// Form parts shared by every screen: labelled fields, choice groups, and the API's
// field errors shown next to their fields, summarised at the top and announced.
import { h, nextId } from "./dom.js";

/** A labelled control with an optional hint and a slot for its error. */
export function field(label, control, { hint, required = false, extra } = {}) {
  const id = control.id || (control.id = nextId(control.name || "f"));
  const hintNode = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
  describe(control, hintNode ? `${id}-hint` : "");
  if (required) control.setAttribute("aria-required", "true");
  return h("div", { class: "field", dataset: { field: control.name } },
    h("label", { for: id }, label, required ? h("span", { class: "req" }, "（必填）") : h("span", { class: "opt" }, "（选填）")),
    hintNode, error, control, extra);
}

/** Radio buttons or checkboxes in a fieldset; choices: [{value, label, hint}]. */
export function choices(legend, name, options, { type = "radio", value, required = false, hint, layout = "" } = {}) {
  const id = nextId(name);
  const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
  const hintNode = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const selected = new Set([].concat(value ?? []).map(String));
  return h("fieldset", {
    class: `field choices ${layout}`, dataset: { field: name }, id,
    "aria-describedby": hintNode ? `${id}-hint` : null,
  },
  h("legend", {}, legend, required ? h("span", { class: "req" }, "（必填）") : null),
  hintNode, error,
  h("div", { class: "choice-list" }, options.map((option) => {
    const input = h("input", { type, name, id: nextId(name), value: String(option.value), checked: selected.has(String(option.value)) });
    return h("label", { class: "choice" }, input, h("span", { class: "choice-text" }, option.label,
      option.hint ? h("span", { class: "choice-hint" }, option.hint) : null));
  })));
}

/** A single checkbox with its label (consent, anonymity). */
export function checkbox(name, label, { checked = false, hint } = {}) {
  const input = h("input", { type: "checkbox", name, checked });
  const id = input.id = nextId(name);
  const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
  const hintNode = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  describe(input, hintNode ? `${id}-hint` : "");
  return h("div", { class: "field", dataset: { field: name } }, error,
    h("label", { class: "choice", for: id }, input, h("span", { class: "choice-text" }, label)), hintNode);
}

function describe(control, ids) {
  if (ids) control.setAttribute("aria-describedby", ids);
  else control.removeAttribute("aria-describedby");
}

/** The box at the top of a form that lists what went wrong; focus goes to it. */
export function summaryBox() {
  return h("div", { class: "error-summary", tabindex: "-1", hidden: true });
}

export function clearErrors(form) {
  for (const node of form.querySelectorAll(".field .error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const node of form.querySelectorAll("[data-error-describes]")) {
    node.setAttribute("aria-describedby", node.dataset.errorDescribes);
    if (!node.dataset.errorDescribes) node.removeAttribute("aria-describedby");
    delete node.dataset.errorDescribes;
  }
  const summary = form.querySelector(".error-summary");
  if (summary) { summary.hidden = true; summary.replaceChildren(); }
}

/**
 * Show errors {name: message} at their fields; names without a field (detail,
 * non_field_errors) go to the summary only. Focuses the summary, which screen
 * readers then read out.
 */
export function showErrors(form, errors, { heading = "提交未成功，请修改以下内容：", aliases = {} } = {}) {
  clearErrors(form);
  const items = [];
  for (const [rawName, message] of Object.entries(errors)) {
    const name = aliases[rawName] || rawName;
    const box = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (!box) {
      items.push(h("li", {}, message));
      continue;
    }
    const error = box.querySelector(".error");
    error.textContent = message;
    error.hidden = false;
    const controls = box.matches("fieldset") ? [box] : [...box.querySelectorAll("input, select, textarea")];
    for (const control of controls) {
      control.setAttribute("aria-invalid", "true");
      const before = control.getAttribute("aria-describedby") || "";
      control.dataset.errorDescribes = before;
      control.setAttribute("aria-describedby", `${error.id} ${before}`.trim());
    }
    const label = (box.querySelector("label, legend")?.firstChild?.textContent || "").trim();
    const target = box.matches("fieldset") ? box.querySelector("input") : controls[0];
    items.push(h("li", {}, h("a", {
      href: `#${target ? target.id : ""}`,
      onclick: (event) => { event.preventDefault(); target && target.focus(); },
    }, label ? `${label}：${message}` : message)));
  }
  const summary = form.querySelector(".error-summary");
  if (summary) {
    summary.replaceChildren(h("h2", {}, heading), h("ul", {}, items));
    summary.hidden = false;
    summary.focus();
  }
}

/** Client-side checks for what needs no server: {name: message} of empty fields. */
export function missing(form, messages) {
  const errors = {};
  for (const [name, message] of Object.entries(messages)) {
    const control = form.elements[name];
    if (control && !String(control.value || "").trim()) errors[name] = message;
  }
  return errors;
}
