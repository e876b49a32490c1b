// problem+json in the reader's language: the rule's one-line explanation by rule id (docs/rules.md),
// field names, and pydantic's "field: message" details translated by field and error kind.

export const RULES = {
  S01: ["每条线索须登记媒体来源、业务来源和咨询方式。", "Every lead records its media source, business channel and how the customer consulted."],
  S02: ["仅电话咨询的客户只能做分项简单估算，不能报整套房总价。", "A phone-only customer gets an itemised estimate, never a whole-house total."],
  S03: ["非销售人员登记的线索进入本店市场部队列。", "A lead registered outside sales goes to the store's marketing queue."],
  S04: ["设计师登记每次接待；每周一生成客户资源统计。", "Every reception is logged; weekly customer statistics each Monday."],
  S05: ["上门量房从不拒绝；未交订金须设计室经理批准后才安排。", "A measurement visit is never refused; without a deposit the studio manager approves it first."],
  S06: ["量房记录每个房间尺寸及每面墙体判定，并告知客户。", "A measurement records each room's size and each wall's structure, told to the customer."],
  S07: ["平面图和初步预算按版本保存，直到客户认定其中一版。", "Floor plan and budget are versioned until the customer confirms one."],
  C01: ["合同附件齐全（合同说明、约定条款、甲供材表、乙供材表、图纸、客户须知、客服单）才能签约。", "A contract signs only with all its attachments."],
  C02: ["已出具的电子报价单不可更改；价目表外的特殊项目须设计室经理批准。", "An issued quote never changes; special items need the studio manager's approval."],
  C03: ["暖气燃气管道不得改动；保温墙须有批文；承重墙、抗震墙不得开洞。", "No changes to heating or gas pipes; no openings in load-bearing walls."],
  C04: ["合同档案号：店号+年月日+当日序号，如 A25112201。", "Contract numbers: store, date, then the day's count, e.g. A25112201."],
  C05: ["签约时须告知客户：水电费、物业费及物业押金由客户承担。", "Signing records that the customer was told of the costs that are theirs."],
  C06: ["合同一式两份（有市场方时三份），客户一套装订成 PDF。", "Two copies of a contract, three with a market party."],
  C07: ["签约当天通知工程统计，首期款到期，线索显示已签单。", "On signing: engineering statistics told, first installment due, lead signed."],
  C08: ["设计免费；详细施工图只提供给在本公司施工的客户。", "Design is free; detailed drawings only for customers who build with us."],
  F01: ["只有财务和设计室助理可以收款；助理收的款在财务确认前为\"在途\"。", "Only finance and the assistant take payments; an assistant's payment is in transit until finance confirms."],
  F02: ["每份合同有付款计划：首期签约时，中期在中期结算后，尾款在竣工验收后。", "Each contract has a payment plan: first, mid-term, final."],
  F03: ["客户签署中期结算后才发中期付款通知；逾期未付会提醒。", "The mid-term notice follows the signed mid-term settlement."],
  F04: ["客户签署竣工验收后 3 天内付尾款。", "The final payment is due within 3 days of completion acceptance."],
  F05: ["每天 10:00 前出前一日收支报表。", "Each day before 10:00 the previous day's statement."],
  F06: ["结算的工程登记后，工程统计检查全部表单是否齐全已签。", "A settled project is checked for every signed form."],
  F07: ["金额精确到分（如 \"12800.00\"）；每笔收款带幂等键，重试不会重复记账。", "Money is exact to the fen; every payment carries an idempotency key."],
  F08: ["施工队领取材料款须由财务存有照片的人员办理。", "Crews draw material money only through a person on file."],
  K01: ["合同签约后工程进入在施工程一览表。", "A signed contract opens its project."],
  K02: ["设计交底：设计师、质检、工长审合同并签字；工长签施工承诺书。", "Design handover signed by designer, QC and foreman."],
  K03: ["现场交底在次日进行，由客户、设计师、质检、工长签字。", "The site handover follows the next day."],
  K04: ["关键验收（材料进场、防水隐蔽、中期、竣工）须录像存档。", "Key acceptances are filmed."],
  K05: ["材料须经工长、质检、客户进场验收签字后方可使用。", "Materials are used only after their inspection on arrival is signed."],
  K06: ["工长和客户签署现场状况记录前不得开工。", "No work starts before the site condition record is signed."],
  K07: ["十一道施工工序须按顺序进行（油漆基层须木作完成 80% 以上）。", "The eleven construction steps follow their order."],
  K08: ["质检按质量标准检查，不合格项开整改单并限期整改。", "QC inspects; each failed check opens a rectification order."],
  K09: ["设计师现场减项不得超过合同总额的 10%。", "Removed items may not exceed 10% of the contract total."],
  K10: ["变更单、阶段验收须客户和工长签字；延期须填延期单。", "Change orders and staged acceptances are signed by customer and foreman."],
  K11: ["水电通风须隐蔽工程验收签字后方可封闭。", "Hidden works are closed only after their acceptance."],
  K12: ["闭水试验至少 24 小时，不足不能通过。", "A water closure test lasts at least 24 hours."],
  K13: ["过半后质检和工长填写中期结算实际增减项，客户签字。", "Past half-way the mid-term settlement is entered and signed."],
  K14: ["过半后工地可列入市场部样板工地名单，每周五复核。", "Past half-way a site may become a show site."],
  K15: ["质检与工长编制竣工结算，客户签字。", "QC prepares the completion settlement; the customer signs."],
  K16: ["保洁、工长自检、质检与客户验收并签字，客户评价。", "Cleaning, self-inspection, acceptance and evaluation."],
  K17: ["验收通过且尾款到账后才交钥匙。", "Keys only after acceptance and the final payment."],
  K18: ["施工期间工程统计每周回访客户。", "Engineering statistics calls customers weekly."],
  Q01: ["吊顶龙骨平整度 ±2 mm 以内。", "Ceiling keel flatness within ±2 mm."],
  Q02: ["3 kg 以上灯具、吊扇须单独吊钩，不得挂在吊顶龙骨上。", "Fixtures over 3 kg hang from their own hook."],
  Q03: ["木制品及地板含水率不超过 12%。", "Wood at most 12% moisture."],
  Q04: ["墙地砖空鼓率不超过 5%。", "At most 5% hollow tiles."],
  Q05: ["厨卫防水上翻至少 250 mm，闭水 24 小时。", "Waterproofing 250 mm up the wall, 24 h test."],
  Q06: ["木地板离墙 10 mm，踢脚线覆盖。", "Wood floors 10 mm from the wall."],
  Q07: ["墙纸接缝 1.5 米外不可见。", "Wallpaper seams invisible from 1.5 m."],
  Q08: ["电气：相线进开关、零线进灯头，插座左零右火上接地，强弱电分开。", "Electrical wiring per the standard."],
  Q09: ["承重墙、抗震墙不得开洞或扩洞，不得增加楼面荷载。", "No openings in load-bearing or seismic walls."],
  Q10: ["给水管须打压试验无渗漏。", "Supply pipes pass a pressure test."],
  Q11: ["木吊顶结构和软包填充须做防火处理。", "Wood ceilings and fillings are fire-treated."],
  Q12: ["电气产品须有认证，电工持证；基层和隐蔽工程先验收。", "Certified products, licensed electricians."],
  A01: ["验收通过且尾款到账后发保修卡：一般 2 年，防水 5 年。", "The warranty card: 2 years, 5 for waterproofing."],
  A02: ["交付时建立客户档案并记录竣工回访。", "At handover the customer archive is recorded."],
  A03: ["保修期内每季度回访客户。", "Quarterly callbacks during the warranty."],
  A04: ["报修 1 个工作日内勘查，单工种 3 天、多工种 7 天内完成。", "Repairs surveyed in 1 working day, done in 3 or 7."],
  A05: ["维修费用按金额审批：1000 元以内售后经理，1 万以内副总工/副总经理，以上总经理。", "Repair costs are approved by amount."],
  A06: ["投诉须登记并定性（有效/无效，轻微/重要/重大），按期转交和答复，逾期升级。", "Complaints are classed, passed on and answered on time, or escalated."],
  A07: ["客户个人信息只向需要的角色显示，绝不离开本租户。", "Customers' personal data is shown only to the roles that need it."],
  P01: ["每条记录只属于一个租户，数据绝不跨租户；其他门店的员工看不到本店记录。", "Nothing crosses tenants or stores."],
  P02: ["已签表单保存为带签名的 PDF，永不更改；更正是新版本。", "A signed form never changes; a correction is a new version."],
  P03: ["每次状态变更都会发布事件，不丢失、不重复。", "Every state change publishes an event, never lost, never twice."],
  P04: ["每个请求和事件都带追踪上下文。", "Every request and event carries its trace."],
  P05: ["输入有误会被拒绝，并指出字段和规则，不会写入一半。", "Bad input is refused naming the field and the rule; nothing half-written."],
  P06: ["门店只能修改公司允许门店自行设置的项目，其余沿用总部设置。", "A store sets only what the company lets stores set; the rest is HQ's."],
};

