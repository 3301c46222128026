// The part of autocannon's API the HTTP benchmark uses (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Called before each request is sent; returns the request to send. */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, unknown>) => void;
  };

  export type Options = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests in all, overriding duration. */
    amount?: number;
    /** Seconds to wait for a response. */
    timeout?: number;
    requests?: Request[];
  };

  export type Histogram = { average: number; p50: number; p90: number; p99: number; max: number };

  export type Result = {
    latency: Histogram;
    requests: Histogram & { total: number };
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  };

  export type Instance = EventEmitter & { stop(): void };

  export default function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance;
}
