// 附近办事: the service halls nearest the phone (the browser's position, asked only
// when the citizen presses the button), or a district's halls when the position is
// refused or missing; each with its distance, directions in the map app, its
// windows and what can be booked there.
import { get } from "./api.js";
import { fill, h, helpline, title } from "./dom.js";

export default async function nearby({ query }) {
  const district = query.get("district") || "";
  const results = h("div", { class: "results", "aria-live": "polite" });
  const status = h("p", { class: "hint", role: "status" });
  const first = await get(`service-points/${district ? `?district=${encodeURIComponent(district)}` : ""}`);
  fill(results, list(first.results));

  const locate = h("button", { type: "button", class: "btn btn-primary btn-block" }, "使用我的位置");
  locate.addEventListener("click", () => {
    if (!navigator.geolocation) {
      status.textContent = "此浏览器无法定位，请选择区县。";
      return;
    }
    status.textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(async ({ coords }) => {
      try {
        const near = await get(`service-points/?lat=${coords.latitude.toFixed(6)}&lng=${coords.longitude.toFixed(6)}`);
        status.textContent = "已按距离由近到远排列。";
        fill(results, list(near.results));
      } catch {
        status.textContent = "暂时无法按位置查找，请选择区县。";
      }
    }, () => { status.textContent = "未获得定位权限，请选择区县。"; }, { timeout: 10000, maximumAge: 60000 });
  });

  const picker = h("select", { id: "nearby-district", name: "district" },
    h("option", { value: "" }, "全部区县"),
    first.districts.map((name) => h("option", { value: name, selected: name === district }, name)));
  picker.addEventListener("change", () => {
    location.hash = picker.value ? `#/nearby?district=${encodeURIComponent(picker.value)}` : "#/nearby";
  });

  return {
    title: "附近办事",
    node: [
      title("附近办事"),
      h("p", { class: "lead" }, "查找离您最近的政务服务大厅，查看窗口和可预约的业务。"),
      locate,
      status,
      h("div", { class: "field" }, h("label", { for: "nearby-district" }, "或选择区县"), picker),
      results,
    ],
  };
}

function list(points) {
  if (!points.length) return h("div", { class: "empty next-steps" }, h("p", {}, "没有找到服务大厅。"), helpline());
  return h("ul", { class: "cards nearby" }, points.map((point) => h("li", { class: "card card-static" },
    h("div", { class: "card-body" },
      h("h2", { class: "card-title" }, point.name),
      h("p", { class: "card-text" }, [point.district, point.address, point.distance_m != null && distance(point.distance_m)].filter(Boolean).join(" · ")),
      point.opening_hours && h("p", { class: "card-text" }, point.opening_hours),
      h("div", { class: "actions" },
        h("a", { class: "btn", href: point.map_url, rel: "noopener" }, "地图导航"),
        point.phone && h("a", { class: "btn", href: `tel:${point.phone}`, "aria-label": `电话 ${point.phone}` }, "电话")),
      h("details", {}, h("summary", {}, `窗口（${point.windows.length}）`),
        h("ul", { class: "links" }, point.windows.map((window) => h("li", {},
          h("span", { class: "link-title" }, `${window.department} · ${window.name}`),
          window.location && h("span", { class: "link-meta" }, window.location),
          window.services.filter((s) => s.by_appointment).slice(0, 3).map((s) =>
            h("a", { class: "btn", href: `#/book?service=${s.id}` }, `预约：${s.name}`))))))))));
}

const distance = (metres) => (metres < 1000 ? `${metres} 米` : `${(metres / 1000).toFixed(1)} 公里`);
