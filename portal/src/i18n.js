import { createI18n } from "vue-i18n";

const zh = {
  app: { name: "RenoFlow 家装业务平台", signOut: "退出", lang: "English", store: "门店", allStores: "全部门店", menu: "菜单" },
  login: { title: "员工登录", username: "用户名", password: "密码", submit: "登录", how: "在统一身份认证页面输入用户名和密码。", failed: "登录未完成，请重试" },
  nav: { dashboard: "经营看板", leads: "客户线索", approvals: "审批", contracts: "合同", payments: "收款", receipts: "今日收款",
    projects: "在施工程", rectifications: "整改单", complaints: "客户投诉", archive: "客户档案" },
  common: { save: "保存", cancel: "取消", open: "打开", refresh: "刷新", empty: "暂无记录", actions: "操作", loading: "加载中…",
    done: "已保存", status: "状态", store: "门店", total: "合计", date: "日期", add: "添加", remove: "删除", clear: "清除", print: "打印",
    back: "返回", confirm: "确认", approve: "批准", yes: "是", no: "否", rule: "规则", more: "加载更多" },
  lead: { register: "登记客户", customer: "客户", phone: "电话", address: "地址", source: "媒体来源", channel: "业务来源",
    consultation: "咨询方式", designer: "设计师", queue: "队列", created: "登记时间", marketingQueue: "市场部队列",
    reassign: "转给设计师", assign: "分配", estimate: "简单估算", scope: "范围", itemised: "分项估算", whole: "整套总价",
    item: "项目", amount: "金额 (元)", measureRequest: "预约量房", requestedFor: "预约时间", deposit: "订金", recordDeposit: "登记订金",
    measurement: "量房记录", room: "房间", length: "长 (米)", width: "宽 (米)", height: "高 (米)", wall: "墙体", structure: "结构",
    design: "设计方案", floorPlan: "平面图", version: "版本", budget: "初步预算", confirmDesign: "客户认定", quote: "电子报价单",
    catalogue: "价目表", quantity: "数量", special: "特殊项目", touches: "涉及结构", permit: "有关部门批文", unit: "单位", unitPrice: "单价", issue: "出具报价单",
    contract: "合同", draftContract: "起草合同", marketParty: "有市场方", steps: "签单流程" },
  contract: { number: "档案号", total: "合同额 (元)", signedOn: "签约日", attachments: "合同附件", missing: "缺少附件",
    sign: "客户签约", costNotice: "已告知客户：现场水电费、物业费及物业押金由客户承担 (C05)", signed: "已签约，档案号",
    printable: "打印合同", plan: "付款计划", payments: "收款记录", upload: "上传附件", kind: "附件类型" },
  pay: { record: "收款", kind: "款项", amount: "金额 (元)", method: "方式", note: "备注", receivedBy: "收款人", receivedAt: "收款时间",
    confirm: "确认到账", inTransit: "在途", confirmed: "已到账", paid: "已收", outstanding: "未收", due: "到期日" },
  project: { number: "档案号", customer: "客户", opened: "开工登记", steps: "施工工序", documents: "工程资料", start: "开始",
    complete: "完成", progress: "记录进度", percent: "完成 %", forms: "表单", inspections: "质检" },
  complaint: { text: "投诉内容", received: "受理时间", passOnBy: "转交期限", answerBy: "答复期限", overdue: "已逾期",
    escalated: "已升级", classify: "定性", valid: "有效", invalid: "无效", answer: "答复", resolve: "结案", record: "登记投诉",
    severity: "严重程度" },
  dash: { from: "开始", to: "结束", leads: "线索", contracts_signed: "签约数", contract_value: "合同额", received: "已收款",
    outstanding: "未收款", projects_in_progress: "在施工程", complaints_open: "未结投诉", byStore: "分店数据", drill: "查看明细" },
  sig: { hint: "请客户在此签名", name: "签名人" },
  upload: { drop: "将文件拖到此处，或点击上传", types: "PDF、JPEG、PNG，最大 20 MB" },
};

