/* The filter bar above every back-office list (templates/admin/filter.html):
   Escape or a click elsewhere closes the open filter, and a filter near the right
   edge drops its choices down leftwards so the page never scrolls sideways. */
"use strict";
{
  const bar = document.getElementById("changelist-filter");
  if (bar) {
    const openFilter = () => bar.querySelector("details[open]");
    bar.addEventListener(
      "toggle",
      (event) => {
        const details = event.target;
        const menu = details.querySelector("ul");
        if (!details.open || !menu) return;
        details.classList.remove("opens-left");
        if (menu.getBoundingClientRect().right > document.documentElement.clientWidth) {
          details.classList.add("opens-left");
        }
      },
      true,
    );
    document.addEventListener("keydown", (event) => {
      const details = openFilter();
      if (event.key === "Escape" && details) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", (event) => {
      const details = openFilter();
      if (details && !details.contains(event.target)) details.open = false;
    });
  }
}
