// What the page keeps on this phone (localStorage, keys prefixed "wzw."): the
// 长辈模式 switch, one draft per kind of case, and 我的诉求 (the citizen's own cases,
// query codes included; they never leave the phone except in a look-up).
// 我的诉求 keeps only what never changes (number, code, kind, title, time sent): the
// department (after a transfer), status and deadline come from the look-up.

const PREFIX = "wzw.";

function read(key, fallback) {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw == null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    if (value == null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch {
    return false; // private mode or full storage: the page still works, it forgets
  }
}

export const elder = {
  get: () => read("elder", 0) === 1,
  set: (on) => write("elder", on ? 1 : null),
};

// 高对比度: black on white, every text pair ≥ 7:1 (WCAG AAA), remembered like 长辈模式.
export const contrast = {
  get: () => read("contrast", 0) === 1,
  set: (on) => write("contrast", on ? 1 : null),
};

/** A random Idempotency-Key; crypto.randomUUID needs a secure context. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Drafts: {key, fields, updated}. The key is made with the draft and kept until the
 * case is registered, so every resend of the same draft is the same submission.
 */
export const drafts = {
  load(kind) {
    const draft = read(`draft.${kind}`, null);
    if (draft && draft.key && draft.fields) return draft;
    return { key: newKey(), fields: {}, updated: null };
  },
  save(kind, draft) {
    return write(`draft.${kind}`, { ...draft, updated: new Date().toISOString() });
  },
  clear(kind) {
    write(`draft.${kind}`, null);
  },
};

const MAX_CASES = 50;
const KEPT = ["number", "query_code", "kind", "title", "submitted_at"];
const kept = (record) => Object.fromEntries(KEPT.filter((k) => k in record).map((k) => [k, record[k]]));

// The whole record of a case remembered during this visit (提交成功 shows its
// department and deadline), also when the phone refused to store it (private mode,
// full storage): the query code is then still on the screen, not lost.
const recent = new Map();

export const myCases = {
  list: () => read("cases", []).map(kept),
  find(number) {
    return recent.get(number) || myCases.list().find((c) => c.number === number) || null;
  },
  /** Whether the case is really stored on the phone (not only in this visit). */
  isSaved(number) {
    return myCases.list().some((c) => c.number === number);
  },
  /** Remember {number, query_code, kind, title, submitted_at, ...}; newest first.
   * Returns false when the phone could not store it. */
  remember(record) {
    recent.set(record.number, record);
    const rest = myCases.list().filter((c) => c.number !== record.number);
    return write("cases", [kept(record), ...rest].slice(0, MAX_CASES));
  },
  forget(number) {
    recent.delete(number);
    write("cases", myCases.list().filter((c) => c.number !== number));
  },
};
