import { onScopeDispose, ref, watch, type Ref } from 'vue';

/** `source()`, settled: it follows only after `ms` without a change. */
export function useDebounced<T>(source: () => T, ms: number): Readonly<Ref<T>> {
  const value = ref(source()) as Ref<T>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(source, (next) => {
    clearTimeout(timer);
    timer = setTimeout(() => (value.value = next), ms);
  });
  onScopeDispose(() => clearTimeout(timer));
  return value;
}
