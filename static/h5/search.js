// A labelled search box that keeps its query in the address (#/path?q=...) without
// adding history entries, and runs the search as the citizen types.
import { h, nextId } from "./dom.js";

export function searchBox({ label, placeholder, value, onSearch }) {
  const id = nextId("search");
  const input = h("input", {
    id, type: "search", name: "q", value: value || "", placeholder, autocomplete: "off", enterkeyhint: "search",
  });
  let timer;
  const run = () => {
    clearTimeout(timer);
    const query = input.value.trim();
    const [path] = location.hash.split("?");
    history.replaceState(null, "", query ? `${path}?q=${encodeURIComponent(query)}` : path);
    onSearch(query);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 350);
  });
  return h("form", { class: "search", role: "search", onsubmit: (event) => { event.preventDefault(); run(); } },
    h("label", { for: id }, label),
    h("div", { class: "search-row" }, input, h("button", { type: "submit", class: "btn btn-primary" }, "搜索")));
}