const en = {
  app: { name: "RenoFlow renovation platform", signOut: "Sign out", lang: "中文", store: "Store", allStores: "All stores", menu: "Menu" },
  login: { title: "Staff sign-in", username: "Username", password: "Password", submit: "Sign in", how: "You type your username and password on the identity provider's page.", failed: "Sign-in did not complete; please try again" },
  nav: { dashboard: "Dashboard", leads: "Leads", approvals: "Approvals", contracts: "Contracts", payments: "Payments", receipts: "Today's receipts",
    projects: "Projects", rectifications: "Rectification orders", complaints: "Complaints", archive: "Customer archive" },
  common: { save: "Save", cancel: "Cancel", open: "Open", refresh: "Refresh", empty: "Nothing yet", actions: "Actions", loading: "Loading…",
    done: "Saved", status: "Status", store: "Store", total: "Total", date: "Date", add: "Add", remove: "Remove", clear: "Clear", print: "Print",
    back: "Back", confirm: "Confirm", approve: "Approve", yes: "Yes", no: "No", rule: "Rule", more: "Load more" },
  lead: { register: "Register a lead", customer: "Customer", phone: "Phone", address: "Address", source: "Source", channel: "Channel",
    consultation: "Consultation", designer: "Designer", queue: "Queue", created: "Registered", marketingQueue: "Marketing queue",
    reassign: "Assign to a designer", assign: "Assign", estimate: "Estimate", scope: "Scope", itemised: "Itemised", whole: "Whole house",
    item: "Item", amount: "Amount (¥)", measureRequest: "Request a measurement", requestedFor: "Requested for", deposit: "Deposit", recordDeposit: "Record deposit",
    measurement: "Measurement", room: "Room", length: "Length (m)", width: "Width (m)", height: "Height (m)", wall: "Wall", structure: "Structure",
    design: "Designs", floorPlan: "Floor plan", version: "Version", budget: "Budget", confirmDesign: "Customer confirms", quote: "Quote",
    catalogue: "Catalogue", quantity: "Quantity", special: "Special items", touches: "Touches", permit: "Authorities' permit", unit: "Unit", unitPrice: "Unit price", issue: "Issue the quote",
    contract: "Contract", draftContract: "Draft the contract", marketParty: "Market is a party", steps: "Sales steps" },
  contract: { number: "Number", total: "Total (¥)", signedOn: "Signed on", attachments: "Attachments", missing: "Missing",
    sign: "Customer signs", costNotice: "Customer told that site water, power and property fees are theirs (C05)", signed: "Signed, number",
    printable: "Print the contract", plan: "Payment plan", payments: "Payments", upload: "Upload an attachment", kind: "Kind" },
  pay: { record: "Record a payment", kind: "Installment", amount: "Amount (¥)", method: "Method", note: "Note", receivedBy: "Received by", receivedAt: "Received at",
    confirm: "Confirm arrival", inTransit: "In transit", confirmed: "Confirmed", paid: "Paid", outstanding: "Outstanding", due: "Due" },
  project: { number: "Number", customer: "Customer", opened: "Opened", steps: "Construction sequence", documents: "Documents", start: "Start",
    complete: "Complete", progress: "Record progress", percent: "Percent", forms: "Forms", inspections: "Inspections" },
  complaint: { text: "Complaint", received: "Received", passOnBy: "Pass on by", answerBy: "Answer by", overdue: "Overdue",
    escalated: "Escalated", classify: "Classify", valid: "Valid", invalid: "Invalid", answer: "Answer", resolve: "Resolve", record: "Record a complaint",
    severity: "Severity" },
  dash: { from: "From", to: "To", leads: "Leads", contracts_signed: "Contracts signed", contract_value: "Contract value", received: "Received",
    outstanding: "Outstanding", projects_in_progress: "Projects in progress", complaints_open: "Open complaints", byStore: "By store", drill: "Open the list" },
  sig: { hint: "Customer signs here", name: "Signed by" },
  upload: { drop: "Drop a file here, or click to upload", types: "PDF, JPEG, PNG, up to 20 MB" },
};

export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem("renoflow.locale") || "zh-CN",
  fallbackLocale: "zh-CN",
  messages: { "zh-CN": zh, en },
});

