import { computed, shallowRef } from 'vue';
import { refusalOf, type AttachmentRules } from '../attachments';

/** The files a composer holds for its next send, checked as they come and again when the rules change. */
export function useComposerFiles(rules: () => AttachmentRules | null | undefined) {
  const files = shallowRef<readonly File[]>([]);
  /** Why the last files offered were not taken. */
  const refused = shallowRef<readonly string[]>([]);

  function add(offered: Iterable<File>) {
    const current = rules();
    if (!current) return;
    const next = [...files.value];
    const reasons: string[] = [];
    for (const file of offered) {
      const reason = refusalOf(file, current, next.length);
      if (reason) reasons.push(reason);
      else next.push(file);
    }
    files.value = next;
    refused.value = reasons;
  }

  function remove(index: number) {
    files.value = files.value.filter((_, at) => at !== index);
    refused.value = [];
  }

  /** The files for a send, leaving the composer empty. */
  function take(): File[] {
    const taken = [...files.value];
    files.value = [];
    refused.value = [];
    return taken;
  }

  // A file taken before may not suit a model picked after: it stays, marked, and blocks the send.
  const problems = computed(() => {
    const current = rules();
    return files.value.map((file) => (current ? refusalOf(file, { ...current, maxFiles: Infinity }, 0) : null));
  });

  return { files, refused, problems, add, remove, take };
}
