// RenoFlow staff portal: signs in against the realm's token endpoint and calls /api/v1 with the token.
"use strict";
const REALM = "/realms/renoflow/protocol/openid-connect/token";
const $ = (sel) => document.querySelector(sel);
let session = JSON.parse(sessionStorage.getItem("renoflow") || "null");

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
  contracted: "已签单", cancelled: "已取消",
  draft: "草稿", signed: "已签约", issued: "已出单", awaiting_handover: "待交底",
  pending: "未到期", due: "待收", partly_paid: "部分已收", paid: "已收齐",
  walk_in: "上门咨询", phone: "电话咨询", designer_visit: "设计师上门",
};
const label = (v) => LABELS[v] || v;

function esc(v) { return String(v ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }

function table(rows, columns, linkAs) {
  if (!rows.length) return '<p class="hint">暂无记录 Nothing yet.</p>';
  const head = columns.map(([, label]) => `<th>${label}</th>`).join("");
  const link = (r) => (linkAs ? ` data-${linkAs}="${esc(r.id)}" class="link"` : "");
  const body = rows.map((r) => `<tr${link(r)}>${columns.map(([key]) => `<td>${esc(label(r[key]))}</td>`).join("")}</tr>`).join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const TABS = [
  { id: "contracts", label: "合同 Contracts", roles: null, render: async () => {
    const page = await api("/api/v1/contracts");
    return table(page.items, [["number", "档案号 No."], ["store", "设计室 Store"], ["status", "状态 Status"], ["total", "合同额 Total (¥)"], ["signed_on", "签约日 Signed"]], "contract")
      + '<div id="contract-detail"></div>';
  }, after: () => {
    document.querySelectorAll("tr[data-contract]").forEach((row) => row.addEventListener("click", () => showContract(row.dataset.contract)));
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

const RECEIVERS = ["finance", "studio_assistant", "cashier"];

// A contract with its payment plan (F02); finance staff record payments here (F01, F07).
async function showContract(id) {
  const box = $("#contract-detail");
  const contract = await api(`/api/v1/contracts/${id}`);
  let plan = null;
  try { plan = await api(`/api/v1/contracts/${id}/payment-plan`); } catch (err) { plan = null; }
  const installments = plan ? table(plan.installments, [["name", "款项 Installment"], ["amount", "应收 Due (¥)"], ["due_on", "到期 Due on"], ["paid", "已收 Paid (¥)"], ["status", "状态"]]) : '<p class="hint">收款计划尚未生成 No payment plan yet.</p>';
  const canReceive = plan && session.roles.some((r) => RECEIVERS.includes(r));
  const form = canReceive ? `<form id="payment-form"><h4>收款 Record a payment</h4>
      <label>款项 Kind <select name="kind"><option value="first">首期款</option><option value="midterm">中期款</option><option value="final">尾款</option><option value="deposit">订金</option></select></label>
      <label>金额 Amount (¥) <input name="amount" required pattern="\\d{1,12}(\\.\\d{1,2})?" placeholder="12800.00"></label>
      <label>方式 Method <select name="method"><option value="bank_transfer">转账</option><option value="wechat">微信</option><option value="alipay">支付宝</option><option value="card">刷卡</option><option value="cash">现金</option></select></label>
      <button>确认收款 Record</button><p id="payment-msg"></p></form>` : "";
  box.innerHTML = `<div class="card"><h3>合同 ${esc(contract.number || "草稿")} · ${esc(label(contract.status))} · ¥${esc(contract.total)}</h3>
    ${contract.missing_attachments.length ? `<p class="error">缺少附件 Missing: ${contract.missing_attachments.map(esc).join(", ")}</p>` : ""}
    ${installments}${form}</div>`;
  const pay = $("#payment-form");
  if (!pay) return;
  const key = crypto.randomUUID();  // one key per form: a double click records the money once
  pay.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = Object.assign({ contract_id: id }, Object.fromEntries(new FormData(pay)));
    try {
      await api("/api/v1/payments", { method: "POST", body: JSON.stringify(body), headers: { "Idempotency-Key": key } });
      showContract(id);
    } catch (err) { $("#payment-msg").className = "error"; $("#payment-msg").textContent = err.message; }
  });
}

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
  session = { access_token: body.access_token };
  try {
    // The platform's own view of the caller: stores narrowed by its records, not the token's claim.
    const me = await api("/api/v1/me");
    Object.assign(session, { name: me.display_name || me.username, tenant: me.tenant_id, roles: me.roles, stores: me.stores });
  } catch (err) { session = null; $("#login-error").textContent = err.message; return; }
  sessionStorage.setItem("renoflow", JSON.stringify(session));
  $("#login-error").textContent = ""; render();
});
$("#logout").addEventListener("click", logout);
render();
