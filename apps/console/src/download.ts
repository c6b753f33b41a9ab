/** Hands the browser a file to save, made here rather than fetched: the console only speaks GraphQL. */
export function saveFile(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has handed the blob to the download before the next task.
  setTimeout(() => URL.revokeObjectURL(url));
}
