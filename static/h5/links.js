// Where things lead inside the page: one place that turns API objects into routes.

export const KINDS = {
  consultation: { label: "咨询求助", short: "咨询", entrance: "我要咨询" },
  complaint: { label: "投诉举报", short: "投诉", entrance: "我要投诉" },
  suggestion: { label: "建议献策", short: "建议", entrance: "我要建议" },
};

export const departmentHref = (id) => `#/departments/${id}`;
export const serviceHref = (service) =>
  `#/departments/${service.department_id ?? service.department.id}?service=${service.id}`;

export function submitHref(kind, { department, serviceType } = {}) {
  const query = new URLSearchParams();
  if (department) query.set("department", department);
  if (serviceType) query.set("service_type", serviceType);
  const search = query.toString();
  return `#/submit/${kind}${search ? `?${search}` : ""}`;
}

/** A poster's link object → an href, or null when the poster leads nowhere. */
export function posterHref(link) {
  if (!link) return null;
  switch (link.type) {
    case "department":
      return link.id ? departmentHref(link.id) : null;
    case "service_type":
      return link.id && link.department_id ? serviceHref({ id: link.id, department_id: link.department_id }) : "#/guide";
    case "case_form":
      return KINDS[link.kind] ? submitHref(link.kind) : null;
    case "url":
      return /^https?:\/\//.test(link.url || "") ? link.url : null;
    default:
      return null;
  }
}
