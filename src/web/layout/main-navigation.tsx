import { navigationFor } from './navigation.js';

/** The sections the person's roles may open; the current one marked for assistive technology. */
export function MainNavigation({ roles, currentPath }: { roles: readonly string[]; currentPath: string }) {
  const items = navigationFor(roles);
  if (items.length === 0) return '';
  return (
    <nav class="utrecht-nav-bar werkplek-nav" aria-label="Hoofdmenu">
      <div class="utrecht-nav-bar__content">
        <ul class="utrecht-nav-list">
          {items.map((item) => (
            <li class="utrecht-nav-list__item">
              <a
                class="utrecht-link utrecht-link--html-a utrecht-nav-list__link"
                href={item.href}
                aria-current={item.href === currentPath ? 'page' : undefined}
                safe
              >
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
