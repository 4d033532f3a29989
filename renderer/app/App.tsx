import { useEffect, useState } from 'react';
import { CallList } from '../features/call/CallList';
import { CurrentCall } from '../features/call/CurrentCall';
import { IncomingCall } from '../features/call/IncomingCall';
import { ScreenPop } from '../features/context/ScreenPop';
import { Dialer } from '../features/dialer/Dialer';
import { CallHistory } from '../features/history/CallHistory';
import { Notices } from '../features/notices/Notices';
import { AvailabilityButton } from '../features/presence/AvailabilityButton';
import { AccountForm } from '../features/settings/AccountForm';
import { DevicesPanel } from '../features/settings/DevicesPanel';
import { ExportDiagnostics } from '../features/settings/ExportDiagnostics';
import { RegistrationStatus } from '../features/status/RegistrationStatus';
import { DiagnosisPanel } from '../features/quality/DiagnosisPanel';
import { ConnectionTest } from '../features/settings/ConnectionTest';
import { AnnouncedTransfers } from '../features/handoff/AnnouncedTransfers';
import { FirstRun } from '../features/settings/FirstRun';
import { selectPrimaryAccount, useAppStore } from '../store/app-store';
import { attachSupervisorConsole } from '../controllers/supervisor-controller';
import { LiveSessions } from '../features/supervisor/LiveSessions';
import { MonitorBar } from '../features/supervisor/MonitorBar';
import { Review } from '../features/supervisor/Review';
import { SupervisorSignIn } from '../features/supervisor/SupervisorSignIn';
import { attachE911 } from '../controllers/e911-controller';
import { currentHost } from '../controllers/phone-controller';
import { EmergencyAlerts } from '../features/e911/EmergencyAlerts';
import { EmergencyBanner } from '../features/e911/EmergencyBanner';
import { LocationBanner } from '../features/e911/LocationBanner';
import { LocationConfirm } from '../features/e911/LocationConfirm';
import { LocationItem } from '../features/e911/LocationItem';
import { EmergencyAdmin } from '../features/e911-admin/EmergencyAdmin';
import { BillingConsole } from '../features/billing/BillingConsole';

type Tab = 'phone' | 'live' | 'review' | 'billing' | 'e911';
const TABS: [Tab, string][] = [
  ['phone', 'Agent phone'],
  ['live', 'Live AI sessions'],
  ['review', 'Review'],
  ['billing', 'Calls & billing'],
];
/** Admins see the supervisor tabs and the emergency location setup. */
const ADMIN_TABS: [Tab, string][] = [...TABS, ['e911', 'Emergency locations']];

export function App() {
  const loaded = useAppStore((s) => s.settings !== null);
  const account = useAppStore(selectPrimaryAccount);
  const profileName = useAppStore((s) => s.settings?.profile.name ?? '');
  const [showSettings, setShowSettings] = useState(false);
  const [showDiagnosis, setShowDiagnosis] = useState(false);
  // The views follow the host's role; the host enforces it (an agent's renderer gets FORBIDDEN and no feed events).
  const supervisor = useAppStore((s) => (s.settings?.profile.role ?? 'agent') !== 'agent');
  const admin = useAppStore((s) => s.settings?.profile.role === 'admin');
  const [chosenTab, setTab] = useState<Tab>('live');
  const tab: Tab = chosenTab === 'e911' && !admin ? 'live' : chosenTab;
  useEffect(() => (supervisor ? attachSupervisorConsole() : undefined), [supervisor]);
  // Every role: the agent's emergency location (and, for supervisors, emergency alerts).
  useEffect(() => attachE911(currentHost()), []);

  if (!loaded) {
    return (
      <main className="loading" aria-busy="true">
        <p>Connecting to the Warmline host…</p>
        <Notices />
      </main>
    );
  }
  return (
    <div className="app">
      <header className="topbar">
        <h1>Warmline</h1>
        {profileName && <span className="who">{profileName}</span>}
        <RegistrationStatus />
        <span className="spacer" />
        <LocationItem />
        <AvailabilityButton />
        <button type="button" onClick={() => setShowDiagnosis((v) => !v)} aria-expanded={showDiagnosis}>
          Diagnosis
        </button>
        <button type="button" onClick={() => setShowSettings((v) => !v)} aria-expanded={showSettings}>
          Settings
        </button>
      </header>
      <EmergencyBanner />
      {supervisor && <EmergencyAlerts />}
      <LocationBanner />
      <Notices />
      {supervisor && (
        <nav className="console-tabs" role="tablist" aria-label="Console">
          {(admin ? ADMIN_TABS : TABS).map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-selected={!showSettings && tab === id}
              onClick={() => {
                setShowSettings(false);
                setTab(id);
              }}
            >
              {label}
            </button>
          ))}
        </nav>
      )}
      {supervisor && <MonitorBar />}
      {showSettings ? (
        <main className="setup">
          <h2>Account settings</h2>
          <AccountForm onDone={() => setShowSettings(false)} />
          <DevicesPanel />
          <ConnectionTest />
          <ExportDiagnostics />
          <SupervisorSignIn onDone={() => setShowSettings(false)} />
        </main>
      ) : supervisor && tab !== 'phone' ? (
        <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
          {/* A call ringing for the supervisor must never hide behind a tab. */}
          <div className="ringing-anywhere">
            <IncomingCall />
          </div>
          {tab === 'live' ? <LiveSessions /> : tab === 'review' ? <Review /> : tab === 'billing' ? <BillingConsole /> : <EmergencyAdmin />}
        </div>
      ) : !account ? (
        <main className="setup">
          <FirstRun />
        </main>
      ) : (
        <main className="workspace">
          <div className="phone">
            <IncomingCall />
            <CallList />
            <CurrentCall />
            <Dialer />
          </div>
          <div className="context-column">
            {showDiagnosis && <DiagnosisPanel />}
            <AnnouncedTransfers />
            <ScreenPop />
          </div>
          <CallHistory />
        </main>
      )}
      <LocationConfirm />
    </div>
  );
}
