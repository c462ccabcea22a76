/**
 * What looks like a credential in a URL or a header name: the security check
 * warns about it (credentials-in-url), and redaction masks it before sharing.
 */

// Whole parameter names (separators removed, lower case) that carry secrets.
const SECRET_NAMES = new Set([
  'token', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'sessiontoken', 'apitoken', 'bearer',
  'apikey', 'key', 'secret', 'clientsecret', 'password', 'passwd', 'pwd', 'pass', 'passphrase',
  'auth', 'authorization', 'session', 'sessionid', 'sessid', 'phpsessid', 'jsessionid',
  'jwt', 'sig', 'signature', 'credential', 'credentials', 'privatekey',
]);
// Words that make a compound name secret wherever they stand: `access_token`, `x-api-key`, `X-Amz-Signature`.
const SECRET_WORDS = new Set([
  'token', 'key', 'apikey', 'secret', 'password', 'passwd', 'pwd', 'auth', 'session', 'sessionid',
  'jwt', 'sig', 'signature', 'credential', 'credentials', 'bearer',
]);

/** Words of a parameter name: split on non-alphanumerics and camelCase (`apiKey` → api, key). */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * True for query parameter names that look like credentials (token, key, password, auth, session,
 * secret, jwt, signature…), matched as whole words so `keyboard`, `monkey` or `username` do not count.
 */
export function isSecretParamName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // a malformed escape: judge the name as written
  }
  const words = wordsOf(decoded);
  if (words.length === 0) return false;
  if (SECRET_NAMES.has(words.join(''))) return true;
  return words.some((w) => SECRET_WORDS.has(w));
}

/** The names of the query parameters of `url` that look like credentials, in order, each once. */
export function secretParamNames(query: string): string[] {
  const names: string[] = [];
  for (const pair of query.split('&')) {
    const name = pair.split('=', 1)[0] ?? '';
    if (name !== '' && isSecretParamName(name) && !names.includes(name)) names.push(name);
  }
  return names;
}
