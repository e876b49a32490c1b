// Documents the API renders (notices, warranty cards, statements) need the bearer token, so they
// are fetched here and opened from a blob URL rather than linked.
import { authHeader } from "./auth";
import { ApiError } from "./api";

export async function openDocument(documentId, { download = false, filename } = {}) {
  // The tab opens while the click still counts as the user's (before any await), or a slow
  // answer would have the browser block it as a pop-up; the document goes into it when fetched.
  const tab = download ? null : window.open("", "_blank");
  try {
    const res = await fetch(`/api/v1/documents/${encodeURIComponent(documentId)}/content`, { headers: authHeader() });
    if (!res.ok) throw new ApiError(res.status, { status: res.status, ...(await res.json().catch(() => ({}))) });
    const url = URL.createObjectURL(await res.blob());
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    if (tab) { tab.location.href = url; return url; }
    const a = document.createElement("a");
    a.href = url;
    a.download = filename || res.headers.get("Content-Disposition")?.match(/filename="?([^";]+)/)?.[1] || documentId;
    document.body.appendChild(a);
    a.click();
    a.remove();
    return url;
  } catch (err) {
    tab?.close();
    throw err;
  }
}
