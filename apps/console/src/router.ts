import { createRouter, createWebHistory } from 'vue-router';
import AppShell from './components/app/AppShell.vue';
import ChatPage from './pages/ChatPage.vue';
import LoginPage from './pages/LoginPage.vue';
import { hasLinkToken, holdLinkToken, safeNext, sessionStatus } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
  }
}

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
        // Pages an operator opens now and then are loaded when first visited.
        { path: 'audit', name: 'audit', component: () => import('./pages/AuditPage.vue'), meta: { title: 'Audit' } },
        { path: 'system', name: 'system', component: () => import('./pages/SystemPage.vue'), meta: { title: 'System' } },
      ],
    },
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.name === 'login') {
    // The login link the gateway prints carries the token in the fragment. Take it out of the address
    // bar and out of the history entry (vue-router keeps the full URL in history.state as well); the
    // sign-in page exchanges it.
    const fromLink = new URLSearchParams(to.hash.slice(1)).get('token');
    if (fromLink) {
      holdLinkToken(fromLink);
      return { name: 'login', query: to.query, hash: '', replace: true };
    }
    if (hasLinkToken()) return true;
    // A browser already signed in moves on.
    return (await sessionStatus()) === 'signed-in' ? safeNext(to.query.next) : true;
  }
  return (await sessionStatus()) === 'signed-out' ? { name: 'login', query: { next: to.fullPath } } : true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Otto` : 'Otto';
});
