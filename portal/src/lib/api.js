// The one way the portal calls /api/v1: JSON in and out, problem+json turned into ApiError.
import { authHeader, signOut } from "./auth";
import { router } from "../router";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || String(status));
    this.status = status;
    this.problem = problem;
  }
}

function newKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export async function api(path, { method = "GET", body, query, idempotent = false } = {}) {
  const url = new URL(path.startsWith("/") ? path : `/api/v1/${path}`, location.origin);
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  const headers = { ...authHeader(), Accept: "application/json, application/problem+json" };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  // Money and numbers: one key per user action, so a retried click records nothing twice (F07).
  if (idempotent) headers["Idempotency-Key"] = typeof idempotent === "string" ? idempotent : newKey();
  const res = await fetch(url, { method, headers, body: payload });
  const answer = await res.json().catch(() => ({}));
  if (res.status === 401) {
    signOut();
    router.push({ name: "login" });
  }
  if (!res.ok) throw new ApiError(res.status, { status: res.status, ...answer });
  return answer;
}

export const get = (path, query) => api(path, { query });
export const post = (path, body, opts = {}) => api(path, { method: "POST", body, ...opts });

/** Upload one file to the document store (multipart; kind and record fields come before the file). */
export async function upload(file, kind, record = {}) {
  const form = new FormData();
  form.append("kind", kind);
  for (const [k, v] of Object.entries(record)) if (v) form.append(k, v);
  form.append("file", file, file.name);
  return api("/api/v1/documents", { method: "POST", body: form });
}

/** Every page of a list (the API pages with next_cursor). */
export async function all(path, query = {}, max = 10) {
  const items = [];
  let cursor;
  for (let i = 0; i < max; i++) {
    const page = await get(path, { ...query, limit: 100, cursor });
    items.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return items;
}
