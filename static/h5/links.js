// Where things lead inside the page: one place that turns API objects into routes.

import { CONFIG } from "./config.js";

// Each kind by its value, in the server's order: { value, label, short, entrance,
// tagline, intro, reply_days }.
export const KINDS = Object.fromEntries(CONFIG.kinds.map((kind) => [kind.value, kind]));

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
