// The portal is built into the Python package (gateway/portal/static/dist) so that an install
// needs no Node; tests/browser/test_bundle.py rebuilds it and compares byte for byte (decision 0023).
import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

export default defineConfig({
  base: "/portal/",
  plugins: [vue()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL("../gateway/portal/static/dist", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Stable chunk names: the committed bundle must be reproducible from the lock file.
        manualChunks(id) {
          if (id.includes("node_modules/element-plus") || id.includes("node_modules/@element-plus")) return "element-plus";
          if (id.includes("node_modules/echarts") || id.includes("node_modules/zrender")) return "echarts";
          if (id.includes("node_modules/vue") || id.includes("node_modules/@vue") || id.includes("node_modules/@intlify")) return "vue";
          return undefined;
        },
      },
    },
  },
});
