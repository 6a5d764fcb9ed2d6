// A case of the signed-in phone (我的全部诉求), shown as the look-up shows it, and
// rated or supplemented (补充材料) without the query code.
import { forget, post, get } from "./api.js";
import { h, title } from "./dom.js";
import { caseView } from "./lookup.js";

export default async function mycase({ params: [number] }) {
  const path = `me/cases/${encodeURIComponent(number)}/`;
  forget(path);
  let data;
  try {
    data = await get(path);
  } catch (error) {
    if (error.status !== 403 && error.status !== 404) throw error;
    return {
      title: "我的诉求",
      node: [title("我的诉求"),
        h("p", { class: "notice notice-error", role: "alert" }, error.status === 403 ? "请先用手机号登录。" : "未找到这件诉求。"),
        h("p", {}, h("a", { class: "btn", href: "#/mine" }, "返回我的"))],
    };
  }
  const rate = async (body) => {
    const answer = await post(`${path}evaluation/`, body);
    forget("me/cases/");
    return answer;
  };
  return {
    title: data.title,
    node: [
      title("我的诉求"),
      // 补充材料 goes without the query code too: the session proves the phone.
      h("div", { class: "lookup-result" }, caseView(data, null, { rate, supplied: () => forget("me/cases/") })),
      h("p", {}, h("a", { class: "btn", href: "#/mine" }, "返回我的")),
    ],
  };
}
