import { computed, ref } from 'vue';

/** The operator's choice, kept in this browser: not a secret, and not worth a round trip. */
const CHOICE_KEY = 'otto.notifications';

export type NotificationSetting = 'unsupported' | 'blocked' | 'off' | 'on';

const supported = typeof window !== 'undefined' && 'Notification' in window;
const permission = ref<NotificationPermission>(supported ? Notification.permission : 'denied');
const chosen = ref(supported && localStorage.getItem(CHOICE_KEY) === 'on');

const setting = computed<NotificationSetting>(() => {
  if (!supported) return 'unsupported';
  if (permission.value === 'denied') return 'blocked';
  return chosen.value && permission.value === 'granted' ? 'on' : 'off';
});

/**
 * Browser notifications, asked for only from a click (browsers distrust, and may block for good, a
 * site that asks on load) and switched off here without revoking what the browser granted.
 */
export function useNotifications() {
  async function turnOn(): Promise<void> {
    if (!supported) return;
    permission.value = permission.value === 'granted' ? 'granted' : await Notification.requestPermission();
    chosen.value = permission.value === 'granted';
    localStorage.setItem(CHOICE_KEY, chosen.value ? 'on' : 'off');
  }
  function turnOff(): void {
    chosen.value = false;
    localStorage.setItem(CHOICE_KEY, 'off');
  }
  return { setting, turnOn, turnOff };
}

export interface Notice {
  title: string;
  body: string;
  /** A later notice with the same tag replaces this one instead of piling up. */
  tag: string;
  /** Only while the console is not in view: what the operator is looking at needs no second telling. */
  onlyWhenHidden?: boolean;
}

/** Shows a notice if the operator turned notifications on. Never put message text in one: it lands in the OS's notification centre. */
export function notify(notice: Notice): void {
  if (setting.value !== 'on') return;
  if (notice.onlyWhenHidden && document.visibilityState !== 'hidden') return;
  const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag });
  shown.onclick = () => {
    window.focus();
    shown.close();
  };
}
