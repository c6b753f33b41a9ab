import urql from '@urql/vue';
import { createApp } from 'vue';
import App from './App.vue';
import { reportNetworkError, reportReachable } from './composables/connection';
import { router } from './router';
import { forgetSession } from './session';
import { createGraphqlClient } from './urql';
import './styles/base.css';
import './styles/message.css';

const client = createGraphqlClient({
  onUnauthenticated() {
    forgetSession();
    const here = router.currentRoute.value;
    if (here.name !== 'login') void router.replace({ name: 'login', query: { next: here.fullPath } });
  },
  onNetworkError: reportNetworkError,
  onReachable: reportReachable,
});

createApp(App).use(router).use(urql, client).mount('#app');
