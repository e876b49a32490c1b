// A problem the API pinned on one field of a form, worded for that field's own line.
import { describeProblem } from "../lib/problems";

export const ROLES = [
  // The realm roles the API accepts (shared/identity/context.py ROLES), in the order staff read them.
  "designer", "studio_manager", "studio_assistant", "marketing", "finance", "cashier", "engineering_manager",
  "engineering_stats", "foreman", "qc", "materials", "aftercare", "aftercare_manager", "deputy_chief_engineer",
  "deputy_general_manager", "auditor", "general_manager", "hq", "tenant_admin",
];
// Roles that work for the whole company: their accounts need no store (the API's rule too).
export const TENANT_WIDE = ["hq", "general_manager", "tenant_admin"];

/** The message of `error` when it names `field` (or one of its items), else "" (no error on that field). */
export function fieldError(error, field, locale) {
  const problem = error?.problem;
  if (!problem?.field) return "";
  const named = String(problem.field);
  if (named !== field && !named.startsWith(`${field}.`)) return "";
  return describeProblem(problem, locale).message;
}
