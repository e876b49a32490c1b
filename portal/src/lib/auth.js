// Everything about the access token lives here: today a password grant against the realm's token
// endpoint (as in embedded mode and Keycloak's direct access grants); moving to the
// authorization-code flow with PKCE changes only signIn() and the token refresh below.
import { reactive } from "vue";

const TOKEN_URL = "/realms/renoflow/protocol/openid-connect/token";
const CLIENT_ID = "renoflow-web";
const KEY = "renoflow.session";

export const session = reactive(JSON.parse(sessionStorage.getItem(KEY) || "null") || { token: null, me: null });

function save() {
  sessionStorage.setItem(KEY, JSON.stringify({ token: session.token, me: session.me }));
}

export class SignInError extends Error {}

export async function signIn(username, password) {
  const res = await fetch(TOKEN_URL, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: CLIENT_ID, username, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new SignInError(body.error_description || body.detail || res.statusText);
  session.token = body.access_token;
  const me = await fetch("/api/v1/me", { headers: { Authorization: `Bearer ${session.token}` } });
  if (!me.ok) { signOut(); throw new SignInError(me.statusText); }
  session.me = await me.json();
  save();
  return session.me;
}

export function signOut() {
  session.token = null;
  session.me = null;
  sessionStorage.removeItem(KEY);
}

export function authHeader() {
  return session.token ? { Authorization: `Bearer ${session.token}` } : {};
}

export function hasRole(...roles) {
  return !!session.me && session.me.roles.some((r) => roles.includes(r));
}
