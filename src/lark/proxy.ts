import type { HttpInstance } from '@larksuiteoapi/node-sdk';
import axios from 'axios';
import { HttpsProxyAgent } from 'https-proxy-agent';

export type FeishuTransport = {
  /** For `new WebSocket(url, { agent })`: the long connection's socket. */
  agent: HttpsProxyAgent<string>;
  /** For the SDK's `httpInstance`: Open API calls and the long-connection endpoint request. */
  http: HttpInstance;
};

/** Feishu's answers have no call slower than this; a hung request would hold a send slot forever. */
export const FEISHU_HTTP_TIMEOUT_MS = 15_000;

/**
 * Every call to Feishu through an HTTP(S) proxy (CONNECT tunnels, TLS to Feishu end to end). axios's
 * own HTTPS_PROXY support forwards https requests in clear to the proxy, so it is switched off.
 */
export function proxiedTransport(proxyUrl: string): FeishuTransport {
  const agent = new HttpsProxyAgent(proxyUrl);
  const http = axios.create({
    httpAgent: agent,
    httpsAgent: agent,
    proxy: false,
    timeout: FEISHU_HTTP_TIMEOUT_MS,
  });
  // The SDK expects its instance to resolve to the body, as its default instance does.
  http.interceptors.response.use((res) => res.data);
  // The interceptor makes every call resolve to the body, which axios's own types cannot express.
  return { agent, http: http as HttpInstance };
}
