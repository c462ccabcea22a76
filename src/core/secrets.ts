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
  return splitCapitalRuns(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2'))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const isUpper = (code: number): boolean => code >= 0x41 && code <= 0x5a;
const isLower = (code: number): boolean => code >= 0x61 && code <= 0x7a;

/**
 * `APIKey` → `API Key`: a space before the last capital of a run of two or more followed by a
 * lower-case letter. What `.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')` did, in one pass (that
 * regex rescanned a long run of capitals from each of its letters).
 */
export function splitCapitalRuns(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    if (!isUpper(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isUpper(text.charCodeAt(i))) i++;
    if (i - start >= 2 && i < text.length && isLower(text.charCodeAt(i))) {
      out += `${text.slice(last, i - 1)} `;
      last = i - 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
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
  // A Set, not names.includes: a query of many distinct secret names stays linear.
  const names = new Set<string>();
  for (const pair of query.split('&')) {
    const name = pair.split('=', 1)[0] ?? '';
    if (name !== '' && !names.has(name) && isSecretParamName(name)) names.add(name);
  }
  return [...names];
}
