import { shallowRef, watchEffect } from 'vue';
import type { Highlighter } from '../markdown';

const loaded = shallowRef<Highlighter>();
let loading: Promise<void> | undefined;

/** The code highlighter, loaded once `needed()` first turns true; undefined until it has arrived. */
export function useHighlighter(needed: () => boolean) {
  watchEffect(() => {
    if (!needed() || loading) return;
    loading = import('../highlight').then(
      (module) => {
        loaded.value = module.highlight;
      },
      () => {
        // Unhighlighted code is still readable; allow another try with the next code block.
        loading = undefined;
      },
    );
  });
  return loaded;
}
