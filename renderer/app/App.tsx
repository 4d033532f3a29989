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

type Tab = 'phone' | 'live' | 'review';
const TABS: [Tab, string][] = [
  ['phone', 'Agent phone'],
  ['live', 'Live AI sessions'],
  ['review', 'Review'],
];

export function App() {
  const loaded = useAppStore((s) => s.settings !== null);
  const account = useAppStore(selectPrimaryAccount);
  const profileName = useAppStore((s) => s.settings?.profile.name ?? '');
  const [showSettings, setShowSettings] = useState(false);
  const [showDiagnosis, setShowDiagnosis] = useState(false);
  // The views follow the host's role; the host enforces it (an agent's renderer gets FORBIDDEN and no feed events).
  const supervisor = useAppStore((s) => (s.settings?.profile.role ?? 'agent') !== 'agent');
  const [tab, setTab] = useState<Tab>('live');
  useEffect(() => (supervisor ? attachSupervisorConsole() : undefined), [supervisor]);

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
        <AvailabilityButton />
        <button type="button" onClick={() => setShowDiagnosis((v) => !v)} aria-expanded={showDiagnosis}>
          Diagnosis
        </button>
        <button type="button" onClick={() => setShowSettings((v) => !v)} aria-expanded={showSettings}>
          Settings
        </button>
      </header>
      <Notices />
      {supervisor && (
        <nav className="console-tabs" role="tablist" aria-label="Console">
          {TABS.map(([id, label]) => (
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
          <SupervisorSignIn onDone={() => setShowSettings(false)} />
        </main>
      ) : supervisor && tab !== 'phone' ? (
        <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
          {/* A call ringing for the supervisor must never hide behind a tab. */}
          <div className="ringing-anywhere">
            <IncomingCall />
          </div>
          {tab === 'live' ? <LiveSessions /> : <Review />}
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
    </div>
  );
}
