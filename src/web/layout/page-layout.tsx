import type { Children } from '@kitajs/html';
import { MainNavigation } from './main-navigation.js';
import { SessionBar } from './session-bar.js';
import type { WerkplekUser } from './user.js';

export interface PageLayoutProps {
  /** What the page is about; the browser title adds the application's name. Never personal data. */
  title: string;
  /** Stylesheet addresses, in cascade order (components, theme, our own). */
  stylesheets: readonly string[];
  /** ES module addresses this page loads (from the served assets; never inline script). */
  scripts?: readonly string[];
  /** The signed-in person, with the session's CSRF token for the logout form; absent on public pages. */
  session?: { user: WerkplekUser; csrfToken: string } | undefined;
  /** The path of this page, to mark its navigation item as current. */
  currentPath?: string;
  children?: Children;
}

export const applicationName = 'Werkplek vroegsignalering';

/**
 * Every Werkplek page: Dutch, NL Design System page layout, a skip link as the first thing the
 * keyboard reaches, and landmarks (banner, navigation, main, contentinfo). The theme class sits on
 * <html> so its tokens reach everything, the page background included.
 */
export function PageLayout(props: PageLayoutProps) {
  return (
    <html lang="nl" class="voorbeeld-theme">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{`${props.title} – ${applicationName}`}</title>
        {props.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {(props.scripts ?? []).map((src) => (
          <script type="module" src={src}></script>
        ))}
      </head>
      <body class="utrecht-document utrecht-surface--html-body">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
          Direct naar de inhoud
        </a>
        <div class="utrecht-page">
          <header class="utrecht-page-header">
            <div class="utrecht-page-header__content werkplek-header">
              <p class="utrecht-paragraph utrecht-paragraph--lead">{applicationName}</p>
              {props.session ? <SessionBar user={props.session.user} csrfToken={props.session.csrfToken} /> : ''}
            </div>
          </header>
          {props.session ? <MainNavigation roles={props.session.user.roles} currentPath={props.currentPath ?? ''} /> : ''}
          <main id="inhoud" class="utrecht-page-content werkplek-main" tabindex="-1">
            {props.children}
          </main>
          <footer class="utrecht-page-footer">
            <div class="utrecht-page-footer__content">
              <p class="utrecht-paragraph utrecht-paragraph--small">Vroegsignalering schulden</p>
            </div>
          </footer>
        </div>
      </body>
    </html>
  );
}

/** A rendered page as the complete document a browser gets (JSX has no doctype). */
export async function htmlDocument(page: JSX.Element): Promise<string> {
  return `<!doctype html>${await page}`;
}
