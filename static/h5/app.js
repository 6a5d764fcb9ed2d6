// Minimal H5 client of /api/v1/: the department list and a department page.
const app = document.getElementById("app");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

async function showDepartments() {
  const page = await getJSON("/api/v1/departments/?page_size=100");
  app.replaceChildren(
    el("h2", {}, "政府部门"),
    ...page.results.map((d) =>
      el("a", { class: "card", href: `#/departments/${d.id}` },
        el("img", { src: d.logo || "", alt: "", width: 48, height: 48 }),
        el("div", {}, el("h3", {}, d.name), el("p", {}, d.duties_summary)))),
  );
}

async function showDepartment(id) {
  const d = await getJSON(`/api/v1/departments/${id}/`);
  app.replaceChildren(
    el("a", { class: "back", href: "#/" }, "‹ 返回部门列表"),
    el("h2", {}, d.name),
    el("p", {}, d.duties_summary),
    el("p", { class: "muted" }, `地址：${d.address}　电话：${d.phone}　${d.office_hours}`),
    el("h3", {}, "服务窗口"),
    ...d.windows.map((w) => el("div", { class: "card" }, el("div", {},
      el("h3", {}, `${w.name}（${w.location}）`),
      el("ul", { class: "types" }, ...w.service_types.map((t) =>
        el("li", {}, `${t.name} · 时限 ${t.time_limit_days ?? "-"} 个工作日 · ${t.fee}`)))))),
    el("h3", {}, "领导干部"),
    ...d.leaders.map((l) => el("div", { class: "card" },
      el("img", { src: l.photo || "", alt: `${l.name}照片`, width: 48, height: 48 }),
      el("div", {}, el("h3", {}, `${l.name} ${l.title}`), el("p", {}, l.duties)))),
  );
}

async function route() {
  const match = location.hash.match(/^#\/departments\/(\d+)/);
  try {
    await (match ? showDepartment(match[1]) : showDepartments());
  } catch {
    app.replaceChildren(el("p", {}, "加载失败，请检查网络后重试。"));
  }
}

window.addEventListener("hashchange", route);
route();
