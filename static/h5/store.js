// What the page keeps on this phone (localStorage, keys prefixed "wzw."): the
// 长辈模式 switch, one draft per kind of case, and 我的诉求 (the citizen's own cases,
// query codes included; they never leave the phone except in a look-up).

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

export const myCases = {
  list: () => read("cases", []),
  find(number) {
    return myCases.list().find((c) => c.number === number) || null;
  },
  /** Remember {number, query_code, kind, title, submitted_at, ...}; newest first. */
  remember(record) {
    const rest = myCases.list().filter((c) => c.number !== record.number);
    return write("cases", [record, ...rest].slice(0, MAX_CASES));
  },
  forget(number) {
    write("cases", myCases.list().filter((c) => c.number !== number));
  },
};
