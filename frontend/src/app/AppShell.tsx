import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../auth/AuthProvider";
import { useUnreadCount } from "../features/notifications/queries";
import { LanguageSwitch } from "../features/account/LanguageSwitch";
import { navFor } from "../nav";

function CentreSwitch() {
  const { me, centreId, chooseCentre } = useAuth();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const memberships = me?.memberships ?? [];
  if (memberships.length < 2) return null;
  return (
    <label className="inline-control">
      <span>{t("shell.centre")}</span>
      <select
        value={centreId ?? ""}
        onChange={(e) => {
          chooseCentre(e.target.value);
          navigate("/");
        }}
      >
        {memberships.map((m) => (
          <option key={m.id} value={m.centre}>
            {m.centre_name} — {t(`roles.${m.role}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function NotificationsLink() {
  const { t } = useTranslation();
  const { data } = useUnreadCount();
  const count = data?.count ?? 0;
  return (
    <Link to="/notifications" className="notifications-link">
      {t("nav.notifications")}
      {count > 0 ? (
        <>
          <span className="badge" aria-hidden="true">
            {count}
          </span>
          <span className="visually-hidden">({t("notifications.unreadCount", { count })})</span>
        </>
      ) : null}
    </Link>
  );
}

export function AppShell() {
  const { t } = useTranslation();
  const { me, role, membership, logout } = useAuth();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  // On phones (below 48rem) the navigation and the header's controls fold behind a menu button (styles.css).
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);

  // Escape closes the open menu and gives the focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  // After client-side navigation, move focus to the new page so screen readers announce it (the menu closes).
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>("h1");
    const target = heading ?? mainRef.current;
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }, [location.pathname]);

  const name = [me?.first_name, me?.last_name].filter(Boolean).join(" ") || me?.email;
  return (
    <div className={menuOpen ? "shell menu-open" : "shell"}>
      <a className="skip-link" href="#main">
        {t("shell.skipToContent")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          CUS
        </Link>
        <span className="muted topbar-context">
          {membership ? `${membership.centre_name} · ${t(`roles.${membership.role}`)}` : null}
        </span>
        <button
          type="button"
          ref={menuButton}
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="shell-controls shell-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 20 20">
            <path d="M2 4h16M2 10h16M2 16h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          {t("shell.menu")}
        </button>
        <div className="topbar-controls" id="shell-controls">
          <CentreSwitch />
          <LanguageSwitch />
          <NotificationsLink />
          <span className="muted">{name}</span>
          <button
            type="button"
            onClick={async () => {
              await logout();
              // A full page load: nothing of the last user's data stays in memory.
              window.location.assign("/login");
            }}
          >
            {t("shell.logout")}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav className="sidebar" id="shell-nav" aria-label={t("shell.mainNavigation")}>
          <ul>
            {navFor(role).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"}>{t(item.label)}</NavLink>
              </li>
            ))}
            {role === "admin" ? (
              <li>
                <a href="/admin/">{t("nav.administration")}</a>
              </li>
            ) : null}
          </ul>
        </nav>
        <main id="main" ref={mainRef} className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
