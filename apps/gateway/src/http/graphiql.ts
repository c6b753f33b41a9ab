/** A browser asking for the GraphiQL page: not an operation, so neither authenticated nor audited. */
export function isGraphiqlPage(request: Request): boolean {
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}
