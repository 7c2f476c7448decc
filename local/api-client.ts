/**
 * A few lines of `fetch` for talking to the local API: what `npm start` seeds with, and
 * what the API benchmark drives. Every reply is returned, whatever its status; callers
 * decide what is an error.
 */
export interface ApiReply<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else the text (undefined when empty). */
  body: T;
}

export interface ApiRequestOptions {
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the client's token; `null` sends none. */
  token?: string | null;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  /** The same API as another caller. */
  as(token: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: ApiRequestOptions = {},
  ): Promise<ApiReply<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token === undefined ? this.token : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array | undefined;
    if (typeof options.body === 'string' || options.body instanceof Uint8Array) {
      body = options.body;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const isJson = /json/i.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : isJson ? JSON.parse(text) : text) as T,
    };
  }

  get<T = unknown>(path: string, options?: ApiRequestOptions) {
    return this.request<T>('GET', path, options);
  }

  put<T = unknown>(path: string, body: unknown, options?: ApiRequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }

  post<T = unknown>(path: string, body?: unknown, options?: ApiRequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
}
