import { createRouter, createWebHistory } from 'vue-router';
import AppShell from './components/app/AppShell.vue';
import { captureLoginLink, hasLoginLink, holdLoginLink, loginLinkOf } from './loginLink';
import ChatPage from './pages/ChatPage.vue';
import LoginPage from './pages/LoginPage.vue';
import type { Capability } from './roles';
import { safeNext, sessionStatus } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** What the caller's role must allow; others see a "not allowed" state instead of the page. */
    requires?: Capability;
  }
}

// Before anything else reads the address: a login link's secret leaves the address bar and the
// history entry before vue-router copies the URL into history.state.
captureLoginLink();

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: LoginPage, meta: { title: 'Sign in' } },
    {
      path: '/',
      component: AppShell,
      children: [
        { path: '', name: 'chat', component: ChatPage, meta: { title: 'Chat' } },
        { path: 'threads/:id', name: 'thread', component: ChatPage, meta: { title: 'Thread' } },
        { path: 'dashboard', name: 'dashboard', component: () => import('./pages/DashboardPage.vue'), meta: { title: 'Dashboard' } },
        // Pages an operator opens now and then are loaded when first visited.
        {
          path: 'audit',
          name: 'audit',
          component: () => import('./pages/AuditPage.vue'),
          meta: { title: 'Audit', requires: 'readAudit' },
        },
        {
          path: 'logs',
          name: 'logs',
          component: () => import('./pages/LogsPage.vue'),
          meta: { title: 'Logs', requires: 'readLogs' },
        },
        { path: 'search', name: 'search', component: () => import('./pages/SearchPage.vue'), meta: { title: 'Search' } },
        { path: 'system', name: 'system', component: () => import('./pages/SystemPage.vue'), meta: { title: 'System' } },
        { path: 'account', name: 'account', component: () => import('./pages/AccountPage.vue'), meta: { title: 'Account' } },
        {
          path: 'operators',
          name: 'operators',
          component: () => import('./pages/OperatorsPage.vue'),
          meta: { title: 'Operators', requires: 'manageOperators' },
        },
      ],
    },
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.name === 'login') {
    // A login link followed within the page (a fragment change is no reload): take the secret out of
    // the address and out of the history entry, which vue-router keeps in history.state as well.
    const fromLink = loginLinkOf(to.hash);
    if (fromLink) {
      holdLoginLink(fromLink);
      return { name: 'login', query: to.query, hash: '', replace: true };
    }
    if (hasLoginLink()) return true;
    // A browser already signed in moves on.
    return (await sessionStatus()) === 'signed-in' ? safeNext(to.query.next) : true;
  }
  return (await sessionStatus()) === 'signed-out' ? { name: 'login', query: { next: to.fullPath } } : true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Otto` : 'Otto';
});