// Field names as the API spells them, in Chinese; the English is the field itself.
export const FIELDS = {
  customer_name: "客户姓名", phone: "电话", address: "地址", store: "设计室", source: "媒体来源", channel: "业务来源",
  consultation_channel: "咨询方式", notes: "备注", designer: "设计师", scope: "估算范围", items: "项目",
  name: "名称", amount: "金额", requested_for: "预约时间", rooms: "房间", walls: "墙体", length_m: "长 (米)",
  width_m: "宽 (米)", height_m: "高 (米)", structure: "墙体结构", floor_plan_document_id: "平面图",
  budget_items: "预算项目", customer_signature: "客户签名", image: "签名图", lead_id: "线索", quote_id: "报价单",
  items_catalogue_code: "价目编号", catalogue_code: "价目编号", quantity: "数量", special_items: "特殊项目",
  unit: "单位", unit_price: "单价", market_party: "市场方", kind: "类型", document_id: "文件", contract_id: "合同",
  cost_notice_acknowledged: "费用告知", method: "付款方式", note: "备注", percent: "完成百分比", text: "内容",
  customers_affected: "涉及客户数", matter: "事项", validity: "有效性", severity: "严重程度", department: "部门",
  person: "人员", resolution: "处理结果", reason: "原因", file: "文件", "Idempotency-Key": "幂等键",
  first_installment_ratio: "首期比例", username: "用户名", password: "密码", from: "开始日期", to: "结束日期",
  code: "店号", timezone: "时区", roles: "角色", stores: "门店", display_name: "姓名", email: "邮箱",
};

