import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Backend used by `npm run dev`; the real server serves web/dist in production.
const backend = process.env.CQDT_BACKEND ?? 'http://127.0.0.1:8080';

const nm = String.raw`[\\/]node_modules[\\/]`;
const antdPackages = String.raw`(antd|@ant-design|@rc-component|@babel[\\/]runtime|clsx|dayjs|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|@emotion[\\/]hash|@emotion[\\/]unitless|stylis|json2mq|string-convert|react-is)[\\/]`;

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vendor chunks: they change less often than the app, so browsers keep them cached.
            {
              name: 'react',
              test: new RegExp(`${nm}(react|react-dom|scheduler)[\\\\/]`),
              priority: 40,
            },
            {
              name: 'router',
              test: new RegExp(`${nm}(react-router|cookie|set-cookie-parser)[\\\\/]`),
              priority: 30,
            },
            // The part of antd that the first page needs (ConfigProvider, theme, Form, Input...).
            {
              name: 'antd',
              test: new RegExp(nm + antdPackages),
              tags: ['$initial'],
              priority: 20,
            },
          ],
        },
      },
    },
  },
});
