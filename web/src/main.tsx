// The entry: start what the first page needs (its route chunks and data), then the app. The app's
// own JavaScript (React, antd, the router) is preloaded from index.html in parallel (the
// modulepreload links vite.config.ts adds for app/start.tsx), so nothing waits on this module.
import './app/global.css';

import { preloadFirstPage } from './app/first-page';

preloadFirstPage(window.location.pathname);
void import('./app/start');
