/** Every page's frame: skip link, header (plan name, nav, language, log-in state), main, footer. */
import { NavLink, Link, Outlet, useLocation, useNavigate } from 'react-router';
import { planNameIn } from '../format/server-text';
import { useTranslation } from 'react-i18next';
import { usePlan } from './plan';
import { useLogout, useSession } from './session';
import { MEMBER_NAV, NAV, STAFF_NAV } from './routes';
import { MyPlansWindDown } from './MyPlansWindDown';

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className="lang" lang={next} onClick={() => void i18n.changeLanguage(next)} aria-label={`${t('app.language.label')}: ${t('app.language.switchTo')}`}>
      {t('app.language.switchTo')}
    </button>
  );
}

function AccountState() {
  const { t } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  if (session.data) {
    return (
      <div className="account">
        <span className="who">{t('app.account.signedInAs', { email: session.data.email })}</span>
        {session.data.role === 'member' && <Link to="/my/bills">{t('my.nav')}</Link>}
        <button type="button" onClick={() => void logout().then(() => navigate('/login?out=1'))}>{t('app.account.logout')}</button>
      </div>
    );
  }
  return <div className="account"><Link to="/login">{t('app.account.login')}</Link> <Link to="/register">{t('app.account.register')}</Link></div>;
}

/** A logged-in member's own pages. */
function MemberNav() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.data?.role !== 'member') return null;
  return (
    <nav aria-label={t('member.nav.label')} className="member-nav">
      <ul>{MEMBER_NAV.map((n) => <li key={n.to}><NavLink to={n.to}>{t(n.label)}</NavLink></li>)}</ul>
    </nav>
  );
}

/** The staff pages of the signed-in role (none for members and visitors). */
function StaffNav() {
  const { t } = useTranslation();
  const links = STAFF_NAV[useSession().data?.role ?? ''];
  if (!links) return null;
  return (
    <nav aria-label={t('operator.nav.label')} className="staff">
      <ul>{links.map((n) => <li key={n.to}><NavLink to={n.to}>{t(n.label)}</NavLink></li>)}</ul>
    </nav>
  );
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const plan = usePlan();
  const onMemberPage = useLocation().pathname.startsWith('/my/');
  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="site">
        <div className="bar">
          <Link to="/" className="brand"><span className="logo" aria-hidden="true">互</span> {planNameIn(plan.data, i18n.language) ?? t('app.name')}</Link>
          <LanguageSwitch />
          <AccountState />
        </div>
        <nav aria-label={t('app.nav.label')}>
          <ul>
            {NAV.map((n) => <li key={n.to}><NavLink to={n.to} end={n.to === '/'}>{t(n.label)}</NavLink></li>)}
          </ul>
        </nav>
        <MemberNav />
        <StaffNav />
      </header>
      <main id="main" tabIndex={-1}>
        {onMemberPage && <MyPlansWindDown />}
        <Outlet />
      </main>
      <footer className="site">
        <p>{t('app.footer.about')}</p>
        <p><a href="/docs">{t('app.footer.api')}</a> · <a href="/log/key">{t('app.footer.source')}</a></p>
      </footer>
    </>
  );
}
