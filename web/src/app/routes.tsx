/**
 * The route table. Pages load on demand (one chunk each), so the home page's first render carries
 * only the shell and itself. Paths never start with an API prefix (src/server/web-paths.ts):
 * member pages live under /my/, staff pages under /operator/, /investigator/, /auditor/, /staff/,
 * the regulator's view at /oversight (its API is /regulator/...).
 */
import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { Layout } from './Layout';
import { Loading, PageError } from './status';
import HomePage from '../pages/HomePage';

const page = (load: () => Promise<{ default: () => ReactNode }>) => {
  const Page = lazy(load);
  return <Suspense fallback={<Loading />}><Page /></Suspense>;
};

/** The header's links (message keys). */
export const NAV = [
  { to: '/', label: 'app.nav.home' },
  { to: '/notice', label: 'app.nav.notice' },
  { to: '/periods', label: 'app.nav.periods' },
  { to: '/rules', label: 'app.nav.rules' },
  { to: '/juries', label: 'app.nav.jury' },
  { to: '/proposals', label: 'votes.nav.public' },
  { to: '/verify', label: 'app.nav.verify' },
] as const;

/** The member's own pages, a second row of the header for a logged-in member (message keys). */
export const MEMBER_NAV = [
  { to: '/my/bills', label: 'member.nav.bills' },
  { to: '/my/people', label: 'member.nav.people' },
  { to: '/my/memberships', label: 'member.nav.memberships' },
  { to: '/my/wallets', label: 'member.nav.wallets' },
  { to: '/my/claims', label: 'member.nav.claims' },
  { to: '/my/challenges', label: 'member.nav.challenges' },
  { to: '/my/jury', label: 'member.nav.jury' },
  { to: '/my/votes', label: 'votes.nav.member' },
] as const;

/** The staff pages' links for each role (message keys), shown in the header's second row. */
export const STAFF_NAV: Readonly<Record<string, readonly { to: string; label: string }[]>> = {
  operator: [
    { to: '/operator/claims', label: 'operator.nav.queue' }, { to: '/operator/challenges', label: 'operator.nav.challenges' },
    { to: '/operator/outlook', label: 'operator.nav.outlook' }, { to: '/operator/calendar', label: 'operator.nav.calendar' },
    { to: '/operator/proposals', label: 'votes.nav.operator' }, { to: '/operator/wind-down', label: 'windDown.nav.operator' },
  ],
  investigator: [{ to: '/investigator/claims', label: 'investigator.nav.claims' }],
  auditor: [
    { to: '/auditor/books', label: 'auditor.nav.books' }, { to: '/auditor/ledger', label: 'auditor.nav.ledger' }, { to: '/auditor/trail', label: 'auditor.nav.trail' },
    { to: '/oversight', label: 'regulator.nav.home' },
  ],
  regulator: [{ to: '/oversight', label: 'regulator.nav.home' }],
  admin: [
    { to: '/staff/accounts', label: 'admin.nav.accounts' }, { to: '/operator/claims', label: 'operator.nav.queue' },
    { to: '/auditor/books', label: 'auditor.nav.books' }, { to: '/auditor/ledger', label: 'auditor.nav.ledger' }, { to: '/auditor/trail', label: 'auditor.nav.trail' },
    { to: '/oversight', label: 'regulator.nav.home' },
  ],
};

export const routes: RouteObject[] = [{
  element: <Layout />,
  errorElement: <PageError />,
  children: [
    { index: true, element: <HomePage /> },
    { path: 'notice', element: page(() => import('../pages/NoticePage')) },
    { path: 'periods', element: page(() => import('../pages/PeriodsPage')) },
    { path: 'periods/:announcedOn', element: page(() => import('../pages/PeriodPage')) },
    { path: 'rules', element: page(() => import('../pages/RulesPage')) },
    { path: 'juries', element: page(() => import('../pages/JuryListPage')) },
    { path: 'juries/:id', element: page(() => import('../pages/JuryCasePage')) },
    { path: 'verify', element: page(() => import('../pages/VerifyPage')) },
    { path: 'wind-down', element: page(() => import('../pages/WindDownPage')) },
    { path: 'operator/wind-down', element: page(() => import('../pages/operator/WindDownPage')) },
    { path: 'proposals', element: page(() => import('../pages/ProposalsPage')) },
    { path: 'my/votes', element: page(() => import('../pages/my/MyVotesPage')) },
    { path: 'operator/proposals', element: page(() => import('../pages/operator/ProposalsPage')) },
    { path: 'my/bills', element: page(() => import('../pages/my/MyBillsPage')) },
    { path: 'my/people', element: page(() => import('../pages/my/MyPeoplePage')) },
    { path: 'my/memberships', element: page(() => import('../pages/my/MyMembershipsPage')) },
    { path: 'my/wallets', element: page(() => import('../pages/my/MyWalletsPage')) },
    { path: 'my/claims', element: page(() => import('../pages/my/MyClaimsPage')) },
    { path: 'my/claims/:ref', element: page(() => import('../pages/my/MyClaimPage')) },
    { path: 'my/challenges', element: page(() => import('../pages/my/MyChallengesPage')) },
    { path: 'my/jury', element: page(() => import('../pages/my/JurorPage')) },
    { path: 'operator/calendar', element: page(() => import('../pages/operator/CalendarPage')) },
    // Staff pages (operator, investigator, auditor, admin).
    { path: 'operator/claims', element: page(() => import('../pages/operator/ClaimsQueuePage')) },
    { path: 'operator/claims/:ref', element: page(() => import('../pages/operator/ClaimPage')) },
    { path: 'operator/challenges', element: page(() => import('../pages/operator/ChallengesPage')) },
    { path: 'operator/outlook', element: page(() => import('../pages/operator/OutlookPage')) },
    { path: 'investigator/claims', element: page(() => import('../pages/investigator/AssignedClaimsPage')) },
    { path: 'investigator/claims/:ref', element: page(() => import('../pages/investigator/InvestigationPage')) },
    { path: 'auditor/books', element: page(() => import('../pages/auditor/BooksPage')) },
    { path: 'auditor/ledger', element: page(() => import('../pages/auditor/LedgerPage')) },
    { path: 'auditor/trail', element: page(() => import('../pages/auditor/TrailPage')) },
    { path: 'oversight', element: page(() => import('../pages/regulator/RegulatorPage')) },
    { path: 'staff/accounts', element: page(() => import('../pages/admin/AccountsPage')) },
    { path: 'login', element: page(() => import('../pages/LoginPage')) },
    { path: 'register', element: page(() => import('../pages/RegisterPage')) },
    { path: '*', element: page(() => import('../pages/NotFoundPage')) },
  ],
}];
