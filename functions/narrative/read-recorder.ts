/** One value a template read from its data, e.g. `{ path: 'figures.progression[0].rate', value: 64 }`. */
export interface FigureRead {
  path: string;
  value: string | number | boolean;
}

type Leaf = FigureRead['value'];

/** A property the template asked for that the data does not have. */
export interface DataMiss {
  /** Path of the object asked, e.g. `figures.progression[1]`. */
  path: string;
  key: string;
}

function isLeaf(value: unknown): value is Leaf {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** `programme` + `posts` → `programme.posts`; array index → `[0]`; odd keys → `["a b"]`. */
function childPath(parent: string, key: string, inArray: boolean): string {
  if (inArray && /^(?:0|[1-9]\d*)$/.test(key)) return `${parent}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** A deep copy that is certainly plain JSON data: no functions, getters, prototypes of classes. */
function plainCopy(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch (error) {
    throw new TypeError('the template data must be plain JSON data', { cause: error });
  }
}

/**
 * Records which values a template read, for the bid's data-sources appendix. The template's
 * data is a plain copy wrapped in read-only Proxies; every own string, number or boolean read
 * through them — by a `{{ }}`, a tag, a `for` loop or a filter walking a list — is recorded
 * once, under its full path, in the order first read. Only own properties are reported or
 * wrapped; everything else (array methods for filters, `length`) passes through unrecorded,
 * and LiquidJS's `ownPropertyOnly` keeps templates from reaching it at all.
 */
export class ReadRecorder {
  private readonly seen = new Map<string, Leaf>();
  private readonly proxies = new WeakMap<object, object>();
  private readonly paths = new WeakMap<object, string>();
  private miss: DataMiss | undefined;
  private readonly handler: ProxyHandler<object> = {
    // LiquidJS asks "own property?" before every read (ownPropertyOnly): a "no" is remembered,
    // so an unknown-variable error can name the data path, not just the loop variable.
    getOwnPropertyDescriptor: (target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      const path = this.paths.get(target);
      if (
        descriptor === undefined &&
        typeof key === 'string' &&
        path !== undefined &&
        path !== ''
      ) {
        this.miss = { path, key };
      }
      return descriptor;
    },
    get: (target, key, receiver) => {
      if (
        typeof key !== 'string' ||
        !Object.hasOwn(target, key) ||
        (Array.isArray(target) && key === 'length')
      ) {
        return Reflect.get(target, key, receiver);
      }
      const value: unknown = Reflect.get(target, key, receiver);
      const path = childPath(this.paths.get(target) ?? '', key, Array.isArray(target));
      if (typeof value === 'object' && value !== null) return this.wrap(value, path);
      if (isLeaf(value) && !this.seen.has(path)) this.seen.set(path, value);
      return value;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
  };

  /** The last property asked for and not found, e.g. `rate` of `figures.progression[1]`. */
  get lastMiss(): DataMiss | undefined {
    return this.miss;
  }

  /** Forgets the last miss, so an error in the next render cannot be explained by an old one. */
  clearMiss(): void {
    this.miss = undefined;
  }

  /** The values read so far, deduplicated by path, in first-read order. */
  get reads(): FigureRead[] {
    return [...this.seen].map(([path, value]) => ({ path, value }));
  }

  /** The scope to hand to Liquid: each root (`programme`, …) a recorded, read-only copy. */
  scope(roots: Readonly<Record<string, unknown>>): object {
    const env: Record<string, unknown> = Object.create(null);
    for (const [name, value] of Object.entries(roots)) {
      const copy = plainCopy(value);
      if (copy !== undefined) env[name] = copy;
    }
    return this.wrap(env, '');
  }

  private wrap(target: object, path: string): object {
    const existing = this.proxies.get(target);
    if (existing) return existing;
    const proxy = new Proxy(target, this.handler);
    this.proxies.set(target, proxy);
    this.paths.set(target, path);
    return proxy;
  }
}
