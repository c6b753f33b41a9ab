import { inject, provide, type ComputedRef, type InjectionKey } from 'vue';

/** What a message needs to offer a revert to before it, and to show that it is reverted. */
export interface ThreadRevertContext {
  /** The message the thread is reverted to before, if it is. */
  revertedFrom: ComputedRef<string | undefined>;
  /** The caller may revert, and the thread is in a state to be reverted. */
  canRevert: ComputedRef<boolean>;
  /** Asks the operator to confirm a revert to before this message. */
  ask(messageId: string): void;
}

const KEY: InjectionKey<ThreadRevertContext> = Symbol('thread revert');

export function provideThreadRevert(context: ThreadRevertContext): void {
  provide(KEY, context);
}

/** Undefined outside a thread's workbench: a message shown elsewhere offers no revert. */
export function useThreadRevert(): ThreadRevertContext | undefined {
  return inject(KEY, undefined);
}

/** OpenCode's ids grow with time, so a message at or after the revert point is one the revert undid. */
export function isReverted(messageId: string, revertedFrom: string | undefined): boolean {
  return revertedFrom !== undefined && messageId >= revertedFrom;
}
