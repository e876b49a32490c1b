// The unread count behind the header's bell: refreshed on sign-in, every minute, and after a read.
import { ref } from "vue";
import { get } from "../lib/api";
import { session } from "../lib/auth";

export const unread = ref(0);

export async function refreshUnread() {
  if (!session.token) { unread.value = 0; return; }
  try { unread.value = (await get("/api/v1/notifications", { unread: true, limit: 1 })).unread ?? 0; } catch { /* the bell waits */ }
}
