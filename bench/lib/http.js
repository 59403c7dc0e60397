'use strict';
/**
 * A minimal keep-alive HTTP client for the bench's setup, sanity and sequential-latency work
 * (not for load: autocannon drives the load). One agent with a single socket, so sequential
 * calls reuse one TCP connection and measure the service, not connection set-up.
 */
const http = require('node:http');

class HttpClient {
  /** @param {string} baseUrl e.g. http://127.0.0.1:3000 */
  constructor(baseUrl) {
    const url = new URL(baseUrl);
    this.hostname = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /**
   * Sends one request and resolves with `{ status, body, ms }`; `ms` is the time from writing the
   * request to the end of the response body (process.hrtime, sub-millisecond).
   * @param {'GET'|'POST'} method
   * @param {string} path
   * @param {{ headers?: Record<string,string>, form?: Record<string,string>, body?: string }} [options]
   *   `form` is encoded here; `body` is sent as given (a form body, unless the headers say otherwise)
   */
  request(method, path, options = {}) {
    const body = options.form ? new URLSearchParams(options.form).toString() : options.body;
    const headers = { ...(options.headers ?? {}) };
    if (body !== undefined) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request(
        { hostname: this.hostname, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.end(body);
    });
  }

  /** POST a form and parse a JSON answer; throws unless the status is 200. */
  async postFormJson(path, form, headers) {
    const res = await this.request('POST', path, { form, headers });
    if (res.status !== 200) {
      throw new Error(`POST ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    }
    return JSON.parse(res.body);
  }

  close() {
    this.agent.destroy();
  }
}

module.exports = { HttpClient };
