// The construction screens' labels and the API's codes they show, merged into the portal's
// catalogues here so the forms and inspections screens keep their words beside them.
import { code, i18n } from "../i18n";

const zh = {
  cons: {
    gates: "施工关口", gateOpen: "已开放", gateClosed: "未开放", openedBy: "开放条件", holds: "限制",
    register: "工程资料明细单", fill: "填写表单", formType: "表单", signers: "签字人", submit: "签字提交",
    correct: "更正", correction: "更正（新版本）", version: "版本", signedAt: "签字时间", openPdf: "查看 PDF",
    filed: "已签表单", none: "暂无", missingSignature: "请每位签字人签名", add: "添加一项", item: "第 {n} 项",
    trade: "工种", inspect: "质量检查", observed: "实测值", limit: "标准", pass: "合格", fail: "不合格",
    photos: "现场照片", submitInspection: "提交检查", result: "检查结果", orders: "质量限期整改单", due: "整改期限",
    close: "复检合格，关闭", closed: "已关闭", open: "整改中", inspectedAt: "检查时间", check: "检查项",
    choose: "请选择", signHere: "请{role}在此签名", noForms: "您的角色不填写表单", penalty: "罚款",
    overdue: "已逾期", closedBy: "复检", openedAt: "开单", all: "全部",
  },
  role: { customer: "客户", designer: "设计师", qc: "质检", foreman: "工长", materials: "材料员",
    engineering_stats: "工程统计", engineering_manager: "工程经理" },
};
const en = {
  cons: {
    gates: "Gates", gateOpen: "Open", gateClosed: "Closed", openedBy: "Opened by", holds: "Holds",
    register: "Project documents", fill: "Fill a form", formType: "Form", signers: "Signers", submit: "Sign and submit",
    correct: "Correct", correction: "Correction (new version)", version: "Version", signedAt: "Signed", openPdf: "Open PDF",
    filed: "Signed forms", none: "None", missingSignature: "Every signer signs", add: "Add an item", item: "Item {n}",
    trade: "Trade", inspect: "Inspection", observed: "Observed", limit: "Limit", pass: "Pass", fail: "Fail",
    photos: "Site photos", submitInspection: "Submit the inspection", result: "Result", orders: "Rectification orders", due: "Due",
    close: "Re-inspected: close", closed: "Closed", open: "Open", inspectedAt: "Inspected", check: "Check",
    choose: "Choose", signHere: "{role} signs here", noForms: "Your role files no forms", penalty: "Penalty",
    overdue: "Overdue", closedBy: "re-inspected", openedAt: "opened", all: "All",
  },
  role: { customer: "Customer", designer: "Designer", qc: "QC", foreman: "Foreman", materials: "Materials",
    engineering_stats: "Engineering statistics", engineering_manager: "Engineering manager" },
};
i18n.global.mergeLocaleMessage("zh-CN", zh);
i18n.global.mergeLocaleMessage("en", en);

/** The enum values of the forms' schemas, in Chinese (their titles spell them out on the PDF). */
export const VALUES = {
  company: "本单位", external: "外单位", customer: "客户自理", add: "增项", remove: "减项",
  plumbing: "水暖", electrical: "电器", ventilation: "通风", satisfied: "满意", mostly_satisfied: "基本满意",
  dissatisfied: "不满意", material_arrival: "材料进场", waterproofing_hidden_works: "防水隐蔽", midterm: "中期",
  completion: "竣工", none: "不涉及", insulation_wall: "保温墙", load_bearing_wall: "承重墙", seismic_wall: "抗震墙",
  heating_pipes: "暖气管道", gas_pipes: "燃气管道", door_window_opening: "扩大门窗洞口", floor_load: "增加楼面荷载",
  rear_balcony_floor: "填充、加高后阳台地面", floor_ceiling_slab: "凿剔楼板、顶板", balcony_window_wall: "拆除挑阳台窗下墙",
  signed: "已签", missing: "缺",
};

export function valueLabel(v) {
  return i18n.global.locale.value === "zh-CN" && VALUES[v] ? VALUES[v] : code(v);
}

/** A schema title without the "(a / b)" key of the enum codes it lists for the PDF's reader. */
export function shortTitle(title) {
  return String(title || "").replace(/\((?:[^()]*\b[a-z_]+\b[^()]*)\)$/, "").trim() || title;
}