const TITLES = {
  400: ["输入有误", "Bad input"], 401: ["未登录或登录已过期", "Not signed in"], 403: ["无权操作", "Not allowed"],
  404: ["未找到（或不属于您的门店）", "Not found"], 409: ["当前状态不允许此操作", "Conflict with the current state"],
  413: ["文件太大", "File too large"], 415: ["文件类型不支持", "Unsupported file type"],
  422: ["业务规则不允许", "Refused by a business rule"], 500: ["服务器错误", "Server error"], 503: ["服务暂时不可用，请稍后重试", "Service unavailable"],
};

// pydantic's messages by error kind: [pattern, zh, en]; $1… are the numbers the message carried.
const KINDS = [
  [/^Field required$/, "必填", "is required"],
  [/^String should have at least (\d+) characters?$/, "至少 $1 个字符", "needs at least $1 characters"],
  [/^String should have at most (\d+) characters?$/, "最多 $1 个字符", "takes at most $1 characters"],
  [/^String should match pattern/, "格式不正确", "has the wrong format"],
  [/^Input should be (?:'[^']*'(?:, | or )?)+$/, "不是可选的值", "is not one of the allowed values"],
  [/^Input should be a valid (?:integer|number|decimal)/, "须为数字", "must be a number"],
  [/^Input should be a valid string/, "须为文字", "must be text"],
  [/^Input should be a valid boolean/, "须为是/否", "must be yes or no"],
  [/^Input should be a valid (?:date|datetime)/, "日期格式不正确", "is not a valid date"],
  [/^Input should be a valid (?:list|array)/, "须为列表", "must be a list"],
  [/^Input should be a valid dictionary/, "须为对象", "must be an object"],
  [/^Input should be greater than or equal to ([\d.]+)/, "须不小于 $1", "must be at least $1"],
  [/^Input should be greater than ([\d.]+)/, "须大于 $1", "must be greater than $1"],
  [/^Input should be less than or equal to ([\d.]+)/, "须不大于 $1", "must be at most $1"],
  [/^Input should be less than ([\d.]+)/, "须小于 $1", "must be less than $1"],
  [/^List should have at least (\d+) items?/, "至少 $1 项", "needs at least $1 items"],
  [/^List should have at most (\d+) items?/, "最多 $1 项", "takes at most $1 items"],
  [/^Extra inputs are not permitted/, "不允许此字段", "is not a field of this request"],
  [/^Decimal input should have no more than (\d+) decimal places?/, "最多 $1 位小数", "takes at most $1 decimal places"],
  [/^Decimal input should have no more than (\d+) digits?/, "数字位数过多", "has too many digits"],
  [/^Value error, (.*)$/, "$1", "$1"],
];

export function fieldLabel(field, locale = "zh-CN") {
  if (!field) return "";
  const parts = String(field).split(".");
  if (locale !== "zh-CN") return parts.join(" › ");
  return parts.map((p) => (/^\d+$/.test(p) ? `第 ${Number(p) + 1} 项` : FIELDS[p] || p)).join(" › ");
}

function translateMessage(message, locale) {
  for (const [re, zh, en] of KINDS) {
    const m = message.match(re);
    if (m) return (locale === "zh-CN" ? zh : en).replace(/\$(\d)/g, (_, i) => m[Number(i)] ?? "");
  }
  return null;
}

/** {title, rule, ruleText, message, field, raw} for a problem+json body. */
export function describeProblem(problem, locale = "zh-CN") {
  const zh = locale === "zh-CN";
  const status = problem.status || 0;
  const title = (TITLES[status] || [problem.title || "出错了", problem.title || "Error"])[zh ? 0 : 1];
  const rule = problem.rule || null;
  const ruleText = rule && RULES[rule] ? RULES[rule][zh ? 0 : 1] : null;
  const raw = problem.detail || problem.title || "";
  let message = raw;
  const field = problem.field || null;
  // A pydantic detail is "<field path>: <message>" for the field the problem names.
  const prefix = field && raw.startsWith(`${field}: `) ? raw.slice(field.length + 2) : null;
  if (prefix !== null) {
    const said = translateMessage(prefix, locale);
    message = `${fieldLabel(field, locale)}${zh ? "：" : ": "}${said ?? prefix}`;
  } else if (field) {
    message = `${fieldLabel(field, locale)}${zh ? "：" : ": "}${raw}`;
  } else if (!zh) {
    message = raw;
  }
  return { title, rule, ruleText, message, field, raw, status };
}
