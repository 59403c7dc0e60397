// @ts-check
'use strict';
/**
 * The signing thread of `JwtSigningThread`: signs token responses (ES256, or RS256 with an RSA
 * key) off the event loop.
 *
 * Protocol (one `MessagePort`, so messages keep their order both ways):
 *   main -> thread  { type: 'key', keyId, privateKey }   once per key, before its first job
 *                   { type: 'sign', jobs: Job[] }        the jobs of one main-thread turn
 *   thread -> main  SignedJob[]                          one array per 'sign', same order
 * A Job is [keyId, accessHeader, accessJson, idHeader, idJson | null] (claims as JSON text, see
 * `es256-jws.js`); a SignedJob is [accessToken, idToken | null] or, if that job failed, the
 * error's message (a string).
 *
 * Plain CommonJS for the reason given in `es256-jws.js`. Private keys arrive as `KeyObject`s
 * (structured clone) and never leave this thread's memory.
 */
const { parentPort } = require('node:worker_threads');

const { signTokenPair } = require('./es256-jws');

if (!parentPort) throw new Error('jwt-signing.worker.js runs only as a worker thread');
const port = parentPort;

/** @type {Map<number, import('node:crypto').KeyObject>} */
const keys = new Map();

port.on('message', (message) => {
  if (message.type === 'key') {
    keys.set(message.keyId, message.privateKey);
    return;
  }
  const jobs = message.jobs;
  const signed = new Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const [keyId, accessHeader, accessJson, idHeader, idJson] = jobs[i];
    try {
      const privateKey = keys.get(keyId);
      if (!privateKey) throw new Error(`no key ${keyId} on the signing thread`);
      const tokens = signTokenPair(privateKey, accessHeader, accessJson, idHeader, idJson);
      signed[i] = [tokens.accessToken, tokens.idToken ?? null];
    } catch (error) {
      signed[i] = error instanceof Error ? error.message : String(error);
    }
  }
  port.postMessage(signed);
});
