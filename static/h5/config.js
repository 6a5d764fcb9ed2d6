// The server's rules and labels (portal/client_config.py): kinds and their wording,
// reply days, text lengths, the photo limit, the 好差评 levels. The shell embeds
// them as JSON (the same object as GET /api/v1/config/), so nothing in the page
// repeats a rule the server may change.
const element = document.getElementById("client-config");
if (!element) throw new Error("The H5 shell has no #client-config.");

export const CONFIG = JSON.parse(element.textContent);

/** The limits of a case form field: { min, max } (min may be null). */
export const caseLength = (name) => CONFIG.case.lengths[name];

/** "<min>–<max> 字", or "不超过 <max> 字" without a minimum. */
export function lengthText({ min, max }) {
  return min ? `${min}–${max} 字` : `不超过 ${max} 字`;
}
