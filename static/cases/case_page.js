// The case page of the back office (templates/admin/cases/case/change_form.html).
//
// 1. Steps that hand the case away or end it (转办, 退回, 不予受理) carry
//    data-confirm; sending one first asks in the page's native <dialog>, which moves
//    the focus in, gives it to 取消, and lets Esc cancel. Only 确认 sends the form.
//    The browser checks required fields before the question is asked. Without
//    <dialog> support (or without this script) the form is sent as it is.
// 2. Choosing a reply template fills the reply text, which staff then adapt.

// "{to_department}" in a question becomes the chosen option of that field.
function fillQuestion(question, form) {
  return question.replace(/\{(\w+)\}/g, (whole, name) => {
    const field = form.querySelector(`[name$="-${name}"]`);
    if (!field) return whole;
    if (field.tagName === "SELECT") return field.selectedOptions[0]?.textContent.trim() || "";
    return field.value;
  });
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  const dialog = document.getElementById("step-confirm");
  if (!form.dataset.confirm || !dialog || typeof dialog.showModal !== "function") return;
  event.preventDefault();
  dialog.querySelector("#step-confirm-text").textContent = fillQuestion(form.dataset.confirm, form);
  dialog.querySelector("[data-confirm-ok]").textContent = `确认${form.dataset.confirmLabel || ""}`;
  dialog.returnValue = "";
  dialog.addEventListener(
    "close",
    () => {
      // form.submit() sends without firing "submit" again, so no second question.
      if (dialog.returnValue === "ok") form.submit();
    },
    { once: true },
  );
  dialog.showModal();
});

document.addEventListener("change", (event) => {
  if (event.target.id !== "id_reply-template") return;
  const bodies = JSON.parse(document.getElementById("reply-templates")?.textContent || "{}");
  const text = bodies[event.target.value];
  if (text) document.getElementById("id_reply-reply").value = text;
});
