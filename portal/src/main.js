import { createApp } from "vue";
import ElementPlus from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
import "element-plus/dist/index.css";
import * as Icons from "@element-plus/icons-vue";
import App from "./App.vue";
import { router } from "./router";
import { i18n } from "./i18n";
import "./portal.css";

const app = createApp(App);
for (const [name, icon] of Object.entries(Icons)) app.component(`Icon${name}`, icon);
app.use(ElementPlus, { locale: zhCn }).use(i18n).use(router).mount("#app");
