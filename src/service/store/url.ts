// Store locations as the user gives them (no driver loaded: the CLI starts without `pg`).

/** Is this a PostgreSQL connection string? */
export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

/** The URL with its password hidden, for logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}
