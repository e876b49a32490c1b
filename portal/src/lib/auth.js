// Everything about the access token lives here. The portal signs in with the authorization-code
// flow and PKCE (S256) at whichever provider the gateway names in /portal-auth.json: Keycloak in
// distributed mode, or the embedded provider, which serves the same endpoints. The password is
// typed into the provider's own page, never into the portal.
import { reactive, ref } from "vue";

const KEY = "renoflow.session";
// Between leaving for the provider and coming back: the verifier, the state and where to go next.
const PENDING = "renoflow.signin";

export const session = reactive(JSON.parse(sessionStorage.getItem(KEY) || "null") || { token: null, me: null, idToken: null });
// Why the last sign-in failed, for the login page to say.
export const signInError = ref("");

function save() {
  sessionStorage.setItem(KEY, JSON.stringify({ token: session.token, me: session.me, idToken: session.idToken }));
}

export class SignInError extends Error {}

let config = null;
async function authConfig() {
  if (!config) {
    const res = await fetch("/portal-auth.json", { headers: { Accept: "application/json" } });
    if (!res.ok) throw new SignInError(res.statusText);
    config = await res.json();
  }
  return config;
}

// Registered exactly (realm import, RENOFLOW_OIDC_REDIRECT_URIS): the portal's root on its own origin.
function redirectUri() {
  return `${location.origin}/`;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

// Leaves the portal for the provider's login page; the browser comes back at completeSignIn().
export async function signIn(next = "/") {
  const c = await authConfig();
  const verifier = randomString(48); // 64 characters, within RFC 7636's 43–128
  const state = randomString(16);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, next }));
  const url = new URL(c.authorization_endpoint, location.origin);
  url.search = new URLSearchParams({
    response_type: "code", client_id: c.client_id, redirect_uri: redirectUri(), scope: "openid",
    state, code_challenge: challenge, code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

// On the way back from the provider: exchange the code for tokens. The route to open next, or
// null when this page load is no sign-in callback.
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  // The code leaves the address bar (and the history) before anything else happens.
  history.replaceState(null, "", location.pathname);
  if (!pending || params.get("state") !== pending.state) throw new SignInError("state mismatch");
  if (params.has("error")) throw new SignInError(params.get("error_description") || params.get("error"));
  const c = await authConfig();
  const res = await fetch(c.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: c.client_id, code: params.get("code"),
      redirect_uri: redirectUri(), code_verifier: pending.verifier,
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new SignInError(body.error_description || res.statusText);
  session.token = body.access_token;
  session.idToken = body.id_token || null;
  const me = await fetch("/api/v1/me", { headers: { Authorization: `Bearer ${session.token}` } });
  if (!me.ok) { signOut(); throw new SignInError(me.statusText); }
  session.me = await me.json();
  save();
  return pending.next || "/";
}

// Forgets the tokens here (an expired token, a 401); the provider's session is left alone.
export function signOut() {
  session.token = null;
  session.me = null;
  session.idToken = null;
  sessionStorage.removeItem(KEY);
}

// The user's "sign out": also ends the provider's session, so the next sign-in asks for the password.
export async function endSession() {
  const idToken = session.idToken;
  signOut();
  const c = await authConfig().catch(() => null);
  if (!c?.end_session_endpoint) return false;
  const url = new URL(c.end_session_endpoint, location.origin);
  url.search = new URLSearchParams({
    client_id: c.client_id, post_logout_redirect_uri: redirectUri(), ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.toString());
  return true;
}

export function authHeader() {
  return session.token ? { Authorization: `Bearer ${session.token}` } : {};
}

export function hasRole(...roles) {
  return !!session.me && session.me.roles.some((r) => roles.includes(r));
}