// Codes the API returns, shown in Chinese (the API keeps English snake_case).
const CODES = {
  // What a quote line touches of the building (C03, Q09).
  none: ["不涉及结构", "No structure"], insulation_wall: ["保温墙", "Insulation wall"], load_bearing_wall: ["承重墙", "Load-bearing wall"],
  seismic_wall: ["抗震墙", "Seismic wall"], heating_pipes: ["暖气管道", "Heating pipes"], gas_pipes: ["燃气管道", "Gas pipes"],
  door_window_opening: ["扩大门窗洞口", "Enlarged opening"], floor_load: ["增加楼面荷载", "Added floor load"],
  rear_balcony_floor: ["填充、加高后阳台地面", "Rear balcony floor"], floor_ceiling_slab: ["凿剔楼板、顶板", "Chiselled slab"],
  balcony_window_wall: ["拆除挑阳台窗下墙", "Wall under balcony windows"],
  new: ["新线索", "New"], measurement_requested: ["待量房", "Measurement requested"], measured: ["已量房", "Measured"],
  designing: ["设计中", "Designing"], design_confirmed: ["方案已确认", "Design confirmed"], contracted: ["已签单", "Contracted"],
  cancelled: ["已取消", "Cancelled"], draft: ["草稿", "Draft"], signed: ["已签约", "Signed"], issued: ["已出具", "Issued"],
  scheduled: ["已安排", "Scheduled"], awaiting_approval: ["待审批", "Awaiting approval"], approved: ["已批准", "Approved"],
  pending: ["待批准", "Pending"], not_needed: ["无需审批", "Not needed"], confirmed: ["已认定", "Confirmed"],
  due: ["待收", "Due"], partly_paid: ["部分已收", "Partly paid"], paid: ["已收齐", "Paid"], not_due: ["未到期", "Not due"],
  in_transit: ["在途", "In transit"], received: ["已到账", "Received"], awaiting_handover: ["待交底", "Awaiting handover"], missing: ["缺", "Missing"],
  in_progress: ["施工中", "In progress"], not_started: ["未开始", "Not started"], started: ["进行中", "Started"], done: ["已完成", "Done"], completed: ["已完成", "Completed"],
  open: ["待处理", "Open"], classified: ["已定性", "Classified"], passed_on: ["已转交", "Passed on"], answered: ["已答复", "Answered"],
  resolved: ["已结案", "Resolved"], escalated: ["已升级", "Escalated"],
  designer: ["设计师", "Designer"], marketing: ["市场部", "Marketing"], studio_manager: ["设计室经理", "Studio manager"],
  studio_assistant: ["设计室助理", "Studio assistant"], finance: ["财务", "Finance"], cashier: ["出纳", "Cashier"],
  foreman: ["工长", "Foreman"], qc: ["质检", "QC"], aftercare: ["售后", "Aftercare"], aftercare_manager: ["售后经理", "Aftercare manager"],
  hq: ["总部", "HQ"], general_manager: ["总经理", "General manager"], engineering_manager: ["工程部经理", "Engineering manager"],
  engineering_stats: ["工程统计", "Engineering statistics"], materials: ["材料员", "Materials"], tenant_admin: ["租户管理员", "Tenant admin"],
  deputy_chief_engineer: ["副总工程师", "Deputy chief engineer"], deputy_general_manager: ["副总经理", "Deputy GM"], auditor: ["审计部", "Audit"],
  deposit: ["订金", "Deposit"], first: ["首期款", "First"], midterm: ["中期款", "Mid-term"], final: ["尾款", "Final"],
  cash: ["现金", "Cash"], bank_transfer: ["银行转账", "Bank transfer"], card: ["刷卡", "Card"], wechat: ["微信", "WeChat"], alipay: ["支付宝", "Alipay"],
  load_bearing: ["承重墙", "Load-bearing"], partition: ["隔墙", "Partition"], insulation: ["保温墙", "Insulation"], seismic: ["抗震墙", "Seismic"], unknown: ["待判定", "Unknown"],
  contract_notes: ["合同说明", "Contract notes"], agreed_terms: ["约定条款", "Agreed terms"],
  customer_supplied_materials: ["甲供材表", "Customer-supplied materials"], company_supplied_materials: ["乙供材表", "Company-supplied materials"],
  drawings: ["图纸", "Drawings"], customer_notice: ["客户须知", "Customer notice"], customer_service_form: ["客户服务单", "Customer service form"],
  valid: ["有效", "Valid"], invalid: ["无效", "Invalid"], minor: ["轻微", "Minor"], important: ["重要", "Important"], major: ["重大", "Major"],
  tv: ["电视", "TV"], newspaper: ["报纸", "Newspaper"], radio: ["电台", "Radio"], web: ["网页", "Web"], referral: ["介绍", "Referral"],
  walk_by: ["路过", "Walk-by"], other: ["其他", "Other"], market: ["市场", "Market"], residential_community: ["小区", "Residential community"],
  business_dept: ["业务部", "Business dept."], engineering_dept: ["工程部", "Engineering dept."],
  phone: ["电话咨询", "Phone"], walk_in: ["上门咨询", "Walk-in"], designer_visit: ["设计师上门", "Designer visit"],
};

export function code(value) {
  const entry = CODES[value];
  if (!entry) return value ?? "";
  return entry[i18n.global.locale.value === "zh-CN" ? 0 : 1];
}

// An installment that is "pending" is not due yet; a special item that is "pending" awaits approval.
export function installment(value) {
  return value === "pending" ? code("not_due") : code(value);
}

export function setLocale(locale) {
  i18n.global.locale.value = locale;
  localStorage.setItem("renoflow.locale", locale);
  document.documentElement.lang = locale;
}
