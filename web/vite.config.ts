import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Backend used by `npm run dev`; the real server serves web/dist in production.
const backend = process.env.CQDT_BACKEND ?? 'http://127.0.0.1:8080';

const nm = String.raw`[\\/]node_modules[\\/]`;
const antdPackages = String.raw`(antd|@ant-design|@rc-component|@babel[\\/]runtime|clsx|dayjs|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|@emotion[\\/]hash|@emotion[\\/]unitless|stylis|json2mq|string-convert|react-is)[\\/]`;

/**
 * The public first pages (app/first-page.ts starts them): the staff sign-in and the portal's
 * home, procedure, tracking and catalogue pages, in the order their chunks take modules — a
 * module two of them import goes to the first one's chunk.
 */
const PUBLIC_FIRST_PAGES = [
  { name: 'login-page', module: /\/src\/features\/identity\/routes\/login-page\.tsx$/ },
  {
    name: 'portal-home',
    module: /\/src\/(app\/layouts\/portal-layout|features\/portal\/routes\/portal-home-page)\.tsx$/,
  },
  { name: 'portal-procedure', module: /\/src\/features\/portal\/routes\/procedure-page\.tsx$/ },
  { name: 'portal-tracking', module: /\/src\/features\/portal\/routes\/tracking-page\.tsx$/ },
  {
    name: 'portal-procedures',
    module: /\/src\/features\/portal\/routes\/procedures-page\.tsx$/,
  },
];

/**
 * The entry (src/main.tsx) starts the first page's route chunks and data, then imports the app
 * (src/app/start.tsx) dynamically so that it runs first. This keeps the app's JavaScript as early
 * as a static import would: index.html preloads the app chunk and every chunk it imports
 * statically (scripts/check-bundle-size.mjs counts them as initial JavaScript, as before).
 */
function preloadApp(appModule: string): Plugin {
  return {
    name: 'cqdt-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle || !ctx.chunk) {
          return [];
        }
        const app = Object.values(bundle).find(
          (out) =>
            out.type === 'chunk' && out.facadeModuleId?.replaceAll('\\', '/').endsWith(appModule),
        );
        if (!app || app.type !== 'chunk') {
          throw new Error(`cqdt-preload-app: no chunk for ${appModule}`);
        }
        // The static closure of a chunk, in breadth-first order.
        const closure = (start: string, skip: ReadonlySet<string>) => {
          const seen: string[] = [];
          const queue = [start];
          while (queue.length > 0) {
            const file = queue.shift() as string;
            const out = bundle[file];
            if (skip.has(file) || seen.includes(file) || !out || out.type !== 'chunk') {
              continue;
            }
            seen.push(file);
            queue.push(...out.imports);
          }
          return seen;
        };
        // Vite already preloads what the entry imports statically.
        const files = closure(app.fileName, new Set(closure(ctx.chunk.fileName, new Set())));
        return files.map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadApp('/src/app/start.tsx')],
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
      // The app is an entry of its own (main.tsx imports it dynamically, see preloadApp), so that
      // the vendor groups below still see its static imports as initial.
      input: { index: 'index.html', start: 'src/app/start.tsx' },
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
            // The app's own initial modules, as one chunk: held here so that the pages' groups
            // below take only what the initial graph does not load. (The bundler puts main.tsx in
            // it too, so the entry now runs once React, antd and the router are evaluated; with
            // a dozen fewer requests the first page still paints sooner, as measured.)
            {
              name: 'app',
              tags: ['$initial'],
              priority: 15,
            },
            // The public first pages, each with its route module and everything it imports that
            // no group above or before it holds, as one chunk: a citizen's first visit fetched
            // 40–60 small chunks, and on a 2-core machine each costs the browser's network and
            // renderer processes more than its bytes do (decision 0018, LCP).
            ...PUBLIC_FIRST_PAGES.map((page, i) => ({
              name: page.name,
              test: (id: string) => page.module.test(id.replaceAll('\\', '/')),
              priority: 10 - i,
            })),
          ],
        },
      },
    },
  },
});
