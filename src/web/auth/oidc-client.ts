import * as client from 'openid-client';
import { fetchTrusting } from './https-fetch.js';

export interface OidcClientOptions {
  /** The IdP's issuer URL; a function when it is the embedded IdP on a port known only after listen. */
  issuer: string | (() => string);
  clientId: string;
  clientSecret: string;
  /** Trust anchor for the IdP's TLS certificate (the development CA); default: the system's. */
  ca?: string | Buffer;
}

/**
 * The IdP's configuration, discovered on first use and kept; a failed discovery is retried on
 * the next login rather than remembered.
 */
export function lazyOidcConfiguration(options: OidcClientOptions): () => Promise<client.Configuration> {
  let pending: Promise<client.Configuration> | undefined;
  return () => {
    if (!pending) {
      const issuer = typeof options.issuer === 'function' ? options.issuer() : options.issuer;
      const discoveryOptions = options.ca ? { [client.customFetch]: fetchTrusting(options.ca) as client.CustomFetch } : undefined;
      pending = client.discovery(new URL(issuer), options.clientId, options.clientSecret, client.ClientSecretBasic(options.clientSecret), discoveryOptions);
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };
}
