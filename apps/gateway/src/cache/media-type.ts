const JSON_TYPES = ['application/graphql-response+json', 'application/json'];

/**
 * The media type Yoga's own processor would answer a single result with, or undefined when the
 * request accepts neither JSON type. Same choice as Yoga's (the last match of Accept, read backwards,
 * wins), so a cached answer is labelled as an executed one would be.
 */
export function answerMediaType(request: Request): string | undefined {
  let chosen: string | undefined;
  const accepted = (request.headers.get('accept') || '*/*').replace(/\s/g, '').toLowerCase().split(',').reverse();
  for (const entry of accepted) {
    const [mediaType = '', ...params] = entry.split(';');
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [pre, suf] = mediaType.split('/');
    for (const type of JSON_TYPES) {
      const [typePre, typeSuf] = type.split('/');
      if ((pre === '*' || pre === typePre) && (suf === '*' || suf === typeSuf)) chosen = type;
    }
  }
  return chosen;
}
