import type { DemoAccount } from './demo-accounts.js';
import { escapeHtml as e, page } from './html.js';

/** The login page of the development IdP: every demo account, one click each, or with its password. */
export function loginPage(action: string, accounts: DemoAccount[], failed = false): string {
  const rows = accounts
    .map(
      (a) => `<li>
<form method="post" action="${e(action)}">
<input type="hidden" name="account" value="${e(a.sub)}">
<button type="submit">Inloggen als ${e(a.name)}</button>
</form>
<p>${e(a.description)}. Gebruikersnaam: <code>${e(a.sub)}</code>, wachtwoord: <code>${e(a.password)}</code></p>
</li>`,
    )
    .join('\n');
  return page(
    'Inloggen – ontwikkel-IdP',
    `<h1>Inloggen bij de Werkplek</h1>
<p>Dit is de inlogpagina voor ontwikkeling. Hij is er alleen als de gateway in ontwikkelmodus draait. Kies een demo-account.</p>
${failed ? '<p role="alert">De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.</p>' : ''}
<h2>Met één klik</h2>
<ul>
${rows}
</ul>
<h2>Met gebruikersnaam en wachtwoord</h2>
<form method="post" action="${e(action)}">
<p><label for="gebruikersnaam">Gebruikersnaam</label>
<input id="gebruikersnaam" name="username" autocomplete="username" required></p>
<p><label for="wachtwoord">Wachtwoord</label>
<input id="wachtwoord" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Inloggen</button></p>
</form>`,
  );
}

/** The IdP's question before it ends its own session (RP-initiated logout without id_token_hint). */
export function logoutPage(form: string, host: string): string {
  return page(
    'Uitloggen – ontwikkel-IdP',
    `<h1>Uitloggen</h1>
<p>Wilt u ook uitloggen bij de inlogdienst op ${e(host)}?</p>
${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, uitloggen</button>
<button type="submit" form="op.logoutForm">Nee, ingelogd blijven</button></p>`,
  );
}

export function loggedOutPage(): string {
  return page('Uitgelogd', '<h1>U bent uitgelogd</h1>\n<p><a href="/">Opnieuw inloggen</a></p>');
}

/** An error of the IdP, in plain Dutch; the technical code only as a reference. */
export function errorPage(code: string): string {
  return page(
    'Inloggen mislukt',
    `<h1>Inloggen is niet gelukt</h1>
<p>Er ging iets mis bij het inloggen. Ga terug naar de <a href="/">Werkplek</a> en probeer het opnieuw.</p>
<p>Foutcode: <code>${e(code)}</code></p>`,
  );
}
