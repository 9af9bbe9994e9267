// The entry: start what the first page needs (its route chunks and data), then the app. The
// bundler puts this module in the app's initial chunk (vite.config.ts), which index.html loads
// with React, antd and the router; the first page's route chunk and GETs start here, before the
// app renders, so the router and the page take them (app/first-page.ts).
import './app/global.css';

import { preloadFirstPage } from './app/first-page';

preloadFirstPage(window.location.pathname);
void import('./app/start');
