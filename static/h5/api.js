// The client of /api/v1/: JSON reads with a short memory, writes, and uploads with
// progress. Errors keep the API's shape: {"field": ["中文说明"]} or {"detail": "..."}.
import { announce, h } from "./dom.js";

const BASE = "/api/v1/";
const MEMORY_MS = 5 * 60 * 1000;
const memory = new Map();

export class ApiError extends Error {
  constructor(status, body, retryAfter = null) {
    super(messageOf(status, body, retryAfter));
    this.status = status;
    this.body = body && typeof body === "object" ? body : {};
    this.retryAfter = retryAfter;
  }

  /** Field errors as {field: "message; message"}, without "detail". */
  get fields() {
    const out = {};
    for (const [key, value] of Object.entries(this.body)) {
      if (key === "detail") continue;
      out[key] = Array.isArray(value) ? value.flat().join("；") : String(value);
    }
    return out;
  }
}

/** The request never got an answer (offline, dropped connection, time-out). */
export class NetworkError extends Error {
  constructor() {
    super("网络连接失败，请检查网络后重试。");
    this.status = 0;
  }
}

function messageOf(status, body, retryAfter) {
  if (body && typeof body.detail === "string") return body.detail;
  if (status === 429) {
    return retryAfter ? `操作过于频繁，请 ${Math.ceil(retryAfter / 60)} 分钟后再试。` : "操作过于频繁，请稍后再试。";
  }
  if (status === 404) return "未找到。";
  if (status === 413) return "提交的内容过大，请减少图片。";
  if (status >= 500) return "服务暂时不可用，请稍后再试。";
  if (status === 400) return "提交的内容有误，请按提示修改。";
  return `请求失败（${status}）。`;
}

function url(path) {
  // Pagination links are absolute; keep only path and query so that a proxy's
  // http/https view of the host never matters.
  if (/^https?:/.test(path)) {
    const parsed = new URL(path);
    return parsed.pathname + parsed.search;
  }
  return path.startsWith("/") ? path : BASE + path;
}

async function request(path, init) {
  let response;
  try {
    response = await fetch(url(path), {
      ...init,
      headers: { Accept: "application/json", ...(init && init.headers) },
    });
  } catch {
    throw new NetworkError();
  }
  let body = null;
  try { body = await response.json(); } catch { /* an empty or HTML body */ }
  if (!response.ok) {
    throw new ApiError(response.status, body, Number(response.headers.get("Retry-After")) || null);
  }
  return body;
}

/** GET a JSON resource; answers are remembered for a few minutes. */
export async function get(path) {
  const key = url(path);
  const hit = memory.get(key);
  if (hit && Date.now() - hit.at < MEMORY_MS) return hit.promise;
  const promise = request(key);
  memory.set(key, { at: Date.now(), promise });
  promise.catch(() => memory.delete(key));
  return promise;
}

/**
 * A part of a screen that may not exist on this server yet (or is down): any error
 * gives null, and the screen leaves that part out instead of failing.
 */
export function optional(promise) {
  return promise.catch(() => null);
}

// Citizens' endpoints need no CSRF token (no session); a staff member who is also
// logged in to the back office in this browser does, and then has the cookie.
function csrfHeader() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? { "X-CSRFToken": decodeURIComponent(match[1]) } : {};
}

export function post(path, body) {
  return request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...csrfHeader() },
    body: JSON.stringify(body),
  });
}

/** Forget remembered GETs whose URL contains `part` (after a write changes them). */
export function forget(part) {
  for (const key of memory.keys()) if (key.includes(part)) memory.delete(key);
}

/**
 * POST multipart form data with upload progress (fetch has none): resolves with the
 * JSON body, rejects with ApiError or NetworkError.
 */
export function upload(path, form, { headers = {}, onProgress, timeout = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url(path));
    xhr.timeout = timeout;
    xhr.setRequestHeader("Accept", "application/json");
    for (const [name, value] of Object.entries({ ...csrfHeader(), ...headers })) xhr.setRequestHeader(name, value);
    if (onProgress) {
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
    }
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => reject(new NetworkError());
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else if (xhr.status === 0) reject(new NetworkError());
      else reject(new ApiError(xhr.status, body, Number(xhr.getResponseHeader("Retry-After")) || null));
    };
    xhr.send(form);
  });
}

/** Every page of a paginated list, up to `limit` items. */
export async function all(path, limit = 200) {
  const items = [];
  let next = path;
  while (next && items.length < limit) {
    const page = await get(next);
    items.push(...page.results);
    next = page.next;
  }
  return items;
}

/**
 * A 加载更多 button for a paginated list: each press appends the next page's
 * results, rendered by `render`, to `list`, and is replaced by the following
 * page's button (or nothing). `unit` names the items in the announcement
 * ("封信件", "项"). Returns null when there is no next page.
 */
export function moreButton(next, list, render, unit) {
  if (!next) return null;
  const button = h("button", { type: "button", class: "btn btn-block" }, "加载更多");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const page = await get(next);
      list.append(...page.results.map(render));
      button.replaceWith(moreButton(page.next, list, render, unit) || "");
      announce(`已加载 ${page.results.length} ${unit}`);
    } catch {
      button.disabled = false;
    }
  });
  return button;
}
