import type { WerkplekUser } from './user.js';

/** The name of the hidden form field that carries the CSRF token on every form post. */
export const csrfFieldName = '_csrf';

/** Who is signed in, and the logout button: a POST with the session's CSRF token, never a link (a GET must not end a session). */
export function SessionBar({ user, csrfToken }: { user: WerkplekUser; csrfToken: string }) {
  return (
    <div class="werkplek-session">
      <p class="utrecht-paragraph">
        Ingelogd als <strong safe>{user.name}</strong>
      </p>
      <form method="post" action="/uitloggen">
        <input type="hidden" name={csrfFieldName} value={csrfToken} />
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">
          Uitloggen
        </button>
      </form>
    </div>
  );
}
