// Labels of the tenant admin's stores and staff screens (issue 12), merged into the portal's catalogues.
import { i18n } from "../i18n";

const zh = {
  nav: { stores: "门店管理", staff: "员工账号" },
  admin: {
    code: "店号", name: "门店名称", timezone: "时区", addStore: "新增门店", codeHint: "一个大写字母，如 C",
    username: "用户名", displayName: "姓名", email: "邮箱", roles: "角色", stores: "门店", enabled: "状态",
    active: "启用", disabled: "已停用", addUser: "新增员工", password: "初始密码", newPassword: "新密码",
    passwordHint: "至少 12 个字符，不含用户名", tenantWide: "总部、总经理和租户管理员不属于某个门店，可不选门店。",
    disable: "停用", disableConfirm: "停用 {name} 的账号？停用后无法登录。", reset: "重置密码", resetTitle: "重置 {name} 的密码",
    you: "本人",
  },
};

const en = {
  nav: { stores: "Stores", staff: "Staff accounts" },
  admin: {
    code: "Code", name: "Store name", timezone: "Time zone", addStore: "Add a store", codeHint: "One capital letter, e.g. C",
    username: "Username", displayName: "Name", email: "Email", roles: "Roles", stores: "Stores", enabled: "Status",
    active: "Enabled", disabled: "Disabled", addUser: "Add a staff member", password: "First password", newPassword: "New password",
    passwordHint: "At least 12 characters, without the username",
    tenantWide: "HQ, the general manager and the tenant admin work for the whole company: no store needed.",
    disable: "Disable", disableConfirm: "Disable {name}'s account? They can no longer sign in.", reset: "Reset password",
    resetTitle: "New password for {name}", you: "you",
  },
};

i18n.global.mergeLocaleMessage("zh-CN", zh);
i18n.global.mergeLocaleMessage("en", en);
