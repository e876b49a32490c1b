// Labels of the tenant admin's settings screen (decision 0036), merged into the portal's catalogues.
import { i18n } from "../i18n";

const zh = {
  nav: { settings: "公司设置" },
  settings: {
    company: "公司名称（表单抬头）", companyHint: "留空则用开户时的公司名称", hq: "总部默认值", stores: "门店设置",
    overridable: "门店可自行设置", timezone: "时区", ratio: "首期款比例", midterm: "中期款付款天数", final: "尾款付款天数",
    tiers: "维修费用审批线 (A05)", manager: "售后经理审批至 (元)", deputies: "副总工/副总经理审批至 (元)", audit: "审计部审计线 (元)",
    bRepair: "B 类维修费用承担", company_pays: "公司承担", customer_pays: "向客户收取", inherit: "沿用总部", source: "来源",
    fromStore: "门店", fromHq: "总部", fromPlatform: "平台默认", elsewhere: "另行设置", calendar: "工作日历", standard: "验收标准版本",
    version: "版本", saveStore: "保存门店设置",
  },
};

const en = {
  nav: { settings: "Company settings" },
  settings: {
    company: "Company name (form headers)", companyHint: "Empty: the name the company was created with", hq: "HQ defaults",
    stores: "Stores", overridable: "Stores may set", timezone: "Time zone", ratio: "First installment ratio",
    midterm: "Mid-term payment days", final: "Final payment days", tiers: "Repair cost approval lines (A05)",
    manager: "Aftercare manager up to (yuan)", deputies: "Deputies up to (yuan)", audit: "Audited above (yuan)",
    bRepair: "Class B repairs paid by", company_pays: "the company", customer_pays: "the customer", inherit: "as HQ",
    source: "Source", fromStore: "store", fromHq: "HQ", fromPlatform: "platform default", elsewhere: "Set elsewhere",
    calendar: "Working-day calendar", standard: "Quality standard version", version: "Version", saveStore: "Save store settings",
  },
};

i18n.global.mergeLocaleMessage("zh-CN", zh);
i18n.global.mergeLocaleMessage("en", en);
