import { createApp } from "vue";
import ElementPlus from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
import "element-plus/dist/index.css";
import * as Icons from "@element-plus/icons-vue";
import App from "./App.vue";
import { router } from "./router";
import { i18n } from "./i18n";
import { completeSignIn, signInError } from "./lib/auth";
import "./care/i18n";
import "./settings/i18n";
import "./admin/i18n";
import "./portal.css";

const app = createApp(App);
for (const [name, icon] of Object.entries(Icons)) app.component(`Icon${name}`, icon);
// A table wider than a phone scrolls sideways: its scroll area must take keyboard focus (WCAG 2.1.1).
new MutationObserver(() => {
  for (const el of document.querySelectorAll(".el-scrollbar__wrap:not([tabindex])")) el.setAttribute("tabindex", "0");
}).observe(document.body, { childList: true, subtree: true });
// Back from the identity provider with a code: exchange it before the router decides where to go.
completeSignIn()
  .catch(() => { signInError.value = "failed"; return null; })
  .then(async (next) => {
    app.use(ElementPlus, { locale: zhCn }).use(i18n).use(router);
    // Mounted once the first navigation is done: the router listens to address changes only from
    // then on, so a link followed as soon as the page shows is never lost.
    await router.isReady();
    if (next && next !== "/") await router.replace(next);
    app.mount("#app");
  });
