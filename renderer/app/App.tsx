import { useState } from 'react';
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

export function App() {
  const loaded = useAppStore((s) => s.settings !== null);
  const account = useAppStore(selectPrimaryAccount);
  const profileName = useAppStore((s) => s.settings?.profile.name ?? '');
  const [showSettings, setShowSettings] = useState(false);
  const [showDiagnosis, setShowDiagnosis] = useState(false);

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
      {!account ? (
        <main className="setup">
          <FirstRun />
        </main>
      ) : showSettings ? (
        <main className="setup">
          <h2>Account settings</h2>
          <AccountForm onDone={() => setShowSettings(false)} />
          <DevicesPanel />
          <ConnectionTest />
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
