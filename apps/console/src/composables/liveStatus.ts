import { computed, shallowReactive, type Ref } from 'vue';
import { worstLiveState, type LiveState } from '../liveState';

/** The console's open streams (the list's, the open thread's), by a key of their own. */
const streams = shallowReactive(new Map<symbol, { name: string; state: Readonly<Ref<LiveState>> }>());

/** A stream reports its state here for the status bar; the returned function takes it off. */
export function registerLiveStream(name: string, state: Readonly<Ref<LiveState>>): () => void {
  const key = Symbol(name);
  streams.set(key, { name, state });
  return () => streams.delete(key);
}

/**
 * Live when every open stream is; otherwise the state of the one furthest from it (polling, and why).
 * Undefined while no stream is open.
 */
export function useLiveStatus() {
  return computed(() => worstLiveState([...streams.values()].map((stream) => stream.state.value)));
}
