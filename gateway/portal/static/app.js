// RenoFlow staff portal: signs in against the realm's token endpoint and calls /api/v1 with the token.
"use strict";
const REALM = "/realms/renoflow/protocol/openid-connect/token";
const $ = (sel) => document.querySelector(sel);
let session = JSON.parse(sessionStorage.getItem("renoflow") || "null");

function claims(token) {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(decodeURIComponent(escape(atob(part))));
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: `Bearer ${session.access_token}` }, options.headers || {});
  if (options.body && !(options.body instanceof FormData)) headers["Content-Type"] = "application/json";
  const res = await fetch(path, Object.assign({}, options, { headers }));
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) { logout(); throw new Error("登录已过期 Session expired"); }
  if (!res.ok) throw new Error(`${body.detail || res.statusText}${body.rule ? ` (规则 ${body.rule})` : ""}`);
  return body;
}

// Display names for the codes the API returns (the API stays in English snake_case).
const LABELS = {
  new: "新线索", measurement_requested: "待量房", measured: "已量房", designing: "设计中", design_confirmed: "方案已确认",
  draft: "草稿", signed: "已签约", issued: "已出单", awaiting_handover: "待交底",
  walk_in: "上门咨询", phone: "电话咨询", designer_visit: "设计师上门",
};
const label = (v) => LABELS[v] || v;

function esc(v) { return String(v ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }

function table(rows, columns) {
  if (!rows.length) return '<p class="hint">暂无记录 Nothing yet.</p>';
  const head = columns.map(([, label]) => `<th>${label}</th>`).join("");
  const body = rows.map((r) => `<tr>${columns.map(([key]) => `<td>${esc(label(r[key]))}</td>`).join("")}</tr>`).join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const TABS = [
  { id: "contracts", label: "合同 Contracts", roles: null, render: async () => {
    const page = await api("/api/v1/contracts");
    return table(page.items, [["number", "档案号 No."], ["store", "设计室 Store"], ["status", "状态 Status"], ["total", "合同额 Total (¥)"], ["signed_on", "签约日 Signed"]]);
  } },
  { id: "leads", label: "客户线索 Leads", roles: ["designer", "marketing", "studio_manager", "studio_assistant", "hq", "general_manager"], render: async () => {
    const page = await api("/api/v1/leads");
    const form = `<div class="card"><h3>登记客户 Register a lead</h3><form id="lead-form">
      <label>客户姓名 Customer <input name="customer_name" required></label>
      <label>电话 Phone <input name="phone" required></label>
      <label>地址 Address <input name="address" required></label>
      <label>设计室 Store <select name="store">${session.stores.map((s) => `<option>${s}</option>`).join("")}</select></label>
      <label>媒体来源 Source <select name="source"><option value="web">网页</option><option value="tv">电视</option><option value="newspaper">报纸</option><option value="radio">电台</option><option value="referral">介绍</option></select></label>
      <label>业务来源 Channel <select name="channel"><option value="market">市场</option><option value="residential_community">小区</option><option value="business_dept">业务部</option><option value="engineering_dept">工程部</option></select></label>
      <label>咨询方式 Consultation <select name="consultation_channel"><option value="walk_in">上门咨询</option><option value="phone">电话咨询</option><option value="designer_visit">设计师上门</option></select></label>
      <button>保存 Save</button><p id="lead-msg"></p></form></div>`;
    return form + table(page.items, [["customer_name", "客户 Customer"], ["store", "设计室"], ["status", "状态"], ["consultation_channel", "咨询方式"], ["designer", "设计师"]]);
  }, after: () => {
    const form = $("#lead-form");
    if (!form) return;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        await api("/api/v1/leads", { method: "POST", body: JSON.stringify(Object.fromEntries(new FormData(form))) });
        show("leads");
      } catch (err) { $("#lead-msg").className = "error"; $("#lead-msg").textContent = err.message; }
    });
  } },
  { id: "projects", label: "在施工程 Projects", roles: null, render: async () => {
    const page = await api("/api/v1/projects");
    return table(page.items, [["number", "档案号"], ["customer_name", "客户"], ["address", "地址"], ["status", "状态"], ["opened_on", "开工登记"]]);
  } },
];

async function show(id) {
  const tab = TABS.find((t) => t.id === id);
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.tab === id));
  $("#panel").innerHTML = '<p class="hint">加载中 Loading…</p>';
  try { $("#panel").innerHTML = await tab.render(); if (tab.after) tab.after(); }
  catch (err) { $("#panel").innerHTML = `<p class="error">${esc(err.message)}</p>`; }
}

function render() {
  const signedIn = Boolean(session);
  $("#login-view").hidden = signedIn; $("#app-view").hidden = !signedIn; $("#who").hidden = !signedIn;
  if (!signedIn) return;
  $("#who-name").textContent = session.name;
  $("#who-meta").textContent = `${session.tenant} · ${session.roles.join(", ")} · ${session.stores.join("") || "—"}`;
  const tabs = TABS.filter((t) => !t.roles || t.roles.some((r) => session.roles.includes(r)));
  $("#tabs").innerHTML = tabs.map((t) => `<button type="button" data-tab="${t.id}">${t.label}</button>`).join("");
  document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => show(b.dataset.tab)));
  show(tabs[0].id);
}

function logout() { session = null; sessionStorage.removeItem("renoflow"); render(); }

$("#login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new URLSearchParams(new FormData(e.target));
  data.set("grant_type", "password"); data.set("client_id", "renoflow-web");
  const res = await fetch(REALM, { method: "POST", body: data });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) { $("#login-error").textContent = body.error_description || "登录失败 Sign-in failed"; return; }
  const c = claims(body.access_token);
  const org = Array.isArray(c.organization) ? c.organization[0] : Object.keys(c.organization || {})[0];
  session = { access_token: body.access_token, name: c.name || c.preferred_username, tenant: org,
              roles: (c.realm_access || {}).roles || [], stores: c.stores || [] };
  sessionStorage.setItem("renoflow", JSON.stringify(session));
  $("#login-error").textContent = ""; render();
});
$("#logout").addEventListener("click", logout);
render();
