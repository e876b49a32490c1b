// Documents the API renders (notices, warranty cards, statements) need the bearer token, so they
// are fetched here and opened from a blob URL rather than linked.
import { authHeader } from "../lib/auth";
import { ApiError } from "../lib/api";

export async function openDocument(documentId, { download = false, filename } = {}) {
  const res = await fetch(`/api/v1/documents/${encodeURIComponent(documentId)}/content`, { headers: authHeader() });
  if (!res.ok) throw new ApiError(res.status, { status: res.status, ...(await res.json().catch(() => ({}))) });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  if (download) a.download = filename || res.headers.get("Content-Disposition")?.match(/filename="?([^";]+)/)?.[1] || documentId;
  else a.target = "_blank";
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return url;
}

/** Store-local calendar day of a date or ISO string, for overdue marks. */
export function dayOf(value) {
  const d = value instanceof Date ? value : new Date(value);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
