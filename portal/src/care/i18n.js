// Labels and API codes of the money and aftercare screens (issue 11), merged into the portal's
// catalogues at start-up so these screens keep their words in one file.
import { i18n, code } from "../i18n";

const zh = {
  nav: { inbox: "消息", overdue: "逾期款项", statements: "收支报表", repairs: "报修", costApprovals: "维修费用审批" },
  inbox: { title: "消息", unread: "未读", read: "已读", markRead: "标为已读", onlyUnread: "只看未读", bell: "消息，{n} 条未读" },
  notice: { title: "交款通知书", issued: "通知日", sign: "客户签署通知书", signed: "客户已签", open: "打开通知书 PDF", none: "尚未发出" },
  stmt: { day: "报表日", download: "下载收款报表 (XLSX)", lines: "明细", produced: "生成时间", pastOnly: "只能查询已过去的日期" },
  overdue: { days: "逾期天数", none: "没有逾期款项" },
  repair: { record: "登记报修", item: "报修项目", fault: "故障", urgent: "紧急", scope: "保修范围", class: "类别",
    surveyBy: "勘查期限", dueBy: "完成期限", callbackBy: "回访期限", crew: "维修班组", survey: "现场勘查", responsibility: "责任方",
    multiTrade: "多工种", dispatch: "派工", complete: "客户验收签字", callback: "回访", note: "回访记录", satisfied: "客户满意",
    costs: "维修费用", addCost: "登记费用", approvers: "审批人", approvals: "已批", notReturned: "17:00 未返单", board: "报修看板",
    overdue: "已逾期", chargedTo: "费用承担", all: "全部报修", description: "说明" },
  warranty: { title: "保修卡", starts: "保修起始", ends: "到期", card: "打印保修卡 (PDF)", handedBy: "交付人", none: "验收合格且尾款到账后出具保修卡",
    callbacks: "季度回访" },
  approvals: { mine: "我可审批", others: "待他人审批", tier: "审批层级", tiers: "1000 元以内：售后经理；1000–10000 元：副总工程师和副总经理；10000 元以上：总经理；20000 元以上另经审计部" },
  complaintCare: { resolveBy: "解决期限", reportBackBy: "部门回复期限", callbackBy: "回访期限", callback: "回访", callbackNote: "回访记录", satisfied: "客户满意", calledBack: "已回访" },
};
const en = {
  nav: { inbox: "Inbox", overdue: "Overdue money", statements: "Statements", repairs: "Repairs", costApprovals: "Repair cost approvals" },
  inbox: { title: "Inbox", unread: "Unread", read: "Read", markRead: "Mark read", onlyUnread: "Unread only", bell: "Inbox, {n} unread" },
  notice: { title: "Payment notice", issued: "Issued", sign: "Customer signs the notice", signed: "Signed by", open: "Open the notice PDF", none: "Not issued yet" },
  stmt: { day: "Day", download: "Download the receipts statement (XLSX)", lines: "Lines", produced: "Produced", pastOnly: "Only past days" },
  overdue: { days: "Days overdue", none: "No overdue money" },
  repair: { record: "Record a repair", item: "Item", fault: "Fault", urgent: "Urgent", scope: "Coverage", class: "Class",
    surveyBy: "Survey by", dueBy: "Repair by", callbackBy: "Callback by", crew: "Crew", survey: "Site survey", responsibility: "Responsible",
    multiTrade: "Several trades", dispatch: "Dispatch", complete: "Customer signs off", callback: "Callback", note: "Callback note", satisfied: "Satisfied",
    costs: "Costs", addCost: "Add a cost", approvers: "Approved by", approvals: "Approvals", notReturned: "Not returned by 17:00", board: "Repairs board",
    overdue: "Overdue", chargedTo: "Charged to", all: "All repairs", description: "Description" },
  warranty: { title: "Warranty card", starts: "Starts", ends: "Ends", card: "Print the warranty card (PDF)", handedBy: "Handed over by", none: "The card is issued once acceptance passed and the final payment is in",
    callbacks: "Quarterly callbacks" },
  approvals: { mine: "Mine to approve", others: "Awaiting others", tier: "Tier", tiers: "Up to ¥1,000: aftercare manager; ¥1,000–10,000: deputy chief engineer and deputy GM; above ¥10,000: general manager; above ¥20,000 also audited" },
  complaintCare: { resolveBy: "Resolve by", reportBackBy: "Report back by", callbackBy: "Callback by", callback: "Callback", callbackNote: "Callback note", satisfied: "Satisfied", calledBack: "Called back" },
};
i18n.global.mergeLocaleMessage("zh-CN", zh);
i18n.global.mergeLocaleMessage("en", en);

const CODES = {
  recorded: ["已登记", "Recorded"], surveyed: ["已勘查", "Surveyed"], dispatched: ["已派工", "Dispatched"],
  called_back: ["已回访", "Called back"], crew: ["施工队", "Crew"], customer: ["客户", "Customer"],
  general: ["一般项目 (2 年)", "General (2 years)"], waterproofing: ["防水 (5 年)", "Waterproofing (5 years)"],
  crew_quality_deposit: ["施工队质保金", "Crew's quality deposit"], company: ["公司", "Company"],
  deputy_chief_engineer: ["副总工程师", "Deputy chief engineer"], deputy_general_manager: ["副总经理", "Deputy GM"],
  auditor: ["审计部", "Audit"], aftercare_manager: ["客户服务部经理", "Aftercare manager"],
};
/** An API code in the reader's language: these screens' codes first, then the portal's. */
export function ccode(value) {
  const entry = CODES[value];
  if (!entry) return code(value);
  return entry[i18n.global.locale.value === "zh-CN" ? 0 : 1];
}
