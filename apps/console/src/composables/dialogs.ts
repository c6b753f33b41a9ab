import { ref } from 'vue';

const paletteOpen = ref(false);
const newThreadOpen = ref(false);

/** The shell's dialogs, opened from anywhere: buttons, the command palette, shortcuts. */
export function useDialogs() {
  return { paletteOpen, newThreadOpen };
}
