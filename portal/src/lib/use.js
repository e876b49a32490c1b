import { ref, onMounted, onBeforeUnmount, watch } from "vue";
import { ElMessage } from "element-plus";
import { i18n } from "../i18n";
import { session } from "./auth";

/** True on phone widths (foreman, QC and aftercare work on phones): lists become cards. */
export function useMobile(limit = 768) {
  const mobile = ref(window.innerWidth < limit);
  const update = () => { mobile.value = window.innerWidth < limit; };
  onMounted(() => window.addEventListener("resize", update));
  onBeforeUnmount(() => window.removeEventListener("resize", update));
  return mobile;
}

/** Runs a user action; its problem (if any) goes to `error` for a <problem-alert>. */
export function useAction() {
  const error = ref(null);
  const busy = ref(false);
  async function run(fn, { success = true } = {}) {
    error.value = null;
    busy.value = true;
    try {
      const answer = await fn();
      if (success) ElMessage.success(i18n.global.t("common.done"));
      return answer;
    } catch (err) {
      error.value = err;
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { error, busy, run };
}

/** Loads a list, again when its filters change. */
export function useList(load, filters) {
  const items = ref([]);
  const loading = ref(false);
  const error = ref(null);
  async function refresh() {
    loading.value = true;
    error.value = null;
    try { items.value = await load(); } catch (err) { error.value = err; items.value = []; } finally { loading.value = false; }
  }
  if (filters) watch(filters, refresh, { deep: true });
  onMounted(refresh);
  return { items, loading, error, refresh };
}

/** The store filter shared by every list: "" means all the caller's stores. */
export const storeFilter = ref("");
export function myStores() { return session.me?.stores || []; }

export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(i18n.global.locale.value === "zh-CN" ? "zh-CN" : "en-GB", { hour12: false, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}
