import type { CookieSerializeOptions } from '@fastify/cookie';

/** `__Host-`: the browser keeps it only if Secure, Path=/ and without Domain — bound to this origin. */
export const sessionCookieName = '__Host-werkplek';
/** The short-lived cookie that ties a login in progress (state, nonce, PKCE verifier) to the browser. */
export const loginCookieName = '__Host-werkplek-inlog';

export const cookieOptions: CookieSerializeOptions = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' };
