/**
 * A small Bicep reader for the infrastructure tests (test/unit/infra.test.ts): declarations
 * (`param`, `resource`, `module`, `output`, `var`) and object literals by key. No Bicep compiler can
 * run here (it downloads its binary). It understands what the templates use and refuses what it does
 * not (an unknown top-level statement or an unbalanced bracket is an error, not a silent skip).
 */
// ---------------------------------------------------------------------------------------------
// A small Bicep reader. It understands what these templates use and refuses what it does not
// (an unknown top-level statement or an unbalanced bracket is an error, not a silent skip).

export type Value =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'object'; readonly props: ReadonlyMap<string, Value> }
  | { readonly kind: 'array'; readonly items: readonly Value[] }
  | { readonly kind: 'expr'; readonly text: string };

export interface Decorator {
  readonly name: string;
  readonly args: string;
}

export interface Param {
  readonly file: string;
  readonly name: string;
  readonly type: string;
  readonly decorators: readonly Decorator[];
  readonly defaultValue: Value | undefined;
}

export interface Resource {
  readonly file: string;
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly existing: boolean;
  readonly body: Value;
}

export interface BicepFile {
  readonly file: string;
  readonly params: Param[];
  readonly resources: Resource[];
  readonly outputs: Map<string, Value>;
  readonly vars: Map<string, Value>;
  readonly modules: Map<string, { path: string; body: Value }>;
}

class Reader {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {}

  fail(message: string): never {
    const line = this.src.slice(0, this.pos).split('\n').length;
    throw new Error(`${this.file}:${line}: ${message}`);
  }

  get done(): boolean {
    this.skipSpace(true);
    return this.pos >= this.src.length;
  }

  /** Skips blanks and comments; newlines too when `newlines`. */
  skipSpace(newlines: boolean): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.pos++;
      else if (this.src.startsWith('//', this.pos)) {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else if (this.src.startsWith('/*', this.pos)) {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  peek(): string {
    return this.src[this.pos] ?? '';
  }

  expect(token: string): void {
    this.skipSpace(true);
    if (!this.src.startsWith(token, this.pos)) this.fail(`expected ${token}`);
    this.pos += token.length;
  }

  word(): string {
    this.skipSpace(true);
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  /** A single-quoted string; returns its raw content (interpolations kept as written). */
  string(): string {
    if (this.src.startsWith("'''", this.pos)) {
      const end = this.src.indexOf("'''", this.pos + 3);
      if (end < 0) this.fail('unterminated multi-line string');
      const text = this.src.slice(this.pos + 3, end);
      this.pos = end + 3;
      return text;
    }
    this.expect("'");
    let text = '';
    let depth = 0;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      if (c === '\\') {
        text += c + (this.src[this.pos + 1] ?? '');
        this.pos += 2;
        continue;
      }
      if (depth === 0 && c === "'") {
        this.pos++;
        return text;
      }
      if (this.src.startsWith('${', this.pos)) {
        depth++;
        text += '${';
        this.pos += 2;
        continue;
      }
      if (depth > 0 && c === '{') depth++;
      if (depth > 0 && c === '}') depth--;
      if (depth > 0 && c === "'") {
        // A string inside an interpolation: copy it whole.
        const inner = this.string();
        text += `'${inner}'`;
        continue;
      }
      text += c;
      this.pos++;
    }
  }

  /** A value up to the end of its line (or a comma/closing bracket) at bracket depth zero. */
  value(): Value {
    this.skipSpace(false);
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[' && !/^\[\s*for\b/.test(this.src.slice(this.pos))) return this.array();
    if (c === "'") {
      const start = this.pos;
      const text = this.string();
      this.skipSpace(false);
      // A string that is only the start of a larger expression (e.g. 'a' == b) is an expression.
      if (/[\n,}\]]/.test(this.peek()) || this.pos >= this.src.length) return { kind: 'string', text };
      this.pos = start;
    }
    return { kind: 'expr', text: this.expression() };
  }

  private expression(): string {
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) break;
      if (ch === "'") {
        this.string();
        continue;
      }
      if (this.src.startsWith('//', this.pos)) break;
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) break;
        depth--;
      }
      if (depth === 0 && (ch === '\n' || ch === ',')) break;
      this.pos++;
    }
    const text = this.src.slice(start, this.pos).trim();
    if (text === '') this.fail('expected a value');
    return text;
  }

  object(): Value {
    this.expect('{');
    const props = new Map<string, Value>();
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() === '}') {
        this.pos++;
        return { kind: 'object', props };
      }
      if (/^resource\s/.test(this.src.slice(this.pos)))
        this.fail(
          'nested resource declarations are not supported by this check; declare resources at the top level with parent:',
        );
      const key = this.peek() === "'" ? this.string() : this.word();
      this.expect(':');
      if (props.has(key)) this.fail(`duplicate key ${key}`);
      props.set(key, this.value());
    }
  }

  array(): Value {
    this.expect('[');
    const items: Value[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() === ']') {
        this.pos++;
        return { kind: 'array', items };
      }
      items.push(this.value());
    }
  }

  decorator(): Decorator {
    this.expect('@');
    const name = this.word();
    this.skipSpace(false);
    if (this.peek() !== '(') return { name, args: '' };
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) this.fail('unterminated decorator');
      if (ch === "'") {
        this.string();
        continue;
      }
      if (ch === '(' || ch === '[') depth++;
      if (ch === ')' || ch === ']') depth--;
      this.pos++;
      if (depth === 0) break;
    }
    return { name, args: this.src.slice(start + 1, this.pos - 1).trim() };
  }

  /** Consumes `token` if it comes next on this line. */
  accept(token: string): boolean {
    this.skipSpace(false);
    if (!this.src.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }
}

