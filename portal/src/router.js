import { createRouter, createWebHashHistory } from "vue-router";
import { session } from "./lib/auth";

// Which screens each role works in; the first is the role's home. Later issues add theirs here.
export const MENU = [
  { name: "dashboard", icon: "DataAnalysis", roles: ["hq", "general_manager", "studio_manager"] },
  { name: "approvals", icon: "Stamp", roles: ["studio_manager"] },
  { name: "leads", icon: "User", roles: ["designer", "marketing", "studio_manager", "studio_assistant", "hq", "general_manager"] },
  { name: "contracts", icon: "Document", roles: ["designer", "studio_manager", "hq", "general_manager", "finance", "cashier", "studio_assistant"] },
  { name: "payments", icon: "Money", roles: ["finance", "cashier", "studio_assistant", "studio_manager", "hq", "general_manager"] },
  { name: "receipts", icon: "Tickets", roles: ["finance", "cashier", "studio_assistant", "general_manager"] },
  { name: "projects", icon: "OfficeBuilding", roles: ["foreman", "qc", "engineering_manager", "engineering_stats", "studio_manager", "hq", "general_manager", "designer", "materials"] },
  { name: "rectifications", icon: "CircleCheck", roles: ["qc", "foreman", "engineering_manager", "engineering_stats", "studio_manager", "hq", "general_manager"] },
  { name: "complaints", icon: "ChatLineRound", roles: ["aftercare", "aftercare_manager", "general_manager", "hq", "studio_manager"] },
  { name: "archive", icon: "Files", roles: ["aftercare", "aftercare_manager", "general_manager", "hq"] },
  // Issue 11: money after signing and care after handover.
  { name: "overdue", icon: "Warning", roles: ["finance", "cashier", "studio_assistant", "general_manager", "engineering_manager", "hq"] },
  { name: "statements", icon: "Histogram", roles: ["finance", "general_manager", "engineering_stats", "hq", "tenant_admin"] },
  { name: "cost-approvals", icon: "Checked", roles: ["aftercare_manager", "deputy_chief_engineer", "deputy_general_manager", "general_manager", "auditor"] },
  { name: "repairs", icon: "Tools", roles: ["aftercare", "aftercare_manager", "engineering_manager", "studio_manager", "general_manager", "hq",
    "deputy_chief_engineer", "deputy_general_manager", "auditor"] },
  { name: "inbox", icon: "Bell", roles: ["*"] },
  // Issue 12: the company's settings, for its tenant admin (decision 0036).
  { name: "settings", icon: "Setting", roles: ["tenant_admin"] },
  { name: "stores", icon: "Shop", roles: ["tenant_admin"] },
  { name: "staff", icon: "Avatar", roles: ["tenant_admin"] },
];

// Some roles start on a screen further down the menu than the first one they may open.
const HOME = { finance: "payments", cashier: "payments", studio_assistant: "payments", foreman: "projects", qc: "projects",
  aftercare: "complaints", aftercare_manager: "complaints", marketing: "leads", designer: "leads",
  deputy_chief_engineer: "cost-approvals", deputy_general_manager: "cost-approvals", auditor: "cost-approvals" };

export function menuFor(me) {
  if (!me) return [];
  return MENU.filter((m) => m.roles.includes("*") || m.roles.some((r) => me.roles.includes(r)));
}

export function homeFor(me) {
  for (const role of me?.roles || []) if (HOME[role]) return HOME[role];
  return menuFor(me).find((m) => !m.roles.includes("*"))?.name || "inbox";
}

const routes = [
  { path: "/login", name: "login", component: () => import("./views/LoginView.vue"), meta: { public: true } },
  { path: "/", name: "home", redirect: () => (session.token ? { name: homeFor(session.me) } : { name: "login" }) },
  { path: "/dashboard", name: "dashboard", component: () => import("./views/DashboardView.vue") },
  { path: "/approvals", name: "approvals", component: () => import("./views/ApprovalsView.vue") },
  { path: "/leads", name: "leads", component: () => import("./views/LeadsView.vue") },
  { path: "/leads/:id", name: "lead", component: () => import("./views/LeadView.vue"), props: true },
  { path: "/contracts", name: "contracts", component: () => import("./views/ContractsView.vue") },
  { path: "/contracts/:id", name: "contract", component: () => import("./views/ContractView.vue"), props: true },
  { path: "/contracts/:id/print", name: "contract-print", component: () => import("./views/ContractPrint.vue"), props: true, meta: { bare: true } },
  { path: "/payments", name: "payments", component: () => import("./views/PaymentsView.vue") },
  { path: "/receipts", name: "receipts", component: () => import("./views/ReceiptsView.vue") },
  { path: "/projects", name: "projects", component: () => import("./views/ProjectsView.vue") },
  { path: "/projects/:id", name: "project", component: () => import("./views/ProjectView.vue"), props: true },
  { path: "/rectifications", name: "rectifications", component: () => import("./views/RectificationsView.vue") },
  { path: "/complaints", name: "complaints", component: () => import("./views/ComplaintsView.vue") },
  { path: "/archive", name: "archive", component: () => import("./views/ArchiveView.vue") },
  { path: "/inbox", name: "inbox", component: () => import("./views/InboxView.vue") },
  { path: "/overdue", name: "overdue", component: () => import("./views/OverdueView.vue") },
  { path: "/statements", name: "statements", component: () => import("./views/StatementsView.vue") },
  { path: "/repairs", name: "repairs", component: () => import("./views/RepairsView.vue") },
  { path: "/cost-approvals", name: "cost-approvals", component: () => import("./views/CostApprovalsView.vue") },
  { path: "/settings", name: "settings", component: () => import("./views/SettingsView.vue") },
  { path: "/stores", name: "stores", component: () => import("./views/StoresView.vue") },
  { path: "/staff", name: "staff", component: () => import("./views/StaffView.vue") },
  { path: "/:rest(.*)*", redirect: "/" },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) return { name: "login", query: to.fullPath !== "/" ? { next: to.fullPath } : {} };
  return true;
});
