import { computed, shallowRef } from 'vue';
import { NO_CHOICE, readChoices, withChoice, writeChoices, CHOICES_KEY, type ThreadChoice } from '../threadChoices';

// Per browser, in localStorage: a pick is this operator's preference for their next sends, which the
// gateway has no need to keep; OpenCode itself keeps each message's model and agent.
const choices = shallowRef(readChoices(localStorage));

// Another tab picked: this one follows.
window.addEventListener('storage', (event) => {
  if (event.key === CHOICES_KEY || event.key === null) choices.value = readChoices(localStorage);
});

/** What the thread's next send names; a send made now takes it with it, retries included. */
export function choiceFor(threadId: string): ThreadChoice {
  return choices.value[threadId] ?? NO_CHOICE;
}

function change(threadId: string, patch: Partial<ThreadChoice>): void {
  choices.value = withChoice(choices.value, threadId, patch);
  writeChoices(localStorage, choices.value);
}

/** The thread's model and agent picks, remembered in this browser. */
export function useThreadChoice(threadId: () => string) {
  return {
    model: computed({ get: () => choiceFor(threadId()).model, set: (model) => change(threadId(), { model }) }),
    agent: computed({ get: () => choiceFor(threadId()).agent, set: (agent) => change(threadId(), { agent }) }),
  };
}