export function parseBicep(src: string, file: string): BicepFile {
  const r: Reader = new Reader(src, file);
  const out: BicepFile = { file, params: [], resources: [], outputs: new Map(), vars: new Map(), modules: new Map() };
  let decorators: Decorator[] = [];
  while (!r.done) {
    if (r.peek() === '@') {
      decorators.push(r.decorator());
      continue;
    }
    const keyword = r.word();
    switch (keyword) {
      case 'targetScope':
        r.expect('=');
        r.value();
        break;
      case 'param': {
        const name = r.word();
        const type = r.word();
        const defaultValue = r.accept('=') ? r.value() : undefined;
        out.params.push({ file, name, type, decorators, defaultValue });
        break;
      }
      case 'var': {
        const name = r.word();
        r.expect('=');
        out.vars.set(name, r.value());
        break;
      }
      case 'resource': {
        const symbol = r.word();
        r.skipSpace(false);
        const typeRef = r.string();
        const m = /^([A-Za-z.]+\/[A-Za-z/]+)@(\d{4}-\d{2}-\d{2}(?:-preview)?)$/.exec(typeRef);
        if (!m?.[1] || !m[2]) r.fail(`resource ${symbol}: '${typeRef}' is not 'Namespace/type@api-version'`);
        const existing = r.accept('existing');
        r.expect('=');
        r.skipSpace(false);
        if (r.peek() !== '{')
          r.fail(`resource ${symbol}: conditional or looped resources are not supported by this check`);
        out.resources.push({ file, symbol, type: m[1], apiVersion: m[2], existing, body: r.object() });
        break;
      }
      case 'module': {
        const symbol = r.word();
        r.skipSpace(false);
        const modulePath = r.string();
        r.expect('=');
        r.skipSpace(false);
        if (r.peek() !== '{') r.fail(`module ${symbol}: conditional or looped modules are not supported by this check`);
        out.modules.set(symbol, { path: modulePath, body: r.object() });
        break;
      }
      case 'output': {
        const name = r.word();
        r.word(); // type
        r.expect('=');
        out.outputs.set(name, r.value());
        break;
      }
      default:
        r.fail(`unexpected statement '${keyword}'`);
    }
    decorators = [];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lookups

export function prop(v: Value | undefined, dotted: string): Value | undefined {
  let cur = v;
  for (const key of dotted.split('.')) {
    if (cur?.kind !== 'object') return undefined;
    cur = cur.props.get(key);
  }
  return cur;
}

/** The literal text of a value: a string's content, or an expression/keyword as written. */
export function literal(v: Value | undefined): string | undefined {
  if (v?.kind === 'string' || v?.kind === 'expr') return v.text;
  return undefined;
}

export function decorator(p: Param, name: string): Decorator | undefined {
  return p.decorators.find((d) => d.name === name);
}
